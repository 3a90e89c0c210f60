# SUMMARY: broken user-data on the cidata ISO → cloud-init-save reports the YAML error (with its line) and exits 1, the previous boot.yml stays, cloud-init-execute applies the previous config
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
TIMEOUT=240
