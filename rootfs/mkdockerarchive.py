#!/usr/bin/env python3
"""Writes directory trees as one `docker load`-able archive (the docker-archive format of `docker save`:
manifest.json, repositories, one config JSON per image, one layer.tar per layer), without a daemon.

The first REF=TREE is the base image: one layer holding its whole tree. Every later image is the base
layer plus one layer with the difference of its tree against the base tree (added or changed entries,
`.wh.` whiteouts for removed ones), so all images share the base layer. Layers are deterministic: mtimes
are clamped to SOURCE_DATE_EPOCH, owners are numeric, entries are sorted.
"""
import argparse, filecmp, hashlib, io, json, os, stat, sys, tarfile

SKIP_CONTENT = ("dev", "proc", "sys", "run", "tmp")  # kept as empty directories


def walk(root):
    """Yields (relpath, lstat) for every entry under root, sorted, parents first."""
    for dirpath, dirnames, filenames in os.walk(root):
        rel_dir = os.path.relpath(dirpath, root)
        dirnames.sort()
        if rel_dir != "." and rel_dir.split(os.sep)[0] in SKIP_CONTENT:
            dirnames[:] = []
            continue
        keep = []
        for d in dirnames:
            full = os.path.join(dirpath, d)
            if os.path.islink(full):  # a symlink to a directory is a leaf
                filenames.append(d)
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(dirnames + filenames):
            rel = os.path.normpath(os.path.join(rel_dir, name))
            yield rel, os.lstat(os.path.join(root, rel))


def same(base_root, tree_root, rel, st):
    """True when rel is identical in both trees (type, mode, owner, link target or content)."""
    try:
        bst = os.lstat(os.path.join(base_root, rel))
    except FileNotFoundError:
        return False
    if (stat.S_IFMT(bst.st_mode), stat.S_IMODE(bst.st_mode), bst.st_uid, bst.st_gid) != \
       (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid):
        return False
    if stat.S_ISLNK(st.st_mode):
        return os.readlink(os.path.join(base_root, rel)) == os.readlink(os.path.join(tree_root, rel))
    if stat.S_ISREG(st.st_mode):
        return bst.st_size == st.st_size and filecmp.cmp(os.path.join(base_root, rel), os.path.join(tree_root, rel), shallow=False)
    if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
        return bst.st_rdev == st.st_rdev
    return True  # directories, fifos, sockets: metadata compared above


