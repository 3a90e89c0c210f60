# SUMMARY: network metadata services configured but nothing answers (no network) → cloud-init-save gives up within 10 s and keeps the saved config; with no datasource and no labelled volume it is done at once
BOOT=kernel
FIRMWARE=bios
APPEND="rdinit=/initos-test/guest.sh"
TIMEOUT=240
