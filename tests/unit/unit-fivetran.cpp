// SPDX-License-Identifier: MIT
// Fivetran connector management: the exact request of all ten operations,
// the envelope, paging, errors, retries and bad input refused before sending.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace fivetran = plugboard::fivetran;

namespace {

using client_t = fivetran::client<mock_transport>;

// base64("key-123:secret-456")
constexpr const char* basic_header = "Basic a2V5LTEyMzpzZWNyZXQtNDU2";

constexpr const char* connector_json = R"({
  "id": "speak_inexpensive", "group_id": "projected_sickle", "service": "google_sheets",
  "service_version": 1, "schema": "sheets", "connected_by": "mystery_fox",
  "created_at": "2026-01-02T03:04:05.000Z", "succeeded_at": null, "failed_at": null,
  "paused": false, "pause_after_trial": false, "sync_frequency": 360, "daily_sync_time": "03:00",
  "schedule_type": "auto",
  "status": {"setup_state": "connected", "sync_state": "scheduled", "update_state": "on_schedule",
             "is_historical_sync": false, "tasks": [], "warnings": [{"code": "w1", "message": "slow"}]},
  "setup_tests": [{"title": "Connecting", "status": "PASSED", "message": ""}],
  "source_sync_details": {"last_synced": "2026-01-02T03:04:05.000Z"},
  "config": {"schema": "sheets", "password": "******"},
  "networking_method": "Directly"})";

std::string envelope_of(const std::string& data,
                        const std::string& message = "Operation performed.") {
  return R"({"code":"Success","message":")" + message + R"(","data":)" + data + "}";
}

client_t make(mock_transport& mock, std::string key = "key-123",
              std::string secret = "secret-456") {
  return client_t("https://api.fivetran.test", fivetran::api_key(std::move(key), std::move(secret)),
                  mock);
}

void check_common(const plugboard::request& req, plugboard::method verb,
                  const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == "https://api.fivetran.test");
  CHECK(req.target == target);
  CHECK(req.headers.get("Authorization") == basic_header);
  CHECK(req.headers.get("Accept") == "application/json;version=2");
}

void check_json_body(const plugboard::request& req, const json& expected) {
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) == expected);
}

void check_no_body(const plugboard::request& req) {
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

}  // namespace

TEST_CASE("connect_card: POST .../connect-card, {} without a config, the card decoded") {
  mock_transport mock;
  const std::string data =
      R"({"connector_id":"speak_inexpensive","connect_card":{"token":"tok","uri":"https://fivetran.com/connect-card/setup?auth=tok"},
          "connect_card_config":{"redirect_uri":"https://example.com/back","hide_setup_guide":true}})";
  mock.enqueue_json(200, envelope_of(data)).enqueue_json(200, envelope_of(data));
  auto c = make(mock);
  const auto card = c.connector_management().connect_card("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post, "/v1/connectors/speak_inexpensive/connect-card");
  CHECK(req.body == "{}");
  check_json_body(req, json::object());
  CHECK(card.code == "Success");
  CHECK(card.message == "Operation performed.");
  CHECK(card.data.connector_id == "speak_inexpensive");
  REQUIRE(card.data.connect_card.has_value());
  CHECK(card.data.connect_card->token == "tok");
  CHECK(card.data.connect_card->uri == "https://fivetran.com/connect-card/setup?auth=tok");
  REQUIRE(card.data.connect_card_config.has_value());
  CHECK(card.data.connect_card_config->hide_setup_guide == true);

  fivetran::connect_card_config config;
  config.redirect_uri = "https://example.com/back";
  config.hide_setup_guide = false;
  c.connector_management().connect_card("speak_inexpensive", config);
  check_json_body(mock.last_request(),
                  {{"connect_card_config",
                    {{"redirect_uri", "https://example.com/back"}, {"hide_setup_guide", false}}}});
}

