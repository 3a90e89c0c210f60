#!/bin/sh
# PID 1 of this case: times cloud-init-save with unreachable metadata services and with nothing configured.
name=203_cloudinit_no_datasource_bounded
. /initos-test/lib.sh
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
