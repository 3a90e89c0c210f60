#!/usr/bin/env bash
# run-qemu.sh: boots InitOS in QEMU with the serial console on this terminal (what `make run` calls).
#   run-qemu.sh [--iso ISO] [--uefi] [--cloud-config FILE] [--disk FILE]... [--append ARGS] [KERNEL INITRD]
# Kernel boot passes `console=ttyS0 rancher.autologin=ttyS0` and the state-disk arguments, then --append.
# Ctrl-a x leaves QEMU.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
BOOT=kernel FIRMWARE=bios DISKS="" CIDATA="" EXTRA=""
while [ $# -gt 0 ]; do
  case $1 in
    --iso) BOOT=iso ISO=$2; shift 2 ;;
    --uefi) FIRMWARE=uefi; shift ;;
    --cloud-config) CC=$2; shift 2 ;;
    --disk) DISKS="$DISKS $2"; shift 2 ;;
    --append) EXTRA=$2; shift 2 ;;
    -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) break ;;
  esac
done
KERNEL=${1:-} INITRD=${2:-}
WORKDIR=$(mktemp -d)
trap 'rm -rf "$WORKDIR"' EXIT
if [ -n "${CC:-}" ]; then CIDATA=$WORKDIR/cidata.iso; make_cidata "$CC" "$CIDATA"; fi
APPEND="console=ttyS0 printk.devkmsg=on cryptomgr.notests panic=10 rancher.autologin=ttyS0 rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda] $EXTRA"
SERIAL=stdio
qemu_argv
echo "run-qemu: ${QEMU[*]}" >&2
echo "run-qemu: software emulation; Ctrl-a x quits" >&2
"${QEMU[@]}"
