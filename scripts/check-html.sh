#!/usr/bin/env bash
# The HTML report as its consumer sees it: rendered by headless Chromium
# (Debian's `chromium`). Fails when the browser logs anything to its console
# (a script error, a blocked resource, a Content-Security-Policy violation:
# the page must be self-contained and silent) or when the rendered DOM lacks
# the architecture checklist with its 16 items. Skipped with a message when
# Chromium is not installed.
#   scripts/check-html.sh [ARCHGATE_BINARY]
#   ARCHGATE_SCREENSHOT=docs/img/html-report.png scripts/check-html.sh build/archgate
#     also saves a screenshot of the example project's report
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build-test/archgate}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
  echo "check-html: skipped: Chromium is not installed (apt-get install chromium)" >&2
  exit 0
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# --no-sandbox: CI runs as root; the page is our own report, with scripts off by its CSP.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --user-data-dir="$out/profile"
       --enable-logging=stderr --v=0)
n=0
for p in fixtures/example fixtures/projects/{hygiene-findings,bad-lockfile,no-lockfile,source-monorepo} \
         fixtures/checklist/graceful-shutdown/fail; do
  [[ -f "$p/package.json" ]] || continue
  rc=0
  rm -f "$out/report.html"
  "$bin" check "$p" --format html --today 2026-12-02 --output "$out/report.html" 2>/dev/null || rc=$?
  if ((rc > 2)) || [[ ! -s "$out/report.html" ]]; then
    echo "check-html: $p: no HTML report (exit $rc)" >&2
    exit 1
  fi
  timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$out/report.html" >"$out/dom.html" 2>"$out/browser.log" ||
    { echo "check-html: $p: Chromium failed" >&2; tail -20 "$out/browser.log" >&2; exit 1; }
  if grep -q ':CONSOLE' "$out/browser.log"; then
    echo "check-html: $p: the page logs to the browser console:" >&2
    grep ':CONSOLE' "$out/browser.log" >&2
    exit 1
  fi
  items=$(grep -o '<details class="item' "$out/dom.html" | wc -l)
  if ! grep -q '<h2>Architecture checklist</h2>' "$out/dom.html" || ((items != 16)); then
    echo "check-html: $p: the rendered page has no checklist of 16 items (found $items)" >&2
    exit 1
  fi
  n=$((n + 1))
done
if ((n == 0)); then
  echo "check-html: no fixture project found to render" >&2
  exit 1
fi
if [[ -n "${ARCHGATE_SCREENSHOT:-}" ]]; then
  "$bin" check fixtures/example --format html --today 2026-12-02 --output "$out/report.html" 2>/dev/null || true
  timeout 120 "$browser" "${flags[@]}" --hide-scrollbars --window-size=1100,1500 \
    --screenshot="$PWD/$ARCHGATE_SCREENSHOT" "file://$out/report.html" 2>/dev/null
  echo "check-html: screenshot in $ARCHGATE_SCREENSHOT"
fi
echo "check-html: $n HTML reports render in Chromium with the checklist and a silent console"
