#!/usr/bin/env bash
# build-iso.sh VMLINUZ INITRD VERSION OUT: one hybrid ISO that boots on BIOS (grub-pc, El Torito and MBR)
# and UEFI (grub-efi-amd64, EFI system partition image), with the menu of iso/grub.cfg.in.
# ISO_ARGS (env) are the kernel arguments of every entry; the volume label is RancherOS's.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
vmlinuz=${1:?usage: build-iso.sh VMLINUZ INITRD VERSION OUT}
initrd=${2:?initrd}
version=${3:?version}
out=${4:?output}
args=${ISO_ARGS:-console=tty1 console=ttyS0 printk.devkmsg=on panic=10 rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda]}
work=$(mktemp -d "${out%/*}/iso.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/boot/grub"
ln "$vmlinuz" "$work/boot/vmlinuz" 2>/dev/null || cp "$vmlinuz" "$work/boot/vmlinuz"
ln "$initrd" "$work/boot/initrd" 2>/dev/null || cp "$initrd" "$work/boot/initrd"
sed -e "s|@VERSION@|$version|g" -e "s|@ARGS@|$args|g" "$here/iso/grub.cfg.in" > "$work/boot/grub/grub.cfg"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d 2025-01-01 +%s)} \
  grub-mkrescue --quiet -o "$out.tmp" "$work" -- -volid RancherOS >"$work.log" 2>&1 \
  || { cat "$work.log" >&2; rm -f "$work.log"; die "grub-mkrescue failed"; }
rm -f "$work.log"
mv -f "$out.tmp" "$out"
log "$(du -h "$out" | cut -f1) $out (BIOS + UEFI)"
