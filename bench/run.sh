#!/usr/bin/env bash
# Benchmarks archgate against the tools a user would otherwise run, on the
# same inputs in the same run. Writes bench/results/latest.md (+ .json).
#   bench/run.sh [--quick]     --quick: fewer repeats, no 50k npm ls
# Needs: node + npm (for the peers and the synthetic lockfile), python3,
# ../shared/corpus beside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
corpus=${ARCHGATE_CORPUS:-$root/../shared/corpus}
quick=0; [[ "${1:-}" == "--quick" ]] && quick=1
repeat=$([[ $quick == 1 ]] && echo 5 || echo 20)
work=bench/work; results=bench/results
mkdir -p "$work" "$results"

scripts/install-deps.sh
cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHGATE_BENCH=ON -DARCHGATE_TESTS=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
bin=build-bench/archgate; rb=build-bench/bench/bench_readers

if [[ ! -d bench/node_modules ]]; then
  (cd bench && npm install --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
for n in 10000 50000; do
  [[ -f $work/synthetic-npm-$n/package-lock.json ]] || bash "$corpus/make-synthetic.sh" $n "$work/synthetic-npm-$n" >/dev/null
done

# label | project dir | lockfile | peer parser | run `npm ls`?
cases=(
  "npm v2 real (otel-contrib)|$corpus/real-otel-contrib-npm2|package-lock.json|npm-json|yes"
  "npm v3 synthetic 10k|$work/synthetic-npm-10000|package-lock.json|npm-json|yes"
  "npm v3 synthetic 50k|$work/synthetic-npm-50000|package-lock.json|npm-json|$([[ $quick == 1 ]] && echo no || echo yes)"
  "pnpm v9 real (vercel-ai)|$corpus/real-vercel-ai-pnpm9-huge|pnpm-lock.yaml|pnpm-jsyaml|no"
  "pnpm v9 real via @pnpm/lockfile.fs|$corpus/real-vercel-ai-pnpm9-huge|pnpm-lock.yaml|pnpm-lockfile-fs|no"
  "yarn classic real (babel)|$corpus/real-babel-yarn1|yarn.lock|yarn-classic|no"
  "yarn berry v10 real (babel)|$corpus/real-babel-berry10|yarn.lock|yarn-berry|no"
  "bun real (hono)|$corpus/real-hono-bun1|bun.lock|bun-json|no"
)
out=$results/latest.json; : > "$out"
for c in "${cases[@]}"; do
  IFS='|' read -r label dir file peer npmls <<<"$c"
  [[ -f "$dir/$file" ]] || { echo "skip $label: no $dir/$file" >&2; continue; }
  echo "== $label" >&2
  mine=$("$rb" "$dir/$file" "$repeat" 2>/dev/null || echo '{"error":"archgate failed"}')
  theirs=$(node bench/peers.mjs "$peer" "$dir/$file" "$repeat" 2>/dev/null || echo '{"error":"peer failed"}')
  # whole commands, wall time and peak RSS
  cmd=$( { /usr/bin/time -f '%e %M' "$bin" inventory "$dir" --format json >/dev/null; } 2>&1 | tail -1 || true)
  npm_cmd="null"
  if [[ $npmls == yes ]]; then
    # -o: the redirection that silences npm would swallow time's own report
    tf=$(mktemp)
    (cd "$dir" && /usr/bin/time -o "$tf" -f '%e %M' timeout 1200 npm ls --all --json --package-lock-only >/dev/null 2>&1) || true
    t=$(tail -1 "$tf"); rm -f "$tf"
    npm_cmd="\"$t\""
  fi
  node_cmd=$( { /usr/bin/time -f '%e %M' node -e "JSON.parse(require('fs').readFileSync(process.argv[1],'utf8').replace(/,(\s*[}\]])/g,'\$1'))" "$dir/$file" >/dev/null; } 2>&1 | tail -1 || true)
  printf '{"label":"%s","archgate":%s,"peer":%s,"archgate_cmd":"%s","npm_ls_cmd":%s,"node_parse_cmd":"%s"}\n' \
    "$label" "$mine" "$theirs" "$cmd" "$npm_cmd" "$node_cmd" >> "$out"
done
python3 bench/report.py "$out" > "$results/latest.md"
cat "$results/latest.md"
