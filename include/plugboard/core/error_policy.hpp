// SPDX-License-Identifier: MIT
#pragma once

#include <exception>
#include <string>
#include <utility>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/result.hpp"

namespace plugboard {

// Error policy requirement (checked by basic_client):
//   template <class T> using result_type = ...;        what a call returns
//   template <class T, class F> static result_type<T> invoke(F&& body);
// `body` returns T or throws one of plugboard's errors.

// The default: calls return T and failures throw the typed error.
struct throw_errors {
  template <class T>
  using result_type = T;

  template <class T, class F>
  static T invoke(F&& body) {
    return std::forward<F>(body)();
  }
};

// Calls return plugboard::result<T>; no exception escapes a call. The
// error_info keeps the exception caught, so a typed error derived from one
// of the four kinds keeps its type and fields (error_info::as<E>). Anything
// unexpected thrown by a user's policy is reported as a transport error of
// kind `other`, so the caller still gets a value.
struct return_errors {
  template <class T>
  using result_type = result<T>;

  template <class T, class F>
  static result<T> invoke(F&& body) noexcept {
    try {
      return result<T>(std::forward<F>(body)());
    } catch (const error&) {
      return error_info(std::current_exception());
    } catch (const std::exception& e) {
      return error_info(transport_error(transport_failure::other,
                                        std::string("unexpected exception: ") + e.what()));
    } catch (...) {
      return error_info(transport_error(transport_failure::other, "unexpected exception"));
    }
  }
};

}  // namespace plugboard
