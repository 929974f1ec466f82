// SPDX-License-Identifier: MIT
// The bulk executor over mock_transport: results in input order, each item
// called once, both error policies, heterogeneous batches, cancellation
// mid-batch and during a budget wait, batch and item deadlines, a 429 storm
// through rate_limited_transport, progress; futures (and, in C++20,
// awaitables) over the same executor. Runs threads: label "concurrency".
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "plugboard/auth/no_auth.hpp"
#include "plugboard/bulk/executor.hpp"
#include "plugboard/bulk/futures.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "plugboard/transport/rate_limited.hpp"
#include "support/fleet_endpoints.hpp"

using namespace std::chrono_literals;
using plugboard::batch_options;
using plugboard::bulk_executor;
using plugboard::item_status;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;

namespace {

template <class Transport = mock_transport, class Errors = plugboard::throw_errors>
using test_client =
    plugboard::basic_client<Transport, plugboard::no_auth, plugboard::json_serializer,
                            plugboard::no_retry, Errors>;

plugboard::response json_reply(int status, std::string body) {
  return plugboard::response{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

// The item id in /items/{id}...
std::string item_of(const plugboard::request& req) {
  const std::string path(req.path());
  const auto start = std::string("/items/").size();
  return path.substr(start, path.find('/', start) - start);
}

// Answers /items/{id}...: 404 for ids starting "missing", the item otherwise.
// Counts the 200s per id.
struct echo_server {
  mock_transport mock;
  std::shared_ptr<std::mutex> mutex = std::make_shared<std::mutex>();
  std::shared_ptr<std::map<std::string, int>> answered =
      std::make_shared<std::map<std::string, int>>();

  echo_server() {
    mock.record(false);
    mock.route([m = mutex,
                a = answered](const plugboard::request& req) -> std::optional<plugboard::response> {
      const std::string id = item_of(req);
      if (id.rfind("missing", 0) == 0) return json_reply(404, R"({"detail":"Not Found"})");
      std::lock_guard<std::mutex> lock(*m);
      ++(*a)[id];
      return json_reply(200, fleet_test::item_json(id));
    });
  }
  int answers(const std::string& id) const {
    std::lock_guard<std::mutex> lock(*mutex);
    const auto found = answered->find(id);
    return found == answered->end() ? 0 : found->second;
  }
  std::size_t distinct() const {
    std::lock_guard<std::mutex> lock(*mutex);
    return answered->size();
  }
};

std::vector<fleet_test::get_item> items(int n, const std::string& prefix = "i") {
  std::vector<fleet_test::get_item> out;
  for (int i = 0; i < n; ++i) out.push_back({fleet_test::numbered(prefix, i)});
  return out;
}

plugboard::client_options options_on(const fake_clock& clock) {
  plugboard::client_options o("http://svc.test");
  o.clock = clock.hooks();
  return o;
}

}  // namespace

TEST_CASE("a batch ends every item in input order, each called exactly once") {
  echo_server server;
  test_client<> client("http://svc.test", {}, server.mock);
  bulk_executor executor(8);
  auto done = executor.run(client, items(300));
  REQUIRE(done.items.size() == 300);
  for (int i = 0; i < 300; ++i) {
    REQUIRE(done.items[i].ok());
    CHECK(done.items[i]->provider_slug == fleet_test::numbered("i", i));
    CHECK(server.answers(fleet_test::numbered("i", i)) == 1);
  }
  CHECK(server.mock.call_count() == 300);
  CHECK(done.report.counts.succeeded == 300);
  CHECK(done.report.counts.failed == 0);
  CHECK(done.report.counts.finished());
  CHECK(done.report.not_started.empty());
}

TEST_CASE("failures are results, with either error policy: nothing escapes, nothing is lost") {
  echo_server server;
  std::vector<fleet_test::get_item> calls = items(40);
  for (int i = 0; i < 40; i += 4) calls[i].id = fleet_test::numbered("missing", i);
  calls[7].id.clear();  // refused before sending (usage_error)

  const auto check = [&](const auto& done) {
    REQUIRE(done.items.size() == 40);
    for (int i = 0; i < 40; ++i) {
      CAPTURE(i);
      if (i == 7) {
        REQUIRE_FALSE(done.items[i].ok());
        CHECK(done.items[i].error().kind() == plugboard::error_kind::usage);
      } else if (i % 4 == 0) {
        REQUIRE_FALSE(done.items[i].ok());
        CHECK(done.items[i].error().status() == 404);
        CHECK_THROWS_AS(done.items[i].value(), plugboard::api_error);
      } else {
        REQUIRE(done.items[i].ok());
        CHECK(done.items[i]->provider_slug == fleet_test::numbered("i", i));
      }
    }
    CHECK(done.report.counts.failed == 11);
    CHECK(done.report.counts.succeeded == 29);
  };
  bulk_executor executor(4);
  test_client<mock_transport, plugboard::throw_errors> throwing("http://svc.test", {}, server.mock);
  check(executor.run(throwing, calls));
  test_client<mock_transport, plugboard::return_errors> returning("http://svc.test", {},
                                                                  server.mock);
  check(executor.run(returning, calls));
  // 39 sent per run: the empty id never left.
  CHECK(server.mock.call_count() == 78);
}

TEST_CASE("a batch mixes descriptors and clients; each slot has its own type") {
  echo_server server;
  mock_transport providers;
  providers.route(plugboard::method::get, "/v1/admin/connector-providers/github",
                  json_reply(200, R"({"data":{"provider_slug":"github"}})"));
  test_client<> fleet("http://svc.test", {}, server.mock);
  test_client<mock_transport, plugboard::return_errors> catalogue("http://providers.test", {},
                                                                  providers);
  plugboard::batch work;
  auto a = work.add(fleet, fleet_test::get_item{"a"});
  auto t = work.add(fleet, fleet_test::test_item{"t"});
  auto g = work.add(catalogue, plugboard::providers::endpoints::get{"github"});
  auto m = work.add(fleet, fleet_test::reload_item{"missing-r"});
  bulk_executor executor(2);
  const auto report = executor.run(work);
  CHECK(work[a]->provider_slug == "a");
  CHECK(work[t]->provider_slug == "t");
  CHECK(work[g]->provider_slug == "github");
  CHECK(work[m].error().status() == 404);
  CHECK(work.status(1) == item_status::succeeded);
  CHECK(work.status(3) == item_status::failed);
  CHECK(work.operation(3) == "reload_item");
  REQUIRE(work.error(3) != nullptr);
  CHECK(work.error(0) == nullptr);
  CHECK(report.counts.succeeded == 3);
  // Once only.
  CHECK_THROWS_AS(executor.run(work), plugboard::usage_error);
  CHECK_THROWS_AS(work.add(fleet, fleet_test::get_item{"late"}), plugboard::usage_error);
}

TEST_CASE("cancellation mid-batch: nothing starts after it, and the report names what never did") {
  echo_server server;
  plugboard::cancellation_source stop;
  mock_transport canceling;
  std::atomic<int> served{0};
  canceling.route([&](const plugboard::request& req) -> std::optional<plugboard::response> {
    if (++served == 10) stop.cancel();
    return json_reply(200, fleet_test::item_json(item_of(req)));
  });
  test_client<> client("http://svc.test", {}, canceling);
  batch_options options;
  options.cancel = stop.token();

  SUBCASE("one at a time: exactly the items after the tenth") {
    options.parallel = 1;
    bulk_executor executor(1);
    auto done = executor.run(client, items(50), options);
    CHECK(served == 10);
    CHECK(done.report.counts.succeeded == 10);
    CHECK(done.report.counts.not_started == 40);
    REQUIRE(done.report.not_started.size() == 40);
    CHECK(done.report.not_started.front() == 10);
    CHECK(done.report.not_started.back() == 49);
    const auto* why = done.items[10].error().as<plugboard::transport_error>();
    REQUIRE(why != nullptr);
    CHECK(why->failure() == plugboard::transport_failure::canceled);
  }
  SUBCASE("eight at a time: what started ended, the rest is reported, none ran twice") {
    options.parallel = 8;
    bulk_executor executor(8);
    auto done = executor.run(client, items(400), options);
    const auto& counts = done.report.counts;
    CHECK(counts.finished());
    // Every item sent was answered 200 and succeeded. An item that started
    // just before the cancellation may still be stopped by the client before
    // it sends: it fails as canceled, and was not served.
    CHECK(static_cast<std::size_t>(served.load()) == counts.succeeded);
    CHECK(counts.not_started == done.report.not_started.size());
    CHECK(counts.not_started > 0);
    for (const auto& item : done.items) {
      if (item.ok()) continue;
      const auto* why = item.error().as<plugboard::transport_error>();
      REQUIRE(why != nullptr);
      CHECK(why->failure() == plugboard::transport_failure::canceled);
    }
    for (std::size_t i : done.report.not_started) CHECK_FALSE(done.items[i].ok());
  }
}

TEST_CASE("a canceled batch stops an item waiting for its budget; it sends nothing") {
  // A clock whose time moves only a little per wait, so an item waits for
  // its budget until the cancellation, which the progress callback makes
  // as soon as it sees an item waiting.
  fake_clock time;
  plugboard::clock_hooks slow = time.hooks();
  slow.sleep = [time](std::chrono::milliseconds d) mutable {
    std::this_thread::sleep_for(1ms);
    time.advance(d / 10);
  };
  plugboard::client_options options("http://svc.test");
  options.clock = slow;
  echo_server server;
  plugboard::rate_budgets budgets;
  budgets.every_request = {{1, 60s}};
  using limited = plugboard::rate_limited_transport<mock_transport>;
  test_client<limited> client(options, {}, limited(server.mock, budgets));

  plugboard::cancellation_source stop;
  batch_options run;
  run.parallel = 1;
  run.item_timeout = 600s;
  run.cancel = stop.token();
  std::vector<plugboard::batch_progress> seen;
  const auto caller = std::this_thread::get_id();
  bool always_on_caller = true;
  run.on_progress = [&](const plugboard::batch_progress& p) {
    always_on_caller = always_on_caller && std::this_thread::get_id() == caller;
    seen.push_back(p);
    if (p.waiting_on_budget > 0) stop.cancel();
  };
  bulk_executor executor(1);
  auto done = executor.run(client, items(5), run);
  CHECK(always_on_caller);
  CHECK(server.mock.call_count() == 1);
  REQUIRE(done.items[0].ok());
  const auto* waited = done.items[1].error().as<plugboard::transport_error>();
  REQUIRE(waited != nullptr);
  CHECK(waited->failure() == plugboard::transport_failure::canceled);
  CHECK(done.report.counts.failed == 1);
  CHECK(done.report.not_started == std::vector<std::size_t>{2, 3, 4});
  bool saw_waiting = false;
  for (const auto& p : seen) saw_waiting = saw_waiting || p.waiting_on_budget == 1;
  CHECK(saw_waiting);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.back() == done.report.counts);
  CHECK(seen.back().waiting_on_budget == 0);
  CHECK(seen.back().in_flight == 0);
}

TEST_CASE("the batch deadline: no item starts after it, and each call ends by it") {
  fake_clock clock;
  mock_transport slow;
  std::vector<std::chrono::milliseconds> timeouts;
  std::mutex mutex;
  // Each answer takes a second of the fake clock.
  slow.route([&](const plugboard::request& req) -> std::optional<plugboard::response> {
    std::lock_guard<std::mutex> lock(mutex);
    timeouts.push_back(req.timeout);
    clock.advance(1s);
    return json_reply(200, fleet_test::item_json(item_of(req)));
  });
  test_client<> client(options_on(clock), {}, slow);
  batch_options options;
  options.parallel = 1;
  options.timeout = 5500ms;
  options.item_timeout = 2s;
  bulk_executor executor(1);
  auto done = executor.run(client, items(10), options);
  CHECK(done.report.counts.succeeded == 6);
  CHECK(done.report.not_started == std::vector<std::size_t>{6, 7, 8, 9});
  CHECK(done.items[9].error().as<plugboard::transport_error>()->failure() ==
        plugboard::transport_failure::deadline);
  // Each item's own timeout, until the batch's deadline is nearer.
  CHECK(timeouts == std::vector<std::chrono::milliseconds>{2s, 2s, 2s, 2s, 1500ms, 500ms});
  CHECK(done.report.elapsed == 6s);
}

TEST_CASE("a 429 storm through the rate-limited transport: every item once, none lost") {
  echo_server server;
  std::atomic<int> storm{30};
  mock_transport stormy;
  stormy.route([&](const plugboard::request& req) -> std::optional<plugboard::response> {
    if (storm.fetch_sub(1) > 0) {
      auto r = json_reply(429, R"({"code":"TooManyRequests"})");
      r.headers.set("Retry-After", "1");
      return r;
    }
    return server.mock.send(req);
  });
  fake_clock clock;
  using limited = plugboard::rate_limited_transport<mock_transport>;
  plugboard::rate_budgets budgets;
  budgets.resends_after_429 = 100;
  plugboard::client_options options = options_on(clock);
  options.call_timeout = 24h;  // every thread's waits move the one fake clock
  test_client<limited> client(options, {}, limited(stormy, budgets));
  plugboard::batch work;
  for (int i = 0; i < 120; ++i) {
    const std::string id = fleet_test::numbered("s", i);
    if (i % 3 == 0) {
      work.add(client, fleet_test::test_item{id});
    } else if (i % 3 == 1) {
      work.add(client, fleet_test::reload_item{id});
    } else {
      work.add(client, fleet_test::get_item{id});
    }
  }
  bulk_executor executor(8);
  const auto report = executor.run(work);
  CHECK(report.counts.succeeded == 120);
  for (int i = 0; i < 120; ++i) CHECK(server.answers(fleet_test::numbered("s", i)) == 1);
  const auto stats = client.transport().stats();
  CHECK(stats.replies_429 == 30);
  CHECK(stats.resent == 30);
  CHECK(stats.sent == 150);
}

TEST_CASE("a progress callback that throws is not called again; run() throws it at the end") {
  echo_server server;
  test_client<> client("http://svc.test", {}, server.mock);
  batch_options options;
  int calls = 0;
  options.on_progress = [&](const plugboard::batch_progress&) {
    ++calls;
    throw std::runtime_error("progress display failed");
  };
  bulk_executor executor(4);
  plugboard::batch work;
  for (int i = 0; i < 30; ++i) work.add(client, fleet_test::get_item{fleet_test::numbered("p", i)});
  CHECK_THROWS_AS(executor.run(work, options), std::runtime_error);
  CHECK(calls == 1);
  // Every item still ran, once.
  for (std::size_t i = 0; i < work.size(); ++i) CHECK(work.status(i) == item_status::succeeded);
  CHECK(server.distinct() == 30);
}

TEST_CASE("run_batch: the one-off form, with per-call options for every item") {
  echo_server server;
  test_client<> client("http://svc.test", {}, server.mock);
  plugboard::call_options each;
  each.headers.set("X-Batch", "b1");
  batch_options options;
  options.parallel = 3;
  auto done = plugboard::run_batch(client, items(20), options, each);
  CHECK(done.report.counts.succeeded == 20);
  CHECK(server.distinct() == 20);
  CHECK(plugboard::run_batch(client, std::vector<fleet_test::get_item>{}).items.empty());
  options.parallel = 0;
  CHECK_THROWS_AS(plugboard::run_batch(client, items(2), options), plugboard::usage_error);
}

TEST_CASE("run() from one of the executor's own workers is refused, not a deadlock") {
  echo_server server;
  test_client<> client("http://svc.test", {}, server.mock);
  bulk_executor executor(2);
  auto inner = executor.submit([&] { return executor.run(client, items(3)).items.size(); });
  CHECK_THROWS_AS(inner.get(), plugboard::usage_error);
  CHECK_THROWS_AS(bulk_executor(0), plugboard::usage_error);
}

TEST_CASE("futures: the non-blocking call, with each error policy") {
  echo_server server;
  bulk_executor executor(4);
  test_client<> throwing("http://svc.test", {}, server.mock);
  test_client<mock_transport, plugboard::return_errors> returning("http://svc.test", {},
                                                                  server.mock);
  std::vector<std::future<fleet_test::provider>> pending;
  for (int i = 0; i < 50; ++i) {
    pending.push_back(plugboard::async_call(executor, throwing,
                                            fleet_test::get_item{fleet_test::numbered("f", i)}));
  }
  for (int i = 0; i < 50; ++i)
    CHECK(pending[i].get().provider_slug == fleet_test::numbered("f", i));
  auto missing = plugboard::async_call(executor, throwing, fleet_test::get_item{"missing"});
  CHECK_THROWS_AS(missing.get(), plugboard::api_error);
  auto as_result = plugboard::async_call(executor, returning, fleet_test::get_item{"missing"});
  static_assert(std::is_same_v<decltype(as_result.get()), plugboard::result<fleet_test::provider>>);
  CHECK(as_result.get().error().status() == 404);
  // Any call, a facade method too.
  auto any =
      executor.submit([&] { return throwing.call(fleet_test::get_item{"x"}).provider_slug; });
  CHECK(any.get() == "x");
  CHECK(server.answers("f0") == 1);
}

#ifdef PLUGBOARD_HAS_COROUTINES
namespace {

// The smallest coroutine type that can co_await: starts at once, reports
// its end through a promise.
struct detached {
  struct promise_type {
    detached get_return_object() noexcept { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() noexcept {}
    void unhandled_exception() noexcept { std::terminate(); }
  };
};

// g++ 12 mishandles a temporary of a class type (a descriptor, a string)
// created inside a co_await expression: the awaitables are made beforehand.
template <class Client, class Errors>
detached fetch_two(bulk_executor& executor, Client& client, std::promise<std::string>& out) {
  const fleet_test::get_item present{"c1"};
  const fleet_test::get_item absent{"missing"};
  auto first_call = plugboard::co_call(executor, client, present);
  auto first = co_await first_call;
  std::string text;
  auto second_call = plugboard::co_call(executor, client, absent);
  if constexpr (std::is_same_v<Errors, plugboard::return_errors>) {
    text = first->provider_slug;
    auto second = co_await second_call;
    text.append(second.ok() ? " ok" : " ")
        .append(second.ok() ? "" : std::to_string(second.error().status()));
  } else {
    text = first.provider_slug;
    try {
      co_await second_call;
    } catch (const plugboard::api_error& e) {
      text.append(" ").append(std::to_string(e.status()));
    }
  }
  out.set_value(text);
}

}  // namespace

TEST_CASE("awaitables (C++20): co_await a call on the executor, with each error policy") {
  echo_server server;
  bulk_executor executor(2);
  test_client<> throwing("http://svc.test", {}, server.mock);
  test_client<mock_transport, plugboard::return_errors> returning("http://svc.test", {},
                                                                  server.mock);
  std::promise<std::string> a;
  std::promise<std::string> b;
  fetch_two<decltype(throwing), plugboard::throw_errors>(executor, throwing, a);
  fetch_two<decltype(returning), plugboard::return_errors>(executor, returning, b);
  auto fa = a.get_future();
  auto fb = b.get_future();
  REQUIRE(fa.wait_for(30s) == std::future_status::ready);
  REQUIRE(fb.wait_for(30s) == std::future_status::ready);
  CHECK(fa.get() == "c1 404");
  CHECK(fb.get() == "c1 404");
}
#endif
