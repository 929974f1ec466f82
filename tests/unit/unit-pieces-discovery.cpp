// SPDX-License-Identifier: MIT
// pieces::discover() over mock_transport: the default range and legacy
// ports, the order of the steps (url option, environment, scan, legacy
// ports), the exact probe (HEAD /.well-known/health) and version call, which
// port wins, the bound on probes in flight, the error that lists every
// probe, and bad options refused before anything is sent. Real sockets:
// tests/network/network-pieces-discovery.cpp.
#include <doctest/doctest.h>
#include <stdlib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "plugboard/pieces/discovery.hpp"
#include "plugboard/testing/mock_transport.hpp"

using plugboard::method;
using plugboard::request;
using plugboard::response;
using plugboard::transport_error;
using plugboard::transport_failure;
using plugboard::testing::mock_transport;
namespace pieces = plugboard::pieces;

namespace {

// A variable no test sets: discovery's environment step finds nothing.
constexpr const char* unset_variable = "PLUGBOARD_TEST_DISCOVERY_UNSET";

pieces::discovery_options quiet_options() {
  pieces::discovery_options o;
  o.environment_variable = unset_variable;
  return o;
}

response text(int status, std::string body) {
  response r;
  r.status = status;
  r.headers.set("Content-Type", "text/plain; charset=utf-8");
  r.body = std::move(body);
  return r;
}

// Answers HEAD /.well-known/health per origin (`healthy` with 200, `sick`
// with 404, `silent` with a read timeout), refuses every other origin, and
// answers GET /.well-known/version with `version` (404 when empty).
mock_transport fake_network(std::set<std::string> healthy, std::set<std::string> sick = {},
                            std::set<std::string> silent = {}, std::string version = "5.0.3") {
  mock_transport mock;
  mock.route([=](const request& req) -> std::optional<response> {
    const std::string at = req.origin + std::string(req.path());
    if (req.verb == method::get && req.path().size() >= 20 &&
        req.path().substr(req.path().size() - 20) == "/.well-known/version") {
      return version.empty() ? text(404, "Route not found") : text(200, version);
    }
    if (healthy.count(at)) return text(200, "");
    if (sick.count(at)) return text(404, "Not Found");
    if (silent.count(at)) throw transport_error(transport_failure::deadline, "timed out");
    throw transport_error(transport_failure::connect, "could not connect (Connection refused)");
  });
  return mock;
}

std::string health(const std::string& base) { return base + "/.well-known/health"; }
std::string port_url(int port) { return "http://127.0.0.1:" + std::to_string(port); }

std::vector<std::string> probed(const mock_transport& mock) {
  std::vector<std::string> out;
  for (const auto& req : mock.requests()) {
    if (req.verb == method::head) out.push_back(req.origin + req.target);
  }
  return out;
}

}  // namespace

TEST_CASE("the defaults: ports 39300-39333 on 127.0.0.1, then 1000 and 5323, 50 + 100 ms") {
  const pieces::discovery_options o;
  CHECK(o.url.empty());
  CHECK(o.environment_variable == "PIECES_BASE_URL");
  CHECK(o.host == "127.0.0.1");
  CHECK(o.first_port == 39300);
  CHECK(o.last_port == 39333);
  CHECK(o.legacy_ports == std::vector<std::uint16_t>{1000, 5323});
  CHECK(o.connect_timeout == std::chrono::milliseconds(50));
  CHECK(o.health_timeout == std::chrono::milliseconds(100));
  CHECK(o.max_parallel == 34);
  CHECK(pieces::first_scanned_port == 39300);
  CHECK(pieces::last_scanned_port == 39333);
  CHECK(pieces::legacy_port_4x == 1000);
  CHECK(pieces::legacy_port_generated == 5323);
}

