#!/usr/bin/env bash
# Registry metadata for ~1000 packages against a local registry with injected
# latency: `npm outdated` (what a user would otherwise run) against
# `archgate deps`, cold and warm, in the same run, on the same project and
# the same server. Writes bench/results/registry-npm.json (+ .md).
#   bench/registry_npm.sh [N] [LATENCY_MS]      defaults: 1000 50
# Env: ARCHGATE_BUILD (build folder, default build-bench; configured and
# built when its binaries are missing). Needs npm, curl, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
n=${1:-1000}
latency=${2:-50}
build=${ARCHGATE_BUILD:-build-bench}
work=bench/work/registry-npm-$n; results=bench/results
mkdir -p "$results"
rm -rf "$work"; mkdir -p "$work"
work=$(cd "$work" && pwd)

if [[ ! -x $build/archgate || ! -x $build/bench/bench_registry ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DARCHGATE_BENCH=ON -DARCHGATE_TESTS=OFF >/dev/null
  cmake --build "$build" -j"$(nproc)" >/dev/null
fi
bin=$root/$build/archgate; rb=$root/$build/bench/bench_registry

# The server, in the background until this script exits.
"$rb" --serve-only "$work/port" "$n" "$latency" 2>"$work/server.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do [[ -s $work/port ]] && break; sleep 0.1; done
[[ -s $work/port ]] || { echo "registry server did not start" >&2; cat "$work/server.log" >&2; exit 1; }
port=$(cat "$work/port"); reg="http://127.0.0.1:$port/"
"$rb" --make-project "$work/project" "$reg" "$n" 2>/dev/null

# Neither tool may read this machine's own npm configuration; npm must not
# ask any other registry (update notifier) either.
: > "$work/user-npmrc"; : > "$work/global-npmrc"
export npm_config_userconfig=$work/user-npmrc npm_config_globalconfig=$work/global-npmrc
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# The server's counters: requests (GET + POST), 200s, 304s, gzipped 200s,
# bytes sent, the server's CPU seconds.
counters() {
  curl -s "${reg}-/bench/stats" | python3 -c 'import json,sys; d=json.load(sys.stdin)
print(d["gets"]+d["posts"], d["ok"], d["not_modified"], d["gzipped"], d["bytes"], d["cpu_s"])'
}

# measure LABEL OUTFILE CMD...: wall, peak RSS, requests the server saw.
measure() {
  local label=$1 out=$2; shift 2
  local tf; tf=$(mktemp)
  local req0 ok0 nm0 gz0 b0 c0 req1 ok1 nm1 gz1 b1 c1 wall rss user sys rc=0
  read -r req0 ok0 nm0 gz0 b0 c0 < <(counters)
  (cd "$work/project" && /usr/bin/time -o "$tf" -f '%e %M %U %S' "$@" >"$out" 2>"$out.err") || rc=$?
  read -r req1 ok1 nm1 gz1 b1 c1 < <(counters)
  read -r wall rss user sys < <(tail -1 "$tf"); rm -f "$tf"
  printf '{"label":"%s","wall_s":%s,"cpu_s":%.2f,"peak_rss_mb":%.1f,"requests":%d,"ok_200":%d,"not_modified_304":%d,"gzipped":%d,"mb_received":%.2f,"server_cpu_s":%.2f,"exit":%d}\n' \
    "$label" "$wall" "$(echo "$user + $sys" | bc -l)" "$(echo "$rss / 1024" | bc -l)" $((req1 - req0)) $((ok1 - ok0)) \
    $((nm1 - nm0)) $((gz1 - gz0)) "$(echo "($b1 - $b0) / 1000000" | bc -l)" "$(echo "$c1 - $c0" | bc -l)" "$rc"
}

out=$results/registry-npm.json; : > "$out"
npm_cache=$work/npm-cache; ag_cache=$work/archgate-cache
{
  measure "npm outdated (cold cache)" "$work/npm-cold.json" \
    npm outdated --json --registry "$reg" --cache "$npm_cache"
  measure "npm outdated (warm cache)" "$work/npm-warm.json" \
    npm outdated --json --registry "$reg" --cache "$npm_cache"
  measure "archgate deps (cold cache)" "$work/deps-cold.json" \
    env ARCHGATE_CACHE_DIR="$ag_cache" "$bin" deps . --format json
  measure "archgate deps (warm cache)" "$work/deps-warm.json" \
    env ARCHGATE_CACHE_DIR="$ag_cache" "$bin" deps . --format json
  measure "archgate deps --offline" "$work/deps-offline.json" \
    env ARCHGATE_CACHE_DIR="$ag_cache" "$bin" deps . --format json --offline
  measure "archgate deps --no-advisories (cold cache)" "$work/deps-noadv.json" \
    env ARCHGATE_CACHE_DIR="$work/archgate-cache-2" "$bin" deps . --format json --no-advisories
} | tee -a "$out" >&2

# Sanity: both tools saw every package.
python3 - "$work" "$n" <<'EOF' >&2
import json, sys
work, n = sys.argv[1], int(sys.argv[2])
npm = json.load(open(f"{work}/npm-cold.json"))
print(f"npm outdated listed {len(npm)} outdated of {n} packages")
deps = json.load(open(f"{work}/deps-cold.json"))
pk = deps.get("dependencies", [])
known = sum(1 for p in pk if p.get("facts", {}).get("metadata"))
print(f"archgate deps reported {len(pk)} packages, {known} with registry metadata, "
      f"{len(deps.get('findings', []))} findings, {len(deps.get('errors', []))} errors, "
      f"advisories {deps.get('advisories', {}).get('status')}")
EOF

python3 - "$out" "$n" "$latency" <<'EOF' > "$results/registry-npm.md"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
print(f"{sys.argv[2]} packages, {sys.argv[3]} ms per request\n")
print("| command | wall s | CPU s | peak RSS MB | requests (200 / 304) | MB received | exit |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
for r in rows:
    gz = " gzip" if r["gzipped"] else ""
    print(f"| {r['label']} | {r['wall_s']} | {r['cpu_s']:.2f} | {r['peak_rss_mb']:.0f} | "
          f"{r['requests']} ({r['ok_200']} / {r['not_modified_304']}) | {r['mb_received']:.1f}{gz} | {r['exit']} |")
EOF
cat "$results/registry-npm.md"
