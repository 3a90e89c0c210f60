#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: the catalogue service through the control API.
name=140_service_catalogue
. /initos-test/lib.sh
until_true() {  # until_true SECONDS COMMAND...
  end=$(( $(cut -d. -f1 /proc/uptime) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] || return 1; sleep 0.5; done
}
check "the control socket exists, root only" sh -c '[ "$(stat -c %a:%U /run/initos/control.sock)" = 600:root ]'
check "ros service list shows cron disabled" sh -c 'ros service list | grep -qx "disabled cron"'
# the registry is on eth0's network (QEMU's DHCP gives no router under restrict=on): wait for the lease
check "eth0 has a DHCP lease" until_true 120 sh -c 'ip -o -4 addr show dev eth0 | grep -q " 10.0.2.15/24 "'
check "ros service enable cron (stages its image through the login)" ros service enable cron
check "ros service list shows cron enabled" sh -c 'ros service list | grep -qx "enabled  cron"'
check "ros service up cron" ros service up cron
check "cron runs" sh -c 'ros service ps cron | grep -Eq "^cron +system +running +10.0.2.100:5000/initos/cron:"'
check "cron's crontab runs within 90 s" until_true 90 grep -q "cron ran at" /var/log/initos-140-cron.log
check "ros service stop cron" ros service stop cron
check "cron is stopped" sh -c 'ros service ps cron | grep -Eq "^cron +system +exited"'
check "ros service start cron" ros service start cron
check "ros service logs answers" ros service logs -n 5 cron
# a user-scope service (no io.rancher.os.scope: system) from a local file runs in the user engine
cat > /var/lib/rancher/conf/hello.yml <<YML
hello:
  image: 10.0.2.100:5000/initos/os-base:$INITOS_VERSION
  command: [sleep, "3600"]
  restart: always
YML
check "the user engine answers" until_true 300 docker version
check "ros service enable a local user-scope service (pulled by the user engine)" ros service enable /var/lib/rancher/conf/hello.yml
check "ros service up hello" ros service up hello
check "hello runs in the user engine" sh -c 'docker inspect -f "{{.State.Status}}" hello | grep -qx running'
check "ros service ps shows it in user scope" sh -c 'ros service ps hello | grep -Eq "^hello +user +running"'
out=$(ros service start nosuch 2>&1); code=$?
is "an unknown service is an error" 1 "$code"
check "the error names the known services" sh -c 'echo "$0" | grep -qi "no service .nosuch. (known: .*console"' "$out"
# figures: one round trip through the API, and where the boot went
ms() { awk '{printf "%d", $1 * 1000}' /proc/uptime; }
t0=$(ms); ros service ps >/dev/null 2>&1; t1=$(ms); ros boot analyze --blame >/dev/null 2>&1; t2=$(ms)
echo "guest: ros service ps took $((t1 - t0)) ms, ros boot analyze --blame $((t2 - t1)) ms (TCG)"
ros boot analyze > /tmp/analyze.txt 2>&1; cat /tmp/analyze.txt | head -n 40
cov=$(sed -n 's/.*explains \([0-9.]*\)% of it.*/\1/p' /tmp/analyze.txt | cut -d. -f1)
check "ros boot analyze explains at least 95% of the time to the user engine" test "${cov:-0}" -ge 95
check "the system engine kept the image pulled with the credentials" sh -c 'system-docker image ls --format "{{.Repository}}" | grep -qx 10.0.2.100:5000/initos/cron'
echo "guest: done at uptime $(up)s, $fails failed"
if [ $fails -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name"; system-docker logs cron 2>&1 | tail -n 20; fi
poweroff
