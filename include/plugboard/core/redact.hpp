// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/headers.hpp"
#include "plugboard/detail/secret_matcher.hpp"

// Redaction: what keeps credentials out of error messages and logs. Every
// function here takes time linear in the text.

namespace plugboard {

inline constexpr std::string_view redacted_text = "[REDACTED]";

// Headers that may appear in logs as they are; every other value is redacted
// (default-deny, like azure-core's log policy).
inline bool is_loggable_header(std::string_view name) noexcept {
  constexpr std::string_view allowed[] = {"Accept",         "Accept-Encoding",
                                          "Cache-Control",  "Connection",
                                          "Content-Length", "Content-Location",
                                          "Content-Type",   "Date",
                                          "ETag",           "Host",
                                          "Location",       "Retry-After",
                                          "Server",         "Transfer-Encoding",
                                          "User-Agent",     "X-Request-Id",
                                          "X-Rate-Limit",   "X-Rate-Limit-Remaining",
                                          "Idempotency-Key"};
  for (auto a : allowed) {
    if (detail::iequals(a, name)) return true;
  }
  return false;
}

namespace detail {

// The bytes of a text to hide, gathered by several scans (one bit each);
// apply() then replaces each run of them with one "[REDACTED]", building
// the result in one pass.
class hidden_bytes {
 public:
  explicit hidden_bytes(std::size_t size) : size_(size) {}

  void hide(std::size_t begin, std::size_t end) {
    if (begin >= end) return;
    if (words_.empty()) words_.resize(size_ / 64 + 1);
    for (std::size_t i = begin; i < end;) {
      if (i % 64 == 0 && end - i >= 64) {
        words_[i / 64] = ~std::uint64_t{0};
        i += 64;
      } else {
        words_[i / 64] |= std::uint64_t{1} << (i % 64);
        ++i;
      }
    }
  }

  // `text` (of the size given) with each run of hidden bytes replaced.
  std::string applied(std::string_view text) const {
    if (words_.empty()) return std::string(text);
    // The result's size, a word at a time: the hidden bytes, and the runs
    // of them (a run starts where a hidden byte follows a shown one).
    std::size_t hidden_count = 0;
    std::size_t runs = 0;
    std::uint64_t carry = 0;  // whether the byte before this word is hidden
    for (const std::uint64_t word : words_) {
      hidden_count += bit_count(word);
      runs += bit_count(word & ~((word << 1) | carry));
      carry = word >> 63;
    }
    std::string out(size_ - hidden_count + runs * redacted_text.size(), '\0');
    char* to_write = &out[0];
    for_each_run([&](std::size_t from, std::size_t to, bool hidden) {
      const std::string_view piece = hidden ? redacted_text : text.substr(from, to - from);
      std::memcpy(to_write, piece.data(), piece.size());
      to_write += piece.size();
    });
    return out;
  }

  void apply(std::string& text) const {
    if (!words_.empty()) text = applied(text);
  }

 private:
  bool is_hidden(std::size_t i) const noexcept { return (words_[i / 64] >> (i % 64)) & 1u; }

  static std::size_t bit_count(std::uint64_t word) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<std::size_t>(__builtin_popcountll(word));
#else
    std::size_t count = 0;
    for (; word != 0; word &= word - 1) ++count;
    return count;
#endif
  }

  // The index of the lowest set bit of a non-zero word.
  static std::size_t lowest_bit(std::uint64_t word) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<std::size_t>(__builtin_ctzll(word));
#else
    std::size_t at = 0;
    for (; (word & 1u) == 0; word >>= 1) ++at;
    return at;
#endif
  }

  // The position of the first byte from `i` on whose state is `hidden`.
  std::size_t find(std::size_t i, bool hidden) const noexcept {
    while (i < size_) {
      const std::uint64_t word = hidden ? words_[i / 64] : ~words_[i / 64];
      const std::uint64_t rest = word >> (i % 64);
      if (rest != 0) return std::min(i + lowest_bit(rest), size_);
      i = (i / 64 + 1) * 64;
    }
    return size_;
  }

  // f(from, to, hidden) for each maximal run of shown or hidden bytes.
  template <class F>
  void for_each_run(F&& f) const {
    for (std::size_t i = 0; i < size_;) {
      const bool hidden = is_hidden(i);
      const std::size_t next = find(i, !hidden);
      f(i, next, hidden);
      i = next;
    }
  }

  std::size_t size_;
  std::vector<std::uint64_t> words_;  // empty until something is hidden
};

// Hides the ranges a scan reports, joining the overlapping ones first (a
// scan reports one range per byte inside a long match).
class range_painter {
 public:
  explicit range_painter(hidden_bytes& hidden) noexcept : hidden_(hidden) {}
  range_painter(const range_painter&) = delete;
  range_painter& operator=(const range_painter&) = delete;
  ~range_painter() { hidden_.hide(begin_, end_); }

