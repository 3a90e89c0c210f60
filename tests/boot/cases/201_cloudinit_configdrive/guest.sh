#!/bin/sh
# PID 1 of this case: makes a config-2 drive on /dev/vda, then runs the cloud-init personalities of initos.
name=201_cloudinit_configdrive
. /initos-test/lib.sh
early_mounts
modprobe -a virtio_blk ext4
wait_for /dev/vda
mkfs.ext4 -q -F -L config-2 /dev/vda && mount -t ext4 /dev/vda /mnt && mkdir -p /mnt/openstack/latest || fails=$((fails + 1))
cat > /mnt/openstack/latest/meta_data.json <<'JSON'
{"uuid": "2a4b5c6d-0000-4000-8000-000000000201", "hostname": "drive-host.novalocal", "name": "drive-host",
 "public_keys": {"mykey": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDriveKey drive@case\n"}}
JSON
printf '#cloud-config\nwrite_files:\n  - path: /etc/from-config-drive\n    content: drive-ok\n' > /mnt/openstack/latest/user_data
umount /mnt
mkdir -p /var/lib/rancher/conf
printf 'rancher:\n  cloud_init:\n    datasources: [configdrive:/media/config-2]\n' > /var/lib/rancher/conf/cloud-config.yml
initos cloud-init-save; is "cloud-init-save exits 0" 0 $?
check "no mount left behind" sh -c '! grep -q initos-cloud-init /proc/mounts'
check "meta-data saved" grep -q '^hostname: drive-host.novalocal' /var/lib/rancher/conf/metadata
initos cloud-init-execute; is "cloud-init-execute exits 0" 0 $?
is "hostname from meta_data.json" drive-host.novalocal "$(cat /proc/sys/kernel/hostname)"
check "key from public_keys" grep -qx 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDriveKey drive@case' /home/rancher/.ssh/authorized_keys
is "write_files from user_data" drive-ok "$(cat /etc/from-config-drive 2>/dev/null)"
finish
