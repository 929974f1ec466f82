#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the libFuzzer targets (tests/fuzz, clang with ASan + UBSan) and runs
# each for a bounded time from its seed corpus (tests/fuzz/corpus/<target>).
# Fails on any crash, leak, timeout or sanitizer report, leaving the input
# that caused it in build/fuzz/artifacts/. Prints the executions per target.
#   tools/fuzz.sh                 25 s per target (what CI runs): one per
#                                 service of the registry, and fuzz-url
#   tools/fuzz.sh 300             300 s per target
#   tools/fuzz.sh 60 fuzz-url     one target
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

seconds=${1:-25}
shift || true
targets=("$@")
jobs=$(nproc)

build=build/fuzz
cmake -S . -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_STANDARD=17 \
  -DPLUGBOARD_WARNINGS_AS_ERRORS=ON \
  -DPLUGBOARD_BUILD_FUZZERS=ON >/dev/null
# Every target tests/fuzz/CMakeLists.txt made (one per registered service).
[ ${#targets[@]} -eq 0 ] && mapfile -t targets <"$build/tests/fuzz/fuzz-targets.txt"
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

mkdir -p "$build/artifacts" "$build/logs"
run_one() {
  local target=$1 name=${1#fuzz-}
  mkdir -p "$build/corpus/$name"
  # A service without seeds yet starts from nothing (fuzz-make-seeds writes them).
  local seeds=()
  [ -d "tests/fuzz/corpus/$name" ] && seeds=("tests/fuzz/corpus/$name")
  # New inputs go to build/fuzz/corpus/<name>; the seeds in the repository
  # are only read. Leaks and UBSan findings are fatal; a run over 10 s is a
  # timeout (a hang), over 2 GB of memory a failure too.
  "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$build/artifacts/$name-" \
    "$build/corpus/$name" "${seeds[@]}" >"$build/logs/$name.log" 2>&1
}

# As many targets at once as there are cores, each on one.
pids=()
names=()
failed=0
for target in "${targets[@]}"; do
  if [ ${#pids[@]} -ge "$jobs" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
  run_one "$target" &
  pids+=($!)
  names+=("${target#fuzz-}")
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done

total=0
printf '%-12s %12s %10s  %s\n' target executions per-second result
for name in "${names[@]}"; do
  log="$build/logs/$name.log"
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  result=ok
  if grep -qE '^==[0-9]+==ERROR|^SUMMARY: |deadly signal|Test unit written' "$log"; then
    result="FAILED (see $log)"
    failed=1
  fi
  printf '%-12s %12s %10s  %s\n' "$name" "${runs:-?}" "${rate:-?}" "$result"
  total=$((total + ${runs:-0}))
done
echo "fuzz: $total executions in total, ${seconds} s per target"
if [ $failed -ne 0 ]; then
  echo "fuzz: FAILED; the inputs are in $build/artifacts/" >&2
  for name in "${names[@]}"; do
    if grep -qE '^==[0-9]+==ERROR|^SUMMARY: |deadly signal' "$build/logs/$name.log"; then
      echo "---- $name" >&2
      grep -E -A12 '^==[0-9]+==ERROR' "$build/logs/$name.log" | head -40 >&2 || true
    fi
  done
  exit 1
fi
echo "fuzz: no crash, leak, timeout or sanitizer report"
