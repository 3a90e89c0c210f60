#!/usr/bin/env bash
# run-case.sh CASE_DIR: boots one boot-test case in QEMU and prints exactly one verdict line
#   INITOS-TEST: PASS <case>   or   INITOS-TEST: FAIL <case> (<reason>)
# and exits 0 on PASS, 1 on FAIL. The serial console goes to a log that is kept on failure under
# tests/boot/logs/<case>.log (and on success too with KEEP_LOGS=1).
#
# A case is a folder tests/boot/cases/NNN_area_behaviour/ holding:
#   test.sh          required; sourced for these variables (each has a default), plus the comment lines
#                    `# SUMMARY: <one line>` and optionally `# LABELS: smoke ...`
#       BOOT=kernel|iso|disk   kernel+initrd (default), the ISO, or the first disk (what an earlier boot
#                              installed on it); a list gives one word per boot, the last one repeating:
#                              BOOT="iso disk disk"
#       FIRMWARE=bios|uefi     SeaBIOS (default) or OVMF; a list as BOOT: FIRMWARE="bios bios uefi". The OVMF
#                              variables are one copy per case run, kept across its boots
#       APPEND="..."           kernel arguments after the runner's own (kernel boots only)
#       DISKS="64M 1G"         blank raw disks to attach as virtio disks (/dev/vda, /dev/vdb, ...)
#       CDROM=iso              attach out/initos.iso as one more CD-ROM on every boot that is not an ISO boot
#                              (an install from the medium while booted some other way)
#       TIMEOUT=300            seconds before the case fails (software emulation: be generous)
#       STOP_ON='regex'        stop the guest 3 s after the serial log matches (for check.sh cases)
#       NICS=1                 virtio NICs on restricted user networking (eth1 is 192.168.77.0/24, ...)
#       BOOTS=1                boot this many times with the same disks (a boot before the last ends when
#                              the guest powers off); the serial logs are joined with
#                              `=== boot N of M (BOOT, FIRMWARE) ===`
#       QMP=0                  1: give QEMU a QMP socket, passed to host.py as $INITOS_QMP
#   console.py       optional; a driver for an interactive ttyS1 (a unix socket): run on the host as
#                    `python3 console.py SOCKET CASE BOOT` once QEMU starts; it may print the verdict line
#   host.py          optional; a host-side driver run as `python3 host.py CASE BOOT` once QEMU starts, with
#                    $INITOS_SERIAL (the ttyS0 log being written), $INITOS_QMP (with QMP=1) and $INITOS_WORKDIR
#                    (a scratch directory); it may print the verdict line
#   cloud-config.yml optional; handed to the guest on a NoCloud `cidata` CD-ROM
#   guest.sh         optional; put into an extra initramfs as /initos-test/guest.sh of the kernel boots (at
#                    least one boot must be one), e.g. APPEND="rdinit=/initos-test/guest.sh" runs it as PID 1
#   check.sh         optional; run on the host as `check.sh SERIAL_LOG CASE` after the guest stops: exit 0
#                    passes. Without it the guest decides by printing `INITOS-TEST: PASS|FAIL <case>`.
# The runner's kernel arguments: console=ttyS0 rancher.test=true panic=-1 printk.devkmsg=on cryptomgr.notests, then APPEND.
# A boot that ends without a verdict before the kernel ran the init (no "Run ... as init process" line: a
# kernel oops or panic under emulation, or QEMU failing; a disk boot's kernel prints the line too), or at any
# time with a kernel `Oops: int3` (software
# emulation racing the kernel's live code patching: seen in kfree, kmem_cache_alloc, sched_clock_cpu, never
# caused by a user process), is not InitOS's failure: the case is run once more, the first log kept as
# tests/boot/logs/<case>.fault.log; it never counts as a pass by itself.
# Environment: OUT (default <repo>/out) holds vmlinuz, initrd, initos.iso.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
case_dir=$(cd "${1:?usage: run-case.sh CASE_DIR}" && pwd)
name=${case_dir##*/}
OUT=${OUT:-$(cd "$here/../.." && pwd)/out}
logs=$here/logs
mkdir -p "$logs"
WORKDIR=$(mktemp -d)
qpid=
cleanup() { [ -z "$qpid" ] || kill "$qpid" 2>/dev/null; rm -rf "$WORKDIR"; }
trap cleanup EXIT
verdict() {  # verdict PASS|FAIL [reason]
  local log=$WORKDIR/serial.log
  if [ "$1" = FAIL ] || [ "${KEEP_LOGS:-0}" = 1 ]; then cp "$log" "$logs/$name.log" 2>/dev/null; fi
  if [ "$1" = PASS ]; then
    echo "INITOS-TEST: PASS $name${SECONDS:+ (${SECONDS}s)}"; exit 0
  fi
  echo "INITOS-TEST: FAIL $name ($2; serial log: tests/boot/logs/$name.log)"; exit 1
}

BOOT=kernel FIRMWARE=bios APPEND="" DISKS="" TIMEOUT=300 STOP_ON="" NICS=1 BOOTS=1 QMP=0 CDROM=""
# shellcheck disable=SC1091
. "$case_dir/test.sh" || verdict FAIL "test.sh failed to source"
KERNEL=$OUT/vmlinuz INITRD=$OUT/initrd ISO=$OUT/initos.iso
# BOOT and FIRMWARE may name each boot (boot_word); the words of the boots this case makes decide what it needs
BOOT_LIST=$BOOT FIRMWARE_LIST=$FIRMWARE boot_kinds=""
for ((boot = 1; boot <= BOOTS; boot++)); do
  b=$(boot_word "$boot" "$BOOT_LIST") && f=$(boot_word "$boot" "$FIRMWARE_LIST") || verdict FAIL "BOOT or FIRMWARE is empty"
  case $b in kernel|iso|disk) ;; *) verdict FAIL "BOOT word '$b' is not kernel, iso or disk" ;; esac
  case $f in bios|uefi) ;; *) verdict FAIL "FIRMWARE word '$f' is not bios or uefi" ;; esac
  [ "$b" != disk ] || [ -n "$DISKS" ] || verdict FAIL "BOOT=disk needs DISKS"
  boot_kinds="$boot_kinds $b"
