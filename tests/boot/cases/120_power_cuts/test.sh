# SUMMARY: power cuts: QEMU is killed without a shutdown (QMP quit) at seeded random moments, during the services' start-up or during a loop of `ros config set` while a user container writes heavily; every boot that follows reaches the console (console running, sshd answering) from the system engine on the state disk, and `ros config get` holds a value no lower than the last acknowledged set in a file `ros config validate` passes; the last boot powers off cleanly
# LABELS: ci reliability
# POWER_CUTS (default 2) cuts, so POWER_CUTS + 1 boots on the same disk; POWER_CUTS_SEED fixes the random
# moments (the seed is printed either way). `POWER_CUTS=100 bash tests/boot/run-case.sh tests/boot/cases/120_power_cuts`
# for a long run; the figures go to bench/results/reliability.md by hand.
BOOT=kernel
FIRMWARE=bios
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda] rancher.state.wait"
DISKS="2G"
QMP=1
export POWER_CUTS=${POWER_CUTS:-2}
BOOTS=$((POWER_CUTS + 1))
# TIMEOUT covers the whole case: the first boot (format, image load: ~3 min under TCG), then up to ~5 min a boot
TIMEOUT=$((600 + POWER_CUTS * 330))
