#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done. Asks the host driver (host.py) for a hot-added
# disk, checks what udev made of it, then asks for the ACPI power button; host.py gives the verdict from the
# clean shutdown that follows.
name=112_services_do_their_job
. /initos-test/lib.sh
sd() { system-docker "$@"; }
until_true() {  # until_true SECONDS COMMAND...
  end=$(( $(cut -d. -f1 /proc/uptime) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] || return 1; sleep 0.5; done
}
# syslog: the console's logger, and a kernel line (PID 1 writes to kmsg; klogd forwards it)
sd exec console logger -t initos-112 "hello from the console"
check "logger in the console reaches /var/log/syslog" until_true 30 grep -q 'initos-112: hello from the console' /var/log/syslog
echo "<6>initos-112: a kernel line" > /dev/kmsg
check "a kernel line reaches /var/log/syslog" until_true 30 grep -q 'kernel: .*initos-112: a kernel line' /var/log/syslog
# udev: a disk hot-added while the system runs gets its links and is usable by label
echo "INITOS-STEP: attach-disk"
check "the hot-added disk is under /dev/disk/by-label" until_true 120 test -e /dev/disk/by-label/HOTDISK
check "and under /dev/disk/by-uuid" test -e /dev/disk/by-uuid/0e0a1f57-8a43-4a3e-9d7c-112112112112
check "and under /dev/disk/by-id" until_true 10 test -e /dev/disk/by-id/virtio-initos-hot-112
mkdir -p /mnt/hot
check "it mounts by label and holds the host's file" sh -c 'mount -o ro /dev/disk/by-label/HOTDISK /mnt/hot && grep -qx "written on the host" /mnt/hot/hello.txt'
umount /mnt/hot 2>/dev/null
check "acpid runs" sh -c 'system-docker inspect -f "{{.State.Status}} {{.RestartCount}}" acpid | grep -qx "running 0"'
echo "guest: checks done at uptime $(up)s, $fails failed"
if [ $fails -ne 0 ]; then sd ps -a; sd logs udev 2>&1 | tail -n 20; sd logs syslog 2>&1 | tail -n 20; echo "INITOS-TEST: FAIL $name"; poweroff; exit 1; fi
echo "INITOS-STEP: press-power-button"
