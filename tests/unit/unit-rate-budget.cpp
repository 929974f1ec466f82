// SPDX-License-Identifier: MIT
// Rate budgets: the ledger's token buckets, class pauses and server counts
// (pure logic, times given), and rate_limited_transport driven through a
// client over mock_transport on a fake clock: waits, 429 pauses shared by
// the class, resends, deadlines, cancellation, X-Rate-Limit-* headers,
// Fivetran's published budgets. No wall time.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/rate_budget.hpp"
#include "plugboard/fivetran/endpoints.hpp"
#include "plugboard/fivetran/generated/connections.hpp"
#include "plugboard/fivetran/rate_budgets.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "plugboard/transport/rate_limited.hpp"
#include "support/fleet_endpoints.hpp"

using namespace std::chrono_literals;
using plugboard::rate_budgets;
using plugboard::rate_ledger;
using plugboard::rate_limit;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
using time_point = plugboard::clock_hooks::steady_time;

namespace {

const time_point t0 = time_point(std::chrono::hours(1));

rate_budgets exact(std::vector<rate_limit> every_request = {}) {
  rate_budgets b;
  b.margin = 0;
  b.every_request = std::move(every_request);
  return b;
}

using limited = plugboard::rate_limited_transport<mock_transport>;
template <class Errors = plugboard::throw_errors>
using test_client = plugboard::basic_client<limited, plugboard::no_auth, plugboard::json_serializer,
                                            plugboard::no_retry, Errors>;

// Answers every /items/{id}... request with the item, counting them.
mock_transport echo_items() {
  mock_transport mock;
  mock.route([](const plugboard::request& req) -> std::optional<plugboard::response> {
    const std::string path(req.path());
    const auto start = std::string("/items/").size();
    const auto end = path.find('/', start);
    plugboard::response r;
    r.status = 200;
    r.headers.set("Content-Type", "application/json");
    r.body = fleet_test::item_json(path.substr(start, end - start));
    return r;
  });
  return mock;
}

plugboard::client_options options_on(const fake_clock& clock) {
  plugboard::client_options o("http://svc.test");
  o.clock = clock.hooks();
  return o;
}

std::chrono::milliseconds slept(const fake_clock& clock) {
  const auto s = clock.sleeps();
  return std::accumulate(s.begin(), s.end(), 0ms);
}

plugboard::response too_many(std::string retry_after) {
  plugboard::response r;
  r.status = 429;
  r.headers.set("Content-Type", "application/json");
  if (!retry_after.empty()) r.headers.set("Retry-After", std::move(retry_after));
  r.body = R"({"code":"TooManyRequests","message":"Rate limit exceeded"})";
  return r;
}

}  // namespace

TEST_CASE("ledger: a bucket lets `requests` through per rolling window, then says when") {
  rate_ledger ledger(exact({{3, 1000ms}}));
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  CHECK_FALSE(ledger.try_acquire("default", t0 + 500ms).has_value());
  CHECK_FALSE(ledger.try_acquire("default", t0 + 900ms).has_value());
  CHECK(ledger.available("default", t0 + 900ms) == 0);
  // The first token comes back a window after it was taken, not at a clock second.
  CHECK(ledger.try_acquire("default", t0 + 950ms) == t0 + 1000ms);
  CHECK_FALSE(ledger.try_acquire("default", t0 + 1000ms).has_value());
  CHECK(ledger.try_acquire("default", t0 + 1000ms) == t0 + 1500ms);
  // A refused ask takes nothing.
  CHECK(ledger.available("default", t0 + 1500ms) == 1);
}

TEST_CASE("ledger: the margin holds each token a little longer than the window") {
  rate_budgets b = exact({{1, 1000ms}});
  b.margin = 0.02;
  rate_ledger ledger(b);
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  CHECK(ledger.try_acquire("default", t0 + 1000ms) == t0 + 1020ms);
}

