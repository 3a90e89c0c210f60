#!/usr/bin/env bash
# build-os-image.sh OUT_TAR VMLINUZ INITRD INSTALLER_DIR VERSION KERNEL_VERSION: the OS image that
# `ros os upgrade` (and `ros install -i`) takes, as a `docker load`-able archive written without a daemon:
# one image tagged initos/os:v<VERSION> whose one layer holds the install payload in /dist (lib/common.sh:
# vmlinuz, initrd, manifest, installer/{boot.img,core.img,esp.img.gz}). It is never run, only created and
# copied from (`docker create`, `docker cp <container>:/dist`): its Cmd /dist/none does not exist.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
out=${1:?usage: build-os-image.sh OUT_TAR VMLINUZ INITRD INSTALLER_DIR VERSION KERNEL_VERSION}
vmlinuz=${2:?vmlinuz} initrd=${3:?initrd} installer=${4:?installer dir} version=${5:?version} kver=${6:?kernel version}
work=$(mktemp -d "${out%/*}/os-image.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage_payload "$work/tree/dist" "$vmlinuz" "$initrd" "$installer" "$version" "$kver"
python3 "$here/mkdockerarchive.py" --out "$out" --layers "$work/layers" --cmd '["/dist/none"]' \
  --created-by "initos rootfs/build-os-image.sh" --label "org.opencontainers.image.version=v$version" \
  "initos/os:v$version=$work/tree"
log "$(du -h "$out" | cut -f1) $out (initos/os:v$version)"
