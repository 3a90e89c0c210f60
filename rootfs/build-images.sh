#!/usr/bin/env bash
# build-images.sh OUT_TAR VERSION WORKDIR: builds the system images from Debian trixie packages with
# mmdebstrap (no docker daemon) and writes them as one `docker load`-able archive.
#
# Every image is Debian's Essential:yes set plus os-base's list (no apt: the images are immutable), and
# every other image is os-base's tree plus its own list (rootfs/images/<name>.list); its layers are os-base's
# layer (shared) and the difference of its tree against os-base's (mkdockerarchive.py).
# A tree is rebuilt only when its inputs changed (a stamp holds the hash of the lists and this script).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
out=${1:?usage: build-images.sh OUT_TAR VERSION WORKDIR}
version=${2:?version}
work=${3:?workdir}
# IMAGES and LISTS build other images the same way (the service catalogue: rootfs/catalogue); os-base's list
# always comes from rootfs/images, and <name>.files/ beside a list is copied into that image's tree.
read -r -a images <<< "${IMAGES:-os-base os-console os-docker}"
lists=${LISTS:-$here/images}
mkdir -p "$work"

# docs, man pages and locales are not wanted in any image
dpkg_excludes=(
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  --dpkgopt='path-include=/usr/share/locale/locale.alias'
  --dpkgopt='path-exclude=/usr/share/lintian/*'
  --dpkgopt='path-exclude=/usr/share/bash-completion/*'
  --dpkgopt='path-exclude=/usr/share/zsh/*'
)

# users and groups every image shares (RancherOS numbering): group docker 1101, user rancher 1100 and
# user docker 1101, both in the groups docker and sudo (sudo exists once the console installs it).
# Every password is locked (`!`; issue 8: rancher used to have an empty one, a root shell on the serial
# console): rancher gets in with an SSH key, autologin on a console the operator named, or a configured
# password, which console-init sets at run time. sudo stays passwordless for the sudo group (RancherOS).
group_hook='if chroot "$1" getent group docker >/dev/null; then chroot "$1" groupmod -g 1101 docker; else chroot "$1" groupadd -g 1101 docker; fi'
cleanup_hook='cd "$1" && rm -rf var/lib/apt/lists/* var/cache/apt/*.bin var/cache/apt/archives/*.deb var/cache/ldconfig/aux-cache var/cache/debconf/*-old var/lib/dpkg/*-old var/log/* etc/ssh/ssh_host_* && : > etc/machine-id && rm -f etc/hostname etc/resolv.conf && : > etc/resolv.conf'
console_hook='chroot "$1" groupadd -g 1100 rancher && chroot "$1" useradd -m -u 1100 -g 1100 -G docker,sudo -s /bin/bash rancher && chroot "$1" useradd -m -u 1101 -g 1101 -G docker,sudo -s /bin/bash docker && echo "%sudo ALL=(ALL:ALL) NOPASSWD: ALL" > "$1/etc/sudoers.d/initos" && chmod 0440 "$1/etc/sudoers.d/initos" && chroot "$1" usermod -p "!" rancher && chroot "$1" usermod -p "!" docker && chroot "$1" passwd -l root >/dev/null'

# Links keep the kernel's names (eth0, eth1, ...) that RancherOS configurations are written for: a .link
# file that matches every link and names none overrides systemd's 99-default.link (which renames to
# enp0s2), and keeps the MAC address a bond or bridge gets from the kernel (MACAddressPolicy=none).
naming_hook='mkdir -p "$1/etc/systemd/network" && printf "%s\n" "# InitOS: links keep the kernel names (eth0, ...)" "[Match]" "OriginalName=*" "" "[Link]" "NamePolicy=" "MACAddressPolicy=none" > "$1/etc/systemd/network/99-default.link"'

