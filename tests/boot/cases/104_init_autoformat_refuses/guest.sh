#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done.
name=104_init_autoformat_refuses
fail() { echo "INITOS-TEST: FAIL $name ($*)"; exit 1; }
dmesg | grep -q "Refusing to autoformat '/dev/sr0': it has an iso9660 filesystem labelled 'cidata'" || fail "no refusal naming the filesystem"
grep -q ' /state ' /proc/mounts && fail "/state is mounted"
[ "$(blkid -s LABEL -o value /dev/sr0)" = cidata ] || fail "/dev/sr0 changed"
echo "INITOS-TEST: PASS $name"
poweroff
