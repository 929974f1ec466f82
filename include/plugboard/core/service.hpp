// SPDX-License-Identifier: MIT
// The vocabulary of the service registry (plugboard/services.hpp): what a
// service's traits type (plugboard/<service>/traits.hpp) declares, and type
// lists to iterate the services, their resource groups and descriptors.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/function_ref.hpp"

namespace plugboard {

template <class... T>
struct type_list {
  static constexpr std::size_t size = sizeof...(T);
};

// What for_each_type passes: `typename decltype(tag)::type` is the type.
template <class T>
struct type_tag {
  using type = T;
};

// Calls f(type_tag<T>{}) for each T of the list, in order.
template <class... T, class F>
constexpr void for_each_type(type_list<T...>, F&& f) {
  (f(type_tag<T>{}), ...);
}

namespace detail {

template <class... Lists>
struct concat_lists {
  using type = type_list<>;
};
template <class... A>
struct concat_lists<type_list<A...>> {
  using type = type_list<A...>;
};
template <class... A, class... B, class... Rest>
struct concat_lists<type_list<A...>, type_list<B...>, Rest...> {
  using type = typename concat_lists<type_list<A..., B...>, Rest...>::type;
};

template <class Groups>
struct endpoints_of_groups;
template <class... G>
struct endpoints_of_groups<type_list<G...>> {
  using type = typename concat_lists<typename G::endpoints...>::type;
};

}  // namespace detail

// Every descriptor of a list of resource groups, group by group.
template <class Groups>
using endpoints_of_t = typename detail::endpoints_of_groups<Groups>::type;

// An environment variable a service reads its credentials from (the CLI and
// the tour read it; a library user may ignore them).
struct credential_variable {
  std::string_view name;     // e.g. "FIVETRAN_API_KEY"
  std::string_view purpose;  // e.g. "the API key (HTTP Basic user)"
  bool required = true;
};

// Where make_auth() reads a credential variable from: its value, or nullopt
// when it is unset or empty (the environment, a sandbox's defaults, a test's map).
using credential_lookup = detail::function_ref<std::optional<std::string>(std::string_view)>;

// What a service's traits type declares (checked by the registry, so a
// new service that forgets one fails to compile with this list):
//
//   struct service {
//     static constexpr std::string_view name = "fivetran";        // CLI command, registry key
//     static constexpr std::string_view title = "Fivetran connector management";
//     static constexpr std::string_view default_base_url = "https://api.fivetran.com";  // or ""
//     static constexpr std::string_view base_url_variable = "FIVETRAN_BASE_URL";
//     static constexpr std::string_view base_url_example = "...";  // help text when no default
//     static constexpr std::array<credential_variable, 2> credentials{{...}};
//     static constexpr std::string_view sandbox_prefix = "/fivetran";     // the fake's mount
//     static constexpr std::string_view sandbox_base_path = "/fivetran";  // the client's base URL
//     path using auth_type = basic_auth; static auth_type make_auth(credential_lookup);  //
//     usage_error naming a missing variable using resource_groups =
//     type_list<connector_management>;  // each: name, endpoints using endpoints =
//     endpoints_of_t<resource_groups>; template <class... Policies> using client =
//     fivetran::client<Policies...>;
//   };
// Optional: `static rate_budgets published_budgets();`, the service's published
// rate budgets (core/rate_budget.hpp), which the CLI's `batch` keeps to.
namespace detail {

template <class S, class = void>
struct is_service_traits : std::false_type {};
template <class S>
struct is_service_traits<
    S,
    std::void_t<decltype(S::name), decltype(S::title), decltype(S::default_base_url),
                decltype(S::base_url_variable), decltype(S::credentials),
                decltype(S::sandbox_prefix), decltype(S::sandbox_base_path), typename S::auth_type,
                typename S::resource_groups, typename S::endpoints, typename S::template client<>>>
    : std::true_type {};

}  // namespace detail

// The registry: the services, each a traits type.
template <class... S>
struct service_list : type_list<S...> {
  static_assert((detail::is_service_traits<S>::value && ...),
                "plugboard: a registered service's traits type lacks a member: name, title, "
                "default_base_url, base_url_variable, credentials, sandbox_prefix, "
                "sandbox_base_path, auth_type, resource_groups, endpoints or client<> "
                "(see core/service.hpp)");
};

template <class... S, class F>
constexpr void for_each_type(service_list<S...>, F&& f) {
  (f(type_tag<S>{}), ...);
}

// How many operations the services have, all together.
template <class... S>
constexpr std::size_t operation_count(service_list<S...>) noexcept {
  return (std::size_t{0} + ... + S::endpoints::size);
}

}  // namespace plugboard

namespace plugboard {

// The value of a required credential variable; a usage_error naming the
// variable (never a value) when it is missing.
inline std::string required_credential(credential_lookup lookup, const credential_variable& v) {
  if (auto value = lookup(v.name)) return *value;
  throw usage_error(std::string(v.name), "must be set in the environment (" +
                                             std::string(v.purpose) +
                                             "); credentials are never taken from arguments");
}

}  // namespace plugboard
