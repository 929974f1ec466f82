#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every benchmark and prints one markdown table (see docs/performance.md).
#   tests/benchmarks/run.sh [--quick] [--per-call] [--fleet-only] [--threads-only]
#                           [--compile-only] [--before=DIR]
#   (or tools/bench.sh)
# Needs Google Benchmark, valgrind and simdjson; installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
tools/install-deps.sh libbenchmark-dev valgrind
cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DPLUGBOARD_BUILD_TESTS=OFF \
  -DPLUGBOARD_BUILD_EXAMPLES=OFF -DPLUGBOARD_BUILD_BENCHMARKS=ON >/dev/null
# --threads-only needs one program: build only that one; --compile-only none.
targets=()
build=1
for arg in "$@"; do
  if [ "$arg" = --threads-only ]; then targets=(--target bench_threads); fi
  if [ "$arg" = --compile-only ]; then build=0; fi
done
if [ $build -eq 1 ]; then cmake --build build/bench "${targets[@]}" >/dev/null; fi
exec python3 tests/benchmarks/run.py "$@"