done
case $CDROM in ""|iso) ;; *) verdict FAIL "CDROM must be empty or iso" ;; esac
needed=""
case " $boot_kinds " in *" kernel "*) needed="$KERNEL $INITRD" ;; esac
case " $boot_kinds " in *" iso "*) needed="$needed $ISO" ;; esac
[ -z "$CDROM" ] || needed="$needed $ISO"
for f in $needed; do
  [ -f "$f" ] || verdict FAIL "missing $f (make image)"
done
APPEND="console=ttyS0 rancher.test=true panic=-1 printk.devkmsg=on cryptomgr.notests $APPEND"
if [ -f "$case_dir/guest.sh" ]; then
  case " $boot_kinds " in *" kernel "*) ;; *) verdict FAIL "guest.sh needs a kernel boot" ;; esac
  mkdir -p "$WORKDIR/inject/initos-test"
  install -m 0755 "$case_dir/guest.sh" "$WORKDIR/inject/initos-test/guest.sh"
  install -m 0644 "$here/guest-lib.sh" "$WORKDIR/inject/initos-test/lib.sh"
  cp "$INITRD" "$WORKDIR/initrd"
  (cd "$WORKDIR/inject" && find . -mindepth 1 | cpio -o -H newc -R 0:0 --quiet) >> "$WORKDIR/initrd"
  INITRD=$WORKDIR/initrd
fi
SIZES=$DISKS CIDATA=""
if [ -f "$case_dir/cloud-config.yml" ]; then CIDATA=$WORKDIR/cidata.iso; make_cidata "$case_dir/cloud-config.yml" "$CIDATA"; fi
driver=""
if [ -f "$case_dir/console.py" ]; then
  # an interactive second serial port (ttyS1) for the case's driver, named after ttyS0: the 8250 driver
  # registers one kernel console, bound to the first ttyS the command line names, so the kernel's and the
  # init's output stays on the logged ttyS0 while the console service still runs a getty on ttyS1
  driver=$case_dir/console.py
  APPEND="$APPEND console=ttyS1"
