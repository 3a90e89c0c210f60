#!/bin/sh
# PID 1 of this case: runs the two cloud-init personalities of initos as the boot does, then checks.
name=200_cloudinit_nocloud_iso
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
initos cloud-init-save; is "cloud-init-save exits 0" 0 $?
check "boot.yml saved from the ISO's user-data" grep -q '^hostname: nocloud-host' /var/lib/rancher/conf/cloud-config.d/boot.yml
is "boot.yml is 0600" 600 "$(stat -c %a /var/lib/rancher/conf/cloud-config.d/boot.yml)"
check "meta-data saved" grep -q '^instanceid: initos-' /var/lib/rancher/conf/metadata
initos cloud-init-execute; is "cloud-init-execute exits 0" 0 $?
is "hostname set" nocloud-host "$(cat /proc/sys/kernel/hostname)"
check "rancher's key" grep -qx 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootCaseKey boot@case' /home/rancher/.ssh/authorized_keys
is "authorized_keys mode and owner" "600 1100:1100" "$(stat -c '%a %u:%g' /home/rancher/.ssh/authorized_keys)"
is ".ssh mode and owner" "700 1100:1100" "$(stat -c '%a %u:%g' /home/rancher/.ssh)"
is "write_files plain, 0600" "600 top secret" "$(stat -c %a /etc/initos-test/secret) $(cat /etc/initos-test/secret)"
is "write_files b64, 0755" 755 "$(stat -c %a /opt/initos-test/run.sh)"
is "runcmd ran" runcmd-ok "$(cat /run/runcmd-ran 2>/dev/null)"
is "runcmd ran the written script" script-ok "$(cat /run/script-ran 2>/dev/null)"
finish
