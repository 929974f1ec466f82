// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/headers.hpp"

namespace plugboard {

namespace detail {

// RFC 9110 tchar.
constexpr bool is_token_char_slow(char c) noexcept {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~': return true;
    default: return false;
  }
}

// Per byte: 1 for a tchar, 2 for a byte a header value must not hold (a
// control byte other than tab, or DEL); one lookup per byte, as every header
// of every call is checked.
struct header_byte_classes {
  unsigned char of[256] = {};
  constexpr header_byte_classes() {
    for (int b = 0; b < 256; ++b) {
      if (is_token_char_slow(static_cast<char>(b))) of[b] = 1;
      if ((b < 0x20 && b != '\t') || b == 0x7f) of[b] = 2;
    }
  }
};
inline constexpr header_byte_classes header_bytes{};

constexpr bool is_token_char(char c) noexcept {
  return header_bytes.of[static_cast<unsigned char>(c)] == 1;
}

}  // namespace detail

// Headers that frame the message or manage the connection. The transport
// writes them itself; one set by a caller (a `Content-Length: 0` before a
// body, a second `Transfer-Encoding`) would let the server read the rest as
// another request, so they are refused like CR/LF.
constexpr bool is_framing_header(std::string_view name) noexcept {
  constexpr std::string_view names[] = {
      "Content-Length", "Transfer-Encoding", "Connection",       "Host",  "Upgrade", "TE",
      "Trailer",        "Keep-Alive",        "Proxy-Connection", "Expect"};
  for (auto n : names) {
    if (detail::iequals(n, name)) return true;
  }
  return false;
}

// Throws usage_error unless `name` is an HTTP token the transport does not
// own (is_framing_header) and `value` holds no CR, LF, NUL or other control
// byte except tab. Every header is checked before anything is sent.
// Neither the value nor a bad name is echoed.
inline void validate_header(std::string_view name, std::string_view value) {
  bool name_ok = !name.empty();
  for (char c : name) name_ok &= detail::is_token_char(c);
  if (!name_ok) throw usage_error("header name", "is empty or not an HTTP token");
  if (is_framing_header(name)) {
    throw usage_error("header " + std::string(name),
                      "is written by the transport (framing and connection headers cannot be "
                      "set by a caller)");
  }
  unsigned char classes = 0;
  for (char c : value) classes |= detail::header_bytes.of[static_cast<unsigned char>(c)];
  if ((classes & 2) != 0) {
    throw usage_error("header " + std::string(name),
                      "value contains CR, LF, NUL or another control character");
  }
}

inline void validate_headers(const http_headers& headers) {
  for (const auto& field : headers) validate_header(field.first, field.second);
}

// Ids and slugs name one resource: an empty one would address the collection.
inline void require_non_empty(std::string_view argument, std::string_view value) {
  if (value.empty()) throw usage_error(std::string(argument), "must not be empty");
}

}  // namespace plugboard
