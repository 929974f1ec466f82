// SPDX-License-Identifier: MIT
#pragma once

#include <string_view>
#include <type_traits>
#include <utility>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/policy_traits.hpp"

namespace plugboard {

// Which operation a request belongs to, from its descriptor's traits.
struct endpoint_identity {
  std::string_view operation;     // the descriptor's `operation`, e.g. "sync_connector"
  std::string_view service;       // its namespace's endpoint_defaults, e.g. "fivetran"
  std::string_view path;          // the path template, e.g. "/v1/connectors/{connector_id}/sync"
  std::string_view budget_class;  // the rate budget it draws from ("default" unless declared)
  method verb = method::get;
  bool idempotent = false;  // as the descriptor declares it

  template <class E>
  static constexpr endpoint_identity of() noexcept {
    using traits = endpoint_traits<E>;
    return {traits::operation,    traits::service, traits::path,
            traits::budget_class, traits::verb,    traits::idempotent};
  }
};

// What a transport decorator receives with each request it sends, besides
// the request: the call it belongs to. A transport may take it by declaring
//   response send(const request&, const call_context&);
// instead of (or besides) `response send(const request&)`; the client calls
// the form with the context when there is one. A decorator forwards with
// plugboard::send_through(next, req, context), which picks the form `next` has.
struct call_context {
  const endpoint_identity& endpoint;
  const call_options& options;        // the call's own options (headers, timeout, ...)
  const clock_hooks& clock;           // the client's injectable clock: use it, not the system's
  clock_hooks::steady_time deadline;  // the whole call's; request::timeout is this attempt's
  bool idempotent = false;    // may this request be sent again (call_options::idempotent applied)
  int attempt = 1;            // 1 for the first send of the call, then 2, 3, ... (retries, replays)
  bool sent_by_auth = false;  // a request the auth policy sends itself (a login)
};

// Sends `req` through `next`, with the context when `next` takes one.
template <class Transport>
response send_through(Transport& next, const request& req, const call_context& context) {
  if constexpr (detail::transport_takes_context<Transport>::value) {
    return next.send(req, context);
  } else {
    return next.send(req);
  }
}

}  // namespace plugboard
