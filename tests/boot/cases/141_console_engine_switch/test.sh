# SUMMARY: `ros engine switch docker-20.10` replaces the user engine with bookworm's Docker 20.10 pulled from a real registry (images and a container made by the default engine are still there, and a container runs on the new one), `ros console switch debian` gives a persistent Debian console with apt while /home survives, `ros console list`/`ros engine list` mark them current, an unknown console is refused naming the known ones, and `ros engine switch default` returns to the built-in engine
# LABELS: services control
BOOT=kernel
FIRMWARE=bios
# the engines' images and data on a state disk, not in memory
APPEND="rancher.state.dev=LABEL=RANCHER_STATE rancher.state.autoformat=[/dev/vda] rancher.state.wait"
DISKS="6G"
TIMEOUT=3000
MEM=1536
repo=$(cd "$case_dir/../../../.." && pwd)
archive=$(ls "$OUT"/initos-catalogue-*.tar 2>/dev/null | head -n 1)
if [ -z "$archive" ]; then
  echo "141: building the catalogue images" >&2
  make -C "$repo" -s catalogue-images OUT="$OUT" >"$WORKDIR/catalogue.log" 2>&1 \
    || { tail -n 20 "$WORKDIR/catalogue.log" >&2; verdict FAIL "make catalogue-images failed"; }
  archive=$(ls "$OUT"/initos-catalogue-*.tar | head -n 1)
fi
version=$(basename "$archive" .tar); version=${version#initos-catalogue-}
start_registry
for image in console-debian engine-docker-20.10; do
  python3 "$here/registry.py" push-tag "$archive" "initos/$image:$version" "127.0.0.1:$reg_port" "initos/$image:$version" >&2 \
    || verdict FAIL "pushing initos/$image:$version to the registry failed"
done
GUESTFWD="tcp:10.0.2.100:5000-cmd:python3%20$here/tcp-bridge.py%20$reg_port"
