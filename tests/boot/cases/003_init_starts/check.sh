#!/usr/bin/env bash
# check.sh SERIAL_LOG CASE: the kernel ran /init and initos announced itself as PID 1 without a panic.
log=$1
fail() { echo "$1"; exit 1; }
grep -qa 'Run /init as init process' "$log" || fail "the kernel did not run /init"
grep -qa 'Kernel panic' "$log" && fail "kernel panic: $(grep -a 'Kernel panic' "$log" | head -n1)"
grep -qaE 'InitOS [^ ]+ starting as PID 1' "$log" || fail "no 'InitOS ... starting as PID 1' line"
echo "initos runs as PID 1: $(grep -aoE 'InitOS [^ ]+ started in [0-9]+ ms[^)]*' "$log" | head -n1)"