# trimmed from every image: the udev hardware database (vendor/model names, keyboard maps: nothing the
# services need), iconv modules,
# perl (Essential in Debian for dpkg's maintainer scripts; no service runs it, and the images are never
# upgraded with dpkg: ~9 MB, a tenth of os-base), systemd's PID 1 core library (libsystemd-shared ships it; only
# the systemd binary, not installed, links it), Berkeley DB with its only users (iproute2's arpd, pam_userdb),
# and dpkg's debconf templates and library symbol files (for dpkg-reconfigure and dpkg-shlibdeps: ~2.3 MB that
# no service reads, and the images are never reconfigured; the package lists and md5sums stay)
trim_hook='cd "$1" && rm -rf var/lib/dpkg/info/*.symbols var/lib/dpkg/info/*.templates var/cache/debconf/templates.dat usr/lib/udev/hwdb.d usr/lib/udev/hwdb.bin usr/lib/x86_64-linux-gnu/gconv usr/bin/perl usr/bin/perl5.* usr/lib/x86_64-linux-gnu/perl-base usr/share/perl5 usr/lib/x86_64-linux-gnu/perl usr/lib/x86_64-linux-gnu/systemd/libsystemd-core-*.so usr/sbin/arpd usr/lib/x86_64-linux-gnu/security/pam_userdb.so usr/lib/x86_64-linux-gnu/libdb-5.3.so'
# One copy of the engine: in os-console and os-docker the engine binaries (ENGINE_FILES) are symlinks to
# $SYSTEM_MNT/engine/<name>, which the services running these images bind-mount read-only from the host
# (the same files the system engine runs). Engine tools no service runs are dropped.
engine_hook='cd "$1"'
for e in "${ENGINE_FILES[@]}"; do
  engine_hook+=" && if [ -e .${e#*=} ]; then rm -f .${e#*=} && ln -s $SYSTEM_MNT/engine/${e%%=*} .${e#*=}; fi"
done
engine_hook+=' && rm -f usr/bin/ctr usr/bin/containerd-stress usr/bin/containerd-shim usr/bin/containerd-shim-runc-v1'

apt_source_lines >/dev/null || die "no Debian mirror in this machine's apt sources (set DEBIAN_MIRROR)"
base_packages=$(list_packages "$here/images/os-base.list" | paste -sd, -)
list_of() { if [ "$1" = os-base ]; then echo "$here/images/os-base.list"; else echo "$lists/$1.list"; fi; }
inputs_hash() {
  { cat "$here/images/os-base.list" "$(list_of "$1")" "$0"; [ ! -f "$lists/$1.suite" ] || cat "$lists/$1.suite"
    if [ -d "$lists/$1.files" ]; then (cd "$lists/$1.files" && find . -type f | LC_ALL=C sort | xargs cat); fi; } | sha256sum | cut -c1-16
}

for name in "${images[@]}"; do
  tree=$work/$name/tree stamp=$work/$name/stamp want=$(inputs_hash "$name")
  if [ -d "$tree" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
    log "$name: tree up to date"
    continue
  fi
  rm -rf "$work/$name" && mkdir -p "$work/$name"
  pkgs=$base_packages
  [ "$name" = os-base ] || pkgs="$pkgs,$(list_packages "$(list_of "$name")" | paste -sd, -)"
  hooks=(--customize-hook="$group_hook" --customize-hook="$naming_hook")
  case $name in os-console|console-*) hooks+=(--customize-hook="$console_hook") ;; esac
  # an engine image (engine-*) keeps its own engine binaries; every other image links to the system engine's
  case $name in os-base|engine-*) ;; *) hooks+=(--customize-hook="$engine_hook") ;; esac
  [ "$name" = os-base ] || [ ! -d "$lists/$name.files" ] || hooks+=(--customize-hook="cp -a '$lists/$name.files/.' \"\$1/\"")
  hooks+=(--customize-hook="$trim_hook")
  # <name>.suite names another Debian suite for that image (an engine from bookworm)
  suite=$SUITE; [ ! -f "$lists/$name.suite" ] || suite=$(tr -d ' \n' < "$lists/$name.suite")
  log "$name: mmdebstrap $suite essential + $(echo "$pkgs" | tr , ' ')"
  SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(date -d 2025-01-01 +%s)} \
    mmdebstrap --mode=root --variant=essential --format=directory --skip=check/signed-by --quiet \
      --include="$pkgs" "${dpkg_excludes[@]}" "${hooks[@]}" --customize-hook="$cleanup_hook" \
      "$suite" "$tree" "$(SUITE=$suite apt_source_lines)" >"$work/$name/mmdebstrap.log" 2>&1 \
    || { tail -n 30 "$work/$name/mmdebstrap.log" >&2; die "$name: mmdebstrap failed"; }
  echo "$want" > "$stamp"
done

args=()
for name in "${images[@]}"; do args+=("initos/$name:$version=$work/$name/tree"); done
python3 "$here/mkdockerarchive.py" --out "$out" --layers "$work/layers" \
  --label "org.opencontainers.image.version=$version" "${args[@]}"
