#!/usr/bin/env bash
# Refreshes the embedded Node.js data files:
#   data/node-release-schedule.json  release lines (start, lts, maintenance, end, alpha, codename)
#   data/node-releases.json          releases trimmed to {version, date, lts, security}
#
# Usage:
#   scripts/update-node-data.sh                 # from the Node.js project (network)
#   scripts/update-node-data.sh DIR             # from a folder holding release-schedule.json
#                                               # and envs.json (e.g. ../shared/data/node-releases)
# The schedule comes from the Node.js Release working group's schedule.json
# and the releases from nodejs.org/dist/index.json (the project's own
# sources); a local folder in the node-releases package layout is accepted
# for offline refreshes. Requires python3. Rebuild afterwards: the files are
# compiled into the binary.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/data"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [[ $# -ge 1 ]]; then
  cp "$1/release-schedule.json" "$tmp/schedule.json"
  cp "$1/envs.json" "$tmp/index.json"
else
  curl -fsSL https://raw.githubusercontent.com/nodejs/Release/main/schedule.json -o "$tmp/schedule.json"
  curl -fsSL https://nodejs.org/dist/index.json -o "$tmp/index.json"
fi

python3 - "$tmp/schedule.json" "$tmp/index.json" "$out" <<'PY'
import json, sys
sched_path, index_path, out = sys.argv[1:4]
sched = json.load(open(sched_path))
keep = ("alpha", "start", "lts", "maintenance", "end", "codename")
lines = {k: {f: v[f] for f in keep if f in v} for k, v in sched.items()}
with open(f"{out}/node-release-schedule.json", "w") as f:
    json.dump(lines, f, indent=2)
    f.write("\n")
rel = []
for r in json.load(open(index_path)):
    if r.get("name", "nodejs") != "nodejs":
        continue
    v = r["version"].lstrip("v")
    rel.append({"version": v, "date": r["date"], "lts": r.get("lts", False) or False,
                "security": bool(r.get("security", False))})
def key(r):
    core = r["version"].split("-")[0]
    return tuple(int(x) for x in core.split(".")), r["version"]
rel.sort(key=key)
with open(f"{out}/node-releases.json", "w") as f:
    f.write("[\n")
    f.write(",\n".join(json.dumps(r, separators=(",", ":")) for r in rel))
    f.write("\n]\n")
print(f"{len(lines)} lines, {len(rel)} releases")
PY
