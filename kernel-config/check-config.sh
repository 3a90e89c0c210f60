#!/usr/bin/env bash
# check-config.sh FRAGMENT KERNEL_CONFIG: fails naming every option of FRAGMENT the kernel config lacks.
# A fragment line CONFIG_X=y requires CONFIG_X=y; CONFIG_X=m accepts =m or =y.
set -euo pipefail
fragment=${1:?usage: check-config.sh FRAGMENT KERNEL_CONFIG}
config=${2:?usage: check-config.sh FRAGMENT KERNEL_CONFIG}
missing=0 checked=0
while IFS='=' read -r key want; do
  checked=$((checked + 1))
  have=$(grep -E "^${key}=" "$config" | head -n1 | cut -d= -f2- || true)
  case "$want:$have" in
    y:y|m:m|m:y) ;;
    *) echo "check-config: ${key}: want ${want}, kernel has ${have:-not set}" >&2; missing=$((missing + 1)) ;;
  esac
done < <(sed -e 's/#.*//' -e 's/[[:space:]]//g' "$fragment" | grep -E '^CONFIG_[A-Z0-9_]+=[ym]$')
if [ "$missing" -gt 0 ]; then
  echo "check-config: ${missing} of ${checked} required options missing in ${config}" >&2
  exit 1
fi
echo "check-config: all ${checked} required options present in ${config##*/}"
