#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done.
name=101_init_engine_killed
fail() { echo "INITOS-TEST: FAIL $name ($*)"; system-docker ps -a; exit 1; }
services="udev syslog network ntp acpid console docker"
pid=$(cat /var/run/system-docker.pid) || fail "no system-docker pid file"
kill -9 "$pid" || fail "cannot kill the system engine ($pid)"
echo "guest: killed the system engine (pid $pid)"
i=0
while :; do
  i=$((i + 1)); [ $i -lt 600 ] || fail "services not back within 600 s"
  new=$(cat /var/run/system-docker.pid 2>/dev/null)
  if [ -n "$new" ] && [ "$new" != "$pid" ] && system-docker version >/dev/null 2>&1; then
    down=""
    for s in $services; do
      [ "$(system-docker inspect -f '{{.State.Status}}' "$s" 2>/dev/null)" = running ] || down="$down $s"
    done
    [ -n "$down" ] || break
  fi
  sleep 1
done
echo "guest: engine (pid $new) and services back after ${i} s"
echo "INITOS-TEST: PASS $name"
poweroff
