// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/detail/secret_keys.hpp"
#include "plugboard/sandbox/headers.hpp"

// What keeps credentials out of the sandbox's request log. The sandbox's
// own, simpler than the client's redaction: it only has to make a test log
// safe to print, and owning it keeps the sandbox free of client internals.

namespace plugboard::sandbox::detail {

inline constexpr std::string_view redacted_text = "[REDACTED]";

// Request headers shown as they are in the log; every other value is
// replaced (default-deny).
inline bool is_loggable_header(std::string_view name) noexcept {
  constexpr std::string_view allowed[] = {
      "Accept",         "Accept-Encoding",  "Cache-Control", "Connection",
      "Content-Length", "Content-Type",     "Date",          "Host",
      "Retry-After",    "User-Agent",       "X-Request-Id",  "Idempotency-Key",
      "Expect",         "Transfer-Encoding"};
  for (const auto a : allowed) {
    if (iequals(a, name)) return true;
  }
  return false;
}

inline http_headers redacted_headers(const http_headers& headers) {
  http_headers out;
  out.reserve(headers.size());
  for (const auto& field : headers) {
    out.add(field.first,
            is_loggable_header(field.first) ? field.second : std::string(redacted_text));
  }
  return out;
}

// "/v1/x?cursor=abc&limit" -> "/v1/x?cursor=[REDACTED]&limit": query names
// stay, values go.
inline std::string redacted_target(std::string_view target) {
  const auto query = target.find('?');
  std::string out(target.substr(0, query));
  if (query == std::string_view::npos) return out;
  std::string_view rest = target.substr(query + 1);
  char separator = '?';
  while (true) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto equals = pair.find('=');
    out += separator;
    out += pair.substr(0, equals);
    if (equals != std::string_view::npos) {
      out += '=';
      out += redacted_text;
    }
    separator = '&';
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return out;
}

// At most `max_bytes` of `text`, cut on a UTF-8 boundary, with "..." when cut.
inline std::string truncated(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

constexpr bool is_key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '$' || c == '@' || c == '.';
}

// The key that ends `before` (ignoring trailing spaces): a quoted string or
// a run of key characters. Looks back at most `reach` bytes, so scrubbing
// stays linear; a longer key is no credential name.
inline std::string_view key_before(std::string_view before) noexcept {
  constexpr std::size_t reach = 256;
  std::size_t end = before.size();
  while (end > 0 && before[end - 1] == ' ') --end;
  const std::size_t floor = end > reach ? end - reach : 0;
  if (end > 0 && before[end - 1] == '"') {
    std::size_t open = end - 1;
    while (open > floor && before[open - 1] != '"') --open;
    if (open == floor) return {};
    return before.substr(open, end - 1 - open);
  }
  std::size_t begin = end;
  while (begin > floor && is_key_char(before[begin - 1])) --begin;
  return before.substr(begin, end - begin);
}

// `text` with credentials replaced by "[REDACTED]": the value after an auth
// scheme ("Bearer x", "Basic x", "API-KEY x") and the value of any secret
// key in JSON (`"password": "x"`), forms (`token=x`) and header lines
// (`X-API-Key: x`). One pass, left to right, reading keys from the output.
inline std::string scrubbed(std::string_view text) {
  constexpr std::string_view schemes[] = {"bearer ", "basic ", "api-key "};
  const auto ends_unquoted = [](char c) {
    return c == ',' || c == '&' || c == '}' || c == ']' || c == ';' || c == ' ' || c == '\r' ||
           c == '\n' || c == '\t' || c == '"' || c == '\'' || c == '\\';
  };
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  // Replaces the run from `i` up to a delimiter, if any.
  const auto hide_run = [&] {
    std::size_t end = i;
    while (end < text.size() && !ends_unquoted(text[end])) ++end;
    if (end > i) out += redacted_text;
    i = end;
  };
  // An auth scheme at `i` (not inside a longer word): keeps the scheme,
  // hides the credential after it.
  const auto hide_scheme_value = [&] {
    if (i > 0 && is_key_char(text[i - 1])) return false;
    for (const auto scheme : schemes) {
      if (!istarts_with(text.substr(i), scheme)) continue;
      out.append(text.substr(i, scheme.size()));
      i += scheme.size();
      while (i < text.size() && text[i] == ' ') out += text[i++];
      hide_run();
      return true;
    }
    return false;
  };
  // Replaces the value at `i` (after spaces): a quoted string's contents, or
  // a run up to a delimiter; objects and arrays are walked into.
  const auto hide_value = [&] {
    while (i < text.size() && text[i] == ' ') out += text[i++];
    if (i >= text.size() || text[i] == '{' || text[i] == '[') return;
    if (text[i] != '"') {
      if (!hide_scheme_value()) hide_run();
      return;
    }
    out += text[i++];
    std::size_t end = i;
    while (end < text.size() && text[end] != '"') {
      end += text[end] == '\\' ? std::size_t{2} : std::size_t{1};
    }
    end = end < text.size() ? end : text.size();
    if (end > i) out += redacted_text;
    i = end;
  };
  while (i < text.size()) {
    const char c = text[i];
    if ((c == ':' || c == '=') && is_secret_key(key_before(out))) {
      out += c;
      ++i;
      hide_value();
      continue;
    }
    if ((c == 'b' || c == 'B' || c == 'a' || c == 'A') && hide_scheme_value()) continue;
    out += c;
    ++i;
  }
  return out;
}

}  // namespace plugboard::sandbox::detail
