// SPDX-License-Identifier: MIT
// Fivetran's generated `webhooks` (/v1/webhooks, 7 operations) and `metadata`
// (/v1/metadata/connector-types, 2 operations) groups: the exact request of
// each operation through client.webhooks() and client.metadata(), the answer
// decoded, the lazy `_all` walks, bad input refused before sending, both
// error policies, the rate budgets and the compile-time checks of every
// descriptor. Paths, wire names and answers are written from Fivetran's
// OpenAPI document.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/fivetran/generated/metadata.hpp"
#include "plugboard/fivetran/generated/webhooks.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/fivetran_requests.hpp"
#include "support/test_support.hpp"

using fivetran_test::acknowledgement_of;
using fivetran_test::check_common;
using fivetran_test::check_json_body;
using fivetran_test::check_no_body;
using fivetran_test::envelope_of;
using fivetran_test::make;
using fivetran_test::page_of;
using plugboard::json;
using plugboard::method;
using plugboard::testing::mock_transport;
namespace fivetran = plugboard::fivetran;
namespace api = plugboard::fivetran::api;

namespace {

// WebhookResponse.
std::string webhook_json(const std::string& id, const std::string& type) {
  std::string out = R"({"id":)";
  out.append(json(id).dump())
      .append(R"(, "type": )")
      .append(json(type).dump())
      .append(R"(, "url": "https://your-host.your-domain/webhook",
    "events": ["sync_start", "sync_end"], "active": true, "secret": "******",
    "group_id": "projected_sickle", "created_at": "2024-01-01T00:00:00Z",
    "created_by": "user_id", "delivery": "at_least_once"})");
  return out;
}

// MetadataResponseShort: the items of the connector type listing.
std::string connector_type_summary_json(const std::string& id, const std::string& type) {
  std::string out = R"({"id":)";
  out.append(json(id).dump())
      .append(R"(, "name": "Google Ads", "type": )")
      .append(json(type).dump())
      .append(R"(, "description": "Online advertising",
    "icons": ["https://fivetran.com/integrations/google_ads/resources/google-ads.svg"],
    "icon_url": "https://fivetran.com/integrations/google_ads/resources/google-ads.png",
    "link_to_docs": "https://fivetran.com/docs/connectors/applications/google-ads",
    "connector_class": "standard", "service_status": "general_availability",
    "supported_features": [{"id": "API_CONFIGURABLE"}, {"id": "QUANTUM_SYNC", "notes": "new"}]})");
  return out;
}

void check_webhook(const api::webhook_response& w) {
  CHECK(w.url == "https://your-host.your-domain/webhook");
  CHECK(w.events == std::vector<std::string>{"sync_start", "sync_end"});
  CHECK(w.active);
  CHECK(w.secret == "******");
  CHECK(w.group_id == "projected_sickle");
  CHECK(w.created_at == "2024-01-01T00:00:00Z");
  CHECK(w.created_by == "user_id");
  CHECK(w.extra == json{{"delivery", "at_least_once"}});  // an undocumented key is kept
}

template <class Call>
void check_refused(mock_transport& mock, const char* argument, Call&& call) {
  const auto before = mock.call_count();
  try {
    call();
    FAIL("no usage_error for " << argument);
  } catch (const plugboard::usage_error& e) {
    CHECK(e.argument() == argument);
  }
  CHECK(mock.call_count() == before);
}

}  // namespace

// ---- /v1/webhooks ----------------------------------------------------------

TEST_CASE("list_all_webhooks: GET /v1/webhooks with cursor and limit, the page decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(page_of(webhook_json("wh_account", "account") + "," +
                                                 webhook_json("wh_other", "connection"),
                                             R"("eyJza2lwIjoyfQ")"),
                                     "Webhooks retrieved successfully"))
      .enqueue_json(200, envelope_of(page_of("", "")));
  auto c = make(mock);
  const auto page = c.webhooks().list_all_webhooks();
  auto req = mock.last_request();
  check_common(req, method::get, "/v1/webhooks");
  check_no_body(req);
  CHECK(page.code == "Success");
  CHECK(page.message == "Webhooks retrieved successfully");
  REQUIRE(page.data.items.size() == 2);
  CHECK(page.data.items[0].id == "wh_account");
  CHECK(page.data.items[0].type == api::webhook_response_type::account);
  check_webhook(page.data.items[0]);
  // An undocumented type decodes as unknown and keeps what was sent.
  CHECK(page.data.items[1].type == api::webhook_response_type::unknown);
  CHECK_FALSE(page.data.items[1].type.is_known());
  CHECK(page.data.items[1].type.wire() == "connection");
  CHECK(page.data.next_cursor == "eyJza2lwIjoyfQ");

  const auto last = c.webhooks().list_all_webhooks("eyJ+/=", 25);
  req = mock.last_request();
  check_common(req, method::get, "/v1/webhooks?cursor=eyJ%2B%2F%3D&limit=25");
  check_no_body(req);
  CHECK_FALSE(last.data.has_more());
}

