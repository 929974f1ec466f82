// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/detail/civil_date.hpp"

namespace plugboard {

// What the retry policy is asked after each failed attempt.
struct attempt_outcome {
  int attempt = 1;                                       // attempts made so far
  std::chrono::milliseconds elapsed{0};                  // since the call started
  const response* reply = nullptr;                       // the failed HTTP response, or
  const transport_error* failure = nullptr;              // the transport failure
  bool idempotent = false;                               // may this call be sent again?
  std::optional<std::chrono::milliseconds> retry_after;  // parsed from `reply`
};

// Retry policy requirement (checked by basic_client):
//   std::optional<std::chrono::milliseconds> next_delay(const attempt_outcome&);
// returns how long to wait before the next attempt, or nullopt to stop.
// The client copies the policy at the start of each call, so a policy may keep
// per-call state (a jitter generator) without locking.

// Never retries: every call is sent exactly once.
struct no_retry {
  std::optional<std::chrono::milliseconds> next_delay(const attempt_outcome&) const noexcept {
    return std::nullopt;
  }
};

// A small fixed set of HTTP status codes (no allocation when copied per call).
class status_list {
 public:
  constexpr status_list() = default;
  constexpr status_list(std::initializer_list<int> codes) {
    for (int code : codes) add(code);
  }
  constexpr void add(int code) {
    if (!contains(code) && size_ < codes_.size()) codes_[size_++] = code;
  }
  constexpr bool contains(int code) const noexcept {
    for (std::size_t i = 0; i < size_; ++i) {
      if (codes_[i] == code) return true;
    }
    return false;
  }
  constexpr std::size_t size() const noexcept { return size_; }

 private:
  std::array<int, 16> codes_{};
  std::size_t size_ = 0;
};

namespace detail {

inline std::uint64_t splitmix64(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Distinct per call and per thread without locking; not for cryptography.
inline std::uint64_t random_u64() noexcept {
  static std::atomic<std::uint64_t> counter{0};
  const auto ticks =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  return splitmix64(ticks ^ splitmix64(counter.fetch_add(1, std::memory_order_relaxed)));
}

// Parses the three HTTP-date forms (IMF-fixdate, RFC 850, asctime) into
// seconds since the Unix epoch, by picking out day, month, year and time.
inline std::optional<std::int64_t> parse_http_date(std::string_view text) noexcept {
  constexpr std::string_view months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
  int day = -1, month = -1, hour = -1, minute = -1, second = -1;
  std::int64_t year = -1;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == '-')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != ',' && text[j] != '-') ++j;
    const std::string_view token = text.substr(i, j - i);
    i = j;
    if (token.empty()) continue;
    if (token.find(':') != std::string_view::npos) {
      if (token.size() != 8 || token[2] != ':' || token[5] != ':') return std::nullopt;
      const auto two = [&](std::size_t at) {
        const char a = token[at], b = token[at + 1];
        return (a >= '0' && a <= '9' && b >= '0' && b <= '9') ? (a - '0') * 10 + (b - '0') : -1;
      };
      hour = two(0), minute = two(3), second = two(6);
      if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
        return std::nullopt;
      }
    } else if (token[0] >= '0' && token[0] <= '9') {
      std::int64_t value = 0;
      for (char c : token) {
        if (c < '0' || c > '9' || value > 100000) return std::nullopt;
        value = value * 10 + (c - '0');
      }
      if (day < 0 && token.size() <= 2 && value >= 1 && value <= 31) {
        day = static_cast<int>(value);
      } else if (year < 0) {
        year = token.size() == 2 ? (value >= 70 ? 1900 + value : 2000 + value) : value;
      } else {
        return std::nullopt;
      }
    } else {
      // Weekday names and "GMT" are skipped; anything not alphabetic is junk.
      for (char c : token) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))) return std::nullopt;
      }
      for (int m = 0; m < 12; ++m) {
        if (iequals(token, months[m])) month = m + 1;
      }
    }
  }
  if (day < 0 || month < 0 || year < 1970 || year > 9999 || hour < 0) return std::nullopt;
  const std::int64_t days =
      days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return days * 86400 + hour * 3600 + minute * 60 + second;
}

}  // namespace detail

