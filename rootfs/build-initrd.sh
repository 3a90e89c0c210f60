#!/usr/bin/env bash
# build-initrd.sh: assembles the initramfs in two steps, so that a change of the initos binary only
# recompresses that binary (the kernel unpacks concatenated cpio archives in order):
#
#   build-initrd.sh base BOOT_TREE OUT_ZST
#     the boot root without initos, zstd-compressed: glibc and the libraries every binary here needs (from
#     ELF NEEDED entries), the kernel modules of kernel-config/modules.list with their dependencies, kmod,
#     blkid, mke2fs, iptables-nft/nft with their plugins, busybox for the recovery console (its applets
#     where no tool or initos personality stands), /etc basics, rootfs/overlay/, the os-release links
#     (/etc/os-release, /usr/lib/os-release -> /usr/share/ros/os-release), and symlinks into the system
#     squashfs for the engine and the images archive. It holds nothing of the version: another VERSION
#     reuses it.
#   build-initrd.sh pack INITOS_BIN BASE_ZST SYSTEM_CPIO VERSION KERNEL_VERSION OUT
#     OUT = BASE_ZST + zstd(cpio of /usr/bin/initos, /init, the personality symlinks and
#     /usr/share/ros/os-release) + SYSTEM_CPIO (uncompressed; holds the system squashfs), each padded to
#     4 bytes as the kernel requires. OUT.system says where the squashfs is in OUT (lean_bytes: the length of
#     OUT without SYSTEM_CPIO; offset: where the squashfs starts; id: its id) for the ISO's live initrd.
#
# PERSONALITIES (env, both steps): names linked to initos besides init (default: ros system-docker).
# INITRD_ROOT (env, base): where the boot root is staged and kept (default: next to OUT_ZST).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
personalities=${PERSONALITIES:-ros system-docker}
# personality_path NAME: where the symlink for a personality lives
personality_path() { case $1 in reboot|poweroff|halt|shutdown) echo "usr/sbin/$1" ;; *) echo "usr/bin/$1" ;; esac; }
# write_os_release VERSION KERNEL_VERSION: /usr/share/ros/os-release on stdout (the init reads VERSION_ID
# for the system images' tag)
write_os_release() {
  cat <<OSR
NAME="InitOS"
ID=initos
ID_LIKE=rancheros
VERSION="$1"
VERSION_ID=$1
PRETTY_NAME="InitOS $1"
HOME_URL=""
BUILD_ID=$2
OSR
}
# pack_dir DIR: a newc cpio of DIR on stdout, sorted, owned by root, reproducible
pack_dir() { (cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet --reproducible); }

