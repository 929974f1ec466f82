// SPDX-License-Identifier: MIT
#pragma once

#include <exception>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "plugboard/core/errors.hpp"

namespace plugboard {

// One failed call, as a value: one of the four typed errors, or a type
// derived from one (fortisoar::masked_secrets_error, pipeshub::step_skipped,
// ...), which keeps its type and fields: as<E>() finds it and raise()
// throws it as itself. The error is held as an exception (no std::variant of
// the four: that cost every TU including a client ~12 MB of compiler memory,
// issue 19); copies share it.
class error_info {
 public:
  error_info(api_error e) : error_info(std::make_exception_ptr(std::move(e))) {}
  error_info(transport_error e) : error_info(std::make_exception_ptr(std::move(e))) {}
  error_info(decode_error e) : error_info(std::make_exception_ptr(std::move(e))) {}
  error_info(usage_error e) : error_info(std::make_exception_ptr(std::move(e))) {}

  // The exception being handled, e.g. std::current_exception() in a catch
  // of plugboard::error. Anything else (a null pointer too) becomes a
  // transport_error of kind `other`, so an error_info always holds one of
  // plugboard's errors.
  explicit error_info(std::exception_ptr thrown) : thrown_(std::move(thrown)) {
    error_ = error_in(thrown_);
    if (error_ == nullptr) {
      thrown_ = std::make_exception_ptr(
          transport_error(transport_failure::other, "unexpected exception"));
      error_ = error_in(thrown_);
    }
  }

  // The error as its common base, e.g. for what().
  const error& get() const noexcept { return *error_; }
  error_kind kind() const noexcept { return error_->kind(); }
  const char* what() const noexcept { return error_->what(); }

  // The typed error, or nullptr when it is of another type. The pointer
  // lives as long as this error_info (or a copy).
  template <class E>
  const E* as() const noexcept {
    static_assert(std::is_base_of_v<error, E>, "plugboard: error_info::as<E> needs an error type");
    if constexpr (std::is_same_v<E, error>) {
      return error_;
    } else if constexpr (is_kind<E>) {
      // One of the four kinds: the kind says whether the cast is valid.
      return error_->kind() == kind_of<E> ? static_cast<const E*>(error_) : nullptr;
    } else {
      // A type derived from a kind: ask the exception (slower, and off the
      // hot path).
      try {
        std::rethrow_exception(thrown_);
      } catch (const E& original) {
        return &original;
      } catch (...) {
      }
      return nullptr;
    }
  }

  // The HTTP status of an api_error, 0 otherwise.
  int status() const noexcept {
    const auto* api = as<api_error>();
    return api ? api->status() : 0;
  }

  // Throws the typed error as its own type: the bridge back to
  // exception-based code.
  [[noreturn]] void raise() const { std::rethrow_exception(thrown_); }

 private:
  template <class E>
  static constexpr bool is_kind =
      std::is_same_v<E, api_error> || std::is_same_v<E, transport_error> ||
      std::is_same_v<E, decode_error> || std::is_same_v<E, usage_error>;
  template <class E>
  static constexpr error_kind kind_of = std::is_same_v<E, api_error>         ? error_kind::api
                                        : std::is_same_v<E, transport_error> ? error_kind::transport
                                        : std::is_same_v<E, decode_error>    ? error_kind::decode
                                                                             : error_kind::usage;

  // The plugboard::error `thrown` holds, or null. libstdc++ and libc++
  // rethrow the object an exception_ptr owns (not a copy), so the address
  // stays valid while the exception_ptr (or a copy of it) lives.
  static const error* error_in(const std::exception_ptr& thrown) noexcept {
    if (!thrown) return nullptr;  // rethrowing a null exception_ptr is undefined
    try {
      std::rethrow_exception(thrown);
    } catch (const error& e) {
      return &e;
    } catch (...) {
    }
    return nullptr;
  }

  std::exception_ptr thrown_;
  const error* error_ = nullptr;
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
