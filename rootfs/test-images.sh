#!/usr/bin/env bash
# test-images.sh IMAGES_TAR VERSION: docker-loads the system images archive into a private dockerd
# (its own socket, data and exec roots under a temp dir; never the host's default socket) and runs a
# container from each image. Prints `images-test: N passed, N failed`.
# With INITOS_BIN (the NativeAOT initos) set, it also runs `console-init --setup-only` inside os-console as the
# console service would (the binary bind-mounted at /usr/bin/initos, a private /var/lib/rancher) and checks
# the result with the image's own tools: passwd -S, sshd -t, sudo, the power commands (issue 8).
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
check "os-console: rancher and docker have locked passwords (issue 8)" docker run --rm --net none "initos/os-console:$version" sh -c '[ "$(passwd -S rancher | cut -d" " -f2)" = L ] && [ "$(passwd -S docker | cut -d" " -f2)" = L ] && ! grep -q "^[^:]*::" /etc/shadow || { passwd -S rancher; passwd -S docker; exit 1; }'
if [ -n "${INITOS_BIN:-}" ] && [ -x "$INITOS_BIN" ]; then
  state=$d/state && mkdir -p "$state"
  console() {  # console SCRIPT: runs console-init's setup in os-console with the console's binds, then SCRIPT
    docker run --rm --net none -v "$INITOS_BIN:/usr/bin/initos:ro" -v "$state:/var/lib/rancher" \
      -e INITOS_ROOT=/ "initos/os-console:$version" sh -c "/usr/bin/initos console-init --setup-only >/tmp/ci.log 2>&1 || { cat /tmp/ci.log; exit 1; }; $1"
  }
  check "console-init: rancher locked, sshd -t accepts the rendered config, no password login" console \
    '[ "$(passwd -S rancher | cut -d" " -f2)" = L ] && /usr/sbin/sshd -t -f /etc/ssh/sshd_config && grep -qx "PasswordAuthentication no" /etc/ssh/sshd_config && grep -qx "PermitRootLogin no" /etc/ssh/sshd_config'
  check "console-init: host keys 0600 in a 0700 dir on the state partition" bash -c \
    "[ \"\$(stat -c %a $state/conf/ssh)\" = 700 ] && [ \"\$(stat -c %a $state/conf/ssh/ssh_host_ed25519_key)\" = 600 ]"
  keys=$(sha256sum "$state"/conf/ssh/*_key 2>/dev/null)
  check "console-init: a new console keeps the host keys" console true
  check "console-init: host keys unchanged across consoles" bash -c "[ -n '$keys' ] && [ \"\$(sha256sum $state/conf/ssh/*_key)\" = '$keys' ]"
  mkdir -p "$state/conf/cloud-config.d"
  printf 'rancher:\n  password: letmein\n' > "$state/conf/cloud-config.d/pw.yml"
  check "console-init: rancher.password gives rancher a password" console '[ "$(passwd -S rancher | cut -d" " -f2)" = P ]'
  rm -f "$state/conf/cloud-config.d/pw.yml"
  check "console-init: sudo as rancher resolves the host name and is passwordless" console \
    'out=$(su rancher -s /bin/sh -c "sudo -n true" 2>&1) && ! echo "$out" | grep -q "unable to resolve" && grep -q "^127.0.1.1[[:space:]]$(hostname)$" /etc/hosts'
  check "console-init: poweroff is the initos link and refuses non-root" console \
    '[ "$(readlink /usr/sbin/poweroff)" = /usr/bin/initos ] && out=$(su nobody -s /bin/sh -c "/usr/sbin/poweroff" 2>&1); echo "$out" | grep -q "must be root"'
  # the whole console: sshd serves key logins to the locked rancher, refuses passwords and root, and
  # console-init stops its children and exits 0 on SIGTERM
  ssh-keygen -q -t ed25519 -N "" -f "$state/client" && printf 'ssh_authorized_keys:\n  - %s\n' "$(cat "$state/client.pub")" > "$state/conf/cloud-config.yml"
  docker run -d --name console-init-test --net none -v "$INITOS_BIN:/usr/bin/initos:ro" -v "$state:/var/lib/rancher" \
    "initos/os-console:$version" /usr/bin/initos console-init >/dev/null
  for _ in $(seq 50); do docker exec console-init-test sh -c 'ps -eo args | grep -q "^sshd: /usr/sbin/sshd"' 2>/dev/null && break; sleep 0.2; done
  ssh_opts='-o StrictHostKeyChecking=no -o BatchMode=yes -o ConnectTimeout=5'
  check "console: key login as rancher, passwordless sudo" docker exec console-init-test sh -c "ssh $ssh_opts -i /var/lib/rancher/client rancher@127.0.0.1 'sudo -n id -u' | grep -qx 0"
  check "console: password login refused" docker exec console-init-test sh -c "! ssh $ssh_opts -o PreferredAuthentications=password,keyboard-interactive rancher@127.0.0.1 true"
  check "console: root login refused" docker exec console-init-test sh -c "! ssh $ssh_opts -i /var/lib/rancher/client root@127.0.0.1 true"
  check "console: SIGTERM stops sshd and the gettys, exit 0 within 5 s" bash -c "docker stop -t 5 console-init-test >/dev/null && [ \"\$(docker inspect -f '{{.State.ExitCode}}' console-init-test)\" = 0 ] && docker logs console-init-test 2>&1 | grep -qx 'Console stopped'"
  docker rm -f console-init-test >/dev/null 2>&1
fi
check "os-console: docker CLI links to the host engine" docker run --rm --net none "initos/os-console:$version" sh -c '[ "$(readlink /usr/bin/docker)" = /usr/lib/initos/system/engine/docker ]'
check "os-docker: dockerd links to the host engine" docker run --rm --net none "initos/os-docker:$version" sh -c '[ "$(readlink /usr/sbin/dockerd)" = /usr/lib/initos/system/engine/dockerd ] && command -v iptables'
echo "images-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
