// SPDX-License-Identifier: MIT
#pragma once

#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "plugboard/core/errors.hpp"

namespace plugboard {

// One failed call, as a value: exactly one of the four typed errors.
class error_info {
 public:
  error_info(api_error e) : error_(std::move(e)) {}
  error_info(transport_error e) : error_(std::move(e)) {}
  error_info(decode_error e) : error_(std::move(e)) {}
  error_info(usage_error e) : error_(std::move(e)) {}

  // The error as its common base, e.g. for what().
  const error& get() const noexcept {
    return std::visit([](const auto& e) -> const error& { return e; }, error_);
  }
  error_kind kind() const noexcept { return get().kind(); }
  const char* what() const noexcept { return get().what(); }

  // The typed error, or nullptr when it is of another kind.
  template <class E>
  const E* as() const noexcept {
    return std::get_if<E>(&error_);
  }

  // The HTTP status of an api_error, 0 otherwise.
  int status() const noexcept {
    const auto* api = as<api_error>();
    return api ? api->status() : 0;
  }

  // Throws the typed error: the bridge back to exception-based code.
  [[noreturn]] void raise() const {
    std::visit([](const auto& e) { throw e; }, error_);
    throw std::logic_error("unreachable");
  }

 private:
  std::variant<api_error, transport_error, decode_error, usage_error> error_;
};

// The value of a successful call, or why it failed (like google-cloud-cpp's
// StatusOr). Returned by clients that use the `return_errors` policy.
template <class T>
class [[nodiscard]] result {
  static_assert(!std::is_reference_v<T>, "plugboard::result<T> holds values, not references");

 public:
  using value_type = T;

  result(T value) : state_(std::in_place_index<0>, std::move(value)) {}
  result(error_info error) : state_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  // The value; throws the typed error when the call failed.
  T& value() & { return checked(); }
  const T& value() const& { return const_cast<result*>(this)->checked(); }
  T&& value() && { return std::move(checked()); }

  // Unchecked access, like std::optional: only when ok().
  T& operator*() & noexcept { return *std::get_if<0>(&state_); }
  const T& operator*() const& noexcept { return *std::get_if<0>(&state_); }
  T* operator->() noexcept { return std::get_if<0>(&state_); }
  const T* operator->() const noexcept { return std::get_if<0>(&state_); }

  template <class U>
  T value_or(U&& fallback) const& {
    return ok() ? **this : static_cast<T>(std::forward<U>(fallback));
  }

  // Why the call failed; throws std::logic_error when it did not.
  const error_info& error() const {
    if (ok()) throw std::logic_error("plugboard::result::error() called on a successful result");
    return *std::get_if<1>(&state_);
  }

 private:
  T& checked() {
    if (!ok()) std::get_if<1>(&state_)->raise();
    return *std::get_if<0>(&state_);
  }

  std::variant<T, error_info> state_;
};

}  // namespace plugboard
