# SUMMARY: a NoCloud cidata ISO (no datasource configured: found by label) → cloud-init-save and cloud-init-execute set the hostname, rancher's SSH key (0600 in 0700 .ssh), write_files with their modes, runcmd
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
TIMEOUT=240
