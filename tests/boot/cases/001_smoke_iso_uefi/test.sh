# SUMMARY: the hybrid ISO boots on UEFI (OVMF): GRUB menu on serial, default entry loads kernel + initrd, the kernel runs /init
# LABELS: smoke
BOOT=iso
FIRMWARE=uefi
TIMEOUT=240
# stop once the init has been started (or the init's first line is there)
STOP_ON='Run /init as init process|^InitOS'
