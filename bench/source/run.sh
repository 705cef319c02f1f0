#!/usr/bin/env bash
# Times the JS/TS module-graph tools archgate's source analyzer is compared with, on whole repositories.
#   bench/source/run.sh DIR...
# For each DIR: file count and bytes of .js .mjs .cjs .jsx .ts .mts .cts .tsx sources (as imports.mjs
# walks them), then wall seconds and peak RSS (/usr/bin/time) of ts.preProcessFile over every file
# (imports.mjs), madge, dependency-cruiser, knip, depcheck and, when the archgate binary has it,
# `archgate graph --format json` and `archgate check --only 'source/*' --format json`. A peer that
# fails, times out (600 s) or prints no JSON is recorded, not fatal.
# Writes JSON lines to bench/results/source-latest.json and a table to bench/results/source-latest.md,
# each with the 1-minute load average seen just before the command started.
# Env: ARCHGATE=path/to/archgate (default build/archgate), PEER_TIMEOUT=seconds (default 600),
#      LOAD_MAX=0.8 to wait (20 s at a time, at most 10 times) for the 1-minute load to drop below it
#      before each command (on a shared machine), KEEP=DIR to keep each command's stdout as
#      DIR/REPO.TOOL.out (e.g. for compare.py).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$here/node_modules/.bin
archgate=${ARCHGATE:-$root/build/archgate}
limit=${PEER_TIMEOUT:-600}
[[ $# -ge 1 ]] || { echo "usage: $0 DIR..." >&2; exit 2; }
[[ -x $bin/depcruise ]] || (cd "$here" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error)
results=$root/bench/results; mkdir -p "$results"
out=$results/source-latest.json; md=$results/source-latest.md
[[ -z ${KEEP:-} ]] || mkdir -p "$KEEP"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
# Same directories imports.mjs skips; a regex over paths relative to DIR.
skip='(^|/)(node_modules|\.git|dist|build|coverage|out|\.next)/'

# Does this archgate have the graph subcommand? (unknown subcommands print the top-level help)
has_graph=0
[[ -x $archgate ]] && "$archgate" graph --help 2>&1 | grep -q '^Usage: .*graph' && has_graph=1

: > "$out"
printf '| repo | commit | files | bytes | tool | status | seconds | peak RSS MiB | load | result |\n|---|---|---|---|---|---|---|---|---|---|\n' > "$md"

# load1: the 1-minute load average; with LOAD_MAX set, first wait (bounded) for it to drop below.
load1() {
  local l tries=0
  read -r l _ < /proc/loadavg
  while [[ -n ${LOAD_MAX:-} ]] && (( tries < 10 )) && awk -v l="$l" -v m="$LOAD_MAX" 'BEGIN{exit !(l > m)}'; do
    sleep 20; tries=$((tries + 1)); read -r l _ < /proc/loadavg
  done
  echo "$l"
}

# peer NAME CMD...: run CMD in $dir under time+timeout; stdout must be JSON (several tools exit
# non-zero when they find issues, so the exit code alone does not say whether they worked).
peer() {
  local name=$1; shift
  local rc=0 secs kb status note load
  load=$(load1)
  (cd "$dir" && /usr/bin/time -f '%e %M' -o "$tmp/time" timeout "$limit" "$@" >"$tmp/out" 2>"$tmp/err") || rc=$?
  read -r secs kb < <(tail -n 1 "$tmp/time" 2>/dev/null || echo "0 0")
  [[ -z ${KEEP:-} ]] || cp "$tmp/out" "$KEEP/$name_.$name.out"
  # ok: JSON and the tool's "found issues" codes (knip 1, depcheck 255); partial: JSON but an error
  # exit (knip 2 = some config files could not be loaded, e.g. without node_modules).
  note=$(node "$here/summarize.cjs" "$name" "$tmp/out" 2>/dev/null) && {
    status=ok
    if [[ ! $rc =~ ^(0|1|255)$ ]]; then
      status="partial rc=$rc"
      note="$note; $(grep -c -i 'error' "$tmp/err") stderr errors, first: $(grep -m1 -i 'error' "$tmp/err" | cut -c1-100)"
    fi
  } || {
    if [[ $rc == 124 ]]; then status="timeout ${limit}s"; else status="failed rc=$rc"; fi
    note=$(grep -v '^\s*$' "$tmp/err" | grep -m1 -iE 'error|cannot|fail' || grep -m1 -v '^\s*$' "$tmp/err" || true)
    note=${note:0:160}
  }
  node -e 'const a=process.argv.slice(1),o={};for(let i=0;i<a.length;i+=2)o[a[i]]=/^(files|bytes|exit|seconds|peak_rss_kb|load1)$/.test(a[i])?Number(a[i+1]):a[i+1];console.log(JSON.stringify(o))' \
    repo "$name_" commit "$commit" files "$files" bytes "$bytes" tool "$name" status "$status" \
    exit "$rc" seconds "$secs" peak_rss_kb "$kb" load1 "$load" result "$note" >> "$out"
  printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n' "$name_" "${commit:0:10}" "$files" "$bytes" "$name" \
    "$status" "$secs" "$((kb / 1024))" "$load" "${note//|/\\|}" >> "$md"
  echo "$name_ $name: $status ${secs}s $((kb / 1024))MiB load $load $note" >&2
}

for d in "$@"; do
  dir=$(cd "$d" && pwd); name_=$(basename "$dir")
  # A `git archive` extraction has no .git: put the commit in DIR/.commit to have it recorded.
  commit=$(git -C "$dir" rev-parse HEAD 2>/dev/null || cat "$dir/.commit" 2>/dev/null || echo unknown)
  # imports.mjs prints its totals (files, bytes, imports) as the last stderr line.
  node "$here/imports.mjs" "$dir" >/dev/null 2>"$tmp/summary"
  files=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").pop()).files' "$tmp/summary")
  bytes=$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1],"utf8").trim().split("\n").pop()).bytes' "$tmp/summary")
  tsconfig=(); [[ -f $dir/tsconfig.json ]] && tsconfig=(--ts-config tsconfig.json)

  # Reference lexer: TypeScript's preProcessFile over every file (no resolution).
  peer ts-preprocess node "$here/imports.mjs" .
  peer madge "$bin/madge" --json --extensions js,jsx,ts,tsx,mjs,cjs,mts,cts --exclude "$skip" "${tsconfig[@]}" .
  # --no-config: built-in defaults, no rules; --ts-pre-compilation-deps keeps type-only imports.
  peer depcruise "$bin/depcruise" --no-config --output-type json --ts-pre-compilation-deps \
    --exclude "$skip" --do-not-follow node_modules "${tsconfig[@]}" .
  peer knip "$bin/knip" --reporter json --no-progress --no-config-hints
  peer depcheck "$bin/depcheck" --json .
  if [[ $has_graph == 1 ]]; then
    peer archgate-graph "$archgate" graph . --format json
    peer archgate-check "$archgate" check . --only 'source/*' --format json
  else
    echo "$name_: $archgate has no graph subcommand; skipped" >&2
  fi
done
echo "wrote $out and $md" >&2
