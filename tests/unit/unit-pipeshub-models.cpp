// SPDX-License-Identifier: MIT
// Pipeshub models: the SDK's shapes and the current server's shapes decode to
// the same typed result, round trips, open enums, and the lazy page walks.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "plugboard/pipeshub/client.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::testing::mock_transport;
namespace pipeshub = plugboard::pipeshub;

namespace {

// One instance as the SDK's spec describes it...
constexpr const char* sdk_instance = R"({
  "connectorId": "c-1", "connectorType": "confluence", "instanceName": "Engineering Confluence",
  "scope": "team", "authType": "API_TOKEN", "createdBy": "user-admin", "orgId": "org-1",
  "isActive": true, "isConfigured": true, "isAuthenticated": true, "syncEnabled": true,
  "agentEnabled": true, "createdAt": "2026-01-01T00:00:01.000Z",
  "updatedAt": "2026-01-01T00:00:02.500Z"})";

// ...and as the current pipeshub-ai server sends it.
constexpr const char* server_instance = R"({
  "_key": "c-1", "name": "Engineering Confluence", "type": "confluence", "appGroup": "Atlassian",
  "supportedAuthTypes": ["API_TOKEN", "OAUTH"], "appDescription": "Sync pages",
  "appCategories": ["Knowledge Management"], "iconPath": "/assets/icons/connectors/confluence.svg",
  "supportsRealtime": false, "supportsSync": true, "supportsAgent": true,
  "authType": "API_TOKEN", "isActive": true, "isAgentActive": true, "isConfigured": true,
  "isAuthenticated": true, "status": null, "createdAtTimestamp": 1767225601000,
  "updatedAtTimestamp": 1767225602500, "scope": "team", "createdBy": "user-admin",
  "updatedBy": "user-admin", "isLocked": false})";

pipeshub::connector_instance decode_instance(const char* text) {
  return json::parse(text).get<pipeshub::connector_instance>();
}

// What both shapes must agree on.
void check_same_instance(const pipeshub::connector_instance& c) {
  CHECK(c.connector_id == "c-1");
  CHECK(c.connector_type == "confluence");
  CHECK(c.instance_name == "Engineering Confluence");
  CHECK(c.scope == pipeshub::connector_scope::team);
  CHECK(c.auth_type == pipeshub::connector_auth_type::api_token);
  CHECK(c.created_by == "user-admin");
  CHECK(c.is_active == true);
  CHECK(c.is_configured == true);
  CHECK(c.is_authenticated == true);
  CHECK(c.agent_enabled == true);
  CHECK(c.created_at == "2026-01-01T00:00:01.000Z");
  CHECK(c.updated_at == "2026-01-01T00:00:02.500Z");
}

std::string page_json(const std::string& items, const std::string& pagination) {
  return R"({"success":true,"connectors":[)" + items + R"(],"pagination":)" + pagination + "}";
}

std::string item(int n) {
  return R"({"connectorId":"c-)" + std::to_string(n) + R"(","instanceName":"n)" +
         std::to_string(n) + "\"}";
}

using client_t = pipeshub::client<mock_transport>;

client_t make(mock_transport& mock) {
  return client_t("http://pipeshub.test/api/v1", plugboard::bearer_auth("t"), mock);
}

std::vector<std::string> ids(const std::vector<pipeshub::connector_instance>& items) {
  std::vector<std::string> out;
  for (const auto& c : items) out.push_back(c.connector_id);
  return out;
}

}  // namespace

TEST_CASE("an instance in the SDK's shape and in the server's shape gives the same result") {
  const auto sdk = decode_instance(sdk_instance);
  const auto server = decode_instance(server_instance);
  check_same_instance(sdk);
  check_same_instance(server);

  CHECK(sdk.org_id == "org-1");
  CHECK(sdk.sync_enabled == true);
  CHECK_FALSE(sdk.created_at_timestamp.has_value());
  CHECK(sdk.extra.is_null());

  CHECK(server.created_at_timestamp == 1767225601000);
  CHECK(server.updated_by == "user-admin");
  CHECK(server.is_locked == false);
  CHECK_FALSE(server.status.has_value());
  REQUIRE(server.supported_auth_types.has_value());
  CHECK(server.supported_auth_types->at(1) == pipeshub::connector_auth_type::oauth);
  CHECK(server.app_group == "Atlassian");
  CHECK(server.extra["iconPath"] == "/assets/icons/connectors/confluence.svg");
  CHECK(server.extra["supportsSync"] == true);
  CHECK_FALSE(server.extra.contains("_key"));
}

