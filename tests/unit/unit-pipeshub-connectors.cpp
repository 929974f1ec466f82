// SPDX-License-Identifier: MIT
// Pipeshub's generated `connectors` group (every /connectors operation but
// the record ones, 28 operations): the exact request of each operation
// through client.connectors() (method, path, query, headers, body) and its
// answer decoded; both server shapes the seed found still decode; bad input
// is refused before sending. Paths, wire names and answers are written from
// Pipeshub's OpenAPI document and docs/api/pipeshub.md.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "plugboard/core/error_policy.hpp"
#include "plugboard/pipeshub/client.hpp"
#include "plugboard/pipeshub/generated/connectors.hpp"
#include "plugboard/pipeshub/lifecycle.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::method;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace pipeshub = plugboard::pipeshub;
namespace api = plugboard::pipeshub::api;

namespace {

using client_t = pipeshub::client<mock_transport>;

client_t make(mock_transport& mock) {
  return client_t("https://pipeshub.example.com/api/v1", plugboard::bearer_auth("tok-123"), mock);
}

// The SDK's instance, as the document names its fields.
constexpr const char* instance_json = R"({"connectorId":"c-1","connectorType":"confluence",
  "instanceName":"Engineering Confluence","scope":"team","authType":"API_TOKEN",
  "isActive":true,"isConfigured":true,"isAuthenticated":true,"syncEnabled":true,
  "createdAt":"2026-01-02T03:04:05Z"})";

void check_request(const plugboard::request& req, method verb, const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == "https://pipeshub.example.com");
  CHECK(req.target == target);
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("Authorization") == "Bearer tok-123");
}

void check_no_body(const plugboard::request& req) {
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

void check_json_body(const plugboard::request& req, const char* expected) {
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) == json::parse(expected));
}

void check_instance(const api::connector_instance& c) {
  CHECK(c.connector_id == "c-1");
  CHECK(c.connector_type == "confluence");
  CHECK(c.instance_name == "Engineering Confluence");
  CHECK(c.scope == api::connector_scope::team);
  CHECK(c.auth_type == api::connector_auth_type::api_token);
  CHECK(c.is_active == true);
  CHECK(c.sync_enabled == true);
  CHECK(c.created_at == "2026-01-02T03:04:05Z");
}

}  // namespace

TEST_CASE("get_connector_registry: GET /connectors/registry with scope, page, limit, search") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"connectors":[{"connectorType":"confluence",
    "displayName":"Confluence","authTypes":["API_TOKEN","OAUTH"],"supportedScopes":["team"],
    "supportsSync":true,"supportsAgent":false,"categories":["wiki"],"isBeta":false}],
    "pagination":{"page":2,"limit":5,"total":6,"hasMore":false}})");
  auto c = make(mock);
  const auto out = c.connectors().get_connector_registry("team", 2, 5, "conf");
  const auto req = mock.last_request();
  check_request(req, method::get,
                "/api/v1/connectors/registry?scope=team&page=2&limit=5&search=conf");
  check_no_body(req);
  CHECK(out.success == true);
  REQUIRE(out.connectors.has_value());
  REQUIRE(out.connectors->size() == 1);
  const auto& entry = out.connectors->at(0);
  CHECK(entry.connector_type == "confluence");
  CHECK(entry.display_name == "Confluence");
  REQUIRE(entry.auth_types.has_value());
  CHECK(entry.auth_types->at(1) == api::connector_auth_type::oauth);
  CHECK(entry.supports_sync == true);
  CHECK(out.pagination->total == 6);
  CHECK(out.pagination->has_more == false);

  // Nothing given: no query at all.
  mock.enqueue_json(200, R"({"success":true,"connectors":[]})");
  c.connectors().get_connector_registry();
  CHECK(mock.last_request().target == "/api/v1/connectors/registry");
}

TEST_CASE("get_connector_schema: GET /connectors/registry/{connectorType}/schema, encoded") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"schema":{"connectorType":"google drive",
    "authSchema":{"fields":[{"name":"apiToken"}]},"syncSchema":{},"filterSchema":{},
    "requiredFields":["apiToken"]}})");
  auto c = make(mock);
  const auto out = c.connectors().get_connector_schema("google drive");
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors/registry/google%20drive/schema");
  check_no_body(mock.last_request());
  REQUIRE(out.schema.has_value());
  CHECK(out.schema->connector_type == "google drive");
  CHECK(out.schema->auth_schema["fields"][0]["name"] == "apiToken");
  CHECK(out.schema->required_fields == std::vector<std::string>{"apiToken"});
}

