#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done; prints the verdict and powers off.
name=100_init_services_user_container
ms() { awk '{printf "%d", $1 * 1000}' /proc/uptime; }
fail() { echo "INITOS-TEST: FAIL $name ($*)"; system-docker ps -a; exit 1; }
for s in udev syslog network ntp acpid console docker; do
  # running and never restarted: a crash-looping container is `running` between its restarts
  state=$(system-docker inspect -f '{{.State.Status}}, restarted {{.RestartCount}} times' "$s" 2>&1)
  [ "$state" = "running, restarted 0 times" ] || fail "service $s is '$state'"
done
[ "$(system-docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' udev-cold)" = "exited 0" ] || fail "udev-cold did not complete"
for v in system-volumes user-volumes; do
  [ "$(system-docker inspect -f '{{.State.Status}}' "$v")" = created ] || fail "volume container $v is not just created"
done
echo "guest: all system services up at_ms=$(ms)"
i=0
until docker -H unix:///var/run/docker.sock version >/dev/null 2>&1; do
  i=$((i + 1)); [ $i -lt 900 ] || fail "the user engine does not answer"; sleep 0.2
done
echo "initos-boot mark=user-engine-ready at_ms=$(ms)"
mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/busybox && tar -C /tmp/bb -c . | docker import - initos-test/busybox >/dev/null || fail "docker import into the user engine failed"
out=$(docker run --rm initos-test/busybox /busybox echo user-container-ok) || fail "docker run failed"
echo "initos-boot mark=first-user-container at_ms=$(ms)"
[ "$out" = user-container-ok ] || fail "unexpected output '$out'"
echo "INITOS-TEST: PASS $name"
poweroff
