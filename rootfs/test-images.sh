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
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/common.sh"
need_dockerd
d=$(mktemp -d /tmp/initos-images-test.XXXXXX)
export DOCKER_HOST=unix://$d/d.sock
dockerd --host "$DOCKER_HOST" --data-root "$d/data" --exec-root "$d/exec" --pidfile "$d/d.pid" \
  --bridge none --iptables=false >"$d/dockerd.log" 2>&1 &
dpid=$!
cleanup() { kill "$dpid" 2>/dev/null; wait "$dpid" 2>/dev/null; umount -l "$d/exec/netns/default" 2>/dev/null; rm -rf "$d"; }
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
if [ -n "${INITOS_BIN:-}" ] && [ -x "$INITOS_BIN" ]; then
  # the syslog service as os-config.yml runs it (not privileged, CAP_SYSLOG only), with a private /var/log
  # and configuration: logger lines and kernel (kmsg) lines reach /var/log/syslog, /var/log/messages links
  # to it, the file rotates at the configured size, and every line is also forwarded over UDP (issue 13)
  slog=$d/syslog && mkdir -p "$slog/log" "$slog/state/conf"
  # a UDP syslog server on 127.0.0.1 (the service runs with the host's network)
  python3 -c 'import socket,sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(60)
open(sys.argv[1] + ".port", "w").write(str(s.getsockname()[1]))
with open(sys.argv[1], "ab", buffering=0) as f:
    while True:
        try: f.write(s.recv(65536) + b"\n")
        except socket.timeout: break' "$slog/remote.log" &
  udp=$!
  for _ in $(seq 50); do [ -s "$slog/remote.log.port" ] && break; sleep 0.1; done
  printf 'rancher:\n  syslog:\n    rotate_size_kb: 64\n    rotate_count: 2\n    remote: [udp://127.0.0.1:%s]\n' "$(cat "$slog/remote.log.port")" > "$slog/state/conf/cloud-config.yml"
  docker run -d --name syslog-test --net host --cap-add SYSLOG -v "$INITOS_BIN:/usr/bin/initos:ro" \
    -v "$slog/state:/var/lib/rancher" -v "$slog/log:/var/log" "initos/os-base:$version" initos syslog-init >/dev/null
  for _ in $(seq 50); do docker exec syslog-test test -S /dev/log 2>/dev/null && break; sleep 0.2; done
  docker exec syslog-test logger -t initos-test "hello from logger $$"
  marker="initos-kmsg-test-$$"
  echo "<6>$marker" > /dev/kmsg 2>/dev/null || marker=""
  syslog_has() { for _ in $(seq 50); do grep -q "$1" "$slog/log/syslog" 2>/dev/null && return 0; sleep 0.1; done; return 1; }
  check "syslog: a logger line reaches /var/log/syslog" syslog_has "initos-test: hello from logger $$"
  check "syslog: /var/log/messages links to syslog" bash -c "[ \"\$(readlink $slog/log/messages)\" = syslog ]"
  if [ -n "$marker" ]; then check "syslog: a kernel (kmsg) line reaches /var/log/syslog" syslog_has "kernel: .*$marker"; fi
  check "syslog: the line is forwarded over UDP" bash -c "for i in \$(seq 50); do grep -q 'hello from logger $$' $slog/remote.log && exit 0; sleep 0.1; done; exit 1"
  docker exec syslog-test sh -c 'i=0; while [ $i -lt 1500 ]; do logger -t fill "line $i: 0123456789012345678901234567890123456789012345678901234567890123456789"; i=$((i+1)); done'
  sleep 1
  check "syslog: rotated at 64 KiB, 2 kept" bash -c "[ -s $slog/log/syslog.0 ] && [ -s $slog/log/syslog.1 ] && [ ! -e $slog/log/syslog.2 ] && [ \$(stat -c %s $slog/log/syslog) -le 70000 ]"
  check "syslog: SIGTERM stops it with status 0" bash -c "docker stop -t 5 syslog-test >/dev/null && [ \"\$(docker inspect -f '{{.State.ExitCode}}' syslog-test)\" = 0 ]"
  docker logs syslog-test 2>&1 | sed 's/^/  syslog-init: /'
  docker rm -f syslog-test >/dev/null 2>&1
  kill "$udp" 2>/dev/null
fi
if [ -n "${INITOS_BIN:-}" ] && [ -x "$INITOS_BIN" ]; then
  # ntp: chrony configured by ntp-init from the ntp key syncs from a real chrony server on a network of its own
  # (clock control off with -x: the test must not set the build host's clock)
  ntp=$d/ntp && mkdir -p "$ntp/state/conf"
  docker network create --internal initos-ntp-test >/dev/null
  docker run -d --name ntp-server --net initos-ntp-test "initos/os-base:$version" sh -c \
    'printf "local stratum 8\nallow all\nbindcmdaddress /run/chrony/chronyd.sock\n" > /tmp/server.conf && mkdir -p /run/chrony && exec chronyd -d -x -f /tmp/server.conf' >/dev/null
  server_ip=$(docker inspect -f '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}' ntp-server)
  printf 'ntp:\n  servers: [%s]\n' "$server_ip" > "$ntp/state/conf/cloud-config.yml"
  docker run -d --name ntp-client --net initos-ntp-test -v "$INITOS_BIN:/usr/bin/initos:ro" -v "$ntp/state:/var/lib/rancher" \
    "initos/os-base:$version" sh -c 'initos ntp-init --dry-run > /etc/chrony/chrony.conf && mkdir -p /run/chrony && exec chronyd -d -x -f /etc/chrony/chrony.conf' >/dev/null
  synced() { for _ in $(seq 60); do docker exec ntp-client chronyc -n sources 2>/dev/null | grep -q "^\^\* $server_ip " && return 0; sleep 1; done; docker exec ntp-client chronyc -n sources; return 1; }
  check "ntp: chrony configured from the ntp key syncs from a chrony server ($server_ip)" synced
  docker rm -f ntp-server ntp-client >/dev/null 2>&1; docker network rm initos-ntp-test >/dev/null 2>&1
fi
check "os-console: docker CLI links to the host engine" docker run --rm --net none "initos/os-console:$version" sh -c '[ "$(readlink /usr/bin/docker)" = /usr/lib/initos/system/engine/docker ]'
check "os-docker: dockerd links to the host engine" docker run --rm --net none "initos/os-docker:$version" sh -c '[ "$(readlink /usr/sbin/dockerd)" = /usr/lib/initos/system/engine/dockerd ] && command -v iptables'
echo "images-test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
