#!/usr/bin/env bash
# network-bench.sh INITOS_BIN OUT_MD [LINKS] [ROUNDS]: how long netconf takes to configure LINKS static links
# (address, MTU, up; user DNS into resolv.conf) in a fresh network namespace, from process start to its
# "Network configured" line, against a baseline: a shell script issuing the same iproute2 commands by hand.
# Both run ROUNDS times, interleaved, each on freshly created veth links. Needs root and iproute2.
set -euo pipefail
bin=$(realpath "${1:?usage: network-bench.sh INITOS_BIN OUT_MD [LINKS] [ROUNDS]}")
out=${2:?usage: network-bench.sh INITOS_BIN OUT_MD [LINKS] [ROUNDS]}
links=${3:-8} rounds=${4:-5}
here=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "network-bench: needs root (network namespaces)" >&2; exit 1; }
ns=initos-bench-$$ root=$(mktemp -d)
cleanup() { ip netns del "$ns" 2>/dev/null || true; rm -rf "$root"; }
trap cleanup EXIT

mkdir -p "$root/proc" "$root/usr/share/ros" "$root/var/lib/rancher/conf/cloud-config.d" "$root/etc" "$root/run"
: > "$root/proc/cmdline"; : > "$root/etc/resolv.conf"
cp "$here/rootfs/overlay/usr/share/ros/os-config.yml" "$root/usr/share/ros/os-config.yml"
{
  echo "rancher:"; echo "  network:"; echo "    dns: {nameservers: [192.0.2.53]}"; echo "    interfaces:"
  for ((i = 0; i < links; i++)); do echo "      v$i: {address: 10.9.$i.2/24, mtu: 1400}"; done
} > "$root/var/lib/rancher/conf/cloud-config.d/50-bench.yml"

fresh_links() {
  ip netns del "$ns" 2>/dev/null || true
  ip netns add "$ns"
  for ((i = 0; i < links; i++)); do ip -n "$ns" link add "v$i" type veth peer name "p$i"; done
}
now_ms() { date +%s%3N; }

run_netconf() {  # prints milliseconds from start to the "Network configured" line
  local log=$root/netconf.log start end pid
  : > "$log"
  start=$(now_ms)
  INITOS_ROOT=$root ip netns exec "$ns" "$bin" netconf >"$log" 2>&1 &
  pid=$!
  until grep -q "Network configured" "$log"; do
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "network-bench: netconf exited early" >&2; exit 1; }
    sleep 0.005
  done
  end=$(now_ms)
  kill -TERM "$pid"; wait "$pid" || true
  # the links must really be configured
  ip -n "$ns" -4 -o addr show dev "v$((links - 1))" | grep -q "10.9.$((links - 1)).2/24" || { echo "network-bench: netconf did not configure v$((links - 1))" >&2; exit 1; }
  echo $((end - start))
}

run_shell() {  # the same changes with iproute2 by hand
  local start end
  start=$(now_ms)
  ip -n "$ns" link set lo up
  for ((i = 0; i < links; i++)); do
    ip -n "$ns" link set "v$i" mtu 1400
    ip -n "$ns" addr add "10.9.$i.2/24" dev "v$i"
    ip -n "$ns" link set "v$i" up
  done
  printf 'nameserver 192.0.2.53\n' > "$root/etc/resolv.conf.shell"
  end=$(now_ms)
  echo $((end - start))
}

median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
nc=() sh=()
for ((r = 0; r < rounds; r++)); do
  fresh_links; nc+=("$(run_netconf)")
  fresh_links; sh+=("$(run_shell)")
done
nc_med=$(printf '%s\n' "${nc[@]}" | median)
sh_med=$(printf '%s\n' "${sh[@]}" | median)
ratio=$(awk -v a="$nc_med" -v b="$sh_med" 'BEGIN {printf "%.2f", (b > 0) ? a / b : 0}')
{
  echo "# Network benchmark"
  echo
  echo "Measured by \`bench/network-bench.sh\` (\`make network-bench\`, part of \`make bench\`) on $(date -u +%Y-%m-%d), $links static veth links"
  echo "(address, MTU 1400, up) plus user DNS, $rounds interleaved rounds, host load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "netconf is timed from its start to its \`Network configured\` line (it reads the links with \`ip -j\`, plans,"
  echo "applies with iproute2 and writes resolv.conf in place); the baseline is the same iproute2 commands typed into a"
  echo "shell script, with no reading, planning or checking."
  echo
  echo "| | median (ms) | rounds (ms) |"
  echo "|---|---:|---|"
  echo "| initos netconf | $nc_med | ${nc[*]} |"
  echo "| shell + iproute2 baseline | $sh_med | ${sh[*]} |"
  echo "| **ratio** | **$ratio** | |"
} > "$out"
cat "$out"