if [ "${1:-}" = pack ]; then
  initos=${2:?usage: build-initrd.sh pack INITOS_BIN BASE_ZST SYSTEM_CPIO VERSION KERNEL_VERSION OUT}
  base=${3:?base} system_cpio=${4:?system cpio} version=${5:?version} kver=${6:?kernel version} out=${7:?output}
  stage=$(mktemp -d "${out%/*}/initos-stage.XXXXXX")
  trap 'rm -rf "$stage"' EXIT
  mkdir -p "$stage/usr/bin" "$stage/usr/sbin" "$stage/usr/share/ros"
  write_os_release "$version" "$kver" > "$stage/usr/share/ros/os-release"
  install -m 0755 "$initos" "$stage/usr/bin/initos"
  ln -s usr/bin/initos "$stage/init"
  for p in $personalities; do
    case $(personality_path "$p") in usr/sbin/*) ln -s ../bin/initos "$stage/usr/sbin/$p" ;; *) ln -s initos "$stage/usr/bin/$p" ;; esac
  done
  cp "$base" "$out.tmp"
  pack_dir "$stage" | zstd -q -19 -T0 >> "$out.tmp"
  truncate -s %4 "$out.tmp"  # the kernel finds an uncompressed cpio after a compressed one only at a 4-byte offset
  lean=$(stat -c %s "$out.tmp")
  # OUT.system: where the squashfs is inside OUT (the ISO's live initrd leaves it on the medium: build-iso.sh)
  inner=$(python3 - "$system_cpio" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read(1 << 20)
pos = 0
while data[pos:pos + 6] == b'070701':
    namesize, filesize = int(data[pos + 94:pos + 102], 16), int(data[pos + 54:pos + 62], 16)
    name = data[pos + 110:pos + 110 + namesize - 1].decode()
    start = (pos + 110 + namesize + 3) & ~3
    if name.endswith('usr/lib/initos/system.sqfs'):
        print(start)
        sys.exit(0)
    pos = (start + filesize + 3) & ~3
sys.exit('no usr/lib/initos/system.sqfs member in ' + sys.argv[1])
PY
)
  printf 'lean_bytes=%s\noffset=%s\nid=%s\n' "$lean" $((lean + inner)) "$(cat "$system_cpio.id")" > "$out.system.tmp"
  cat "$system_cpio" >> "$out.tmp"
  mv -f "$out.system.tmp" "$out.system"
  mv -f "$out.tmp" "$out"
  log "$(du -h "$out" | cut -f1) $out"
  exit 0
fi

[ "${1:-}" = base ] || die "usage: build-initrd.sh base BOOT_TREE OUT_ZST | pack INITOS_BIN BASE_ZST SYSTEM_CPIO VERSION KERNEL_VERSION OUT"
tree=${2:?boot tree}
out=${3:?output}
kconf=$here/../kernel-config
kver=$(kernel_version "$tree")
root=${INITRD_ROOT:-${out%/*}/initrd-root}  # kept after the build (bench measures it)
rm -rf "$root" && mkdir -p "$root"

# merged /usr like Debian; the pseudo filesystems' mount points
mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{dev,proc,sys,run,tmp,etc,root,mnt,var,home,opt,media}
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
chmod 1777 "$root/tmp"; chmod 0700 "$root/root"

# copy_in PATH...: copies paths of the boot tree into the root, following symlinks to their targets
copy_in() {
  local p t
  for p in "$@"; do
    while :; do
      if [ ! -e "$root$p" ] && [ ! -L "$root$p" ]; then
        mkdir -p "$root${p%/*}" && cp -a "$tree$p" "$root$p"
      fi
      [ -L "$tree$p" ] || break
      t=$(readlink "$tree$p")
      case $t in /*) p=$t ;; *) p=$(realpath -m -s "${p%/*}/$t") ;; esac
    done
  done
}

# 1. tools init runs and their libraries, the engine's libraries (its binaries live in the squashfs), and
#    what initos needs: glibc (libc, libm) and libssl, which .NET opens at run time for HTTPS
tools=(/usr/bin/kmod /usr/sbin/blkid /usr/sbin/mke2fs /usr/sbin/e2fsck /usr/sbin/xtables-nft-multi /usr/sbin/nft /usr/bin/busybox)
copy_in "${tools[@]}" /usr/lib64/ld-linux-x86-64.so.2 /etc/mke2fs.conf /etc/protocols /etc/services /etc/ethertypes
copy_in /usr/lib/x86_64-linux-gnu/xtables
elves=()
for t in "${tools[@]}" "${ENGINE_FILES[@]#*=}"; do elves+=("$tree$t"); done
elves+=("$tree"/usr/lib/x86_64-linux-gnu/xtables/*.so)
mapfile -t libs < <(needed_libs "$tree" "${elves[@]}")
copy_in "${libs[@]}" /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/lib/x86_64-linux-gnu/libm.so.6
mapfile -t libs < <(needed_libs "$tree" "$tree/usr/lib/x86_64-linux-gnu/libssl.so.3"); copy_in /usr/lib/x86_64-linux-gnu/libssl.so.3 "${libs[@]}"
for l in modprobe insmod rmmod lsmod modinfo depmod; do ln -s ../bin/kmod "$root/usr/sbin/$l"; done
for l in mkfs.ext4 mkfs.ext3 mkfs.ext2; do ln -s mke2fs "$root/usr/sbin/$l"; done
# the state partition is checked (e2fsck -p) before it is mounted
for l in fsck.ext4 fsck.ext3 fsck.ext2; do ln -s e2fsck "$root/usr/sbin/$l"; done
for l in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore \
         iptables-nft iptables-nft-save iptables-nft-restore ip6tables-nft ip6tables-nft-save ip6tables-nft-restore; do
  ln -s xtables-nft-multi "$root/usr/sbin/$l"
done
# the engine: symlinks into the squashfs that the init mounts on SYSTEM_MNT
for e in "${ENGINE_FILES[@]}"; do ln -s "$SYSTEM_MNT/engine/${e%%=*}" "$root/usr/bin/${e%%=*}"; done
mkdir -p "$root$SYSTEM_MNT"

# 2. busybox applets where no real tool or personality stands
while read -r a; do
  case $a in bin/*|sbin/*) a=usr/$a ;; esac
  case " $personalities " in *" ${a##*/} "*) [ "$(personality_path "${a##*/}")" != "$a" ] || continue ;; esac
  [ -e "$root/$a" ] || [ -L "$root/$a" ] || { mkdir -p "$root/${a%/*}"; ln -s /usr/bin/busybox "$root/$a"; }
