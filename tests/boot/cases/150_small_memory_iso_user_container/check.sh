#!/bin/sh
# check.sh SERIAL_LOG CASE: the live ISO's squashfs came from the medium and the runcmd's user container printed ok.
log=$1
fail() { echo "$*"; exit 1; }
grep -aq "read from the medium, not held in memory" "$log" || fail "the system image was not read from the medium"
line=$(grep -aoE 'iso-user-container=[^ ]* uptime=[0-9.]+ used_mib=[0-9]+' "$log" | head -n1)
[ -n "$line" ] || fail "no user container result (runcmd did not finish)"
case $line in iso-user-container=ok*) echo "384 MiB live ISO: $line" ;; *) fail "user container: $line" ;; esac