TEST_CASE("instances round-trip in both shapes; encoding uses the SDK's names") {
  for (const char* text : {sdk_instance, server_instance}) {
    const json once = decode_instance(text);
    const json twice = once.get<pipeshub::connector_instance>();
    CHECK(once == twice);
    CHECK(once["connectorId"] == "c-1");
    CHECK(once["instanceName"] == "Engineering Confluence");
    CHECK(once["connectorType"] == "confluence");
    CHECK_FALSE(once.contains("_key"));
    CHECK_FALSE(once.contains("name"));
    check_same_instance(twice.get<pipeshub::connector_instance>());
  }
}

TEST_CASE("open enums keep values the client does not know") {
  const auto c = decode_instance(
      R"({"_key":"x","scope":"organization","authType":"BEARER_TOKEN","supportedAuthTypes":["NONE","WEIRD"]})");
  CHECK(c.scope == pipeshub::connector_scope::unknown);
  CHECK(c.scope.wire() == "organization");
  CHECK(c.auth_type == pipeshub::connector_auth_type::unknown);
  CHECK(c.auth_type.wire() == "BEARER_TOKEN");
  CHECK(c.supported_auth_types->at(0) == pipeshub::connector_auth_type::none);
  CHECK(c.supported_auth_types->at(1).wire() == "WEIRD");
  const json back = c;
  CHECK(back["scope"] == "organization");
  CHECK(back["authType"] == "BEARER_TOKEN");

  pipeshub::create_connector_request r{"slack", "Chat", pipeshub::connector_scope::team};
  r.auth_type = plugboard::open_enum<pipeshub::auth_type>::from_wire("PASSKEY");
  CHECK(json(r)["authType"] == "PASSKEY");
  r.auth_type = pipeshub::auth_type::service_account;
  CHECK(json(r)["authType"] == "SERVICE_ACCOUNT");
  r.auth_type = pipeshub::auth_type::oauth_admin_consent;
  CHECK(json(r)["authType"] == "OAUTH_ADMIN_CONSENT");
}

TEST_CASE(
    "pagination: total/hasMore (SDK) and totalCount/hasNext (server) map to the same members") {
  const auto sdk = json::parse(R"({"page":2,"limit":20,"total":45,"hasMore":true})")
                       .get<pipeshub::connector_pagination>();
  const auto server = json::parse(R"({"page":2,"limit":20,"totalCount":45,"totalPages":3,
      "hasPrev":true,"hasNext":true,"prevPage":1,"nextPage":3,"search":""})")
                          .get<pipeshub::connector_pagination>();
  for (const auto& p : {sdk, server}) {
    CHECK(p.page == 2);
    CHECK(p.limit == 20);
    CHECK(p.total == 45);
    CHECK(p.has_more == true);
  }
  CHECK(server.total_pages == 3);
  CHECK(server.has_prev == true);
  CHECK(server.prev_page == 1);
  CHECK(server.next_page == 3);
  CHECK(server.search == "");
  const auto last = json::parse(R"({"page":3,"hasNext":false,"prevPage":2,"nextPage":null})")
                        .get<pipeshub::connector_pagination>();
  CHECK(last.has_more == false);
  CHECK_FALSE(last.next_page.has_value());
  const json round = server;
  CHECK(round.get<pipeshub::connector_pagination>().total == 45);
  CHECK(round["total"] == 45);
  CHECK(round["hasMore"] == true);
}

TEST_CASE("listings: flat (SDK, /connectors) and nested (server's /connectors/configured)") {
  const auto flat =
      json::parse(std::string(R"({"success":true,"connectors":[)") + server_instance +
                  R"(],"pagination":{"page":1,"limit":20,"totalCount":1,"hasNext":false}})")
          .get<pipeshub::connector_list>();
  const auto nested =
      json::parse(
          std::string(R"({"success":true,"connectors":{"connectors":[)") + sdk_instance +
          R"(],"pagination":{"page":1,"limit":20,"total":1,"hasMore":false,"search":"eng"}},"requestId":"r-9"})")
          .get<pipeshub::connector_list>();
  for (const auto* list : {&flat, &nested}) {
    CHECK(list->success == true);
    REQUIRE(list->connectors.size() == 1);
    check_same_instance(list->connectors[0]);
    REQUIRE(list->pagination.has_value());
    CHECK(list->pagination->total == 1);
    CHECK(list->pagination->has_more == false);
  }
  CHECK(nested.pagination->search == "eng");
  CHECK(nested.extra == json{{"requestId", "r-9"}});

  // The flat result round-trips, in the SDK's flat shape.
  const json round = nested;
  CHECK(round["connectors"].is_array());
  CHECK(round.get<pipeshub::connector_list>().connectors[0].connector_id == "c-1");

  // /active and /inactive carry no pagination.
  const auto active =
      json::parse(R"({"success":true,"connectors":[]})").get<pipeshub::connector_list>();
  CHECK(active.connectors.empty());
  CHECK_FALSE(active.pagination.has_value());
  CHECK_THROWS_AS(json::parse(R"({"success":true})").get<pipeshub::connector_list>(),
                  plugboard::decode_error);
}

