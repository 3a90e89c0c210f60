#!/bin/sh
# The bench's test hook: run by initos (PID 1, rancher.test=true) once booted. Imports a tiny image (busybox)
# into the user engine and runs it as soon as the engine answers, waits for every default service, prints the
# milestones and memory figures, powers off.
ms() { awk '{printf "%d", $1 * 1000}' /proc/uptime; }
i=0
until docker version >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 1800 ] || { echo "INITOS-TEST: FAIL bench (user engine)"; poweroff; exit 1; }; sleep 0.1
done
mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/busybox && tar -C /tmp/bb -c . | docker import - bench/busybox >/dev/null
out=$(docker run --rm bench/busybox /busybox echo first-user-container)
echo "initos-boot mark=first-user-container at_ms=$(ms) output=$out"
for s in udev syslog network ntp acpid console docker; do
  i=0
  until [ "$(system-docker inspect -f '{{.State.Status}}' "$s" 2>/dev/null)" = running ]; do
    i=$((i + 1)); [ $i -lt 600 ] || { echo "INITOS-TEST: FAIL bench (service $s)"; poweroff; exit 1; }; sleep 0.5
  done
done
echo "initos-boot mark=all-services-running at_ms=$(ms)"
echo "bench: pid1_rss_kib=$(sed -n 's/^VmRSS:[^0-9]*\([0-9]*\).*/\1/p' /proc/1/status)"
echo "bench: mem_used_kib=$(awk '/^MemTotal:/ {t=$2} /^MemAvailable:/ {a=$2} END {print t - a}' /proc/meminfo)"
grep -E '^(MemTotal|MemFree|MemAvailable|Cached|Shmem|AnonPages|Active\(file\)|Inactive\(file\)|Unevictable|Slab|SReclaimable|KernelStack|PageTables):' /proc/meminfo | sed 's/^/bench-meminfo: /'
grep -E '^(VmRSS|RssAnon|RssFile|RssShmem):' /proc/1/status | sed 's/^/bench-pid1: /'
# where the private memory is: every process's RssAnon (KiB), largest first
for f in /proc/[0-9]*/status; do awk '/^Name:/ {n=$2} /^RssAnon:/ {print $2, n}' "$f" 2>/dev/null; done | sort -rn | head -n 20 | sed 's/^/bench-anon: /'
echo "bench: shims=$(for f in /proc/[0-9]*/comm; do cat "$f" 2>/dev/null; done | grep -c '^containerd-shim')"
if [ "$out" = first-user-container ]; then echo "INITOS-TEST: PASS bench"; else echo "INITOS-TEST: FAIL bench"; fi
poweroff
