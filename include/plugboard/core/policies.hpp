// SPDX-License-Identifier: MIT
#pragma once

#include <type_traits>

#include "plugboard/core/error_policy.hpp"
#include "plugboard/core/policy_traits.hpp"
#include "plugboard/core/retry.hpp"

namespace plugboard {

// The five policies of a client, by role.
template <class Transport, class Auth, class Serializer, class Retry, class Errors>
struct policy_set {
  using transport_type = Transport;
  using auth_type = Auth;
  using serializer_type = Serializer;
  using retry_type = Retry;
  using errors_type = Errors;
};

// Named overrides: a service client names only the policies that differ from
// its defaults, in any order:
//
//   fivetran::client<with_retry<backoff_retry>>                  retries on
//   fivetran::client<with_errors<return_errors>>                 result<T>, no exceptions
//   fivetran::client<with_transport<my_transport>, with_retry<backoff_retry>>
//
// A policy type may also be named bare (`fivetran::client<return_errors>`,
// `client<mock_transport, my_auth>`): its role is then the one requirement it
// meets. with_*<T> says the role outright, for a type that meets several.
template <class T>
struct with_transport {
  using type = T;
};
template <class T>
struct with_auth {
  using type = T;
};
template <class T>
struct with_serializer {
  using type = T;
};
template <class T>
struct with_retry {
  using type = T;
};
template <class T>
struct with_errors {
  using type = T;
};

namespace detail {

template <class Set, class Override, class = void>
struct apply_override;

template <class T, class A, class S, class R, class E, class X>
struct apply_override<policy_set<T, A, S, R, E>, with_transport<X>> {
  static_assert(is_transport<X>::value,
                "plugboard: with_transport<T>: T needs a member "
                "`plugboard::response send(const plugboard::request&)`");
  using type = policy_set<X, A, S, R, E>;
};
template <class T, class A, class S, class R, class E, class X>
struct apply_override<policy_set<T, A, S, R, E>, with_auth<X>> {
  static_assert(is_auth_v<X>,
                "plugboard: with_auth<T>: T needs a member "
                "`void apply(plugboard::request&)` or "
                "`void apply(plugboard::request&, const plugboard::auth_context&)`");
  using type = policy_set<T, X, S, R, E>;
};
template <class T, class A, class S, class R, class E, class X>
struct apply_override<policy_set<T, A, S, R, E>, with_serializer<X>> {
  static_assert(is_serializer<X>::value,
                "plugboard: with_serializer<T>: T needs `content_type()`, `encode(const T&)`, "
                "`decode<T>(std::string_view)` and `read_error(std::string_view)`");
  using type = policy_set<T, A, X, R, E>;
};
template <class T, class A, class S, class R, class E, class X>
struct apply_override<policy_set<T, A, S, R, E>, with_retry<X>> {
  static_assert(is_retry_policy<X>::value,
                "plugboard: with_retry<T>: T must be copyable and have "
                "`std::optional<std::chrono::milliseconds> next_delay(const "
                "plugboard::attempt_outcome&)`");
  using type = policy_set<T, A, S, X, E>;
};
template <class T, class A, class S, class R, class E, class X>
struct apply_override<policy_set<T, A, S, R, E>, with_errors<X>> {
  static_assert(is_error_policy<X>::value,
                "plugboard: with_errors<T>: T needs `template <class T> using result_type` and "
                "`template <class T, class F> static result_type<T> invoke(F&&)` "
                "(use throw_errors or return_errors)");
  using type = policy_set<T, A, S, R, X>;
};

template <class X>
struct is_named_override : std::false_type {};
template <class X>
struct is_named_override<with_transport<X>> : std::true_type {};
template <class X>
struct is_named_override<with_auth<X>> : std::true_type {};
template <class X>
struct is_named_override<with_serializer<X>> : std::true_type {};
template <class X>
struct is_named_override<with_retry<X>> : std::true_type {};
template <class X>
struct is_named_override<with_errors<X>> : std::true_type {};

// How many policy requirements a bare type meets.
template <class X>
constexpr int roles_met() {
  return int(is_transport<X>::value) + int(is_auth_v<X>) + int(is_serializer<X>::value) +
         int(is_retry_policy<X>::value) + int(is_error_policy<X>::value);
}

// A bare policy type: the role it meets.
template <class Set, class X>
struct apply_override<Set, X, std::enable_if_t<!is_named_override<X>::value>> {
  static_assert(roles_met<X>() != 0,
                "plugboard: a client's template argument is not a policy: it meets none of the "
                "transport, auth, serializer, retry or errors requirements (see "
                "docs/extending.md), and is not with_transport<T>, with_auth<T>, ...");
  static_assert(roles_met<X>() <= 1,
                "plugboard: a client's template argument meets several policy requirements: "
                "name its role with with_transport<T>, with_auth<T>, with_serializer<T>, "
                "with_retry<T> or with_errors<T>");
  using named = std::conditional_t<
      is_transport<X>::value, with_transport<X>,
      std::conditional_t<is_auth_v<X>, with_auth<X>,
                         std::conditional_t<is_serializer<X>::value, with_serializer<X>,
                                            std::conditional_t<is_retry_policy<X>::value,
                                                               with_retry<X>, with_errors<X>>>>>;
  using type = typename apply_override<Set, named>::type;
};

template <class Set, class... Overrides>
struct apply_overrides {
  using type = Set;
};
template <class Set, class First, class... Rest>
struct apply_overrides<Set, First, Rest...> {
  using type = typename apply_overrides<typename apply_override<Set, First>::type, Rest...>::type;
};

}  // namespace detail

// Defaults (a policy_set) with the overrides applied, left to right.
template <class Defaults, class... Overrides>
using policies_t = typename detail::apply_overrides<Defaults, Overrides...>::type;

}  // namespace plugboard