TEST_CASE("create, get and update_name envelopes in both shapes return the connector") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connector_instances();
  // create: the server answers 200 with a short connector and a message; the SDK expects 201.
  mock.enqueue_json(200, R"({"success":true,"message":"Connector instance created successfully.",
      "connector":{"connectorId":"c-9","connectorType":"slack","instanceName":"Chat","created":true,
      "scope":"personal","createdBy":"u-1","isAuthenticated":false,"isConfigured":false}})");
  mock.enqueue_json(201, std::string(R"({"success":true,"connector":)") + sdk_instance + "}");
  const auto server_created = api.create("slack", "Chat", pipeshub::connector_scope::personal);
  CHECK(server_created.connector_id == "c-9");
  CHECK(server_created.scope == pipeshub::connector_scope::personal);
  CHECK(server_created.is_configured == false);
  CHECK(server_created.extra == json{{"created", true}});
  check_same_instance(
      api.create("confluence", "Engineering Confluence", pipeshub::connector_scope::team));

  mock.enqueue_json(200, std::string(R"({"success":true,"connector":)") + server_instance + "}");
  check_same_instance(api.get("c-1"));

  // update_name: the server returns only _key and name.
  mock.enqueue_json(200, R"({"success":true,"connector":{"_key":"c-1","name":"Docs"}})");
  const auto renamed = api.update_name("c-1", "Docs");
  CHECK(renamed.connector_id == "c-1");
  CHECK(renamed.instance_name == "Docs");
}

TEST_CASE("delete_: 202 with status DELETING (server) or 200 with a message (SDK)") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue_json(202, R"({"success":true,"message":"Connector deletion initiated",
      "connectorId":"c-1","status":"DELETING"})");
  mock.enqueue_json(200, R"({"success":true,"message":"Connector instance deleted"})");
  const auto server = c.connector_instances().delete_("c-1");
  CHECK(server.success == true);
  CHECK(server.connector_id == "c-1");
  CHECK(server.status == "DELETING");
  const auto sdk = c.connector_instances().delete_("c-1");
  CHECK(sdk.message == "Connector instance deleted");
  CHECK_FALSE(sdk.status.has_value());
}

TEST_CASE("the create request round-trips with its nested config") {
  pipeshub::create_connector_request r{"google-drive", "Team Drive",
                                       pipeshub::connector_scope::team};
  r.auth_type = pipeshub::auth_type::oauth;
  auto& config = r.config.emplace();
  config.auth.emplace().oauth_config_id = "oc-1";
  auto& sync = config.sync.emplace();
  sync.selected_strategy = pipeshub::sync_strategy::scheduled;
  auto& schedule = sync.scheduled_config.emplace();
  schedule.interval_minutes = 30;
  schedule.timezone = "America/New_York";
  sync.custom_values = {{"batchSize", 50}};
  auto& filters = config.filters.emplace();
  filters.indexing.emplace().values = {{"fileTypes", {"pdf", "docx"}}};
  const json wire = r;
  CHECK(wire == json::parse(R"({"connectorType":"google-drive","instanceName":"Team Drive",
      "scope":"team","authType":"OAUTH","config":{"auth":{"oauthConfigId":"oc-1"},
      "sync":{"selectedStrategy":"SCHEDULED","scheduledConfig":{"intervalMinutes":30,
      "timezone":"America/New_York"},"customValues":{"batchSize":50}},
      "filters":{"indexing":{"values":{"fileTypes":["pdf","docx"]}}}}})"));
  const auto back = wire.get<pipeshub::create_connector_request>();
  CHECK(json(back) == wire);
  CHECK(back.config->sync->selected_strategy == pipeshub::sync_strategy::scheduled);
  // Decoding a sync config without the defaulted keys keeps the SDK's defaults.
  const auto bare = json::parse(R"({"scheduledConfig":{}})").get<pipeshub::connector_sync_config>();
  CHECK(bare.selected_strategy == pipeshub::sync_strategy::manual);
  CHECK(bare.scheduled_config->interval_minutes == 60);
  CHECK(bare.scheduled_config->timezone == "UTC");
}

TEST_CASE("epoch milliseconds become ISO-8601 dates") {
  CHECK(pipeshub::detail::iso8601_from_epoch_ms(0) == "1970-01-01T00:00:00.000Z");
  CHECK(pipeshub::detail::iso8601_from_epoch_ms(951782400123) == "2000-02-29T00:00:00.123Z");
  CHECK(pipeshub::detail::iso8601_from_epoch_ms(1767225599999) == "2025-12-31T23:59:59.999Z");
  CHECK(pipeshub::detail::iso8601_from_epoch_ms(-1) == "1969-12-31T23:59:59.999Z");
}

// ---- lazy page walks -------------------------------------------------------------

