// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>

namespace plugboard::sandbox::detail {

// True when `body` opens more than `limit` JSON arrays or objects inside one
// another (brackets inside strings do not count). Linear, no recursion: the
// server checks this before any fake's (recursive) JSON parsing.
inline bool json_nesting_exceeds(std::string_view body, std::size_t limit) noexcept {
  std::size_t depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return true;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return false;
}

}  // namespace plugboard::sandbox::detail
