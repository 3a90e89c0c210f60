#!/bin/sh
# The bench's test hook: run by initos (PID 1, rancher.test=true) once booted. Waits for every default
# service and the user engine, runs a container in it, prints the milestones and memory figures, powers off.
ms() { awk '{printf "%d", $1 * 1000}' /proc/uptime; }
for s in udev syslog network ntp acpid console docker; do
  i=0
  until [ "$(system-docker inspect -f '{{.State.Status}}' "$s" 2>/dev/null)" = running ]; do
    i=$((i + 1)); [ $i -lt 600 ] || { echo "INITOS-TEST: FAIL bench (service $s)"; poweroff; exit 1; }; sleep 0.5
  done
done
echo "initos-boot mark=all-services-running at_ms=$(ms)"
i=0
until docker version >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 1800 ] || { echo "INITOS-TEST: FAIL bench (user engine)"; poweroff; exit 1; }; sleep 0.2
done
echo "initos-boot mark=user-engine-ready at_ms=$(ms)"
mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/busybox && tar -C /tmp/bb -c . | docker import - bench/busybox >/dev/null
out=$(docker run --rm bench/busybox /busybox echo first-user-container)
echo "initos-boot mark=first-user-container at_ms=$(ms) output=$out"
echo "bench: pid1_rss_kib=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' /proc/1/status)"
echo "bench: mem_used_kib=$(awk '/^MemTotal:/ {t=$2} /^MemAvailable:/ {a=$2} END {print t - a}' /proc/meminfo)"
if [ "$out" = first-user-container ]; then echo "INITOS-TEST: PASS bench"; else echo "INITOS-TEST: FAIL bench"; fi
poweroff
