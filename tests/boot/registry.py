#!/usr/bin/env python3
"""registry.py: OS images into a registry for the upgrade boot cases, without a daemon.

  registry.py push ARCHIVE REGISTRY REPO:TAG
      pushes the one image of a docker-archive (rootfs/mkdockerarchive.py or `docker save`) to a registry v2
      over plain HTTP (e.g. Debian's docker-registry on 127.0.0.1), its layers gzip-compressed
  registry.py push-broken ARCHIVE REGISTRY REPO:TAG VERSION
      the same OS image with a broken initrd (an empty initramfs: the kernel finds no init and panics) and
      the manifest's version and checksums rewritten to match, so the image verifies and installs but never boots
  registry.py push-tag ARCHIVE SOURCE_REPO:TAG REGISTRY REPO:TAG
      pushes the image tagged SOURCE_REPO:TAG of a docker-archive holding several (make catalogue-images)

  With REGISTRY_USER and REGISTRY_PASSWORD set, every request carries them (a registry with htpasswd auth).
"""
import base64, gzip, hashlib, io, json, os, sys, tarfile, urllib.error, urllib.request


def read_archive(path):
    """(config bytes, [layer tar bytes]) of the single image in a docker-archive."""
    with tarfile.open(path) as t:
        manifest = json.load(t.extractfile("manifest.json"))
        if len(manifest) != 1:
            sys.exit(f"registry.py: {path} holds {len(manifest)} images, expected one")
        entry = manifest[0]
        return t.extractfile(entry["Config"]).read(), [t.extractfile(l).read() for l in entry["Layers"]]


def read_tagged(path, ref):
    """(config bytes, [layer tar bytes]) of the image tagged ref in a docker-archive."""
    with tarfile.open(path) as t:
        for entry in json.load(t.extractfile("manifest.json")):
            if ref in (entry.get("RepoTags") or []):
                return t.extractfile(entry["Config"]).read(), [t.extractfile(l).read() for l in entry["Layers"]]
    sys.exit(f"registry.py: {path} holds no image tagged {ref}")


def sha(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def request(url, method, data=None, headers=None):
    headers = dict(headers or {})
    if os.environ.get("REGISTRY_USER"):
        pair = f"{os.environ['REGISTRY_USER']}:{os.environ.get('REGISTRY_PASSWORD', '')}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    return urllib.request.urlopen(urllib.request.Request(url, method=method, data=data, headers=headers), timeout=120)


def push(registry, ref, config, layers):
    repo, tag = ref.rsplit(":", 1)
    base = f"http://{registry}/v2/{repo}"

    def blob(data):
        digest = sha(data)
        try:
            request(f"{base}/blobs/{digest}", "HEAD")
            return digest
        except urllib.error.HTTPError as e:
            if e.code != 404:
                raise
        location = request(f"{base}/blobs/uploads/", "POST", b"").headers["Location"]
        if location.startswith("/"):
            location = f"http://{registry}{location}"
        request(f"{location}{'&' if '?' in location else '?'}digest={digest}", "PUT", data,
                {"Content-Type": "application/octet-stream"})
        return digest

    compressed = [gzip.compress(layer, compresslevel=1, mtime=0) for layer in layers]
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {"mediaType": "application/vnd.docker.container.image.v1+json", "size": len(config), "digest": blob(config)},
        "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", "size": len(c), "digest": blob(c)}
                   for c in compressed],
    }
    body = json.dumps(manifest).encode()
    request(f"{base}/manifests/{tag}", "PUT", body, {"Content-Type": manifest["mediaType"]})
    print(f"registry.py: pushed {registry}/{ref} ({sum(len(c) for c in compressed) >> 20} MiB compressed)")


def broken(config, layers, version):
    """The OS image with dist/initrd replaced by an empty initramfs and dist/manifest rewritten to match."""
    empty_initrd = b"070701" + b"0" * 8 * 11 + b"0000000B" + b"0" * 8 + b"TRAILER!!!\0"
    empty_initrd += b"\0" * (-len(empty_initrd) % 512)
    out_layers = []
    for layer in layers:
        src = tarfile.open(fileobj=io.BytesIO(layer))
        members = src.getmembers()
        files = {m.name.lstrip("./"): m for m in members}
        if "dist/manifest" not in files:
            out_layers.append(layer)
            continue
        manifest = src.extractfile(files["dist/manifest"]).read().decode()
        lines = []
        for line in manifest.splitlines():
            if line.startswith("version="):
                line = f"version={version}"
            elif line.startswith("sha256:initrd="):
                line = "sha256:initrd=" + hashlib.sha256(empty_initrd).hexdigest()
            lines.append(line)
        new_manifest = ("\n".join(lines) + "\n").encode()
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as dst:
            for m in members:
                name = m.name.lstrip("./")
                data = None
                if m.isfile():
                    data = {"dist/initrd": empty_initrd, "dist/manifest": new_manifest}.get(name) or src.extractfile(m).read()
                    m.size = len(data)
                dst.addfile(m, io.BytesIO(data) if data is not None else None)
        out_layers.append(buf.getvalue())
    cfg = json.loads(config)
    cfg["rootfs"]["diff_ids"] = [sha(l) for l in out_layers]
    cfg.setdefault("config", {}).setdefault("Labels", {})["org.opencontainers.image.version"] = f"v{version}"
    return json.dumps(cfg, sort_keys=True).encode(), out_layers


def main(argv):
    if len(argv) == 4 and argv[0] == "push":
        config, layers = read_archive(argv[1])
        push(argv[2], argv[3], config, layers)
    elif len(argv) == 5 and argv[0] == "push-broken":
        config, layers = read_archive(argv[1])
        config, layers = broken(config, layers, argv[4])
        push(argv[2], argv[3], config, layers)
    elif len(argv) == 5 and argv[0] == "push-tag":
        config, layers = read_tagged(argv[1], argv[2])
        push(argv[3], argv[4], config, layers)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
