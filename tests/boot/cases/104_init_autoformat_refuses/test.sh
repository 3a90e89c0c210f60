# SUMMARY: rancher.state.autoformat lists a device holding a filesystem (the cidata ISO): it is refused with a message naming the iso9660 filesystem and its label, and the boot goes on from memory
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/sr0] rancher.state.wait"
TIMEOUT=900