TEST_CASE("list_connector_instances: GET /connectors with every filter, in the document's order") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"success":true,"connectors":[)") + instance_json +
                             R"(],"pagination":{"page":1,"limit":20,"total":1,"hasMore":false}})");
  auto c = make(mock);
  const auto out =
      c.connectors().list_connector_instances("personal", 1, 20, "eng", true, false, "confluence");
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors?scope=personal&page=1&limit=20&search=eng"
                "&isAuthenticated=true&isActive=false&connectorType=confluence");
  check_no_body(mock.last_request());
  REQUIRE(out.connectors.has_value());
  check_instance(out.connectors->at(0));
  CHECK(out.pagination->page == 1);
}

TEST_CASE("list_connector_instances: the current server's instance shape decodes into extra") {
  // docs/api/pipeshub.md section 7: _key/name/type and totalCount/hasNext.
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"connectors":[{"_key":"k-9","name":"Drive",
    "type":"google-drive","isActive":false}],"pagination":{"page":1,"limit":20,
    "totalCount":1,"totalPages":1,"hasNext":false,"hasPrev":false}})");
  auto c = make(mock);
  const auto out = c.connectors().list_connector_instances();
  CHECK(mock.last_request().target == "/api/v1/connectors");
  const auto& item = out.connectors->at(0);
  CHECK_FALSE(item.connector_id.has_value());
  CHECK(item.extra["_key"] == "k-9");
  CHECK(item.is_active == false);
  CHECK(out.pagination->extra["totalCount"] == 1);
}

TEST_CASE("list_connector_instances: paging bounds are checked before sending") {
  mock_transport mock;
  auto c = make(mock);
  CHECK_THROWS_AS(c.connectors().list_connector_instances(std::nullopt, 0), plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().list_connector_instances(std::nullopt, 1, 201),
                  plugboard::usage_error);
  CHECK(mock.requests().empty());
}

TEST_CASE("create_connector_instance: POST /connectors with the typed body; 200 or 201") {
  mock_transport mock;
  mock.enqueue_json(201, std::string(R"({"success":true,"connector":)") + instance_json + "}");
  auto c = make(mock);
  api::create_connector_request body;
  body.connector_type = "confluence";
  body.instance_name = "Engineering Confluence";
  body.scope = api::connector_scope::team;
  body.auth_type = api::auth_type::api_token;
  body.base_url = "https://wiki.example.com";
  api::create_connector_request_config config;
  api::connector_auth_config auth;
  auth.values = json{{"apiToken", "secret"}};
  config.auth = auth;
  api::connector_sync_config sync;
  sync.selected_strategy = api::selected_strategy::scheduled;
  api::connector_sync_config_scheduled_config schedule;
  schedule.interval_minutes = 30;
  sync.scheduled_config = schedule;
  config.sync = sync;
  body.config = config;
  const auto out = c.connectors().create_connector_instance(body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors");
  check_json_body(req, R"({"connectorType":"confluence","instanceName":"Engineering Confluence",
    "scope":"team","authType":"API_TOKEN","config":{"auth":{"values":{"apiToken":"secret"}},
    "sync":{"selectedStrategy":"SCHEDULED","scheduledConfig":{"intervalMinutes":30}}},
    "baseUrl":"https://wiki.example.com"})");
  REQUIRE(out.connector.has_value());
  check_instance(*out.connector);

  // The current server answers 200 (section 7): still a success.
  mock.enqueue_json(200, R"({"success":true,"message":"Connector instance created successfully.",
    "connector":{"connectorId":"c-2","created":true}})");
  const auto again = c.connectors().create_connector_instance(body);
  CHECK(again.connector->connector_id == "c-2");
  CHECK(again.extra["message"] == "Connector instance created successfully.");
  CHECK(again.connector->extra["created"] == true);
}