class LayerWriter:
    def __init__(self, path, epoch):
        self.path, self.epoch = path, epoch
        self.tar = tarfile.open(path, "w", format=tarfile.PAX_FORMAT)
        self.written = set()

    def _clamp(self, ti):
        ti.mtime = min(int(ti.mtime), self.epoch)
        ti.uname = ti.gname = ""
        ti.pax_headers = {}
        return ti

    def add(self, root, rel):
        if rel in self.written:
            return
        parent = os.path.dirname(rel)
        if parent and parent not in self.written:
            self.add(root, parent)
        full = os.path.join(root, rel)
        ti = self._clamp(self.tar.gettarinfo(full, arcname=rel))
        if ti.isreg():
            with open(full, "rb") as f:
                self.tar.addfile(ti, f)
        else:
            self.tar.addfile(ti)
        self.written.add(rel)

    def whiteout(self, root, rel):
        parent = os.path.dirname(rel)
        if parent and parent not in self.written:
            self.add(root, parent)
        ti = tarfile.TarInfo(os.path.join(parent, ".wh." + os.path.basename(rel)))
        ti.mtime = self.epoch
        self.tar.addfile(ti, io.BytesIO(b""))

    def close(self):
        self.tar.close()
        h = hashlib.sha256()
        with open(self.path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest()


def write_layer(path, tree, base, epoch):
    w = LayerWriter(path, epoch)
    for rel, st in walk(tree):
        if base is None or not same(base, tree, rel, st):
            w.add(tree, rel)
    if base is not None:
        removed_dirs = []
        for rel, _ in walk(base):
            if any(rel.startswith(d + "/") for d in removed_dirs):
                continue
            if not os.path.lexists(os.path.join(tree, rel)):
                w.whiteout(tree, rel)
                if os.path.isdir(os.path.join(base, rel)) and not os.path.islink(os.path.join(base, rel)):
                    removed_dirs.append(rel)
    return w.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, help="archive to write")
    ap.add_argument("--layers", required=True, help="directory for the layer tars (kept as a cache)")
    ap.add_argument("--label", action="append", default=[], help="KEY=VALUE label on every image")
    ap.add_argument("--cmd", default='["/bin/sh"]', help="the images' Cmd, a JSON list (default [\"/bin/sh\"])")
    ap.add_argument("--created-by", default="initos rootfs/build-images.sh",
                    help="history text, followed by the image name")
    ap.add_argument("images", nargs="+", help="REF=TREE, the base image first")
    a = ap.parse_args()
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1735689600"))
    created = "%sZ" % __import__("datetime").datetime.utcfromtimestamp(epoch).isoformat()
    labels = dict(l.split("=", 1) for l in a.label)
    cmd = json.loads(a.cmd)
    if not (isinstance(cmd, list) and cmd and all(isinstance(c, str) for c in cmd)):
        ap.error("--cmd must be a non-empty JSON list of strings")
    os.makedirs(a.layers, exist_ok=True)
    specs = [s.split("=", 1) for s in a.images]
    base_ref, base_tree = specs[0]
    base_name = base_ref.rsplit("/", 1)[-1].split(":")[0]

    layers = {}  # name -> (diff_id hex, file)
    def layer(name, tree, base):
        tmp = os.path.join(a.layers, name + ".tar")
        digest = write_layer(tmp, tree, base, epoch)
        print("mkdockerarchive: layer %s sha256:%s %d MB" % (name, digest[:12], os.path.getsize(tmp) >> 20), file=sys.stderr)
        return digest, tmp

    layers["base"] = layer("base", base_tree, None)
    manifest, repos, members = [], {}, []
    for ref, tree in specs:
        name = ref.rsplit("/", 1)[-1].split(":")[0]
        chain = [layers["base"]]
        if ref != base_ref:
            layers[name] = layer(name, tree, base_tree)
            chain.append(layers[name])
        config = {
            "architecture": "amd64", "os": "linux", "created": created,
            "config": {"Env": ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
                       "Cmd": cmd, "Labels": dict(labels, **{"io.initos.image": name})},
            "rootfs": {"type": "layers", "diff_ids": ["sha256:" + d for d, _ in chain]},
            "history": [{"created": created, "created_by": a.created_by + " " + n}
                        for n in ([base_name] if ref == base_ref else [base_name, name])],
        }
        blob = json.dumps(config, sort_keys=True, separators=(",", ":")).encode()
        cfg_name = hashlib.sha256(blob).hexdigest() + ".json"
        members.append((cfg_name, blob))
        manifest.append({"Config": cfg_name, "RepoTags": [ref], "Layers": ["%s/layer.tar" % d for d, _ in chain]})
        repo, tag = ref.rsplit(":", 1)
        repos.setdefault(repo, {})[tag] = chain[-1][0]

    tmp_out = a.out + ".tmp"
    with tarfile.open(tmp_out, "w", format=tarfile.USTAR_FORMAT) as out:
        def put(name, data=None, path=None):
            ti = tarfile.TarInfo(name)
            ti.mtime, ti.mode = epoch, 0o644
            if path:
                ti.size = os.path.getsize(path)
                with open(path, "rb") as f:
                    out.addfile(ti, f)
            else:
                ti.size = len(data)
                out.addfile(ti, io.BytesIO(data))
        for digest, path in layers.values():
            d = tarfile.TarInfo(digest)
            d.type, d.mode, d.mtime = tarfile.DIRTYPE, 0o755, epoch
            out.addfile(d)
            put(digest + "/VERSION", b"1.0")
            put(digest + "/layer.tar", path=path)
        for name, blob in members:
            put(name, blob)
        put("manifest.json", json.dumps(manifest, separators=(",", ":")).encode())
        put("repositories", json.dumps(repos, separators=(",", ":")).encode())
    os.replace(tmp_out, a.out)
    print("mkdockerarchive: wrote %s (%d MB, %d images)" % (a.out, os.path.getsize(a.out) >> 20, len(specs)), file=sys.stderr)


if __name__ == "__main__":
    main()