TEST_CASE("nothing found with the defaults: every port probed once, then a discovery_error") {
  auto mock = fake_network({});
  try {
    pieces::discover(quiet_options(), mock);
    FAIL("no discovery_error");
  } catch (const pieces::discovery_error& e) {
    CHECK(e.failure() == transport_failure::connect);
    CHECK(e.kind() == plugboard::error_kind::transport);
    REQUIRE(e.attempts().size() == 36);
    for (std::size_t i = 0; i < 34; ++i) {
      CHECK(e.attempts()[i].url == port_url(39300 + static_cast<int>(i)));
      CHECK(e.attempts()[i].source == pieces::discovery_source::port_scan);
      CHECK(e.attempts()[i].outcome == pieces::probe_outcome::no_connection);
    }
    CHECK(e.attempts()[34].url == port_url(1000));
    CHECK(e.attempts()[35].url == port_url(5323));
    CHECK(e.attempts()[35].source == pieces::discovery_source::legacy_port);
    const std::string what = e.what();
    CHECK(what ==
          "plugboard: transport error (connect): Pieces OS not found; tried ports 39300-39333 on "
          "127.0.0.1: could not connect (Connection refused) x34; legacy ports 1000, 5323 on "
          "127.0.0.1: could not connect (Connection refused) x2; "
          "PLUGBOARD_TEST_DISCOVERY_UNSET is not set");
  }
  // The exact probes: HEAD /.well-known/health on each port, no version call.
  std::vector<std::string> expected;
  for (int port = 39300; port <= 39333; ++port) expected.push_back(health(port_url(port)));
  expected.push_back(health(port_url(1000)));
  expected.push_back(health(port_url(5323)));
  auto sent = probed(mock);
  std::sort(sent.begin(), sent.begin() + 34);  // the scan runs in parallel
  CHECK(sent == expected);
  CHECK(mock.call_count() == 36);
  for (const auto& req : mock.requests()) {
    CHECK(req.verb == method::head);
    CHECK(req.body.empty());
    CHECK(req.timeout == std::chrono::milliseconds(150));
    CHECK(req.headers.get("User-Agent") == "plugboard/" PLUGBOARD_VERSION_STRING);
    CHECK_FALSE(req.headers.contains("X-Application-ID"));
  }
}

TEST_CASE("the url option is tried first and alone when it answers; then the version") {
  auto mock = fake_network({health("http://127.0.0.1:8080/pieces")});
  auto o = quiet_options();
  o.url = "http://127.0.0.1:8080/pieces/";
  const auto found = pieces::discover(o, mock);
  CHECK(found.url == "http://127.0.0.1:8080/pieces");
  CHECK(found.source == pieces::discovery_source::url_option);
  CHECK(found.version == std::optional<std::string>("5.0.3"));
  REQUIRE(found.attempts.size() == 1);
  CHECK(found.attempts[0].outcome == pieces::probe_outcome::healthy);
  CHECK(found.attempts[0].status == 200);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].verb == method::head);
  CHECK(sent[0].target == "/pieces/.well-known/health");
  CHECK(sent[1].verb == method::get);
  CHECK(sent[1].origin == "http://127.0.0.1:8080");
  CHECK(sent[1].target == "/pieces/.well-known/version");
  CHECK_FALSE(sent[1].headers.contains("Content-Type"));
  CHECK(sent[1].timeout <= std::chrono::milliseconds(1000));
}

TEST_CASE("then the environment variable; a URL that does not answer is listed and passed") {
  const char* variable = "PLUGBOARD_TEST_DISCOVERY_URL";
  ::setenv(variable, "http://127.0.0.1:9090", 1);
  auto mock = fake_network({health("http://127.0.0.1:9090")});
  auto o = quiet_options();
  o.url = "http://127.0.0.1:8080";  // refused
  o.environment_variable = variable;
  const auto found = pieces::discover(o, mock);
  ::unsetenv(variable);
  CHECK(found.url == "http://127.0.0.1:9090");
  CHECK(found.source == pieces::discovery_source::environment);
  REQUIRE(found.attempts.size() == 2);
  CHECK(found.attempts[0].source == pieces::discovery_source::url_option);
  CHECK(found.attempts[0].outcome == pieces::probe_outcome::no_connection);
  CHECK(found.attempts[1].outcome == pieces::probe_outcome::healthy);
  CHECK(probed(mock) ==
        std::vector<std::string>{health("http://127.0.0.1:8080"), health("http://127.0.0.1:9090")});
}

TEST_CASE("the scan: the lowest port that answers 200 wins, past 404s and silence") {
  auto mock = fake_network({health(port_url(39305)), health(port_url(39320))},
                           {health(port_url(39301))}, {health(port_url(39302))});
  const auto found = pieces::discover(quiet_options(), mock);
  CHECK(found.url == port_url(39305));
  CHECK(found.source == pieces::discovery_source::port_scan);
  CHECK(found.version == std::optional<std::string>("5.0.3"));
  REQUIRE(found.attempts.size() == 34);  // the legacy ports are not probed
  CHECK(found.attempts[1].outcome == pieces::probe_outcome::unhealthy);
  CHECK(found.attempts[1].status == 404);
  CHECK(found.attempts[1].detail == "HTTP 404 to HEAD /.well-known/health");
  CHECK(found.attempts[2].outcome == pieces::probe_outcome::no_answer);
  CHECK(found.attempts[2].detail == "no answer to HEAD /.well-known/health within 150 ms");
  CHECK(found.attempts[20].outcome == pieces::probe_outcome::healthy);
  CHECK(mock.call_count() == 35);  // 34 probes and the version
}

