#!/usr/bin/env bash
# build-initrd.sh BOOT_TREE INITOS_BIN SYSTEM_CPIO VERSION OUT: assembles the initramfs.
#
# OUT = zstd(cpio of the boot root) + SYSTEM_CPIO (uncompressed; holds the system squashfs).
# The boot root: /init and /usr/bin/initos (the NativeAOT binary) with its personality symlinks, glibc and
# the libraries every binary here needs (from ELF NEEDED entries), the kernel modules of
# kernel-config/modules.list with their dependencies, kmod, blkid, mke2fs, iptables-nft/nft with their
# plugins, busybox for the recovery console, /etc basics, rootfs/overlay/, /usr/share/ros/os-release, and
# symlinks into the system squashfs for the engine and the images archive.
# PERSONALITIES (env): the names linked to initos besides init (default: ros system-docker).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
tree=${1:?usage: build-initrd.sh BOOT_TREE INITOS_BIN SYSTEM_CPIO VERSION OUT}
initos=${2:?initos binary}
system_cpio=${3:?system cpio}
version=${4:?version}
out=${5:?output}
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

# 1. initos: /init and the personalities (they win over busybox applets of the same name)
install -m 0755 "$initos" "$root/usr/bin/initos"
ln -s usr/bin/initos "$root/init"
for p in ${PERSONALITIES:-ros system-docker}; do
  case $p in reboot|poweroff|halt|shutdown) ln -s ../bin/initos "$root/usr/sbin/$p" ;; *) ln -s initos "$root/usr/bin/$p" ;; esac
done

# 2. tools init runs and their libraries, the engine's libraries (its binaries live in the squashfs)
tools=(/usr/bin/kmod /usr/sbin/blkid /usr/sbin/mke2fs /usr/sbin/xtables-nft-multi /usr/sbin/nft /usr/bin/busybox)
copy_in "${tools[@]}" /usr/lib64/ld-linux-x86-64.so.2 /etc/mke2fs.conf /etc/protocols /etc/services /etc/ethertypes
copy_in /usr/lib/x86_64-linux-gnu/xtables
elves=("$initos")
for t in "${tools[@]}" "${ENGINE_FILES[@]#*=}"; do elves+=("$tree$t"); done
elves+=("$tree"/usr/lib/x86_64-linux-gnu/xtables/*.so)
mapfile -t libs < <(needed_libs "$tree" "${elves[@]}")
copy_in "${libs[@]}"
for l in modprobe insmod rmmod lsmod modinfo depmod; do ln -s ../bin/kmod "$root/usr/sbin/$l"; done
for l in mkfs.ext4 mkfs.ext3 mkfs.ext2; do ln -s mke2fs "$root/usr/sbin/$l"; done
for l in iptables iptables-save iptables-restore ip6tables ip6tables-save ip6tables-restore \
         iptables-nft iptables-nft-save iptables-nft-restore ip6tables-nft ip6tables-nft-save ip6tables-nft-restore; do
  ln -s xtables-nft-multi "$root/usr/sbin/$l"
done
# the engine: symlinks into the squashfs that the init mounts on SYSTEM_MNT
for e in "${ENGINE_FILES[@]}"; do ln -s "$SYSTEM_MNT/engine/${e%%=*}" "$root/usr/bin/${e%%=*}"; done
mkdir -p "$root$SYSTEM_MNT"

# 3. busybox applets where no real tool or personality stands
while read -r a; do
  case $a in bin/*|sbin/*) a=usr/$a ;; esac
  [ -e "$root/$a" ] || [ -L "$root/$a" ] || { mkdir -p "$root/${a%/*}"; ln -s /usr/bin/busybox "$root/$a"; }
done < <("$tree/usr/bin/busybox" --list-full)

# 4. kernel modules of modules.list and their dependencies, uncompressed, with fresh depmod indexes
moddir=/usr/lib/modules/$kver
mapfile -t mods < <(bash "$kconf/resolve-modules.sh" "$tree$moddir" "$kconf/modules.list")
for m in "${mods[@]}"; do
  mkdir -p "$root$moddir/${m%/*}"
  case $m in
    *.xz) xz -dc "$tree$moddir/$m" > "$root$moddir/${m%.xz}" ;;
    *.zst) zstd -qdc "$tree$moddir/$m" > "$root$moddir/${m%.zst}" ;;
    *) cp "$tree$moddir/$m" "$root$moddir/$m" ;;
  esac
done
cp "$tree$moddir"/modules.{builtin,builtin.modinfo,order} "$root$moddir/"
depmod -b "$root" "$kver"

# 5. /etc: users (RancherOS numbering), name service, CA bundle, os-release
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
cat > "$root/usr/share/ros/os-release" <<OSR
NAME="InitOS"
ID=initos
ID_LIKE=rancheros
VERSION="$version"
VERSION_ID=$version
PRETTY_NAME="InitOS $version"
HOME_URL=""
BUILD_ID=$kver
OSR
ln -s ../usr/share/ros/os-release "$root/etc/os-release"
ln -s ../share/ros/os-release "$root/usr/lib/os-release"
ln -s "$SYSTEM_MNT/images-system.tar" "$root/usr/share/ros/images-system.tar"

# 6. the overlay (os-config.yml and other files owned by the config and init issues)
cp -a "$here/overlay/." "$root/"

# 7. pack: the boot root compressed, the system squashfs appended uncompressed
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet --reproducible) \
  | zstd -q -${ZSTD_LEVEL:-19} -T0 > "$out.tmp"
truncate -s %4 "$out.tmp"  # the kernel finds an uncompressed cpio after a compressed one only at a 4-byte offset
cat "$system_cpio" >> "$out.tmp"
mv -f "$out.tmp" "$out"
log "$(du -h "$out" | cut -f1) initrd ($(du -sh --apparent-size "$root" | cut -f1) boot root, ${#mods[@]} modules, kernel $kver)"