TEST_CASE(
    "ledger: a class draws from its own limits, those it counts against, and every request's") {
  rate_budgets b = exact({{100, 1000ms}});
  b.classes["setup_tests"].limits = {{2, 1000ms}};
  b.classes["setup_tests"].also_counts_against = {"source_interaction"};
  b.classes["source_interaction"].limits = {{3, 1000ms}};
  rate_ledger ledger(b);
  CHECK(ledger.available("default", t0) == 100);
  CHECK(ledger.available("setup_tests", t0) == 2);
  CHECK_FALSE(ledger.try_acquire("source_interaction", t0).has_value());
  CHECK_FALSE(ledger.try_acquire("setup_tests", t0).has_value());
  CHECK(ledger.available("setup_tests", t0) == 1);
  CHECK(ledger.available("source_interaction", t0) == 1);
  CHECK(ledger.available("default", t0) == 98);
  CHECK_FALSE(ledger.try_acquire("source_interaction", t0).has_value());
  // setup_tests has a token of its own left, but source_interaction has none.
  CHECK(ledger.try_acquire("setup_tests", t0 + 10ms) == t0 + 1000ms);
  CHECK(ledger.available("default", t0 + 10ms) == 97);
  // Other classes still run.
  CHECK_FALSE(ledger.try_acquire("default", t0 + 10ms).has_value());
}

TEST_CASE("ledger: a pause stops the class and the classes that count against it, no other") {
  rate_budgets b = exact();
  b.classes["setup_tests"].also_counts_against = {"source_interaction"};
  rate_ledger ledger(b);
  ledger.pause("source_interaction", t0 + 60s);
  CHECK(ledger.try_acquire("source_interaction", t0) == t0 + 60s);
  CHECK(ledger.try_acquire("setup_tests", t0) == t0 + 60s);
  CHECK(ledger.paused_until("setup_tests", t0) == t0 + 60s);
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  // A shorter pause never shortens a longer one.
  ledger.pause("source_interaction", t0 + 5s);
  CHECK(ledger.paused_until("source_interaction", t0) == t0 + 60s);
  CHECK_FALSE(ledger.try_acquire("setup_tests", t0 + 60s).has_value());
  CHECK_FALSE(ledger.paused_until("setup_tests", t0 + 60s).has_value());
}

TEST_CASE("ledger: a server's lower remaining count is held until its reset") {
  rate_budgets b = exact({{10, 3600s}});
  b.headers = plugboard::rate_headers_scope::every_request;
  rate_ledger ledger(b);
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  // The server counts 2 left (another client shares the account), not 9.
  ledger.server_remaining("setup_tests", 2, t0 + 30s, t0);
  CHECK(ledger.available("default", t0) == 2);
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  CHECK(ledger.try_acquire("default", t0) == t0 + 30s);
  CHECK(ledger.available("default", t0 + 30s) == 7);
  // A higher count than the ledger's own takes nothing back; a reset
  // beyond the window is held to the window.
  ledger.server_remaining("default", 50, std::nullopt, t0 + 30s);
  CHECK(ledger.available("default", t0 + 30s) == 7);
  ledger.server_remaining("default", 6, t0 + 100h, t0 + 30s);
  CHECK_FALSE(ledger.try_acquire("default", t0 + 31s).has_value());
  CHECK(ledger.available("default", t0 + 31s) == 5);
  CHECK(ledger.available("default", t0 + 31s + 3600s) == 10);
}

TEST_CASE(
    "ledger: without a reset the server's count is held briefly, and given back when it rises") {
  rate_budgets b = exact({{100, 3600s}});
  b.headers = plugboard::rate_headers_scope::every_request;
  b.server_count_hold = 2s;
  rate_ledger ledger(b);
  // A server counting 3 left (per second, say) against a budget configured
  // per hour: held for server_count_hold, not for the hour.
  ledger.server_remaining("default", 3, std::nullopt, t0);
  CHECK(ledger.available("default", t0) == 3);
  CHECK(ledger.available("default", t0 + 2s) == 100);
  // The next answers count again; a higher count gives back what was held.
  ledger.server_remaining("default", 0, std::nullopt, t0 + 2s);
  CHECK(ledger.try_acquire("default", t0 + 2s) == t0 + 4s);
  ledger.server_remaining("default", 40, std::nullopt, t0 + 3s);
  CHECK(ledger.available("default", t0 + 3s) == 40);
  CHECK_FALSE(ledger.try_acquire("default", t0 + 3s).has_value());
}