TEST_CASE("list_all_webhooks_all: three pages, cursor forwarded, limit kept") {
  mock_transport mock;
  mock.enqueue_json(
          200, envelope_of(page_of(webhook_json("a", "group") + "," + webhook_json("b", "group"),
                                   R"("c1")")))
      .enqueue_json(200, envelope_of(page_of(webhook_json("c", "account"), R"("c2")")))
      .enqueue_json(200, envelope_of(page_of(webhook_json("d", "group"), "")));
  auto c = make(mock);
  auto all = c.webhooks().list_all_webhooks_all(2);
  CHECK(mock.call_count() == 0);  // nothing until iterated
  std::vector<std::string> ids;
  for (const auto& w : all) ids.push_back(w.id);
  CHECK(ids == std::vector<std::string>{"a", "b", "c", "d"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_common(sent[0], method::get, "/v1/webhooks?limit=2");
  check_common(sent[1], method::get, "/v1/webhooks?cursor=c1&limit=2");
  check_common(sent[2], method::get, "/v1/webhooks?cursor=c2&limit=2");
  for (const auto& req : sent) check_no_body(req);
}

TEST_CASE("list_all_webhooks_all: an empty cursor ends the walk, a repeated one is refused") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue_json(200, envelope_of(page_of(webhook_json("a", "group"), R"("")")));
  CHECK(c.webhooks().list_all_webhooks_all().collect().size() == 1);
  CHECK(mock.call_count() == 1);
  CHECK(mock.last_request().target == "/v1/webhooks");

  mock.clear();
  mock.enqueue_json(200, envelope_of(page_of(webhook_json("a", "group"), R"("same")")))
      .enqueue_json(200, envelope_of(page_of(webhook_json("b", "group"), R"("same")")))
      .enqueue_json(200, envelope_of(page_of(webhook_json("c", "group"), "")));
  auto looping = c.webhooks().list_all_webhooks_all(10);
  try {
    looping.collect();
    FAIL("no paging_error");
  } catch (const plugboard::paging_error& e) {
    CHECK(e.failure() == plugboard::paging_failure::repeated_cursor);
  }
  CHECK(mock.call_count() == 2);
  CHECK(mock.pending() == 1);
}

TEST_CASE("create_account_webhook: POST /v1/webhooks/account {url, events, active, secret}") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(webhook_json("wh_account", "account"),
                                     "Account webhook has been created"))
      .enqueue_json(200, envelope_of(webhook_json("wh_account", "account")));
  auto c = make(mock);
  api::webhook_request body;
  body.url = "https://your-host.your-domain/webhook";
  body.events = {"sync_start", "sync_end"};
  body.active = true;
  body.secret = "my_secret";
  const auto created = c.webhooks().create_account_webhook(body);
  auto req = mock.last_request();
  check_common(req, method::post, "/v1/webhooks/account");
  check_json_body(req, {{"url", "https://your-host.your-domain/webhook"},
                        {"events", {"sync_start", "sync_end"}},
                        {"active", true},
                        {"secret", "my_secret"}});
  CHECK(created.message == "Account webhook has been created");
  CHECK(created.data.id == "wh_account");
  CHECK(created.data.type == api::webhook_response_type::account);
  check_webhook(created.data);

  api::webhook_request minimal;
  minimal.url = "https://your-host.your-domain/webhook";
  minimal.events = {"connection_failure"};
  c.webhooks().create_account_webhook(minimal);
  req = mock.last_request();
  check_common(req, method::post, "/v1/webhooks/account");
  check_json_body(
      req, {{"url", "https://your-host.your-domain/webhook"}, {"events", {"connection_failure"}}});
}

