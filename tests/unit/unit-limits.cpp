// SPDX-License-Identifier: MIT
// Surviving servers that misbehave forever: a retry storm against
// "Retry-After: 0", and listings whose cursors or pages never end. Every
// mock server here recovers after 1,000 requests, so without the limits a
// test fails on its counts instead of hanging.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <numeric>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/fortisoar/client.hpp"
#include "plugboard/pipeshub/client.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::paging_error;
using plugboard::paging_failure;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
using plugboard_test::json_response;
namespace pipeshub = plugboard::pipeshub;
namespace fivetran = plugboard::fivetran;
namespace fortisoar = plugboard::fortisoar;

namespace {

constexpr int recovers_after = 1000;

std::vector<std::string> targets(const mock_transport& mock) {
  std::vector<std::string> out;
  for (const auto& sent : mock.requests()) out.push_back(sent.target);
  return out;
}

// The call timeout is a day: the retry policies alone decide when to stop.
plugboard::client_options options_with(const char* url, const fake_clock& clock) {
  plugboard::client_options o(url);
  o.clock = clock.hooks();
  o.call_timeout = std::chrono::hours(24);
  return o;
}

// A Pipeshub page of one instance "c-<id>" that always claims more.
std::string pipeshub_page(int id) {
  return R"({"success":true,"connectors":[{"connectorId":"c-)" + std::to_string(id) +
         R"(","connectorType":"slack","instanceName":"n)" + std::to_string(id) +
         R"(","scope":"team","authType":"OAUTH"}],"pagination":{"page":1,"limit":1,"hasMore":true}})";
}

pipeshub::client<mock_transport> pipeshub_client(mock_transport& mock, const fake_clock& clock) {
  return pipeshub::client<mock_transport>(options_with("https://pipeshub.test/api/v1", clock),
                                          plugboard::bearer_auth("tok"), mock);
}

}  // namespace

// ---- defect 10: the retry storm ---------------------------------------------------

TEST_CASE("retry_config{} against 503 + Retry-After: 0 backs off and stops (71 requests an hour)") {
  for (const char* retry_after : {"0", "Wed, 31 Dec 2025 23:00:00 GMT"}) {  // now, or the past
    CAPTURE(retry_after);
    mock_transport mock;
    fake_clock clock;
    int sent = 0;
    mock.route([&](const plugboard::request&) -> std::optional<plugboard::response> {
      if (++sent > recovers_after) return json_response(200, R"({"success":true,"connectors":[]})");
      auto busy = json_response(503, "{}");
      busy.headers.set("Retry-After", retry_after);
      return busy;
    });
    auto c = pipeshub_client(mock, clock);
    try {
      c.connector_instances().list_active(pipeshub::retry_config{});
      FAIL("the storm went on until the server recovered");
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == 503);
      CHECK(e.attempts() == 71);
    }
    CHECK(mock.call_count() == 71);
    const auto waits = clock.sleeps();
    REQUIRE(waits.size() == 70);
    // The SDK's backoff is the floor under the server's zero: 500 ms * 1.5^n up to 60 s.
    CHECK(std::vector<std::chrono::milliseconds>(waits.begin(), waits.begin() + 5) ==
          std::vector<std::chrono::milliseconds>{500ms, 750ms, 1125ms, 1687ms, 2531ms});
    CHECK(waits[12] == 60000ms);
    CHECK(waits.back() == 51259ms);  // clamped to the hour
    CHECK(clock.elapsed() == 3600000ms);
  }
}

TEST_CASE("within the client's default call timeout of 5 minutes the same storm is 15 requests") {
  mock_transport mock;
  fake_clock clock;
  plugboard::http_headers now{{"Retry-After", "0"}};
  for (int i = 0; i < recovers_after; ++i) mock.enqueue_json(503, "{}", now);
  plugboard::client_options options("https://pipeshub.test/api/v1");
  options.clock = clock.hooks();
  pipeshub::client<mock_transport> c(options, plugboard::bearer_auth("tok"), mock);
  CHECK_THROWS_AS(c.connector_instances().list_active(pipeshub::retry_config{}),
                  plugboard::api_error);
  CHECK(mock.call_count() == 15);
  CHECK(clock.elapsed() == 248741ms);  // the next wait of 60 s would end past the deadline
}

TEST_CASE("a backoff_retry with max_attempts = 0 and no waits still stops at 100 attempts") {
  mock_transport mock;
  fake_clock clock;
  int sent = 0;
  mock.route([&](const plugboard::request&) -> std::optional<plugboard::response> {
    return json_response(++sent > recovers_after ? 200 : 503,
                         R"({"success":true,"connectors":[]})");
  });
  plugboard::backoff_retry unbounded;
  unbounded.initial_interval = 0ms;
  unbounded.max_interval = 0ms;
  unbounded.max_attempts = 0;
  unbounded.max_elapsed_time = 3600s;
  plugboard::call_options options;
  options.retry = unbounded;
  auto c = pipeshub_client(mock, clock);
  CHECK_THROWS_AS(c.connector_instances().list_active(options), plugboard::api_error);
  CHECK(mock.call_count() == plugboard::backoff_retry::attempt_ceiling);
}

// ---- defect 11: endless listings ---------------------------------------------------

