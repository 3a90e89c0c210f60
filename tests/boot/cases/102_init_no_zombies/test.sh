# SUMMARY: a process leaves 10,000 orphans (issue 12); PID 1 (the .NET runtime) reaps them: no zombies a second after they exit
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND=""
TIMEOUT=900
