# SUMMARY: on a state disk booted twice: a configured user logs in at a getty (ttyS1) with her password, `rancher` with an empty password is refused, `sudo poweroff` powers the host off cleanly, and the SSH host key is the same on the second boot
# LABELS: init config
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda] rancher.state.wait"
DISKS="2G"
BOOTS=2
TIMEOUT=2400
