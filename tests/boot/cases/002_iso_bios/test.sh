# SUMMARY: the hybrid ISO boots on BIOS (SeaBIOS, El Torito): GRUB menu on serial, default entry loads kernel + initrd, the kernel runs /init
BOOT=iso
FIRMWARE=bios
TIMEOUT=240
# stop once the init has been started (or the init's first line is there)
STOP_ON='Run /init as init process|^InitOS'