TEST_CASE("create_group_webhook: POST /v1/webhooks/group/{groupId}") {
  mock_transport mock;
  mock.enqueue_json(
      200, envelope_of(webhook_json("wh_group", "group"), "Group webhook has been created"));
  auto c = make(mock);
  api::webhook_request_create_group_webhook body;
  body.url = "https://your-host.your-domain/webhook";
  body.events = {"sync_end", "create_connector"};
  body.active = false;
  const auto created = c.webhooks().create_group_webhook("projected_sickle", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/webhooks/group/projected_sickle");
  check_json_body(req, {{"url", "https://your-host.your-domain/webhook"},
                        {"events", {"sync_end", "create_connector"}},
                        {"active", false}});
  CHECK(created.message == "Group webhook has been created");
  CHECK(created.data.id == "wh_group");
  CHECK(created.data.type == api::webhook_response_type::group);
  check_webhook(created.data);
}

TEST_CASE("webhook_details: GET /v1/webhooks/{webhookId}, no body") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(webhook_json("wh_group", "group"),
                                     "Webhook details retrieved successfully"));
  auto c = make(mock);
  const auto details = c.webhooks().webhook_details("wh_group");
  const auto req = mock.last_request();
  check_common(req, method::get, "/v1/webhooks/wh_group");
  check_no_body(req);
  CHECK(details.message == "Webhook details retrieved successfully");
  CHECK(details.data.id == "wh_group");
  check_webhook(details.data);
}

TEST_CASE("delete_webhook: DELETE /v1/webhooks/{webhookId}, no body, code and message") {
  mock_transport mock;
  mock.enqueue_json(200, acknowledgement_of("Webhook with id 'wh_group' has been deleted"));
  auto c = make(mock);
  const auto deleted = c.webhooks().delete_webhook("wh_group");
  const auto req = mock.last_request();
  check_common(req, method::delete_, "/v1/webhooks/wh_group");
  check_no_body(req);
  CHECK(deleted.code == "Success");
  CHECK(deleted.message == "Webhook with id 'wh_group' has been deleted");
}

TEST_CASE("modify_webhook: PATCH /v1/webhooks/{webhookId} with only the fields set") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(webhook_json("wh_group", "group"), "Webhook has been updated"))
      .enqueue_json(200, envelope_of(webhook_json("wh_group", "group")));
  auto c = make(mock);
  api::webhook_request_modify_webhook changes;
  changes.active = false;
  changes.events = std::vector<std::string>{"sync_end"};
  const auto modified = c.webhooks().modify_webhook("wh_group", changes);
  auto req = mock.last_request();
  check_common(req, method::patch, "/v1/webhooks/wh_group");
  check_json_body(req, {{"active", false}, {"events", {"sync_end"}}});
  CHECK(modified.message == "Webhook has been updated");
  check_webhook(modified.data);

  c.webhooks().modify_webhook("wh_group", {});
  req = mock.last_request();
  check_common(req, method::patch, "/v1/webhooks/wh_group");
  CHECK(req.body == "{}");
  check_json_body(req, json::object());
}

TEST_CASE("test_webhook: POST /v1/webhooks/{webhookId}/test {event}, the result decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"succeed": true, "status": 200, "message": "Success"})",
                                     "Webhook test completed successfully"))
      .enqueue_json(200, envelope_of(R"({"succeed": false, "status": 503})"));
  auto c = make(mock);
  api::webhook_test_request body;
  body.event = "sync_end";
  const auto tested = c.webhooks().test_webhook("wh_group", body);
  auto req = mock.last_request();
  check_common(req, method::post, "/v1/webhooks/wh_group/test");
  check_json_body(req, {{"event", "sync_end"}});
  CHECK(tested.message == "Webhook test completed successfully");
  CHECK(tested.data.succeed);
  CHECK(tested.data.status == 200);
  CHECK(tested.data.message == "Success");

  const auto failed = c.webhooks().test_webhook("wh_group", body);
  CHECK_FALSE(failed.data.succeed);
  CHECK(failed.data.status == 503);
  CHECK_FALSE(failed.data.message.has_value());
}

// ---- /v1/metadata/connector-types ------------------------------------------

