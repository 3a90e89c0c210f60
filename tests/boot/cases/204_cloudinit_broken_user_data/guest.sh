#!/bin/sh
# PID 1 of this case: a good boot.yml from an earlier boot, then broken user-data on the cidata ISO.
name=204_cloudinit_broken_user_data
. /initos-test/lib.sh
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
