#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done: reports the state partition; console.py logs in on
# ttyS1, reads the SSH host key and powers the host off with sudo, and check.sh compares the two boots.
grep -q ' /state ext4 ' /proc/mounts && echo "guest: state partition mounted"
