// SPDX-License-Identifier: MIT
// Which Pieces OS a client talks to, and what that version no longer has:
// the guard that refuses such a call before anything is sent.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"

namespace plugboard::pieces {

// A Pieces OS version as GET /.well-known/version gives it ("5.0.3",
// "4.1.0-beta.2"): the numbers in front, the rest ignored.
struct os_version {
  int major = 0;
  int minor = 0;
  int patch = 0;

  // nullopt when `text` (blanks and quotes around it allowed) does not start
  // with MAJOR[.MINOR[.PATCH]] (a leading `v` is accepted).
  static std::optional<os_version> parse(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '"' || text.front() == '\t' ||
                             text.front() == '\n' || text.front() == '\r')) {
      text.remove_prefix(1);
    }
    if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
    os_version out;
    int* parts[3] = {&out.major, &out.minor, &out.patch};
    for (std::size_t i = 0; i < 3; ++i) {
      if (i > 0) {
        if (text.empty() || text.front() != '.') break;
        text.remove_prefix(1);
      }
      std::size_t digits = 0;
      long value = 0;
      while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
        value = value * 10 + (text[digits] - '0');
        if (value > 1000000) return std::nullopt;  // not a version
        ++digits;
      }
      if (digits == 0) return i == 0 ? std::nullopt : std::optional<os_version>(out);
      *parts[i] = static_cast<int>(value);
      text.remove_prefix(digits);
    }
    return out;
  }

  friend constexpr bool operator<(const os_version& a, const os_version& b) noexcept {
    if (a.major != b.major) return a.major < b.major;
    if (a.minor != b.minor) return a.minor < b.minor;
    return a.patch < b.patch;
  }
  friend constexpr bool operator>=(const os_version& a, const os_version& b) noexcept {
    return !(a < b);
  }
};

// The first Pieces OS without POST /{application}/track: the connector API of
// the 5.0.0 SDK no longer has it (docs/api/pieces.md, "Pieces OS 5.x").
inline constexpr os_version track_removed_in{5, 0, 0};

namespace detail {

// What the version call's text holds: trimmed, and without the quotes of a
// JSON string sent as plain text.
inline std::string version_text(std::string text) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!text.empty() && blank(text.back())) text.pop_back();
  std::size_t start = 0;
  while (start < text.size() && blank(text[start])) ++start;
  text.erase(0, start);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

// Throws usage_error when the server's `version` (when known and readable)
// no longer has `operation`: the message names the version and what to use
// instead. Nothing is sent in that case, so a 5.x server never sees track.
inline void check_available(std::string_view operation, const std::optional<std::string>& version) {
  if (!version || operation != "track") return;
  const auto parsed = os_version::parse(*version);
  if (!parsed || !(*parsed >= track_removed_in)) return;
  // The server's own words, cut short: it is shown in the message.
  const std::string shown = version->size() > 40 ? version->substr(0, 40) + "..." : *version;
  std::string problem = "Pieces OS ";
  problem.append(shown)
      .append(" has no POST /{application}/track (removed in 5.0.0), so it was not sent; ")
      .append("to report the application's session, use applications().")
      .append("applications_session_open() and applications_session_close()");
  throw usage_error("track", problem);
}

}  // namespace detail
}  // namespace plugboard::pieces
