// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <utility>

#include "plugboard/core/any_retry.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/retry.hpp"

using namespace std::chrono_literals;
using plugboard::attempt_outcome;
using plugboard::backoff_retry;
using plugboard::parse_retry_after;

namespace {

const auto epoch_2026 = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));

plugboard::response status(int code) {
  plugboard::response r;
  r.status = code;
  return r;
}

attempt_outcome after_reply(const plugboard::response& r, int attempt, bool idempotent = true,
                            std::chrono::milliseconds elapsed = 0ms) {
  attempt_outcome o;
  o.attempt = attempt;
  o.reply = &r;
  o.idempotent = idempotent;
  o.elapsed = elapsed;
  return o;
}

backoff_retry no_jitter() {
  backoff_retry b;
  b.jitter = 0;
  b.initial_interval = 100ms;
  b.exponent = 2;
  b.max_interval = 1000ms;
  b.max_attempts = 10;
  b.max_elapsed_time = 60s;
  return b;
}

}  // namespace

TEST_CASE("Retry-After accepts delta-seconds and all three HTTP-date forms") {
  CHECK(parse_retry_after("120", epoch_2026) == 120000ms);
  CHECK(parse_retry_after(" 0 ", epoch_2026) == 0ms);
  // 2026-01-01T00:00:30Z in IMF-fixdate, RFC 850 and asctime.
  CHECK(parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", epoch_2026) == 30000ms);
  CHECK(parse_retry_after("Thursday, 01-Jan-26 00:00:30 GMT", epoch_2026) == 30000ms);
  CHECK(parse_retry_after("Thu Jan  1 00:00:30 2026", epoch_2026) == 30000ms);
  // A date in the past means "now".
  CHECK(parse_retry_after("Wed, 31 Dec 2025 23:00:00 GMT", epoch_2026) == 0ms);
  CHECK(parse_retry_after("99999999999999999999", epoch_2026) ==
        std::chrono::milliseconds(365LL * 86400 * 1000));
}

TEST_CASE("Retry-After junk is ignored, never thrown") {
  for (const char* junk : {"", "soon", "-5", "1.5", "12abc", "Thu, 99 Foo 2026 00:00:30 GMT",
                           "Thu, 01 Jan 2026 25:00:00 GMT", "01 Jan 2026", "%%%", "Thu, 01 Jan"}) {
    CAPTURE(junk);
    CHECK_FALSE(parse_retry_after(junk, epoch_2026).has_value());
  }
}

TEST_CASE("no_retry never retries") {
  const auto r = status(503);
  CHECK_FALSE(plugboard::no_retry{}.next_delay(after_reply(r, 1)).has_value());
}

TEST_CASE("a default any_retry is no_retry, also when copied, assigned or moved from") {
  const auto r = status(503);
  plugboard::any_retry none;
  CHECK_FALSE(none.next_delay(after_reply(r, 1)).has_value());
  CHECK(none.get<plugboard::no_retry>() != nullptr);
  CHECK(none.get<backoff_retry>() == nullptr);

  plugboard::any_retry backoff = backoff_retry{};
  REQUIRE(backoff.get<backoff_retry>() != nullptr);
  CHECK(backoff.get<plugboard::no_retry>() == nullptr);
  CHECK(backoff.next_delay(after_reply(r, 1)).has_value());

  plugboard::any_retry copy = none;
  CHECK(copy.get<plugboard::no_retry>() != nullptr);
  backoff = none;  // assigning the default drops the policy held
  CHECK(backoff.get<backoff_retry>() == nullptr);
  CHECK_FALSE(backoff.next_delay(after_reply(r, 1)).has_value());

  plugboard::any_retry moved = backoff_retry{};
  plugboard::any_retry target = std::move(moved);
  CHECK(target.get<backoff_retry>() != nullptr);
  CHECK_FALSE(moved.next_delay(after_reply(r, 1)).has_value());  // NOLINT: moved-from is no_retry
}

TEST_CASE("backoff grows exponentially and is capped") {
  auto b = no_jitter();
  const auto r = status(503);
  CHECK(b.next_delay(after_reply(r, 1)) == 100ms);
  CHECK(b.next_delay(after_reply(r, 2)) == 200ms);
  CHECK(b.next_delay(after_reply(r, 3)) == 400ms);
  CHECK(b.next_delay(after_reply(r, 5)) == 1000ms);
  CHECK(b.next_delay(after_reply(r, 9)) == 1000ms);
  CHECK_FALSE(b.next_delay(after_reply(r, 10)).has_value());  // max_attempts
}

TEST_CASE("only the configured statuses are retried") {
  auto b = no_jitter();
  for (int code : {429, 500, 502, 503, 504}) {
    const auto r = status(code);
    CHECK(b.next_delay(after_reply(r, 1)).has_value());
  }
  for (int code : {400, 401, 403, 404, 409, 422, 501, 505}) {
    const auto r = status(code);
    CHECK_FALSE(b.next_delay(after_reply(r, 1)).has_value());
  }
  b.retry_statuses = {409};
  const auto conflict = status(409);
  CHECK(b.next_delay(after_reply(conflict, 1)).has_value());
}

TEST_CASE("a non-idempotent call is not repeated unless enabled") {
  auto b = no_jitter();
  const auto r = status(503);
  CHECK_FALSE(b.next_delay(after_reply(r, 1, /*idempotent=*/false)).has_value());
  b.retry_non_idempotent = true;
  CHECK(b.next_delay(after_reply(r, 1, false)).has_value());
}

TEST_CASE("transport failures: before sending any method may retry, after only idempotent ones") {
  auto b = no_jitter();
  const plugboard::transport_error refused(plugboard::transport_failure::connect, "refused");
  const plugboard::transport_error reset(plugboard::transport_failure::read, "reset");
  const plugboard::transport_error canceled(plugboard::transport_failure::canceled, "stop");
  attempt_outcome o;
  o.attempt = 1;
  o.idempotent = false;
  o.failure = &refused;
  CHECK(b.next_delay(o).has_value());
  o.failure = &reset;
  CHECK_FALSE(b.next_delay(o).has_value());
  o.idempotent = true;
  CHECK(b.next_delay(o).has_value());
  o.failure = &canceled;
  CHECK_FALSE(b.next_delay(o).has_value());
  b.retry_connection_errors = false;
  o.failure = &refused;
  CHECK_FALSE(b.next_delay(o).has_value());
}

TEST_CASE("Retry-After is honoured and clamped to the remaining budget") {
  auto b = no_jitter();
  b.max_elapsed_time = 10s;
  const auto r = status(429);
  auto o = after_reply(r, 1, true, 2s);
  o.retry_after = 3s;
  CHECK(b.next_delay(o) == 3000ms);
  o.retry_after = 60s;
  CHECK(b.next_delay(o) == 8000ms);
  o.elapsed = 10s;
  CHECK_FALSE(b.next_delay(o).has_value());
  b.honour_retry_after = false;
  o.elapsed = 0ms;
  CHECK(b.next_delay(o) == 100ms);
}

TEST_CASE("jitter stays within its bounds") {
  auto b = no_jitter();
  b.jitter = 0.5;
  const auto r = status(503);
  for (int i = 0; i < 200; ++i) {
    const auto d = b.next_delay(after_reply(r, 2));
    REQUIRE(d.has_value());
    CHECK(*d >= 100ms);
    CHECK(*d <= 300ms);
  }
}

TEST_CASE("the backoff is a floor under Retry-After: 0 and dates in the past") {
  auto b = no_jitter();
  const auto r = status(503);
  auto o = after_reply(r, 3);
  o.retry_after = 0ms;
  CHECK(b.next_delay(o) == 400ms);
  o.retry_after = 250ms;
  CHECK(b.next_delay(o) == 400ms);
  o.retry_after = 450ms;
  CHECK(b.next_delay(o) == 450ms);
}

TEST_CASE("max_attempts = 0 means as many as time allows, at most attempt_ceiling") {
  auto b = no_jitter();
  b.max_attempts = 0;
  b.max_elapsed_time = std::chrono::hours(24 * 365);
  const auto r = status(503);
  CHECK(backoff_retry::attempt_ceiling == 100);
  CHECK(b.next_delay(after_reply(r, 99)).has_value());
  CHECK_FALSE(b.next_delay(after_reply(r, 100)).has_value());
  b.max_attempts = 150;  // an explicit count is the caller's choice
  CHECK(b.next_delay(after_reply(r, 149)).has_value());
  CHECK_FALSE(b.next_delay(after_reply(r, 150)).has_value());
}
