#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every benchmark and prints one markdown table (see docs/performance.md).
#   tests/benchmarks/run.sh [--quick]
# Needs Google Benchmark, valgrind and simdjson; installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/install-deps.sh libbenchmark-dev valgrind
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLUGBOARD_BUILD_TESTS=OFF \
  -DPLUGBOARD_BUILD_EXAMPLES=OFF -DPLUGBOARD_BUILD_BENCHMARKS=ON >/dev/null
cmake --build build/bench >/dev/null
exec python3 tests/benchmarks/run.py "$@"