TEST_CASE("connector_details: GET with Basic and Accept v2, no body, every field decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connector_json));
  auto c = make(mock);
  const auto details = c.connector_management().connector_details("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::get, "/v1/connectors/speak_inexpensive");
  check_no_body(req);
  CHECK(details.code == "Success");
  const auto& d = details.data;
  CHECK(d.id == "speak_inexpensive");
  CHECK(d.group_id == "projected_sickle");
  CHECK(d.service == "google_sheets");
  CHECK(d.service_version == 1);
  CHECK(d.schema == "sheets");
  CHECK(d.connected_by == "mystery_fox");
  CHECK_FALSE(d.succeeded_at.has_value());
  CHECK(d.paused == false);
  CHECK(d.sync_frequency == 360);
  CHECK(d.daily_sync_time == "03:00");
  CHECK(d.schedule_type == fivetran::schedule_mode::automatic);
  REQUIRE(d.status.has_value());
  CHECK(d.status->setup_state == fivetran::setup_state::connected);
  CHECK(d.status->sync_state == fivetran::sync_state::scheduled);
  CHECK(d.status->update_state == fivetran::update_state::on_schedule);
  CHECK(d.status->is_historical_sync == false);
  REQUIRE(d.status->warnings.size() == 1);
  CHECK(d.status->warnings[0].code == "w1");
  REQUIRE(d.setup_tests.size() == 1);
  CHECK(d.setup_tests[0].status == fivetran::setup_test_status::passed);
  CHECK(d.source_sync_details["last_synced"] == "2026-01-02T03:04:05.000Z");
  CHECK(d.config["password"] == "******");
  CHECK(d.extra == json{{"networking_method", "Directly"}});
}

TEST_CASE("create_connector: POST /v1/connectors, snake_case, unset fields omitted, 201 decoded") {
  mock_transport mock;
  mock.enqueue_json(201, envelope_of(connector_json, "Connector has been created"));
  auto c = make(mock);
  fivetran::new_connector_request r;
  r.group_id = "projected_sickle";
  r.service = "postgres";
  r.sync_frequency = 480;
  r.paused = true;
  r.run_setup_tests = false;
  r.schedule_type = fivetran::schedule_mode::manual;
  r.config = {{"schema_prefix", "pg"}, {"host", "db.example.com"}, {"port", 5432}};
  r.auth = {{"client_access", {{"client_id", "id"}}}};
  r.connect_card_config = fivetran::connect_card_config{};
  r.connect_card_config->redirect_uri = "https://example.com";
  r.extra = {{"networking_method", "SshTunnel"}};
  const auto created = c.connector_management().create_connector(r);
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post, "/v1/connectors");
  check_json_body(
      req, {{"group_id", "projected_sickle"},
            {"service", "postgres"},
            {"sync_frequency", 480},
            {"paused", true},
            {"run_setup_tests", false},
            {"schedule_type", "manual"},
            {"config", {{"schema_prefix", "pg"}, {"host", "db.example.com"}, {"port", 5432}}},
            {"auth", {{"client_access", {{"client_id", "id"}}}}},
            {"connect_card_config", {{"redirect_uri", "https://example.com"}}},
            {"networking_method", "SshTunnel"}});
  CHECK(body_json(req)["sync_frequency"].is_number_integer());  // never "480"
  CHECK(created.message == "Connector has been created");
  CHECK(created.data.id == "speak_inexpensive");

  fivetran::new_connector_request minimal;
  minimal.group_id = "g";
  minimal.service = "google_sheets";
  mock.enqueue_json(201, envelope_of(connector_json));
  c.connector_management().create_connector(minimal);
  check_json_body(mock.last_request(), {{"group_id", "g"}, {"service", "google_sheets"}});
}

TEST_CASE("delete_connector: DELETE, no body; 200 gives code and message, 204 gives nullopt") {
  mock_transport mock;
  mock.enqueue_json(200,
                    R"({"code":"Success","message":"Connector with id 'x' has been deleted"})");
  mock.enqueue(plugboard::response{204, {}, ""});
  auto c = make(mock);
  const auto deleted = c.connector_management().delete_connector("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::delete_, "/v1/connectors/speak_inexpensive");
  check_no_body(req);
  REQUIRE(deleted.has_value());
  CHECK(deleted->code == "Success");
  CHECK(deleted->message == "Connector with id 'x' has been deleted");
  CHECK_FALSE(c.connector_management().delete_connector("speak_inexpensive").has_value());
}

TEST_CASE("metadata_connector_config: GET /v1/metadata/connectors/{service}") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"id":"google_sheets","name":"Google Sheets","type":"File",
      "service_status":"general_availability","icons":["a.svg"],
      "config":{"type":"object","required":["schema"]},"auth":{"type":"object"}})"));
  auto c = make(mock);
  const auto m = c.connector_management().metadata_connector_config("google_sheets");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::get, "/v1/metadata/connectors/google_sheets");
  check_no_body(req);
  CHECK(m.data.id == "google_sheets");
  CHECK(m.data.type == fivetran::metadata_type::file);
  CHECK(m.data.service_status == fivetran::service_status::general_availability);
  CHECK(m.data.icons == std::vector<std::string>{"a.svg"});
  CHECK(m.data.config["required"][0] == "schema");

  // The SDK's `name` slot is sent as given when a descriptor is used directly.
  mock.enqueue_json(200, envelope_of(R"({"id":"s3"})"));
  fivetran::endpoints::metadata_connector_config call;
  call.name = "connector-types";
  call.service = "s3";
  c.core().call(call);
  CHECK(mock.last_request().target == "/v1/metadata/connector-types/s3");
}

