#!/usr/bin/env bash
# Checks archgate's reports against their consumers' own schemas: SARIF
# 2.1.0 (the OASIS schema as @microsoft/jest-sarif ships it) and CycloneDX
# 1.5 (as @cyclonedx/cyclonedx-library ships it). The schemas are specs, not
# ours to copy into the tree: they are taken from the npm registry npm is
# configured with (`npm pack`), cached in $ARCHGATE_SCHEMA_CACHE (default
# build-test/schemas), and the check is skipped with a message when npm,
# the registry or python3-jsonschema is out of reach.
#   scripts/validate-reports.sh [ARCHGATE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build-test/archgate}
cache=${ARCHGATE_SCHEMA_CACHE:-build-test/schemas}
skip() { echo "validate-reports: skipped: $*" >&2; exit 0; }
command -v npm >/dev/null || skip "npm is not installed (apt-get install npm)"
python3 -c 'import jsonschema, referencing' 2>/dev/null || skip "python3-jsonschema is not installed"
mkdir -p "$cache"
fetch() {  # fetch PACKAGE@VERSION DIR
  [[ -d "$cache/$2/package" ]] && return 0
  local tmp
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && timeout 60 npm pack "$1" --silent >/dev/null 2>&1); then
    rm -rf "$tmp"
    skip "npm pack $1 failed (registry out of reach?)"
  fi
  mkdir -p "$cache/$2" && tar xzf "$tmp"/*.tgz -C "$cache/$2" && rm -rf "$tmp"
}
fetch @microsoft/jest-sarif@1.0.0-beta.0 jest-sarif
fetch @cyclonedx/cyclonedx-library@10.3.0 cyclonedx
sarif_schema="$cache/jest-sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json"
bom_schema="$cache/cyclonedx/package/res/schema/bom-1.5.SNAPSHOT.schema.json"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# Reports of projects with findings of every family, and SBOMs of every
# lockfile format (the shared corpus when it is beside the checkout).
i=0
for p in fixtures/example fixtures/projects/* fixtures/checklist/*/fail; do
  [[ -f "$p/package.json" ]] || continue
  i=$((i + 1))
  "$bin" check "$p" --format sarif --today 2026-12-02 --output "$out/check-$i.sarif" >/dev/null 2>&1 || true
  [[ -s "$out/check-$i.sarif" ]] || rm -f "$out/check-$i.sarif"
done
for p in fixtures/example ../shared/corpus/*/; do
  [[ -f "$p/package.json" ]] || continue
  i=$((i + 1))
  "$bin" inventory "$p" --format cyclonedx --today 2026-12-02 --output "$out/sbom-$i.json" >/dev/null 2>&1 || true
  [[ -s "$out/sbom-$i.json" ]] || rm -f "$out/sbom-$i.json"
done
ls "$out"/*.sarif >/dev/null 2>&1 || { echo "validate-reports: no SARIF was written" >&2; exit 1; }
ls "$out"/sbom-*.json >/dev/null 2>&1 || { echo "validate-reports: no SBOM was written" >&2; exit 1; }
python3 scripts/validate_schema.py "$sarif_schema" "$out"/*.sarif | tail -1
python3 scripts/validate_schema.py "$bom_schema" "$out"/sbom-*.json | tail -1
echo "validate-reports: $(ls "$out"/*.sarif | wc -l) SARIF and $(ls "$out"/sbom-*.json | wc -l) CycloneDX reports valid"
