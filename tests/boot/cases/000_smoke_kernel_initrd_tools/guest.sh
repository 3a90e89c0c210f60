#!/bin/sh
# PID 1 of this case (busybox sh from the initrd): checks the artifacts the init relies on, then powers off.
export PATH=/usr/sbin:/usr/bin
name=000_smoke_kernel_initrd_tools
fails=0
check() {  # check DESCRIPTION COMMAND...
  d=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $d"; else echo "FAIL $d: $(echo "$out" | tail -n 3)"; fails=$((fails + 1)); fi
}
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
echo "guest: PID 1 at uptime $(cut -d' ' -f1 /proc/uptime)s"
check "/init is initos" test "$(readlink -f /init)" = /usr/bin/initos
check "initos runs (ros --help)" ros --help
for m in virtio_blk virtio_net virtio_scsi sr_mod ahci nvme e1000 ext4 vfat isofs squashfs overlay loop \
         bridge br_netfilter veth nf_tables nft_compat nft_chain_nat xt_MASQUERADE xt_conntrack xt_addrtype; do
  check "modprobe $m" modprobe "$m"
done
i=0; while [ ! -b /dev/vda ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
check "system squashfs mounts on /usr/lib/initos/system" mount -t squashfs -o loop,ro /usr/lib/initos/system.sqfs /usr/lib/initos/system
for b in dockerd containerd runc docker-init docker docker-proxy; do check "$b runs" "$b" --version; done
check "containerd-shim-runc-v2 runs" containerd-shim-runc-v2 -v
check "iptables-nft (nat table)" iptables -t nat -L -n
check "nft" nft list ruleset
check "mkfs.ext4 on the blank disk" mkfs.ext4 -q -F -L RANCHER_STATE /dev/vda
check "e2fsck -p checks the state disk" e2fsck -p /dev/vda
check "blkid finds the label" sh -c 'blkid -L RANCHER_STATE | grep -qx /dev/vda'
check "the ext4 state disk mounts" mount -t ext4 /dev/vda /mnt
check "the image store tags the system images" grep -q '"initos/os-console"' /usr/lib/initos/system/store/image/overlay2/repositories.json
check "the image store's layers are unpacked" sh -c 'ls -d /usr/lib/initos/system/store/overlay2/*/diff/usr/bin | grep -q .'
check "os-release says InitOS" grep -q '^ID=initos' /etc/os-release
check "os-config.yml is in place" test -s /usr/share/ros/os-config.yml
check "CA bundle" test -s /etc/ssl/certs/ca-certificates.crt
umount /mnt
echo "guest: done at uptime $(cut -d' ' -f1 /proc/uptime)s, $fails failed"
if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; fi
sync
busybox poweroff -f