TEST_CASE("ledger: a class with no limit of its own is paused by a server at 0 until its reset") {
  rate_ledger ledger(exact());
  ledger.server_remaining("search", 0, t0 + 12s, t0);
  CHECK(ledger.try_acquire("search", t0) == t0 + 12s);
  CHECK_FALSE(ledger.try_acquire("default", t0).has_value());
  ledger.server_remaining("search", 0, std::nullopt, t0);  // no reset: nothing to go by
  CHECK_FALSE(ledger.try_acquire("search", t0 + 12s).has_value());
}

TEST_CASE("ledger: a limit of no requests or no window, or a negative margin, is refused") {
  const auto make = [](const rate_budgets& b) { rate_ledger ledger(b); };
  CHECK_THROWS_AS(make(exact({{0, 1000ms}})), plugboard::usage_error);
  CHECK_THROWS_AS(make(exact({{5, 0ms}})), plugboard::usage_error);
  rate_budgets negative_window = exact();
  negative_window.classes["setup_tests"].limits = {{1, -1ms}};
  CHECK_THROWS_AS(make(negative_window), plugboard::usage_error);
  rate_budgets negative_margin = exact();
  negative_margin.margin = -0.5;
  CHECK_THROWS_AS(make(negative_margin), plugboard::usage_error);
}

TEST_CASE("decorator: a call beyond the budget waits on the client's clock, exactly") {
  fake_clock clock;
  mock_transport mock = echo_items();
  limited transport(mock, exact({{2, 1000ms}}));
  test_client<> client(options_on(clock), {}, transport);
  int waits_told = 0;
  plugboard::call_options observed;
  observed.on_budget_wait = [&](bool waiting) { waits_told += waiting ? 1 : 10; };
  CHECK(client.call(fleet_test::get_item{"a"}).provider_slug == "a");
  CHECK(client.call(fleet_test::get_item{"b"}).provider_slug == "b");
  CHECK(clock.sleeps().empty());
  CHECK(client.call(fleet_test::get_item{"c"}, observed).provider_slug == "c");
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{1000ms});
  CHECK(waits_told == 11);  // told once that it waits, once that it stopped
  CHECK(mock.call_count() == 3);
  const auto stats = client.transport().stats();
  CHECK(stats.sent == 3);
  CHECK(stats.waits == 1);
  CHECK(stats.waited == 1000ms);
  CHECK(stats.replies_429 == 0);
}

TEST_CASE("decorator: after waiting, the request's timeout is what is left of the deadline") {
  fake_clock clock;
  mock_transport mock = echo_items();
  limited transport(mock, exact({{1, 3000ms}}));
  test_client<> client(options_on(clock), {}, transport);
  plugboard::call_options ten_seconds;
  ten_seconds.timeout = 10s;
  client.call(fleet_test::get_item{"a"}, ten_seconds);
  client.call(fleet_test::get_item{"b"}, ten_seconds);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].timeout == 10s);
  CHECK(sent[1].timeout == 7s);
}

TEST_CASE("decorator: a 429 pauses the class for Retry-After and the request is sent again") {
  fake_clock clock;
  mock_transport mock = echo_items();
  mock.enqueue(too_many("7"));
  limited transport(mock, exact());
  test_client<> client(options_on(clock), {}, transport);
  // A POST that is not idempotent: a 429 was not acted on, so it goes again.
  CHECK(client.call(fleet_test::test_item{"a"}).provider_slug == "a");
  CHECK(mock.call_count() == 2);
  CHECK(slept(clock) == 7000ms);
  const auto stats = client.transport().stats();
  CHECK(stats.replies_429 == 1);
  CHECK(stats.resent == 1);
  CHECK(stats.sent == 2);
  // Every call of that class now waits out the pause, none of another class.
  auto& ledger = client.transport().ledger();
  ledger.pause("setup_tests", clock.hooks().now() + 5s);
  client.call(fleet_test::get_item{"b"});
  CHECK(slept(clock) == 7000ms);
  client.call(fleet_test::test_item{"c"});
  CHECK(slept(clock) == 12000ms);
}

