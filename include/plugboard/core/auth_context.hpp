// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>

#include "plugboard/core/clock.hpp"
#include "plugboard/core/function_ref.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/url.hpp"

namespace plugboard {

// What an auth policy may use besides the request it signs: the client's own
// transport (so a login request goes through the user's transport too), the
// base URL and the clock. Passed to `apply(request&, const auth_context&)`.
class auth_context {
 public:
  auth_context(detail::function_ref<response(request&)> send, const base_url& base,
               const clock_hooks& clock) noexcept
      : send_(send), base_(base), clock_(clock) {}

  // Sends `req` once through the client's transport: no retry, no auth.
  response send(request& req) const { return send_(req); }

  // A request for `path` (which starts with '/') under the client's base URL.
  request make_request(method verb, std::string_view path) const {
    request req;
    req.verb = verb;
    req.origin = base_.origin;
    req.target = base_.prefix;
    req.target += path;
    return req;
  }

  const base_url& base() const noexcept { return base_; }
  const clock_hooks& clock() const noexcept { return clock_; }

 private:
  detail::function_ref<response(request&)> send_;
  const base_url& base_;
  const clock_hooks& clock_;
};

}  // namespace plugboard
