#!/usr/bin/env bash
# Builds and runs tests/consumers/main.cpp, from a directory outside the
# source tree, through each way a user can consume plugboard:
#   1. find_package(plugboard) after `cmake --install`
#   2. add_subdirectory(plugboard)
#   3. a meson subproject (dependency('plugboard'))
#   4. pkg-config --cflags --libs plugboard after install
#   5. the single header alone (-I single_include plus the dependencies)
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$src/tests/consumers" "$work/consumers"
prefix="$work/prefix"

echo "-- install"
cmake -S "$src" -B "$work/build" -G Ninja -DPLUGBOARD_BUILD_TESTS=OFF -DPLUGBOARD_BUILD_EXAMPLES=OFF >/dev/null
cmake --install "$work/build" --prefix "$prefix" >/dev/null

echo "-- 1. find_package after install"
cmake -S "$work/consumers/cmake_find_package" -B "$work/c1" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/c1" >/dev/null
"$work/c1/consumer"

echo "-- 2. add_subdirectory"
cmake -S "$work/consumers/cmake_add_subdirectory" -B "$work/c2" -G Ninja -DPLUGBOARD_SOURCE_DIR="$src" >/dev/null
cmake --build "$work/c2" >/dev/null
"$work/c2/consumer"

echo "-- 3. meson subproject"
mkdir -p "$work/consumers/meson_subproject/subprojects"
ln -s "$src" "$work/consumers/meson_subproject/subprojects/plugboard"
meson setup "$work/c3" "$work/consumers/meson_subproject" >/dev/null
meson compile -C "$work/c3" >/dev/null
"$work/c3/consumer"

echo "-- 4. pkg-config"
PKG_CONFIG_PATH="$prefix/share/pkgconfig" \
  g++ -std=c++17 "$work/consumers/main.cpp" -o "$work/c4" \
  $(PKG_CONFIG_PATH="$prefix/share/pkgconfig" pkg-config --cflags --libs plugboard)
"$work/c4"

echo "-- 5. the single header alone"
g++ -std=c++17 -I "$src/single_include" "$work/consumers/main.cpp" -o "$work/c5" \
  $(pkg-config --cflags --libs nlohmann_json openssl zlib)
"$work/c5"

echo "plugboard: all five ways of consuming plugboard work"
