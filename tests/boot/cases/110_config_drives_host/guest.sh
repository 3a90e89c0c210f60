#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: checks that the configuration drove the host.
name=110_config_drives_host
. /initos-test/lib.sh
sd() { system-docker "$@"; }
until_true() {  # until_true SECONDS COMMAND...: retries a check that needs a service to settle, up to SECONDS of uptime
  end=$(( $(cut -d. -f1 /proc/uptime) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] || return 1; sleep 0.5; done
}
in_console() { sd exec console "$@"; }
# every long-running system service: running, never restarted, and still the same run 30 s later (issue 13;
# a crash-looping container shows as running between restarts, so the restart count and start time decide)
services="udev syslog network ntp acpid console docker"
runs() { for s in $services; do printf '%s ' "$s=$(sd inspect -f '{{.State.Status}}/{{.RestartCount}}/{{.State.StartedAt}}' "$s" 2>&1)"; done; }
runs_at_start=$(runs); start=$(cut -d. -f1 /proc/uptime)
# network: kernel names, static eth1 with its MTU, DHCP on eth0
check "eth0 and eth1 keep the kernel names" test -e /sys/class/net/eth0 -a -e /sys/class/net/eth1
check "eth1 has its static address" until_true 120 sh -c 'ip -o -4 addr show dev eth1 | grep -q " 192.168.77.15/24 "'
is "eth1 has its MTU" 1400 "$(cat /sys/class/net/eth1/mtu 2>&1)"
check "eth0 has a DHCP lease" until_true 120 sh -c 'ip -o -4 addr show dev eth0 | grep -q " 10.0.2.15/24 "'
# QEMU's DHCP offers no router under restrict=on: the default route is eth1's configured gateway
check "the configured gateway is the default route" until_true 30 sh -c 'ip route | grep -q "^default via 192.168.77.2 dev eth1"'
# DNS: the user's servers, also in the services' view of the shared file (netconf writes it once DHCP has had
# its dhcp_timeout, so wait for it)
export want_dns="nameserver 192.168.77.53
nameserver 10.0.2.3
search example.test"
check "resolv.conf holds the configured DNS" until_true 90 sh -c '[ "$(grep -E "^(nameserver|search)" /etc/resolv.conf)" = "$want_dns" ]'
check "the console sees the same resolv.conf" until_true 30 sh -c '[ "$(system-docker exec console grep -E "^(nameserver|search)" /etc/resolv.conf)" = "$want_dns" ]'
# hostname and /etc/hosts
is "hostname" cfg-host "$(hostname)"
check "/etc/hosts names the host on 127.0.1.1" grep -qE '^127\.0\.1\.1[[:space:]]+cfg-host$' /etc/hosts
check "the console's /etc/hosts names the host" in_console grep -qE '^127\.0\.1\.1[[:space:]]+cfg-host$' /etc/hosts
# accounts and SSH in the console
check "rancher's password is locked" until_true 60 sh -c 'system-docker exec console passwd -S rancher | grep -q "^rancher L "'
check "alice has her password" until_true 60 sh -c 'system-docker exec console passwd -S alice | grep -q "^alice P "'
check "alice's hash is the configured one" in_console grep -q '^alice:\$6\$initos110salt\$dO2q1' /etc/shadow
check "rancher has the SSH key" in_console grep -q 'initos-test$' /home/rancher/.ssh/authorized_keys
check "sshd refuses passwords" sh -c 'system-docker exec console sshd -T | grep -qx "passwordauthentication no"'
check "sshd refuses root" sh -c 'system-docker exec console sshd -T | grep -qx "permitrootlogin no"'
# security (issue 12): the running sshd offers public keys only, so a password is never even asked for
check "sshd offers only publickey" in_console sh -c 'ssh -v -o StrictHostKeyChecking=no -o BatchMode=yes -o PreferredAuthentications=none -o ConnectTimeout=10 rancher@127.0.0.1 true 2>&1 | tr -d "\\r" | grep "Authentications that can continue" | grep -q ": publickey$"'
check "poweroff exists in the console" in_console sh -c 'command -v poweroff'
# ntp
check "chrony uses the configured server" sd exec ntp grep -qx 'server 192.168.77.2 iburst' /etc/chrony/chrony.conf
check "chronyc lists the server" until_true 30 sh -c 'system-docker exec ntp chronyc -n sources | grep -q 192.168.77.2'
# security (issue 12): a user container that mounts the user engine's /run finds the user engine's socket there,
# not the system engine's
check "the user engine answers on /var/run/docker.sock" until_true 120 docker version
mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/busybox && tar -C /tmp/bb -c . | docker import - initos-test/busybox >/dev/null
user_run=$(docker run --rm -v /var/run:/engine-run initos-test/busybox /busybox ls /engine-run 2>&1)
check "a user container sees the user engine's socket in its engine's /run" sh -c "echo '$user_run' | grep -qx docker.sock"
check "but not the system engine's socket" sh -c "! echo '$user_run' | grep -q system-docker"
is "the system engine yields to workloads under memory pressure (oom_score_adj)" -500 "$(cat /proc/$(cat /var/run/system-docker.pid)/oom_score_adj 2>&1)"
# syslog: a line logged in the console reaches the host's /var/log/syslog, which /var/log/messages links to
in_console logger -t initos-110 "hello from the console"
check "logger in the console reaches /var/log/syslog" until_true 30 grep -q 'initos-110: hello from the console' /var/log/syslog
check "/var/log/messages links to syslog" test "$(readlink /var/log/messages)" = syslog
while [ $(( $(cut -d. -f1 /proc/uptime) - start )) -lt 30 ]; do sleep 1; done
runs_later=$(runs)
is "every system service up for 30 s, never restarted" "$runs_at_start" "$runs_later"
for r in $runs_later; do
  case $r in *=running/0/*) echo "ok   ${r%%=*} running, restart count 0" ;; *) echo "FAIL ${r%%=*} is not running without restarts: $r"; fails=$((fails + 1)) ;; esac
done
[ $fails -eq 0 ] || { ip addr; ip route; cat /etc/resolv.conf /etc/hosts; sd ps -a; sd logs network 2>&1 | tail -n 30; sd logs console 2>&1 | tail -n 30; }
echo "guest: done at uptime $(up)s, $fails failed"
if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; fi
poweroff
