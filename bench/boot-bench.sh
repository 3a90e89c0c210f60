#!/usr/bin/env bash
# boot-bench.sh [OUT_MD]: the boot timeline of InitOS (initos as PID 1) against the shell-init baseline,
# measured in the same run, written to OUT_MD (default bench/results/boot.md).
#  - InitOS: out/vmlinuz + out/initrd with bench/boot-guest.sh injected as the test hook; milestones from
#    the serial log: kernel start (0) -> PID 1's first line (mark=init-start) -> system engine ready ->
#    all system services up -> user engine ready -> first user container output; PID 1 RSS and used memory
#  - baseline: the same files in one cpio with tests/boot/cases/010_engine_system_images/guest.sh as /init
#    (busybox shell: modules, squashfs, dockerd, images, a nested dockerd, a container in it)
#  - the smallest -m (MiB) of BENCH_MEMS (default "512 384 320") that still runs the user container
# Needs `make image` done (out/ and build/). QEMU TCG, 2 vCPU; each boot takes minutes.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/boot/lib.sh
. rootfs/lib/common.sh
md=${1:-bench/results/boot.md}
OUT=${OUT:-$top/out} BUILD=${BUILD:-$top/build}
for f in "$OUT/vmlinuz" "$OUT/initrd" "$BUILD/system.cpio"; do [ -f "$f" ] || die "missing $f: run make image first"; done
[ -d "$BUILD/initrd-root" ] || die "missing $BUILD/initrd-root: run make image first"
work=$(mktemp -d /tmp/initos-boot-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT

# boot NAME KERNEL INITRD APPEND MEM: boots until a verdict line (or 1200 s), serial log in $work/NAME.log
boot() {
  local name=$1 pid t0
  KERNEL=$2 INITRD=$3 APPEND=$4 MEM=$5 BOOT=kernel FIRMWARE=bios DISKS="" CIDATA="" SERIAL=$work/$name.log WORKDIR=$work
  : > "$SERIAL"
  qemu_argv
  t0=$(date +%s)
  "${QEMU[@]}" </dev/null >/dev/null 2>&1 & pid=$!
  while kill -0 $pid 2>/dev/null && ! grep -qaE 'INITOS-TEST: (PASS|FAIL) bench' "$SERIAL" && [ $(( $(date +%s) - t0 )) -lt 1200 ]; do sleep 1; done
  sleep 2; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
}
# mark LOG NAME: seconds of uptime of `initos-boot mark=NAME at_ms=N` (the console copy, not kmsg's)
mark() { grep -a "^initos-boot mark=$2 " "$1" | head -n1 | sed -E 's/.* at_ms=([0-9]+).*/\1/' | awk '{ if ($1 != "") printf "%.1f", $1 / 1000 }'; }
milestone() { grep -a "guest: $2 at uptime" "$1" | head -n1 | sed -E 's/.* at uptime ([0-9.]+)s.*/\1/'; }
field() { grep -a "bench: $2=" "$1" | head -n1 | sed -E "s/.*$2=([0-9]+).*/\1/"; }
passed() { grep -qa 'INITOS-TEST: PASS bench' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

inject() {  # inject INITRD SCRIPT OUT
  rm -rf "$work/inject" && mkdir -p "$work/inject/initos-test"
  install -m 0755 "$2" "$work/inject/initos-test/guest.sh"
  cp "$1" "$3"
  (cd "$work/inject" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >> "$3"
}
inject "$OUT/initrd" bench/boot-guest.sh "$work/initos.initrd"

log "building the shell-init baseline initramfs"
mkdir -p "$work/sys" "$work/base-root"
(cd "$work/sys" && cpio -i --quiet -d < "$BUILD/system.cpio")
cp -a "$BUILD/initrd-root/." "$work/base-root/"
unsquashfs -q -f -d "$work/base-root$SYSTEM_MNT" "$work/sys$SYSTEM_SQFS" >/dev/null
rm -f "$work/base-root/init"
install -m 0755 tests/boot/cases/010_engine_system_images/guest.sh "$work/base-root/init"
(cd "$work/base-root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$work/baseline.gz"

args="console=ttyS0 panic=-1 cryptomgr.notests"
log "boot 1: InitOS (initos as PID 1), 1024 MiB"
boot initos "$OUT/vmlinuz" "$work/initos.initrd" "$args rancher.test=true" 1024
log "boot 2: shell-init baseline, 1024 MiB"
boot baseline "$OUT/vmlinuz" "$work/baseline.gz" "$args INITOS_CASE=bench" 1024
smallest=""
for m in ${BENCH_MEMS:-512 384 320}; do
  log "boot: InitOS with -m $m"
  boot "initos-$m" "$OUT/vmlinuz" "$work/initos.initrd" "$args rancher.test=true" "$m"
  if passed "$work/initos-$m.log"; then smallest=$m; else break; fi
done

L=$work/initos.log B=$work/baseline.log
i_pid1=$(mark "$L" init-start) i_engine=$(mark "$L" system-engine-ready) i_services=$(mark "$L" services-up)
i_running=$(mark "$L" all-services-running) i_user=$(mark "$L" user-engine-ready) i_first=$(mark "$L" first-user-container)
b_pid1=$(milestone "$B" "init running") b_engine=$(milestone "$B" "dockerd answering") b_user=$(milestone "$B" "nested dockerd answering")
b_first=$(milestone "$B" "first nested container")
rss=$(field "$L" pid1_rss_kib) used=$(field "$L" mem_used_kib)
mkdir -p "$(dirname "$md")"
{
  echo "# Boot benchmark (bench/boot-bench.sh)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) host cores, QEMU TCG (no KVM), 2 vCPU, 1024 MiB, kernel + initrd boot."
  echo "Seconds of guest uptime from the serial log; InitOS $(passed "$L" && echo passed || echo FAILED), baseline $(passed "$B" && echo passed || echo FAILED)."
  echo
  echo "| milestone | InitOS | shell-init baseline | InitOS / baseline |"
  echo "|---|---|---|---|"
  echo "| PID 1's first line | ${i_pid1:-n/a} | ${b_pid1:-n/a} | $(ratio "$i_pid1" "$b_pid1") |"
  echo "| system engine ready | ${i_engine:-n/a} | ${b_engine:-n/a} | $(ratio "$i_engine" "$b_engine") |"
  echo "| all system services up (PID 1's orchestrator done) | ${i_services:-n/a} | — | |"
  echo "| all system services running | ${i_running:-n/a} | — | |"
  echo "| user engine ready | ${i_user:-n/a} | ${b_user:-n/a} | $(ratio "$i_user" "$b_user") |"
  echo "| first user container output | ${i_first:-n/a} | ${b_first:-n/a} | $(ratio "$i_first" "$b_first") |"
  echo
  echo "| figure | InitOS |"
  echo "|---|---|"
  echo "| PID 1 RSS after boot | $(awk -v k="$rss" 'BEGIN { if (k != "") printf "%.1f MiB", k / 1024; else print "n/a" }') |"
  echo "| used memory after boot (MemTotal - MemAvailable) | $(awk -v k="$used" 'BEGIN { if (k != "") printf "%.0f MiB", k / 1024; else print "n/a" }') |"
  echo "| smallest -m of \`${BENCH_MEMS:-512 384 320}\` that runs a user container | $([ -n "$smallest" ] && echo "$smallest MiB" || echo "none of them") |"
  echo
  echo "The baseline is tests/boot/cases/010_engine_system_images/guest.sh as /init: it loads the images and starts"
  echo "dockerd and a nested dockerd, nothing else; InitOS also brings up udev, syslog, network, ntp, acpid and the console."
  echo
  echo "InitOS step timings (initos-boot step lines):"
  echo
  echo '```'
  grep -a '^initos-boot step=' "$L" || true
  echo '```'
} > "$md.tmp"
mv -f "$md.tmp" "$md"
log "wrote $md"
