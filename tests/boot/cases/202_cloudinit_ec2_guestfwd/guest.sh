#!/bin/sh
# PID 1 of this case: static address on QEMU's user network, then the cloud-init personalities with ec2.
name=202_cloudinit_ec2_guestfwd
. /initos-test/lib.sh
early_mounts
modprobe -a virtio_net
wait_for /sys/class/net/eth0
ip link set lo up && ip link set eth0 up && ip addr add 10.0.2.15/24 dev eth0 && ip route add default via 10.0.2.2 || fails=$((fails + 1))
mkdir -p /var/lib/rancher/conf
printf 'rancher:\n  cloud_init:\n    datasources: ["ec2:http://10.0.2.100/"]\n' > /var/lib/rancher/conf/cloud-config.yml
initos cloud-init-save; is "cloud-init-save exits 0" 0 $?
check "meta-data from the service" grep -q '^instanceid: i-0initos202' /var/lib/rancher/conf/metadata
check "addresses saved as text" grep -q '^publicipv4: 203.0.113.7' /var/lib/rancher/conf/metadata
check "root disk by instance family" grep -q '^rootdisk: /dev/nvme0n1' /var/lib/rancher/conf/metadata
initos cloud-init-execute > /run/execute.out 2>&1; is "cloud-init-execute exits 1 (no growpart in this initrd)" 1 $?
cat /run/execute.out
check "rancher.resize_device filled from the meta-data root disk" grep -q "growpart /dev/nvme0n1 1" /run/execute.out
is "hostname from meta-data" ip-10-0-2-15.ec2.internal "$(cat /proc/sys/kernel/hostname)"
check "key from public-keys" grep -qx 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEc2BootKey ec2@case' /home/rancher/.ssh/authorized_keys
is "write_files from user-data" ec2-ok "$(cat /etc/from-ec2 2>/dev/null)"
is "runcmd from user-data" ec2-runcmd-ok "$(cat /run/ec2-runcmd 2>/dev/null)"
finish
