// SPDX-License-Identifier: MIT
#pragma once

#include <exception>
#include <functional>
#include <future>
#include <optional>
#include <utility>

#include "plugboard/bulk/batch.hpp"
#include "plugboard/bulk/executor.hpp"
#include "plugboard/core/call_options.hpp"

#if defined(__cpp_impl_coroutine) && __has_include(<coroutine>)
#include <coroutine>
#define PLUGBOARD_HAS_COROUTINES 1
#endif

namespace plugboard {

// What a call of `E` on `Client` returns under the client's error policy:
// the value (throw_errors) or result<value> (return_errors).
template <class Client, class E>
using call_result_t = typename detail::core_of_t<Client>::template result_type<typename E::result>;

// The non-blocking form of a call: runs it on one of `executor`'s workers
// and returns at once. The future holds what call() would have returned
// under the client's error policy: with throw_errors, get() returns the
// value or throws the typed error; with return_errors, get() returns the
// result<T>. The client must outlive the call.
//
//   auto details = plugboard::async_call(executor, fivetran,
//                                        fivetran::endpoints::connector_details{"c1"});
//   ...
//   std::cout << details.get().data.id;
template <class Client, class E>
std::future<call_result_t<Client, E>> async_call(bulk_executor& executor, Client& client,
                                                 E endpoint, call_options options = {}) {
  auto* core = &detail::core_of(client);
  return executor.submit([core, endpoint = std::move(endpoint), options = std::move(options)]() {
    return core->call(endpoint, options);
  });
}

#ifdef PLUGBOARD_HAS_COROUTINES

// What co_call returns: co_await it from a coroutine to make the call on an
// executor worker; the coroutine resumes on that worker with what call()
// would have returned (the value, or the typed error thrown, under
// throw_errors; result<T> under return_errors).
template <class R>
class call_awaitable {
 public:
  call_awaitable(bulk_executor& executor, std::function<R()> body)
      : executor_(&executor), body_(std::move(body)) {}

  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<> waiting) {
    executor_->post([this, waiting] {
      try {
        value_.emplace(body_());
      } catch (...) {
        error_ = std::current_exception();
      }
      waiting.resume();
    });
  }
  R await_resume() {
    if (error_) std::rethrow_exception(error_);
    return std::move(*value_);
  }

 private:
  bulk_executor* executor_;
  std::function<R()> body_;
  std::optional<R> value_;
  std::exception_ptr error_;
};

// The awaitable form of a call (C++20):
//   const fivetran::endpoints::connector_details which{"c1"};
//   auto details = co_await plugboard::co_call(executor, fivetran, which);
// g++ 12 miscompiles a temporary of class type (a descriptor, a string)
// made inside a co_await expression, destroying a byte copy of it (clang
// does not): with g++, name the descriptor, or the awaitable, first.
template <class Client, class E>
call_awaitable<call_result_t<Client, E>> co_call(bulk_executor& executor, Client& client,
                                                 E endpoint, call_options options = {}) {
  auto* core = &detail::core_of(client);
  return call_awaitable<call_result_t<Client, E>>(
      executor, [core, endpoint = std::move(endpoint), options = std::move(options)]() {
        return core->call(endpoint, options);
      });
}

#endif

}  // namespace plugboard
