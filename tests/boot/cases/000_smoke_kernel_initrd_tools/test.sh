# SUMMARY: kernel + initrd boot (BIOS) with busybox as PID 1: modules load, system squashfs mounts, engine binaries, iptables-nft, mkfs.ext4/blkid, images archive and config are in place
# LABELS: smoke
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
DISKS="64M"
TIMEOUT=150
