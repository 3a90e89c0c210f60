#!/bin/sh
# check.sh SERIAL_LOG CASE: the orderly shutdown happened and left the state disk clean.
log=$1
fail() { echo "$*"; exit 1; }
grep -aq "Formatting blank device '/dev/vda' as the state partition" "$log" || fail "no autoformat of /dev/vda"
grep -aq "Mounted state device '/dev/vda' (ext4)" "$log" || fail "state device not mounted"
grep -aq "INITOS-TEST: FAIL" "$log" && fail "$(grep -a 'INITOS-TEST: FAIL' "$log" | head -n1)"
grep -aq "guest: state partition in use" "$log" || fail "the guest did not get to poweroff"
grep -aq "Stopped 1 user containers" "$log" || fail "the user container was not stopped"
grep -aq "Stopped system-docker" "$log" || fail "the system engine was not stopped"
grep -aqE "Failed to unmount '/(state|var|home|opt)" "$log" && fail "$(grep -aE 'Failed to unmount' "$log" | head -n1)"
grep -aq "InitOS shutdown complete, power off now" "$log" || fail "no shutdown completion"
grep -aq "reboot: Power down" "$log" || fail "the kernel did not power down"
echo ok
