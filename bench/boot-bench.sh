#!/usr/bin/env bash
# boot-bench.sh [OUT_MD]: InitOS's boot against the hand-written minimum, booted interleaved in one run
# (ROUNDS, default 3: InitOS, minimum, InitOS, minimum, ...), same kernel, same boot root, same engine binaries,
# each engine loading only a tiny image; medians and per-round ratios into OUT_MD (default bench/results/boot.md).
#  - InitOS: out/vmlinuz + out/initrd with bench/boot-guest.sh injected as the test hook (rancher.test=true);
#    milestones from the serial log (`initos-boot mark=` lines of PID 1 and of the hook), PID 1 RSS, used memory
#  - minimum: InitOS's initrd (the same boot root and system squashfs) with bench/minimum-init.sh as /init
#  - then the smallest -m (MiB) of BENCH_MEMS (default "512 384 320") that still runs InitOS's user container
# Guest seconds of uptime. QEMU TCG, 2 vCPU, 1024 MiB, kernel + initrd boots. Needs `make image` (out/, build/).
# KEEP_LOGS=DIR keeps the serial logs; BENCH_LOGS=DIR writes the report from such logs without booting.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/boot/lib.sh
. rootfs/lib/common.sh
md=${1:-bench/results/boot.md}
rounds=${ROUNDS:-3}
OUT=${OUT:-$top/out} BUILD=${BUILD:-$top/build}
for f in "$OUT/vmlinuz" "$OUT/initrd"; do [ -f "$f" ] || die "missing $f: run make image first"; done
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
  # a verdict, or a boot that cannot give one (the initramfs did not unpack, the recovery console, a panic)
  while kill -0 $pid 2>/dev/null && ! grep -qaE 'INITOS-TEST: (PASS|FAIL) bench|Initramfs unpacking failed|Starting the recovery console|Kernel panic' "$SERIAL" \
    && [ $(( $(date +%s) - t0 )) -lt 1200 ]; do sleep 1; done
  sleep 2; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
  log "  $name: $(grep -aoE 'INITOS-TEST: (PASS|FAIL) bench|Initramfs unpacking failed|Starting the recovery console|Kernel panic' "$SERIAL" | head -n1 || echo 'no verdict') after $(( $(date +%s) - t0 )) s"
}
# mark LOG NAME: seconds of uptime of `initos-boot mark=NAME at_ms=N` (the console copy, not kmsg's)
# (a boot without the line gives an empty figure, never a failure of the report)
mark() { { grep -a "^initos-boot mark=$2 " "$1" || true; } | head -n1 | sed -E 's/.* at_ms=([0-9]+).*/\1/' | awk '{ if ($1 != "") printf "%.1f", $1 / 1000 }'; }
milestone() { { grep -a "guest: $2 at uptime" "$1" || true; } | head -n1 | sed -E 's/.* at uptime ([0-9.]+)s.*/\1/' | awk '{ if ($1 != "") printf "%.1f", $1 }'; }
field() { { grep -a "bench: $2=" "$1" || true; } | head -n1 | sed -E "s/.*$2=([0-9]+).*/\1/"; }
passed() { grep -qa 'INITOS-TEST: PASS bench' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }
median() { tr ' ' '\n' | { grep -E '^[0-9.]+$' || true; } | sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print ""; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

inject() {  # inject INITRD SCRIPT OUT
  rm -rf "$work/inject" && mkdir -p "$work/inject/initos-test"
  install -m 0755 "$2" "$work/inject/initos-test/guest.sh"
  cp "$1" "$3"
  (cd "$work/inject" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >> "$3"
}
if [ -n "${BENCH_LOGS:-}" ]; then
  # the report only, from the serial logs of an earlier run (KEEP_LOGS): no boot
  cp "$BENCH_LOGS"/*.log "$work"/
  smallest="" tried=""
  for m in ${BENCH_MEMS:-512 384 320}; do
    [ -f "$work/initos-m$m.log" ] || break
    tried="$tried $m"
    if passed "$work/initos-m$m.log"; then smallest=$m; else break; fi
  done
else
  inject "$OUT/initrd" bench/boot-guest.sh "$work/initos.initrd"

  log "building the minimum's initrd: InitOS's own, with bench/minimum-init.sh appended as /init"
  rm -rf "$work/inject" && mkdir -p "$work/inject"
  install -m 0755 bench/minimum-init.sh "$work/inject/init"
  cp "$OUT/initrd" "$work/minimum.initrd"
  # a later member replaces an earlier one of the same name: /init is the script, the rest is byte for byte InitOS's
  (cd "$work/inject" && echo init | cpio -o -H newc -R 0:0 --quiet) >> "$work/minimum.initrd"

  args="console=ttyS0 panic=-1 cryptomgr.notests"
  for r in $(seq 1 "$rounds"); do
    log "round $r of $rounds: InitOS (initos as PID 1), then the minimum, 1024 MiB"
    boot "initos-$r" "$OUT/vmlinuz" "$work/initos.initrd" "$args rancher.test=true" 1024
    boot "minimum-$r" "$OUT/vmlinuz" "$work/minimum.initrd" "$args" 1024
  done
  smallest="" tried=""
  for m in ${BENCH_MEMS:-512 384 320}; do
    log "InitOS with -m $m"
    boot "initos-m$m" "$OUT/vmlinuz" "$work/initos.initrd" "$args rancher.test=true" "$m"
    tried="$tried $m"
    if passed "$work/initos-m$m.log"; then smallest=$m; else break; fi
  done

fi
if [ -n "${KEEP_LOGS:-}" ]; then mkdir -p "$KEEP_LOGS" && cp "$work"/*.log "$KEEP_LOGS"/; fi
# per-round figures: i_<name>[r], m_<name>[r]
declare -A I M
for r in $(seq 1 "$rounds"); do
  L=$work/initos-$r.log B=$work/minimum-$r.log
  I[pid1,$r]=$(mark "$L" init-start); I[engine,$r]=$(mark "$L" system-engine-ready); I[services,$r]=$(mark "$L" services-up)
  I[running,$r]=$(mark "$L" all-services-running); I[user,$r]=$(mark "$L" user-engine-ready); I[first,$r]=$(mark "$L" first-user-container)
  I[rss,$r]=$(field "$L" pid1_rss_kib); I[used,$r]=$(field "$L" mem_used_kib)
  M[pid1,$r]=$(milestone "$B" "init running"); M[engine,$r]=$(milestone "$B" "dockerd answering")
  M[user,$r]=$(milestone "$B" "nested dockerd answering"); M[first,$r]=$(milestone "$B" "first nested container")
  M[used,$r]=$(field "$B" mem_used_kib)
  I[pass,$r]=$(passed "$L" && echo PASS || echo FAIL); M[pass,$r]=$(passed "$B" && echo PASS || echo FAIL)
done
med() { local -n t=$1; local k=$2 r v=""; for r in $(seq 1 "$rounds"); do v="$v ${t[$k,$r]:-}"; done; echo "$v" | median; }
rounds_of() { local k=$1 r out=""; for r in $(seq 1 "$rounds"); do out="$out${out:+, }$(ratio "${I[$k,$r]:-}" "${M[$k,$r]:-}")"; done; echo "$out"; }
row() {  # row TITLE KEY [minimum has it]
  local mi; mi=$(med I "$2")
  if [ "${3:-yes}" = yes ]; then
    local mm; mm=$(med M "$2")
    echo "| $1 | ${mi:-n/a} | ${mm:-n/a} | $(ratio "$mi" "$mm") | $(rounds_of "$2") |"
  else
    echo "| $1 | ${mi:-n/a} | — | | |"
  fi
}
mib() { awk -v k="$1" 'BEGIN { if (k != "") printf "%.1f MiB", k / 1024; else print "n/a" }'; }
mkdir -p "$(dirname "$md")"
{
  echo "# Boot benchmark (bench/boot-bench.sh)"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) host cores (load average before: $(cut -d' ' -f1-3 /proc/loadavg)), QEMU TCG (no KVM),"
  echo "2 vCPU, 1024 MiB, kernel + initrd boots of the same kernel, boot root and engine binaries, $rounds rounds interleaved"
  echo "(InitOS, minimum, InitOS, ...). Seconds of guest uptime, medians; ratio = InitOS / minimum."
  echo "Verdicts: InitOS $(for r in $(seq 1 "$rounds"); do printf '%s ' "${I[pass,$r]}"; done); minimum $(for r in $(seq 1 "$rounds"); do printf '%s ' "${M[pass,$r]}"; done)."
  echo
  echo "| milestone | InitOS | minimum | ratio | per round |"
  echo "|---|---|---|---|---|"
  row "PID 1's first line" pid1
  row "system engine ready" engine
  row "all system services up (PID 1's orchestrator done)" services no
  row "all system services running" running no
  row "user engine ready" user
  row "first user container output" first
  echo
  echo "| figure | InitOS | minimum |"
  echo "|---|---|---|"
  echo "| PID 1 RSS after boot (median) | $(mib "$(med I rss)") | |"
  echo "| used memory after boot, MemTotal − MemAvailable (median) | $(mib "$(med I used)") | $(mib "$(med M used)") |"
  echo "| smallest -m of \`${BENCH_MEMS:-512 384 320}\` that runs a user container (tried:$tried) | $([ -n "$smallest" ] && echo "$smallest MiB" || echo "none of them") | |"
  echo
  echo "The minimum is bench/minimum-init.sh as /init of InitOS's own initrd: a busybox shell that mounts, loads the engines'"
  echo "modules, mounts the system squashfs, starts containerd and dockerd, imports and runs a tiny busybox image, starts a nested dockerd in a"
  echo "privileged container of it, imports and runs it there. Nothing else. InitOS also brings up udev, syslog,"
  echo "network, ntp, acpid and the console, reads its configuration and supervises; its bench hook"
  echo "(bench/boot-guest.sh) imports and runs the same tiny image in the user engine once the boot is done."
  echo
  echo "InitOS's boot steps, medians over the rounds (ms of uptime; \`initos-boot step=\` lines):"
  echo
  echo "| step | start | duration |"
  echo "|---|---|---|"
  for s in $({ grep -ah '^initos-boot step=' "$work"/initos-[0-9]*.log || true; } | sed -E 's/^initos-boot step=([^ ]+).*/\1/' | awk '!seen[$0]++'); do
    # the first line of the step in each log (kmsg's copy may interleave with the console's)
    lines=$(for l in "$work"/initos-[0-9]*.log; do { grep -aoE "initos-boot step=$s start_ms=[0-9]+ dur_ms=[0-9]+" "$l" || true; } | head -n1; done)
    st=$(echo "$lines" | sed -E 's/.* start_ms=([0-9]+).*/\1/' | tr '\n' ' ' | median)
    du=$(echo "$lines" | sed -E 's/.* dur_ms=([0-9]+).*/\1/' | tr '\n' ' ' | median)
    echo "| $s | $st | $du |"
  done
  echo
  echo "Round 1's InitOS engine and boot lines:"
  echo
  echo '```'
  grep -aE '^initos-boot (step|mark)=|Started system-(containerd|docker)|Grafted' "$work/initos-1.log" | head -n 60 || true
  echo '```'
} > "$md.tmp"
mv -f "$md.tmp" "$md"
log "wrote $md"
