#!/bin/sh
# check.sh SERIAL_LOG CASE: the second boot came from the disk through the installed GRUB, and the guest passed.
log=$1 name=$2
fail() { echo "$*"; exit 1; }
grep -aq "ok   ros install" "$log" || fail "ros install did not succeed: $(grep -a '^FAIL ' "$log" | head -n1)"
grep -aq "initos-grub: active=A next=A" "$log" || fail "no line from the installed GRUB (the disk did not boot through it)"
grep -aq "INITOS-TEST: FAIL $name" "$log" && fail "the guest says FAIL: $(grep -a '^FAIL ' "$log" | head -n1)"
grep -aq "INITOS-TEST: PASS $name" "$log" || fail "no PASS from the installed system"
echo "installed and booted: $(grep -a 'install-case: installed at' "$log" | head -n1); $(grep -a 'install-case: done at' "$log" | head -n1)"
