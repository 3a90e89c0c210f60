#!/usr/bin/env bash
# install-test.sh ROS ISO: `ros install` on loop devices of this machine (root), from the real ISO's payload
# (its /boot, extracted with osirrox) on a medium labelled like the ISO, found by that label as on a machine
# booted from it (a medium in ext4 rather than the ISO itself: this machine's kernel may lack iso9660): the GPT
# layout, GRUB for BIOS (MBR and core.img) and UEFI (BOOTX64.EFI on the EFI system partition), the boot partition
# with slot A, grubenv and grub.cfg read back with GRUB's own tools, the cloud-config on the state partition; then
# the refusals.
set -uo pipefail
ros=${1:?usage: install-test.sh ROS ISO}
iso=${2:?iso}
fails=0 passes=0
ok() { echo "ok   $1"; passes=$((passes + 1)); }
bad() { echo "FAIL $1"; fails=$((fails + 1)); }
check() { local d=$1; shift; if out=$("$@" 2>&1); then ok "$d"; else bad "$d: $(echo "$out" | tail -n 3)"; fi; }
is() { if [ "$2" = "$3" ]; then ok "$1"; else bad "$1: expected '$2', got '$3'"; fi; }
[ "$(id -u)" = 0 ] || { echo "install-test: needs root (loop devices)"; exit 1; }
work=$(mktemp -d /tmp/initos-install.XXXXXX)
disk="" medium="" other="" mnt=$work/mnt
cleanup() {
  mountpoint -q "$mnt" && umount "$mnt"
  for d in $disk $medium $other $part_loop; do losetup -d "$d"; done
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$mnt"
truncate -s 3G "$work/disk.img"
disk=$(losetup -f --show -P "$work/disk.img") || { echo "install-test: losetup failed"; exit 1; }
mkdir -p "$work/medium-tree"
osirrox -indev "$iso" -extract /boot "$work/medium-tree/boot" >/dev/null 2>&1 || { echo "install-test: osirrox cannot read $iso"; exit 1; }
rm -rf "$work/medium-tree/boot/grub"
mke2fs -q -t ext4 -L RancherOS -d "$work/medium-tree" "$work/medium.img" 400M >/dev/null || { echo "install-test: mke2fs of the medium failed"; exit 1; }
rm -rf "$work/medium-tree"
medium=$(losetup -f --show -r "$work/medium.img") || { echo "install-test: losetup of the medium failed"; exit 1; }
cat > "$work/cc.yml" <<'YML'
#cloud-config
hostname: installed-host
rancher:
  upgrade:
    tries: 3
YML
printf '#cloud-config\nrancher:\n  network: 5\n' > "$work/bad.yml"
export INITOS_INSTALL_WORKDIR=$work/run
# a cloud-config that does not validate stops the install before anything is written
"$ros" install -d "$disk" -c "$work/bad.yml" -f --no-reboot > "$work/bad.out" 2>&1
is "an invalid cloud-config stops the install (exit 1)" 1 "$?"
check "it says so" grep -q "does not validate" "$work/bad.out"
is "the disk is untouched" 0 "$(head -c 4M "$work/disk.img" | tr -d '\0' | wc -c)"
# the install
start=$(date +%s.%N)
"$ros" install -d "$disk" -c "$work/cc.yml" -a "rancher.autologin=ttyS0" -f --no-reboot > "$work/install.out" 2>&1
code=$?
secs=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
sed 's/^/  | /' "$work/install.out"
is "ros install exits 0" 0 "$code"
check "progress lines for every step" grep -q '^\[7/7\]' "$work/install.out"
echo "install-test: ros install took ${secs}s"
# the partition table, as sfdisk sees it; partitions are read through the image file at their offsets (this
# machine's kernel may not scan a loop device's partitions: the installer then made one loop per partition)
json=$(sfdisk --json "$disk")
start() { echo "$json" | python3 -c "import json,sys; print(json.load(sys.stdin)['partitiontable']['partitions'][$1 - 1]['start'] * 512)"; }
size() { echo "$json" | python3 -c "import json,sys; print(json.load(sys.stdin)['partitiontable']['partitions'][$1 - 1]['size'] * 512)"; }
part_loop=""
mount_part() {  # mount_part N: partition N read-only on $mnt, through a loop device at its offset
  part_loop=$(losetup -f --show -r -o "$(start "$1")" --sizelimit "$(size "$1")" "$work/disk.img") && mount -o ro "$part_loop" "$mnt"
}
umount_part() { umount "$mnt"; losetup -d "$part_loop"; part_loop=""; }
label_of() { blkid -p -o value -s LABEL -O "$(start "$1")" "$work/disk.img"; }
is "GPT" gpt "$(echo "$json" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["label"])')"
is "partition names" "BIOS-BOOT EFI-SYSTEM INITOS_BOOT RANCHER_STATE" "$(echo "$json" | python3 -c 'import json,sys; print(" ".join(p.get("name","") for p in json.load(sys.stdin)["partitiontable"]["partitions"]))')"
is "partition types" "21686148-6449-6E6F-744E-656564454649 C12A7328-F81F-11D2-BA4B-00A0C93EC93B 0FC63DAF-8483-4772-8E79-3D69D8477DE4 0FC63DAF-8483-4772-8E79-3D69D8477DE4" \
  "$(echo "$json" | python3 -c 'import json,sys; print(" ".join(p["type"] for p in json.load(sys.stdin)["partitiontable"]["partitions"]))')"
check "sfdisk --verify finds no problem" sfdisk --verify "$disk"
is "labels" "INITOS_EFI INITOS_BOOT RANCHER_STATE" "$(for n in 2 3 4; do label_of $n; done | tr '\n' ' ' | sed 's/ $//')"
# BIOS: GRUB's boot.img in the MBR pointing at core.img in partition 1, the partition table kept
mbr_lba=$(dd if="$disk" bs=1 skip=$((0x5c)) count=8 2>/dev/null | od -An -t u8 | tr -d ' ')
is "the MBR points at core.img (LBA 2048)" 2048 "$mbr_lba"
is "the MBR ends in 55aa" 55aa "$(dd if="$disk" bs=1 skip=510 count=2 2>/dev/null | od -An -t x1 | tr -d ' ')"
is "core.img's blocklist starts at LBA 2049" 2049 "$(dd if="$disk" bs=1 skip=$((2048 * 512 + 500)) count=8 2>/dev/null | od -An -t u8 | tr -d ' ')"
osirrox -indev "$iso" -extract /boot/installer/core.img "$work/core.img" >/dev/null 2>&1
check "core.img is the payload's (first 500 bytes)" cmp -n 500 <(dd if="$work/disk.img" bs=512 skip=2048 count=1 2>/dev/null) "$work/core.img"
# UEFI: the removable path on the EFI system partition
export MTOOLS_SKIP_CHECK=1
check "EFI/BOOT/BOOTX64.EFI on the ESP" sh -c "mdir -i '$work/disk.img@@$(start 2)' ::/EFI/BOOT | grep -qi bootx64"
# the boot partition: slot A, grubenv, grub.cfg
mount_part 3
env_list=$(grub-editenv "$mnt/grub/grubenv" list 2>&1)
is "grubenv, as grub-editenv reads it" "active=A next=A" "$(echo "$env_list" | grep -E '^(active|next)=' | sort | tr '\n' ' ' | sed 's/ $//')"
is "grubenv is one 1024-byte block" 1024 "$(stat -c %s "$mnt/grub/grubenv")"
check "grub.cfg passes grub-script-check" grub-script-check "$mnt/grub/grub.cfg"
check "grub.cfg boots slot A with the -a arguments and the state label" grep -q 'linux /A/vmlinuz .*rancher.state.dev=LABEL=RANCHER_STATE .*rancher.autologin=ttyS0.*initos.slot=A' "$mnt/grub/grub.cfg"
check "slot A's manifest names the version" grep -q '^version=' "$mnt/A/manifest"
check "slot A's kernel and initrd match the manifest" sh -c "cd '$mnt/A' && for f in vmlinuz initrd; do grep -q \"^sha256:\$f=\$(sha256sum \$f | cut -d' ' -f1)\$\" manifest || exit 1; done"
is "the -a arguments are kept for upgrades" "rancher.autologin=ttyS0" "$(cat "$mnt/grub/append")"
check "slot B is empty" test ! -e "$mnt/B/manifest"
umount_part
# the state partition: the cloud-config, private
mount_part 4
is "the cloud-config is in cloud-config.d, 0600" "600" "$(stat -c %a "$mnt/var/lib/rancher/conf/cloud-config.d/install.yml" 2>&1)"
check "its content is the given file" cmp "$work/cc.yml" "$mnt/var/lib/rancher/conf/cloud-config.d/install.yml"
umount_part
# refusals
"$ros" install -d "$disk" --no-reboot < /dev/null > "$work/again.out" 2>&1
is "a disk with a partition table is refused without -f (exit 1)" 1 "$?"
check "the refusal names what it found" grep -qi "partition table\|filesystem" "$work/again.out"
# a mounted disk (a whole-disk filesystem: the same device-number check covers partitions)
truncate -s 2G "$work/other.img" && mke2fs -q -t ext4 "$work/other.img" && other=$(losetup -f --show "$work/other.img")
mount -o ro "$other" "$mnt"
"$ros" install -d "$other" -f --no-reboot > "$work/mounted.out" 2>&1
is "a mounted disk is refused even with -f" 1 "$?"
check "the refusal names the mount" grep -q "$other on $mnt" "$work/mounted.out"
umount "$mnt"
if [ -e "${disk}p4" ]; then
  "$ros" install -d "${disk}p4" -f --no-reboot > "$work/part.out" 2>&1
  is "a partition is refused" 1 "$?"
fi
is "the installer's partition loops are gone" "" "$(losetup -j "$work/disk.img" | grep -v "^$disk:")"

"$ros" install -d "$disk" -f --no-reboot -a 'x"y' > "$work/args.out" 2>&1
is "kernel arguments GRUB would mangle are refused" 1 "$?"
"$ros" install -d "$disk" -t amazon-ebs -f --no-reboot > "$work/type.out" 2>&1
is "an unsupported install type is refused" 1 "$?"
check "the type refusal names the supported ones" grep -q "supported: generic" "$work/type.out"
echo "install-test: $passes passed, $fails failed"
[ "$fails" -eq 0 ]
