#!/usr/bin/env bash
# build-iso.sh VMLINUZ INITRD INSTALLER_DIR VERSION KERNEL_VERSION OUT: one hybrid ISO that boots on BIOS
# (grub-pc, El Torito and MBR) and UEFI (grub-efi-amd64, EFI system partition image), with the menu of
# iso/grub.cfg.in. /boot is the install payload (lib/common.sh: vmlinuz, initrd, installer/{boot.img,core.img,
# esp.img.gz} from INSTALLER_DIR, manifest) that `ros install` reads from the medium; /boot/grub is
# grub-mkrescue's; /live/initrd is what the menu boots (the initrd without the system squashfs, which PID 1 reads
# from /boot/initrd on the medium). ISO_ARGS (env) are the kernel arguments of every entry; the volume label is RancherOS's.
# The state partition is used when a disk has one (LABEL=RANCHER_STATE); the live ISO formats nothing (as
# RancherOS's ISO: the disk may be the one about to be installed to) and runs from memory without one.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
vmlinuz=${1:?usage: build-iso.sh VMLINUZ INITRD INSTALLER_DIR VERSION KERNEL_VERSION OUT}
initrd=${2:?initrd}
installer=${3:?installer dir}
version=${4:?version}
kver=${5:?kernel version}
out=${6:?output}
args=${ISO_ARGS:-console=tty1 console=ttyS0 printk.devkmsg=on cryptomgr.notests panic=10 rancher.state.dev=LABEL=RANCHER_STATE}
work=$(mktemp -d "${out%/*}/iso.XXXXXX")
trap 'rm -rf "$work" "$work.loc"' EXIT
stage_payload "$work/boot" "$vmlinuz" "$initrd" "$installer" "$version" "$kver"
# The live initrd the menu boots: the payload's initrd without the system squashfs (the first lean_bytes of it)
# and a location file, so that PID 1 mounts the squashfs from /boot/initrd on this medium (SystemImageLocation)
# instead of holding ~78 MB of it in RAM. The payload (what `ros install` copies) keeps the whole initrd.
[ -f "$initrd.system" ] || die "missing $initrd.system (build-initrd.sh pack writes it)"
lean=$(sed -n 's/^lean_bytes=//p' "$initrd.system")
mkdir -p "$work/live" "$work.loc/usr/lib/initos"
printf '# the system squashfs of this live initrd is in the full one on the boot medium (rootfs/build-iso.sh)\nlabel=RancherOS\nfile=/boot/initrd\nfile_size=%s\noffset=%s\nid=%s\n' \
  "$(stat -c %s "$initrd")" "$(sed -n 's/^offset=//p' "$initrd.system")" "$(sed -n 's/^id=//p' "$initrd.system")" > "$work.loc/usr/lib/initos/system.location"
head -c "$lean" "$initrd" > "$work/live/initrd"
(cd "$work.loc" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet --reproducible) >> "$work/live/initrd"
rm -rf "$work.loc"
mkdir -p "$work/boot/grub"
sed -e "s|@VERSION@|$version|g" -e "s|@ARGS@|$args|g" "$here/iso/grub.cfg.in" > "$work/boot/grub/grub.cfg"
SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d 2025-01-01 +%s)} \
  grub-mkrescue --quiet -o "$out.tmp" "$work" -- -volid RancherOS >"$work.log" 2>&1 \
  || { cat "$work.log" >&2; rm -f "$work.log"; die "grub-mkrescue failed"; }
rm -f "$work.log"
mv -f "$out.tmp" "$out"
log "$(du -h "$out" | cut -f1) $out (BIOS + UEFI, install payload in /boot)"
