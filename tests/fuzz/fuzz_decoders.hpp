// SPDX-License-Identifier: MIT
// The body of every decoder fuzz target: the input, as the body of a 200
// response, is decoded into the result of one descriptor of a service (the
// first byte says which), exactly as basic_client does it
// (detail::decode_result), once with json_serializer and once with
// simdjson_serializer; or it is read as an error body by both. A decode_error is the expected way
// to refuse input; any other exception escapes and libFuzzer reports it, as it reports crashes,
// leaks and sanitizer findings. When both serializers accept the input, their typed results must be
// identical (compared re-encoded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/service.hpp"
#include "plugboard/detail/response_decoder.hpp"
#include "plugboard/serializer/codec.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/serializer/simdjson.hpp"

namespace plugboard_fuzz {

// Whether codec::encode accepts T (its static_assert would stop the build).
template <class T, class = void>
struct encodable : std::false_type {};
template <class T>
struct encodable<
    T, std::enable_if_t<plugboard::has_field_list_v<T> ||
                        plugboard::codec::detail::has_custom_encode<T>::value ||
                        plugboard::is_open_enum<T>::value || std::is_same_v<T, std::string> ||
                        std::is_arithmetic_v<T> || std::is_same_v<T, plugboard::json>>>
    : std::true_type {};
template <class T>
struct encodable<std::optional<T>> : encodable<T> {};
template <class T>
struct encodable<std::vector<T>> : encodable<T> {};
template <class T>
struct encodable<std::map<std::string, T>> : encodable<T> {};

[[noreturn]] inline void differ(const char* what) {
  // Not an exception: that would be caught as a refusal somewhere up.
  __builtin_trap();
  (void)what;
}

template <class E, class Serializer>
std::optional<typename E::result> decode_with(const plugboard::response& res) {
  try {
    return plugboard::detail::decode_result<E>(Serializer{}, res);
  } catch (const plugboard::decode_error& e) {
    // The message must build without surprises, and stay short.
    if (std::string_view(e.what()).size() > 4096 + e.field().size())
      differ("decode_error too long");
    return std::nullopt;
  }
}

template <class E>
void decode_one(const plugboard::response& res) {
  const auto by_json = decode_with<E, plugboard::json_serializer>(res);
  const auto by_simdjson = decode_with<E, plugboard::simdjson_serializer>(res);
  using result = typename E::result;
  if constexpr (encodable<result>::value) {
    if (by_json && by_simdjson &&
        plugboard::codec::encode(*by_json) != plugboard::codec::encode(*by_simdjson)) {
      differ("json_serializer and simdjson_serializer decoded different results");
    }
  }
}

// The error-body reader, the client's other decoder (it ignores a failure
// there, but it must not be anything worse than an exception).
inline void read_error(const std::string& body) {
  try {
    plugboard::json_serializer{}.read_error(body);
  } catch (const plugboard::decode_error&) {
  }
  try {
    plugboard::simdjson_serializer{}.read_error(body);
  } catch (const plugboard::decode_error&) {
  }
}

// A service's descriptors: its traits' `endpoints`.
template <class... E>
using endpoint_list = plugboard::type_list<E...>;

// The first byte picks the decoder (descriptor i, or the error-body reader
// for i == size), the rest is the body: one decode per run, and libFuzzer
// mutates the choice like any other byte.
template <class... E>
void decode_selected(endpoint_list<E...>, const std::uint8_t* data, std::size_t size) {
  if (size == 0) return;
  constexpr std::size_t choices = sizeof...(E) + 1;
  const std::size_t which = data[0] % choices;
  plugboard::response res;
  res.status = 200;
  res.headers.set("Content-Type", "application/json");
  res.body.assign(reinterpret_cast<const char*>(data + 1), size - 1);
  if (which == sizeof...(E)) {
    read_error(res.body);
    return;
  }
  std::size_t i = 0;
  ((i++ == which ? decode_one<E>(res) : void()), ...);
}

// Whether `path` fits the template `tmpl` ({name} matches any segment).
inline bool path_matches(std::string_view tmpl, std::string_view path) {
  while (!tmpl.empty() && !path.empty()) {
    const auto t_end = tmpl.find('/', 1);
    const auto p_end = path.find('/', 1);
    const std::string_view t = tmpl.substr(0, t_end), p = path.substr(0, p_end);
    const bool placeholder = t.size() > 3 && t[1] == '{' && t.back() == '}';
    if (!(placeholder ? p.size() > 1 : t == p)) return false;
    tmpl = t_end == std::string_view::npos ? std::string_view() : tmpl.substr(t_end);
    path = p_end == std::string_view::npos ? std::string_view() : path.substr(p_end);
  }
  return tmpl.empty() && path.empty();
}

// The selector byte of the first descriptor that sends `verb` to `path`
// (below the base URL), or the error-body reader's when none does.
template <class... E>
std::uint8_t selector_for(endpoint_list<E...>, plugboard::method verb, std::string_view path) {
  std::size_t found = sizeof...(E);
  std::size_t i = 0;
  const auto consider = [&](bool matches) {
    if (found == sizeof...(E) && matches) found = i;
    ++i;
  };
  (consider(E::verb == verb && path_matches(E::path, path)), ...);
  return static_cast<std::uint8_t>(found);
}

}  // namespace plugboard_fuzz
