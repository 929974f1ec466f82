#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs the tour: every operation of every service against the
# embedded sandbox. Extra arguments go to the tour (see examples/tour/).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake -S . -B build/demo -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLUGBOARD_BUILD_TESTS=OFF >/dev/null
cmake --build build/demo --target plugboard-tour
exec build/demo/examples/plugboard-tour "$@"
