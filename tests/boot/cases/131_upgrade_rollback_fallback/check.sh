#!/bin/sh
# check.sh SERIAL_LOG CASE: every phase ran, GRUB counted the broken trial and fell back, and the guest passed.
log=$1 name=$2
fail() { echo "$*"; exit 1; }
for phase in installed upgrading committed rolled-back broken-upgrade fell-back; do
  grep -aq "upgrade-case: phase $phase" "$log" || fail "phase $phase never ran: $(grep -a '^FAIL ' "$log" | head -n1)"
done
grep -aqE "initos-grub: active=A next=B .*booting=B" "$log" || fail "GRUB never booted the trial of slot B"
grep -aq "Kernel panic" "$log" || fail "the broken version did not panic"
sed -n '/Kernel panic/,$p' "$log" | grep -aqE "initos-grub: active=A next=A .*booting=A" || fail "GRUB did not fall back to slot A after the panic"
grep -aq "INITOS-TEST: FAIL $name" "$log" && fail "the guest says FAIL: $(grep -a '^FAIL ' "$log" | head -n1)"
grep -aq "INITOS-TEST: PASS $name" "$log" || fail "no PASS from the guest"
echo "lifecycle: $(grep -a 'upgrade-case: phase' "$log" | sed 's/.*phase //' | tr '\n' ' ')"