  bool operator()(std::size_t begin, std::size_t end) {
    if (begin <= end_ && end >= begin_ && begin_ < end_) {
      begin_ = std::min(begin_, begin);
      end_ = std::max(end_, end);
    } else {
      hidden_.hide(begin_, end_);
      begin_ = begin;
      end_ = end;
    }
    return false;  // never stop the scan
  }

 private:
  hidden_bytes& hidden_;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

// Key names whose values are credentials, matched as case-insensitive substrings
// (so "client_secret", "access_token" and "X-API-Key" are all covered).
constexpr bool is_secret_key(std::string_view key) noexcept {
  constexpr std::string_view words[] = {"password", "passwd",     "secret",     "token",
                                        "api_key",  "apikey",     "api-key",    "authorization",
                                        "cookie",   "credential", "private_key"};
  for (std::size_t i = 0; i < key.size(); ++i) {
    // One pass over the key: only a word's first letter starts a comparison.
    const char c = ascii_lower(key[i]);
    if (c != 'p' && c != 's' && c != 't' && c != 'a' && c != 'c') continue;
    for (auto w : words) {
      if (w.front() == c && istarts_with(key.substr(i), w)) return true;
    }
  }
  return false;
}

constexpr bool is_key_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '$' || c == '@' || c == '.';
}

// Whether `text` starts with `word` (written in lower case), ignoring ASCII case.
constexpr bool starts_with_word(std::string_view text, std::string_view word) noexcept {
  if (text.size() < word.size()) return false;
  for (std::size_t k = 0; k < word.size(); ++k) {
    if (ascii_lower(text[k]) != word[k]) return false;
  }
  return true;
}

// "Bearer xyz", "Basic xyz", "API-KEY xyz": hide the credential after the scheme.
inline void scrub_auth_schemes(std::string_view text, hidden_bytes& hidden) {
  constexpr std::string_view schemes[] = {"bearer ", "basic ", "api-key "};
  for (std::size_t i = 0; i < text.size(); ++i) {
    // The first letter alone rules out almost every position, cheaply.
    const char first = ascii_lower(text[i]);
    if (first != 'b' && first != 'a') continue;
    if (i > 0 && is_key_char(text[i - 1])) continue;  // part of a longer word
    for (auto scheme : schemes) {
      if (scheme.front() != first || !starts_with_word(text.substr(i + 1), scheme.substr(1))) {
        continue;
      }
      // A value has no space, so the values of two schemes never overlap
      // and this scan stays linear.
      std::size_t start = i + scheme.size();
      while (start < text.size() && text[start] == ' ') ++start;
      std::size_t end = start;
      while (end < text.size() && text[end] != ' ' && text[end] != '"' && text[end] != '\'' &&
             text[end] != ',' && text[end] != '\r' && text[end] != '\n' && text[end] != '\\') {
        ++end;
      }
      if (text.substr(start, end - start) != redacted_text) hidden.hide(start, end);
      break;
    }
  }
}

// The key just before a separator at the end of `before`, or "": a quoted
// key, or a run of key characters.
inline std::string_view key_before(std::string_view before) noexcept {
  std::size_t key_end = before.size();
  while (key_end > 0 && before[key_end - 1] == ' ') --key_end;
  if (key_end > 0 && before[key_end - 1] == '"') {
    const std::size_t open = key_end >= 2 ? before.rfind('"', key_end - 2) : std::string::npos;
    if (open == std::string::npos) return {};
    return before.substr(open + 1, key_end - 1 - (open + 1));
  }
  std::size_t key_begin = key_end;
  while (key_begin > 0 && is_key_char(before[key_begin - 1])) --key_begin;
  return before.substr(key_begin, key_end - key_begin);
}

// The value after a separator at `at` - 1: a quoted string's contents (up to
// the closing quote, or the end), or a run up to a delimiter. Empty when
// it is an object, an array or nothing.
inline std::pair<std::size_t, std::size_t> value_at(std::string_view text, std::size_t at) {
  while (at < text.size() && text[at] == ' ') ++at;
  if (at >= text.size() || text[at] == '{' || text[at] == '[') return {at, at};
  std::size_t end = at;
  if (text[at] == '"') {
    end = ++at;
    while (end < text.size() && text[end] != '"') {
      end += text[end] == '\\' ? std::size_t{2} : std::size_t{1};
    }
    return {at, std::min(end, text.size())};
  }
  while (end < text.size() && text[end] != ',' && text[end] != '&' && text[end] != '}' &&
         text[end] != ']' && text[end] != ';' && text[end] != ' ' && text[end] != '\r' &&
         text[end] != '\n' && text[end] != '\t') {
    ++end;
  }
  return {at, end};
}

