#!/usr/bin/env bash
# run-cases.sh [LABEL]: runs every case under tests/boot/cases (or those whose `# LABELS:` line names
# LABEL, e.g. smoke; `smoke|ci` for either), one after the other; prints each case's verdict line, then a summary line
# `boot-test: N passed, N failed`, and exits non-zero when any case failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
label=${1:-}
pass=0 fail=0
for c in "$here"/cases/*/; do
  c=${c%/}
  [ -f "$c/test.sh" ] || continue
  if [ -n "$label" ] && ! grep -qE "^# LABELS:.*\b($label)\b" "$c/test.sh"; then continue; fi
  echo "boot-test: ${c##*/}: $(sed -n 's/^# SUMMARY: //p' "$c/test.sh" | head -n1)"
  if bash "$here/run-case.sh" "$c"; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "boot-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
