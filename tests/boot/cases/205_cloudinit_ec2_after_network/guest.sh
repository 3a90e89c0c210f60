#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: what the second cloud-init-save fetched from the
# EC2-style service was applied by cloud-init-execute. check.sh reads the init's lines from the serial log.
name=205_cloudinit_ec2_after_network
fails=0
check() {  # check DESCRIPTION COMMAND...
  d=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $d"; else echo "FAIL $d: $(echo "$out" | tail -n 3)"; fails=$((fails + 1)); fi
}
is() {  # is DESCRIPTION EXPECTED ACTUAL
  if [ "$2" = "$3" ]; then echo "ok   $1"; else echo "FAIL $1: expected '$2', got '$3'"; fails=$((fails + 1)); fi
}
check "meta-data from the service" grep -q '^instanceid: i-0initos202' /var/lib/rancher/conf/metadata
is "hostname from meta-data" ip-10-0-2-15.ec2.internal "$(cat /proc/sys/kernel/hostname)"
check "key from public-keys" grep -qx 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEc2BootKey ec2@case' /home/rancher/.ssh/authorized_keys
is "write_files from user-data" ec2-ok "$(cat /etc/from-ec2 2>/dev/null)"
is "runcmd from user-data" ec2-runcmd-ok "$(cat /run/ec2-runcmd 2>/dev/null)"
echo "guest: done at uptime $(cut -d' ' -f1 /proc/uptime)s, $fails failed"
if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; fi
poweroff
