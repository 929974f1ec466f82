// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

#include "plugboard/core/policy_traits.hpp"
#include "plugboard/core/retry.hpp"

namespace plugboard {

// Any retry policy, chosen at run time: what client_options::retry and
// call_options::retry hold, so that a client's retries can be turned on or
// tuned without changing its type, and a call can pass the client's own
// Retry type (or any other). Copied per call, like every retry policy.
//
//   plugboard::backoff_retry patient;
//   patient.max_attempts = 6;
//   plugboard::call_options options;
//   options.retry = patient;
class any_retry {
 public:
  // no_retry. Held as nothing at all: no holder is built for it, which is
  // cheaper to copy per call and to compile (issue 19).
  any_retry() = default;

  template <class R, class = std::enable_if_t<!std::is_same_v<std::decay_t<R>, any_retry>>>
  any_retry(R policy)  // NOLINT: implicit, so `options.retry = backoff_retry{...}` reads well
      : self_(std::make_unique<holder<R>>(std::move(policy))) {
    static_assert(detail::is_retry_policy<R>::value,
                  "plugboard: a retry policy must be copyable and have "
                  "`std::optional<std::chrono::milliseconds> next_delay(const "
                  "plugboard::attempt_outcome&)`");
  }

  any_retry(const any_retry& other) : self_(other.self_ ? other.self_->clone() : nullptr) {}
  any_retry(any_retry&&) noexcept = default;
  any_retry& operator=(const any_retry& other) {
    if (this != &other) self_ = other.self_ ? other.self_->clone() : nullptr;
    return *this;
  }
  any_retry& operator=(any_retry&&) noexcept = default;
  ~any_retry() = default;

  std::optional<std::chrono::milliseconds> next_delay(const attempt_outcome& outcome) {
    if (!self_) return std::nullopt;
    return self_->next_delay(outcome);
  }

  // The policy held, when it is an R (e.g. to change one setting); else null.
  template <class R>
  R* get() noexcept {
    if (!self_) return held_by_default<R>();
    return self_->type() == type_of<R>() ? &static_cast<holder<R>*>(self_.get())->policy : nullptr;
  }
  template <class R>
  const R* get() const noexcept {
    if (!self_) return held_by_default<R>();
    return self_->type() == type_of<R>() ? &static_cast<const holder<R>*>(self_.get())->policy
                                         : nullptr;
  }

 private:
  template <class R>
  static R* held_by_default() noexcept {
    if constexpr (std::is_same_v<R, no_retry>) {
      static no_retry none;  // stateless: sharing it is harmless
      return &none;
    } else {
      return nullptr;
    }
  }

  // A per-type address: no RTTI needed.
  template <class R>
  static const void* type_of() noexcept {
    static const char tag = 0;
    return &tag;
  }

  struct base {
    virtual ~base() = default;
    virtual const void* type() const noexcept = 0;
    virtual std::unique_ptr<base> clone() const = 0;
    virtual std::optional<std::chrono::milliseconds> next_delay(const attempt_outcome&) = 0;
  };
  template <class R>
  struct holder final : base {
    explicit holder(R p) : policy(std::move(p)) {}
    const void* type() const noexcept override { return type_of<R>(); }
    std::unique_ptr<base> clone() const override { return std::make_unique<holder>(policy); }
    std::optional<std::chrono::milliseconds> next_delay(const attempt_outcome& o) override {
      return policy.next_delay(o);
    }
    R policy;
  };

  std::unique_ptr<base> self_;
};

}  // namespace plugboard
