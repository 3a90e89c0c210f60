#!/usr/bin/env bash
# Benchmark of the configuration engine: median wall time (process start to exit, 50 runs) of
# `ros config get rancher.network` and `ros config set` on the default os-config plus 20 layers, against
# the floor of starting any process (/bin/true) measured in the same run; the refusal of a hostile file
# (100,000 nested lists) by `ros config validate`, which the tests assert but do not time; and the binary size.
# usage: bench/config-bench.sh <path to initos> <results.md>
set -euo pipefail
bin=$(readlink -f "$1")
out=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-50}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root=$work/root
mkdir -p "$root/usr/share/ros" "$root/var/lib/rancher/conf/cloud-config.d" "$root/proc" "$work/bin"
cp "$repo/rootfs/overlay/usr/share/ros/os-config.yml" "$root/usr/share/ros/os-config.yml"
echo "BOOT_IMAGE=/vmlinuz console=ttyS0 rancher.state.dev=LABEL=RANCHER_STATE rancher.state.wait cc.hostname=bench" > "$root/proc/cmdline"
for i in $(seq -w 1 20); do
  cat > "$root/var/lib/rancher/conf/cloud-config.d/layer-$i.yml" <<YAML
rancher:
  environment:
    LAYER_$i: value-$i
  network:
    interfaces:
      eth$i:
        address: 10.0.$((10#$i)).2/24
        gateway: 10.0.$((10#$i)).1
        mtu: 1500
  services:
    svc-$i:
      image: example/svc:$i
      restart: always
      labels:
        io.rancher.os.scope: system
write_files:
- path: /etc/layer-$i
  permissions: "0644"
  content: |
    layer $i
YAML
done
ln -s "$bin" "$work/bin/ros"
export INITOS_ROOT=$root

json=$work/result.json
hyperfine -N --style none --warmup 5 --runs "$runs" --export-json "$json" \
  -n floor "/bin/true" \
  -n get "$work/bin/ros config get rancher.network" \
  -n set "$work/bin/ros config set rancher.environment.BENCH value" >/dev/null
# validate exits 1 on the refusal it is measured for
{ printf 'a: '; printf '[%.0s' $(seq 100000); printf ']%.0s' $(seq 100000); echo; } > "$work/deep.yml"
hyperfine -N -i --style none --warmup 2 --runs "$runs" --export-json "$work/hostile.json" \
  -n hostile "$work/bin/ros config validate -i $work/deep.yml" >/dev/null

median_ms() { jq -r --arg n "$1" '.results[] | select(.command==$n) | .median * 1000' "$json"; }
floor=$(median_ms floor); get=$(median_ms get); set=$(median_ms set)
hostile=$(jq -r '.results[0].median * 1000' "$work/hostile.json")
size=$(stat -c %s "$bin")
fmt() { LC_ALL=C printf '%.2f' "$1"; }
ratio() { LC_ALL=C awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", a / b }'; }
verdict() { LC_ALL=C awk -v v="$1" -v t="$2" 'BEGIN { print (v <= t) ? "met" : "missed" }'; }

mkdir -p "$(dirname "$out")"
tmp=$out.tmp
{
  echo "# Configuration engine benchmark"
  echo
  echo "Measured by \`make bench\` (bench/config-bench.sh) on $(date -u +%Y-%m-%d), $(nproc) cores, $runs runs each after 5 warm-ups,"
  echo "with hyperfine (no shell). Config: the shipped os-config.yml plus 20 layers in cloud-config.d and a kernel command line."
  echo "Host load average when measured: $(cut -d' ' -f1-3 /proc/loadavg) (on $(nproc) cores; the floor row shows what load does to any process start)."
  echo
  echo "| measurement | median | vs. floor | target |"
  echo "|---|---|---|---|"
  echo "| floor: start and exit of /bin/true | $(fmt "$floor") ms | 1.0x | |"
  echo "| \`ros config get rancher.network\` | $(fmt "$get") ms | $(ratio "$get" "$floor")x | <= 10 ms: $(verdict "$get" 10) |"
  echo "| \`ros config set rancher.environment.BENCH value\` (lock, atomic write, fsync) | $(fmt "$set") ms | $(ratio "$set" "$floor")x | |"
  echo "| \`ros config validate\` refusing 100,000 nested lists | $(fmt "$hostile") ms | $(ratio "$hostile" "$floor")x | < 1000 ms: $(verdict "$hostile" 999) |"
  echo "| binary size (out/bin/initos, stripped NativeAOT) | $(LC_ALL=C awk -v s="$size" 'BEGIN { printf "%.1f MB", s / 1048576 }') | | <= 20 MB: $(verdict "$size" 20971520) |"
} > "$tmp"
mv "$tmp" "$out"
cat "$out"
