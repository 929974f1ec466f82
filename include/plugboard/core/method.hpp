// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

namespace plugboard {

// HTTP request methods used by the services. `delete_` carries a trailing
// underscore because `delete` is a keyword.
enum class method { get, head, post, put, patch, delete_ };

constexpr std::string_view to_string(method m) noexcept {
  switch (m) {
    case method::get: return "GET";
    case method::head: return "HEAD";
    case method::post: return "POST";
    case method::put: return "PUT";
    case method::patch: return "PATCH";
    case method::delete_: return "DELETE";
  }
  return "GET";
}

// RFC 9110 safe/idempotent methods: the ones a retry may repeat by default.
constexpr bool is_idempotent(method m) noexcept {
  return m == method::get || m == method::head || m == method::put || m == method::delete_;
}

}  // namespace plugboard
