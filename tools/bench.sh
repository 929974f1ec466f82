#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# One command for the performance table (docs/performance.md): builds the
# benchmarks in Release (build/bench) and prints the markdown table.
#   tools/bench.sh              everything (per call, decode, transport, loopback,
#                               compile time, scrubbing, discovery, fleet): ~30 min
#   tools/bench.sh --per-call   only the callgrind instruction counts (exact, so
#                               valid on a busy machine): a few minutes
#   tools/bench.sh --threads-only  1, 4 and 8 threads sharing one client vs as
#                               many raw cpp-httplib clients, with and without a
#                               CPU-bound load on every core: ~5 min
#   tools/bench.sh --compile-only [--before=DIR]  g++ -O2 CPU time of a TU
#                               per service header, the umbrella and the single
#                               header vs the dependencies alone (DIR: an
#                               earlier checkout, in the same rounds): ~5 min
#   tools/bench.sh --quick      everything, fewer repetitions
set -euo pipefail
exec "$(dirname "$0")/../tests/benchmarks/run.sh" "$@"
