// SPDX-License-Identifier: MIT
// What the examples (the CLI and the tour against a real deployment) read
// from the environment: base URLs and credentials, never from arguments
// that end up in shell history or `ps`.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"

namespace plugboard_examples {

// An environment variable, or nullopt when it is unset or empty.
inline std::optional<std::string> environment(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

// A variable that must be set; the error names it, never a value.
inline std::string required_environment(const char* name, std::string_view purpose) {
  if (auto value = environment(name)) return *value;
  throw plugboard::usage_error(name, "must be set in the environment (" + std::string(purpose) +
                                         "); credentials are never taken from arguments");
}

}  // namespace plugboard_examples
