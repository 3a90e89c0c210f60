# SUMMARY: the system services do their job: a disk hot-added through QEMU's QMP shows up under /dev/disk/by-label, by-uuid and by-id and mounts by label (udev); logger in the console reaches /var/log/syslog (syslog); the ACPI power button powers the host off cleanly (acpid), services stopped and disks unmounted
# LABELS: services
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda] rancher.state.wait"
DISKS="1G"
QMP=1
TIMEOUT=900