TEST_CASE("Fivetran cursors A -> B -> A: the walk stops before sending A twice") {
  mock_transport mock;
  int sent = 0;
  mock.route([&](const plugboard::request& req) -> std::optional<plugboard::response> {
    ++sent;
    const bool at_b = req.target.find("cursor=A") != std::string::npos;
    const std::string item = std::to_string(sent);
    const std::string next = sent > recovers_after ? "null" : at_b ? R"("B")" : R"("A")";
    return json_response(200, R"({"code":"Success","data":{"items":[{"id":"t)" + item +
                                  R"("}],"next_cursor":)" + next + "}}");
  });
  fivetran::client<mock_transport> c("https://api.fivetran.test", fivetran::api_key("k", "s"),
                                     mock);
  auto all = c.connector_management().metadata_connectors_all(50);
  std::vector<std::string> ids;
  try {
    for (const auto& item : all) ids.push_back(item.id);
    FAIL("the walk did not stop");
  } catch (const paging_error& e) {
    CHECK(e.failure() == paging_failure::repeated_cursor);
    CHECK(e.pages() == 3);
    CHECK(e.walk() == "fivetran metadata_connectors_all");
  }
  CHECK(ids == std::vector<std::string>{"t1", "t2", "t3"});
  CHECK(targets(mock) == std::vector<std::string>{"/v1/metadata/connectors?limit=50",
                                                  "/v1/metadata/connectors?cursor=A&limit=50",
                                                  "/v1/metadata/connectors?cursor=B&limit=50"});
}

TEST_CASE("Pipeshub hasMore forever, the same page each time: stopped at the second page") {
  mock_transport mock;
  fake_clock clock;
  int sent = 0;
  mock.route([&](const plugboard::request&) -> std::optional<plugboard::response> {
    ++sent;
    return json_response(
        200, sent > recovers_after ? R"({"success":true,"connectors":[]})" : pipeshub_page(1));
  });
  auto c = pipeshub_client(mock, clock);
  try {
    c.connector_instances().list_all().collect();
    FAIL("the walk did not stop");
  } catch (const paging_error& e) {
    CHECK(e.failure() == paging_failure::repeated_page);
    CHECK(e.pages() == 2);
    CHECK(std::string(e.what()).find("pipeshub list_all") != std::string::npos);
  }
  CHECK(targets(mock) == std::vector<std::string>{"/api/v1/connectors?page=1&limit=20",
                                                  "/api/v1/connectors?page=2&limit=20"});
}

TEST_CASE("Pipeshub hasMore forever with new items: the page cap, under both error policies") {
  mock_transport mock;
  int sent = 0;
  mock.route([&](const plugboard::request&) -> std::optional<plugboard::response> {
    ++sent;
    return json_response(
        200, sent > recovers_after ? R"({"success":true,"connectors":[]})" : pipeshub_page(sent));
  });
  pipeshub::sdk_call_options capped;
  capped.max_pages = 5;

  pipeshub::client<mock_transport> throwing("https://pipeshub.test/api/v1",
                                            plugboard::bearer_auth("tok"), mock);
  try {
    throwing.connector_instances().list_configured_all({}, capped).collect();
    FAIL("the walk did not stop");
  } catch (const paging_error& e) {
    CHECK(e.failure() == paging_failure::page_limit);
    CHECK(e.pages() == 5);
  }
  CHECK(mock.call_count() == 5);
  CHECK(mock.last_request().target == "/api/v1/connectors/configured?page=5&limit=20");

  pipeshub::client<mock_transport, plugboard::bearer_auth, plugboard::default_serializer,
                   plugboard::no_retry, plugboard::return_errors>
      returning("https://pipeshub.test/api/v1", plugboard::bearer_auth("tok"), mock);
  const auto all = returning.connector_instances().list_active_agents_all({}, capped).try_collect();
  REQUIRE_FALSE(all.ok());
  CHECK(all.error().kind() == plugboard::error_kind::decode);
  REQUIRE(all.error().as<plugboard::decode_error>() != nullptr);
  CHECK(std::string(all.error().what()).find("pipeshub list_active_agents_all") !=
        std::string::npos);
  CHECK(std::string(all.error().what()).find("within 5 pages") != std::string::npos);
  CHECK(mock.call_count() == 10);
}

TEST_CASE("FortiSOAR pages that ignore `page`: stopped at the second, under both policies") {
  mock_transport mock;
  std::string rows;
  for (int i = 1; i <= 100; ++i) {
    if (i > 1) rows += ',';
    rows.append(R"({"id":)").append(std::to_string(i)).append(R"(,"name":"c)");
    rows.append(std::to_string(i)).append(R"(","version":"1.0.0"})");
  }
  int sent = 0;
  mock.route([&](const plugboard::request&) -> std::optional<plugboard::response> {
    return json_response(200, ++sent > recovers_after
                                  ? R"({"data":[]})"
                                  : R"({"status":"success","nextPage":2,"data":[)" + rows + "]}");
  });
  fortisoar::client<mock_transport> throwing("https://soar.test", fortisoar::api_key("k"), mock);
  try {
    throwing.connectors().list_configured();
    FAIL("the walk did not stop");
  } catch (const paging_error& e) {
    CHECK(e.failure() == paging_failure::repeated_page);
    CHECK(e.walk() == "fortisoar list_configured");
  }
  CHECK(targets(mock) ==
        std::vector<std::string>{"/api/integration/connectors/?page=1&page_size=100",
                                 "/api/integration/connectors/?page=2&page_size=100"});

  fortisoar::client<mock_transport, plugboard::api_key_header, plugboard::default_serializer,
                    plugboard::no_retry, plugboard::return_errors>
      returning("https://soar.test", fortisoar::api_key("k"), mock);
  const auto version = returning.connectors().resolve_version("c1");
  REQUIRE_FALSE(version.ok());
  CHECK(version.error().kind() == plugboard::error_kind::decode);
  CHECK(mock.call_count() == 4);
}
