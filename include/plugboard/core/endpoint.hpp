// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/core/clock.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/function_ref.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/core/retry.hpp"
#include "plugboard/core/type_traits.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/core/validation.hpp"

namespace plugboard {

// An endpoint descriptor is a small struct per documented operation. Its data
// members are the call's arguments; static members describe the wire:
//
//   struct get_provider {
//     std::string provider_slug;
//
//     static constexpr plugboard::method verb = plugboard::method::get;
//     static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}";
//     static constexpr auto params() {
//       return plugboard::param_list(
//           plugboard::path_param("provider_slug", &get_provider::provider_slug));
//     }
//     using result = provider;
//   };
//
// Optional members: `static constexpr std::string_view summary` (one line of
// help, shown by tools such as the CLI), `using response_model = W;` (the decoded wire type when it
// differs from `result`; W must then have `result unwrap() &&`),
// `static constexpr bool idempotent` (defaults from the verb),
// `static constexpr std::string_view accept` (defaults to application/json),
// `static constexpr body_format response_format` (json or text), and
// `static constexpr bool content_type_without_body` (send Content-Type even
// when no body is sent), `static constexpr bool uses_auth = false` (the call
// is sent without the auth policy, e.g. a login or handshake endpoint), and `void validate() const`
// (argument checks that throw usage_error before anything is sent).
//
// The path template is checked at compile time: braces balanced, every
// {placeholder} bound to a path_param and every path_param used.

template <class E, class M>
struct path_param_descriptor {
  std::string_view name;
  M E::*member;
};
template <class E, class M>
struct query_param_descriptor {
  std::string_view name;
  M E::*member;
};
template <class E, class M>
struct header_param_descriptor {
  std::string_view name;
  M E::*member;
};
template <class E, class M>
struct body_param_descriptor {
  M E::*member;
};

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
  return {member};
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

// Per-call settings that override the client's.
struct call_options {
  // Added to the request; a header of the same name set by plugboard is replaced.
  http_headers headers;
  // Overrides the descriptor's idempotency, e.g. for a POST the caller knows
  // is safe to repeat (the service dedupes by an Idempotency-Key header).
  std::optional<bool> idempotent;
  // Replaces the client's retry policy for this call.
  std::optional<backoff_retry> retry;
  // Bounds the whole call: every attempt (connect, send, each read), the
  // waits between retries and auth replays. Replaces
  // client_options::call_timeout for this call.
  std::optional<std::chrono::milliseconds> timeout;
  // The same as a point on the client's clock (client_options::clock); with
  // both set, the earlier one applies. Operations made of several calls
  // (install and wait, resolve a name then act) fix it once, so all their
  // calls and polls share one deadline.
  std::optional<clock_hooks::steady_time> deadline;
  // The page cap of a walk over a listing (the `*_all` ranges, look-ups by
  // name): more pages stop it with paging_error. Default: default_max_pages.
  std::optional<std::size_t> max_pages;
};

namespace detail {

// ---- descriptor traits ------------------------------------------------------

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

// Optional `void validate() const` on a descriptor: argument checks that must
// fail with usage_error before anything is sent.
template <class E, class = void>
struct has_validate : std::false_type {};
template <class E>
struct has_validate<E, std::void_t<decltype(std::declval<const E&>().validate())>>
    : std::true_type {};

template <class E, class = void>
struct wire_model {
  using type = typename E::result;
};
template <class E>
struct wire_model<E, std::void_t<typename E::response_model>> {
  using type = typename E::response_model;
};

template <class E>
constexpr auto endpoint_params() {
  if constexpr (has_params<E>::value) {
    return E::params();
  } else {
    return descriptor_pack<>();
  }
}

template <class E, class = void>
struct idempotent_flag {
  static constexpr bool value = is_idempotent(E::verb);
};
template <class E>
struct idempotent_flag<E, std::enable_if_t<std::is_same_v<decltype(E::idempotent), const bool>>> {
  static constexpr bool value = E::idempotent;
};

template <class E, class = void>
struct accept_value {
  static constexpr std::string_view value = "application/json";
};
template <class E>
struct accept_value<E,
                    std::enable_if_t<std::is_same_v<decltype(E::accept), const std::string_view>>> {
  static constexpr std::string_view value = E::accept;
};

template <class E, class = void>
struct response_format_of {
  static constexpr body_format value = body_format::serialized;
};
template <class E>
struct response_format_of<
    E, std::enable_if_t<std::is_same_v<decltype(E::response_format), const body_format>>> {
  static constexpr body_format value = E::response_format;
};

template <class E, class = void>
struct uses_auth {
  static constexpr bool value = true;
};
template <class E>
struct uses_auth<E, std::enable_if_t<std::is_same_v<decltype(E::uses_auth), const bool>>> {
  static constexpr bool value = E::uses_auth;
};

template <class E, class = void>
struct content_type_without_body {
  static constexpr bool value = false;
};
template <class E>
struct content_type_without_body<
    E, std::enable_if_t<std::is_same_v<decltype(E::content_type_without_body), const bool>>> {
  static constexpr bool value = E::content_type_without_body;
};

// ---- compile-time path template checks ---------------------------------------

template <class P>
constexpr std::string_view path_name_of(const P&) noexcept {
  return {};
}
template <class E, class M>
constexpr std::string_view path_name_of(const path_param_descriptor<E, M>& p) noexcept {
  return p.name;
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
                      [&](const auto& p) { count += (path_name_of(p) == name) ? 1 : 0; });
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

// ---- request building (runs once per call) ------------------------------------

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

// Renders `req.parts` as multipart/form-data into `req.body`.
inline void render_multipart(request& req) {
  std::string boundary;
  for (bool clash = true; clash;) {
    boundary = "plugboard-";
    for (int i = 0; i < 2; ++i) {
      const auto bits = random_u64();
      for (int shift = 60; shift >= 0; shift -= 4) {
        boundary += hex_digit(static_cast<unsigned>(bits >> shift));
      }
    }
    clash = false;
    for (const auto& part : req.parts)
      clash = clash || part.data.find(boundary) != std::string::npos;
  }
  // Quoted names follow the HTML form encoding: '"', CR and LF are escaped.
  const auto quoted = [](std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') {
        out += "%22";
      } else if (c == '\r') {
        out += "%0D";
      } else if (c == '\n') {
        out += "%0A";
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  std::size_t size = 0;
  for (const auto& part : req.parts) size += part.data.size() + 200;
  req.body.clear();
  req.body.reserve(size);
  for (const auto& part : req.parts) {
    validate_header("Content-Type", part.content_type);
    req.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(part.name);
    if (!part.filename.empty()) req.body += "; filename=" + quoted(part.filename);
    req.body += "\r\n";
    if (!part.content_type.empty()) req.body += "Content-Type: " + part.content_type + "\r\n";
    req.body += "\r\n";
    req.body += part.data;
    req.body += "\r\n";
  }
  req.body += "--" + boundary + "--\r\n";
  req.headers.set("Content-Type", "multipart/form-data; boundary=" + boundary);
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

// One overload per parameter kind; path parameters are handled by expand_path.
template <class E, class M, class S>
void apply_param(request&, const E&, const path_param_descriptor<E, M>&, const S&) {}
template <class E, class M, class S>
void apply_param(request& req, const E& endpoint, const query_param_descriptor<E, M>& p, const S&) {
  append_query_value(req.target, p.name, endpoint.*(p.member));
}
template <class E, class M, class S>
void apply_param(request& req, const E& endpoint, const header_param_descriptor<E, M>& p,
                 const S&) {
  set_header_value(req, p.name, endpoint.*(p.member));
}
template <class E, class M, class S>
void apply_param(request& req, const E& endpoint, const body_param_descriptor<E, M>& p,
                 const S& serializer) {
  set_body(req, endpoint.*(p.member), serializer);
}

template <class E, class P>
void expand_param(std::string&, std::string_view, const E&, const P&) {}
template <class E, class M>
void expand_param(std::string& out, std::string_view name, const E& endpoint,
                  const path_param_descriptor<E, M>& p) {
  if (p.name == name) append_path_value(out, name, endpoint.*(p.member));
}

// Turns a descriptor into a request: the one place that does it.
template <class E, class Serializer>
request build_request(const E& endpoint, const base_url& base, const Serializer& serializer) {
  static_assert(check_endpoint<E>());
  if constexpr (has_validate<E>::value) endpoint.validate();
  constexpr auto params = endpoint_params<E>();
  request req;
  req.verb = E::verb;
  req.origin = base.origin;
  req.target.reserve(base.prefix.size() + E::path.size() + 32);
  req.target = base.prefix;
  expand_path(req.target, E::path, [&](std::string_view name, std::string& out) {
    for_each_descriptor(params, [&](const auto& p) { expand_param(out, name, endpoint, p); });
  });
  req.headers.reserve(6);
  req.headers.add("Accept", std::string(accept_value<E>::value));
  for_each_descriptor(params, [&](const auto& p) { apply_param(req, endpoint, p, serializer); });
  if (content_type_without_body<E>::value && !req.headers.contains("Content-Type")) {
    req.headers.set("Content-Type", std::string(serializer.content_type()));
  }
  return req;
}

// ---- response decoding -----------------------------------------------------------

template <class W, class = void>
struct has_unwrap : std::false_type {};
template <class W>
struct has_unwrap<W, std::void_t<decltype(std::declval<W&&>().unwrap())>> : std::true_type {};

template <class R, class W>
R unwrap_model(W&& wire) {
  if constexpr (std::is_same_v<R, W>) {
    return std::move(wire);
  } else if constexpr (has_unwrap<W>::value) {
    return std::move(wire).unwrap();
  } else if constexpr (is_std_optional<W>::value && is_std_optional<R>::value) {
    if (!wire) return R{};
    return R(unwrap_model<typename R::value_type>(std::move(*wire)));
  } else {
    static_assert(dependent_false<W>,
                  "plugboard: the endpoint's response_model must equal its result or have "
                  "`result unwrap() &&`");
  }
}

inline bool is_blank(std::string_view body) noexcept {
  for (char c : body) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

template <class E, class Serializer>
typename E::result decode_result(const Serializer& serializer, const response& res) {
  using result_t = typename E::result;
  using wire_t = typename wire_model<E>::type;
  if constexpr (std::is_same_v<result_t, no_content>) {
    return no_content{};
  } else if constexpr (response_format_of<E>::value == body_format::text) {
    static_assert(std::is_same_v<result_t, std::string>,
                  "plugboard: an endpoint with response_format text must have result std::string");
    // A JSON reply holding a string gives that string; anything else is text.
    if (is_json_media_type(res.headers.get("Content-Type")) && !is_blank(res.body)) {
      try {
        return serializer.template decode<std::string>(res.body);
      } catch (const decode_error&) {
      }
    }
    return res.body;
  } else if constexpr (is_std_optional<wire_t>::value) {
    if (is_blank(res.body)) return result_t{};
    return unwrap_model<result_t>(
        wire_t(serializer.template decode<typename wire_t::value_type>(res.body)));
  } else {
    if (is_blank(res.body)) {
      throw decode_error("the response body is empty where JSON was expected");
    }
    return unwrap_model<result_t>(serializer.template decode<wire_t>(res.body));
  }
}

}  // namespace detail

// True when the descriptor passes every compile-time check (for static_asserts
// in users' own tests; a failing check names the problem).
template <class E>
constexpr bool is_valid_endpoint() {
  return detail::check_endpoint<E>();
}

}  // namespace plugboard
