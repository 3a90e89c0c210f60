# SUMMARY: kill -9 of the system dockerd: PID 1 restarts it with backoff and every default service is running again
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND=""
TIMEOUT=1200
