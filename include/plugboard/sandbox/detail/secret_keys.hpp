// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>

#include "plugboard/sandbox/detail/ascii.hpp"

// Which names hold credentials: a fake masks their values in what it shows
// back (as the real services do) and the request log hides them.

namespace plugboard::sandbox::detail {

// True when `key` contains one of the words below, ignoring ASCII case
// ("client_secret", "access_token", "X-API-Key", "oauthPassword").
constexpr bool is_secret_key(std::string_view key) noexcept {
  constexpr std::string_view words[] = {"password", "passwd",     "secret",     "token",
                                        "api_key",  "apikey",     "api-key",    "authorization",
                                        "cookie",   "credential", "private_key"};
  for (std::size_t i = 0; i < key.size(); ++i) {
    for (const auto word : words) {
      if (istarts_with(key.substr(i), word)) return true;
    }
  }
  return false;
}

}  // namespace plugboard::sandbox::detail
