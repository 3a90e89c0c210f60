#!/usr/bin/env bash
# write-manifest.sh DIR VERSION KERNEL_VERSION: writes DIR/manifest for an install payload directory (what
# `ros install` and `ros os upgrade` read: /boot of the ISO, /dist of the OS image), one key=value a line:
#   version=<VERSION>
#   kernel=<kernel version>
#   sha256:<path relative to DIR>=<hex>      for each of PAYLOAD_FILES (lib/common.sh), in that order
# Every payload file must exist. The file is replaced atomically.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
dir=${1:?usage: write-manifest.sh DIR VERSION KERNEL_VERSION}
version=${2:?version}
kver=${3:?kernel version}
trap 'rm -f "$dir/manifest.tmp"' EXIT
{
  echo "version=$version"
  echo "kernel=$kver"
  for f in "${PAYLOAD_FILES[@]}"; do
    [ -f "$dir/$f" ] || die "$dir/$f: missing from the payload"
    echo "sha256:$f=$(sha256sum "$dir/$f" | cut -d' ' -f1)"
  done
} > "$dir/manifest.tmp"
mv -f "$dir/manifest.tmp" "$dir/manifest"
