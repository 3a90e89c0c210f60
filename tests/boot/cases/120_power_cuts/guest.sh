#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done, on every boot of the case. It reports what the
# boot left (host.py judges it against the last acknowledged value it kept from the boot before the cut),
# then starts a user container that writes heavily and sets an increasing value with `ros config set` until
# host.py cuts the power (or, on the last boot, presses the power button).
# Lines for host.py: POWERCUT-CHECK key=value, POWERCUT-LOOP start, POWERCUT-SET n (about to set n),
# POWERCUT-ACK n (the set of n returned 0), POWERCUT-SETFAIL n (it did not).
key=rancher.environment.POWERCUT_SEQ
conf=/var/lib/rancher/conf/cloud-config.yml
say() { echo "POWERCUT-CHECK $*"; }
until_true() {  # until_true SECONDS COMMAND...: retries a check that needs a service to settle
  end=$(( $(cut -d. -f1 /proc/uptime) + $1 )); shift
  until "$@" >/dev/null 2>&1; do [ "$(cut -d. -f1 /proc/uptime)" -lt "$end" ] || return 1; sleep 0.5; done
}
ok() { if "$@" >/dev/null 2>&1; then echo ok; else echo no; fi; }

# what the cut left: the state partition, the config file and the value
say "state=$(awk '$2 == "/state" { print $1 "," $3 }' /proc/mounts | head -n1)"
say "conf-bytes=$(wc -c < "$conf" 2>/dev/null || echo missing)"
v=$(ros config get "$key" 2>/tmp/get.err); say "get-rc=$?"
say "value=${v:-none}"
[ ! -s /tmp/get.err ] || sed 's/^/POWERCUT-CHECK get-stderr: /' /tmp/get.err
if [ -f "$conf" ]; then
  ros config validate -i "$conf" >/tmp/validate.out 2>&1; say "validate-rc=$?"
  [ ! -s /tmp/validate.out ] || sed 's/^/POWERCUT-CHECK validate: /' /tmp/validate.out
else
  say "validate-rc=nofile"
fi
# a set cut before its rename leaves its temp file (never the real one torn); the next set removes it
say "tempfiles=$(ls -A /var/lib/rancher/conf | grep -c '\.tmp-')"
# the console: its container running and sshd in it answering
say "console=$(system-docker inspect -f '{{.State.Status}}/{{.RestartCount}}' console 2>&1)"
say "sshd=$(ok until_true 90 sh -c 'system-docker exec console ssh -v -o StrictHostKeyChecking=no -o BatchMode=yes -o PreferredAuthentications=none -o ConnectTimeout=10 rancher@127.0.0.1 true 2>&1 | grep -q "Authentications that can continue"')"
say "user-engine=$(ok until_true 180 docker version)"
say "uptime=$(cut -d' ' -f1 /proc/uptime)"
echo "POWERCUT-CHECKS done"

# the load: a user container rewriting a 256 MiB file in its own layer on the state disk
docker rm -f writer >/dev/null 2>&1
if ! docker image inspect initos-test/busybox >/dev/null 2>&1; then
  mkdir -p /tmp/bb && cp /usr/bin/busybox /tmp/bb/ && tar -C /tmp/bb -c . | docker import - initos-test/busybox >/dev/null \
    || echo "POWERCUT-LOAD import failed"
fi
docker run -d --name writer initos-test/busybox /busybox sh -c \
  'while :; do /busybox dd if=/dev/zero of=/big bs=1M count=256 2>/dev/null; /busybox rm -f /big; done' >/dev/null \
  && echo "POWERCUT-LOAD writer running" || echo "POWERCUT-LOAD writer failed: $(docker ps -a 2>&1 | tail -n 3)"
case $v in ''|*[!0-9]*) i=1 ;; *) i=$((v + 1)) ;; esac
set_next() {
  echo "POWERCUT-SET $i"
  if ros config set "$key" "$i"; then echo "POWERCUT-ACK $i"; else echo "POWERCUT-SETFAIL $i rc=$?"; fi
  i=$((i + 1))
}
set_next
say "tempfiles-after-set=$(ls -A /var/lib/rancher/conf | grep -c '\.tmp-')"
echo "POWERCUT-LOOP start"
while :; do set_next; done
