#!/usr/bin/env bash
# image-bench.sh OUT_MD: measures the OS image and writes OUT_MD (bench/results/image.md).
#  - sizes: vmlinuz, initrd (boot root + system squashfs), ISO, each system image, the unpacked boot tree
#  - guest uptime at which /init runs (kernel "Run /init as init process"; the init's first line), and the
#    engine milestones of tests/boot/cases/010_engine_system_images/guest.sh run as PID 1, on InitOS's
#    layout and on the shell-init baseline built here: everything in one gzip cpio, that script as /init
#  - time to repack the initrd (what a one-line C# change costs after the NativeAOT publish)
# Needs `make image` done (out/ and build/ filled). QEMU TCG, 2 vCPU, 1 GiB, as the boot tests.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
. tests/boot/lib.sh
. rootfs/lib/common.sh
md=${1:-bench/results/image.md}
OUT=${OUT:-$top/out} BUILD=${BUILD:-$top/build}
for f in "$OUT/vmlinuz" "$OUT/initrd" "$OUT/initos.iso" "$BUILD/system.cpio" "$BUILD/images-system.tar" "$BUILD/initrd-base.zst"; do
  [ -f "$f" ] || die "missing $f: run make image first"
done
load=$(cut -d' ' -f1-3 /proc/loadavg)
work=$(mktemp -d /tmp/initos-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
mb() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
size() { stat -c %s "$1"; }

# --- sizes
kernel=$(size "$OUT/vmlinuz") initrd=$(size "$OUT/initrd") iso=$(size "$OUT/initos.iso")
system=$(size "$BUILD/system.cpio") bootroot=$((initrd - system))
root_unpacked=$(du -sb --apparent-size "$BUILD/initrd-root" | cut -f1)
mkdir -p "$work/sys"
(cd "$work/sys" && cpio -i --quiet -d < "$BUILD/system.cpio")
sqfs=$work/sys${SYSTEM_SQFS}
sys_unpacked=$(unsquashfs -lls "$sqfs" | awk '$1 ~ /^-/ { s += $3 } END { print s }')
images_tar=$(size "$BUILD/images-system.tar")
layer() { size "$BUILD/images/layers/$1.tar"; }
base=$(layer base)

# --- boots
# boot NAME KERNEL INITRD APPEND REGEX TIMEOUT: boots until REGEX shows in the serial log (or timeout)
boot() {
  local name=$1 regex=$5 timeout=$6 pid t0
  KERNEL=$2 INITRD=$3 APPEND=$4 BOOT=kernel FIRMWARE=bios DISKS="" CIDATA="" SERIAL=$work/$name.log WORKDIR=$work
  : > "$SERIAL"
  qemu_argv
  t0=$(date +%s)
  "${QEMU[@]}" </dev/null >/dev/null 2>&1 & pid=$!
  while kill -0 $pid 2>/dev/null && ! grep -qaE "$regex" "$SERIAL" && [ $(( $(date +%s) - t0 )) -lt "$timeout" ]; do sleep 0.5; done
  sleep 1; kill $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
}
run_init_at() { grep -a 'Run .* as init process' "$1" | head -n1 | sed -E 's/^\[ *([0-9]+\.[0-9]{2}).*/\1/' || true; }
milestone() { grep -a "guest: $2 at uptime" "$1" | head -n1 | sed -E 's/.* at uptime ([0-9.]+)s.*/\1/' || true; }

inject() {  # inject INITRD OUT: INITRD plus the engine script as /initos-test/guest.sh
  mkdir -p "$work/inject/initos-test"
  install -m 0755 tests/boot/cases/010_engine_system_images/guest.sh "$work/inject/initos-test/guest.sh"
  cp "$1" "$2"
  (cd "$work/inject" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >> "$2"
}

# the shell-init baseline: the same files, unpacked, in one gzip cpio with the engine script as /init
log "building the shell-init baseline initramfs"
mkdir -p "$work/base-root"
cp -a "$BUILD/initrd-root/." "$work/base-root/"
unsquashfs -q -f -d "$work/base-root$SYSTEM_MNT" "$sqfs" >/dev/null
rm -f "$work/base-root/init"
install -m 0755 tests/boot/cases/010_engine_system_images/guest.sh "$work/base-root/init"
(cd "$work/base-root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | gzip -6 > "$work/baseline.gz"
baseline=$(size "$work/baseline.gz") baseline_unpacked=$(du -sb --apparent-size "$work/base-root" | cut -f1)
inject "$OUT/initrd" "$work/initos-engine.initrd"

args="console=ttyS0 panic=-1"
log "boot 1/5: InitOS kernel + initrd, /init as built"
boot init "$OUT/vmlinuz" "$OUT/initrd" "$args" 'Run /init as init process' 180
log "boot 2/5: InitOS initrd, shell PID 1 with quiet (the init's first line)"
boot quiet "$OUT/vmlinuz" "$work/initos-engine.initrd" "$args quiet rdinit=/initos-test/guest.sh INITOS_CASE=bench" 'init running at uptime' 180
log "boot 2b/5: the same with the crypto self-tests skipped"
boot notests "$OUT/vmlinuz" "$work/initos-engine.initrd" "$args quiet cryptomgr.notests initcall_blacklist=crypto_kdf108_init rdinit=/initos-test/guest.sh INITOS_CASE=bench" 'init running at uptime' 180
log "boot 3/5: InitOS initrd, the engine script as PID 1"
boot engine "$OUT/vmlinuz" "$work/initos-engine.initrd" "$args rdinit=/initos-test/guest.sh INITOS_CASE=bench" 'INITOS-TEST: (PASS|FAIL) bench' 900
log "boot 4/5: baseline (gzip, one cpio, shell /init)"
boot baseline "$OUT/vmlinuz" "$work/baseline.gz" "$args INITOS_CASE=bench" 'INITOS-TEST: (PASS|FAIL) bench' 900
log "boot 5/5: baseline with quiet"
boot baseline-quiet "$OUT/vmlinuz" "$work/baseline.gz" "$args quiet INITOS_CASE=bench" 'init running at uptime' 180

# --- repack time (after a C# change only the binary changes: the initrd is repacked, the rest is cached)
log "timing an initrd repack"
t0=$(date +%s.%N)
PERSONALITIES=$(cat "$BUILD/personalities.stamp") bash rootfs/build-initrd.sh pack "${INITOS_BIN:-$OUT/bin/initos}" \
  "$BUILD/initrd-base.zst" "$BUILD/system.cpio" "$(cat "$BUILD/version.stamp")" "$(kernel_version "$BUILD/boot-tree")" \
  "$work/repack.initrd" 2>/dev/null
repack=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')

row() { printf '| %s | %s | %s | %s | %s | %s |\n' "$@"; }
v() { local x; x=$(milestone "$1" "$2"); if [ -n "$x" ]; then echo "$x s"; else echo "—"; fi; }  # —: not reached
{
  echo "# Image benchmark"
  echo
  echo "Measured by \`bench/image-bench.sh\` (\`make image-bench\`, part of \`make bench\`) on $(date -u +%Y-%m-%d), version $(cat "$BUILD/version.stamp"),"
  echo "host load average at the start: $load (the 2 cores were shared with other builds and VMs: figures are upper bounds),"
  echo "kernel $(kernel_version "$BUILD/boot-tree"), QEMU $(qemu-system-x86_64 --version | sed -n '1s/.*version \([0-9.]*\).*/\1/p') TCG (no KVM), 2 vCPU, 1 GiB, host with $(nproc) cores."
  echo
  echo "## Sizes"
  echo
  echo "| artifact | size (MiB) | note |"
  echo "|---|---:|---|"
  echo "| out/vmlinuz | $(mb $kernel) | Debian trixie linux-image-amd64, unmodified |"
  echo "| out/initrd | $(mb $initrd) | zstd boot root and initos $(mb $bootroot) + uncompressed cpio with the system squashfs $(mb $system) |"
  echo "| **kernel + initrd** | **$(mb $((kernel + initrd)))** | target ≤ 110 MB (104.9 MiB) |"
  echo "| out/initos.iso | $(mb $iso) | hybrid BIOS + UEFI |"
  echo "| boot root, unpacked | $(mb $root_unpacked) | initos, glibc + libraries, modules, tools, busybox, /etc |"
  echo "| system squashfs, unpacked | $(mb $sys_unpacked) | engine binaries + the prepared image store |"
  echo "| **whole boot tree, unpacked** | **$(mb $((root_unpacked + sys_unpacked)))** | |"
  echo "| images-system.tar | $(mb $images_tar) | docker-archive, 3 images, 3 layers |"
  echo "| initos/os-base | $(mb $base) | the shared base layer |"
  for i in os-console os-docker; do
    echo "| initos/$i | $(mb $((base + $(layer $i)))) | base + own layer $(mb $(layer $i)) |"
  done
  echo "| shell-init baseline initramfs (gzip -6) | $(mb $baseline) | same files in one cpio, $(mb $baseline_unpacked) unpacked |"
  echo
  echo "## Boot: guest uptime in seconds"
  echo
  echo "\"/init runs\" is the kernel's \`Run /init as init process\` line; with \`quiet\` the kernel prints nothing, so"
  echo "it is PID 1's first line (the script prints /proc/uptime first thing). The engine milestones come from"
  echo "tests/boot/cases/010_engine_system_images/guest.sh run as PID 1 (DOCKER_RAMDISK=true dockerd, docker load of"
  echo "images-system.tar, os-base container, user dockerd in os-docker, busybox container in it)."
  echo
  echo "| milestone | InitOS initrd | shell-init baseline | issue's baseline (Debian 6.1 kernel) |"
  echo "|---|---:|---:|---:|"
  echo "| kernel runs /init | $(run_init_at "$work/init.log") s | $(run_init_at "$work/baseline.log") s | 4.8 s |"
  echo "| PID 1's first line, \`quiet\` | $(v "$work/quiet.log" 'init running') | $(v "$work/baseline-quiet.log" 'init running') | |"
  echo "| PID 1's first line, \`quiet cryptomgr.notests initcall_blacklist=crypto_kdf108_init\` | $(v "$work/notests.log" 'init running') | | |"
  echo "| modules loaded, system squashfs mounted | $(v "$work/engine.log" 'modules and system ready') | $(v "$work/baseline.log" 'modules and system ready') | |"
  echo "| dockerd answering | $(v "$work/engine.log" 'dockerd answering') | $(v "$work/baseline.log" 'dockerd answering') | 12.5 s |"
  echo "| system images loaded | $(v "$work/engine.log" 'images loaded') | $(v "$work/baseline.log" 'images loaded') | |"
  echo "| first container output | $(v "$work/engine.log" 'first container output') | $(v "$work/baseline.log" 'first container output') | 19.3 s |"
  echo "| nested (user) dockerd answering | $(v "$work/engine.log" 'nested dockerd answering') | $(v "$work/baseline.log" 'nested dockerd answering') | 31.1 s |"
  echo "| first container in it | $(v "$work/engine.log" 'first nested container') | $(v "$work/baseline.log" 'first nested container') | 39.0 s |"
  echo
  echo "## Build"
  echo
  echo "| step | seconds |"
  echo "|---|---:|"
  echo "| repack the initrd after a binary change (\`build-initrd.sh pack\`; boot root, squashfs and images cached) | $repack |"
} > "$md.tmp"
notes=${BUILD_NOTES:-bench/results/image-build.md}
[ ! -f "$notes" ] || { echo; cat "$notes"; } >> "$md.tmp"
mv "$md.tmp" "$md"
log "wrote $md"
