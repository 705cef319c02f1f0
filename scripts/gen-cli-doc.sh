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
  echo "Messages on stderr have one shape: \`archgate: error: …\` (exit 2), \`archgate: warning: …\` (something was left out), \`archgate: …\` (what was done) and \`archgate: hint: …\` (what to do next). \`-q\`/\`--quiet\`, before or after the command, silences the last two and the progress line; reports on stdout are never silenced. Colour only when the report goes to a terminal and \`NO_COLOR\` is unset; the progress line (\`deps\`, \`diff\`: count, rate, time left) only when stderr is a terminal."; echo
  echo "Shell completion: \`source <(archgate completion bash)\`, \`archgate completion zsh > \"\${fpath[1]}/_archgate\"\`, \`archgate completion fish > ~/.config/fish/completions/archgate.fish\`. The scripts are generated from the commands and options below, so they complete \`--format\` values, rule ids for \`--only\`/\`--skip\`/\`explain\`, and files and folders."; echo
  for c in "" $("$bin" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'); do
    echo "## archgate $c"; echo; echo '```'; "$bin" $c --help; echo '```'; echo
  done
} > docs/cli.md
