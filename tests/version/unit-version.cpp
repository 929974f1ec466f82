// SPDX-License-Identifier: MIT
// The version macros agree with the build's project version (passed in by
// CMake and meson as PLUGBOARD_EXPECTED_VERSION).
#include <doctest/doctest.h>

#include <string>

#include "plugboard/version.hpp"

#define PLUGBOARD_STRINGIFY_(x) #x
#define PLUGBOARD_STRINGIFY(x) PLUGBOARD_STRINGIFY_(x)

TEST_CASE("version macros match the project version") {
  const std::string expected = PLUGBOARD_STRINGIFY(PLUGBOARD_EXPECTED_VERSION);
  const std::string from_parts = std::to_string(PLUGBOARD_VERSION_MAJOR) + "." +
                                 std::to_string(PLUGBOARD_VERSION_MINOR) + "." +
                                 std::to_string(PLUGBOARD_VERSION_PATCH);
  CHECK(from_parts == expected);
  CHECK(std::string(PLUGBOARD_VERSION_STRING) == expected);
}