TEST_CASE("decorator: without Retry-After a 429 pauses the class for the configured pause") {
  fake_clock clock;
  mock_transport mock = echo_items();
  mock.enqueue(too_many("")).enqueue(too_many("junk"));
  rate_budgets b = exact();
  b.pause_without_retry_after = 1500ms;
  test_client<> client(options_on(clock), {}, limited(mock, b));
  CHECK(client.call(fleet_test::get_item{"a"}).provider_slug == "a");
  CHECK(mock.call_count() == 3);
  CHECK(slept(clock) == 3000ms);
}

TEST_CASE("decorator: with no resends left the 429 reaches the client, and the pause stays") {
  fake_clock clock;
  mock_transport mock = echo_items();
  mock.enqueue(too_many("30")).enqueue(too_many("30"));
  rate_budgets b = exact();
  b.resends_after_429 = 1;
  test_client<> client(options_on(clock), {}, limited(mock, b));
  try {
    client.call(fleet_test::test_item{"a"});
    FAIL("expected a 429");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 429);
    CHECK(e.retry_after() == std::optional<std::chrono::seconds>(30s));
  }
  CHECK(mock.call_count() == 2);
  CHECK(slept(clock) == 30000ms);
  // The next call of the class waits for the pause the last 429 set.
  CHECK(client.call(fleet_test::test_item{"b"}).provider_slug == "b");
  CHECK(slept(clock) == 60000ms);
}

TEST_CASE("decorator: with both error policies, a 429 beyond the deadline is returned at once") {
  fake_clock clock;
  mock_transport mock = echo_items();
  mock.enqueue(too_many("3600"));
  test_client<plugboard::return_errors> client(options_on(clock), {}, limited(mock, exact()));
  plugboard::call_options short_call;
  short_call.timeout = 60s;
  const auto answer = client.call(fleet_test::get_item{"a"}, short_call);
  REQUIRE_FALSE(answer.ok());
  CHECK(answer.error().status() == 429);
  CHECK(clock.sleeps().empty());
  // The class stays paused: a call that cannot outlast the pause fails
  // before sending anything.
  const auto next = client.call(fleet_test::get_item{"b"}, short_call);
  REQUIRE_FALSE(next.ok());
  const auto* failure = next.error().as<plugboard::transport_error>();
  REQUIRE(failure != nullptr);
  CHECK(failure->failure() == plugboard::transport_failure::deadline);
  CHECK(std::string(failure->what()).find("'default'") != std::string::npos);
  CHECK(mock.call_count() == 1);
}

TEST_CASE("decorator: a budget wait that would outlast the deadline fails without sending") {
  fake_clock clock;
  mock_transport mock = echo_items();
  test_client<> client(options_on(clock), {}, limited(mock, exact({{1, 60000ms}})));
  client.call(fleet_test::get_item{"a"});
  plugboard::call_options short_call;
  short_call.timeout = 5s;
  try {
    client.call(fleet_test::get_item{"b"}, short_call);
    FAIL("expected a deadline");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == plugboard::transport_failure::deadline);
  }
  CHECK(mock.call_count() == 1);
  CHECK(clock.sleeps().empty());
}

