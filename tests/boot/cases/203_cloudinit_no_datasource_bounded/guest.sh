#!/bin/sh
# PID 1 of this case: times cloud-init-save with unreachable metadata services and with nothing configured.
name=203_cloudinit_no_datasource_bounded
export PATH=/usr/sbin:/usr/bin
fails=0
up() { cut -d' ' -f1 /proc/uptime; }
check() {  # check DESCRIPTION COMMAND...
  d=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $d"; else echo "FAIL $d: $(echo "$out" | tail -n 3)"; fails=$((fails + 1)); fi
}
is() {  # is DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails + 1)); fi
}
early_mounts() {
  mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev; mount -t tmpfs tmpfs /run
  echo "guest: PID 1 at uptime $(up)s"
}
wait_for() {  # wait_for PATH [tenths]
  i=0; while [ ! -e "$1" ] && [ $i -lt "${2:-100}" ]; do sleep 0.1; i=$((i + 1)); done
}
finish() {
  echo "guest: done at uptime $(up)s, $fails failed"
  if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; fi
  sync
  busybox poweroff -f
}
elapsed() { awk -v a="$1" -v b="$(up)" 'BEGIN { printf "%.1f", b - a }'; }
early_mounts
mkdir -p /var/lib/rancher/conf/cloud-config.d
printf '#cloud-config\nhostname: kept-host\n' > /var/lib/rancher/conf/cloud-config.d/boot.yml
# In a real boot initos is already running as PID 1 when cloud-init-save starts, so its pages are in memory;
# here busybox is PID 1, so run initos once first (the cold first start costs seconds under TCG).
initos ros --version >/dev/null
start=$(up)
initos cloud-init-save; is "cloud-init-save with nothing configured exits 0" 0 $?
t=$(elapsed "$start"); echo "guest: nothing configured: cloud-init-save took ${t}s"
check "nothing configured: done within 3 s" awk -v t="$t" 'BEGIN { exit !(t < 3) }'
printf 'rancher:\n  cloud_init:\n    datasources: [ec2, gce, openstack, digitalocean, azure, "url:http://10.0.2.2/cc.yml"]\n' > /var/lib/rancher/conf/cloud-config.yml
start=$(up)
initos cloud-init-save; is "cloud-init-save with silent services exits 0" 0 $?
t=$(elapsed "$start"); echo "guest: six silent datasources: cloud-init-save took ${t}s"
check "silent services: done within 10 s" awk -v t="$t" 'BEGIN { exit !(t <= 10) }'
is "the saved boot.yml is kept" "#cloud-config hostname: kept-host" "$(cat /var/lib/rancher/conf/cloud-config.d/boot.yml | tr '\n' ' ' | sed 's/ $//')"
initos cloud-init-execute; is "cloud-init-execute exits 0" 0 $?
is "hostname from the kept config" kept-host "$(cat /proc/sys/kernel/hostname)"
finish