TEST_CASE("metadata_connectors: GET one page; cursor and limit only when set") {
  mock_transport mock;
  const std::string page = envelope_of(
      R"({"items":[{"id":"adls","name":"Azure Data Lake Storage","type":"File"}],"next_cursor":"eyJza2lwIjoxfQ"})");
  mock.enqueue_json(200, page).enqueue_json(200, page);
  auto c = make(mock);
  const auto first = c.connector_management().metadata_connectors();
  const auto req = mock.last_request();
  check_common(req, plugboard::method::get, "/v1/metadata/connectors");
  check_no_body(req);
  REQUIRE(first.data.items.size() == 1);
  CHECK(first.data.items[0].name == "Azure Data Lake Storage");
  CHECK(first.data.next_cursor == "eyJza2lwIjoxfQ");
  CHECK(first.data.has_more());

  c.connector_management().metadata_connectors("a b+c/=", 25);
  check_common(mock.last_request(), plugboard::method::get,
               "/v1/metadata/connectors?cursor=a+b%2Bc%2F%3D&limit=25");
}

TEST_CASE("modify_connector: PATCH with only the fields given") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connector_json))
      .enqueue_json(200, envelope_of(connector_json));
  auto c = make(mock);
  fivetran::update_connector_request changes;
  changes.paused = true;
  changes.sync_frequency = 1440;
  changes.daily_sync_time = "14:00";
  changes.config = {{"table", "orders"}};
  changes.schedule_type = fivetran::schedule_mode::automatic;
  changes.is_historical_sync = false;
  const auto modified = c.connector_management().modify_connector("speak_inexpensive", changes);
  const auto req = mock.last_request();
  check_common(req, plugboard::method::patch, "/v1/connectors/speak_inexpensive");
  check_json_body(req, {{"paused", true},
                        {"sync_frequency", 1440},
                        {"daily_sync_time", "14:00"},
                        {"config", {{"table", "orders"}}},
                        {"schedule_type", "auto"},
                        {"is_historical_sync", false}});
  CHECK(modified.data.id == "speak_inexpensive");

  c.connector_management().modify_connector("speak_inexpensive", {});
  CHECK(mock.last_request().body == "{}");
}

