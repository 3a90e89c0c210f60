#!/usr/bin/env bash
# check.sh SERIAL_LOG CASE: GRUB's menu, the kernel, the initramfs and /init all show in the serial log.
log=$1
fail() { echo "$1"; exit 1; }
grep -qa 'InitOS .*(recovery console)' "$log" || fail "no GRUB menu on the serial console"
grep -qa 'Linux version 6\.' "$log" || fail "the kernel did not start"
grep -qaE 'Kernel panic - not syncing: VFS|Initramfs unpacking failed|junk in compressed archive' "$log" && fail "the initramfs was not unpacked"
grep -qa 'Run /init as init process' "$log" || fail "the kernel did not run /init"
echo "GRUB, kernel, initramfs and /init seen"
