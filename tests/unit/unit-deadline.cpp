// SPDX-License-Identifier: MIT
// The per-call deadline: every attempt gets what is left of it as its
// timeout, retries and auth replays stop at it, and operations made of
// several calls (FortiSOAR's install and wait) share one deadline.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/fortisoar/client.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::method;
using plugboard::transport_failure;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
namespace endpoints = plugboard::providers::endpoints;
namespace fortisoar = plugboard::fortisoar;

namespace {

constexpr const char* provider_json = R"({"data":{"provider_slug":"github"}})";

using retrying_client =
    plugboard::basic_client<mock_transport, plugboard::no_auth, plugboard::json_serializer,
                            plugboard::backoff_retry>;

plugboard::backoff_retry one_two_four() {
  plugboard::backoff_retry b;
  b.jitter = 0;
  b.initial_interval = 1s;
  b.exponent = 2;
  b.max_attempts = 10;
  b.max_elapsed_time = 1h;
  return b;
}

retrying_client make(mock_transport& mock, const fake_clock& clock,
                     std::chrono::milliseconds call_timeout) {
  plugboard::client_options o("http://svc.test");
  o.clock = clock.hooks();
  o.call_timeout = call_timeout;
  return retrying_client(o, {}, mock, one_two_four());
}

std::vector<std::chrono::milliseconds> timeouts(const mock_transport& mock) {
  std::vector<std::chrono::milliseconds> out;
  for (const auto& r : mock.requests()) out.push_back(r.timeout);
  return out;
}

}  // namespace

TEST_CASE("each attempt is sent with what is left of the call's deadline as its timeout") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(503, "{}").enqueue_json(503, "{}").enqueue_json(200, provider_json);
  auto c = make(mock, clock, 10s);
  CHECK(c.call(endpoints::get{"github"}).provider_slug == "github");
  CHECK(timeouts(mock) == std::vector<std::chrono::milliseconds>{10s, 9s, 7s});
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{1s, 2s});
}

TEST_CASE("a retry whose wait would end past the deadline is not made") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(503, "{}").enqueue_json(503, "{}").enqueue_json(200, provider_json);
  auto c = make(mock, clock, 2500ms);
  try {
    c.call(endpoints::get{"github"});
    FAIL("expected an api_error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 503);
    CHECK(e.attempts() == 2);  // the second wait (2 s) would end at 3 s > 2.5 s
  }
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{1s});

  // The same for transport failures: the last one is raised.
  mock.clear();
  mock.enqueue_failure(transport_failure::connect).enqueue_failure(transport_failure::connect);
  try {
    c.call(endpoints::get{"github"});
    FAIL("expected a transport_error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == transport_failure::connect);
    CHECK(e.attempts() == 2);
  }
}

TEST_CASE("a transport that ran out of the deadline is never retried") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_failure(transport_failure::deadline).enqueue_json(200, provider_json);
  auto c = make(mock, clock, 10s);
  try {
    c.call(endpoints::get{"github"});
    FAIL("expected a transport_error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == transport_failure::deadline);
    CHECK(e.attempts() == 1);
  }
  CHECK(mock.call_count() == 1);
}

TEST_CASE("call_options: timeout replaces the client's, a deadline in the past sends nothing") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(200, provider_json);
  auto c = make(mock, clock, 10s);
  plugboard::call_options quick;
  quick.timeout = 1500ms;
  c.call(endpoints::get{"github"}, quick);
  CHECK(mock.last_request().timeout == 1500ms);

  // With both, the earlier one applies.
  plugboard::call_options both;
  both.timeout = 9s;
  both.deadline = clock.hooks().now() + 4s;
  mock.enqueue_json(200, provider_json);
  c.call(endpoints::get{"github"}, both);
  CHECK(mock.last_request().timeout == 4s);

  plugboard::call_options late;
  late.deadline = clock.hooks().now();
  const auto before = mock.call_count();
  try {
    c.call(endpoints::get{"github"}, late);
    FAIL("expected a transport_error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == transport_failure::deadline);
    CHECK_FALSE(e.request_line().empty());
  }
  CHECK(mock.call_count() == before);
}

TEST_CASE("FortiSOAR install with wait: the polls stop at the call's deadline") {
  mock_transport mock;
  fake_clock clock;
  plugboard::client_options o("https://soar.example.com");
  o.clock = clock.hooks();
  o.call_timeout = 20s;
  fortisoar::client<mock_transport> c(o, fortisoar::api_key("k"), mock);
  mock.enqueue_json(200, R"({"importJob":{"@id":"/api/3/import_jobs/job-1"}})");
  mock.route(
      method::get, "/api/3/import_jobs/job-1",
      plugboard_test::json_response(200, R"({"uuid":"job-1","status":"import in progress"})"));
  fortisoar::install_options how;
  how.wait = true;
  how.timeout = 600s;  // the wait's own limit is far away; the deadline comes first
  how.interval = 3s;
  const auto out = c.connectors().install("abuseipdb", "2.0.0", how);
  CHECK(out.timed_out());
  CHECK(out.polls == 7);  // at 0, 3, ..., 18 s; a poll at 21 s would be past 20 s
  CHECK(clock.elapsed() == 18s);
  // The install and every poll share the one deadline.
  CHECK(timeouts(mock) ==
        std::vector<std::chrono::milliseconds>{20s, 20s, 17s, 14s, 11s, 8s, 5s, 2s});
}

TEST_CASE("a login made by the auth policy is bounded by the call's deadline too") {
  mock_transport mock;
  fake_clock clock;
  plugboard::client_options o("https://soar.example.com");
  o.clock = clock.hooks();
  o.call_timeout = 7s;
  fortisoar::client<mock_transport, fortisoar::password_auth> c(
      o, fortisoar::password_auth("user", "pass"), mock);
  mock.enqueue_json(200, R"({"token":"t-1"})");
  mock.enqueue_json(200, R"({"status":"Completed","uuid":"job-1"})");
  c.connectors().install_status("job-1");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].target == "/auth/authenticate");
  CHECK(sent[0].timeout == 7s);
  CHECK(sent[1].timeout == 7s);
}
