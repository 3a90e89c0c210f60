#!/usr/bin/env bash
# kernel-args-bench.sh [ROUNDS] [OUT_MD]: what the kernel's own start costs under the default arguments and what
# cryptomgr.notests (no crypto self-tests) saves, and with it initcall_blacklist=crypto_kdf108_init (the SP800-108
# KDF's built-in self-test, which runs whatever notests says), measured interleaved in one run (ROUNDS rounds,
# default 3).
# Each boot is out/vmlinuz + out/initrd (initos as PID 1, no disk, -nic none) and ends once PID 1 logs its
# mount-system step; from the serial log:
#   init_s     guest uptime of "Run /init as init process" (the kernel's whole start)
#   modules_ms PID 1's load-modules step (one modprobe -a of the boot modules: decompression and signature checks)
#   system_s   guest uptime at the end of mount-system (the system image mounted)
# QEMU runs with -icount shift=0,sleep=off (ICOUNT=0 turns it off): the guest clock then counts executed
# instructions (1 ns each), not host time, so a busy host does not move the figures; they compare variants, they
# are not seconds a user waits. Writes a table to OUT_MD (default bench/results/kernel-args.md). Needs `make image`
# done (out/).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/boot/lib.sh
rounds=${1:-3}
md=${2:-bench/results/kernel-args.md}
OUT=${OUT:-$top/out}
for f in "$OUT/vmlinuz" "$OUT/initrd"; do [ -f "$f" ] || { echo "missing $f: run make image first" >&2; exit 1; }; done
work=$(mktemp -d /tmp/initos-kargs.XXXXXX)
trap 'rm -rf "$work"' EXIT
base="console=ttyS0 printk.devkmsg=on panic=-1"
declare -A variant=([default]="$base" [notests]="$base cryptomgr.notests"
  [notests-kdf]="$base cryptomgr.notests initcall_blacklist=crypto_kdf108_init")
order=(default notests notests-kdf)

# boot NAME APPEND: until mount-system's step line (or 600 s); the serial log is $work/NAME.log
boot() {
  local pid t0
  KERNEL=$OUT/vmlinuz INITRD=$OUT/initrd APPEND=$2 MEM=1024 BOOT=kernel FIRMWARE=bios DISKS="" CIDATA="" SERIAL=$work/$1.log WORKDIR=$work
  : > "$SERIAL"
  qemu_argv
  [ "${ICOUNT:-1}" = 0 ] || QEMU+=(-icount shift=0,sleep=off)
  t0=$(date +%s)
  "${QEMU[@]}" </dev/null >/dev/null 2>&1 & pid=$!
  while kill -0 $pid 2>/dev/null && ! grep -qa '^initos-boot step=mount-system ' "$SERIAL" && [ $(( $(date +%s) - t0 )) -lt 600 ]; do sleep 0.5; done
  kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
}
init_s() { grep -a 'Run /init as init process' "$1" | head -n1 | sed -E 's/^\[ *([0-9.]+)\].*/\1/'; }
step() {  # step LOG NAME FIELD: start_ms or dur_ms of PID 1's step line
  grep -a "^initos-boot step=$2 " "$1" | head -n1 | sed -E "s/.* $3=([0-9]+).*/\1/"
}
median() { sort -n | awk '{ a[NR] = $1 } END { if (NR == 0) print "n/a"; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

declare -A rows
for r in $(seq 1 "$rounds"); do
  for v in "${order[@]}"; do
    echo "round $r: $v" >&2
    boot "$v.$r" "${variant[$v]}"
    log=$work/$v.$r.log
    i=$(init_s "$log"); m=$(step "$log" load-modules dur_ms)
    s=$(step "$log" mount-system start_ms); d=$(step "$log" mount-system dur_ms)
    sys=$(awk -v s="$s" -v d="$d" 'BEGIN { if (s != "") printf "%.2f", (s + d) / 1000; }')
    rows[$v.$r]="$i $m $sys"
    echo "  init_s=$i modules_ms=$m system_s=$sys" >&2
  done
done

{
  echo "# Kernel start: default arguments against cryptomgr.notests (and the KDF self-test skipped)"
  echo
  echo "\`bash bench/kernel-args-bench.sh $rounds\` on $(date -u +%Y-%m-%d), $(nproc) host cores, QEMU TCG, 2 vCPU, 1024 MiB,"
  echo "kernel $(file -b "$OUT/vmlinuz" | sed -E 's/.*version ([^ ]+).*/\1/'), initos as PID 1, no disk. Interleaved: each round boots"
  if [ "${ICOUNT:-1}" = 0 ]; then
    echo "each variant one after the other. Times are guest uptime, which follows host time under TCG: a busy host moves them."
  else
    echo 'each variant one after the other. `-icount shift=0,sleep=off`: times are executed instructions at 1 ns each, the same'
    echo "on a busy host; they compare the variants and are not the seconds a user waits."
  fi
  echo
  echo "| round | variant | Run /init (s) | load-modules (ms) | system image mounted (s) |"
  echo "|---|---|---|---|---|"
  for r in $(seq 1 "$rounds"); do
    for v in "${order[@]}"; do
      read -r i m s <<<"${rows[$v.$r]}"
      echo "| $r | $v | ${i:-n/a} | ${m:-n/a} | ${s:-n/a} |"
    done
  done
  echo
  echo "| variant | median Run /init (s) | median load-modules (ms) | median system image mounted (s) |"
  echo "|---|---|---|---|"
  for v in "${order[@]}"; do
    mi=$(for r in $(seq 1 "$rounds"); do read -r i _ _ <<<"${rows[$v.$r]}"; echo "$i"; done | grep . | median)
    mm=$(for r in $(seq 1 "$rounds"); do read -r _ m _ <<<"${rows[$v.$r]}"; echo "$m"; done | grep . | median)
    ms=$(for r in $(seq 1 "$rounds"); do read -r _ _ s <<<"${rows[$v.$r]}"; echo "$s"; done | grep . | median)
    echo "| $v | $mi | $mm | $ms |"
  done
} > "$md"
cat "$md"
