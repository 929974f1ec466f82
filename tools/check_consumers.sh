#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds and runs tests/consumers/main.cpp, from a directory outside the
# source tree, through each way a user can consume plugboard, as README.md
# ("Install and use") shows them:
#   0. install from source, without doctest and CLI11 (they are only for
#      plugboard's own tests and programs)
#   1. find_package(plugboard) after `cmake --install`, also with the
#      plugboard::simdjson target
#   2. add_subdirectory(plugboard)
#   3. FetchContent, pinned to a tag
#   4. a meson subproject (dependency('plugboard'))
#   5. pkg-config --cflags --libs plugboard after install, with a plain compiler line
#   6. the single header alone (-I single_include plus the dependencies)
# Used as a dependency (2, 3, 4), plugboard must configure with only its own
# dependencies (nlohmann/json, OpenSSL, zlib, and cpp-httplib for the
# sandbox): doctest, CLI11, simdjson and Google Benchmark are hidden there.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/tests/consumers" "$work/consumers"
prefix="$work/prefix"
version=$(sed -n 's/^#define PLUGBOARD_VERSION_STRING "\(.*\)"/\1/p' "$src/include/plugboard/version.hpp")
only_the_libraries_own=(-DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON
                       -DCMAKE_DISABLE_FIND_PACKAGE_simdjson=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON)
expect_output() {  # expect_output NEEDLE COMMAND...: runs COMMAND, fails unless its output has NEEDLE
  local needle=$1 output
  shift
  output=$("$@")
  echo "$output"
  grep -qF -- "$needle" <<<"$output" || { echo "check_consumers: expected '$needle'" >&2; exit 1; }
}

echo "-- 0. install from source without doctest and CLI11"
# The top-level defaults (tests and examples on) with doctest and CLI11
# hidden: configuring says what it skips, and succeeds. (`cmake --build`
# would only build the tour here, the library being headers; the installed
# programs have their own test, tests/install.)
configured=$(cmake -S "$src" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
             -DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON -DCMAKE_DISABLE_FIND_PACKAGE_CLI11=ON)
for skipped in "the tests are not built" "plugboard-sandbox are not built"; do
  grep -qF "$skipped" <<<"$configured" ||
    { echo "check_consumers: configuring did not say '$skipped'" >&2; exit 1; }
done
cmake --install "$work/build" --prefix "$prefix" >/dev/null

echo "-- 1. find_package after install"
cmake -S "$work/consumers/cmake_find_package" -B "$work/c1" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/c1" >/dev/null
expect_output "with nlohmann/json" "$work/c1/consumer"
if [ -x "$work/c1/consumer_simdjson" ]; then
  expect_output "with simdjson" "$work/c1/consumer_simdjson"
else
  echo "check_consumers: plugboard::simdjson was not found after install" >&2
  exit 1
fi

echo "-- 2. add_subdirectory"
cmake -S "$work/consumers/cmake_add_subdirectory" -B "$work/c2" -G Ninja --no-warn-unused-cli -DPLUGBOARD_SOURCE_DIR="$src" \
  "${only_the_libraries_own[@]}" >/dev/null
cmake --build "$work/c2" >/dev/null
expect_output "consumer ok: plugboard $version" "$work/c2/consumer"

echo "-- 3. FetchContent, pinned to v$version"
# A repository holding the source under test (committed or not), tagged as a release.
snapshot="$work/plugboard.git"
mkdir -p "$snapshot"
(cd "$src" && git ls-files -co --exclude-standard -z | xargs -0 cp --parents -t "$snapshot")
git -C "$snapshot" init -q
git -C "$snapshot" add -A
git -C "$snapshot" -c user.name=check -c user.email=check@localhost commit -qm snapshot
git -C "$snapshot" tag "v$version"
cmake -S "$work/consumers/cmake_fetchcontent" -B "$work/c3" -G Ninja --no-warn-unused-cli \
  -DPLUGBOARD_GIT_REPOSITORY="file://$snapshot" -DPLUGBOARD_GIT_TAG="v$version" \
  "${only_the_libraries_own[@]}" >/dev/null
cmake --build "$work/c3" >/dev/null
expect_output "consumer ok: plugboard $version" "$work/c3/consumer"

echo "-- 4. meson subproject"
mkdir -p "$work/consumers/meson_subproject/subprojects"
ln -s "$src" "$work/consumers/meson_subproject/subprojects/plugboard"
meson setup "$work/c4" "$work/consumers/meson_subproject" >/dev/null
meson compile -C "$work/c4" >/dev/null
expect_output "consumer ok: plugboard $version" "$work/c4/consumer"

echo "-- 5. pkg-config"
export PKG_CONFIG_PATH="$prefix/share/pkgconfig"
[ "$(pkg-config --modversion plugboard)" = "$version" ] ||
  { echo "check_consumers: plugboard.pc says $(pkg-config --modversion plugboard), not $version" >&2; exit 1; }
g++ -std=c++17 "$work/consumers/main.cpp" -o "$work/c5" $(pkg-config --cflags --libs plugboard)
expect_output "consumer ok: plugboard $version" "$work/c5"
unset PKG_CONFIG_PATH

echo "-- 6. the single header alone"
g++ -std=c++17 -I "$src/single_include" "$work/consumers/main.cpp" -o "$work/c6" \
  $(pkg-config --cflags --libs nlohmann_json openssl zlib)
expect_output "consumer ok: plugboard $version" "$work/c6"

echo "plugboard: every way of consuming plugboard works"
