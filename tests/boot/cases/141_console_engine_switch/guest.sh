#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: switch the user engine and the console.
name=141_console_engine_switch
. /initos-test/lib.sh
until_true() {  # until_true SECONDS COMMAND...
  end=$(( $(cut -d. -f1 /proc/uptime) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] || return 1; sleep 0.5; done
}
check "the user engine answers" until_true 300 docker version
is "ros engine list" "current  default
disabled docker-20.10" "$(ros engine list 2>&1)"
is "ros console list" "current  default
disabled debian" "$(ros console list 2>&1)"
# something the default engine made, and something in /home
mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/busybox && tar -C /tmp/bb -c . | docker import - initos-test/busybox >/dev/null
check "a container on the default engine" docker create --name kept initos-test/busybox /busybox sleep 1
echo kept > /home/rancher/initos-141 && chown 1100:1100 /home/rancher/initos-141
check "eth0 has a DHCP lease" until_true 120 sh -c 'ip -o -4 addr show dev eth0 | grep -q " 10.0.2.15/24 "'
out=$(ros console switch -f nosuch 2>&1); code=$?
is "an unknown console is refused" 1 "$code"
check "naming the known ones" sh -c 'echo "$0" | grep -q "no console .nosuch.; known: default, debian"' "$out"
# the engine
check "ros engine switch docker-20.10" ros engine switch -f docker-20.10
check "the user engine answers again" until_true 300 docker version
v=$(docker version --format '{{.Server.Version}}' 2>&1)
check "it is Docker 20.10 ($v)" sh -c "echo '$v' | grep -q '^20\.10\.'"
check "the image made by the default engine is still there" docker image inspect initos-test/busybox
check "and so is its container" docker inspect kept
is "a container runs on the new engine" ok "$(docker run --rm initos-test/busybox /busybox echo ok 2>&1)"
is "ros engine list marks it current" "current  docker-20.10" "$(ros engine list 2>/dev/null | grep current)"
check "rancher.docker.engine is kept" sh -c '[ "$(ros config get rancher.docker.engine)" = docker-20.10 ]'
# the console
check "ros console switch debian" ros console switch -f debian
check "the Debian console runs" until_true 120 sh -c 'system-docker inspect -f "{{.State.Status}} {{.Config.Image}}" console | grep -q "^running 10.0.2.100:5000/initos/console-debian:"'
check "it has apt" system-docker exec console apt-get --version
check "/home survived the switch" sh -c '[ "$(system-docker exec console cat /home/rancher/initos-141)" = kept ]'
check "sshd runs in it" until_true 60 system-docker exec console pgrep -x sshd
is "ros console list marks it current" "current  debian" "$(ros console list 2>/dev/null | grep current)"
# and back to the built-in engine
check "ros engine switch default" ros engine switch -f default
check "the user engine answers on the default engine" until_true 300 sh -c "docker version --format '{{.Server.Version}}' | grep -vq '^20\.10\.'"
echo "guest: done at uptime $(up)s, $fails failed"
if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; system-docker ps -a; system-docker logs docker 2>&1 | tail -n 20; fi
poweroff
