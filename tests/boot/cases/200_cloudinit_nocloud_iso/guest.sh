#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: the init itself ran cloud-init-save (before the
# config reload), cloud-init-execute -boot and cloud-init-execute (after the services); this checks the result,
# prints the verdict and powers off. check.sh reads the init's step lines from the serial log.
name=200_cloudinit_nocloud_iso
fails=0
check() {  # check DESCRIPTION COMMAND...
  d=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $d"; else echo "FAIL $d: $(echo "$out" | tail -n 3)"; fails=$((fails + 1)); fi
}
is() {  # is DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails + 1)); fi
}
check "boot.yml saved from the ISO's user-data" grep -q '^hostname: nocloud-host' /var/lib/rancher/conf/cloud-config.d/boot.yml
is "boot.yml is 0600" 600 "$(stat -c %a /var/lib/rancher/conf/cloud-config.d/boot.yml)"
check "meta-data saved" grep -q '^instanceid: initos-' /var/lib/rancher/conf/metadata
check "the reloaded config has the user-data" sh -c 'ros config get hostname | grep -qx nocloud-host'
is "hostname set" nocloud-host "$(cat /proc/sys/kernel/hostname)"
check "rancher's key" grep -qx 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBootCaseKey boot@case' /home/rancher/.ssh/authorized_keys
is "authorized_keys mode and owner" "600 1100:1100" "$(stat -c '%a %u:%g' /home/rancher/.ssh/authorized_keys)"
is ".ssh mode and owner" "700 1100:1100" "$(stat -c '%a %u:%g' /home/rancher/.ssh)"
is "write_files plain, 0600" "600 top secret" "$(stat -c %a /etc/initos-test/secret) $(cat /etc/initos-test/secret)"
is "write_files b64, 0755" 755 "$(stat -c %a /opt/initos-test/run.sh)"
is "bootcmd ran" bootcmd-ok "$(cat /run/bootcmd-ran 2>/dev/null)"
is "runcmd ran" runcmd-ok "$(cat /run/runcmd-ran 2>/dev/null)"
is "runcmd ran the written script" script-ok "$(cat /run/script-ran 2>/dev/null)"
echo "guest: done at uptime $(cut -d' ' -f1 /proc/uptime)s, $fails failed"
if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; fi
poweroff
