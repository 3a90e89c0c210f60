# SUMMARY: install from the ISO to a blank disk and boot it: the live ISO leaves the blank disk alone, `ros install -d /dev/vda -c ... -a rancher.autologin=ttyS0 -f` (run by the ISO's cloud-config runcmd) writes GPT + GRUB + slot A + RANCHER_STATE; the next boot comes from the disk through GRUB (BIOS), with the install's kernel arguments and cloud-config, the state and boot partitions mounted, slot A committed, and the user engine answering
# LABELS: ci install
BOOT="iso disk"
FIRMWARE=bios
DISKS="3G"
BOOTS=2
TIMEOUT=1500
