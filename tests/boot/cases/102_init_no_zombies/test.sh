# SUMMARY: a process leaves 1,000 orphans; PID 1 (the .NET runtime) reaps them: no zombies a second after they exit
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND=""
TIMEOUT=900
