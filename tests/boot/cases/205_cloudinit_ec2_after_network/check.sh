#!/bin/sh
# check.sh SERIAL_LOG CASE: the early probe found nothing (no network yet), the init probed again after the
# network service and used the service, and the guest passed.
log=$1 name=$2
fail() { echo "$*"; exit 1; }
grep -aq "No datasource answered within" "$log" || fail "the early cloud-init-save did not come back empty"
grep -aq "No datasource answered before the network was up, probing again" "$log" || fail "no second probe after the network service"
grep -aq "Using datasource 'ec2:http://10.0.2.100/'" "$log" || fail "the second probe did not use the ec2 service"
grep -aq "INITOS-TEST: FAIL $name" "$log" && fail "the guest says FAIL: $(grep -a '^FAIL ' "$log" | head -n1)"
grep -aq "INITOS-TEST: PASS $name" "$log" || fail "no PASS from the guest"
echo "ec2 found after the network service: $(grep -aoE "Datasource 'ec2[^']*' answered after [0-9]+ ms" "$log" | head -n1)"
