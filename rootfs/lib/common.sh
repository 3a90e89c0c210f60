# Shared helpers for the rootfs build scripts (sourced, never run).
# The Debian mirror is read from this machine's apt configuration at run time; DEBIAN_MIRROR and
# DEBIAN_SECURITY_MIRROR override it. No registry host name is written in this repository.

SUITE=${SUITE:-trixie}

# apt_uris: every archive URI the host's apt sources name (deb822 .sources and one-line .list files).
apt_uris() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -hE '^[[:space:]]*(URIs:|deb[[:space:]])' "$f" | grep -oE '(https?|file)://[^[:space:]]+'
  done
}

# debian_mirror: the Debian archive mirror (a URI ending in /debian).
debian_mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then echo "${DEBIAN_MIRROR%/}"; return; fi
  local m
  m=$(apt_uris | sed 's#/$##' | grep -E '/debian$' | head -n1)
  [ -n "$m" ] || { echo "rootfs: no Debian mirror in the apt sources; set DEBIAN_MIRROR=" >&2; return 1; }
  echo "$m"
}

# debian_security_mirror: the security archive (…/debian-security), empty when the host has none.
debian_security_mirror() {
  if [ -n "${DEBIAN_SECURITY_MIRROR+x}" ]; then echo "${DEBIAN_SECURITY_MIRROR%/}"; return; fi
  apt_uris | sed 's#/$##' | grep -E '/debian-security$' | head -n1
}

# apt_source_lines: the one-line sources mmdebstrap is given for $SUITE (main, updates, security).
apt_source_lines() {
  local m s
  m=$(debian_mirror) || return 1
  s=$(debian_security_mirror)
  echo "deb $m $SUITE main"
  echo "deb $m $SUITE-updates main"
  [ -z "$s" ] || echo "deb $s $SUITE-security main"
}

# list_packages FILE...: the package names in list files (comments and blank lines dropped).
list_packages() { sed -e 's/#.*//' "$@" | tr -s ' \t' '\n' | grep -v '^$' | sort -u; }

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "$*"; exit 1; }

# The system engine: files of the boot tree that go into the system squashfs under engine/ and get a
# symlink in /usr/bin of the initrd (name in the initrd = path in the boot tree).
ENGINE_FILES=(
  dockerd=/usr/sbin/dockerd
  docker-proxy=/usr/sbin/docker-proxy
  containerd=/usr/bin/containerd
  containerd-shim-runc-v2=/usr/bin/containerd-shim-runc-v2
  runc=/usr/sbin/runc
  docker-init=/usr/bin/tini-static
  docker=/usr/bin/docker
)

# Where the init mounts the system squashfs (the initrd carries it at SYSTEM_SQFS).
SYSTEM_SQFS=/usr/lib/initos/system.sqfs
SYSTEM_MNT=/usr/lib/initos/system

# kernel_version TREE: the version of the one kernel in the boot tree.
kernel_version() { local v; v=$(ls "$1/usr/lib/modules"); [ "$(echo "$v" | wc -l)" = 1 ] || die "want one kernel in $1, have: $v"; echo "$v"; }

# needed_libs TREE FILE...: every shared library the ELF files need, transitively, as paths inside TREE.
needed_libs() {
  local tree=$1; shift
  local -A seen=()
  local queue=("$@") f so p
  while [ ${#queue[@]} -gt 0 ]; do
    f=${queue[0]}; queue=("${queue[@]:1}")
    for so in $(readelf -d "$f" 2>/dev/null | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
      [ -z "${seen[$so]:-}" ] || continue
      seen[$so]=1
      for p in /usr/lib/x86_64-linux-gnu/$so /usr/lib/$so /usr/lib64/$so; do
        if [ -e "$tree$p" ]; then echo "$p"; queue+=("$tree$p"); continue 2; fi
      done
      die "needed_libs: $so (needed by ${f#$tree}) not found in $tree"
    done
  done | sort -u
}

# The install payload (what `ros install` and `ros os upgrade` read; /boot on the ISO, /dist in the OS image):
# these files, relative to the payload directory, and a `manifest` with their sha256 (write-manifest.sh).
PAYLOAD_FILES=(vmlinuz initrd installer/boot.img installer/core.img installer/esp.img.gz)

# stage_payload DIR VMLINUZ INITRD INSTALLER_DIR VERSION KERNEL_VERSION: fills DIR with the payload files
# (hard links where possible) and its manifest
stage_payload() {
  local dir=$1 f src
  mkdir -p "$dir/installer"
  for f in "${PAYLOAD_FILES[@]}"; do
    case $f in vmlinuz) src=$2 ;; initrd) src=$3 ;; installer/*) src=$4/${f#installer/} ;; esac
    ln -f "$src" "$dir/$f" 2>/dev/null || cp "$src" "$dir/$f"
  done
  bash "$(dirname "${BASH_SOURCE[0]}")/../write-manifest.sh" "$dir" "$5" "$6"
}

# need_dockerd: installs Debian's docker.io when dockerd is missing, without starting the host's own engine
# (the build and the image tests run a private dockerd on a socket and data root of their own).
need_dockerd() {
  command -v dockerd >/dev/null && return 0
  local policy=/usr/sbin/policy-rc.d own=
  [ -e $policy ] || { printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; own=1; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends docker.io >/dev/null
  local rc=$?
  [ -z "$own" ] || rm -f $policy
  return $rc
}
