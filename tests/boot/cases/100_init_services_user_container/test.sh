# SUMMARY: /init is initos: boots to the system engine with every default service up (one-shots done, volume containers created), the nested user engine answers on /var/run/docker.sock and `docker run` in it prints its output
# LABELS: init
BOOT=kernel
FIRMWARE=bios
APPEND=""
TIMEOUT=900