TEST_CASE("create_connector_instance: required strings refused empty before sending") {
  mock_transport mock;
  auto c = make(mock);
  api::create_connector_request body;
  body.instance_name = "x";
  CHECK_THROWS_AS(c.connectors().create_connector_instance(body), plugboard::usage_error);
  CHECK(mock.requests().empty());
}

TEST_CASE("list_active_connectors and list_inactive_connectors: no query") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"success":true,"connectors":[)") + instance_json + "]}");
  mock.enqueue_json(200, R"({"success":true,"connectors":[]})");
  auto c = make(mock);
  const auto active = c.connectors().list_active_connectors();
  check_request(mock.last_request(), method::get, "/api/v1/connectors/active");
  check_no_body(mock.last_request());
  check_instance(active.connectors->at(0));
  const auto inactive = c.connectors().list_inactive_connectors();
  check_request(mock.last_request(), method::get, "/api/v1/connectors/inactive");
  CHECK(inactive.connectors->empty());
}

TEST_CASE("list_configured_connectors: both the document's flat list and the server's nesting") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"success":true,"connectors":[)") + instance_json +
                             R"(],"pagination":{"page":1,"limit":10,"total":1}})");
  mock.enqueue_json(200, std::string(R"({"success":true,"connectors":{"connectors":[)") +
                             instance_json + R"(],"pagination":{"page":1,"totalCount":1}}})");
  auto c = make(mock);
  const auto flat = c.connectors().list_configured_connectors("team", 1, 10, "eng");
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors/configured?scope=team&page=1&limit=10&search=eng");
  check_no_body(mock.last_request());
  REQUIRE(flat.connectors.is_array());
  CHECK(flat.connectors[0]["connectorId"] == "c-1");
  const auto nested = c.connectors().list_configured_connectors();
  CHECK(mock.last_request().target == "/api/v1/connectors/configured");
  REQUIRE(nested.connectors.is_object());
  CHECK(nested.connectors["connectors"][0]["connectorId"] == "c-1");
  // The SDK's group reads either into typed instances.
  mock.enqueue_json(200, std::string(R"({"success":true,"connectors":{"connectors":[)") +
                             instance_json + R"(],"pagination":{"page":1,"totalCount":1}}})");
  const auto typed = c.connector_instances().list_configured();
  REQUIRE(typed.connectors.size() == 1);
  CHECK(typed.connectors[0].connector_id == "c-1");
}

TEST_CASE("list_active_agent_connectors: GET /connectors/agents/active") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"success":true,"connectors":[)") + instance_json +
                             R"(],"pagination":{"page":3,"limit":1,"total":3,"hasMore":false}})");
  auto c = make(mock);
  const auto out = c.connectors().list_active_agent_connectors(std::nullopt, 3, 1);
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors/agents/active?page=3&limit=1");
  check_no_body(mock.last_request());
  check_instance(out.connectors->at(0));
  CHECK(out.pagination->page == 3);
}

TEST_CASE("get_connector_instance and delete_connector_instance: the id is one path segment") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"success":true,"connector":)") + instance_json + "}");
  mock.enqueue_json(202, R"({"success":true,"message":"Connector deletion initiated",
    "connectorId":"c/1","status":"DELETING"})");
  auto c = make(mock);
  const auto got = c.connectors().get_connector_instance("c/1");
  check_request(mock.last_request(), method::get, "/api/v1/connectors/c%2F1");
  check_no_body(mock.last_request());
  check_instance(*got.connector);
  // The current server answers 202 (section 7).
  const auto gone = c.connectors().delete_connector_instance("c/1");
  check_request(mock.last_request(), method::delete_, "/api/v1/connectors/c%2F1");
  check_no_body(mock.last_request());
  CHECK(gone.message == "Connector deletion initiated");
  CHECK(gone.extra["status"] == "DELETING");
}

TEST_CASE("get_connector_stats: GET /connectors/{id}/stats, counts by indexing status") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"data":{"orgId":"o-1","connectorId":"c-1",
    "origin":"CONNECTOR","stats":{"total":12,"indexingStatus":{"COMPLETED":10,"FAILED":2}},
    "byRecordType":[{"recordType":"FILE","total":12}]}})");
  auto c = make(mock);
  const auto out = c.connectors().get_connector_stats("c-1");
  check_request(mock.last_request(), method::get, "/api/v1/connectors/c-1/stats");
  check_no_body(mock.last_request());
  REQUIRE(out.data.has_value());
  CHECK(out.data->stats->total == 12);
  CHECK(out.data->stats->indexing_status->at("FAILED") == 2);
  CHECK(out.data->by_record_type->at(0)["recordType"] == "FILE");
}

