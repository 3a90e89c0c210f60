#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: prints the SSH host key's fingerprint for
# check.sh; console.py logs in on ttyS1 and powers the host off with sudo.
name=111_console_login_hostkey_poweroff
i=0
until key=$(system-docker exec console sh -c 'for f in $(sshd -T | sed -n "s/^hostkey //p"); do [ -f "$f.pub" ] && ssh-keygen -lf "$f.pub" && exit 0; [ -f "$f" ] && ssh-keygen -lf "$f" && exit 0; done; exit 1' 2>/dev/null); do
  i=$((i + 1)); [ $i -lt 600 ] || { echo "INITOS-TEST: FAIL $name (no SSH host key in the console)"; exit 1; }; sleep 0.5
done
echo "guest: hostkey $key"
grep -q ' /state ext4 ' /proc/mounts && echo "guest: state partition mounted"
