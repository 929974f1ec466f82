// SPDX-License-Identifier: MIT
// Fleet scale over real HTTP: the bulk executor and rate_limited_transport
// against the sandbox's Fivetran fake in rate-limit mode. Counted at the
// sandbox: every item reached the fake exactly once (by its X-Request-Id),
// none was lost or sent twice, through a 429 storm, dropped connections,
// cancellation and both error policies. No assertion on speed (that is
// tests/benchmarks/); in the ThreadSanitizer build, no data race.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <future>
#include <map>
#include <string>
#include <vector>

#include "plugboard/bulk/executor.hpp"
#include "plugboard/bulk/futures.hpp"
#include "plugboard/fivetran/client.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/transport/rate_limited.hpp"
#include "support/fleet_fivetran.hpp"

using namespace std::chrono_literals;
namespace fivetran = plugboard::fivetran;
namespace sandbox = plugboard::sandbox;
using plugboard::batch_options;
using plugboard::bulk_executor;

namespace {

using limited_http = plugboard::rate_limited_transport<plugboard::http_transport>;
template <class... Policies>
using limited_client = fivetran::client<plugboard::with_transport<limited_http>, Policies...>;

// What the sandbox received, per X-Request-Id: admitted (reached the fake)
// and refused with 429.
struct received {
  std::map<std::string, int> admitted;
  std::map<std::string, int> refused;
};

received by_request_id(const sandbox::server& server) {
  received out;
  for (const auto& logged : server.requests()) {
    const std::string id(logged.headers.get("X-Request-Id"));
    if (id.empty()) continue;
    ++(logged.status == 429 ? out.refused : out.admitted)[id];
  }
  return out;
}

struct fleet {
  sandbox::server server;
  sandbox::fivetran_fake& fake;
  std::vector<std::string> ids;

  explicit fleet(int connectors = 20, sandbox::server_options options = {})
      : server(std::move(options)),
        fake(server.mount<sandbox::fivetran_fake>("/fivetran", fleet_test::fivetran_settings())),
        ids(fleet_test::add_connectors(fake, connectors)) {}

  plugboard::client_options options() const {
    plugboard::client_options o(server.url("/fivetran"));
    o.call_timeout = 120s;
    return o;
  }
  plugboard::basic_auth auth() const {
    return fivetran::api_key(fleet_test::fivetran_key, fleet_test::fivetran_secret);
  }
};

}  // namespace

TEST_CASE("mixed Fivetran calls within the server's budgets: each reaches the fake exactly once") {
  fleet f;
  f.server.limit_rate("/fivetran", fleet_test::fivetran_rate_mode(100, 25));
  limited_client<> client(
      f.options(), f.auth(),
      limited_http(plugboard::http_transport(), fleet_test::fivetran_budgets(100, 25)));
  constexpr std::size_t n = 240;
  plugboard::batch work;
  fleet_test::add_mixed_calls(work, client, f.ids, n);
  bulk_executor executor(8);
  const auto report = executor.run(work);

  CHECK(report.counts.succeeded == n);
  CHECK(report.counts.failed == 0);
  const auto seen = by_request_id(f.server);
  CHECK(seen.admitted.size() == n);
  bool each_once = true;
  for (std::size_t i = 0; i < n; ++i) {
    const auto found = seen.admitted.find(fleet_test::request_id(i));
    each_once = each_once && found != seen.admitted.end() && found->second == 1;
  }
  CHECK(each_once);
  const auto stats = client.core().transport().stats();
  CHECK(stats.replies_429 == f.server.rate_limited_count());
  CHECK(f.server.request_count() == n + f.server.rate_limited_count());
  MESSAGE(n << " calls, " << f.server.rate_limited_count() << " answered 429, " << stats.waits
            << " waited for a budget");
  // The client keeps to the budget; a few may still meet the window's edge.
  CHECK(f.server.rate_limited_count() <= n / 10);
}

TEST_CASE("a 429 storm: a client without budgets meets the server's, and nothing is lost") {
  fleet f;
  f.server.limit_rate("/fivetran", fleet_test::fivetran_rate_mode(40, 10));
  // No limits of its own: it learns them from 429s, pausing the class for
  // every worker at once, and resends (429 was not acted on, even for POST).
  plugboard::rate_budgets learn_only;
  learn_only.resends_after_429 = 50;
  limited_client<plugboard::return_errors> client(
      f.options(), f.auth(), limited_http(plugboard::http_transport(), learn_only));
  constexpr std::size_t n = 120;
  plugboard::batch work;
  fleet_test::add_mixed_calls(work, client, f.ids, n);
  bulk_executor executor(8);
  const auto report = executor.run(work);
  CHECK(report.counts.succeeded == n);
  const auto seen = by_request_id(f.server);
  CHECK(seen.admitted.size() == n);
  bool each_once = true;
  for (const auto& entry : seen.admitted) each_once = each_once && entry.second == 1;
  CHECK(each_once);
  const auto stats = client.core().transport().stats();
  CHECK(stats.replies_429 > 0);
  CHECK(stats.replies_429 == f.server.rate_limited_count());
  CHECK(stats.resent == stats.replies_429);
  MESSAGE(n << " calls met " << stats.replies_429 << " 429s");
}

