#!/usr/bin/env bash
# Regenerates docs/cli.md from the built binary's --help texts.
#   scripts/gen-cli-doc.sh [path/to/archgate]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-./build/archgate}
{
  echo "# Command-line reference"; echo
  echo "Generated from \`archgate --help\` and \`archgate COMMAND --help\` (\`scripts/gen-cli-doc.sh\`)."; echo
  echo "Exit codes, for every command: **0** nothing at or above \`--fail-on\` (or, for commands without it, success), **1** findings at or above \`--fail-on\` (\`semver\`: no version satisfies the range), **2** a usage error or an input that could not be read (the message names the file and line:column)."; echo
  for c in "" check inventory graph explain runtime schedule deps semver baseline hook diff; do
    echo "## archgate $c"; echo; echo '```'; "$bin" $c --help; echo '```'; echo
  done
} > docs/cli.md
