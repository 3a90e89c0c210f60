#!/usr/bin/env bash
# fetch-boot-tree.sh TREE: extracts the Debian trixie packages of packages/boot.list (kernel, engine,
# tools, busybox, glibc) into TREE with mmdebstrap --variant=extract; no maintainer script runs.
# The host's apt configuration is only read (for the mirror), never changed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
tree=${1:?usage: fetch-boot-tree.sh TREE}
rm -rf "$tree.new"
mkdir -p "$(dirname "$tree")"
log "extracting $SUITE: $(list_packages "$here/packages/boot.list" | tr '\n' ' ')"
mmdebstrap --mode=root --variant=extract --format=directory --skip=check/signed-by --quiet \
  --include="$(list_packages "$here/packages/boot.list" | paste -sd, -)" \
  "$SUITE" "$tree.new" "$(apt_source_lines)"
for d in bin sbin lib lib64; do [ -e "$tree.new/$d" ] || ln -s "usr/$d" "$tree.new/$d"; done
# extract runs no scripts, so the module indexes the initrd build resolves against are made here
depmod -b "$tree.new" "$(kernel_version "$tree.new")"
rm -rf "$tree" && mv "$tree.new" "$tree"
log "kernel $(kernel_version "$tree"), $(du -sh "$tree" | cut -f1) extracted"
