#!/bin/bash
# QEMU guestfwd helper, spawned once per guest connection with the connection on stdin/stdout: passes one
# HTTP request head to the metadata service on 127.0.0.1:PORT and its whole answer back, then exits (the
# service closes after each answer). Bodies are not forwarded: the EC2 requests have none.
exec 3<>"/dev/tcp/127.0.0.1/${1:?usage: stdio-bridge.sh PORT}" || exit 1
while IFS= read -r line; do
  printf '%s\n' "$line" >&3
  if [ "$line" = $'\r' ] || [ -z "$line" ]; then break; fi
done
cat <&3
