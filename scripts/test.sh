#!/usr/bin/env bash
# Builds archgate with AddressSanitizer + UndefinedBehaviorSanitizer and runs
# the whole test suite (unit, reader, corpus-oracle and CLI tests).
#   scripts/test.sh               build into build-test/ and run every test
#   scripts/test.sh "[npm]"       run only tests matching a Catch2 filter
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
# -g1: line tables only. Sanitizer reports keep file:line, and the build is
# a little lighter than with full debug info; configure build-test by hand
# with -g for a debugger.
cmake -S . -B build-test -G Ninja -DCMAKE_BUILD_TYPE=Debug -DARCHGATE_SANITIZE=ON "-DCMAKE_CXX_FLAGS_DEBUG=-g1" >/dev/null
cmake --build build-test -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
if [[ $# -gt 0 ]]; then
  exec ./build-test/tests/archgate_tests "$@"
fi
cd build-test && ctest --output-on-failure -j"$(nproc)"
cd ..
# Reports against their schemas: docs/schemas/ always, SARIF and CycloneDX when npm and the
# registry are in reach (skipped with a message otherwise).
scripts/validate-reports.sh build-test/archgate
# The HTML report rendered by headless Chromium (skipped with a message when
# it is not installed).
scripts/check-html.sh build-test/archgate
