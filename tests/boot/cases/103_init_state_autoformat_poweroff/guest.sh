#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done; check.sh reads the shutdown from the serial log.
name=103_init_state_autoformat_poweroff
fail() { echo "INITOS-TEST: FAIL $name ($*)"; exit 1; }
grep -q ' /state ext4 ' /proc/mounts || fail "/state is not an ext4 mount"
[ "$(blkid -s LABEL -o value /dev/vda)" = RANCHER_STATE ] || fail "/dev/vda is not labelled RANCHER_STATE"
grep -q ' /var/lib/rancher ' /proc/mounts || fail "/var/lib/rancher is not bound from the state partition"
ros config set hostname initos-persisted || fail "ros config set failed"
grep -q initos-persisted /state/var/lib/rancher/conf/cloud-config.yml || fail "the value is not on the state partition"
i=0
until docker version >/dev/null 2>&1; do i=$((i + 1)); [ $i -lt 900 ] || fail "no user engine"; sleep 0.2; done
mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/ && tar -C /tmp/bb -c . | docker import - initos-test/busybox >/dev/null || fail "import"
docker run -d --name sleeper initos-test/busybox /busybox sleep 3600 >/dev/null || fail "docker run -d"
echo "guest: state partition in use, user container running; powering off"
poweroff
