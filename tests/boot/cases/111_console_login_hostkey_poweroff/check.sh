#!/bin/sh
# check.sh SERIAL_LOG CASE: two boots, each powered off cleanly by `sudo poweroff` from alice's getty login,
# the same SSH host key on both, rancher refused.
log=$1
fail() { echo "FAIL: $*"; exit 1; }
grep -a "driver: " "$log" | sed 's/^/  /'
[ "$(grep -ac '^driver: ok   boot 1: alice logs in with her password' "$log")" = 1 ] || fail "alice did not log in on boot 1"
[ "$(grep -ac '^driver: ok   boot 2: alice logs in with her password' "$log")" = 1 ] || fail "alice did not log in on boot 2"
grep -aq '^driver: ok   boot 2: rancher with an empty password is refused' "$log" || fail "rancher was not refused"
! grep -aq '^driver: FAIL' "$log" || fail "a console step failed"
[ "$(grep -ac 'reboot: Power down' "$log")" = 2 ] || fail "the host did not power off cleanly twice"
keys=$(grep -a '^driver: hostkey boot [12] SHA256:' "$log" | cut -d' ' -f5 | sort -u)
[ "$(grep -ac '^driver: hostkey boot [12] SHA256:' "$log")" = 2 ] || fail "expected a host key line on each boot"
[ "$(echo "$keys" | wc -l)" = 1 ] || fail "the SSH host key changed between boots: $keys"
echo "PASS: same host key $keys on both boots"