TEST_CASE("list_connector_types: GET /v1/metadata/connector-types, the page decoded") {
  mock_transport mock;
  mock.enqueue_json(
          200, envelope_of(page_of(connector_type_summary_json("google_ads", "Marketing") + "," +
                                       connector_type_summary_json("quantum_db", "Quantum"),
                                   R"("eyJza2lwIjoyfQ")"),
                           "Connectors list retrieved successfully"))
      .enqueue_json(200, envelope_of(page_of("", "")));
  auto c = make(mock);
  const auto page = c.metadata().list_connector_types();
  auto req = mock.last_request();
  check_common(req, method::get, "/v1/metadata/connector-types");
  check_no_body(req);
  CHECK(page.message == "Connectors list retrieved successfully");
  REQUIRE(page.data.items.size() == 2);
  const auto& ads = page.data.items[0];
  CHECK(ads.id == "google_ads");
  CHECK(ads.name == "Google Ads");
  CHECK(ads.type == api::type::marketing);
  CHECK(ads.connector_class == api::connector_class::standard);
  CHECK(ads.service_status == api::service_status::general_availability);
  CHECK(ads.icon_url == "https://fivetran.com/integrations/google_ads/resources/google-ads.png");
  REQUIRE(ads.icons.has_value());
  CHECK(ads.icons->size() == 1);
  REQUIRE(ads.supported_features.has_value());
  REQUIRE(ads.supported_features->size() == 2);
  CHECK(ads.supported_features->at(0).id == api::id::api_configurable);
  CHECK(ads.supported_features->at(1).id == api::id::unknown);
  CHECK(ads.supported_features->at(1).id.wire() == "QUANTUM_SYNC");
  CHECK(ads.supported_features->at(1).notes == "new");
  CHECK(page.data.items[1].type == api::type::unknown);
  CHECK(page.data.items[1].type.wire() == "Quantum");
  CHECK(page.data.next_cursor == "eyJza2lwIjoyfQ");

  c.metadata().list_connector_types("a b", 1000);
  req = mock.last_request();
  check_common(req, method::get, "/v1/metadata/connector-types?cursor=a+b&limit=1000");
}

TEST_CASE("list_connector_types_all: three pages, cursor forwarded, limit kept") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(page_of(connector_type_summary_json("a", "API"), R"("c1")")))
      .enqueue_json(200,
                    envelope_of(page_of(connector_type_summary_json("b", "Database"), R"("c2")")))
      .enqueue_json(200, envelope_of(page_of(connector_type_summary_json("c", "File"), "null")));
  auto c = make(mock);
  std::vector<std::string> ids;
  for (const auto& t : c.metadata().list_connector_types_all(100)) ids.push_back(t.id);
  CHECK(ids == std::vector<std::string>{"a", "b", "c"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_common(sent[0], method::get, "/v1/metadata/connector-types?limit=100");
  check_common(sent[1], method::get, "/v1/metadata/connector-types?cursor=c1&limit=100");
  check_common(sent[2], method::get, "/v1/metadata/connector-types?cursor=c2&limit=100");

  mock.clear();
  mock.enqueue_json(200, envelope_of(page_of(connector_type_summary_json("a", "API"), R"("x")")))
      .enqueue_json(200, envelope_of(page_of(connector_type_summary_json("b", "API"), R"("x")")));
  CHECK_THROWS_AS(c.metadata().list_connector_types_all().collect(), plugboard::paging_error);
  CHECK(mock.call_count() == 2);
}

TEST_CASE("connector_type_details: GET /v1/metadata/connector-types/{service}") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"id": "google_ads", "name": "Google Ads",
      "type": "Marketing", "description": "Online advertising", "connector_class": "lite",
      "service_status": "sunset", "service_status_updated_at": "2024-06-01T00:00:00Z",
      "link_to_erd": "https://docs.google.com/presentation/d/1/embed",
      "config": {"type": "object", "properties": {"customer_id": {"type": "string"}},
                 "required": ["customer_id"]},
      "auth": {"type": "object", "properties": {"refresh_token": {"type": "string"}}},
      "external_secrets_keys_config": {"refresh_token": {"supported": true}},
      "supported_features": [{"id": "RE_SYNC"}, {"id": "HISTORY", "notes": "tables only"}]})",
                                     "Connector configuration retrieved successfully"));
  auto c = make(mock);
  const auto details = c.metadata().connector_type_details("google_ads");
  const auto req = mock.last_request();
  check_common(req, method::get, "/v1/metadata/connector-types/google_ads");
  check_no_body(req);
  CHECK(details.message == "Connector configuration retrieved successfully");
  const auto& t = details.data;
  CHECK(t.id == "google_ads");
  CHECK(t.type == api::type::marketing);
  CHECK(t.connector_class == api::connector_class::lite);
  CHECK(t.service_status == api::service_status::sunset);
  CHECK(t.service_status_updated_at == "2024-06-01T00:00:00Z");
  CHECK(t.link_to_erd == "https://docs.google.com/presentation/d/1/embed");
  CHECK(t.config["required"] == json::array({"customer_id"}));
  CHECK(t.auth["properties"].contains("refresh_token"));
  CHECK(t.external_secrets_keys_config == json{{"refresh_token", {{"supported", true}}}});
  REQUIRE(t.supported_features.has_value());
  CHECK(t.supported_features->at(0).id == api::id::re_sync);
  CHECK(t.supported_features->at(1).id == api::id::history);
  CHECK(t.supported_features->at(1).notes == "tables only");
  CHECK_FALSE(t.icons.has_value());
}

