// SPDX-License-Identifier: MIT
// wait_for_sync: start (or observe) a connection's sync and poll until it
// has finished, from the connection's status and timestamps.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/detail/civil_date.hpp"
#include "plugboard/fivetran/generated/connections.hpp"

namespace plugboard::fivetran {

// How a wait ended.
enum class sync_outcome {
  succeeded,  // succeeded_at moved past where it was, and the sync is over
  failed,     // failed_at moved past where it was, and the sync is over
  timed_out   // the timeout or the call deadline came first
};

struct sync_wait_options {
  // POST .../sync first; false only watches a sync something else started
  // (and answers at once from the last sync's timestamps when none runs).
  bool trigger = true;
  bool force = false;  // restart a sync that is running (sync_connection's `force`)
  std::chrono::milliseconds interval = std::chrono::seconds(15);
  // Besides the deadline call_options may carry; both bound the wait.
  std::chrono::milliseconds timeout = std::chrono::hours(6);
  std::function<void(const api::connection&)> on_poll;  // after every poll
};

struct sync_wait_result {
  sync_outcome outcome = sync_outcome::timed_out;
  api::connection connection;  // as the last poll saw it
  int polls = 0;               // details calls after the sync was started

  bool succeeded() const noexcept { return outcome == sync_outcome::succeeded; }
};

namespace detail {

// An RFC 3339 time as (days since 1970, milliseconds of the day) in UTC, for
// comparing timestamps that differ in fraction digits or offset; nullopt when
// the text is not one.
inline std::optional<std::pair<std::int64_t, std::int64_t>> rfc3339_instant(std::string_view text) {
  const auto digits = [&](std::size_t at, std::size_t count) -> std::optional<int> {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2), h = digits(11, 2),
             mi = digits(14, 2), s = digits(17, 2);
  if (!y || !mo || !d || !h || !mi || !s || text.size() < 20 || text[4] != '-' || text[7] != '-' ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || text[13] != ':' ||
      text[16] != ':' || *mo < 1 || *mo > 12 || *d < 1 || *d > 31) {
    return std::nullopt;
  }
  std::size_t at = 19;
  std::int64_t millis = 0;
  if (text[at] == '.') {
    int scale = 100;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      millis += (text[at] - '0') * scale;
      scale /= 10;
    }
  }
  std::int64_t offset_minutes = 0;
  if (at < text.size() && (text[at] == '+' || text[at] == '-')) {
    const auto oh = digits(at + 1, 2), om = digits(at + 4, 2);
    if (!oh || !om) return std::nullopt;
    offset_minutes = (text[at] == '-' ? -1 : 1) * (*oh * 60 + *om);
  } else if (at >= text.size() || (text[at] != 'Z' && text[at] != 'z')) {
    return std::nullopt;
  }
  std::int64_t days =
      plugboard::detail::days_from_civil(*y, static_cast<unsigned>(*mo), static_cast<unsigned>(*d));
  std::int64_t ms = ((*h * 60 + *mi - offset_minutes) * 60 + *s) * 1000 + millis;
  constexpr std::int64_t day_ms = 86400000;
  days += ms / day_ms - (ms % day_ms < 0 ? 1 : 0);
  ms = (ms % day_ms + day_ms) % day_ms;
  return std::pair{days, ms};
}

// True when `now` is a later time than `before` (an absent time is the
// earliest); text that is not a time counts as later when it changed.
inline bool later(const std::optional<std::string>& now, const std::optional<std::string>& before) {
  if (!now) return false;
  if (!before) return true;
  const auto a = rfc3339_instant(*now), b = rfc3339_instant(*before);
  if (a && b) return *a > *b;
  return *now != *before;
}

// The outcome of the last finished sync, from which timestamp is later.
inline sync_outcome last_outcome(const api::connection& c) {
  return later(c.failed_at, c.succeeded_at) ? sync_outcome::failed : sync_outcome::succeeded;
}

}  // namespace detail

// Starts a sync of `connection_id` (unless settings.trigger is false) and
// polls its details every settings.interval until the sync is over: the
// connection's sync_state is no longer "syncing" and succeeded_at or
// failed_at has moved past what it was before. Fivetran reports no sync id,
// so a sync that someone else starts meanwhile counts too. Ends within
// settings.timeout and the deadline in `options`, whichever comes first
// (outcome timed_out). Waits with the client's clock (client_options::clock),
// so tests take no wall time. Call failures follow the client's error policy.
template <class Client>
auto wait_for_sync(Client& client, std::string connection_id, sync_wait_options settings = {},
                   call_options options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<sync_wait_result>([&] {
    const clock_hooks& clock = core.options().clock;
    const auto start = clock.now();
    sync_wait_result out;
    const auto details = [&] {
      out.connection =
          core.call_or_throw(api::endpoints::connection_details{connection_id}, options).data;
    };
    details();
    const std::optional<std::string> succeeded_before = out.connection.succeeded_at;
    const std::optional<std::string> failed_before = out.connection.failed_at;
    if (settings.trigger) {
      api::endpoints::sync_connection sync;
      sync.connection_id = connection_id;
      if (settings.force) sync.body.force = true;
      core.call_or_throw(sync, options);
    } else if (out.connection.status.sync_state != "syncing") {
      out.outcome = detail::last_outcome(out.connection);
      return out;
    }
    for (;;) {
      const auto now = clock.now();
      // Not rounded to milliseconds: a poll that ends a fraction of a
      // millisecond after the interval must not buy one more poll.
      if (now - start + settings.interval > settings.timeout ||
          (options.deadline && now + settings.interval >= *options.deadline)) {
        out.outcome = sync_outcome::timed_out;
        return out;
      }
      clock.sleep(settings.interval);
      details();
      ++out.polls;
      if (settings.on_poll) settings.on_poll(out.connection);
      const api::connection& c = out.connection;
      const bool succeeded = detail::later(c.succeeded_at, succeeded_before);
      const bool failed = detail::later(c.failed_at, failed_before);
      if (c.status.sync_state != "syncing" && (succeeded || failed)) {
        out.outcome = succeeded && !(failed && detail::later(c.failed_at, c.succeeded_at))
                          ? sync_outcome::succeeded
                          : sync_outcome::failed;
        return out;
      }
    }
  });
}

}  // namespace plugboard::fivetran
