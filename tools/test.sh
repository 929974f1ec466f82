#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs every test: g++ and clang++, C++17 and C++20, each once,
# warnings as errors. The g++ C++20 run is optimized (-O3, CMake's Release,
# where the optimizer warns), compiles every test against single_include/ and
# every public header on its own; the clang C++17 run is the whole suite under
# AddressSanitizer + UndefinedBehaviorSanitizer with simdjson_serializer as
# every client's default serializer. Then the meson build (clang++), the ways
# a user consumes plugboard, the concurrency tests under ThreadSanitizer
# (clang++ C++20) and every fuzz target for 25 s. Prints what each step took.
#   tools/test.sh            the whole matrix (what CI runs)
#   tools/test.sh --quick    g++ C++17 (-O0) with the header checks: the local loop
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
  # Quiet unless it fails (ninja prints compile errors on stdout).
  meson compile -C build/meson "${programs[@]}" >build/meson-compile.log ||
    { cat build/meson-compile.log; return 1; }
  meson test -C build/meson --no-rebuild --print-errorlogs -q "${tests[@]}" unit-url unit-version \
    integration-providers reliability-tls network-hostile
}

if [ $quick -eq 1 ]; then
  run gcc-cxx17 -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_STANDARD=17 -DPLUGBOARD_CHECK_HEADERS=ON
  exit 0
fi
# Optimized (-O3, as CMake's Release is: the optimizer warns where -O0 does
# not), every test against single_include/ instead of include/, and every
# public header compiled on its own. One g++ build: -O3 costs about three
# -O0 builds, so this run is also the g++ run, and its unit programs
# (mock_transport only) are built at -O0 (CI stays under 40 minutes).
run gcc-cxx20-release -DCMAKE_CXX_COMPILER=g++ -DCMAKE_CXX_STANDARD=20 \
  -DCMAKE_BUILD_TYPE=Release -DPLUGBOARD_SINGLE_HEADER=ON -DPLUGBOARD_CHECK_HEADERS=ON \
  -DPLUGBOARD_UNOPTIMIZED_UNIT_TESTS=ON
# The clang run: C++17, the whole suite under ASan + UBSan, with
# simdjson_serializer as the default (every test and the tour decode
# through simdjson).
timed clang-cxx17-asan-ubsan tools/sanitize.sh address
timed meson meson_run
echo "==== consumers"
timed consumers tools/check_consumers.sh
timed clang-cxx20-tsan tools/sanitize.sh thread
echo "==== fuzz"
timed fuzz tools/fuzz.sh 25

echo "==== time per step"
printf '%s\n' "${timings[@]}"
echo "plugboard: all tests passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
