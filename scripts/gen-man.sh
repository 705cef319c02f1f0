#!/usr/bin/env bash
# Generates archgate.1 with help2man from the binary's own --help, with one
# section per subcommand from its --help.
#   scripts/gen-man.sh HELP2MAN ARCHGATE OUTPUT
set -euo pipefail
help2man=$1 bin=$2 out=$3
include=$(mktemp)
trap 'rm -f "$include"' EXIT
{
  echo "[COMMANDS]"
  # Every subcommand `archgate --help` lists, in its order.
  for c in $("$bin" --help | awk '/^Subcommands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'); do
    echo ".SS \"archgate $c\""
    echo ".nf"
    "$bin" "$c" --help | sed 's/\\/\\\\/g; s/^\./\\\&./'
    echo ".fi"
  done
  echo "[SEE ALSO]"
  echo "The full documentation is in /usr/share/doc/archgate (docs/ in the source tree)."
} >"$include"
"$help2man" --no-info --no-discard-stderr --version-string="$("$bin" --version | awk '{print $2}')" \
  --name="audit a Node.js repository's architecture and dependencies" \
  --include="$include" --output="$out" "$bin"
