// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

#include "plugboard/core/fields.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/detail/path_template.hpp"

namespace plugboard {

// An endpoint descriptor is a small struct per documented operation. Its data
// members are the call's arguments; static members describe the wire:
//
//   struct get {
//     std::string provider_slug;
//
//     static constexpr std::string_view operation = "get";
//     static constexpr std::string_view summary = "Get one connector provider by slug";
//     static constexpr plugboard::method verb = plugboard::method::get;
//     static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}";
//     static constexpr auto params() {
//       return plugboard::param_list(plugboard::path_param("provider_slug", &get::provider_slug));
//     }
//     using result = provider;
//   };
//
// Required: `verb`, `path`, `using result` (plugboard::no_content when the
// call answers with nothing; plugboard::redirect, core/redirect.hpp, when it
// answers with a redirect, which is then its answer). Optional, each with a default that
// endpoint_traits<E> fills in:
//   operation    the operation's name (the SDK's), used by the CLI, the
//                registry and transport decorators; registered endpoints need one
//   summary      one line of help (the CLI's --help)
//   params()     path/query/header/body parameters, below
//   response_model = W   the decoded wire type when it differs from `result`
//                (W has `result unwrap() &&`, e.g. a {"data": ...} envelope)
//   idempotent   may be sent again after a failure (default: GET, PUT, DELETE)
//   accept       the Accept header (default: the namespace's endpoint_defaults)
//   response_format      body_format::text for a text answer
//   content_type_without_body   send Content-Type even with no body
//   uses_auth = false    sent without the auth policy (a login, a handshake)
//   budget_class the rate budget the call draws from (default: the namespace's)
//   std::string_view call_budget_class() const   the budget class of this
//                call, when the arguments decide it (Fivetran's create
//                draws from the setup-test budget when it runs the tests)
//   void validate() const   argument checks that throw usage_error before
//                anything is sent
// The path template is checked at compile time: braces balanced, every
// {placeholder} bound to a path_param and every path_param used.

// What a parameter descriptor feeds.
enum class param_kind { path, query, header, body };

template <class E, class M, param_kind K>
struct param_descriptor {
  using endpoint_type = E;
  using member_type = M;
  static constexpr param_kind kind = K;

