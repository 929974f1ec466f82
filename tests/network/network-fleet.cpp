// SPDX-License-Identifier: MIT
// The bulk executor against a server, in a process of its own, that closes
// and resets connections (tests/network/hostile_server.py, over plain HTTP
// and TLS): every item ends with a value or an error, in input order; a
// read is sent again as its retry policy says, a write never twice.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/auth/no_auth.hpp"
#include "plugboard/bulk/executor.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/retry.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/transport/http.hpp"
#include "support/hostile_server.hpp"

namespace fleet_network {

constexpr plugboard::endpoint_defaults defaults_for_endpoints(const void*) noexcept {
  return {"hostile"};
}

// /{scenario}/{id}: a GET is idempotent, so a lost answer is asked for
// again; a POST may have been acted on, so it is never sent twice.
template <plugboard::method Verb>
struct item_call {
  std::string scenario;
  std::string id;

  static constexpr std::string_view operation =
      Verb == plugboard::method::get ? "read_item" : "write_item";
  static constexpr plugboard::method verb = Verb;
  static constexpr std::string_view path = "/{scenario}/{id}";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("scenario", &item_call::scenario),
                                 plugboard::path_param("id", &item_call::id));
  }
  using result = plugboard::json;
};
using read_item = item_call<plugboard::method::get>;
using write_item = item_call<plugboard::method::post>;

}  // namespace fleet_network

namespace {

using namespace std::chrono_literals;
using network_test::for_http_and_tls;
using network_test::server;

using retrying_client =
    plugboard::basic_client<plugboard::http_transport, plugboard::no_auth,
                            plugboard::json_serializer, plugboard::backoff_retry>;

retrying_client client_of(const network_test::hostile& s) {
  plugboard::client_options options(s.origin);
  options.call_timeout = 20s;
  plugboard::backoff_retry quick;
  quick.jitter = 0;
  quick.initial_interval = 10ms;
  return retrying_client(options, {}, plugboard::http_transport(s.options()), quick);
}

constexpr std::size_t items = 24;

// "close-plain-r3": the item's id; every third item's connection is reset,
// the others closed politely (FIN, and close_notify over TLS).
std::string dropped_id(std::string_view run, std::size_t i) {
  std::string id(i % 3 == 0 ? "reset-" : "close-");
  id.append(run).append(std::to_string(i));
  return id;
}

}  // namespace

TEST_CASE("a batch against a server that drops connections: reads sent again, writes once") {
  for_http_and_tls([](bool tls) {
    const auto& s = server(tls);
    auto client = client_of(s);
    plugboard::bulk_executor executor(6);
    const std::string run = tls ? "tls-" : "plain-";

    // The first request of every item loses its connection; the retry
    // policy sends each GET again, once, and every answer is the item's.
    std::vector<fleet_network::read_item> reads;
    for (std::size_t i = 0; i < items; ++i) {
      reads.push_back({"drop-first", dropped_id(run + "r", i)});
    }
    const auto read = executor.run(client, reads);
    CHECK(read.report.counts.succeeded == items);
    REQUIRE(read.items.size() == items);
    for (std::size_t i = 0; i < items; ++i) {
      CAPTURE(i);
      REQUIRE(read.items[i].ok());
      const std::string id = dropped_id(run + "r", i);
      CHECK(read.items[i].value().at("id") == id);
      CHECK(s.received("/drop-first/" + id) == 2);
    }

    // A POST whose connection was lost may have been acted on: each ends
    // as a transport error saying so, in its own slot, and was sent once.
    // Every fourth item goes to a well-behaved path and succeeds.
    std::vector<fleet_network::write_item> writes;
    for (std::size_t i = 0; i < items; ++i) {
      if (i % 4 == 0) {
        writes.push_back({"ok", run + "w" + std::to_string(i)});
      } else {
        writes.push_back({"drop-first", dropped_id(run + "w", i)});
      }
    }
    const auto written = executor.run(client, writes);
    CHECK(written.report.counts.succeeded == items / 4);
    CHECK(written.report.counts.failed == items - items / 4);
    CHECK(written.report.not_started.empty());
    for (std::size_t i = 0; i < items; ++i) {
      CAPTURE(i);
      const auto target = "/" + writes[i].scenario + "/" + writes[i].id;
      CHECK(s.received(target) == 1);
      if (i % 4 == 0) {
        CHECK(written.items[i].ok());
        continue;
      }
      REQUIRE_FALSE(written.items[i].ok());
      const auto* lost = written.items[i].error().as<plugboard::transport_error>();
      REQUIRE(lost != nullptr);
      CHECK(lost->request_may_have_been_sent());
    }
  });
}

TEST_CASE("a batch over connections the server closes after every answer loses nothing") {
  for_http_and_tls([](bool tls) {
    const auto& s = server(tls);
    auto client = client_of(s);
    plugboard::bulk_executor executor(8);
    const std::string run = tls ? "tls-stale-" : "plain-stale-";

    // Each connection the pool keeps is closed by the server right after
    // its answer, so the next call on it finds it gone: the transport opens
    // a new one (or the retry policy sends the GET again).
    std::vector<fleet_network::read_item> reads;
    for (std::size_t i = 0; i < 3 * items; ++i) {
      reads.push_back({"answer-then-close", run + std::to_string(i)});
    }
    const auto read = executor.run(client, reads);
    CHECK(read.report.counts.succeeded == reads.size());
    for (std::size_t i = 0; i < reads.size(); ++i) {
      CAPTURE(i);
      REQUIRE(read.items[i].ok());
      CHECK(read.items[i].value().at("id") == reads[i].id);
      const int received = s.received("/answer-then-close/" + reads[i].id);
      CHECK(received >= 1);
      CHECK(received <= 2);
    }
  });
}
