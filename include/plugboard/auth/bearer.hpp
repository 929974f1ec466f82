// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <string>
#include <utility>

#include "plugboard/core/headers.hpp"
#include "plugboard/core/message.hpp"

namespace plugboard {

// `Authorization: Bearer <token>`. The token is either fixed or produced by a
// callable invoked once before every attempt (for tokens that rotate). A
// token that already starts with "Bearer " is sent as it is; an empty token
// sends no header. Thread safety: the callable must be safe to call
// concurrently.
//
// No redact member: the token travels in the Authorization header, and the
// client hides the credentials of the request it actually sent
// (secret_set::add_headers), so a rotated token is hidden as it was sent.
class bearer_auth {
 public:
  bearer_auth() = default;
  explicit bearer_auth(std::string token) : token_(std::move(token)) {}
  explicit bearer_auth(std::function<std::string()> token_source)
      : source_(std::move(token_source)) {}

  void apply(request& req) const {
    std::string token = source_ ? source_() : token_;
    if (token.empty()) return;
    if (!detail::istarts_with(token, "bearer ")) token.insert(0, "Bearer ");
    req.headers.set("Authorization", std::move(token));
  }

 private:
  std::string token_;
  std::function<std::string()> source_;
};

}  // namespace plugboard