TEST_CASE("resync_connector: POST .../resync with {} or a schema -> tables scope") {
  mock_transport mock;
  const char* ok = R"({"code":"Success","message":"Re-sync has been triggered successfully"})";
  mock.enqueue_json(200, ok).enqueue_json(200, ok);
  auto c = make(mock);
  const auto whole = c.connector_management().resync_connector("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post, "/v1/connectors/speak_inexpensive/resync");
  CHECK(req.body == "{}");
  check_json_body(req, json::object());
  CHECK(whole.code == "Success");
  CHECK(whole.message == "Re-sync has been triggered successfully");

  fivetran::resync_connector_request scoped;
  scoped.scope = std::map<std::string, std::vector<std::string>>{{"public", {"orders", "users"}}};
  c.connector_management().resync_connector("speak_inexpensive", scoped);
  check_json_body(mock.last_request(), {{"scope", {{"public", {"orders", "users"}}}}});
}

TEST_CASE("run_setup_tests: POST .../test with {} or the trust flags; the tests decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connector_json))
      .enqueue_json(200, envelope_of(connector_json));
  auto c = make(mock);
  const auto tested = c.connector_management().run_setup_tests("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post, "/v1/connectors/speak_inexpensive/test");
  check_json_body(req, json::object());
  CHECK(tested.data.setup_tests.at(0).title == "Connecting");

  fivetran::run_setup_tests_request trust;
  trust.trust_certificates = true;
  trust.trust_fingerprints = false;
  c.connector_management().run_setup_tests("speak_inexpensive", trust);
  check_json_body(mock.last_request(),
                  {{"trust_certificates", true}, {"trust_fingerprints", false}});
}

TEST_CASE(
    "sync_connector: POST .../sync with {} or force; the acknowledgement keeps code and message") {
  mock_transport mock;
  const char* ok =
      R"({"code":"Success","message":"Sync has been successfully triggered for connector with id 'speak_inexpensive'"})";
  mock.enqueue_json(200, ok).enqueue_json(200, ok);
  auto c = make(mock);
  const auto synced = c.connector_management().sync_connector("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post, "/v1/connectors/speak_inexpensive/sync");
  CHECK(req.body == "{}");
  CHECK(synced.code == "Success");
  CHECK(synced.message ==
        "Sync has been successfully triggered for connector with id 'speak_inexpensive'");

  fivetran::sync_connector_request force;
  force.force = true;
  c.connector_management().sync_connector("speak_inexpensive", force);
  check_json_body(mock.last_request(), {{"force", true}});
}

TEST_CASE("the Accept header can be replaced for one call") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connector_json))
      .enqueue_json(200, envelope_of(connector_json));
  auto c = make(mock);
  c.connector_management().connector_details("x", fivetran::with_accept("application/json"));
  CHECK(mock.last_request().headers.get("Accept") == "application/json");
  plugboard::call_options options;
  options.headers.set("accept", "application/json; version=2");
  c.connector_management().connector_details("x", options);
  const auto req = mock.last_request();
  CHECK(req.headers.get("Accept") == "application/json; version=2");
  int accepts = 0;
  for (const auto& field : req.headers)
    accepts += plugboard::detail::iequals(field.first, "Accept");
  CHECK(accepts == 1);
}

TEST_CASE("a client with only credentials talks to api.fivetran.com") {
  fivetran::client<> c(fivetran::api_key("k", "s"));
  CHECK(c.core().base().origin == "https://api.fivetran.com");
  CHECK(c.core().base().prefix.empty());
}

TEST_CASE("metadata_connectors_all walks every page lazily, next_cursor then nextCursor") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"items":[{"id":"a"},{"id":"b"}],"next_cursor":"c1"})"))
      .enqueue_json(200, envelope_of(R"({"items":[{"id":"c"}],"nextCursor":"c2"})"))
      .enqueue_json(200, envelope_of(R"({"items":[],"next_cursor":"c3"})"))
      .enqueue_json(200, envelope_of(R"({"items":[{"id":"d"}]})"));
  auto c = make(mock);
  auto all = c.connector_management().metadata_connectors_all(2);
  CHECK(mock.call_count() == 0);  // nothing until iterated
  auto it = all.begin();
  CHECK(mock.call_count() == 1);
  CHECK(it->id == "a");
  std::vector<std::string> ids;
  for (; it != all.end(); ++it) ids.push_back(it->id);
  CHECK(ids == std::vector<std::string>{"a", "b", "c", "d"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 4);
  check_common(sent[0], plugboard::method::get, "/v1/metadata/connectors?limit=2");
  check_common(sent[1], plugboard::method::get, "/v1/metadata/connectors?cursor=c1&limit=2");
  check_common(sent[2], plugboard::method::get, "/v1/metadata/connectors?cursor=c2&limit=2");
  check_common(sent[3], plugboard::method::get, "/v1/metadata/connectors?cursor=c3&limit=2");
}

TEST_CASE("the walk stops on a null or empty cursor, and refuses a repeated one") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue_json(200,
                    envelope_of(R"({"items":[{"id":"a"}],"next_cursor":null,"nextCursor":null})"));
  CHECK(c.connector_management().metadata_connectors_all().collect().size() == 1);
  CHECK(mock.last_request().target == "/v1/metadata/connectors");
  mock.enqueue_json(200, envelope_of(R"({"items":[{"id":"a"}],"next_cursor":""})"));
  CHECK(c.connector_management().metadata_connectors_all().collect().size() == 1);
  CHECK(mock.call_count() == 2);

  mock.enqueue_json(200, envelope_of(R"({"items":[{"id":"a"}],"next_cursor":"same"})"))
      .enqueue_json(200, envelope_of(R"({"items":[{"id":"b"}],"next_cursor":"same"})"));
  auto looping = c.connector_management().metadata_connectors_all();
  try {
    looping.collect();
    FAIL("no error");
  } catch (const plugboard::paging_error& e) {
    CHECK(e.failure() == plugboard::paging_failure::repeated_cursor);
  }
  CHECK(mock.call_count() == 4);
}