// Reads a Retry-After value: delta-seconds ("120") or an HTTP-date. Returns
// nullopt for junk, never throws; a date in the past gives zero.
inline std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now) noexcept {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (value.front() >= '0' && value.front() <= '9') {
    std::int64_t seconds = 0;
    for (char c : value) {
      if (c < '0' || c > '9') return std::nullopt;
      seconds = seconds * 10 + (c - '0');
      if (seconds > 365LL * 86400) seconds = 365LL * 86400;  // clamp absurd values
    }
    return std::chrono::milliseconds(seconds * 1000);
  }
  const auto when = detail::parse_http_date(value);
  if (!when) return std::nullopt;
  const auto now_s =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  const std::int64_t delta = *when - static_cast<std::int64_t>(now_s);
  return std::chrono::milliseconds(delta > 0 ? delta * 1000 : 0);
}

// Truncated exponential backoff with jitter (google-cloud-cpp's split:
// *which* failures are retried, *how long* to wait, and *whether* the call
// may be repeated are separate settings).
//
// Retries: the statuses in `retry_statuses` (429, 500, 502, 503, 504 by
// default) and, when `retry_connection_errors`, transport failures. A call
// that is not idempotent (POST/PATCH unless the endpoint or the caller says
// otherwise) is only repeated when `retry_non_idempotent` is set, except after
// a failure that happened before anything was sent (connect, TLS).
// Waits: initial_interval * exponent^(attempt-1), capped at max_interval, then
// spread by +/- `jitter` (a fraction). A Retry-After (if `honour_retry_after`)
// may lengthen that wait, never shorten it: the backoff is the floor under
// server-supplied delays, so "Retry-After: 0" or a date in the past cannot
// make a call hammer the server.
// Stops: after max_attempts attempts (default 5; 0 means "as many as
// max_elapsed_time allows", still at most `attempt_ceiling`, 100), or when
// max_elapsed_time (default 60 s) is used up; the last wait is clamped to it.
struct backoff_retry {
  std::chrono::milliseconds initial_interval{500};
  std::chrono::milliseconds max_interval{30000};
  double exponent = 2.0;
  std::chrono::milliseconds max_elapsed_time{60000};
  int max_attempts = 5;
  double jitter = 0.2;
  bool retry_connection_errors = true;
  bool retry_non_idempotent = false;
  bool honour_retry_after = true;
  status_list retry_statuses{429, 500, 502, 503, 504};

  // The cap on attempts when max_attempts is 0: a server that fails fast
  // forever must not turn one call into thousands of requests.
  static constexpr int attempt_ceiling = 100;

  std::optional<std::chrono::milliseconds> next_delay(const attempt_outcome& outcome) {
    const bool may_repeat = outcome.idempotent || retry_non_idempotent;
    if (outcome.reply != nullptr) {
      if (!retry_statuses.contains(outcome.reply->status) || !may_repeat) return std::nullopt;
    } else if (outcome.failure != nullptr) {
      // Canceled, out of time, or an answer too large to accept: trying
      // again cannot end differently.
      const transport_failure kind = outcome.failure->failure();
      if (!retry_connection_errors || kind == transport_failure::canceled ||
          kind == transport_failure::deadline || kind == transport_failure::too_large) {
        return std::nullopt;
      }
      if (outcome.failure->request_may_have_been_sent() && !may_repeat) return std::nullopt;
    } else {
      return std::nullopt;
    }
    if (outcome.attempt >= (max_attempts > 0 ? max_attempts : attempt_ceiling)) return std::nullopt;
    const auto remaining = max_elapsed_time - outcome.elapsed;
    if (remaining <= std::chrono::milliseconds::zero()) return std::nullopt;

    std::chrono::milliseconds delay = backoff(outcome.attempt);
    if (honour_retry_after && outcome.retry_after && *outcome.retry_after > delay) {
      delay = *outcome.retry_after;
    }
    return delay < remaining ? delay : remaining;
  }

 private:
  // initial_interval * exponent^(attempt-1), jittered, within [0, max_interval].
  std::chrono::milliseconds backoff(int attempt) {
    double ms = static_cast<double>(initial_interval.count()) *
                std::pow(exponent, static_cast<double>(attempt - 1));
    if (jitter > 0) {
      if (rng_state_ == 0) rng_state_ = detail::random_u64() | 1u;
      rng_state_ = detail::splitmix64(rng_state_);
      const double unit = static_cast<double>(rng_state_ >> 11) * 0x1.0p-53;  // [0, 1)
      ms *= 1.0 + jitter * (2.0 * unit - 1.0);
    }
    const double cap = static_cast<double>(max_interval.count());
    if (!(ms <= cap)) ms = cap;  // also catches NaN and overflow
    if (ms < 0) ms = 0;
    return std::chrono::milliseconds(static_cast<std::chrono::milliseconds::rep>(ms));
  }

  std::uint64_t rng_state_ = 0;
};

}  // namespace plugboard
