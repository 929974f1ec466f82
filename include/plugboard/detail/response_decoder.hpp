// SPDX-License-Identifier: MIT
// A response body becomes a descriptor's typed result.
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/redirect.hpp"
#include "plugboard/core/type_traits.hpp"

namespace plugboard::detail {

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
  using traits = endpoint_traits<E>;
  using result_t = typename traits::result;
  using wire_t = typename traits::response_model;
  if constexpr (std::is_same_v<result_t, no_content>) {
    return no_content{};
  } else if constexpr (std::is_same_v<result_t, redirect>) {
    // The value is never quoted: it may carry a one-time code.
    redirect out;
    out.status = res.status;
    if (const std::string* location = res.headers.find("Location")) out.location = *location;
    if (out.status >= 300 && out.location.empty()) {
      throw decode_error("the redirect (HTTP " + std::to_string(out.status) +
                         ") has no Location header");
    }
    return out;
  } else if constexpr (traits::response_format == body_format::text) {
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

}  // namespace plugboard::detail