TEST_CASE("decorator: a canceled call stops waiting for its budget and sends nothing") {
  fake_clock clock;
  mock_transport mock = echo_items();
  test_client<> client(options_on(clock), {}, limited(mock, exact({{1, 60000ms}})));
  client.call(fleet_test::get_item{"a"});
  plugboard::cancellation_source stop;
  plugboard::call_options call;
  call.cancel = stop.token();
  // Canceled by the caller once the call is seen waiting.
  call.on_budget_wait = [&](bool waiting) {
    if (waiting) stop.cancel();
  };
  try {
    client.call(fleet_test::get_item{"b"}, call);
    FAIL("expected a cancellation");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == plugboard::transport_failure::canceled);
  }
  CHECK(mock.call_count() == 1);
  CHECK(slept(clock) < 60000ms);
  // Canceled before it starts: nothing is sent, whatever the budget.
  mock_transport other = echo_items();
  test_client<> unlimited(options_on(clock), {}, limited(other, exact()));
  plugboard::call_options canceled;
  canceled.cancel = stop.token();
  CHECK_THROWS_AS(unlimited.call(fleet_test::get_item{"c"}, canceled), plugboard::transport_error);
  CHECK(other.call_count() == 0);
}

TEST_CASE("decorator: X-Rate-Limit-Remaining and -Reset hold the class's tokens") {
  fake_clock clock;
  mock_transport mock;
  plugboard::response low;
  low.status = 200;
  low.headers.set("Content-Type", "application/json");
  low.headers.set("X-Rate-Limit-Remaining", "0");
  low.headers.set("X-Rate-Limit-Reset", "30");
  low.body = fleet_test::item_json("a");
  mock.enqueue(low);
  plugboard::response github = low;
  github.headers = {};
  github.headers.set("Content-Type", "application/json");
  github.headers.set("X-RateLimit-Remaining", "0");
  // A Unix time (GitHub's form): 2026-01-01T00:00:45Z, 45 s after the fake clock's start.
  github.headers.set("X-RateLimit-Reset", "1767225645");
  mock.enqueue(github);
  mock.enqueue(low);
  rate_budgets b = exact();
  b.classes["setup_tests"].limits = {{100, 3600s}};
  test_client<> client(options_on(clock), {}, limited(mock, b));
  client.call(fleet_test::test_item{"a"});
  client.call(fleet_test::test_item{"a"});
  CHECK(slept(clock) == 30000ms);
  client.call(fleet_test::test_item{"a"});
  CHECK(slept(clock) == 45000ms);
  // The "default" class has no limit, so the headers of its replies,
  // counting its own budget, pause it until the reset.
  mock.enqueue(low);
  mock.route(
      plugboard::method::get, "/items/x",
      plugboard::response{200, {{"Content-Type", "application/json"}}, fleet_test::item_json("x")});
  client.call(fleet_test::get_item{"x"});
  client.call(fleet_test::get_item{"x"});
  CHECK(slept(clock) == 75000ms);
}

TEST_CASE(
    "Fivetran's published budgets: 250 setup tests a minute, which are also source interactions") {
  namespace api = plugboard::fivetran::api::endpoints;
  static_assert(plugboard::endpoint_traits<api::run_connection_setup_tests>::budget_class ==
                "setup_tests");
  static_assert(plugboard::endpoint_traits<api::reload_connection_schema_config>::budget_class ==
                "source_interaction");
  static_assert(
      plugboard::endpoint_traits<plugboard::fivetran::endpoints::run_setup_tests>::budget_class ==
      "setup_tests");
  static_assert(plugboard::endpoint_traits<api::connection_details>::budget_class == "default");

  const rate_budgets paid = plugboard::fivetran::published_rate_budgets();
  rate_ledger ledger(paid);
  for (int i = 0; i < 250; ++i) REQUIRE_FALSE(ledger.try_acquire("setup_tests", t0).has_value());
  // The 251st waits for the first token of the minute (with the margin).
  CHECK(ledger.try_acquire("setup_tests", t0) == t0 + 61200ms);
  CHECK(ledger.available("source_interaction", t0) == 250);
  CHECK(ledger.available("default", t0) == 19750);

  rate_ledger trial(
      plugboard::fivetran::published_rate_budgets(plugboard::fivetran::account_plan::trial));
  // 50 setup tests an hour, but only 25 source interactions a minute.
  CHECK(trial.available("setup_tests", t0) == 25);
  CHECK(trial.available("source_interaction", t0) == 25);
  CHECK(trial.available("default", t0) == 500);

  // Overridable: an older page's limit of 5,000 requests an hour.
  rate_budgets older = paid;
  older.every_request = {{5000, 3600s}};
  CHECK(rate_ledger(older).available("default", t0) == 5000);
}