TEST_CASE("Fivetran's error envelope becomes api_error with status, code and message") {
  mock_transport mock;
  auto c = make(mock);
  const auto failure = [&](int status, const std::string& body, auto&& call,
                           plugboard::http_headers headers = {}) {
    mock.enqueue_json(status, body, headers);
    try {
      call();
    } catch (const plugboard::api_error& e) {
      return e;
    }
    FAIL("no api_error");
    return plugboard::api_error(0, {}, "", "");
  };
  auto api = c.connector_management();
  auto e404 = failure(
      404, R"({"code":"NotFound_Connector","message":"Connector with id 'gone' doesn't exist"})",
      [&] { api.connector_details("gone"); });
  CHECK(e404.status() == 404);
  CHECK(e404.service_code() == "NotFound_Connector");
  CHECK(e404.service_message() == "Connector with id 'gone' doesn't exist");
  CHECK(e404.request_line() == "GET https://api.fivetran.test/v1/connectors/gone");

  auto e409 = failure(409, R"({"code":"Conflict","message":"A sync is in progress"})",
                      [&] { api.resync_connector("busy"); });
  CHECK(e409.status() == 409);
  CHECK(e409.service_code() == "Conflict");

  fivetran::new_connector_request r;
  r.group_id = "g";
  r.service = "nope";
  auto e400 =
      failure(400, R"({"code":"InvalidInput","message":"Unsupported connector service 'nope'"})",
              [&] { api.create_connector(r); });
  CHECK(e400.status() == 400);
  CHECK(e400.service_message() == "Unsupported connector service 'nope'");

  auto e429 = failure(429, R"({"code":"TooManyRequests","message":"Rate limit exceeded"})",
                      [&] { api.sync_connector("x"); }, {{"Retry-After", "3600"}});
  CHECK(e429.status() == 429);
  CHECK(e429.service_code() == "TooManyRequests");
  CHECK(e429.service_message() == "Rate limit exceeded");
  CHECK(e429.retry_after() == std::chrono::seconds(3600));
}

TEST_CASE("backoff_retry repeats a 429 for GET and DELETE, for POST and PATCH only on opt-in") {
  mock_transport mock;
  fake_clock clock;
  plugboard::client_options options("https://api.fivetran.test");
  options.clock = clock.hooks();
  plugboard::backoff_retry retry;
  retry.jitter = 0;
  fivetran::client<mock_transport, plugboard::basic_auth, plugboard::json_serializer,
                   plugboard::backoff_retry>
      c(options, fivetran::api_key("key-123", "secret-456"), mock, retry);
  auto api = c.connector_management();
  const plugboard::http_headers wait{{"Retry-After", "3"}};
  const char* limited = R"({"code":"TooManyRequests","message":"slow down"})";
  const char* ok = R"({"code":"Success","message":"done"})";

  mock.enqueue_json(429, limited, wait).enqueue_json(200, envelope_of(connector_json));
  CHECK(api.connector_details("x").data.id == "speak_inexpensive");
  CHECK(mock.call_count() == 2);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{3000ms});

  mock.enqueue_json(429, limited, wait).enqueue_json(200, ok);
  CHECK(api.delete_connector("x")->message == "done");
  CHECK(mock.call_count() == 4);

  mock.clear();
  mock.enqueue_json(429, limited, wait).enqueue_json(200, ok);
  CHECK_THROWS_AS(api.sync_connector("x"), plugboard::api_error);
  CHECK(mock.call_count() == 1);  // sent once: the 200 is still queued
  CHECK(mock.pending() == 1);
  mock.clear();
  mock.enqueue_json(429, limited, wait).enqueue_json(200, envelope_of(connector_json));
  CHECK_THROWS_AS(api.modify_connector("x", {}), plugboard::api_error);
  CHECK(mock.call_count() == 1);
  CHECK(mock.pending() == 1);

  mock.clear();
  plugboard::call_options opt_in;
  opt_in.idempotent = true;
  mock.enqueue_json(429, limited, wait).enqueue_json(200, ok);
  CHECK(api.sync_connector("x", {}, opt_in).message == "done");
  mock.enqueue_json(429, limited, wait).enqueue_json(200, envelope_of(connector_json));
  CHECK(api.modify_connector("x", {}, opt_in).data.id == "speak_inexpensive");
  CHECK(mock.call_count() == 4);

  mock.clear();
  c.core().retry().retry_non_idempotent = true;
  mock.enqueue_json(429, limited, wait).enqueue_json(200, ok);
  CHECK(api.resync_connector("x").message == "done");
  CHECK(mock.call_count() == 2);
  const auto sent = mock.requests();
  CHECK(sent[0].headers.get("Authorization") == basic_header);
  CHECK(sent[1].headers.get("Authorization") == basic_header);
  CHECK(sent[1].body == "{}");
}

