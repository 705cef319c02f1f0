#!/usr/bin/env bash
# Records registry metadata fixtures for the registry client and scoring
# tests: fetches each package's full document (packument) from the registry
# npm is configured with (`npm config get registry`), keeps only the versions
# listed below (documents stay small), then applies fixtures/registry/
# corrections.json: the reachable mirror rewrites publish times and drops
# `deprecated` (see fixtures/registry/README.md), so the fields the tests rely
# on are set by hand to the public registry's real values.
#
# Usage: scripts/record-registry-fixtures.sh [OUT_DIR]   (needs curl and node)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$here/fixtures/registry}"
registry="$(npm config get registry 2>/dev/null)"
registry="${registry%/}/"
mkdir -p "$out"

# name -> versions to keep (space separated; the latest dist-tag is always kept)
declare -A keep=(
  [is-number]="6.0.0 7.0.0"
  [left-pad]="1.2.0 1.3.0"
  [ms]="2.0.0 2.1.1 2.1.2 2.1.3"
  [@types/node]="22.10.1 24.0.0"
  [esbuild]="0.25.0"
  [request]="2.88.0 2.88.2"
  # advisory tests (fixtures/registry/advisories.json): versions around the fixes
  [lodash]="4.17.19 4.17.20 4.17.21 4.17.23"
  [minimist]="1.2.0 1.2.3 1.2.5 1.2.6 1.2.8"
  [glob-parent]="3.1.0 4.0.0 5.1.1 5.1.2 6.0.2"
)

for name in "${!keep[@]}"; do
  escaped="${name/\//%2f}"
  file="$out/${escaped}.json"
  tmp="$(mktemp)"
  curl -fsS -H 'Accept: application/json' "${registry}${escaped}" -o "$tmp"
  KEEP="${keep[$name]}" CORR="$out/corrections.json" node -e '
    const fs = require("fs");
    const doc = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
    const keep = new Set(process.env.KEEP.split(" "));
    for (const t of Object.values(doc["dist-tags"] || {})) keep.add(t);
    const corr = (JSON.parse(fs.readFileSync(process.env.CORR, "utf8"))[doc.name]) || {};
    for (const v of Object.keys(doc.versions)) if (!keep.has(v)) delete doc.versions[v];
    const time = {};
    for (const v of Object.keys(doc.versions)) time[v] = (corr.time && corr.time[v]) || doc.time[v];
    if (corr["dist-tags"]) doc["dist-tags"] = corr["dist-tags"];
    for (const [v, msg] of Object.entries(corr.deprecated || {})) if (doc.versions[v]) doc.versions[v].deprecated = msg;
    const all = Object.values(time).sort();
    time.created = (corr.time && corr.time.created) || all[0];
    time.modified = (corr.time && corr.time.modified) || all[all.length - 1];
    doc.time = time;
    for (const v of Object.values(doc.versions)) { delete v.readme; }
    fs.writeFileSync(process.argv[2], JSON.stringify(doc, null, 1) + "\n");
  ' "$tmp" "$file"
  rm -f "$tmp"
  echo "recorded $name -> $file"
done