TEST_CASE("list_all walks pages lazily until hasMore is false (SDK shape)") {
  mock_transport mock;
  mock.enqueue_json(200, page_json(item(1) + "," + item(2),
                                   R"({"page":1,"limit":2,"total":5,"hasMore":true})"))
      .enqueue_json(200, page_json(item(3) + "," + item(4),
                                   R"({"page":2,"limit":2,"total":5,"hasMore":true})"))
      .enqueue_json(200, page_json(item(5), R"({"page":3,"limit":2,"total":5,"hasMore":false})"));
  auto c = make(mock);
  pipeshub::list_params params;
  params.limit = 2;
  params.search = "n";
  auto all = c.connector_instances().list_all(params);
  CHECK(mock.call_count() == 0);
  auto it = all.begin();
  CHECK(mock.call_count() == 1);
  CHECK(it->connector_id == "c-1");
  std::vector<std::string> seen;
  for (; it != all.end(); ++it) seen.push_back(it->connector_id);
  CHECK(seen == std::vector<std::string>{"c-1", "c-2", "c-3", "c-4", "c-5"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  CHECK(sent[0].target == "/api/v1/connectors?page=1&limit=2&search=n");
  CHECK(sent[1].target == "/api/v1/connectors?page=2&limit=2&search=n");
  CHECK(sent[2].target == "/api/v1/connectors?page=3&limit=2&search=n");
}

TEST_CASE("list_configured_all follows hasNext through the server's nested shape") {
  mock_transport mock;
  const auto nested = [](const std::string& items, const std::string& pagination) {
    return R"({"success":true,"connectors":{"connectors":[)" + items + R"(],"pagination":)" +
           pagination + "}}";
  };
  mock.enqueue_json(200, nested(item(1), R"({"page":3,"limit":1,"totalCount":2,"hasNext":true})"))
      .enqueue_json(200, nested(item(2), R"({"page":4,"limit":1,"totalCount":2,"hasNext":false})"));
  auto c = make(mock);
  pipeshub::list_params params;
  params.page = 3;
  params.limit = 1;
  CHECK(ids(c.connector_instances().list_configured_all(params).collect()) ==
        std::vector<std::string>{"c-1", "c-2"});
  CHECK(mock.requests()[1].target == "/api/v1/connectors/configured?page=4&limit=1");
  CHECK(mock.call_count() == 2);
}

TEST_CASE("list_active_agents_all stops on an empty page, or at the total without hasMore") {
  mock_transport mock;
  mock.enqueue_json(200, page_json(item(1), R"({"page":1,"limit":1,"hasNext":true})"))
      .enqueue_json(200, page_json("", R"({"page":2,"limit":1,"hasNext":true})"));
  auto c = make(mock);
  pipeshub::list_params params;
  params.limit = 1;
  CHECK(ids(c.connector_instances().list_active_agents_all(params).collect()) ==
        std::vector<std::string>{"c-1"});
  CHECK(mock.call_count() == 2);
  CHECK(mock.requests()[1].target == "/api/v1/connectors/agents/active?page=2&limit=1");

  mock.clear();
  mock.enqueue_json(200, page_json(item(1) + "," + item(2), R"({"page":1,"limit":2,"total":3})"))
      .enqueue_json(200, page_json(item(3), R"({"page":2,"limit":2,"total":3})"));
  params.limit = 2;
  CHECK(c.connector_instances().list_active_agents_all(params).collect().size() == 3);
  CHECK(mock.call_count() == 2);

  // No pagination at all: a short page is the last one.
  mock.clear();
  mock.enqueue_json(200, R"({"connectors":[)" + item(1) + "]}");
  CHECK(c.connector_instances().list_all().collect().size() == 1);
  CHECK(mock.call_count() == 1);
}

TEST_CASE("a failing page throws from the walk, with return_errors too") {
  mock_transport mock;
  mock.enqueue_json(200, page_json(item(1), R"({"page":1,"limit":1,"hasMore":true})"))
      .enqueue_json(500, R"({"error":{"code":"HTTP_INTERNAL_SERVER_ERROR","message":"boom"}})");
  pipeshub::client<mock_transport, plugboard::bearer_auth, plugboard::json_serializer,
                   plugboard::no_retry, plugboard::return_errors>
      safe("http://pipeshub.test/api/v1", plugboard::bearer_auth("t"), mock);
  pipeshub::list_params params;
  params.limit = 1;
  auto all = safe.connector_instances().list_all(params);
  auto it = all.begin();
  CHECK(it->connector_id == "c-1");
  CHECK_THROWS_AS(++it, plugboard::api_error);

  mock.enqueue_json(
      404, R"({"error":{"code":"HTTP_NOT_FOUND","message":"Connector instance not found"}})");
  const auto missing = safe.connector_instances().get("nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status() == 404);
}
