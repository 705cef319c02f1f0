#!/usr/bin/env bash
# Installs the Debian packages archgate builds and tests with. Idempotent:
# does nothing (no apt-get update, no install) when all are present.
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --fuzz     also clang + libFuzzer runtime
#   scripts/install-deps.sh --package  also help2man (man page) and dpkg-dev (cpack -G DEB)
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config
      libcli11-dev libgit2-dev libtomlplusplus-dev libcpp-httplib-dev libssl-dev
      catch2 libsimdjson-dev libfyaml-dev libfmt-dev nlohmann-json3-dev
      python3-jsonschema libxml2-utils  # scripts/validate-reports.sh: reports against their schemas
      chromium)  # scripts/check-html.sh: the HTML report in a real browser
if [[ "${1:-}" == "--fuzz" ]]; then
  pkgs+=(clang-19 libclang-rt-19-dev)
fi
if [[ "${1:-}" == "--package" ]]; then
  pkgs+=(help2man dpkg-dev file)
fi
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