fi
# run_boots: creates the case's blank disks, then boots BOOTS times; fills $WORKDIR/serial.log, driver.out
# and $result (guest, stopped, timeout or empty when the guest stopped by itself)
run_boots() {
  local size i=0
  DISKS=""
  rm -f "$WORKDIR"/disk*.img "$WORKDIR/serial.log" "$WORKDIR/ovmf-vars.fd"
  for size in $SIZES; do
    i=$((i + 1)); truncate -s "$size" "$WORKDIR/disk$i.img"; DISKS="$DISKS $WORKDIR/disk$i.img"
  done
  QMP_SOCK=""; [ "$QMP" != 1 ] || QMP_SOCK=$WORKDIR/qmp.sock
  : > "$WORKDIR/driver.out"
  SECONDS=0
  result=""
  for ((boot = 1; boot <= BOOTS; boot++)); do
    SERIAL=$WORKDIR/serial.$boot.log
    : > "$SERIAL"
    BOOT=$(boot_word "$boot" "$BOOT_LIST") FIRMWARE=$(boot_word "$boot" "$FIRMWARE_LIST")
    CDROM_ISO=""; [ -z "$CDROM" ] || [ "$BOOT" = iso ] || CDROM_ISO=$ISO
    qemu_argv
    [ -z "$driver" ] || QEMU+=(-serial "unix:$WORKDIR/ttyS1.sock,server=on,wait=off")
    "${QEMU[@]}" </dev/null >"$WORKDIR/qemu.out" 2>&1 &
    qpid=$!
    dpid="" hpid=""
    if [ -n "$driver" ]; then
      for _ in $(seq 50); do [ -S "$WORKDIR/ttyS1.sock" ] && break; sleep 0.1; done
      python3 "$driver" "$WORKDIR/ttyS1.sock" "$name" "$boot" >>"$WORKDIR/driver.out" 2>&1 &
      dpid=$!
    fi
    if [ -f "$case_dir/host.py" ]; then
      mkdir -p "$WORKDIR/host"
      INITOS_SERIAL=$SERIAL INITOS_QMP=${QMP_SOCK:-} INITOS_WORKDIR=$WORKDIR/host \
        python3 "$case_dir/host.py" "$name" "$boot" >>"$WORKDIR/driver.out" 2>&1 &
      hpid=$!
    fi
    # wait for the guest's (or the driver's) verdict, QEMU's exit or the timeout; a boot before the last
    # ends when the guest powers off
    while kill -0 "$qpid" 2>/dev/null; do
      if grep -qaE "INITOS-TEST: (PASS|FAIL) $name\b" "$SERIAL" "$WORKDIR/driver.out"; then result=guest; sleep 1; break; fi
      if [ -n "$STOP_ON" ] && grep -qaE "$STOP_ON" "$SERIAL"; then result=stopped; sleep 3; break; fi
      # the emulator's int3 fault: the guest is dead (an ISO boot's panic=10 may even reboot it into a hang), so the
      # retry below starts now instead of after TIMEOUT
      if grep -qa "Oops: int3" "$SERIAL"; then result=fault; sleep 2; break; fi
      [ "$SECONDS" -lt "$TIMEOUT" ] || { result=timeout; break; }
      sleep 1
    done
    kill "$qpid" 2>/dev/null; wait "$qpid" 2>/dev/null; qpid=
    for p in $dpid $hpid; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
    [ -s "$WORKDIR/qemu.out" ] && sed 's/^/qemu: /' "$WORKDIR/qemu.out" >> "$SERIAL"
    { [ "$BOOTS" -eq 1 ] || echo "=== boot $boot of $BOOTS ($BOOT, $FIRMWARE) ==="; cat "$SERIAL"; } >> "$WORKDIR/serial.log"
    last_serial=$SERIAL
    [ "$result" = "" ] || [ "$boot" -eq "$BOOTS" ] || break
  done
}
# emulator_fault: true when the last boot ended without a PASS verdict either before the kernel ran the init or
# with a kernel `Oops: int3`
emulator_fault() {
  [ "$result" != stopped ] && ! grep -qaE "INITOS-TEST: PASS $name\b" "$WORKDIR/serial.log" "$WORKDIR/driver.out" \
    && { ! grep -qa "as init process" "$last_serial" || grep -qa "Oops: int3" "$last_serial"; }
}
run_boots
if emulator_fault; then
  cp "$WORKDIR/serial.log" "$logs/$name.fault.log"
  echo "boot-test: $name: kernel or emulator fault ($(grep -m1 -aE 'Oops: int3|Kernel panic|Oops|BUG:|qemu:' "$last_serial" || echo 'no init line')), running it once more" >&2
  run_boots
  emulator_fault && verdict FAIL "kernel or emulator fault, twice (first log: tests/boot/logs/$name.fault.log)"
fi
SERIAL=$WORKDIR/serial.log
[ -s "$WORKDIR/driver.out" ] && sed 's/^/driver: /' "$WORKDIR/driver.out" >> "$SERIAL"
if [ -x "$case_dir/check.sh" ]; then
  "$case_dir/check.sh" "$SERIAL" "$name" >"$WORKDIR/check.out" 2>&1 && verdict PASS
  verdict FAIL "check.sh: $(tail -n1 "$WORKDIR/check.out")${result:+, $result}"
fi
grep -qaE "INITOS-TEST: FAIL $name\b" "$SERIAL" && verdict FAIL "the guest says FAIL"
grep -qaE "INITOS-TEST: PASS $name\b" "$SERIAL" && verdict PASS
[ "$result" = timeout ] && verdict FAIL "no verdict within ${TIMEOUT}s"
verdict FAIL "the guest stopped without a verdict"
