# SUMMARY: the live ISO in 384 MiB (issue 10): the squashfs is read from the medium, every system service comes up and a user container runs (cloud-config runcmd imports busybox into the user engine and runs it)
# LABELS: init memory
BOOT=iso
FIRMWARE=bios
MEM=384
TIMEOUT=1500
STOP_ON='iso-user-container=|Starting the recovery console|Kernel panic'
