#!/bin/sh
# check.sh SERIAL_LOG CASE: the init ran the three cloud-init steps in their places and the guest passed.
log=$1 name=$2
fail() { echo "$*"; exit 1; }
step() { grep -aoE "initos-boot step=$1 start_ms=[0-9]+ dur_ms=[0-9]+ result=[a-z]+" "$log" | head -n1; }
order=$(grep -aoE '^initos-boot step=(bind-persistent|cloud-init-save|reload-config|cloud-init-bootcmd|start-services|cloud-init-execute) ' "$log" | awk '{print $2}' | tr '\n' ' ')
[ "$order" = "step=bind-persistent step=cloud-init-save step=reload-config step=cloud-init-bootcmd step=start-services step=cloud-init-execute " ] \
  || fail "cloud-init steps out of place: $order"
for s in cloud-init-save cloud-init-bootcmd cloud-init-execute; do
  case $(step $s) in *result=ok) ;; *) fail "step $s: '$(step $s)'" ;; esac
done
grep -aq "Using datasource 'nocloud" "$log" || grep -aq "Using datasource 'cidata" "$log" || fail "cloud-init-save did not use the cidata volume"
grep -aq "INITOS-TEST: FAIL $name" "$log" && fail "the guest says FAIL: $(grep -a '^FAIL ' "$log" | head -n1)"
grep -aq "INITOS-TEST: PASS $name" "$log" || fail "no PASS from the guest"
echo "cloud-init in the real boot: $(step cloud-init-save); $(step cloud-init-execute)"