TEST_CASE("bad input is refused before anything is sent") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connector_management();
  CHECK_THROWS_AS(api.connect_card(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.connector_details(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.delete_connector(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.metadata_connector_config(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.modify_connector("", {}), plugboard::usage_error);
  CHECK_THROWS_AS(api.resync_connector(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.run_setup_tests(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.sync_connector(""), plugboard::usage_error);

  for (int limit : {0, -1, 1001}) {
    try {
      api.metadata_connectors(std::nullopt, limit);
      FAIL("no error");
    } catch (const plugboard::usage_error& e) {
      CHECK(e.argument() == "limit");
    }
    CHECK_THROWS_AS(api.metadata_connectors_all(limit), plugboard::usage_error);
  }
  CHECK_THROWS_AS(api.metadata_connectors(std::string()), plugboard::usage_error);

  fivetran::new_connector_request r;
  CHECK_THROWS_AS(api.create_connector(r), plugboard::usage_error);  // no group_id
  r.group_id = "g";
  CHECK_THROWS_AS(api.create_connector(r), plugboard::usage_error);  // no service
  r.service = "postgres";
  r.config = json::array({1});
  CHECK_THROWS_AS(api.create_connector(r), plugboard::usage_error);
  r.config = nullptr;
  r.auth = "text";
  CHECK_THROWS_AS(api.create_connector(r), plugboard::usage_error);

  fivetran::resync_connector_request empty_scope;
  empty_scope.scope.emplace();
  CHECK_THROWS_AS(api.resync_connector("x", empty_scope), plugboard::usage_error);

  auto colon = make(mock, "key:with-colon", "secret");
  CHECK_THROWS_AS(colon.connector_management().connector_details("x"), plugboard::usage_error);
  auto control = make(mock, "key", "secret\r\nX-Admin: 1");
  CHECK_THROWS_AS(control.connector_management().connector_details("x"), plugboard::usage_error);
  CHECK(mock.call_count() == 0);

  // The limits themselves are fine.
  mock.enqueue_json(200, envelope_of(R"({"items":[]})"))
      .enqueue_json(200, envelope_of(R"({"items":[]})"));
  api.metadata_connectors(std::nullopt, 1);
  api.metadata_connectors(std::nullopt, 1000);
  CHECK(mock.last_request().target == "/v1/metadata/connectors?limit=1000");
}

TEST_CASE("an id with '/' and '?' stays one encoded path segment") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connector_json));
  mock.enqueue_json(200, R"({"code":"Success"})");
  auto c = make(mock);
  c.connector_management().connector_details("a/../b?c=d#e");
  CHECK(mock.last_request().target == "/v1/connectors/a%2F..%2Fb%3Fc%3Dd%23e");
  c.connector_management().sync_connector("../x?force=true");
  CHECK(mock.last_request().target == "/v1/connectors/..%2Fx%3Fforce%3Dtrue/sync");
  CHECK(mock.last_request().path() == mock.last_request().target);  // no query smuggled in
}

TEST_CASE("malformed or wrongly shaped responses are decode errors naming the field") {
  mock_transport mock;
  auto c = make(mock);
  const auto problem_of = [&](const std::string& body) {
    mock.enqueue_json(200, body);
    try {
      c.connector_management().connector_details("x");
    } catch (const plugboard::decode_error& e) {
      return e.field() + "|" + e.problem();
    }
    return std::string("no error");
  };
  CHECK(problem_of(R"({"code":"Success"})") == "data|required field is missing");
  CHECK(problem_of(R"({"code":"Success","data":null})") == "data|required field is null");
  CHECK(problem_of(R"({"code":"Success","data":{"service":"x"}})") ==
        "data.id|required field is missing");
  CHECK(problem_of(R"({"code":"Success","data":{"id":"x","sync_frequency":"480"}})") ==
        "data.sync_frequency|expected integer, got string");
  CHECK(problem_of(R"({"code":"Success","data":{"id":"x","status":{"tasks":{}}}})") ==
        "data.status.tasks|expected array, got object");
  CHECK(problem_of(R"({"code":"Success","data":{"id":"x","setup_tests":[{"status":1}]}})") ==
        "data.setup_tests[0].status|expected string, got number");
  CHECK(problem_of(R"({"code":"Success","data":{"id":"x")").find("ends too early") !=
        std::string::npos);
  CHECK(problem_of("<html>Bad gateway</html>").find("not valid JSON") != std::string::npos);

  mock.enqueue_json(200, envelope_of(R"({"items":[{"name":"no id"}]})"));
  try {
    c.connector_management().metadata_connectors();
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "data.items[0].id");
  }
  mock.enqueue_json(200, "");
  CHECK_THROWS_AS(c.connector_management().sync_connector("x"), plugboard::decode_error);
}

TEST_CASE("credentials never show up in error messages") {
  mock_transport mock;
  const std::string key(plugboard_test::canary_key), secret(plugboard_test::canary_password);
  auto c = make(mock, key, secret);
  // A server that echoes what it received, header included.
  mock.enqueue_json(401, R"({"code":"Unauthorized","message":"Invalid key )" + key + ":" + secret +
                             R"(","authorization":"Basic abc"})");
  try {
    c.connector_management().connector_details("x");
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.service_message()));
  }
}