TEST_CASE("a server that closes connections: reads are retried, writes fail once, none twice") {
  fleet f;
  plugboard::backoff_retry quick;
  quick.jitter = 0;
  quick.initial_interval = 10ms;
  fivetran::client<plugboard::with_retry<plugboard::backoff_retry>> client(
      f.options(), f.auth(), plugboard::http_transport(), quick);
  bulk_executor executor(8);

  // Four answers cut off mid-body: each GET is sent again.
  f.server.inject(sandbox::fault::drop_connection().times(4));
  std::vector<fivetran::endpoints::connector_details> reads;
  for (const auto& id : f.ids) reads.push_back({id});
  const auto read = executor.run(client, reads);
  CHECK(read.report.counts.succeeded == f.ids.size());
  CHECK(f.server.request_count() == f.ids.size() + 4);

  // Three cut off: a POST that may have been acted on is not sent again.
  f.server.clear_requests();
  f.server.inject(sandbox::fault::drop_connection().times(3));
  plugboard::batch writes;
  for (std::size_t i = 0; i < f.ids.size(); ++i) {
    fivetran::endpoints::sync_connector sync;
    sync.connector_id = f.ids[i];
    plugboard::call_options tagged;
    tagged.headers.set("X-Request-Id", fleet_test::request_id(i));
    writes.add(client, sync, tagged);
  }
  const auto written = executor.run(writes);
  CHECK(written.counts.failed == 3);
  CHECK(written.counts.succeeded == f.ids.size() - 3);
  for (std::size_t i = 0; i < writes.size(); ++i) {
    if (writes.status(i) != plugboard::item_status::failed) continue;
    const auto* broken = writes.error(i)->as<plugboard::transport_error>();
    REQUIRE(broken != nullptr);
    CHECK(broken->request_may_have_been_sent());
  }
  const auto seen = by_request_id(f.server);
  CHECK(seen.admitted.size() == f.ids.size());
  bool each_once = true;
  for (const auto& entry : seen.admitted) each_once = each_once && entry.second == 1;
  CHECK(each_once);
}

TEST_CASE("both error policies over HTTP: unknown connectors are errors in their slots") {
  fleet f(6);
  std::vector<fivetran::endpoints::connector_details> calls;
  for (const auto& id : f.ids) {
    calls.push_back({id});
    calls.push_back({"unknown-" + id});
  }
  const auto check = [&](const auto& done) {
    REQUIRE(done.items.size() == calls.size());
    for (std::size_t i = 0; i < calls.size(); ++i) {
      if (i % 2 == 0) {
        REQUIRE(done.items[i].ok());
        CHECK(done.items[i]->data.id == calls[i].connector_id);
      } else {
        REQUIRE_FALSE(done.items[i].ok());
        CHECK(done.items[i].error().status() == 404);
      }
    }
  };
  fivetran::client<> throwing(f.options(), f.auth());
  fivetran::client<plugboard::return_errors> returning(f.options(), f.auth());
  batch_options four;
  four.parallel = 4;
  check(plugboard::run_batch(throwing, calls, four));
  check(plugboard::run_batch(returning, calls, four));
}

TEST_CASE("cancellation mid-batch over HTTP: what never started never reached the server") {
  // Canceled by the server itself when the 25th request arrives.
  plugboard::cancellation_source stop;
  std::atomic<int> arrived{0};
  sandbox::server_options server_options;
  server_options.on_request = [&](const sandbox::logged_request&) {
    if (++arrived == 25) stop.cancel();
  };
  fleet f(20, server_options);
  fivetran::client<> client(f.options(), f.auth());
  batch_options options;
  options.parallel = 4;
  options.cancel = stop.token();
  plugboard::batch work;
  for (std::size_t i = 0; i < 400; ++i) {
    plugboard::call_options tagged;
    tagged.headers.set("X-Request-Id", fleet_test::request_id(i));
    work.add(client, fivetran::endpoints::connector_details{f.ids[i % f.ids.size()]}, tagged);
  }
  bulk_executor executor(4);
  const auto report = executor.run(work, options);
  CHECK(report.counts.finished());
  // The 25th and those already on the wire ended; no other started.
  CHECK(report.counts.succeeded >= 25);
  CHECK(report.counts.succeeded <= 25 + 4);
  CHECK(report.counts.not_started == 400 - report.counts.succeeded - report.counts.failed);
  CHECK(report.counts.not_started == report.not_started.size());
  // Succeeded: reached the server once. Not started, or canceled between
  // the executor starting it and the client sending it: never reached it.
  const auto seen = by_request_id(f.server);
  CHECK(seen.admitted.size() == report.counts.succeeded);
  for (std::size_t i = 0; i < work.size(); ++i) {
    const auto found = seen.admitted.find(fleet_test::request_id(i));
    if (work.status(i) == plugboard::item_status::succeeded) {
      CHECK((found != seen.admitted.end() && found->second == 1));
      continue;
    }
    CHECK(found == seen.admitted.end());
    const auto* why = work.error(i)->as<plugboard::transport_error>();
    REQUIRE(why != nullptr);
    CHECK(why->failure() == plugboard::transport_failure::canceled);
  }
}

TEST_CASE("futures over HTTP: many calls in flight on one client, each answer its own") {
  fleet f(30);
  fivetran::client<> client(f.options(), f.auth());
  bulk_executor executor(8);
  std::vector<std::future<fivetran::envelope<fivetran::connector>>> pending;
  for (const auto& id : f.ids) {
    pending.push_back(
        plugboard::async_call(executor, client, fivetran::endpoints::connector_details{id}));
  }
  for (std::size_t i = 0; i < pending.size(); ++i) {
    CHECK(pending[i].get().data.id == f.ids[i]);
  }
  CHECK(f.server.request_count() == f.ids.size());
}
