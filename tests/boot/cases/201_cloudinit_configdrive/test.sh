# SUMMARY: an OpenStack config drive (label config-2, made by the guest on a blank disk) with datasource configdrive:/media/config-2 → hostname and SSH key from meta_data.json, write_files from user_data; the drive is mounted read-only only while read
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
DISKS="16M"
TIMEOUT=240