// `"password": "x"`, `password=x`, `X-API-Key: x`: replaces values of secret
// keys, left to right. A key is read from the text as scrubbed so far (a
// hidden value never lends its quote to a later key), so the result is
// built as it goes; each quote or run of key characters ends at most one
// key, so the look-backs add up to one pass.
inline void scrub_secret_values(std::string& text) {
  const auto find_from = [&text](char c, std::size_t from) {
    const void* hit =
        from < text.size() ? std::memchr(text.data() + from, c, text.size() - from) : nullptr;
    return hit == nullptr ? text.size()
                          : static_cast<std::size_t>(static_cast<const char*>(hit) - text.data());
  };
  std::string out;
  std::size_t copied = 0;  // text[0, copied) is in `out`, scrubbed
  bool changed = false;
  // The next ':' and the next '=', each searched again only once passed.
  std::size_t colon = find_from(':', 0);
  std::size_t equals = find_from('=', 0);
  for (std::size_t from = 0;;) {
    if (colon < from) colon = find_from(':', from);
    if (equals < from) equals = find_from('=', from);
    const std::size_t i = std::min(colon, equals);
    if (i == text.size()) break;
    from = i + 1;
    if (changed) {
      out.append(text, copied, i - copied);
      copied = i;
    }
    const std::string_view before =
        changed ? std::string_view(out) : std::string_view(text).substr(0, i);
    if (!is_secret_key(key_before(before))) continue;
    const auto [start, end] = value_at(text, i + 1);
    if (end == start || std::string_view(text).substr(start, end - start) == redacted_text)
      continue;
    if (!changed) {
      out.reserve(text.size());
      out.append(text, 0, i);
      copied = i;
      changed = true;
    }
    out.append(text, copied, start - copied);
    out += redacted_text;
    copied = end;
    from = end;  // go on after the value
  }
  if (!changed) return;
  out.append(text, copied, std::string::npos);
  text = std::move(out);
}

// "Bearer abc" -> "abc": the credential of an Authorization value, when it
// starts with a scheme word; otherwise the whole value.
constexpr std::string_view credential_of(std::string_view value) noexcept {
  const auto space = value.find(' ');
  if (space == 0 || space == std::string_view::npos) return value;
  for (char c : value.substr(0, space)) {
    if (!is_key_char(c)) return value;
  }
  std::string_view rest = value.substr(space);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return rest.empty() ? value : rest;
}

}  // namespace detail

class secret_set;
inline void scrub_credentials(std::string& text, const secret_set& secrets);
inline std::string scrubbed(std::string_view text, const secret_set& secrets);

// Secrets to keep out of text that came from the wire (an error body, a log
// line). Each is found as it was sent and as a server may echo it:
// JSON-escaped (also twice), percent-encoded or HTML-escaped. A secret of 8
// bytes or more is also found by any 8 consecutive bytes of it, so a message
// that cuts a secret shows no part of it; a shorter one is found whole.
// Cheap to copy while empty; thread-safe for concurrent const use.
class secret_set {
 public:
  // Header values shorter than this are not taken as secrets: no credential
  // is that short, and hiding "1" or "on" would blank ordinary text.
  static constexpr std::size_t min_header_secret = 4;

  // Adds one secret; an empty one is ignored.
  void add(std::string_view secret) { matcher_.add(secret); }

  // Adds what a request carried in its headers: the value of every header
  // outside the log allow-list (is_loggable_header), so a credential in
  // any header is covered, whoever set it. For Authorization and
  // Proxy-Authorization `<scheme> <credential>` adds the credential; for
  // Cookie, also each cookie's value.
  void add_headers(const http_headers& headers) {
    for (const auto& field : headers) {
      const std::string_view name = field.first;
      const std::string_view value = field.second;
      if (is_loggable_header(name)) continue;
      if (detail::iequals(name, "Authorization") || detail::iequals(name, "Proxy-Authorization")) {
        add_header_value(detail::credential_of(value));
        continue;
      }
      add_header_value(value);
      if (detail::iequals(name, "Cookie")) {
        for (std::string_view rest = value; !rest.empty();) {
          const auto semicolon = rest.find(';');
          const std::string_view pair = rest.substr(0, semicolon);
          const auto equals = pair.find('=');
          if (equals != std::string_view::npos) add_header_value(pair.substr(equals + 1));
          if (semicolon == std::string_view::npos) break;
          rest.remove_prefix(semicolon + 1);
        }
      }
    }
  }

  bool empty() const noexcept { return matcher_.empty(); }