done < <("$tree/usr/bin/busybox" --list-full)

# 3. kernel modules of modules.list and their dependencies, with fresh depmod indexes: those PID 1 loads on
#    every boot (modules-uncompressed.list, with their dependencies) uncompressed, the others as Debian ships them
moddir=/usr/lib/modules/$kver
mapfile -t mods < <(bash "$kconf/resolve-modules.sh" "$tree$moddir" "$kconf/modules.list")
declare -A plain=()
while read -r m; do plain[$m]=1; done < <(bash "$kconf/resolve-modules.sh" "$tree$moddir" "$kconf/modules-uncompressed.list")
for m in "${mods[@]}"; do
  mkdir -p "$root$moddir/${m%/*}"
  case $m in
    *.xz) if [ -n "${plain[$m]:-}" ]; then xz -dc "$tree$moddir/$m" > "$root$moddir/${m%.xz}"; else cp "$tree$moddir/$m" "$root$moddir/$m"; fi ;;
    *.zst) zstd -qdc "$tree$moddir/$m" > "$root$moddir/${m%.zst}" ;;
    *) cp "$tree$moddir/$m" "$root$moddir/$m" ;;
  esac
done
for m in "${!plain[@]}"; do
  [ -f "$root$moddir/${m%.xz}" ] || die "modules-uncompressed.list names ${m##*/}, which modules.list does not pull in"
done
cp "$tree$moddir"/modules.{builtin,builtin.modinfo,order} "$root$moddir/"
depmod -b "$root" "$kver"

# 4. /etc: users (RancherOS numbering), name service, CA bundle, os-release links
cat > "$root/etc/passwd" <<'PW'
root:x:0:0:root:/root:/bin/sh
rancher:x:1100:1100:rancher:/home/rancher:/bin/sh
docker:x:1101:1101:docker:/home/docker:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
PW
cat > "$root/etc/group" <<'GR'
root:x:0:
sudo:x:27:rancher,docker
rancher:x:1100:
docker:x:1101:rancher,docker
nogroup:x:65534:
GR
printf 'root:*:1::::::\nrancher:*:1::::::\ndocker:*:1::::::\nnobody:*:1::::::\n' > "$root/etc/shadow"
chmod 0600 "$root/etc/shadow"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' > "$root/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$root/etc/hosts"
mkdir -p "$root/etc/ssl/certs"
cat "$tree"/usr/share/ca-certificates/mozilla/*.crt > "$root/etc/ssl/certs/ca-certificates.crt"
mkdir -p "$root/usr/share/ros"
# os-release itself comes with initos (pack): it names the version
ln -s ../usr/share/ros/os-release "$root/etc/os-release"
ln -s ../share/ros/os-release "$root/usr/lib/os-release"

# 5. the overlay (os-config.yml and other files owned by the config and init issues)
cp -a "$here/overlay/." "$root/"

# 6. pack (padded so that the next archive starts at a 4-byte offset)
pack_dir "$root" | zstd -q -${ZSTD_LEVEL:-19} -T0 > "$out.tmp"
truncate -s %4 "$out.tmp"
mv -f "$out.tmp" "$out"
log "$(du -h "$out" | cut -f1) boot root ($(du -sh --apparent-size "$root" | cut -f1) unpacked, ${#mods[@]} modules, kernel $kver)"
