// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <utility>

#include "plugboard/core/clock.hpp"

namespace plugboard {

namespace detail {
struct cancellation_state;
}  // namespace detail

// Observes a cancellation_source (below). A default-constructed token is
// never canceled and costs nothing (call_options holds one).
class cancellation_token {
 public:
  cancellation_token() noexcept = default;

  bool canceled() const noexcept;
  // False for a default-constructed token: no source can cancel it.
  bool can_be_canceled() const noexcept { return state_ != nullptr; }

 private:
  friend class cancellation_source;
  explicit cancellation_token(std::shared_ptr<const detail::cancellation_state> s) noexcept
      : state_(std::move(s)) {}
  std::shared_ptr<const detail::cancellation_state> state_;
};

namespace detail {
struct cancellation_state {
  std::atomic<bool> canceled{false};
  cancellation_token first;  // also canceled when either of these is
  cancellation_token second;
};
}  // namespace detail

inline bool cancellation_token::canceled() const noexcept {
  return state_ != nullptr && (state_->canceled.load(std::memory_order_acquire) ||
                               state_->first.canceled() || state_->second.canceled());
}

// Asks calls to stop, like std::stop_source and std::stop_token (C++20):
// the source cancels, the tokens it hands out observe. A call whose
// call_options::cancel is canceled sends nothing more: it stops waiting
// (between retries, for a rate budget) and ends with
// transport_error(canceled). A request already on the wire is not cut off:
// it ends within its timeout, so the caller still learns what the server
// did. A bulk batch stops starting items (bulk/executor.hpp).
//
// Copies of a source share one state; every member is thread-safe.
class cancellation_source {
 public:
  cancellation_source() : state_(std::make_shared<detail::cancellation_state>()) {}
  // Also canceled when `first` or `second` is: a batch's token joined with
  // an item's own.
  explicit cancellation_source(cancellation_token first, cancellation_token second = {})
      : cancellation_source() {
    state_->first = std::move(first);
    state_->second = std::move(second);
  }

  void cancel() noexcept { state_->canceled.store(true, std::memory_order_release); }
  bool canceled() const noexcept { return token().canceled(); }
  cancellation_token token() const noexcept { return cancellation_token(state_); }

 private:
  std::shared_ptr<detail::cancellation_state> state_;
};

namespace detail {

// How often a wait on `clock` looks at its cancellation token: the longest a
// canceled call keeps waiting.
inline constexpr std::chrono::milliseconds cancellation_poll{20};

// Sleeps `duration` on `clock`; returns false, early, once `cancel` is
// canceled. A token that cannot be canceled sleeps in one piece, so a fake
// clock records exactly the waits the client chose.
inline bool sleep_unless_canceled(const clock_hooks& clock, std::chrono::milliseconds duration,
                                  const cancellation_token& cancel) {
  if (!cancel.can_be_canceled()) {
    clock.sleep(duration);
    return true;
  }
  while (duration.count() > 0) {
    if (cancel.canceled()) return false;
    const auto slice = std::min(duration, cancellation_poll);
    clock.sleep(slice);
    duration -= slice;
  }
  return !cancel.canceled();
}

}  // namespace detail

}  // namespace plugboard