// ---- bad input, path encoding, errors --------------------------------------

TEST_CASE("a bad limit is refused before anything is sent, by every listing and walk") {
  mock_transport mock;
  auto c = make(mock);
  for (int limit : {0, -1, 1001}) {
    CAPTURE(limit);
    check_refused(mock, "limit", [&] { c.webhooks().list_all_webhooks(std::nullopt, limit); });
    check_refused(mock, "limit", [&] { c.webhooks().list_all_webhooks_all(limit); });
    check_refused(mock, "limit", [&] { c.metadata().list_connector_types(std::nullopt, limit); });
    check_refused(mock, "limit", [&] { c.metadata().list_connector_types_all(limit); });
  }
  CHECK(mock.call_count() == 0);

  // 1 and 1000 are the document's bounds and are sent.
  mock.enqueue_json(200, envelope_of(page_of("", "")))
      .enqueue_json(200, envelope_of(page_of("", "")));
  c.webhooks().list_all_webhooks(std::nullopt, 1);
  CHECK(mock.last_request().target == "/v1/webhooks?limit=1");
  c.metadata().list_connector_types(std::nullopt, 1000);
  CHECK(mock.last_request().target == "/v1/metadata/connector-types?limit=1000");
}

TEST_CASE("an empty path value is refused before anything is sent, for every operation") {
  mock_transport mock;
  auto c = make(mock);
  api::webhook_request_create_group_webhook group_body;
  group_body.url = "https://your-host.your-domain/webhook";
  group_body.events = {"sync_end"};
  check_refused(mock, "group_id", [&] { c.webhooks().create_group_webhook("", group_body); });
  check_refused(mock, "webhook_id", [&] { c.webhooks().webhook_details(""); });
  check_refused(mock, "webhook_id", [&] { c.webhooks().delete_webhook(""); });
  check_refused(mock, "webhook_id", [&] { c.webhooks().modify_webhook("", {}); });
  api::webhook_test_request test_body;
  test_body.event = "sync_start";
  check_refused(mock, "webhook_id", [&] { c.webhooks().test_webhook("", test_body); });
  check_refused(mock, "service", [&] { c.metadata().connector_type_details(""); });
  CHECK(mock.call_count() == 0);
}

TEST_CASE("a path value with '/', '?', '#' or '..' stays one percent-encoded segment") {
  mock_transport mock;
  mock.route([](const plugboard::request&) -> std::optional<plugboard::response> {
    return plugboard_test::json_response(200, R"({"code":"Success","message":"done"})");
  });
  auto c = make(mock);
  c.webhooks().delete_webhook("a/../b?c=d#e");
  CHECK(mock.last_request().target == "/v1/webhooks/a%2F..%2Fb%3Fc%3Dd%23e");
  CHECK(mock.last_request().path() == mock.last_request().target);  // no query smuggled in
  c.webhooks().delete_webhook("..");
  CHECK(mock.last_request().target == "/v1/webhooks/%2E%2E");
  c.webhooks().delete_webhook("account");  // a webhook id, not the /account route's POST
  CHECK(mock.last_request().target == "/v1/webhooks/account");

  mock.enqueue_json(200, envelope_of(R"({"succeed": true, "status": 200})"));
  api::webhook_test_request body;
  body.event = "sync_end";
  c.webhooks().test_webhook("../account?x#y", body);
  CHECK(mock.last_request().target == "/v1/webhooks/..%2Faccount%3Fx%23y/test");

  mock.enqueue_json(200, envelope_of(webhook_json("w", "group")));
  api::webhook_request_create_group_webhook group_body;
  group_body.url = "https://your-host.your-domain/webhook";
  group_body.events = {"sync_end"};
  c.webhooks().create_group_webhook("g/1?#", group_body);
  CHECK(mock.last_request().target == "/v1/webhooks/group/g%2F1%3F%23");

  mock.enqueue_json(200, envelope_of(R"({"id": "x", "name": "X", "type": "API"})"));
  c.metadata().connector_type_details("../connections?limit=1#");
  CHECK(mock.last_request().target ==
        "/v1/metadata/connector-types/..%2Fconnections%3Flimit%3D1%23");
  CHECK(mock.last_request().path() == mock.last_request().target);
}

