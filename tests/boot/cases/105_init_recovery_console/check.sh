#!/bin/sh
# check.sh SERIAL_LOG CASE: the recovery console came up with the reason, and the boot stopped there.
log=$1
grep -aq "Boot failed: recovery console requested (rancher.recovery=true)" "$log" || { echo "no recovery reason on the console"; exit 1; }
grep -aq "\[recovery\] #" "$log" || { echo "no recovery shell prompt"; exit 1; }
grep -aq "initos-boot step=start-system-engine" "$log" && { echo "the boot went on past the recovery request"; exit 1; }
echo ok
