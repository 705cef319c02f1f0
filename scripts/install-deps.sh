#!/usr/bin/env bash
# Installs the Debian packages archgate builds and tests with. Idempotent:
# does nothing (no apt-get update, no install) when all are present.
#   scripts/install-deps.sh            build dependencies
#   scripts/install-deps.sh --test     also what the test scripts check reports with
#                                      (python3-jsonschema, xmllint, Chromium)
#   scripts/install-deps.sh --fuzz     also clang + libFuzzer runtime
#   scripts/install-deps.sh --package  also help2man (man page) and dpkg-dev (cpack -G DEB)
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config
      libcli11-dev libgit2-dev libtomlplusplus-dev libcpp-httplib-dev libssl-dev
      catch2 libsimdjson-dev libfyaml-dev libfmt-dev nlohmann-json3-dev)
for arg in "$@"; do
  case "$arg" in
    --test)
      # scripts/validate-reports.sh: reports against their schemas;
      # scripts/check-html.sh: the HTML report in a real browser.
      pkgs+=(python3-jsonschema libxml2-utils chromium) ;;
    --fuzz) pkgs+=(clang-19 libclang-rt-19-dev) ;;
    --package) pkgs+=(help2man dpkg-dev file) ;;
    *) echo "install-deps: unknown option $arg (--test, --fuzz, --package)" >&2; exit 2 ;;
  esac
done
missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "installing: ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
