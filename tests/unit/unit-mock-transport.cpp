// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <optional>
#include <thread>
#include <vector>

#include "plugboard/testing/mock_transport.hpp"
#include "plugboard/testing/recording_transport.hpp"

using plugboard::method;
using plugboard::request;
using plugboard::response;
using plugboard::testing::mock_transport;

namespace {
request make(method m, std::string target) {
  request r;
  r.verb = m;
  r.origin = "http://h";
  r.target = std::move(target);
  return r;
}
}  // namespace

TEST_CASE("queued answers come first, in order, then routes") {
  mock_transport mock;
  mock.enqueue_json(201, "{}").enqueue_failure(plugboard::transport_failure::connect);
  mock.route(method::get, "/ping", response{200, {}, "pong"});
  CHECK(mock.send(make(method::post, "/a")).status == 201);
  CHECK_THROWS_AS(mock.send(make(method::get, "/b")), plugboard::transport_error);
  CHECK(mock.send(make(method::get, "/ping?x=1")).body == "pong");
  CHECK_THROWS_AS(mock.send(make(method::post, "/ping")), plugboard::transport_error);
  CHECK(mock.call_count() == 4);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 4);
  CHECK(sent[2].target == "/ping?x=1");
  CHECK(mock.last_request().verb == method::post);
}

TEST_CASE("copies share state, and recording can be turned off") {
  mock_transport a;
  mock_transport b = a;
  b.enqueue_json(200, "{}");
  CHECK(a.pending() == 1);
  a.record(false);
  b.send(make(method::get, "/x"));
  CHECK(a.requests().empty());
  CHECK(a.call_count() == 1);
  a.clear();
  CHECK(b.call_count() == 0);
  CHECK_THROWS_AS(b.last_request(), std::logic_error);
}

TEST_CASE("routes can be general predicates, and the mock is thread-safe") {
  mock_transport mock;
  mock.route([](const request& r) -> std::optional<response> {
    return response{200, {}, std::string(r.path())};
  });
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const auto path = "/t" + std::to_string(t) + "/" + std::to_string(i);
        CHECK(mock.send(make(method::get, path)).body == path);
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(mock.call_count() == 400);
}

TEST_CASE("recording_transport forwards and remembers every exchange") {
  mock_transport inner;
  inner.enqueue_json(200, "{}").enqueue_failure(plugboard::transport_failure::read);
  plugboard::testing::recording_transport<mock_transport> rec(inner);
  CHECK(rec.send(make(method::get, "/a")).status == 200);
  CHECK_THROWS_AS(rec.send(make(method::get, "/b")), plugboard::transport_error);
  const auto log = rec.exchanges();
  REQUIRE(log.size() == 2);
  CHECK(log[0].received->status == 200);
  CHECK(log[1].failure->failure() == plugboard::transport_failure::read);
  CHECK(log[1].sent.target == "/b");
}