TEST_CASE("reindex_connector: POST /connectors/{id}/reindex with status filters") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"message":"Reindex started","connectorId":"c-1",
    "connector":"confluence","eventPublished":true})");
  auto c = make(mock);
  api::reindex_connector_request_body body;
  body.status_filters = std::vector<plugboard::open_enum<api::indexing_status_filter>>{
      api::indexing_status_filter::failed};
  const auto out = c.connectors().reindex_connector("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/c-1/reindex");
  check_json_body(req, R"({"statusFilters":["FAILED"]})");
  CHECK(out.event_published == true);
  CHECK(out.connector_id == "c-1");
}

TEST_CASE("resync_connector: POST /connectors/{id}/resync; the connector name is required") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"resyncConnectorResponse":{"success":true}})");
  auto c = make(mock);
  api::resync_connector_request_body body;
  body.connector_name = "CONFLUENCE";
  body.full_sync = true;
  const auto out = c.connectors().resync_connector("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/c-1/resync");
  check_json_body(req, R"({"connectorName":"CONFLUENCE","fullSync":true})");
  CHECK(out.resync_connector_response["success"] == true);
  CHECK_THROWS_AS(c.connectors().resync_connector("c-1", {}), plugboard::usage_error);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE("update_connector_name: PUT /connectors/{id}/name") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"connector":{"_key":"c-1","name":"Wiki"}})");
  auto c = make(mock);
  api::update_connector_name_request body;
  body.instance_name = "Wiki";
  const auto out = c.connectors().update_connector_name("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::put, "/api/v1/connectors/c-1/name");
  check_json_body(req, R"({"instanceName":"Wiki"})");
  CHECK(out.connector->extra["name"] == "Wiki");
  CHECK_THROWS_AS(c.connectors().update_connector_name("c-1", {}), plugboard::usage_error);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE("get_connector_config: GET /connectors/{id}/config") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"config":{"connectorId":"c-1",
    "connectorType":"confluence","instanceName":"Wiki","authType":"API_TOKEN","scope":"team",
    "config":{"auth":{"apiToken":"***"},"sync":{"selectedStrategy":"MANUAL"},"filters":{}},
    "isActive":false,"isConfigured":true,"isAuthenticated":true}})");
  auto c = make(mock);
  const auto out = c.connectors().get_connector_config("c-1");
  check_request(mock.last_request(), method::get, "/api/v1/connectors/c-1/config");
  check_no_body(mock.last_request());
  REQUIRE(out.config.has_value());
  CHECK(out.config->auth_type == api::connector_auth_type::api_token);
  CHECK(out.config->config->sync["selectedStrategy"] == "MANUAL");
  CHECK(out.config->is_configured == true);
}

TEST_CASE("update_connector_config: PUT /connectors/{id}/config with auth, sync and filters") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"config":{"connectorId":"c-1","isConfigured":true}})");
  auto c = make(mock);
  api::update_connector_config_request body;
  api::connector_auth_config auth;
  auth.values = json{{"apiToken", "t"}};
  body.auth = auth;
  api::connector_filters_config filters;
  api::connector_filters_config_sync sync_filters;
  sync_filters.values = json{{"fileTypes", {"pdf"}}};
  filters.sync = sync_filters;
  body.filters = filters;
  body.base_url = "https://wiki.example.com";
  const auto out = c.connectors().update_connector_config("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::put, "/api/v1/connectors/c-1/config");
  check_json_body(req, R"({"auth":{"values":{"apiToken":"t"}},
    "filters":{"sync":{"values":{"fileTypes":["pdf"]}}},"baseUrl":"https://wiki.example.com"})");
  CHECK(out.config->is_configured == true);
}

