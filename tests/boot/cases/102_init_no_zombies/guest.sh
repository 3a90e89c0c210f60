#!/bin/sh
# Run by initos (PID 1) in test mode once the boot is done.
name=102_init_no_zombies
zombies() { n=0; for s in /proc/[0-9]*/stat; do case $(cut -d' ' -f3 "$s" 2>/dev/null) in Z) n=$((n + 1));; esac; done; echo $n; }
before=$(zombies)
# each subshell starts a short sleep and exits at once: the sleep is orphaned and reparented to PID 1
i=0
while [ $i -lt 10000 ]; do (sleep 0.5 &); i=$((i + 1)); done
echo "guest: started 10000 orphans, zombies before: $before"
sleep 2
after=$(zombies)
echo "guest: zombies 1.5 s after the orphans exited: $after"
if [ "$after" -eq 0 ]; then echo "INITOS-TEST: PASS $name"; else echo "INITOS-TEST: FAIL $name ($after zombies)"; grep -l '^State:.*Z' /proc/[0-9]*/status | head; fi
poweroff
