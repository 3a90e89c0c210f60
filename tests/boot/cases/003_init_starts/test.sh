# SUMMARY: kernel + initrd with the real init: the kernel runs /init (initos) and its first line says InitOS is starting as PID 1
BOOT=kernel
FIRMWARE=bios
DISKS="1G"
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda]"
TIMEOUT=300
STOP_ON='InitOS [^ ]+ started in|Kernel panic'