TEST_CASE("update_connector_auth_config: PUT /connectors/{id}/config/auth") {
  mock_transport mock;
  mock.enqueue_json(200,
                    R"({"success":true,"config":{"connectorId":"c-1","isAuthenticated":true}})");
  auto c = make(mock);
  api::update_connector_auth_request body;
  body.auth.values = json{{"username", "u"}, {"password", "p"}};
  body.auth.oauth_config_id = "oc-1";
  const auto out = c.connectors().update_connector_auth_config("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::put, "/api/v1/connectors/c-1/config/auth");
  check_json_body(req, R"({"auth":{"values":{"username":"u","password":"p"},
    "oauthConfigId":"oc-1"}})");
  CHECK(out.config->is_authenticated == true);
}

TEST_CASE("update_connector_filters_sync_config: PUT /connectors/{id}/config/filters-sync") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"message":"saved","syncFiltersChanged":true,
    "config":{"connectorId":"c-1"}})");
  auto c = make(mock);
  api::update_connector_filters_sync_request body;
  api::connector_sync_config sync;
  sync.selected_strategy = api::selected_strategy::manual;
  body.sync = sync;
  const auto out = c.connectors().update_connector_filters_sync_config("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::put, "/api/v1/connectors/c-1/config/filters-sync");
  check_json_body(req, R"({"sync":{"selectedStrategy":"MANUAL"}})");
  CHECK(out.sync_filters_changed == true);
  CHECK(out.message == "saved");
}

TEST_CASE("toggle_connector: POST /connectors/{id}/toggle with the type") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"success":true,"message":"Sync enabled successfully",
    "connector":)") + instance_json +
                             "}");
  auto c = make(mock);
  api::connector_toggle_request body;
  body.type = api::toggle_type::sync;
  const auto out = c.connectors().toggle_connector("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/c-1/toggle");
  check_json_body(req, R"({"type":"sync"})");
  CHECK(out.message == "Sync enabled successfully");
  check_instance(*out.connector);
}

TEST_CASE("toggle_connector: the server's refusal is an api_error with its message") {
  mock_transport mock;
  mock.enqueue_json(400, R"({"error":{"code":"HTTP_BAD_REQUEST",
    "message":"Connector not configured"}})");
  auto c = make(mock);
  api::connector_toggle_request body;
  body.type = api::toggle_type::sync;
  try {
    c.connectors().toggle_connector("c-1", body);
    FAIL("expected api_error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(std::string(e.what()).find("Connector not configured") != std::string::npos);
  }
}

TEST_CASE("submit_connector_file_events: POST /connectors/{id}/file-events, the batch") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"connectorId":"c-1","batchId":"b-1",
    "stats":{"processed":1,"deleted":1}})");
  auto c = make(mock);
  api::local_fs_file_event_batch_request body;
  body.batch_id = "b-1";
  body.timestamp = 1767225600000;
  api::local_fs_file_event created;
  created.type = "CREATED";
  created.path = "/docs/a.md";
  created.timestamp = 1767225600000;
  created.size = 12;
  created.is_directory = false;
  api::local_fs_file_event removed;
  removed.type = "DELETED";
  removed.path = "/docs/old.md";
  removed.timestamp = 1767225600001;
  removed.is_directory = false;
  body.events = {created, removed};
  const auto out = c.connectors().submit_connector_file_events("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/c-1/file-events");
  check_json_body(req, R"({"batchId":"b-1","events":[
    {"type":"CREATED","path":"/docs/a.md","timestamp":1767225600000,"size":12,"isDirectory":false},
    {"type":"DELETED","path":"/docs/old.md","timestamp":1767225600001,"isDirectory":false}],
    "timestamp":1767225600000})");
  CHECK(out.success);
  CHECK(out.batch_id == "b-1");
  CHECK(out.stats.processed == 1);
  CHECK(out.stats.deleted == 1);
  // An empty batch id is refused before sending.
  CHECK_THROWS_AS(c.connectors().submit_connector_file_events("c-1", {}), plugboard::usage_error);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE("submit_connector_file_event_uploads: multipart manifest and file parts") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"connectorId":"c-1","batchId":"b-2",
    "stats":{"processed":1,"deleted":0}})");
  auto c = make(mock);
  const std::string manifest =
      R"({"batchId":"b-2","events":[{"type":"CREATED","path":"/a.txt","timestamp":1,)"
      R"("isDirectory":false,"contentField":"file_0"}],"timestamp":1})";
  std::vector<plugboard::multipart_part> parts{{"manifest", "", "application/json", manifest},
                                               {"file_0", "a.txt", "text/plain", "hello"}};
  const auto out = c.connectors().submit_connector_file_event_uploads("c-1", parts);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/c-1/file-events/upload");
  REQUIRE(req.parts.size() == 2);
  CHECK(req.parts[0].name == "manifest");
  CHECK(req.parts[0].data == manifest);
  CHECK(req.parts[1].name == "file_0");
  CHECK(req.parts[1].filename == "a.txt");
  const auto content_type = std::string(req.headers.get("Content-Type"));
  REQUIRE(content_type.rfind("multipart/form-data; boundary=", 0) == 0);
  const auto boundary = content_type.substr(content_type.find('=') + 1);
  CHECK(req.body.find("--" + boundary +
                      "\r\nContent-Disposition: form-data; name=\"file_0\"; "
                      "filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n") !=
        std::string::npos);
  CHECK(out.batch_id == "b-2");
  CHECK(out.stats.processed == 1);
}