  std::string_view name;  // the wire name; empty for the body
  M E::*member;
};
template <class E, class M>
using path_param_descriptor = param_descriptor<E, M, param_kind::path>;
template <class E, class M>
using query_param_descriptor = param_descriptor<E, M, param_kind::query>;
template <class E, class M>
using header_param_descriptor = param_descriptor<E, M, param_kind::header>;
template <class E, class M>
using body_param_descriptor = param_descriptor<E, M, param_kind::body>;

// Substituted for {name} in the path, percent-encoded as one segment.
template <class E, class M>
constexpr path_param_descriptor<E, M> path_param(std::string_view name, M E::*member) noexcept {
  return {name, member};
}
// Appended as name=value (form-encoded); an empty optional is left out and a
// vector repeats the name.
template <class E, class M>
constexpr query_param_descriptor<E, M> query_param(std::string_view name, M E::*member) noexcept {
  return {name, member};
}
// Sent as a request header when set (e.g. a per-call Accept).
template <class E, class M>
constexpr header_param_descriptor<E, M> header_param(std::string_view name, M E::*member) noexcept {
  return {name, member};
}
// The request body, encoded by the serializer. An empty std::optional sends no
// body; a std::vector<multipart_part> sends multipart/form-data.
template <class E, class M>
constexpr body_param_descriptor<E, M> body_param(M E::*member) noexcept {
  return {{}, member};
}

template <class... P>
constexpr descriptor_pack<P...> param_list(P... params) noexcept {
  return descriptor_pack<P...>(params...);
}

// The result of a call that answers with no body (e.g. 204).
struct no_content {};

// How a response body becomes the result: through the serializer (the
// default), or as text (a JSON string is unwrapped). Not named `json`, which
// g++'s -Wshadow would report against plugboard::json.
enum class body_format { serialized, text };

// What every descriptor of one namespace declares unless it says otherwise.
// A service declares it once, beside its descriptors, as a function found by
// argument-dependent lookup:
//
//   namespace plugboard::fivetran::endpoints {
//   constexpr endpoint_defaults defaults_for_endpoints(const void*) noexcept {
//     return {"fivetran", "application/json;version=2"};
//   }
//   }
struct endpoint_defaults {
  std::string_view service{};  // the registry name of the service
  std::string_view accept = "application/json";
  bool content_type_without_body = false;
  std::string_view budget_class = "default";  // for rate budgets (a transport decorator)
};

namespace detail {

// No `defaults_for_endpoints` in plugboard or plugboard::detail: only
// argument-dependent lookup finds the descriptor namespace's own.
template <class E, class = void>
struct namespace_defaults {
  static constexpr endpoint_defaults value{};
};
template <class E>
struct namespace_defaults<
    E, std::void_t<decltype(defaults_for_endpoints(static_cast<const E*>(nullptr)))>> {
  static constexpr endpoint_defaults value = defaults_for_endpoints(static_cast<const E*>(nullptr));
};

#define PLUGBOARD_DETAIL_OPTIONAL_MEMBER(trait, member, type, fallback)                \
  template <class E, class = void>                                                     \
  struct trait {                                                                       \
    static constexpr type value = fallback;                                            \
  };                                                                                   \
  template <class E>                                                                   \
  struct trait<E, std::enable_if_t<std::is_same_v<decltype(E::member), const type>>> { \
    static constexpr type value = E::member;                                           \
  };
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(operation_of, operation, std::string_view, std::string_view())
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(summary_of, summary, std::string_view, std::string_view())
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(idempotent_flag, idempotent, bool, is_idempotent(E::verb))
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(accept_value, accept, std::string_view,
                                 namespace_defaults<E>::value.accept)
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(response_format_of, response_format, body_format,
                                 body_format::serialized)
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(uses_auth, uses_auth, bool, true)
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(content_type_without_body, content_type_without_body, bool,
                                 namespace_defaults<E>::value.content_type_without_body)
PLUGBOARD_DETAIL_OPTIONAL_MEMBER(budget_class_of, budget_class, std::string_view,
                                 namespace_defaults<E>::value.budget_class)
#undef PLUGBOARD_DETAIL_OPTIONAL_MEMBER

template <class E, class = void>
struct wire_model {
  using type = typename E::result;
};
template <class E>
struct wire_model<E, std::void_t<typename E::response_model>> {
  using type = typename E::response_model;
};

template <class E, class = void>
struct has_call_budget_class : std::false_type {};
template <class E>
struct has_call_budget_class<
    E, std::void_t<decltype(std::string_view(std::declval<const E&>().call_budget_class()))>>
    : std::true_type {};

template <class E, class = void>
struct has_validate : std::false_type {};
template <class E>
struct has_validate<E, std::void_t<decltype(std::declval<const E&>().validate())>>
    : std::true_type {};

}  // namespace detail

// Everything a descriptor declares, with the defaults filled in: the one way
// for code outside the client (a CLI, a decorator, a generator) to read a
// descriptor.
template <class E>
struct endpoint_traits {
  static_assert(detail::check_endpoint<E>());

  using endpoint_type = E;
  using result = typename E::result;
  using response_model = typename detail::wire_model<E>::type;

  static constexpr std::string_view operation = detail::operation_of<E>::value;
  static constexpr std::string_view summary = detail::summary_of<E>::value;
  static constexpr std::string_view service = detail::namespace_defaults<E>::value.service;
  static constexpr method verb = E::verb;
  static constexpr std::string_view path = E::path;
  static constexpr bool idempotent = detail::idempotent_flag<E>::value;
  static constexpr std::string_view accept = detail::accept_value<E>::value;
  static constexpr body_format response_format = detail::response_format_of<E>::value;
  static constexpr bool uses_auth = detail::uses_auth<E>::value;
  static constexpr bool content_type_without_body = detail::content_type_without_body<E>::value;
  static constexpr std::string_view budget_class = detail::budget_class_of<E>::value;
  static constexpr bool has_validate = detail::has_validate<E>::value;
  static constexpr bool has_call_budget_class = detail::has_call_budget_class<E>::value;

  static constexpr auto params() { return detail::endpoint_params<E>(); }
};

// Calls `visitor(p)` for each parameter of E in the order params() lists
// them. `p` is a param_descriptor: `P::kind` (param_kind), `p.name` (the wire
// name; empty for the body), `p.member` (a pointer to the member of E) and
// `typename P::member_type`.
template <class E, class Visitor>
constexpr void visit_params(Visitor&& visitor) {
  for_each_descriptor(detail::endpoint_params<E>(), visitor);
}

// The same, with the member of `endpoint` as a second argument:
// `visitor(p, endpoint.*p.member)`.
template <class E, class Visitor>
void visit_params(E& endpoint, Visitor&& visitor) {
  for_each_descriptor(detail::endpoint_params<std::remove_const_t<E>>(),
                      [&](const auto& p) { visitor(p, endpoint.*(p.member)); });
}

// True when the descriptor passes every compile-time check (for static_asserts
// in users' own tests; a failing check names the problem).
template <class E>
constexpr bool is_valid_endpoint() {
  return detail::check_endpoint<E>();
}

}  // namespace plugboard
