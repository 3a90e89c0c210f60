#!/usr/bin/env bash
# build-system.sh BOOT_TREE STORE_DIR OUT_CPIO: the bulk of the OS as a squashfs, wrapped in an
# uncompressed cpio that the kernel appends to the initramfs as SYSTEM_SQFS. The init mounts it read-only
# on SYSTEM_MNT; the initrd's /usr/bin/dockerd etc. are symlinks into it.
#   engine/<name>            dockerd docker-proxy containerd containerd-shim-runc-v2 runc docker-init docker
#   store/                   the system images as a prepared image store (build-store.sh), used in place
#   id                       a hash of the contents (the live ISO's check that the medium holds this image)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
tree=${1:?usage: build-system.sh BOOT_TREE STORE_DIR OUT_CPIO}
store=${2:?store dir}
out=${3:?out cpio}
work=$(mktemp -d "${out%/*}/system.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/sqfs/engine" "$work/cpio${SYSTEM_SQFS%/*}"
for e in "${ENGINE_FILES[@]}"; do
  cp "$tree${e#*=}" "$work/sqfs/engine/${e%%=*}"
done
cp -a "$store" "$work/sqfs/store"
# id: a hash of every file's contents; the ISO's live initrd names it, and PID 1 compares it before it uses a
# squashfs read from the boot medium (SystemImageLocation); also written next to OUT_CPIO as OUT_CPIO.id
(cd "$work/sqfs" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-64) > "$work/sqfs/id"
# zstd -19: 85 MB against xz's 74 MB (x86 filter), but the engines start 10 s sooner under QEMU/TCG. dockerd
# (94 MB) and containerd (54 MB) fault in most of their pages at start, and xz decompression of them held the
# system engine's first log line 11 s after its launch (zstd: 3 s; issue 10, bench/results/boot.md).
# SQFS_COMP overrides (e.g. "xz -Xbcj x86" for the smallest image); no NFS export table (nothing exports it)
mksquashfs "$work/sqfs" "$work/cpio$SYSTEM_SQFS" -comp ${SQFS_COMP:-zstd -Xcompression-level 19} -b ${SQFS_BLOCK:-1M} \
  -all-root -no-xattrs -no-exports -quiet -no-progress -mkfs-time 0 -all-time 0 >/dev/null
(cd "$work/cpio" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet --reproducible) > "$out.tmp"
cp "$work/sqfs/id" "$out.id"
mv -f "$out.tmp" "$out"
log "$(du -h --apparent-size "$work/cpio$SYSTEM_SQFS" | cut -f1) squashfs from $(du -sh --apparent-size "$work/sqfs" | cut -f1)"
