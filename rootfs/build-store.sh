#!/usr/bin/env bash
# build-store.sh IMAGES_TAR VERSION OUT_DIR: the system images as a prepared image store (issue 10: no image
# loading at boot). A private dockerd (Debian's docker.io on the build host: its own socket, data and exec roots,
# no network) loads the archive once; its overlay2 layers and image metadata become OUT_DIR/{overlay2,image}, which
# build-system.sh puts in the system squashfs. At boot the init grafts the metadata into the system engine's data
# root and links each layer's contents to the squashfs (SystemImageStore in src/InitOS.Core/Boot): the engine
# finds the images in place and overlayfs reads them from the read-only medium.
# The layout (overlay2/<cache-id>/{diff,link,lower}, overlay2/l/, image/overlay2/{layerdb,imagedb,repositories.json})
# has been the same from Docker 1.12 to the engine the images run on (trixie's 26.1).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
tar=${1:?usage: build-store.sh IMAGES_TAR VERSION OUT_DIR}
version=${2:?version}
out=${3:?out dir}
need_dockerd
d=$(mktemp -d /tmp/initos-store.XXXXXX)
sock=$d/d.sock
dockerd --host "unix://$sock" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/d.pid" \
  --bridge none --iptables=false --ip-masq=false --storage-driver overlay2 >"$d/dockerd.log" 2>&1 &
dpid=$!
cleanup() {
  kill "$dpid" 2>/dev/null || true; wait "$dpid" 2>/dev/null || true
  umount -l "$d/exec/netns/default" 2>/dev/null || true
  rm -rf "$d"
}
trap cleanup EXIT
for _ in $(seq 150); do docker -H "unix://$sock" version >/dev/null 2>&1 && break; sleep 0.2; done
docker -H "unix://$sock" version >/dev/null || { tail -n 20 "$d/dockerd.log" >&2; exit 1; }
docker -H "unix://$sock" load -q -i "$tar" >/dev/null
for i in os-base os-console os-docker; do
  docker -H "unix://$sock" image inspect "initos/$i:$version" >/dev/null
done
# stopped cleanly: the store is what a dockerd leaves on disk, nothing half-written
kill "$dpid"; wait "$dpid" || true
rm -rf "$out.tmp"; mkdir -p "$out.tmp"
cp -a "$d/data/image" "$d/data/overlay2" "$out.tmp/"
# a layer's tar-split (already gzip: ~200 KiB that xz cannot shrink) only serves `docker save`/`push` of the system
# images from the system engine, which nothing does (the images ship in the OS image): left out of the initrd
find "$out.tmp/image" -name tar-split.json.gz -delete
rm -rf "$out"; mv "$out.tmp" "$out"
log "$(du -sh --apparent-size "$out/overlay2" | cut -f1) of layers, $(du -sh --apparent-size "$out/image" | cut -f1) of metadata in $out"
