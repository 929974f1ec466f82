// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "plugboard/core/auth_context.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/core/retry.hpp"

// Detection traits for the policy requirements. basic_client turns each into a
// static_assert that names the missing member; under C++20 the same checks are
// also offered as concepts (plugboard::transport<T>, ...) for users' own code.

namespace plugboard {
struct call_context;  // core/call_context.hpp
}  // namespace plugboard

namespace plugboard::detail {

template <class T, class = void>
struct transport_takes_context : std::false_type {};
template <class T>
struct transport_takes_context<
    T, std::enable_if_t<std::is_convertible_v<decltype(std::declval<T&>().send(
                                                  std::declval<const request&>(),
                                                  std::declval<const call_context&>())),
                                              response>>> : std::true_type {};

template <class T, class = void>
struct transport_takes_request : std::false_type {};
template <class T>
struct transport_takes_request<
    T, std::enable_if_t<std::is_convertible_v<
           decltype(std::declval<T&>().send(std::declval<const request&>())), response>>>
    : std::true_type {};

// `send(const request&)`, or `send(const request&, const call_context&)` (a decorator).
template <class T>
struct is_transport
    : std::bool_constant<transport_takes_request<T>::value || transport_takes_context<T>::value> {};

template <class T, class = void>
struct auth_takes_request : std::false_type {};
template <class T>
struct auth_takes_request<T,
                          std::void_t<decltype(std::declval<T&>().apply(std::declval<request&>()))>>
    : std::true_type {};

template <class T, class = void>
struct auth_takes_context : std::false_type {};
template <class T>
struct auth_takes_context<T, std::void_t<decltype(std::declval<T&>().apply(
                                 std::declval<request&>(), std::declval<const auth_context&>()))>>
    : std::true_type {};

template <class T>
inline constexpr bool is_auth_v = auth_takes_request<T>::value || auth_takes_context<T>::value;

// Optional: bool on_unauthorized(const request&, const response&, const auth_context&)
// returning true asks the client to sign and send the call once more.
template <class T, class = void>
struct auth_handles_unauthorized : std::false_type {};
template <class T>
struct auth_handles_unauthorized<
    T, std::enable_if_t<std::is_convertible_v<decltype(std::declval<T&>().on_unauthorized(
                                                  std::declval<const request&>(),
                                                  std::declval<const response&>(),
                                                  std::declval<const auth_context&>())),
                                              bool>>> : std::true_type {};

// Optional: the policy's secrets that do not travel in a header (a login
// password, a Basic username), which the client hides from errors and logs
// together with every header value it sent outside the log allow-list.
// Either `void add_secrets(secret_set&) const` (preferred: one pass over the
// text for all secrets), or `void redact(std::string&) const`.
template <class T, class = void>
struct auth_adds_secrets : std::false_type {};
template <class T>
struct auth_adds_secrets<
    T, std::void_t<decltype(std::declval<const T&>().add_secrets(std::declval<secret_set&>()))>>
    : std::true_type {};

template <class T, class = void>
struct auth_redacts : std::false_type {};
template <class T>
struct auth_redacts<
    T, std::void_t<decltype(std::declval<const T&>().redact(std::declval<std::string&>()))>>
    : std::true_type {};

template <class T, class = void>
struct is_serializer : std::false_type {};
template <class T>
struct is_serializer<
    T,
    std::enable_if_t<std::is_convertible_v<decltype(std::declval<const T&>().content_type()),
                                           std::string_view> &&
                     std::is_convertible_v<decltype(std::declval<const T&>().encode(
                                               std::declval<const std::string&>())),
                                           std::string> &&
                     std::is_same_v<decltype(std::declval<const T&>().template decode<std::string>(
                                        std::declval<std::string_view>())),
                                    std::string> &&
                     std::is_convertible_v<decltype(std::declval<const T&>().read_error(
                                               std::declval<std::string_view>())),
                                           service_error>>> : std::true_type {};

template <class T, class = void>
struct is_retry_policy : std::false_type {};
template <class T>
struct is_retry_policy<
    T, std::enable_if_t<std::is_copy_constructible_v<T> &&
                        std::is_convertible_v<decltype(std::declval<T&>().next_delay(
                                                  std::declval<const attempt_outcome&>())),
                                              std::optional<std::chrono::milliseconds>>>>
    : std::true_type {};

template <class T, class = void>
struct is_error_policy : std::false_type {};
template <class T>
struct is_error_policy<T, std::void_t<typename T::template result_type<int>,
                                      decltype(T::template invoke<int>(std::declval<int (&)()>()))>>
    : std::true_type {};

}  // namespace plugboard::detail

#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
namespace plugboard {
template <class T>
concept transport = detail::is_transport<T>::value;
template <class T>
concept auth_policy = detail::is_auth_v<T>;
template <class T>
concept serializer = detail::is_serializer<T>::value;
template <class T>
concept retry_policy = detail::is_retry_policy<T>::value;
template <class T>
concept error_policy = detail::is_error_policy<T>::value;
}  // namespace plugboard
#endif
