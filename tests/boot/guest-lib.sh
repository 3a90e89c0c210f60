#!/bin/sh
# Sourced by the busybox-PID-1 guest scripts of the boot cases (installed as /initos-test/lib.sh next to
# guest.sh): the checks, the early mounts and the verdict line. The script sets $name first.
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
