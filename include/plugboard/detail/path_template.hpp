// SPDX-License-Identifier: MIT
// Path templates ("/v1/connectors/{connector_id}"): the compile-time checks
// of a descriptor against its template, and the expansion of a template.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <type_traits>

#include "plugboard/core/fields.hpp"
#include "plugboard/core/function_ref.hpp"
#include "plugboard/core/method.hpp"

namespace plugboard::detail {

template <class E, class = void>
struct has_verb : std::false_type {};
template <class E>
struct has_verb<E, std::enable_if_t<std::is_same_v<std::decay_t<decltype(E::verb)>, method>>>
    : std::true_type {};

template <class E, class = void>
struct has_path : std::false_type {};
template <class E>
struct has_path<E, std::enable_if_t<std::is_convertible_v<decltype(E::path), std::string_view>>>
    : std::true_type {};

template <class E, class = void>
struct has_result : std::false_type {};
template <class E>
struct has_result<E, std::void_t<typename E::result>> : std::true_type {};

template <class E, class = void>
struct has_params : std::false_type {};
template <class E>
struct has_params<E, std::void_t<decltype(E::params())>> : std::true_type {};

template <class E>
constexpr auto endpoint_params() {
  if constexpr (has_params<E>::value) {
    return E::params();
  } else {
    return descriptor_pack<>();
  }
}

// The {name} a parameter fills: its name for a path parameter, else none.
template <class P>
constexpr std::string_view path_name_of(const P& p) noexcept {
  if constexpr (P::kind == std::remove_cv_t<decltype(P::kind)>::path) {
    return p.name;
  } else {
    return {};
  }
}

constexpr bool braces_balanced(std::string_view path) noexcept {
  bool open = false;
  std::size_t start = 0;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      if (open) return false;
      open = true;
      start = i;
    } else if (path[i] == '}') {
      if (!open || i == start + 1) return false;
      open = false;
    }
  }
  return !open;
}

template <class E>
constexpr std::size_t path_params_named(std::string_view name) noexcept {
  std::size_t count = 0;
  for_each_descriptor(endpoint_params<E>(),
                      [&](const auto& p) { count += (path_name_of(p) == name) ? 1U : 0U; });
  return count;
}

template <class E>
constexpr bool placeholders_bound() noexcept {
  constexpr std::string_view path = E::path;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '{') continue;
    const std::size_t close = path.find('}', i);
    if (close == std::string_view::npos) return false;
    if (path_params_named<E>(path.substr(i + 1, close - i - 1)) != 1) return false;
    i = close;
  }
  return true;
}

constexpr bool path_mentions(std::string_view path, std::string_view name) noexcept {
  for (std::size_t i = 0; i + name.size() + 2 <= path.size(); ++i) {
    if (path[i] == '{' && path.substr(i + 1, name.size()) == name &&
        path[i + 1 + name.size()] == '}') {
      return true;
    }
  }
  return false;
}

template <class E>
constexpr bool path_params_used() noexcept {
  bool all = true;
  for_each_descriptor(endpoint_params<E>(), [&](const auto& p) {
    all = all && (path_name_of(p).empty() || path_mentions(E::path, path_name_of(p)));
  });
  return all;
}

template <class E>
constexpr bool check_endpoint() {
  static_assert(
      has_verb<E>::value,
      "plugboard: an endpoint descriptor needs `static constexpr plugboard::method verb`");
  static_assert(has_path<E>::value,
                "plugboard: an endpoint descriptor needs `static constexpr std::string_view path`");
  static_assert(has_result<E>::value,
                "plugboard: an endpoint descriptor needs `using result = ...;` "
                "(plugboard::no_content when the call returns nothing)");
  if constexpr (has_verb<E>::value && has_path<E>::value && has_result<E>::value) {
    static_assert(braces_balanced(E::path),
                  "plugboard: the endpoint's path template has an unbalanced '{' or '}' or an "
                  "empty {}");
    static_assert(placeholders_bound<E>(),
                  "plugboard: a {placeholder} in the endpoint's path template has no path_param "
                  "with that name (or more than one)");
    static_assert(path_params_used<E>(),
                  "plugboard: a path_param of the endpoint does not appear as {name} in its path "
                  "template");
  }
  return true;
}

// Copies `tmpl` to `out`, calling `expand` for each {name}.
inline void expand_path(std::string& out, std::string_view tmpl,
                        function_ref<void(std::string_view, std::string&)> expand) {
  std::size_t literal = 0;
  for (std::size_t i = tmpl.find('{'); i != std::string_view::npos; i = tmpl.find('{', literal)) {
    const std::size_t close = tmpl.find('}', i);
    out.append(tmpl.data() + literal, i - literal);
    expand(tmpl.substr(i + 1, close - i - 1), out);
    literal = close + 1;
  }
  out.append(tmpl.data() + literal, tmpl.size() - literal);
}

}  // namespace plugboard::detail
