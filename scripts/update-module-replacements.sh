#!/usr/bin/env bash
# Refreshes data/module-replacements.json (deps/native-replacement) from the
# e18e module-replacements lists (https://github.com/es-tooling/module-replacements):
#   native.json           packages a JavaScript/Node.js built-in replaces
#   micro-utilities.json  tiny packages a one-line snippet replaces
#   preferred.json        packages with a preferred alternative (only the
#                         alternatives that are a Node.js built-in are kept)
#
# Usage:
#   scripts/update-module-replacements.sh [DIR]
# DIR holds the three lists and LICENSE (the module-replacements package's
# manifests folder); default ../shared/data/module-replacements beside the
# checkout. Requires python3. Rebuild afterwards: the file is compiled into
# the binary.
#
# The output keeps only what archgate reads, so the embedded copy stays small:
#   "native", "micro-utility", "preferred": package name -> [replacement id, ...]
#                   (one kind per package: the first list naming it wins)
#   "docs":         package name -> the e18e guide for it, when upstream has one
#   "replacements": id -> {"node"?: minVersion, "url"?, "description"?, "removal"?: true}
# URLs are kept short: "mdn:<path>" (developer.mozilla.org/en-US/docs/<path>),
# "node:<path>" (nodejs.org/<path>), "e18e:<id>" (the e18e replacement guide);
# archgate expands them.
# A replacement is kept when Node.js has it (an `engines` entry for nodejs:
# "node" is its minVersion), when it is a removal (nothing to replace: the
# package only polyfills what every runtime has) or a micro-utility snippet.
# Replacements that are other npm packages ("documented"), or built-ins of
# browsers/Deno/Bun only, are dropped, and so is a package left with none.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
src="${1:-$here/../shared/data/module-replacements}"
out="$here/data"

for f in native.json micro-utilities.json preferred.json LICENSE; do
  if [[ ! -f "$src/$f" ]]; then
    echo "update-module-replacements: $src/$f not found" >&2
    exit 2
  fi
done

python3 - "$src" "$out" <<'PY'
import json, os, sys

src, out = sys.argv[1:3]

def url_of(u):
    if not u:
        return None
    if isinstance(u, str):
        return u
    t, i = u.get("type"), u.get("id", "")
    if t in ("mdn", "node", "e18e") and i:
        return t + ":" + i  # expanded by analyzers/deps/replacements.cpp
    return None

def node_min(r):
    for e in r.get("engines", []):
        if e.get("engine") == "nodejs":
            return e.get("minVersion")
    return None

def one_line(s):
    return " ".join(s.split()) if s else s

packages = {}
replacements = {}

def keep_replacement(r, kind):
    """The compact record of replacement `r`, or None when Node.js cannot use it."""
    t = r.get("type")
    rec = {}
    if t == "native":
        v = node_min(r)
        if not v:
            return None  # not a Node.js built-in (browser, Deno, Bun, or no data)
        rec["node"] = v
    elif t == "removal":
        if kind == "preferred":
            return None  # "drop jQuery/lodash" is advice, not a runtime feature
        rec["removal"] = True
    elif t == "simple":
        pass  # a micro-utility snippet
    else:
        return None  # another npm package ("documented")
    u = url_of(r.get("url"))
    if u:
        rec["url"] = u
    if r.get("description"):
        rec["description"] = one_line(r["description"])
    return rec

for file, kind in (("native.json", "native"), ("micro-utilities.json", "micro-utility"),
                   ("preferred.json", "preferred")):
    doc = json.load(open(os.path.join(src, file)))
    reps = doc.get("replacements", {})
    for name, m in sorted(doc.get("mappings", {}).items()):
        if m.get("type", "module") != "module" or name in packages:
            continue  # the first list naming a package wins (native before the others)
        ids = []
        for rid in m.get("replacements", []):
            r = reps.get(rid)
            if r is None:
                continue
            rec = keep_replacement(r, kind)
            if rec is None:
                continue
            if rid in replacements and replacements[rid] != rec:
                print(f"warning: replacement {rid} differs between lists; keeping the first",
                      file=sys.stderr)
            replacements.setdefault(rid, rec)
            ids.append(rid)
        if not ids:
            continue
        entry = {"kind": kind, "replacements": ids}
        d = url_of(m.get("url"))
        if d:
            entry["docs"] = d
        packages[name] = entry

used = {rid for p in packages.values() for rid in p["replacements"]}
replacements = {k: v for k, v in sorted(replacements.items()) if k in used}
sections = [("native", {}), ("micro-utility", {}), ("preferred", {}), ("docs", {}),
            ("replacements", replacements)]
by = dict(sections)
for name, p in sorted(packages.items()):
    by[p["kind"]][name] = p["replacements"]
    if "docs" in p:
        by["docs"][name] = p["docs"]
with open(os.path.join(out, "module-replacements.json"), "w") as f:
    f.write("{\n")
    f.write('"source": ' + json.dumps(
        "e18e module-replacements (https://github.com/es-tooling/module-replacements): "
        "native.json, micro-utilities.json, preferred.json, trimmed by "
        "scripts/update-module-replacements.sh") + ",\n")
    f.write('"license": ' + json.dumps(
        "MIT, Copyright (c) 2024 James Garbutt (see LICENSE-module-replacements)") + ",\n")
    for n, (key, items) in enumerate(sections):
        f.write(json.dumps(key) + ": {\n")
        f.write(",\n".join(json.dumps(k) + ":" + json.dumps(v, separators=(",", ":"))
                           for k, v in items.items()))
        f.write("\n}" + ("," if n + 1 < len(sections) else "") + "\n")
    f.write("}\n")
kinds = {}
for p in packages.values():
    kinds[p["kind"]] = kinds.get(p["kind"], 0) + 1
print(f"{len(packages)} packages ({', '.join(f'{v} {k}' for k, v in sorted(kinds.items()))}), "
      f"{len(replacements)} replacements")
PY
install -m 644 "$src/LICENSE" "$out/LICENSE-module-replacements"
