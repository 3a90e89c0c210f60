#!/usr/bin/env bash
# build-installer.sh OUT_DIR: the GRUB files `ros install` writes to a disk, built on this host so that the
# running InitOS needs no GRUB tools (its install payload carries them):
#   boot.img     GRUB's 512-byte MBR boot code (grub-pc-bin), copied; the installer writes its first 440 bytes
#   core.img     grub-mkimage -O i386-pc with installer/early.cfg and -p /grub: goes into the 1 MiB BIOS boot
#                partition (p1)
#   bootx64.efi  the same for x86_64-efi
#   esp.img.gz   a 64 MiB FAT32 file system (label INITOS_EFI) holding EFI/BOOT/BOOTX64.EFI, gzip -9 -n: the
#                installer writes it raw into the EFI system partition (p2)
# early.cfg finds the ext4 file system labelled INITOS_BOOT (p3) and reads its grub/grub.cfg. Reproducible:
# the same GRUB and tools give the same bytes. Needs no root and no loop device.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
out=${1:?usage: build-installer.sh OUT_DIR}
early=$here/installer/early.cfg
grub=${GRUB_LIB:-/usr/lib/grub}
# modules both images hold: partition tables, file systems, the label search, the menu, the environment
# block for A/B counting, the Linux loader, power commands and the serial console
modules=(part_gpt part_msdos ext2 fat search search_label search_fs_file normal configfile loadenv echo test
         linux boot sleep reboot halt serial terminal minicmd ls cat)
core_max=$((1024 * 1024))  # the BIOS boot partition
esp_kib=$((64 * 1024))     # the EFI system partition

grub-script-check "$early" || die "$early: not a valid GRUB script"
tmp=$out.tmp
rm -rf "$tmp" && mkdir -p "$tmp"
cp "$grub/i386-pc/boot.img" "$tmp/boot.img"
grub-mkimage -O i386-pc -d "$grub/i386-pc" -o "$tmp/core.img" -c "$early" -p /grub biosdisk "${modules[@]}"
grub-mkimage -O x86_64-efi -d "$grub/x86_64-efi" -o "$tmp/bootx64.efi" -c "$early" -p /grub \
  "${modules[@]}" efi_gop all_video
size=$(stat -c %s "$tmp/core.img")
[ "$size" -le "$core_max" ] || die "core.img is $size bytes, more than the BIOS boot partition's $core_max"

# the ESP, reproducible: mkfs.fat --invariant fixes the label entry's time (-i, after it, the volume id);
# mtools dates the directories from SOURCE_DATE_EPOCH and the copied file from its mtime (mcopy -m)
export MTOOLS_SKIP_CHECK=1 SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d 2025-01-01 +%s)}
esp=$tmp/esp.img
mkfs.fat --invariant -C -F 32 -s 1 -n INITOS_EFI -i 494e4954 "$esp" "$esp_kib" >/dev/null
touch -d "@$SOURCE_DATE_EPOCH" "$tmp/bootx64.efi"
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -m -i "$esp" "$tmp/bootx64.efi" ::/EFI/BOOT/BOOTX64.EFI
gzip -9 -n "$esp"
rm -rf "$out" && mv "$tmp" "$out"
log "$out: core.img $size B, bootx64.efi $(stat -c %s "$out/bootx64.efi") B, esp.img.gz $(stat -c %s "$out/esp.img.gz") B"
