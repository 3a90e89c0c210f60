#!/usr/bin/env bash
# test-images.sh IMAGES_TAR VERSION: docker-loads the system images archive into a private dockerd
# (its own socket, data and exec roots under a temp dir; never the host's default socket) and runs a
# container from each image. Prints `images-test: N passed, N failed`.
# Needs dockerd, containerd and runc on the build host: Debian's docker.io (installed if missing).
set -uo pipefail
tar=${1:?usage: test-images.sh IMAGES_TAR VERSION}
version=${2:?version}
if ! command -v dockerd >/dev/null; then
  # no service may start on the host's default socket while the package installs
  policy=/usr/sbin/policy-rc.d
  [ -e $policy ] || { printf '#!/bin/sh\nexit 101\n' > $policy; chmod +x $policy; trap 'rm -f $policy' EXIT; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends docker.io >/dev/null
  rm -f $policy; trap - EXIT
fi
d=$(mktemp -d /tmp/initos-images-test.XXXXXX)
export DOCKER_HOST=unix://$d/d.sock
dockerd --host "$DOCKER_HOST" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/d.pid" \
  --bridge none --iptables=false >"$d/dockerd.log" 2>&1 &
dpid=$!
cleanup() { kill "$dpid" 2>/dev/null; wait "$dpid" 2>/dev/null; rm -rf "$d"; }
trap cleanup EXIT
for _ in $(seq 100); do docker version >/dev/null 2>&1 && break; sleep 0.2; done
pass=0 fail=0
check() {  # check DESCRIPTION COMMAND...
  local what=$1; shift
  if out=$("$@" 2>&1); then echo "ok   $what"; pass=$((pass + 1)); else echo "FAIL $what: $(echo "$out" | tail -n 3)"; fail=$((fail + 1)); fi
}
check "docker load" docker load -i "$tar"
for i in os-base os-console os-docker; do
  check "initos/$i:$version is tagged" docker image inspect "initos/$i:$version"
done
check "the images share os-base's layer" bash -c "[ \$(for i in os-base os-console os-docker; do docker image inspect -f '{{index .RootFS.Layers 0}}' initos/\$i:$version; done | sort -u | wc -l) = 1 ]"
check "os-base runs: services' tools" docker run --rm --net none "initos/os-base:$version" sh -c 'for c in busybox ip udevadm chronyd acpid dhcpcd iptables modprobe; do command -v $c >/dev/null || { echo "missing $c"; exit 1; }; done'
check "os-console: user rancher 1100 in docker and sudo" docker run --rm --net none "initos/os-console:$version" sh -c 'id -u rancher | grep -qx 1100 && id -nG rancher | grep -qw docker && id -nG rancher | grep -qw sudo && getent group docker | cut -d: -f3 | grep -qx 1101'
check "os-console: sshd, sudo, agetty" docker run --rm --net none "initos/os-console:$version" sh -c 'command -v sshd && command -v sudo && command -v agetty'
check "os-console: docker CLI links to the host engine" docker run --rm --net none "initos/os-console:$version" sh -c '[ "$(readlink /usr/bin/docker)" = /usr/lib/initos/system/engine/docker ]'
check "os-docker: dockerd links to the host engine" docker run --rm --net none "initos/os-docker:$version" sh -c '[ "$(readlink /usr/sbin/dockerd)" = /usr/lib/initos/system/engine/dockerd ] && command -v iptables'
echo "images-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
