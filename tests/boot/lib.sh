# tests/boot/lib.sh: the QEMU command line shared by `make run` (run-qemu.sh) and the boot-test runner.
# Sourced, never run. Software emulation (TCG): 2 vCPU, 1 GiB, virtio NIC on user networking with
# restrict=on, an i6300esb watchdog (armed by a trial boot of a new version), no reboot (a guest reboot, a
# watchdog reset or a panic ends QEMU).

OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}

# make_cidata CLOUD_CONFIG OUT_ISO: a NoCloud config volume (label cidata: user-data, meta-data).
make_cidata() {
  local cc=$1 iso=$2 d
  d=$(mktemp -d)
  cp "$cc" "$d/user-data"
  printf 'instance-id: initos-%s\nlocal-hostname: initos\n' "$(sha256sum "$cc" | cut -c1-12)" > "$d/meta-data"
  xorriso -as mkisofs -quiet -volid cidata -joliet -rock -o "$iso" "$d/user-data" "$d/meta-data" 2>/dev/null
  rm -rf "$d"
}

# boot_word N LIST: the Nth word (from 1) of a per-boot LIST such as BOOT="iso disk" or FIRMWARE="bios uefi";
# the last word repeats for the boots after it
boot_word() {
  local -a w
  read -ra w <<< "$2"
  [ ${#w[@]} -gt 0 ] || return 1
  if [ "$1" -le ${#w[@]} ]; then echo "${w[$(($1 - 1))]}"; else echo "${w[-1]}"; fi
}

# qemu_argv: fills the array QEMU from these variables (unset ones take the default):
#   BOOT=kernel|iso|disk  KERNEL INITRD APPEND (kernel boot)  ISO (iso boot)  FIRMWARE=bios|uefi
#   DISKS (space separated image files, attached as virtio disks in order: /dev/vda, /dev/vdb, ...; BOOT=disk
#   boots from the first)  CIDATA (an ISO, attached as CD-ROM)  CDROM_ISO (an ISO, one more CD-ROM after it)
#   SERIAL=stdio|FILE  WORKDIR (for the UEFI variables copy)  MEM SMP  QMP_SOCK (a QMP socket path)
#   NICS (number of virtio NICs, default 1; the first is 10.0.2.0/24 with DHCP, NIC n+1 is 192.168.7(6+n).0/24)
#   GUESTFWD (optional: guestfwd rules for the first NIC, space separated, e.g.
#            "tcp:10.0.2.100:80-cmd:/path/bridge PORT"; a rule's own spaces are written as %20)
# The UEFI variables are copied into WORKDIR once and kept: every later UEFI boot with that WORKDIR sees the
# NVRAM the earlier ones left (boot entries, boot order); remove $WORKDIR/ovmf-vars.fd to start afresh.
qemu_argv() {
  local nic=user,model=virtio-net-pci,restrict=on rule
  for rule in ${GUESTFWD:-}; do nic+=",guestfwd=${rule//%20/ }"; done
  QEMU=(qemu-system-x86_64 -machine q35,accel=tcg -smp "${SMP:-2}" -m "${MEM:-1024}" -no-reboot
        -nic "$nic" -device virtio-rng-pci -device i6300esb)
  # more NICs (eth1, eth2, ...): each its own restricted user network 192.168.7N.0/24 (QEMU's side is .2)
  local n
  for ((n = 1; n < ${NICS:-1}; n++)); do
    QEMU+=(-nic "user,model=virtio-net-pci,restrict=on,net=192.168.7$((6 + n)).0/24")
  done
  if [ "${FIRMWARE:-bios}" = uefi ]; then
    [ -f "$WORKDIR/ovmf-vars.fd" ] || cp "$OVMF_VARS" "$WORKDIR/ovmf-vars.fd"
    QEMU+=(-drive "if=pflash,format=raw,unit=0,readonly=on,file=$OVMF_CODE"
           -drive "if=pflash,format=raw,unit=1,file=$WORKDIR/ovmf-vars.fd")
  fi
  case ${BOOT:-kernel} in
    kernel) QEMU+=(-kernel "$KERNEL" -initrd "$INITRD" -append "$APPEND") ;;
    iso) QEMU+=(-drive "file=$ISO,media=cdrom,readonly=on,if=none,id=bootcd" -device ide-cd,drive=bootcd,bus=ide.0,bootindex=0) ;;
    disk) [ -n "${DISKS:-}" ] || { echo "qemu_argv: BOOT=disk needs a disk" >&2; return 1; } ;;
    *) echo "qemu_argv: BOOT must be kernel, iso or disk" >&2; return 1 ;;
  esac
  # each disk a virtio-blk-pci device of its own, in order; the firmware boots the first one for BOOT=disk
  local d fmt n=0 dev
  for d in ${DISKS:-}; do
    n=$((n + 1))
    case $d in *.qcow2) fmt=qcow2 ;; *) fmt=raw ;; esac
    dev=virtio-blk-pci,drive=disk$n
    [ "$n${BOOT:-kernel}" != 1disk ] || dev=$dev,bootindex=0
    QEMU+=(-drive "file=$d,format=$fmt,if=none,id=disk$n" -device "$dev")
  done
  [ -z "${CIDATA:-}" ] || QEMU+=(-drive "file=$CIDATA,media=cdrom,readonly=on,if=none,id=cidata" -device ide-cd,drive=cidata,bus=ide.1)
  [ -z "${CDROM_ISO:-}" ] || QEMU+=(-drive "file=$CDROM_ISO,media=cdrom,readonly=on,if=none,id=extracd" -device ide-cd,drive=extracd,bus=ide.2)
  if [ "${SERIAL:-stdio}" = stdio ]; then
    QEMU+=(-nographic)
  else
    QEMU+=(-display none -serial "file:$SERIAL" -monitor none)
  fi
  # QMP_SOCK: a QMP control socket for a host-side driver (hot-plug, power button)
  # and an empty PCIe root port (id hotplug0) a device can be hot-added to
  [ -z "${QMP_SOCK:-}" ] || QEMU+=(-qmp "unix:$QMP_SOCK,server=on,wait=off" -device pcie-root-port,id=hotplug0,bus=pcie.0,chassis=9)
}

# start_registry [HTPASSWD_FILE]: Debian's docker-registry on 127.0.0.1 for this case (in $WORKDIR; with htpasswd
# authentication when a file is given); sets reg_port and waits until it answers. It ends with the case: the
# runner's cleanup stops it.
start_registry() {
  command -v docker-registry >/dev/null || verdict FAIL "docker-registry is not installed (make pid1-deps)"
  reg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local auth=""
  [ -z "${1:-}" ] || auth="auth: {htpasswd: {realm: initos-test, path: $1}}"
  cat > "$WORKDIR/registry.yml" <<YML
version: 0.1
log: {level: warn}
storage: {filesystem: {rootdirectory: $WORKDIR/registry}}
http: {addr: 127.0.0.1:$reg_port}
$auth
YML
  docker-registry serve "$WORKDIR/registry.yml" >"$WORKDIR/registry.log" 2>&1 &
  reg_pid=$!
  eval "rig_$(declare -f cleanup)"
  cleanup() { kill "$reg_pid" 2>/dev/null; rig_cleanup; }
  local code
  for _ in $(seq 100); do
    code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$reg_port/v2/")
    [ "$code" != 200 ] && [ "$code" != 401 ] || return 0
    sleep 0.1
  done
  verdict FAIL "docker-registry did not answer on 127.0.0.1:$reg_port"
}