TEST_CASE("Fivetran: the rate-limited transport keeps a client's calls in the published budgets") {
  fake_clock clock;
  mock_transport mock;
  mock.route([](const plugboard::request&) -> std::optional<plugboard::response> {
    return plugboard::response{
        200, {{"Content-Type", "application/json"}}, R"({"code":"Success","data":{"id":"c1"}})"};
  });
  rate_budgets budgets = plugboard::fivetran::published_rate_budgets();
  budgets.classes["setup_tests"].limits = {{2, 60000ms}};  // overridden, to keep the test short
  using fivetran_limited = plugboard::rate_limited_transport<mock_transport>;
  plugboard::basic_client<fivetran_limited, plugboard::no_auth, plugboard::json_serializer> client(
      options_on(clock), {}, fivetran_limited(mock, budgets));
  plugboard::fivetran::endpoints::run_setup_tests test;
  test.connector_id = "c1";
  client.call(test);
  client.call(test);
  CHECK(clock.sleeps().empty());
  client.call(test);
  CHECK(slept(clock) == 61200ms);
  // The default-constructed Fivetran transport carries the published budgets.
  plugboard::fivetran::rate_limited_http published;
  CHECK(published.ledger().available("setup_tests", t0) == 250);
}

TEST_CASE("Fivetran: creating or modifying with setup tests draws from the setup-test budget") {
  namespace api = plugboard::fivetran::api::endpoints;
  fake_clock clock;
  mock_transport mock;
  mock.route([](const plugboard::request&) -> std::optional<plugboard::response> {
    return plugboard::response{
        201,
        {{"Content-Type", "application/json"}},
        R"({"code":"Success","data":{"id":"c1","group_id":"g1","service":"postgres",
          "service_version":1,"schema":"pg","paused":false,"pause_after_trial":false,
          "sync_frequency":360,"schedule_type":"auto","data_delay_sensitivity":"NORMAL",
          "created_at":"2026-01-01T00:00:00Z","status":{"setup_state":"connected",
          "sync_state":"scheduled","update_state":"on_schedule","is_historical_sync":false}}})"};
  });
  rate_budgets budgets = exact();
  budgets.classes["setup_tests"].limits = {{1, 60000ms}};
  plugboard::basic_client<limited, plugboard::no_auth, plugboard::json_serializer> client(
      options_on(clock), {}, limited(mock, budgets));

  api::create_connection create;
  create.body.group_id = "g1";
  create.body.service = "postgres";
  CHECK(create.call_budget_class() == "setup_tests");  // the API runs them unless told not to
  client.call(create);
  create.body.run_setup_tests = false;
  CHECK(create.call_budget_class() == "default");
  client.call(create);
  CHECK(clock.sleeps().empty());

  api::modify_connection pause;
  pause.connection_id = "c1";
  pause.body.paused = true;
  CHECK(pause.call_budget_class() == "default");
  client.call(pause);
  CHECK(clock.sleeps().empty());

  // The second setup-test call of the minute waits for the first's token.
  api::modify_connection retest = pause;
  retest.body.run_setup_tests = true;
  client.call(retest);
  CHECK(slept(clock) == 60000ms);

  // The hand-written seed descriptors decide the same way.
  plugboard::fivetran::endpoints::create_connector seed;
  CHECK(seed.call_budget_class() == "setup_tests");
  seed.body.run_setup_tests = false;
  CHECK(seed.call_budget_class() == "default");
  plugboard::fivetran::endpoints::modify_connector seed_modify;
  CHECK(seed_modify.call_budget_class() == "default");
  seed_modify.body.run_setup_tests = true;
  CHECK(seed_modify.call_budget_class() == "setup_tests");
  CHECK(mock.requests().size() == 4);
}
