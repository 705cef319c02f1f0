#!/usr/bin/env bash
# Builds every libFuzzer target (clang) and runs each for a short time,
# seeded with the real lockfiles and manifests of the corpus and fixtures.
#   scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 20)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
scripts/install-deps.sh --fuzz
# -O1 with line tables: enough for libFuzzer's speed and readable stacks, and
# half the compile time of -O2 -g on a 2-core CI machine.
CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only -DNDEBUG" \
  -DARCHGATE_FUZZ=ON -DARCHGATE_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)"
seeds=build-fuzz/seeds
shared=../shared/corpus
for target in build-fuzz/fuzz/fuzz_*; do
  [[ -x "$target" ]] || continue
  name=$(basename "$target")
  dir="$seeds/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  case "$name" in
    fuzz_npm_lock) pat='package-lock.json|npm-shrinkwrap.json' ;;
    fuzz_package_json) pat='package.json' ;;
    fuzz_pnpm*) pat='pnpm-lock.yaml' ;;
    fuzz_yarn*) pat='yarn.lock' ;;
    fuzz_bun*) pat='bun.lock' ;;
    fuzz_config) pat='archgate.toml' ;;
    fuzz_advisories) pat='advisories.json' ;;
    fuzz_json_syntax) pat='package-lock.json|package.json|bun.lock|advisories.json' ;;
    *) pat='' ;;
  esac
  if [[ -n "$pat" ]]; then
    # small seeds only: libFuzzer's default max_len would truncate big files.
    # `head` closes the pipe early (SIGPIPE under pipefail): hence `|| true`.
    find fixtures "$shared" -type f -size -64k 2>/dev/null | grep -E "/($pat)$" | head -40 |
      while read -r f; do cp "$f" "$dir/$(echo "$f" | md5sum | cut -c1-12)"; done || true
  fi
  # hand-written seeds for targets without a file type of their own
  if [[ -d fixtures/fuzz-seeds/${name#fuzz_} ]]; then
    cp fixtures/fuzz-seeds/"${name#fuzz_}"/* "$dir/"
  fi
  echo "fuzzing $name for ${secs}s"
  "$target" "$dir" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=0 2>"build-fuzz/$name.log" || { tail -40 "build-fuzz/$name.log"; exit 1; }
done
echo "fuzzing: no crash"