TEST_CASE("step_skipped stays itself through return_errors: as<step_skipped>() and raise()") {
  mock_transport mock;
  json inactive = json::parse(instance_json);
  inactive["isActive"] = false;
  mock.enqueue_json(200, json{{"success", true}, {"connector", inactive}}.dump());
  mock.enqueue_json(400, R"({"error":{"code":"HTTP_BAD_REQUEST",
    "message":"Connector not configured"}})");
  auto c = make(mock);
  pipeshub::connector_lifecycle<client_t> life(c);
  const auto out = plugboard::return_errors::invoke<bool>([&] {
    life.enable_sync("c-1");
    return true;
  });
  REQUIRE_FALSE(out.ok());
  const auto* e = out.error().as<pipeshub::step_skipped>();
  REQUIRE(e != nullptr);
  CHECK(e->attempted() == pipeshub::lifecycle_step::sync_on);
  CHECK(e->missing() == pipeshub::lifecycle_step::auth_config);
  CHECK(e->status() == 400);
  CHECK(out.error().status() == 400);
  CHECK(std::string(out.error().what()).find("the 'auth config' step must come first") !=
        std::string::npos);
  const plugboard::error_info copy = out.error();
  REQUIRE(copy.as<pipeshub::step_skipped>() != nullptr);
  CHECK(copy.as<pipeshub::step_skipped>()->missing() == pipeshub::lifecycle_step::auth_config);
  try {
    copy.raise();
    FAIL("expected step_skipped");
  } catch (const pipeshub::step_skipped& thrown) {
    CHECK(thrown.attempted() == pipeshub::lifecycle_step::sync_on);
  }
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  check_request(sent[0], method::get, "/api/v1/connectors/c-1");
  check_request(sent[1], method::post, "/api/v1/connectors/c-1/toggle");
  check_json_body(sent[1], R"({"type":"sync"})");
}

TEST_CASE("get_oauth_authorization_url: GET /connectors/{id}/oauth/authorize?baseUrl=") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,
    "authorizationUrl":"https://accounts.example.com/o/oauth2/auth?state=s-1","state":"s-1"})");
  auto c = make(mock);
  const auto out =
      c.connectors().get_oauth_authorization_url("c-1", std::string("https://app.example.com"));
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors/c-1/oauth/authorize?baseUrl=https%3A%2F%2Fapp.example.com");
  check_no_body(mock.last_request());
  CHECK(out.state == "s-1");
  CHECK(out.authorization_url == "https://accounts.example.com/o/oauth2/auth?state=s-1");
}

