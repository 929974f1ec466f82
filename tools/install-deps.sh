#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the Debian packages plugboard needs, only those that are missing.
# Safe to run again and again; does nothing when everything is present.
set -euo pipefail

# libclang-rt-14-dev: clang's sanitizer and libFuzzer runtimes (tools/sanitize.sh,
# tools/fuzz.sh), only recommended by clang. clang-format and python3-yaml:
# tools/generate.py formats what it writes and reads the YAML selection files.
# libvalijson-dev: the sandbox checks bodies against the vendors' schemas.
packages=(
  g++ clang cmake ninja-build meson pkg-config python3 openssl
  nlohmann-json3-dev libcpp-httplib-dev libssl-dev doctest-dev libcli11-dev libsimdjson-dev libvalijson-dev
  clang-format python3-yaml
  libclang-rt-14-dev
  "$@"
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "plugboard: installing missing packages: ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