TEST_CASE("a 404 is api_error with Fivetran's code, thrown or returned as the policy says") {
  const std::string not_found =
      R"({"code":"NotFound_Connection","message":"Connection with id 'gone' doesn't exist"})";
  {
    mock_transport mock;
    auto c = make(mock);
    mock.enqueue_json(404, not_found);
    try {
      c.webhooks().webhook_details("gone");
      FAIL("no api_error");
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == 404);
      CHECK(e.service_code() == "NotFound_Connection");
      CHECK(e.service_message() == "Connection with id 'gone' doesn't exist");
      CHECK(e.request_line() == "GET https://api.fivetran.test/v1/webhooks/gone");
    }
    mock.enqueue_json(404, not_found);
    try {
      c.metadata().connector_type_details("gone");
      FAIL("no api_error");
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == 404);
      CHECK(e.service_code() == "NotFound_Connection");
    }
  }
  {
    mock_transport mock;
    fivetran::client<mock_transport, plugboard::return_errors> c(
        fivetran_test::origin, fivetran::api_key("key-123", "secret-456"), mock);
    mock.enqueue_json(404, not_found);
    const auto missing = c.webhooks().delete_webhook("gone");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind() == plugboard::error_kind::api);
    CHECK(missing.error().status() == 404);
    const auto* e = missing.error().as<plugboard::api_error>();
    REQUIRE(e != nullptr);
    CHECK(e->service_code() == "NotFound_Connection");
    CHECK(e->service_message() == "Connection with id 'gone' doesn't exist");
    check_common(mock.last_request(), method::delete_, "/v1/webhooks/gone");

    mock.enqueue_json(404, not_found);
    const auto no_type = c.metadata().connector_type_details("gone");
    REQUIRE_FALSE(no_type.ok());
    CHECK(no_type.error().as<plugboard::api_error>()->service_code() == "NotFound_Connection");

    const auto refused = c.webhooks().webhook_details("");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind() == plugboard::error_kind::usage);
    CHECK(mock.call_count() == 2);

    mock.enqueue_json(200, envelope_of(webhook_json("wh_group", "group")));
    const auto found = c.webhooks().webhook_details("wh_group");
    REQUIRE(found.ok());
    CHECK(found->data.id == "wh_group");
  }
}

// ---- descriptors -----------------------------------------------------------

namespace {

template <class... E>
constexpr bool all_valid(plugboard::type_list<E...>) {
  return (plugboard::is_valid_endpoint<E>() && ...);
}

static_assert(api::webhooks_endpoints::size == 7);
static_assert(api::metadata_endpoints::size == 2);
static_assert(all_valid(api::webhooks_endpoints{}));
static_assert(all_valid(api::metadata_endpoints{}));

// The selection file puts none of these in a budget of its own.
template <class List>
std::vector<std::string_view> checked_operations(List list) {
  std::vector<std::string_view> operations;
  plugboard::for_each_type(list, [&](auto tag) {
    using E = typename decltype(tag)::type;
    static_assert(plugboard::is_valid_endpoint<E>());
    using traits = plugboard::endpoint_traits<E>;
    CAPTURE(traits::operation);
    CHECK(traits::budget_class == "default");
    CHECK(traits::service == "fivetran");
    CHECK(traits::accept == "application/json");  // the document's, for these
    CHECK_FALSE(E::summary.empty());
    operations.push_back(traits::operation);
  });
  return operations;
}

}  // namespace

TEST_CASE("every webhooks and metadata descriptor is valid, named, and in the default budget") {
  CHECK(checked_operations(api::webhooks_endpoints{}) ==
        std::vector<std::string_view>{"list_all_webhooks", "create_account_webhook",
                                      "create_group_webhook", "webhook_details", "delete_webhook",
                                      "modify_webhook", "test_webhook"});
  CHECK(checked_operations(api::metadata_endpoints{}) ==
        std::vector<std::string_view>{"list_connector_types", "connector_type_details"});
}
