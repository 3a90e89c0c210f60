# SUMMARY: the control plane in a real boot: `ros service enable cron` + `ros service up cron` pull initos/cron from a real registry that wants a login (rancher.registry_auths, ${REGISTRY_DOMAIN} through a guestfwd) and run it, and its cron.d entry runs; a user-scope service from a local file is pulled into and run by the user engine; `ros service ps|stop|start|logs` answer through /run/initos/control.sock; an unknown service is named; `ros boot analyze` explains at least 95% of the time to the user engine
# LABELS: services control
BOOT=kernel
FIRMWARE=bios
TIMEOUT=1500
repo=$(cd "$case_dir/../../../.." && pwd)
# the catalogue's images (make catalogue-images), built once into $OUT
archive=$(ls "$OUT"/initos-catalogue-*.tar 2>/dev/null | head -n 1)
if [ -z "$archive" ]; then
  echo "140: building the catalogue images" >&2
  make -C "$repo" -s catalogue-images OUT="$OUT" >"$WORKDIR/catalogue.log" 2>&1 \
    || { tail -n 20 "$WORKDIR/catalogue.log" >&2; verdict FAIL "make catalogue-images failed"; }
  archive=$(ls "$OUT"/initos-catalogue-*.tar | head -n 1)
fi
version=$(basename "$archive" .tar); version=${version#initos-catalogue-}
# a real registry on 127.0.0.1 that wants a login (htpasswd)
command -v htpasswd >/dev/null || verdict FAIL "htpasswd is not installed (make pid1-deps)"
htpasswd -B -b -c "$WORKDIR/htpasswd" operator catalogue-pass 2>/dev/null
start_registry "$WORKDIR/htpasswd"
for image in cron os-base; do
  REGISTRY_USER=operator REGISTRY_PASSWORD=catalogue-pass python3 "$here/registry.py" push-tag "$archive" "initos/$image:$version" \
    "127.0.0.1:$reg_port" "initos/$image:$version" >&2 || verdict FAIL "pushing initos/$image:$version to the registry failed"
done
# the guest reaches the registry as 10.0.2.100:5000
GUESTFWD="tcp:10.0.2.100:5000-cmd:python3%20$here/tcp-bridge.py%20$reg_port"