TEST_CASE(
    "handle_oauth_callback: GET /connectors/oauth/callback; the answer is the 302's Location") {
  mock_transport mock;
  plugboard::http_headers location;
  location.set("Location", "https://app.example.com/connectors/c-1?oauth=success&tempCode=temp-7");
  mock.enqueue(plugboard::response{302, location, ""});
  auto c = make(mock);
  const plugboard::redirect where =
      c.connectors().handle_oauth_callback(std::string("code-1"), std::string("s-1"));
  CHECK(where.status == 302);
  CHECK(where.location == "https://app.example.com/connectors/c-1?oauth=success&tempCode=temp-7");
  // One request: the redirect is not followed.
  REQUIRE(mock.call_count() == 1);
  // The browser's landing page (the document's `security: []`): no bearer token.
  const auto req = mock.last_request();
  CHECK(req.verb == method::get);
  CHECK(req.origin == "https://pipeshub.example.com");
  CHECK(req.target == "/api/v1/connectors/oauth/callback?code=code-1&state=s-1");
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK_FALSE(req.headers.contains("Authorization"));
  check_no_body(req);

  // The error branch, every query parameter in the document's order.
  location.set("Location", "/connectors/c-1?oauth=error&error=access_denied");
  mock.enqueue(plugboard::response{302, location, ""});
  const auto denied = c.connectors().handle_oauth_callback(std::nullopt, std::string("s-2"),
                                                           std::string("access_denied"),
                                                           std::string("https://app.example.com"));
  CHECK(denied.location == "/connectors/c-1?oauth=error&error=access_denied");  // as sent
  CHECK(mock.last_request().target ==
        "/api/v1/connectors/oauth/callback?state=s-2&error=access_denied"
        "&baseUrl=https%3A%2F%2Fapp.example.com");

  // A server (or transport) that answers 2xx: its status, no location.
  mock.enqueue_json(200, "");
  const auto plain = c.connectors().handle_oauth_callback();
  CHECK(plain.status == 200);
  CHECK(plain.location.empty());
  CHECK(mock.last_request().target == "/api/v1/connectors/oauth/callback");

  // A 3xx without a Location cannot be answered: a decode_error.
  mock.enqueue(plugboard::response{302, {}, ""});
  CHECK_THROWS_AS(c.connectors().handle_oauth_callback(), plugboard::decode_error);
  // A refusal is still an api_error.
  mock.enqueue_json(400, R"({"error":{"code":"HTTP_BAD_REQUEST",
    "message":"Invalid or expired OAuth state"}})");
  try {
    c.connectors().handle_oauth_callback(std::string("c"), std::string("stale"));
    FAIL("expected api_error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
  }
  CHECK(mock.call_count() == 5);
}

TEST_CASE("a redirect's Location never reaches an error message or the exchange log") {
  mock_transport mock;
  plugboard::client_options options("https://pipeshub.example.com/api/v1");
  std::vector<plugboard::exchange_record> log;
  options.on_exchange = [&](const plugboard::exchange_record& r) { log.push_back(r); };
  client_t c(options, plugboard::bearer_auth("tok-123"), mock);
  plugboard::http_headers location;
  location.set("Location", "https://app.example.com/connectors/c-1?tempCode=temp-secret-9");
  // An operation that does not expect a redirect: api_error, Location unquoted.
  mock.enqueue(plugboard::response{302, location, ""});
  try {
    c.connectors().get_connector_instance("c-1");
    FAIL("expected api_error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 302);
    CHECK(std::string(e.what()).find("temp-secret-9") == std::string::npos);
    CHECK(e.body().find("temp-secret-9") == std::string::npos);
  }
  // A 3xx the callback cannot use (an empty Location): the message names no value.
  plugboard::http_headers empty;
  empty.set("Location", "");
  mock.enqueue(plugboard::response{307, empty, "see https://x/?tempCode=temp-secret-9"});
  try {
    c.connectors().handle_oauth_callback();
    FAIL("expected decode_error");
  } catch (const plugboard::decode_error& e) {
    CHECK(std::string(e.what()).find("temp-secret-9") == std::string::npos);
  }
  // The callback's answer: the location is the result, the log redacts it.
  mock.enqueue(plugboard::response{302, location, ""});
  CHECK(c.connectors().handle_oauth_callback().location.find("temp-secret-9") != std::string::npos);
  REQUIRE(log.size() == 3);
  for (const auto& record : log) {
    CHECK(record.status >= 300);
    CHECK(record.response_headers.get("Location").find("temp-secret-9") == std::string::npos);
  }
}

TEST_CASE("get_connector_filters and save_connector_filters: /connectors/{id}/filters") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"filterOptions":{"filters":[{"name":"fileTypes",
    "displayName":"File types","filterType":"multiselect","category":"sync","required":false,
    "operators":["in"],"optionSourceType":"static","options":[{"id":"pdf","label":"PDF"}]}]}})");
  mock.enqueue_json(200, R"({"success":true,"message":"Filters saved"})");
  auto c = make(mock);
  const auto filters = c.connectors().get_connector_filters("c-1");
  check_request(mock.last_request(), method::get, "/api/v1/connectors/c-1/filters");
  check_no_body(mock.last_request());
  const auto& field = filters.filter_options->filters->at(0);
  CHECK(field.name == "fileTypes");
  CHECK(field.filter_type == api::filter_type::multiselect);
  CHECK(field.category == api::filter_category::sync);
  CHECK(field.option_source_type == api::option_source_type::static_);
  CHECK(field.options->at(0).label == "PDF");

  api::save_connector_filters_request body;
  body.filters = json{{"sync", {{"fileTypes", {{"operator", "in"}, {"value", {"pdf"}}}}}}};
  const auto saved = c.connectors().save_connector_filters("c-1", body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/c-1/filters");
  check_json_body(req, R"({"filters":{"sync":{"fileTypes":{"operator":"in","value":["pdf"]}}}})");
  CHECK(saved.message == "Filters saved");
}