  // True when `text` holds one of the secrets, in any of the forms above.
  bool found_in(std::string_view text) const {
    return matcher_.scan(text, [](std::size_t, std::size_t) { return true; });
  }

  // Replaces each secret (each run of bytes that shows one) with "[REDACTED]".
  void redact(std::string& text) const {
    detail::hidden_bytes hidden(text.size());
    hide_in(text, hidden);
    hidden.apply(text);
  }

 private:
  friend void scrub_credentials(std::string& text, const secret_set& secrets);
  friend std::string scrubbed(std::string_view text, const secret_set& secrets);

  void add_header_value(std::string_view value) {
    if (value.size() >= min_header_secret) matcher_.add(value);
  }

  void hide_in(std::string_view text, detail::hidden_bytes& hidden) const {
    detail::range_painter paint(hidden);
    matcher_.scan(text, paint);
  }

  detail::secret_matcher matcher_;
};

// Replaces every occurrence of `secret` in `text`, in any of the forms that
// secret_set finds.
inline void redact_secret(std::string& text, std::string_view secret) {
  secret_set secrets;
  secrets.add(secret);
  secrets.redact(text);
}

// Scrubs `secrets` and anything that looks like a credential out of text
// taken from the wire (an error body, a log line): values after an auth
// scheme, then values of keys such as password, token, secret or api_key in
// JSON, forms and headers.
inline void scrub_credentials(std::string& text, const secret_set& secrets) {
  detail::hidden_bytes hidden(text.size());
  secrets.hide_in(text, hidden);
  detail::scrub_auth_schemes(text, hidden);
  hidden.apply(text);
  detail::scrub_secret_values(text);
}
inline void scrub_credentials(std::string& text) { scrub_credentials(text, secret_set()); }

// The same as a copy (made while scrubbing: a long text is copied once).
inline std::string scrubbed(std::string_view text, const secret_set& secrets) {
  detail::hidden_bytes hidden(text.size());
  secrets.hide_in(text, hidden);
  detail::scrub_auth_schemes(text, hidden);
  std::string out = hidden.applied(text);
  detail::scrub_secret_values(out);
  return out;
}
inline std::string scrubbed(std::string_view text) { return scrubbed(text, secret_set()); }

// At most `max_bytes` of `text`, cut on a UTF-8 boundary, with "..." when cut.
inline std::string truncated(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) --cut;
  return std::string(text.substr(0, cut)) + "...";
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

// A URL as a server may send it in Location: query values as in
// redacted_target, and the user-info and fragment (where OAuth puts
// tokens) replaced:
// "https://u:p@host/cb?code=x#access_token=y" ->
// "https://[REDACTED]@host/cb?code=[REDACTED]#[REDACTED]".
inline std::string redacted_url(std::string_view url) {
  std::string out;
  const auto hash = url.find('#');
  std::string_view rest = url.substr(0, hash);
  const auto scheme_end = rest.find("://");
  if (scheme_end != std::string_view::npos &&
      rest.substr(0, scheme_end).find_first_of("/?") == std::string_view::npos) {
    const std::size_t authority = scheme_end + 3;
    const auto authority_end = std::min(rest.find_first_of("/?", authority), rest.size());
    const auto at = rest.substr(0, authority_end).rfind('@');
    if (at != std::string_view::npos && at >= authority) {
      out.append(rest.substr(0, authority));
      out += redacted_text;
      rest.remove_prefix(at);
    }
  }
  out += redacted_target(rest);
  if (hash != std::string_view::npos) {
    out += '#';
    if (hash + 1 < url.size()) out += redacted_text;
  }
  return out;
}

// Headers for a log: values off the allow-list replaced, URLs in Location
// and Content-Location as in redacted_url.
inline http_headers redacted_headers(const http_headers& headers) {
  http_headers out;
  out.reserve(headers.size());
  for (const auto& field : headers) {
    if (!is_loggable_header(field.first)) {
      out.add(field.first, std::string(redacted_text));
    } else if (detail::iequals(field.first, "Location") ||
               detail::iequals(field.first, "Content-Location")) {
      out.add(field.first, redacted_url(field.second));
    } else {
      out.add(field.first, field.second);
    }
  }
  return out;
}

// The same, with `secrets` also removed from the values shown (a server may
// echo a credential in any header).
inline http_headers redacted_headers(const http_headers& headers, const secret_set& secrets) {
  http_headers out = redacted_headers(headers);
  if (secrets.empty()) return out;
  http_headers checked;
  checked.reserve(out.size());
  for (const auto& field : out) {
    std::string value = field.second;
    secrets.redact(value);
    checked.add(field.first, std::move(value));
  }
  return checked;
}

}  // namespace plugboard
