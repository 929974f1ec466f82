// SPDX-License-Identifier: MIT
// A descriptor becomes a request: path values, query pairs, headers and the
// body, each encoded as its parameter kind says.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/core/type_traits.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/detail/multipart.hpp"
#include "plugboard/detail/path_template.hpp"

namespace plugboard::detail {

template <class T>
void append_path_value(std::string& out, std::string_view name, const T& value) {
  if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    const std::string_view text = value;
    require_non_empty(name, text);
    append_path_segment(out, text);
  } else if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    out += std::to_string(value);
  } else if constexpr (is_open_enum<T>::value) {
    append_path_value(out, name, value.wire());
  } else {
    static_assert(dependent_false<T>,
                  "plugboard: a path_param member must be a string, an integer or an open_enum");
  }
}

inline void append_query_pair(std::string& target, std::string_view name, std::string_view value) {
  target += target.find('?') == std::string::npos ? '?' : '&';
  // Names keep a literal '$' (FortiSOAR's `$type`, `$replace`); RFC 3986
  // allows it in a query and servers read it either way.
  for (char c : name) {
    if (c == '$') {
      target += c;
    } else {
      append_form_encoded(target, std::string_view(&c, 1));
    }
  }
  target += '=';
  append_form_encoded(target, value);
}

template <class T>
void append_query_value(std::string& target, std::string_view name, const T& value) {
  if constexpr (is_std_optional<T>::value) {
    if (value) append_query_value(target, name, *value);
  } else if constexpr (is_std_vector<T>::value) {
    for (const auto& item : value) append_query_value(target, name, item);
  } else if constexpr (std::is_same_v<T, bool>) {
    append_query_pair(target, name, value ? "true" : "false");
  } else if constexpr (std::is_integral_v<T>) {
    append_query_pair(target, name, std::to_string(value));
  } else if constexpr (is_open_enum<T>::value) {
    append_query_pair(target, name, value.wire());
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    append_query_pair(target, name, value);
  } else {
    static_assert(dependent_false<T>,
                  "plugboard: a query_param member must be a string, bool, integer, open_enum, "
                  "or a std::optional / std::vector of one");
  }
}

template <class T>
void set_header_value(request& req, std::string_view name, const T& value) {
  if constexpr (is_std_optional<T>::value) {
    if (value) set_header_value(req, name, *value);
  } else {
    static_assert(std::is_convertible_v<const T&, std::string_view>,
                  "plugboard: a header_param member must be a string or std::optional<string>");
    req.headers.set(std::string(name), std::string(std::string_view(value)));
  }
}

template <class T, class Serializer>
void set_body(request& req, const T& value, const Serializer& serializer) {
  if constexpr (is_std_optional<T>::value) {
    if (value) set_body(req, *value, serializer);
  } else if constexpr (std::is_same_v<T, std::vector<multipart_part>>) {
    req.parts = value;
    render_multipart(req);
  } else {
    req.body = serializer.encode(value);
    req.headers.set("Content-Type", std::string(serializer.content_type()));
  }
}

// One parameter into the request; path parameters are handled by expand_path.
template <class E, class P, class S>
void apply_param(request& req, const E& endpoint, const P& p, const S& serializer) {
  if constexpr (P::kind == param_kind::query) {
    append_query_value(req.target, p.name, endpoint.*(p.member));
  } else if constexpr (P::kind == param_kind::header) {
    set_header_value(req, p.name, endpoint.*(p.member));
  } else if constexpr (P::kind == param_kind::body) {
    set_body(req, endpoint.*(p.member), serializer);
  }
}

// Turns a descriptor into a request: the one place that does it.
template <class E, class Serializer>
request build_request(const E& endpoint, const base_url& base, const Serializer& serializer) {
  using traits = endpoint_traits<E>;
  if constexpr (traits::has_validate) endpoint.validate();
  constexpr auto params = traits::params();
  request req;
  req.verb = E::verb;
  req.origin = base.origin;
  req.target.reserve(base.prefix.size() + E::path.size() + 32);
  req.target = base.prefix;
  expand_path(req.target, E::path, [&](std::string_view name, std::string& out) {
    for_each_descriptor(params, [&](const auto& p) {
      using param = std::decay_t<decltype(p)>;
      if constexpr (param::kind == param_kind::path) {
        if (p.name == name) append_path_value(out, name, endpoint.*(p.member));
      }
    });
  });
  req.headers.reserve(6);
  req.headers.add("Accept", std::string(traits::accept));
  for_each_descriptor(params, [&](const auto& p) { apply_param(req, endpoint, p, serializer); });
  if (traits::content_type_without_body && !req.headers.contains("Content-Type")) {
    req.headers.set("Content-Type", std::string(serializer.content_type()));
  }
  return req;
}

}  // namespace plugboard::detail
