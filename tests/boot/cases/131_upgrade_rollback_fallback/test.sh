# SUMMARY: the whole lifecycle on one disk: install from the ISO; `ros os upgrade -i` pulls v9.9.9 from a real registry (Debian's docker-registry on 127.0.0.1, reached through a guestfwd) into slot B, which boots on trial (on UEFI) and is committed once healthy, keeping `ros config set` values; `ros os rollback` returns to the installed version; an upgrade to an image whose initrd cannot boot (kernel panic) comes back to the last good version by itself, and `ros os version` says which version failed
# LABELS: upgrade
BOOT="iso disk disk disk disk disk"
FIRMWARE="bios bios uefi bios bios uefi"
DISKS="4G"
BOOTS=6
TIMEOUT=3600
# The upgrade images: v9.9.9 (a real build of this tree with another VERSION) and v9.9.8, the same with an
# initrd that has no init. Built once into $OUT/upgrade-test (about 3 minutes).
repo=$(cd "$case_dir/../../../.." && pwd)
upgrade_out=$OUT/upgrade-test
# Its own build cache (seeded from the main one), so that the two versions do not rebuild each other's images.
if [ ! -f "$upgrade_out/initos-os-9.9.9.tar" ]; then
  echo "131: building the v9.9.9 OS image into $upgrade_out" >&2
  mkdir -p "$upgrade_out"
  [ -d "$upgrade_out/build" ] || [ ! -d "$repo/build" ] || cp -a "$repo/build" "$upgrade_out/build"
  make -C "$repo" -s os-image VERSION=9.9.9 OUT="$upgrade_out" BUILD="$upgrade_out/build" >"$WORKDIR/os-image.log" 2>&1 \
    || { tail -n 20 "$WORKDIR/os-image.log" >&2; verdict FAIL "make os-image VERSION=9.9.9 failed"; }
fi
# a real registry on 127.0.0.1 for this run
start_registry
python3 "$here/registry.py" push "$upgrade_out/initos-os-9.9.9.tar" "127.0.0.1:$reg_port" initos/os:v9.9.9 >&2 \
  || verdict FAIL "pushing v9.9.9 to the registry failed"
python3 "$here/registry.py" push-broken "$upgrade_out/initos-os-9.9.9.tar" "127.0.0.1:$reg_port" initos/os:v9.9.8 9.9.8 >&2 \
  || verdict FAIL "pushing the broken v9.9.8 to the registry failed"
# the guest reaches the registry as 10.0.2.100:5000
GUESTFWD="tcp:10.0.2.100:5000-cmd:python3%20$here/tcp-bridge.py%20$reg_port"
