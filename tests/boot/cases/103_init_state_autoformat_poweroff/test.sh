# SUMMARY: a blank disk listed in rancher.state.autoformat is formatted and mounted as the state partition, `ros config set` lands on it, and `poweroff` with a user container running stops it, unmounts the state disk and powers off cleanly
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda] rancher.state.wait"
DISKS="2G"
TIMEOUT=1200