TEST_CASE("with return_errors calls return result<T>; the walk still throws the typed error") {
  mock_transport mock;
  fivetran::client<mock_transport, plugboard::basic_auth, plugboard::json_serializer,
                   plugboard::no_retry, plugboard::return_errors>
      c("https://api.fivetran.test", fivetran::api_key("key-123", "secret-456"), mock);
  auto api = c.connector_management();
  mock.enqueue_json(404, R"({"code":"NotFound_Connector","message":"gone"})");
  auto missing = api.connector_details("x");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status() == 404);
  CHECK(api.connector_details("").error().kind() == plugboard::error_kind::usage);

  mock.enqueue_json(200, envelope_of(R"({"items":[{"id":"a"}],"next_cursor":"n"})"))
      .enqueue_json(503, R"({"code":"Unavailable","message":"later"})");
  auto all = api.metadata_connectors_all();
  auto it = all.begin();
  CHECK(it->id == "a");
  try {
    ++it;
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 503);
    CHECK(e.service_code() == "Unavailable");
  }
}

TEST_CASE("every descriptor has a summary and passes the compile-time checks") {
  namespace ep = fivetran::endpoints;
  static_assert(plugboard::is_valid_endpoint<ep::connect_card>());
  static_assert(plugboard::is_valid_endpoint<ep::connector_details>());
  static_assert(plugboard::is_valid_endpoint<ep::create_connector>());
  static_assert(plugboard::is_valid_endpoint<ep::delete_connector>());
  static_assert(plugboard::is_valid_endpoint<ep::metadata_connector_config>());
  static_assert(plugboard::is_valid_endpoint<ep::metadata_connectors>());
  static_assert(plugboard::is_valid_endpoint<ep::modify_connector>());
  static_assert(plugboard::is_valid_endpoint<ep::resync_connector>());
  static_assert(plugboard::is_valid_endpoint<ep::run_setup_tests>());
  static_assert(plugboard::is_valid_endpoint<ep::sync_connector>());
  for (std::string_view summary :
       {ep::connect_card::summary, ep::connector_details::summary, ep::create_connector::summary,
        ep::delete_connector::summary, ep::metadata_connector_config::summary,
        ep::metadata_connectors::summary, ep::modify_connector::summary,
        ep::resync_connector::summary, ep::run_setup_tests::summary, ep::sync_connector::summary}) {
    CHECK_FALSE(summary.empty());
  }
  CHECK(plugboard::detail::idempotent_flag<ep::connector_details>::value);
  CHECK(plugboard::detail::idempotent_flag<ep::delete_connector>::value);
  CHECK_FALSE(plugboard::detail::idempotent_flag<ep::sync_connector>::value);
  CHECK_FALSE(plugboard::detail::idempotent_flag<ep::modify_connector>::value);
}
