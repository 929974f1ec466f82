#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/headers.hpp"

namespace plugboard {

inline constexpr std::string_view redacted_text = "[REDACTED]";

// Replaces every occurrence of `secret` in `text`.
inline void redact_secret(std::string& text, std::string_view secret) {
  if (secret.empty()) return;
  for (auto pos = text.find(secret); pos != std::string::npos;
       pos = text.find(secret, pos + redacted_text.size())) {
    text.replace(pos, secret.size(), redacted_text);
  }
}

namespace detail {

constexpr bool contains_ci(std::string_view haystack, std::string_view needle) noexcept {
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    if (iequals(haystack.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

// Key names whose values are credentials, matched as case-insensitive substrings
// (so "client_secret", "access_token" and "X-API-Key" are all covered).
constexpr bool is_secret_key(std::string_view key) noexcept {
  constexpr std::string_view words[] = {"password", "passwd",     "secret",     "token",
                                        "api_key",  "apikey",     "api-key",    "authorization",
                                        "cookie",   "credential", "private_key"};
  for (auto w : words) {
    if (contains_ci(key, w)) return true;
  }
  return false;
}

constexpr bool is_key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '$' || c == '@' || c == '.';
}

// "Bearer xyz", "Basic xyz", "API-KEY xyz": hide the credential after the scheme.
inline void scrub_auth_schemes(std::string& text) {
  constexpr std::string_view schemes[] = {"bearer ", "basic ", "api-key "};
  for (auto scheme : schemes) {
    for (std::size_t i = 0; i + scheme.size() <= text.size(); ++i) {
      // The first letter alone rules out almost every position, cheaply.
      if (ascii_lower(text[i]) != scheme.front()) continue;
      if (!iequals(std::string_view(text).substr(i, scheme.size()), scheme)) continue;
      if (i > 0 && is_key_char(text[i - 1])) continue;  // part of a longer word
      std::size_t start = i + scheme.size();
      while (start < text.size() && text[start] == ' ') ++start;
      std::size_t end = start;
      while (end < text.size() && text[end] != ' ' && text[end] != '"' && text[end] != '\'' &&
             text[end] != ',' && text[end] != '\r' && text[end] != '\n' && text[end] != '\\') {
        ++end;
      }
      if (end == start || std::string_view(text).substr(start, end - start) == redacted_text) {
        continue;
      }
      text.replace(start, end - start, redacted_text);
      i = start + redacted_text.size() - 1;
    }
  }
}

// `"password": "x"`, `password=x`, `X-API-Key: x`: hide values of secret keys.
inline void scrub_secret_values(std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != ':' && text[i] != '=') continue;
    // Find the key just before the separator.
    std::size_t key_end = i;
    while (key_end > 0 && text[key_end - 1] == ' ') --key_end;
    std::size_t key_begin = key_end;
    if (key_end > 0 && text[key_end - 1] == '"') {
      const std::size_t open = key_end >= 2 ? text.rfind('"', key_end - 2) : std::string::npos;
      if (open == std::string::npos) continue;
      key_begin = open + 1;
      --key_end;
    } else {
      while (key_begin > 0 && is_key_char(text[key_begin - 1])) --key_begin;
    }
    if (key_begin >= key_end ||
        !is_secret_key(std::string_view(text).substr(key_begin, key_end - key_begin))) {
      continue;
    }
    // Find the value after it.
    std::size_t start = i + 1;
    while (start < text.size() && text[start] == ' ') ++start;
    if (start >= text.size() || text[start] == '{' || text[start] == '[') continue;
    std::size_t end = start;
    if (text[start] == '"') {
      ++start;
      end = start;
      while (end < text.size() && text[end] != '"') end += (text[end] == '\\') ? 2 : 1;
      if (end > text.size()) end = text.size();
    } else {
      while (end < text.size() && text[end] != ',' && text[end] != '&' && text[end] != '}' &&
             text[end] != ']' && text[end] != ';' && text[end] != ' ' && text[end] != '\r' &&
             text[end] != '\n' && text[end] != '\t') {
        ++end;
      }
    }
    if (end == start || std::string_view(text).substr(start, end - start) == redacted_text) {
      continue;
    }
    text.replace(start, end - start, redacted_text);
    i = start + redacted_text.size() - 1;
  }
}

}  // namespace detail

// Scrubs anything that looks like a credential out of text taken from the wire
// (an error body, a log line): values after an auth scheme, and values of
// keys such as password, token, secret or api_key in JSON, forms and headers.
inline void scrub_credentials(std::string& text) {
  detail::scrub_auth_schemes(text);
  detail::scrub_secret_values(text);
}

inline std::string scrubbed(std::string_view text) {
  std::string out(text);
  scrub_credentials(out);
  return out;
}

// At most `max_bytes` of `text`, cut on a UTF-8 boundary, with "..." when cut.
inline std::string truncated(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  return std::string(text.substr(0, cut)) + "...";
}

// Headers that may appear in logs as they are; every other value is redacted
// (default-deny, like azure-core's log policy).
inline bool is_loggable_header(std::string_view name) noexcept {
  constexpr std::string_view allowed[] = {"Accept",
                                          "Accept-Encoding",
                                          "Cache-Control",
                                          "Connection",
                                          "Content-Length",
                                          "Content-Type",
                                          "Date",
                                          "ETag",
                                          "Host",
                                          "Location",
                                          "Retry-After",
                                          "Server",
                                          "Transfer-Encoding",
                                          "User-Agent",
                                          "X-Request-Id",
                                          "X-Rate-Limit",
                                          "X-Rate-Limit-Remaining",
                                          "Idempotency-Key"};
  for (auto a : allowed) {
    if (detail::iequals(a, name)) return true;
  }
  return false;
}

// A request target with every query value replaced (names stay visible):
// "/v1/x?cursor=abc&limit=5" -> "/v1/x?cursor=[REDACTED]&limit=[REDACTED]".
inline std::string redacted_target(std::string_view target) {
  const auto query = target.find('?');
  std::string out(target.substr(0, query));
  if (query == std::string_view::npos) return out;
  std::string_view rest = target.substr(query + 1);
  char separator = '?';
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    out += separator;
    out += pair.substr(0, pair.find('='));
    if (pair.find('=') != std::string_view::npos) {
      out += '=';
      out += redacted_text;
    }
    separator = '&';
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
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

}  // namespace plugboard
