#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs every test: g++ and clang++, C++17 and C++20, warnings as
# errors (the g++ C++20 run optimized, as a user's Release build is, and
# against single_include/; the clang C++17 run with simdjson_serializer as the
# default serializer; the clang C++20 run under AddressSanitizer +
# UndefinedBehaviorSanitizer), then through meson (clang++), then the ways a
# user consumes plugboard, then the concurrency tests under ThreadSanitizer
# and every fuzz target for 25 s. Prints what each step took.
#   tools/test.sh            the whole matrix (what CI runs)
#   tools/test.sh --quick    g++ C++17 only
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh

jobs=$(nproc)
quick=0
[ "${1:-}" = "--quick" ] && quick=1

timings=()
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  timings+=("$(printf '%-32s %4d s' "$name" $((SECONDS - start)))")
}

cmake_run() {
  local name=$1
  shift
  echo "==== $name"
  # No build type unless given: -O0 without debug info, the quickest to
  # build. -Werror is plugboard's own CI's (off for users and packagers).
  cmake -S . -B "build/$name" -G Ninja -DPLUGBOARD_WARNINGS_AS_ERRORS=ON "$@" >/dev/null
  cmake --build "build/$name" -j "$jobs"
  ctest --test-dir "build/$name" --output-on-failure --no-tests=error -j "$jobs" --timeout 300
}
run() { timed "$1" cmake_run "$@"; }

meson_run() {
  echo "==== meson"
  # clang++: this step checks the meson build, not a compiler (g++ has two
  # runs above), and clang builds the suite in about 60% of g++'s time.
  if [ ! -d build/meson ]; then
    CXX=clang++ meson setup build/meson --buildtype=plain -Dwerror=true -Dtests=enabled \
      -Dcli=enabled >/dev/null
  fi
  # The CMake runs build and run every test program; this step checks what
  # meson.build defines: one program of each kind it builds (a unit, an
  # integration and the TLS test of its foreach, a network test, the version
  # test, the docs' examples, the tour, the CLI and plugboard-sandbox) and every
  # test that compiles nothing else (compile failures, the scripts, the install).
  local programs=(unit-url integration-providers reliability-tls network-hostile unit-version
                  readme-examples plugboard-tour custom-transport plugboard plugboard-sandbox)
  local tests
  mapfile -t tests < <(meson test -C build/meson --no-rebuild --list |
                       grep -vE '^(unit|integration|reliability|network)-')
  meson compile -C build/meson "${programs[@]}" >/dev/null
  meson test -C build/meson --no-rebuild --print-errorlogs -q "${tests[@]}" unit-url unit-version \
    integration-providers reliability-tls network-hostile
}

run gcc-cxx17 -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_STANDARD=17 -DPLUGBOARD_CHECK_HEADERS=ON
[ $quick -eq 1 ] && exit 0
# This run is optimized (-O3, as CMake's Release is: the optimizer warns
# where -O0 does not), and compiles every test against single_include/
# instead of include/.
run gcc-cxx20-single-header-release -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_STANDARD=20 \
  -DCMAKE_BUILD_TYPE=Release -DPLUGBOARD_SINGLE_HEADER=ON
# This run also makes simdjson_serializer the default: every test and the
# tour then decode through simdjson.
run clang-cxx17 -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_STANDARD=17 -DPLUGBOARD_TEST_WITH_SIMDJSON=ON
# The clang C++20 run is the sanitizer run: the whole suite under ASan + UBSan.
timed clang-cxx20-asan-ubsan tools/sanitize.sh address
timed meson meson_run
echo "==== consumers"
timed consumers tools/check_consumers.sh
timed clang-cxx20-tsan tools/sanitize.sh thread
echo "==== fuzz"
timed fuzz tools/fuzz.sh 25

echo "==== time per step"
printf '%s\n' "${timings[@]}"
echo "plugboard: all tests passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
