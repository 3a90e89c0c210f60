#!/usr/bin/env bash
# resolve-modules.sh MODDIR LIST: prints the module files (relative to MODDIR) that the names in LIST
# need: each module, its modules.dep dependencies and its softdep pre/post modules, transitively.
# Names built into the kernel (modules.builtin) are skipped; a name that is neither fails, naming it.
set -euo pipefail
moddir=${1:?usage: resolve-modules.sh MODDIR LIST}
list=${2:?usage: resolve-modules.sh MODDIR LIST}
awk -v listfile="$list" '
  function norm(n) { gsub(/-/, "_", n); return n }
  function base(p,  b) { b = p; sub(/.*\//, "", b); sub(/\.ko(\.(xz|zst|gz))?$/, "", b); return norm(b) }
  function want(n,  i, d) {
    n = norm(n)
    if (n in done) return
    done[n] = 1
    if (!(n in path)) { if (n in builtin) return; missing = missing " " n; return }
    print path[n]
    for (i = 1; i <= ndeps[n]; i++) want(dep[n, i])
    for (i = 1; i <= nsoft[n]; i++) if (soft[n, i] in path) want(soft[n, i])
  }
  FILENAME ~ /modules\.dep$/ {
    p = $1; sub(/:$/, "", p); n = base(p); path[n] = p
    for (i = 2; i <= NF; i++) dep[n, i - 1] = base($i)
    ndeps[n] = NF - 1; next
  }
  FILENAME ~ /modules\.softdep$/ && $1 == "softdep" {
    n = norm($2)
    for (i = 3; i <= NF; i++) if ($i != "pre:" && $i != "post:") soft[n, ++nsoft[n]] = norm($i)
    next
  }
  FILENAME ~ /modules\.builtin$/ { builtin[base($0)] = 1; next }
  END {
    while ((getline line < listfile) > 0) {
      sub(/#.*/, "", line); n = split(line, names, /[ \t]+/)
      for (i = 1; i <= n; i++) if (names[i] != "") want(names[i])
    }
    if (missing != "") { print "resolve-modules: not in this kernel:" missing > "/dev/stderr"; exit 1 }
  }
' "$moddir/modules.dep" "$moddir/modules.softdep" "$moddir/modules.builtin"