TEST_CASE("the legacy ports last; a version that does not answer is unknown") {
  auto mock = fake_network({health(port_url(5323)), health(port_url(1000))}, {}, {}, "");
  const auto found = pieces::discover(quiet_options(), mock);
  CHECK(found.url == port_url(1000));  // 1000 before 5323
  CHECK(found.source == pieces::discovery_source::legacy_port);
  CHECK_FALSE(found.version.has_value());
  CHECK(found.attempts.size() == 36);
}

TEST_CASE("the error lists each distinct result, with the ports that gave it") {
  auto mock = fake_network({}, {health(port_url(41001))}, {health(port_url(41003))});
  auto o = quiet_options();
  o.url = "http://localhost:41000/pieces";
  o.first_port = 41001;
  o.last_port = 41004;
  o.legacy_ports = {};
  try {
    pieces::discover(o, mock);
    FAIL("no discovery_error");
  } catch (const pieces::discovery_error& e) {
    CHECK(e.attempts().size() == 5);
    CHECK(std::string(e.what()) ==
          "plugboard: transport error (connect): Pieces OS not found; tried "
          "http://localhost:41000/pieces (url option): could not connect (Connection refused); "
          "ports 41001-41004 on 127.0.0.1: HTTP 404 to HEAD /.well-known/health (41001), "
          "could not connect (Connection refused) (41002, 41004), no answer to HEAD "
          "/.well-known/health within 150 ms (41003); PLUGBOARD_TEST_DISCOVERY_UNSET is not set");
  }
}

TEST_CASE("no more than max_parallel probes are in flight, and each port is probed once") {
  for (const std::size_t parallel : {std::size_t{1}, std::size_t{4}}) {
    CAPTURE(parallel);
    std::atomic<int> in_flight{0};
    std::atomic<int> most{0};
    std::mutex mutex;
    std::vector<std::string> seen;
    mock_transport mock;
    mock.route([&](const request& req) -> std::optional<response> {
      const int now = ++in_flight;
      int before = most.load();
      while (now > before && !most.compare_exchange_weak(before, now)) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
      {
        std::lock_guard<std::mutex> lock(mutex);
        seen.push_back(req.origin);
      }
      --in_flight;
      throw transport_error(transport_failure::connect, "could not connect (Connection refused)");
    });
    auto o = quiet_options();
    o.first_port = 42000;
    o.last_port = 42011;
    o.legacy_ports = {42100};
    o.max_parallel = parallel;
    CHECK_THROWS_AS(pieces::discover(o, mock), pieces::discovery_error);
    CHECK(most.load() >= 1);
    CHECK(most.load() <= static_cast<int>(parallel));
    std::sort(seen.begin(), seen.end());
    CHECK(seen.size() == 13);
    CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
  }
}

TEST_CASE("bad options and a bad URL are refused before anything is sent, never echoed") {
  mock_transport mock;
  const auto argument_of = [&](const pieces::discovery_options& o) {
    try {
      pieces::discover(o, mock);
    } catch (const plugboard::usage_error& e) {
      CHECK(std::string(e.what()).find("s3cret") == std::string::npos);
      return e.argument();
    } catch (const pieces::discovery_error&) {
      return std::string("discovery_error");
    }
    return std::string("found");
  };
  auto o = quiet_options();
  o.url = "http://user:s3cret@127.0.0.1:39300";
  CHECK(argument_of(o) == "url");
  o.url = "ftp://127.0.0.1/?token=s3cret";
  CHECK(argument_of(o) == "url");

  const char* variable = "PLUGBOARD_TEST_DISCOVERY_BAD_URL";
  ::setenv(variable, "http://127.0.0.1:39300/?key=s3cret", 1);
  o = quiet_options();
  o.environment_variable = variable;
  CHECK(argument_of(o) == variable);
  ::unsetenv(variable);

  o = quiet_options();
  o.first_port = 39333;
  o.last_port = 39300;
  CHECK(argument_of(o) == "last_port");
  o = quiet_options();
  o.max_parallel = 0;
  CHECK(argument_of(o) == "max_parallel");
  o = quiet_options();
  o.health_timeout = std::chrono::milliseconds(0);
  CHECK(argument_of(o) == "health_timeout");
  o = quiet_options();
  o.connect_timeout = std::chrono::milliseconds(-1);
  CHECK_THROWS_AS(pieces::discover(o), plugboard::usage_error);  // the default transport too
  CHECK(mock.call_count() == 0);
}

TEST_CASE("to_string names each step") {
  CHECK(pieces::to_string(pieces::discovery_source::url_option) == "url option");
  CHECK(pieces::to_string(pieces::discovery_source::environment) == "environment");
  CHECK(pieces::to_string(pieces::discovery_source::port_scan) == "port scan");
  CHECK(pieces::to_string(pieces::discovery_source::legacy_port) == "legacy port");
}
