#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The sanitizer runs, built with clang++ and run under CTest:
#   tools/sanitize.sh address   the whole test suite (unit, integration,
#                               reliability, compile-time, README, examples),
#                               C++17, simdjson_serializer as the default
#                               serializer, with AddressSanitizer +
#                               UndefinedBehaviorSanitizer; leaks are errors,
#                               and so is any UB report
#   tools/sanitize.sh thread    the concurrency tests (CTest label
#                               "concurrency"), C++20, with ThreadSanitizer
#   tools/sanitize.sh           both
# tools/test.sh runs both: the address run is its clang++ C++17 configuration.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

jobs=$(nproc)
modes=("$@")
[ ${#modes[@]} -eq 0 ] && modes=(address thread)

configure() {
  local dir=$1 standard=$2 flags=$3
  shift 3
  # No build type: -O0 (or the -O1 in the flags) with line tables only, so
  # reports name files and lines without the cost of full debug info.
  cmake -S . -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_STANDARD="$standard" \
    -DPLUGBOARD_WARNINGS_AS_ERRORS=ON \
    -DCMAKE_CXX_FLAGS="$flags -fno-omit-frame-pointer -gline-tables-only" "$@" >/dev/null
}

for mode in "${modes[@]}"; do
  case "$mode" in
    address)
      echo "==== clang-cxx17-asan-ubsan (the whole suite under ASan + UBSan, simdjson by default)"
      dir=build/clang-cxx17-asan-ubsan
      configure "$dir" 17 "-fsanitize=address,undefined -fno-sanitize-recover=all" \
        -DPLUGBOARD_TEST_WITH_SIMDJSON=ON
      cmake --build "$dir" -j "$jobs"
      ASAN_OPTIONS=detect_leaks=1:detect_stack_use_after_return=1:strict_init_order=1:check_initialization_order=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$dir" --output-on-failure -j "$jobs" --timeout 600
      ;;
    thread)
      echo "==== clang-cxx20-tsan (the concurrency tests under TSan)"
      dir=build/clang-cxx20-tsan
      configure "$dir" 20 "-fsanitize=thread -O1"
      # Only the programs labelled "concurrency" (test name = target name).
      mapfile -t targets < <(ctest --test-dir "$dir" -N -L concurrency |
                             sed -n 's/^ *Test *#[0-9]*: *//p')
      [ ${#targets[@]} -gt 0 ] || { echo "no test labelled concurrency" >&2; exit 1; }
      cmake --build "$dir" -j "$jobs" --target "${targets[@]}"
      TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/tools/tsan-suppressions.txt" \
        ctest --test-dir "$dir" -L concurrency --output-on-failure -j "$jobs" --timeout 600
      ;;
    *)
      echo "usage: $0 [address] [thread]" >&2
      exit 2
      ;;
  esac
done
