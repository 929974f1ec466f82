// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>

#include "plugboard/core/any_retry.hpp"
#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/core/headers.hpp"

namespace plugboard {

// Per-call settings that override the client's.
struct call_options {
  // Added to the request; a header of the same name set by plugboard is replaced.
  http_headers headers;
  // Overrides the descriptor's idempotency, e.g. for a POST the caller knows
  // is safe to repeat (the service dedupes by an Idempotency-Key header).
  std::optional<bool> idempotent;
  // Replaces the client's retry policy for this call: the client's own Retry
  // type, backoff_retry, or any other retry policy.
  std::optional<any_retry> retry;
  // Bounds the whole call: every attempt (connect, send, each read), the
  // waits between retries and auth replays. Replaces
  // client_options::call_timeout for this call.
  std::optional<std::chrono::milliseconds> timeout;
  // The same as a point on the client's clock (client_options::clock); with
  // both set, the earlier one applies. Operations made of several calls
  // (install and wait, resolve a name then act) fix it once, so all their
  // calls and polls share one deadline.
  std::optional<clock_hooks::steady_time> deadline;
  // The page cap of a walk over a listing (the `*_all` ranges, look-ups by
  // name): more pages stop it with paging_error. Default: default_max_pages.
  std::optional<std::size_t> max_pages;
  // Stops the call before it sends anything more: a wait between retries or
  // for a rate budget ends, and the call fails with
  // transport_error(canceled). A request on the wire is not cut off.
  cancellation_token cancel;
  // Told when the call starts (true) and stops (false) waiting for a rate
  // budget (transport/rate_limited.hpp): how the bulk executor counts items
  // "waiting on a budget". Called from the calling thread; must not throw.
  std::function<void(bool waiting)> on_budget_wait;
};

}  // namespace plugboard