TEST_CASE("get_filter_field_options: both path segments, the cursor and repeated context paths") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"options":[{"id":"sp-1","value":"ENG","label":"Eng"}],
    "pagination":{"page":1,"limit":50,"hasMore":true,"cursor":"next-1"}})");
  auto c = make(mock);
  const auto out = c.connectors().get_filter_field_options(
      "c-1", "space keys", 1, 50, std::string("en"), std::string("cur-0"),
      std::vector<std::string>{"a", "b"}, std::vector<std::string>{"z"});
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors/c-1/filters/space%20keys/options?page=1&limit=50&search=en"
                "&cursor=cur-0&contextGroupPath=a&contextGroupPath=b&excludeContextGroupPath=z");
  check_no_body(mock.last_request());
  CHECK(out.options->at(0).value == "ENG");
  CHECK(out.pagination->cursor == "next-1");
  // The document bounds limit to 1..100.
  CHECK_THROWS_AS(c.connectors().get_filter_field_options("c-1", "k", std::nullopt, 101),
                  plugboard::usage_error);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE("get_token_from_code: POST /connectors/getTokenFromCode") {
  mock_transport mock;
  mock.enqueue_json(201, R"({"message":"ok","connector":{"_id":"x","name":"GMAIL",
    "isEnabled":true}})");
  auto c = make(mock);
  api::get_token_from_code_request body;
  body.temp_code = "tc-1";
  const auto out = c.connectors().get_token_from_code(body);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/v1/connectors/getTokenFromCode");
  check_json_body(req, R"({"tempCode":"tc-1"})");
  CHECK(out.connector->name == "GMAIL");
  CHECK(out.connector->is_enabled == true);
  CHECK_THROWS_AS(c.connectors().get_token_from_code({}), plugboard::usage_error);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE(
    "get_all_scheduled_connector_instances_internal: GET /connectors/internal/all-scheduled") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"success":true,"hasMore":false,"items":[{"connectorId":"c-1",
    "type":"confluence","orgId":"o-1","isActive":true,"sync":{"selectedStrategy":"SCHEDULED",
    "scheduledConfig":{"intervalMinutes":60,"timezone":"UTC"}}}]})");
  auto c = make(mock);
  const auto out = c.connectors().get_all_scheduled_connector_instances_internal(2, 100);
  check_request(mock.last_request(), method::get,
                "/api/v1/connectors/internal/all-scheduled?page=2&limit=100");
  check_no_body(mock.last_request());
  const auto& item = out.items->at(0);
  CHECK(item.connector_id == "c-1");
  CHECK(item.sync->scheduled_config->interval_minutes == 60);
  CHECK(out.has_more == false);
}

TEST_CASE("every generated descriptor is registered, with a distinct operation name") {
  std::vector<std::string> names;
  plugboard::for_each_type(api::connectors_endpoints{}, [&](auto tag) {
    using E = typename decltype(tag)::type;
    names.emplace_back(plugboard::endpoint_traits<E>::operation);
    CHECK(plugboard::endpoint_traits<E>::service == "pipeshub");
  });
  CHECK(names.size() == 28);
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = i + 1; j < names.size(); ++j) CHECK(names[i] != names[j]);
  }
}
