#!/bin/sh
# PID 1 of this case: a good boot.yml from an earlier boot, then broken user-data on the cidata ISO.
name=204_cloudinit_broken_user_data
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
early_mounts
modprobe -a ahci sr_mod isofs
wait_for /dev/sr0
mkdir -p /var/lib/rancher/conf/cloud-config.d
printf '#cloud-config\nhostname: previous-host\n' > /var/lib/rancher/conf/cloud-config.d/boot.yml
initos cloud-init-save > /run/save.out 2>&1; is "cloud-init-save exits 1" 1 $?
cat /run/save.out
check "the error names the user-data and its position" grep -qE "Invalid user-data: user-data:[0-9]+:[0-9]+: " /run/save.out
check "the error says the previous boot.yml stays" grep -q "the previous boot.yml stays in effect" /run/save.out
check "boot.yml unchanged" grep -qx 'hostname: previous-host' /var/lib/rancher/conf/cloud-config.d/boot.yml
check "meta-data still saved" grep -q '^hostname: initos' /var/lib/rancher/conf/metadata
initos cloud-init-execute; is "cloud-init-execute exits 0" 0 $?
is "hostname from the previous config" previous-host "$(cat /proc/sys/kernel/hostname)"
check "nothing from the broken user-data" test ! -e /etc/never
finish
