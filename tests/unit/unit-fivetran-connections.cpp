// SPDX-License-Identifier: MIT
// Fivetran's generated `connections` group (/v1/connections and
// /v1/groups/{groupId}/connections, 31 operations): the exact request of
// each operation through client.connections(), the answer decoded, the lazy
// `_all` walks, bad input refused before sending, both error policies, the
// rate budgets and the compile-time checks of every descriptor. Paths, wire
// names and answers are written from Fivetran's OpenAPI document.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/fivetran/generated/connections.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/fivetran_requests.hpp"
#include "support/test_support.hpp"

using fivetran_test::acknowledgement_of;
using fivetran_test::check_common;
using fivetran_test::check_json_body;
using fivetran_test::check_no_body;
using fivetran_test::envelope_of;
using fivetran_test::expected_accept;
using fivetran_test::make;
using fivetran_test::page_of;
using plugboard::json;
using plugboard::method;
using plugboard::testing::mock_transport;
namespace fivetran = plugboard::fivetran;
namespace api = plugboard::fivetran::api;

namespace {

// ConnectorResponseV1 (details, create, modify, setup tests), with keys the
// model does not declare (`config`), an undocumented setup test status and
// the documented networking method "Unknown".
constexpr const char* connection_json = R"({
  "id": "speak_inexpensive", "service": "postgres", "schema": "pg_main", "paused": false,
  "status": {"setup_state": "connected", "schema_status": "ready", "sync_state": "scheduled",
             "update_state": "on_schedule", "is_historical_sync": false,
             "tasks": [{"code": "reconnect", "message": "Reconnect", "details": "token expired"}],
             "warnings": [{"code": "slow_source", "message": "The source is slow"}]},
  "group_id": "projected_sickle", "service_version": 1, "connected_by": "priceless_odour",
  "created_at": "2023-12-01T15:43:29.013729Z", "succeeded_at": "2024-03-17T12:31:40.870504Z",
  "failed_at": null, "pause_after_trial": false, "sync_frequency": 1440,
  "data_delay_threshold": 0, "data_delay_sensitivity": "NORMAL",
  "networking_method": "Unknown", "daily_sync_time": "14:00", "schedule_type": "auto",
  "setup_tests": [{"title": "Validate Login", "status": "PASSED", "message": ""},
                  {"title": "Validate Replication Slot", "status": "FLAKY",
                   "message": "retrying", "details": {"attempts": 2}}],
  "source_sync_details": {"last_synced": "2024-03-17T12:31:40.870504Z"},
  "connect_card": {"token": "eyJ0eXAi", "uri": "https://fivetran.com/connect-card/setup?auth=eyJ0eXAi"},
  "connect_card_config": {"redirect_uri": "https://your.site/path", "hide_setup_guide": true},
  "destination_configuration": {"virtual_warehouse": "COMPUTE_WH"},
  "destination_schema_names": "SOURCE_NAMING",
  "config": {"host": "db.example.com", "port": 5432, "password": "******"}})";

// ConnectorResponse: the items of the connection listings.
std::string summary_json(const std::string& id, const std::string& networking_method) {
  std::string out = R"({"id":)";
  out.append(json(id).dump())
      .append(R"(,
    "service": "google_sheets", "schema": "gsheets.table", "paused": true,
    "status": {"setup_state": "incomplete", "sync_state": "paused", "update_state": "delayed",
               "is_historical_sync": true, "rescheduled_for": "2024-12-01T15:43:29.013729Z"},
    "config": {"sheet_id": {"url": "https://docs.google.com/spreadsheets/d/1"}},
    "group_id": "projected_sickle", "connected_by": "user_id",
    "created_at": "2024-12-01T15:43:29.013729Z", "pause_after_trial": false,
    "sync_frequency": 360, "schedule_type": "manual", "data_delay_sensitivity": "HIGH",
    "networking_method": )")
      .append(json(networking_method).dump())
      .append(R"(, "external_secrets_keys_config": {"password": "vault/pg"}})");
  return out;
}

// StandardConfigResponse: schemas -> tables -> columns, keyed by name.
constexpr const char* standard_config_json = R"({
  "enable_new_by_default": true, "schema_change_handling": "ALLOW_COLUMNS",
  "schemas": {
    "public": {"name_in_destination": "pg_public", "enabled": true, "tables": {
      "orders": {"sync_mode": "HISTORY", "name_in_destination": "orders", "enabled": true,
                 "supports_columns_config": true, "supports_history_mode": true,
                 "enabled_patch_settings": {"allowed": true},
                 "columns": {
                   "id": {"name_in_destination": "id", "enabled": true, "hashed": false,
                          "is_primary_key": true,
                          "enabled_patch_settings": {"allowed": false, "reason_code": "SYSTEM_COLUMN",
                                                     "reason": "primary key"}},
                   "email": {"name_in_destination": "email", "enabled": true, "hashed": true,
                             "enabled_patch_settings": {"allowed": true}}}},
      "_fivetran_audit": {"sync_mode": "APPEND_ONLY", "name_in_destination": "fivetran_audit",
                          "enabled": false, "supports_columns_config": false,
                          "supports_history_mode": false, "columns": {},
                          "enabled_patch_settings": {"allowed": false,
                                                     "reason_code": "SYSTEM_TABLE"}}}},
    "sales": {"name_in_destination": "pg_sales", "enabled": false, "tables": {}}}})";

// CertificateDetailsResponse.
std::string certificate_json(const std::string& id) {
  std::string out = R"({"id":)";
  out.append(json(id).dump()).append(R"(, "name": "db.example.com", "hash": "jhg5UI7fgrI6yy",
    "type": "TLS", "sha1": "c8de1d13vtu435ilj435lj345796d8jh7hk8hgk",
    "sha256": "5vt6rt6jtr654eef94ec3f91122a623b389f4d331ff330026e43af21013vb45f",
    "public_key": "Sun RSA public key, 2048 bits", "validated_date": "2023-08-20T10:15:20.677566Z",
    "validated_by": "user_id"})");
  return out;
}

// FingerprintDetailsResponse.
std::string fingerprint_json(const std::string& id) {
  std::string out = R"({"id":)";
  out.append(json(id).dump()).append(R"(, "hash": "eUtPirI6yy",
    "public_key": "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6 fivetran user key",
    "validated_date": "2024-01-01T00:00:00Z", "validated_by": "user_id"})");
  return out;
}

void check_connection(const api::connection& c) {
  CHECK(c.id == "speak_inexpensive");
  CHECK(c.service == "postgres");
  CHECK(c.schema == "pg_main");
  CHECK(c.group_id == "projected_sickle");
  CHECK(c.service_version == 1);
  CHECK(c.connected_by == "priceless_odour");
  CHECK(c.created_at == "2023-12-01T15:43:29.013729Z");
  CHECK(c.succeeded_at == "2024-03-17T12:31:40.870504Z");
  CHECK_FALSE(c.failed_at.has_value());
  CHECK(c.sync_frequency == 1440);
  CHECK(c.daily_sync_time == "14:00");
  CHECK(c.schedule_type == "auto");
  CHECK(c.status.setup_state == "connected");
  CHECK(c.status.sync_state == "scheduled");
  CHECK(c.status.update_state == "on_schedule");
  CHECK(c.status.schema_status == "ready");
  REQUIRE(c.status.tasks.has_value());
  CHECK(c.status.tasks->at(0).details == "token expired");
  REQUIRE(c.status.warnings.has_value());
  CHECK(c.status.warnings->at(0).code == "slow_source");
  CHECK(c.data_delay_sensitivity == api::data_delay_sensitivity::normal);
  // "Unknown" is one of the document's values, not an unknown one.
  CHECK(c.networking_method.wire() == "Unknown");
  CHECK(c.networking_method.is_known());
  CHECK(c.destination_schema_names == api::destination_schema_names::source_naming);
  REQUIRE(c.setup_tests.has_value());
  REQUIRE(c.setup_tests->size() == 2);
  CHECK(c.setup_tests->at(0).status == api::status::passed);
  // An undocumented status decodes as unknown and keeps what was sent.
  CHECK(c.setup_tests->at(1).status == api::status::unknown);
  CHECK_FALSE(c.setup_tests->at(1).status.is_known());
  CHECK(c.setup_tests->at(1).status.wire() == "FLAKY");
  CHECK(c.setup_tests->at(1).details == json{{"attempts", 2}});
  CHECK(c.source_sync_details["last_synced"] == "2024-03-17T12:31:40.870504Z");
  REQUIRE(c.connect_card.has_value());
  CHECK(c.connect_card->token == "eyJ0eXAi");
  REQUIRE(c.connect_card_config.has_value());
  CHECK(c.connect_card_config->redirect_uri == "https://your.site/path");
  CHECK(c.connect_card_config->hide_setup_guide == true);
  REQUIRE(c.destination_configuration.has_value());
  CHECK(c.destination_configuration->virtual_warehouse == "COMPUTE_WH");
  // The per-service part of the discriminated answer stays in `extra`.
  CHECK(c.extra ==
        json{{"config", {{"host", "db.example.com"}, {"port", 5432}, {"password", "******"}}}});
}

void check_standard_config(const api::standard_config_response& cfg) {
  CHECK(cfg.enable_new_by_default == true);
  CHECK(cfg.schema_change_handling == api::schema_change_handling::allow_columns);
  REQUIRE(cfg.schemas.size() == 2);
  const auto& pub = cfg.schemas.at("public");
  CHECK(pub.name_in_destination == "pg_public");
  CHECK(pub.enabled);
  REQUIRE(pub.tables.size() == 2);
  const auto& orders = pub.tables.at("orders");
  CHECK(orders.sync_mode == api::sync_mode::history);
  CHECK(orders.supports_history_mode);
  REQUIRE(orders.columns.size() == 2);
  const auto& id = orders.columns.at("id");
  CHECK(id.is_primary_key == true);
  CHECK_FALSE(id.enabled_patch_settings.allowed);
  CHECK(id.enabled_patch_settings.reason_code == api::reason_code::system_column);
  CHECK(id.enabled_patch_settings.reason == "primary key");
  CHECK(orders.columns.at("email").hashed);
  const auto& audit = pub.tables.at("_fivetran_audit");
  CHECK(audit.sync_mode == api::sync_mode::unknown);
  CHECK(audit.sync_mode.wire() == "APPEND_ONLY");
  CHECK(audit.columns.empty());
  CHECK(audit.enabled_patch_settings.reason_code ==
        api::table_enabled_patch_settings_reason_code::system_table);
  CHECK(cfg.schemas.at("sales").tables.empty());
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

// ---- /v1/connections ------------------------------------------------------

TEST_CASE("list_connections: GET /v1/connections, query in the document's order, page decoded") {
  mock_transport mock;
  const std::string items =
      summary_json("conn_a", "Directly") + "," + summary_json("conn_b", "Satellite");
  mock.enqueue_json(200, envelope_of(page_of(items, R"("eyJza2lwIjoyfQ")"),
                                     "Connections list retrieved successfully"))
      .enqueue_json(200, envelope_of(page_of("", "")));
  auto c = make(mock);
  const auto listed = c.connections().list_connections();
  auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections");
  check_no_body(req);
  CHECK(listed.code == "Success");
  CHECK(listed.message == "Connections list retrieved successfully");
  REQUIRE(listed.data.items.size() == 2);
  const auto& a = listed.data.items[0];
  CHECK(a.id == "conn_a");
  CHECK(a.service == "google_sheets");
  CHECK(a.paused);
  CHECK(a.status.sync_state == "paused");
  CHECK(a.status.is_historical_sync);
  CHECK(a.status.rescheduled_for == "2024-12-01T15:43:29.013729Z");
  REQUIRE(a.config.has_value());
  CHECK(a.config->at("sheet_id") == json{{"url", "https://docs.google.com/spreadsheets/d/1"}});
  CHECK(a.data_delay_sensitivity == api::data_delay_sensitivity::high);
  CHECK(a.networking_method == api::networking_method::directly);
  REQUIRE(a.external_secrets_keys_config.has_value());
  CHECK(a.external_secrets_keys_config->at("password") == "vault/pg");
  const auto& b = listed.data.items[1];
  CHECK(b.networking_method == api::networking_method::unknown);
  CHECK_FALSE(b.networking_method.is_known());
  CHECK(b.networking_method.wire() == "Satellite");
  CHECK(listed.data.next_cursor == "eyJza2lwIjoyfQ");
  CHECK(listed.data.has_more());

  const auto last =
      c.connections().list_connections("projected_sickle", "pg main.orders", "eyJ+/=", 50);
  req = mock.last_request();
  check_common(req, method::get,
               "/v1/connections?group_id=projected_sickle&schema=pg+main.orders"
               "&cursor=eyJ%2B%2F%3D&limit=50");
  check_no_body(req);
  CHECK(last.data.items.empty());
  CHECK_FALSE(last.data.next_cursor.has_value());
  CHECK_FALSE(last.data.has_more());
}

TEST_CASE("list_connections_all: three pages, cursor forwarded, filters and limit kept") {
  mock_transport mock;
  mock.enqueue_json(
          200, envelope_of(page_of(
                   summary_json("a", "Directly") + "," + summary_json("b", "Directly"), R"("c1")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("c", "Directly"), R"("c2")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("d", "SshTunnel"), "")));
  auto c = make(mock);
  auto all = c.connections().list_connections_all("projected_sickle", std::nullopt, 2);
  CHECK(mock.call_count() == 0);  // nothing until iterated
  std::vector<std::string> ids;
  for (const auto& item : all) ids.push_back(item.id);
  CHECK(ids == std::vector<std::string>{"a", "b", "c", "d"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_common(sent[0], method::get, "/v1/connections?group_id=projected_sickle&limit=2");
  check_common(sent[1], method::get, "/v1/connections?group_id=projected_sickle&cursor=c1&limit=2");
  check_common(sent[2], method::get, "/v1/connections?group_id=projected_sickle&cursor=c2&limit=2");
  for (const auto& req : sent) check_no_body(req);
}

TEST_CASE("list_connections_all: an empty next_cursor ends the walk, a repeated one is refused") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue_json(200, envelope_of(page_of(summary_json("a", "Directly"), R"("n1")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("b", "Directly"), R"("")")));
  CHECK(c.connections().list_connections_all(std::nullopt, "gsheets").collect().size() == 2);
  CHECK(mock.call_count() == 2);
  CHECK(mock.last_request().target == "/v1/connections?schema=gsheets&cursor=n1");

  mock.clear();
  mock.enqueue_json(200, envelope_of(page_of(summary_json("a", "Directly"), R"("same")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("b", "Directly"), R"("same")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("c", "Directly"), "")));
  auto looping = c.connections().list_connections_all();
  try {
    looping.collect();
    FAIL("no paging_error");
  } catch (const plugboard::paging_error& e) {
    CHECK(e.failure() == plugboard::paging_failure::repeated_cursor);
  }
  CHECK(mock.call_count() == 2);
  CHECK(mock.pending() == 1);
}

TEST_CASE("create_connection: POST /v1/connections, unset fields omitted, 201 decoded") {
  mock_transport mock;
  mock.enqueue_json(201, envelope_of(connection_json, "Connection has been created"))
      .enqueue_json(201, envelope_of(connection_json));
  auto c = make(mock);
  api::new_connection_request r;
  r.group_id = "projected_sickle";
  r.service = "postgres";
  r.trust_certificates = true;
  r.run_setup_tests = false;
  r.paused = true;
  r.sync_frequency = 1440;
  r.daily_sync_time = "14:00";
  r.schedule_type = api::schedule_type::manual;
  r.data_delay_sensitivity = api::data_delay_sensitivity::custom;
  r.data_delay_threshold = 30;
  r.networking_method = api::new_connection_request_networking_method::ssh_tunnel;
  r.destination_schema_names = api::destination_schema_names::fivetran_naming;
  r.connect_card_config.emplace();
  r.connect_card_config->redirect_uri = "https://your.site/path";
  r.connect_card_config->all_fields = true;
  r.destination_configuration.emplace();
  r.destination_configuration->virtual_warehouse = "COMPUTE_WH";
  // The per-service variants (config, auth) are free-form JSON.
  r.extra = {{"config", {{"host", "db.example.com"}, {"port", 5432}, {"database", "app"}}},
             {"auth", {{"username", "fivetran"}}}};
  const auto created = c.connections().create_connection(r);
  auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections");
  check_json_body(
      req,
      {{"group_id", "projected_sickle"},
       {"service", "postgres"},
       {"trust_certificates", true},
       {"run_setup_tests", false},
       {"paused", true},
       {"sync_frequency", 1440},
       {"daily_sync_time", "14:00"},
       {"schedule_type", "manual"},
       {"data_delay_sensitivity", "CUSTOM"},
       {"data_delay_threshold", 30},
       {"networking_method", "SshTunnel"},
       {"destination_schema_names", "FIVETRAN_NAMING"},
       {"connect_card_config", {{"redirect_uri", "https://your.site/path"}, {"all_fields", true}}},
       {"destination_configuration", {{"virtual_warehouse", "COMPUTE_WH"}}},
       {"config", {{"host", "db.example.com"}, {"port", 5432}, {"database", "app"}}},
       {"auth", {{"username", "fivetran"}}}});
  CHECK(plugboard_test::body_json(req)["sync_frequency"].is_number_integer());
  CHECK(created.message == "Connection has been created");
  check_connection(created.data);

  api::new_connection_request minimal;
  minimal.group_id = "projected_sickle";
  minimal.service = "google_sheets";
  c.connections().create_connection(minimal);
  req = mock.last_request();
  check_common(req, method::post, "/v1/connections");
  check_json_body(req, {{"group_id", "projected_sickle"}, {"service", "google_sheets"}});
}

TEST_CASE("connection_details: GET /v1/connections/{connectionId}, no body, every field decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connection_json, "Connection details retrieved successfully"));
  auto c = make(mock);
  const auto details = c.connections().connection_details("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections/speak_inexpensive");
  check_no_body(req);
  CHECK(details.code == "Success");
  CHECK(details.message == "Connection details retrieved successfully");
  check_connection(details.data);
}

TEST_CASE("delete_connection: DELETE /v1/connections/{connectionId}, no body, code and message") {
  mock_transport mock;
  mock.enqueue_json(200,
                    acknowledgement_of("Connection with id 'speak_inexpensive' has been deleted"));
  auto c = make(mock);
  const auto deleted = c.connections().delete_connection("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, method::delete_, "/v1/connections/speak_inexpensive");
  check_no_body(req);
  CHECK(deleted.code == "Success");
  CHECK(deleted.message == "Connection with id 'speak_inexpensive' has been deleted");
}

TEST_CASE("modify_connection: PATCH /v1/connections/{connectionId} with only the fields set") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connection_json, "Connection has been updated"))
      .enqueue_json(200, envelope_of(connection_json));
  auto c = make(mock);
  api::update_connection_request changes;
  changes.paused = false;
  changes.sync_frequency = 60;
  changes.schedule_type = api::schedule_type::auto_;
  changes.schema_status = api::schema_status::blocked_on_capture;
  changes.is_historical_sync = true;
  changes.networking_method = api::update_connection_request_networking_method::private_link;
  changes.private_link_id = "link_id";
  changes.config = {{"host", "db2.example.com"}};
  changes.auth = {{"password", "new-secret"}};
  changes.external_secrets_keys_config = {{"password", "vault/pg"}};
  const auto modified = c.connections().modify_connection("speak_inexpensive", changes);
  auto req = mock.last_request();
  check_common(req, method::patch, "/v1/connections/speak_inexpensive");
  check_json_body(req, {{"paused", false},
                        {"sync_frequency", 60},
                        {"schedule_type", "auto"},
                        {"schema_status", "blocked_on_capture"},
                        {"is_historical_sync", true},
                        {"networking_method", "PrivateLink"},
                        {"private_link_id", "link_id"},
                        {"config", {{"host", "db2.example.com"}}},
                        {"auth", {{"password", "new-secret"}}},
                        {"external_secrets_keys_config", {{"password", "vault/pg"}}}});
  CHECK(modified.message == "Connection has been updated");
  check_connection(modified.data);

  c.connections().modify_connection("speak_inexpensive", {});
  req = mock.last_request();
  check_common(req, method::patch, "/v1/connections/speak_inexpensive");
  CHECK(req.body == "{}");
  check_json_body(req, json::object());
}

// ---- certificates and fingerprints ---------------------------------------

TEST_CASE("list_connection_certificates: GET .../certificates with cursor and limit") {
  mock_transport mock;
  const std::string items = certificate_json("cert_1") + "," + certificate_json("cert_2");
  mock.enqueue_json(200, envelope_of(page_of(items, R"("next+page")"),
                                     "Connection certificates retrieved successfully"))
      .enqueue_json(200, envelope_of(page_of("", "null")));
  auto c = make(mock);
  const auto page = c.connections().list_connection_certificates("speak_inexpensive");
  auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections/speak_inexpensive/certificates");
  check_no_body(req);
  REQUIRE(page.data.items.size() == 2);
  CHECK(page.data.items[0].id == "cert_1");
  CHECK(page.data.items[0].type == "TLS");
  CHECK(page.data.items[0].sha256 ==
        "5vt6rt6jtr654eef94ec3f91122a623b389f4d331ff330026e43af21013vb45f");
  CHECK(page.data.items[1].validated_date == "2023-08-20T10:15:20.677566Z");
  CHECK(page.data.next_cursor == "next+page");

  const auto last =
      c.connections().list_connection_certificates("speak_inexpensive", "next+page", 1000);
  req = mock.last_request();
  check_common(req, method::get,
               "/v1/connections/speak_inexpensive/certificates?cursor=next%2Bpage&limit=1000");
  CHECK_FALSE(last.data.has_more());
}

TEST_CASE("list_connection_certificates_all: three pages, the connection id and limit kept") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(page_of(certificate_json("a"), R"("c1")")))
      .enqueue_json(200, envelope_of(page_of(certificate_json("b"), R"("c2")")))
      .enqueue_json(200, envelope_of(page_of(certificate_json("c"), R"("")")));
  auto c = make(mock);
  std::vector<std::string> ids;
  for (const auto& cert :
       c.connections().list_connection_certificates_all("speak_inexpensive", 1)) {
    ids.push_back(cert.id);
  }
  CHECK(ids == std::vector<std::string>{"a", "b", "c"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_common(sent[0], method::get, "/v1/connections/speak_inexpensive/certificates?limit=1");
  check_common(sent[1], method::get,
               "/v1/connections/speak_inexpensive/certificates?cursor=c1&limit=1");
  check_common(sent[2], method::get,
               "/v1/connections/speak_inexpensive/certificates?cursor=c2&limit=1");
}

TEST_CASE("approve_connection_certificate: POST .../certificates {hash, encoded_cert}") {
  mock_transport mock;
  mock.enqueue_json(200,
                    envelope_of(certificate_json("cert_1"), "The certificate has been approved."));
  auto c = make(mock);
  api::approve_certificate_request body;
  body.hash = "jhg5UI7fgrI6yy";
  body.encoded_cert = "MIID9DCCAtygAwIBAgIBQjANBgkqhkiG9w0BAQUFADCBijELMAkGA1UEBhMCV";
  const auto approved = c.connections().approve_connection_certificate("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/certificates");
  check_json_body(
      req, {{"hash", "jhg5UI7fgrI6yy"},
            {"encoded_cert", "MIID9DCCAtygAwIBAgIBQjANBgkqhkiG9w0BAQUFADCBijELMAkGA1UEBhMCV"}});
  CHECK(approved.message == "The certificate has been approved.");
  CHECK(approved.data.id == "cert_1");
  CHECK(approved.data.name == "db.example.com");
  CHECK(approved.data.validated_by == "user_id");
}

TEST_CASE("connection_certificate_details: GET .../certificates/{hash}, a base64 hash encoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(certificate_json("cert_1")));
  auto c = make(mock);
  const auto details =
      c.connections().connection_certificate_details("speak_inexpensive", "jhg5/UI7+fg=");
  const auto req = mock.last_request();
  check_common(req, method::get,
               "/v1/connections/speak_inexpensive/certificates/jhg5%2FUI7%2Bfg%3D");
  check_no_body(req);
  CHECK(details.data.hash == "jhg5UI7fgrI6yy");
  CHECK(details.data.sha1 == "c8de1d13vtu435ilj435lj345796d8jh7hk8hgk");
  CHECK(details.data.public_key == "Sun RSA public key, 2048 bits");
}

TEST_CASE("revoke_connection_certificate: DELETE .../certificates/{hash}") {
  mock_transport mock;
  mock.enqueue_json(
      200, acknowledgement_of("Certificate 'jhg5UI7fgrI6yy' has been revoked for connection "
                              "'speak_inexpensive'"));
  auto c = make(mock);
  const auto revoked =
      c.connections().revoke_connection_certificate("speak_inexpensive", "jhg5UI7fgrI6yy");
  const auto req = mock.last_request();
  check_common(req, method::delete_,
               "/v1/connections/speak_inexpensive/certificates/jhg5UI7fgrI6yy");
  check_no_body(req);
  CHECK(revoked.code == "Success");
  CHECK(revoked.message ==
        "Certificate 'jhg5UI7fgrI6yy' has been revoked for connection 'speak_inexpensive'");
}

TEST_CASE("connection_connect_card: POST .../connect-card {connect_card_config}, card decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"connector_id": "speak_inexpensive",
      "connect_card": {"token": "eyJ0eXAi", "uri": "https://fivetran.com/connect-card/setup?auth=eyJ0eXAi"},
      "connect_card_config": {"redirect_uri": "https://your.site/path", "hide_setup_guide": true}})",
                                     "Connection Connect Card has been created"));
  auto c = make(mock);
  api::connect_card_config_request body;
  body.connect_card_config.redirect_uri = "https://your.site/path";
  body.connect_card_config.hide_setup_guide = true;
  const auto card = c.connections().connection_connect_card("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/connect-card");
  check_json_body(req,
                  {{"connect_card_config",
                    {{"redirect_uri", "https://your.site/path"}, {"hide_setup_guide", true}}}});
  CHECK(card.message == "Connection Connect Card has been created");
  CHECK(card.data.connector_id == "speak_inexpensive");
  REQUIRE(card.data.connect_card.has_value());
  CHECK(card.data.connect_card->token == "eyJ0eXAi");
  CHECK(card.data.connect_card->uri == "https://fivetran.com/connect-card/setup?auth=eyJ0eXAi");
  REQUIRE(card.data.connect_card_config.has_value());
  CHECK(card.data.connect_card_config->hide_setup_guide == true);
  CHECK_FALSE(card.data.connect_card_config->all_fields.has_value());
}

TEST_CASE("list_connection_fingerprints: GET .../fingerprints with cursor and limit") {
  mock_transport mock;
  mock.enqueue_json(200,
                    envelope_of(page_of(fingerprint_json("fp_1") + "," + fingerprint_json("fp_2"),
                                        R"("fp page 2")"),
                                "Connection fingerprints retrieved successfully"))
      .enqueue_json(200, envelope_of(page_of("", "")));
  auto c = make(mock);
  const auto page = c.connections().list_connection_fingerprints("speak_inexpensive");
  auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections/speak_inexpensive/fingerprints");
  check_no_body(req);
  REQUIRE(page.data.items.size() == 2);
  CHECK(page.data.items[0].id == "fp_1");
  CHECK(page.data.items[1].public_key ==
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6 fivetran user key");
  CHECK(page.data.next_cursor == "fp page 2");

  c.connections().list_connection_fingerprints("speak_inexpensive", "fp page 2", 10);
  req = mock.last_request();
  check_common(req, method::get,
               "/v1/connections/speak_inexpensive/fingerprints?cursor=fp+page+2&limit=10");
}

TEST_CASE("list_connection_fingerprints_all: three pages, the walk stops at an absent cursor") {
  mock_transport mock;
  mock.enqueue_json(
          200, envelope_of(page_of(fingerprint_json("a") + "," + fingerprint_json("b"), R"("c1")")))
      .enqueue_json(200, envelope_of(page_of(fingerprint_json("c"), R"("c2")")))
      .enqueue_json(200, envelope_of(page_of(fingerprint_json("d"), "")));
  auto c = make(mock);
  const auto all = c.connections().list_connection_fingerprints_all("speak_inexpensive").collect();
  REQUIRE(all.size() == 4);
  CHECK(all[3].id == "d");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_common(sent[0], method::get, "/v1/connections/speak_inexpensive/fingerprints");
  check_common(sent[1], method::get, "/v1/connections/speak_inexpensive/fingerprints?cursor=c1");
  check_common(sent[2], method::get, "/v1/connections/speak_inexpensive/fingerprints?cursor=c2");
}

TEST_CASE("approve_connection_fingerprint: POST .../fingerprints {hash, public_key}, 201 decoded") {
  mock_transport mock;
  // The document's 201 is the bare FingerprintDetailsResponse; Fivetran's Go
  // client reads it from the envelope, as every other answer
  // (specs/fivetran.yaml's override).
  mock.enqueue_json(201, envelope_of(fingerprint_json("fp_1")));
  auto c = make(mock);
  api::approve_fingerprint_request body;
  body.hash = "eUtPirI6yy";
  body.public_key = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6 fivetran user key";
  const auto approved = c.connections().approve_connection_fingerprint("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/fingerprints");
  check_json_body(req,
                  {{"hash", "eUtPirI6yy"},
                   {"public_key", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC6 fivetran user key"}});
  REQUIRE(approved.has_value());
  CHECK(approved->data.id == "fp_1");
  CHECK(approved->data.hash == "eUtPirI6yy");
  CHECK(approved->data.validated_date == "2024-01-01T00:00:00Z");
}

// The document lists two successes for this operation: 200 without a body and
// 201 with the details; the result is empty for the first.
TEST_CASE("approve_connection_fingerprint: the document's 200 without a body is a success") {
  mock_transport mock;
  mock.enqueue(plugboard::response{200, {}, ""});
  auto c = make(mock);
  api::approve_fingerprint_request body;
  body.hash = "eUtPirI6yy";
  body.public_key = "ssh-rsa AAAA";
  CHECK_FALSE(c.connections().approve_connection_fingerprint("speak_inexpensive", body));
  CHECK(mock.call_count() == 1);
}

TEST_CASE("connection_fingerprint_details: GET .../fingerprints/{hash}") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(fingerprint_json("fp_1"),
                                     "Connection fingerprint details retrieved successfully"));
  auto c = make(mock);
  const auto details =
      c.connections().connection_fingerprint_details("speak_inexpensive", "eUtPirI6yy");
  const auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections/speak_inexpensive/fingerprints/eUtPirI6yy");
  check_no_body(req);
  CHECK(details.message == "Connection fingerprint details retrieved successfully");
  CHECK(details.data.id == "fp_1");
  CHECK(details.data.validated_by == "user_id");
}

TEST_CASE("revoke_connection_fingerprint: DELETE .../fingerprints/{hash}") {
  mock_transport mock;
  mock.enqueue_json(200, acknowledgement_of("Fingerprint with hash 'eUtPirI6yy' has been revoked "
                                            "for connection with id 'speak_inexpensive'"));
  auto c = make(mock);
  const auto revoked =
      c.connections().revoke_connection_fingerprint("speak_inexpensive", "eUtPirI6yy");
  const auto req = mock.last_request();
  check_common(req, method::delete_, "/v1/connections/speak_inexpensive/fingerprints/eUtPirI6yy");
  check_no_body(req);
  CHECK(revoked.message ==
        "Fingerprint with hash 'eUtPirI6yy' has been revoked for connection with id "
        "'speak_inexpensive'");
}

// ---- sync, resync, setup tests, state --------------------------------------

TEST_CASE("resync_connection: POST .../resync, {} re-syncs everything, a scope maps schemas") {
  mock_transport mock;
  const char* triggered = "Sync has been successfully triggered for connection with id 'x'";
  mock.enqueue_json(200, acknowledgement_of(triggered))
      .enqueue_json(200, acknowledgement_of(triggered));
  auto c = make(mock);
  const auto all = c.connections().resync_connection("speak_inexpensive");
  auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/resync");
  CHECK(req.body == "{}");
  check_json_body(req, json::object());
  CHECK(all.message == triggered);

  // The scope maps each schema name to its table names.
  api::resync_connector_request scoped;
  scoped.scope.emplace();
  (*scoped.scope)["public"] = {"orders", "users"};
  (*scoped.scope)["sales"] = {"invoices"};
  c.connections().resync_connection("speak_inexpensive", scoped);
  req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/resync");
  check_json_body(req, {{"scope", {{"public", {"orders", "users"}}, {"sales", {"invoices"}}}}});
}

namespace {
template <class T>
struct is_string_map : std::false_type {};
template <class V>
struct is_string_map<std::map<std::string, V>> : std::true_type {};
}  // namespace

// #/components/schemas/ResyncConnectorRequest/properties/scope is written as
// an object with one example property ("schema") and described as a map from
// schema names to table names; the selection file makes it a map.
TEST_CASE("resync_connection: the scope is a map from schema names to table names") {
  using scope_type = std::decay_t<decltype(*api::resync_connector_request{}.scope)>;
  CHECK(is_string_map<scope_type>::value);
}

TEST_CASE("sync_connection: POST .../sync {force}") {
  mock_transport mock;
  const char* triggered =
      "Sync has been successfully triggered for connection with id 'speak_inexpensive'";
  mock.enqueue_json(200, acknowledgement_of(triggered))
      .enqueue_json(200, acknowledgement_of(triggered));
  auto c = make(mock);
  api::sync_connector_request force;
  force.force = true;
  const auto synced = c.connections().sync_connection("speak_inexpensive", force);
  auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/sync");
  check_json_body(req, {{"force", true}});
  CHECK(synced.code == "Success");
  CHECK(synced.message == triggered);

  c.connections().sync_connection("speak_inexpensive");
  req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/sync");
  check_json_body(req, json::object());
}

TEST_CASE("run_connection_setup_tests: POST .../test {trust_*}, the setup tests decoded") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(connection_json, "Setup tests have been completed"));
  auto c = make(mock);
  api::run_setup_tests_request body;
  body.trust_certificates = true;
  body.trust_fingerprints = false;
  const auto tested = c.connections().run_connection_setup_tests("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/test");
  check_json_body(req, {{"trust_certificates", true}, {"trust_fingerprints", false}});
  CHECK(tested.message == "Setup tests have been completed");
  check_connection(tested.data);
}

TEST_CASE("connection_state: GET .../state, the free-form state decoded") {
  mock_transport mock;
  mock.enqueue_json(
      200, envelope_of(R"({"state": {"cursor": "2024-01-01T00:00:00Z", "shards": [1, 2]}})",
                       "Connection state retrieved successfully"));
  auto c = make(mock);
  const auto state = c.connections().connection_state("my_function");
  const auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections/my_function/state");
  check_no_body(req);
  CHECK(state.data.state ==
        json{{"cursor", "2024-01-01T00:00:00Z"}, {"shards", json::array({1, 2})}});
}

TEST_CASE("modify_connection_state: PATCH .../state {state}") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"state": {"cursor": "2024-02-01T00:00:00Z"}})",
                                     "Connection state has been updated"));
  auto c = make(mock);
  api::update_function_or_connector_sdk_state body;
  body.state = {{"cursor", "2024-02-01T00:00:00Z"}};
  const auto state = c.connections().modify_connection_state("my_function", body);
  const auto req = mock.last_request();
  check_common(req, method::patch, "/v1/connections/my_function/state");
  check_json_body(req, {{"state", {{"cursor", "2024-02-01T00:00:00Z"}}}});
  CHECK(state.message == "Connection state has been updated");
  CHECK(state.data.state == json{{"cursor", "2024-02-01T00:00:00Z"}});
}

// ---- schema config ---------------------------------------------------------

TEST_CASE("connection_schema_config: GET .../schemas, schemas -> tables -> columns decoded") {
  mock_transport mock;
  mock.enqueue_json(
      200, envelope_of(standard_config_json, "Schema configuration retrieved successfully"));
  auto c = make(mock);
  const auto cfg = c.connections().connection_schema_config("speak_inexpensive");
  const auto req = mock.last_request();
  check_common(req, method::get, "/v1/connections/speak_inexpensive/schemas");
  check_no_body(req);
  CHECK(cfg.message == "Schema configuration retrieved successfully");
  check_standard_config(cfg.data);
}

TEST_CASE("pre_create_connection_schema_config: POST .../schemas with nested maps") {
  mock_transport mock;
  mock.enqueue_json(
      200, envelope_of(standard_config_json, "Schema configuration pre-created successfully"));
  auto c = make(mock);
  api::standard_config_create_request body;
  body.schema_change_handling = api::schema_change_handling::allow_columns;
  api::column_update_request email;
  email.enabled = true;
  email.hashed = true;
  api::table_update_request orders;
  orders.enabled = true;
  orders.columns.emplace();
  orders.columns->emplace("email", email);
  api::schema_update_request pub;
  pub.enabled = true;
  pub.tables.emplace();
  pub.tables->emplace("orders", orders);
  body.schemas.emplace("public", pub);
  api::schema_update_request sales;
  sales.enabled = false;
  body.schemas.emplace("sales", sales);
  const auto cfg = c.connections().pre_create_connection_schema_config("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/schemas");
  check_json_body(req,
                  {{"schema_change_handling", "ALLOW_COLUMNS"},
                   {"schemas",
                    {{"public",
                      {{"enabled", true},
                       {"tables",
                        {{"orders",
                          {{"enabled", true},
                           {"columns", {{"email", {{"enabled", true}, {"hashed", true}}}}}}}}}}},
                     {"sales", {{"enabled", false}}}}}});
  CHECK(cfg.message == "Schema configuration pre-created successfully");
  check_standard_config(cfg.data);
}

TEST_CASE("modify_connection_schema_config: PATCH .../schemas") {
  mock_transport mock;
  mock.enqueue_json(200,
                    envelope_of(standard_config_json, "Schema configuration has been modified"));
  auto c = make(mock);
  api::standard_config_update_request body;
  body.schema_change_handling = api::schema_change_handling::block_all;
  body.is_type_locked = false;
  api::schema_update_request pub;
  pub.enabled = true;
  body.schemas.emplace();
  body.schemas->emplace("public", pub);
  const auto cfg = c.connections().modify_connection_schema_config("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::patch, "/v1/connections/speak_inexpensive/schemas");
  check_json_body(req, {{"schema_change_handling", "BLOCK_ALL"},
                        {"is_type_locked", false},
                        {"schemas", {{"public", {{"enabled", true}}}}}});
  CHECK(cfg.message == "Schema configuration has been modified");
  check_standard_config(cfg.data);
}

TEST_CASE("delete_multiple_columns_connection_config: POST .../schemas/drop-columns") {
  mock_transport mock;
  mock.enqueue_json(200, acknowledgement_of("Column(s) successfully marked for deletion"));
  auto c = make(mock);
  api::drop_columns_table_request orders;
  orders.columns = {"legacy_flag", "tmp_note"};
  api::drop_column_schema_request pub;
  pub.tables.emplace("orders", orders);
  api::drop_columns_request body;
  body.schemas.emplace("public", pub);
  const auto dropped =
      c.connections().delete_multiple_columns_connection_config("speak_inexpensive", body);
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/schemas/drop-columns");
  check_json_body(
      req,
      {{"schemas",
        {{"public", {{"tables", {{"orders", {{"columns", {"legacy_flag", "tmp_note"}}}}}}}}}}});
  CHECK(dropped.message == "Column(s) successfully marked for deletion");
}

TEST_CASE("reload_connection_schema_config: POST .../schemas/reload {exclude_mode}") {
  mock_transport mock;
  mock.enqueue_json(200,
                    envelope_of(standard_config_json, "Schema configuration has been reloaded"))
      .enqueue_json(200, envelope_of(standard_config_json));
  auto c = make(mock);
  api::reload_standard_config_request body;
  body.exclude_mode = "PRESERVE";
  const auto cfg = c.connections().reload_connection_schema_config("speak_inexpensive", body);
  auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/schemas/reload");
  check_json_body(req, {{"exclude_mode", "PRESERVE"}});
  CHECK(cfg.message == "Schema configuration has been reloaded");
  check_standard_config(cfg.data);

  c.connections().reload_connection_schema_config("speak_inexpensive");
  req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/schemas/reload");
  check_json_body(req, json::object());
}

TEST_CASE("resync_tables: POST .../schemas/tables/resync, a map of schema to table names") {
  mock_transport mock;
  mock.enqueue_json(200, acknowledgement_of("Re-sync has been triggered successfully"));
  auto c = make(mock);
  const auto resynced = c.connections().resync_tables(
      "speak_inexpensive", {{"public", {"orders", "users"}}, {"sales", {"invoices"}}});
  const auto req = mock.last_request();
  check_common(req, method::post, "/v1/connections/speak_inexpensive/schemas/tables/resync");
  check_json_body(req, {{"public", {"orders", "users"}}, {"sales", {"invoices"}}});
  CHECK(resynced.message == "Re-sync has been triggered successfully");
}

TEST_CASE("modify_connection_database_schema_config: PATCH .../schemas/{schemaName}") {
  mock_transport mock;
  mock.enqueue_json(
      200, envelope_of(standard_config_json, "Database schema configuration has been modified"));
  auto c = make(mock);
  api::table_update_request orders;
  orders.enabled = false;
  api::schema_update_request body;
  body.enabled = true;
  body.tables.emplace();
  body.tables->emplace("orders", orders);
  const auto cfg = c.connections().modify_connection_database_schema_config("speak_inexpensive",
                                                                            "sales data", body);
  const auto req = mock.last_request();
  check_common(req, method::patch, "/v1/connections/speak_inexpensive/schemas/sales%20data");
  check_json_body(req, {{"enabled", true}, {"tables", {{"orders", {{"enabled", false}}}}}});
  CHECK(cfg.message == "Database schema configuration has been modified");
  check_standard_config(cfg.data);
}

TEST_CASE("modify_connection_table_config: PATCH .../schemas/{schemaName}/tables/{tableName}") {
  mock_transport mock;
  mock.enqueue_json(200,
                    envelope_of(standard_config_json, "Table configuration has been modified"));
  auto c = make(mock);
  api::column_update_request email;
  email.enabled = true;
  email.hashed = true;
  api::table_update_request body;
  body.enabled = true;
  body.sync_mode = api::sync_mode::history;
  body.columns.emplace();
  body.columns->emplace("email", email);
  const auto cfg =
      c.connections().modify_connection_table_config("speak_inexpensive", "public", "orders", body);
  const auto req = mock.last_request();
  check_common(req, method::patch,
               "/v1/connections/speak_inexpensive/schemas/public/tables/orders");
  check_json_body(req, {{"enabled", true},
                        {"sync_mode", "HISTORY"},
                        {"columns", {{"email", {{"enabled", true}, {"hashed", true}}}}}});
  CHECK(cfg.message == "Table configuration has been modified");
  check_standard_config(cfg.data);
}

TEST_CASE("delete_column_connection_config: DELETE .../tables/{tableName}/columns/{columnName}") {
  mock_transport mock;
  mock.enqueue_json(200, acknowledgement_of("Column successfully marked for deletion"));
  auto c = make(mock);
  const auto dropped = c.connections().delete_column_connection_config(
      "speak_inexpensive", "public", "orders", "legacy_flag");
  const auto req = mock.last_request();
  check_common(
      req, method::delete_,
      "/v1/connections/speak_inexpensive/schemas/public/tables/orders/columns/legacy_flag");
  check_no_body(req);
  CHECK(dropped.message == "Column successfully marked for deletion");
}

TEST_CASE("modify_connection_column_config: PATCH .../tables/{tableName}/columns/{columnName}") {
  mock_transport mock;
  mock.enqueue_json(200,
                    envelope_of(standard_config_json, "Column configuration has been modified"));
  auto c = make(mock);
  api::column_update_request body;
  body.enabled = false;
  body.hashed = true;
  body.is_primary_key = false;
  const auto cfg = c.connections().modify_connection_column_config("speak_inexpensive", "public",
                                                                   "orders", "email", body);
  const auto req = mock.last_request();
  check_common(req, method::patch,
               "/v1/connections/speak_inexpensive/schemas/public/tables/orders/columns/email");
  check_json_body(req, {{"enabled", false}, {"hashed", true}, {"is_primary_key", false}});
  CHECK(cfg.message == "Column configuration has been modified");
  check_standard_config(cfg.data);
}

TEST_CASE("connection_column_config: GET .../schemas/{schema}/tables/{table}/columns") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(R"({"columns": {
      "id": {"name_in_destination": "id", "enabled": true, "hashed": false, "is_primary_key": true,
             "enabled_patch_settings": {"allowed": false, "reason_code": "SYSTEM_COLUMN"}},
      "email": {"name_in_destination": "email_hash", "enabled": true, "hashed": true,
                "enabled_patch_settings": {"allowed": true}},
      "notes": {"name_in_destination": "notes", "enabled": false, "hashed": false,
                "enabled_patch_settings": {"allowed": false, "reason_code": "MASKED"}}}})",
                                     "Column configuration retrieved successfully"));
  auto c = make(mock);
  const auto cfg =
      c.connections().connection_column_config("speak_inexpensive", "public", "orders");
  const auto req = mock.last_request();
  check_common(req, method::get,
               "/v1/connections/speak_inexpensive/schemas/public/tables/orders/columns");
  check_no_body(req);
  REQUIRE(cfg.data.columns.size() == 3);
  CHECK(cfg.data.columns.at("id").is_primary_key == true);
  CHECK(cfg.data.columns.at("id").enabled_patch_settings.reason_code ==
        api::reason_code::system_column);
  CHECK(cfg.data.columns.at("email").name_in_destination == "email_hash");
  CHECK_FALSE(cfg.data.columns.at("email").is_primary_key.has_value());
  const auto& notes = cfg.data.columns.at("notes").enabled_patch_settings.reason_code;
  CHECK(notes == api::reason_code::unknown);
  CHECK(notes.wire() == "MASKED");
}

// ---- /v1/groups/{groupId}/connections --------------------------------------

TEST_CASE("list_all_connections_in_group: GET /v1/groups/{groupId}/connections") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(page_of(summary_json("conn_a", "ProxyAgent"), R"("g2")"),
                                     "Group connections retrieved successfully"))
      .enqueue_json(200, envelope_of(page_of("", "")));
  auto c = make(mock);
  const auto page = c.connections().list_all_connections_in_group("projected_sickle");
  auto req = mock.last_request();
  check_common(req, method::get, "/v1/groups/projected_sickle/connections");
  check_no_body(req);
  CHECK(page.message == "Group connections retrieved successfully");
  REQUIRE(page.data.items.size() == 1);
  CHECK(page.data.items[0].id == "conn_a");
  CHECK(page.data.items[0].networking_method == api::networking_method::proxy_agent);
  CHECK(page.data.items[0].schedule_type == "manual");
  CHECK(page.data.next_cursor == "g2");

  c.connections().list_all_connections_in_group("projected_sickle", "schema_name", "g2", 100);
  req = mock.last_request();
  check_common(req, method::get,
               "/v1/groups/projected_sickle/connections?schema=schema_name&cursor=g2&limit=100");
}

TEST_CASE("list_all_connections_in_group_all: three pages, schema and limit kept") {
  mock_transport mock;
  mock.enqueue_json(200, envelope_of(page_of(summary_json("a", "Directly"), R"("c1")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("b", "Directly"), R"("c2")")))
      .enqueue_json(200, envelope_of(page_of(summary_json("c", "Directly"), "null")));
  auto c = make(mock);
  const auto all =
      c.connections().list_all_connections_in_group_all("projected_sickle", "pg", 500).collect();
  REQUIRE(all.size() == 3);
  CHECK(all[2].id == "c");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_common(sent[0], method::get, "/v1/groups/projected_sickle/connections?schema=pg&limit=500");
  check_common(sent[1], method::get,
               "/v1/groups/projected_sickle/connections?schema=pg&cursor=c1&limit=500");
  check_common(sent[2], method::get,
               "/v1/groups/projected_sickle/connections?schema=pg&cursor=c2&limit=500");
}

// ---- bad input, path encoding, errors --------------------------------------

TEST_CASE("a bad limit is refused before anything is sent, by every listing and walk") {
  mock_transport mock;
  auto c = make(mock);
  auto group = c.connections();
  for (int limit : {0, -1, 1001}) {
    CAPTURE(limit);
    check_refused(mock, "limit",
                  [&] { group.list_connections(std::nullopt, std::nullopt, std::nullopt, limit); });
    check_refused(mock, "limit",
                  [&] { group.list_connections_all(std::nullopt, std::nullopt, limit); });
    check_refused(mock, "limit",
                  [&] { group.list_connection_certificates("x", std::nullopt, limit); });
    check_refused(mock, "limit", [&] { group.list_connection_certificates_all("x", limit); });
    check_refused(mock, "limit",
                  [&] { group.list_connection_fingerprints("x", std::nullopt, limit); });
    check_refused(mock, "limit", [&] { group.list_connection_fingerprints_all("x", limit); });
    check_refused(mock, "limit", [&] {
      group.list_all_connections_in_group("g", std::nullopt, std::nullopt, limit);
    });
    check_refused(mock, "limit",
                  [&] { group.list_all_connections_in_group_all("g", std::nullopt, limit); });
  }
  CHECK(mock.call_count() == 0);

  // 1 and 1000 are the document's bounds and are sent.
  mock.enqueue_json(200, envelope_of(page_of("", "")))
      .enqueue_json(200, envelope_of(page_of("", "")));
  group.list_connections(std::nullopt, std::nullopt, std::nullopt, 1);
  CHECK(mock.last_request().target == "/v1/connections?limit=1");
  group.list_connections(std::nullopt, std::nullopt, std::nullopt, 1000);
  CHECK(mock.last_request().target == "/v1/connections?limit=1000");
}

TEST_CASE("an empty path value is refused before anything is sent, for every operation") {
  mock_transport mock;
  auto c = make(mock);
  auto group = c.connections();
  check_refused(mock, "connection_id", [&] { group.connection_details(""); });
  check_refused(mock, "connection_id", [&] { group.delete_connection(""); });
  check_refused(mock, "connection_id", [&] { group.modify_connection("", {}); });
  check_refused(mock, "connection_id", [&] { group.list_connection_certificates(""); });
  check_refused(mock, "connection_id",
                [&] { group.list_connection_certificates_all("").collect(); });
  api::approve_certificate_request certificate;
  certificate.hash = "h";
  certificate.encoded_cert = "c";
  check_refused(mock, "connection_id",
                [&] { group.approve_connection_certificate("", certificate); });
  check_refused(mock, "connection_id", [&] { group.connection_certificate_details("", "h"); });
  check_refused(mock, "hash", [&] { group.connection_certificate_details("x", ""); });
  check_refused(mock, "connection_id", [&] { group.revoke_connection_certificate("", "h"); });
  check_refused(mock, "hash", [&] { group.revoke_connection_certificate("x", ""); });
  check_refused(mock, "connection_id", [&] { group.connection_connect_card("", {}); });
  check_refused(mock, "connection_id", [&] { group.list_connection_fingerprints(""); });
  check_refused(mock, "connection_id",
                [&] { group.list_connection_fingerprints_all("").collect(); });
  api::approve_fingerprint_request fingerprint;
  fingerprint.hash = "h";
  fingerprint.public_key = "k";
  check_refused(mock, "connection_id",
                [&] { group.approve_connection_fingerprint("", fingerprint); });
  check_refused(mock, "connection_id", [&] { group.connection_fingerprint_details("", "h"); });
  check_refused(mock, "hash", [&] { group.connection_fingerprint_details("x", ""); });
  check_refused(mock, "connection_id", [&] { group.revoke_connection_fingerprint("", "h"); });
  check_refused(mock, "hash", [&] { group.revoke_connection_fingerprint("x", ""); });
  check_refused(mock, "connection_id", [&] { group.resync_connection(""); });
  check_refused(mock, "connection_id", [&] { group.connection_schema_config(""); });
  check_refused(mock, "connection_id", [&] { group.pre_create_connection_schema_config("", {}); });
  check_refused(mock, "connection_id", [&] { group.modify_connection_schema_config("", {}); });
  check_refused(mock, "connection_id",
                [&] { group.delete_multiple_columns_connection_config("", {}); });
  check_refused(mock, "connection_id", [&] { group.reload_connection_schema_config(""); });
  check_refused(mock, "connection_id", [&] { group.resync_tables("", {}); });
  check_refused(mock, "connection_id",
                [&] { group.modify_connection_database_schema_config("", "s", {}); });
  check_refused(mock, "schema_name",
                [&] { group.modify_connection_database_schema_config("x", "", {}); });
  check_refused(mock, "connection_id",
                [&] { group.modify_connection_table_config("", "s", "t", {}); });
  check_refused(mock, "schema_name",
                [&] { group.modify_connection_table_config("x", "", "t", {}); });
  check_refused(mock, "table_name",
                [&] { group.modify_connection_table_config("x", "s", "", {}); });
  check_refused(mock, "connection_id",
                [&] { group.delete_column_connection_config("", "s", "t", "c"); });
  check_refused(mock, "schema_name",
                [&] { group.delete_column_connection_config("x", "", "t", "c"); });
  check_refused(mock, "table_name",
                [&] { group.delete_column_connection_config("x", "s", "", "c"); });
  check_refused(mock, "column_name",
                [&] { group.delete_column_connection_config("x", "s", "t", ""); });
  check_refused(mock, "connection_id",
                [&] { group.modify_connection_column_config("", "s", "t", "c", {}); });
  check_refused(mock, "schema_name",
                [&] { group.modify_connection_column_config("x", "", "t", "c", {}); });
  check_refused(mock, "table_name",
                [&] { group.modify_connection_column_config("x", "s", "", "c", {}); });
  check_refused(mock, "column_name",
                [&] { group.modify_connection_column_config("x", "s", "t", "", {}); });
  check_refused(mock, "connection_id", [&] { group.connection_column_config("", "s", "t"); });
  check_refused(mock, "schema", [&] { group.connection_column_config("x", "", "t"); });
  check_refused(mock, "table", [&] { group.connection_column_config("x", "s", ""); });
  check_refused(mock, "connection_id", [&] { group.connection_state(""); });
  check_refused(mock, "connection_id", [&] { group.modify_connection_state("", {}); });
  check_refused(mock, "connection_id", [&] { group.sync_connection(""); });
  check_refused(mock, "connection_id", [&] { group.run_connection_setup_tests(""); });
  check_refused(mock, "group_id", [&] { group.list_all_connections_in_group(""); });
  check_refused(mock, "group_id", [&] { group.list_all_connections_in_group_all("").collect(); });
  CHECK(mock.call_count() == 0);
}

TEST_CASE("a path value with '/', '?', '#' or '..' stays one percent-encoded segment") {
  mock_transport mock;
  mock.route([](const plugboard::request&) -> std::optional<plugboard::response> {
    return plugboard_test::json_response(200, R"({"code":"Success","message":"done"})");
  });
  auto c = make(mock);
  auto group = c.connections();
  group.delete_connection("a/../b?c=d#e");
  CHECK(mock.last_request().target == "/v1/connections/a%2F..%2Fb%3Fc%3Dd%23e");
  CHECK(mock.last_request().path() == mock.last_request().target);  // no query smuggled in
  group.delete_connection("..");
  CHECK(mock.last_request().target == "/v1/connections/%2E%2E");
  group.sync_connection("../x?force=true");
  CHECK(mock.last_request().target == "/v1/connections/..%2Fx%3Fforce%3Dtrue/sync");
  group.revoke_connection_fingerprint("id", "ab/cd+ef==");
  CHECK(mock.last_request().target == "/v1/connections/id/fingerprints/ab%2Fcd%2Bef%3D%3D");
  group.delete_column_connection_config("c#1", "my/schema", "..", "col?x#y");
  CHECK(mock.last_request().target ==
        "/v1/connections/c%231/schemas/my%2Fschema/tables/%2E%2E/columns/col%3Fx%23y");
  CHECK(mock.last_request().path() == mock.last_request().target);

  mock.enqueue_json(200, envelope_of(page_of("", "")));
  group.list_all_connections_in_group("g/../1?x#", "s&t=u");
  CHECK(mock.last_request().target == "/v1/groups/g%2F..%2F1%3Fx%23/connections?schema=s%26t%3Du");
  CHECK(mock.last_request().path() == "/v1/groups/g%2F..%2F1%3Fx%23/connections");
}

TEST_CASE("a 404 is api_error with Fivetran's code, thrown or returned as the policy says") {
  const std::string not_found =
      R"({"code":"NotFound_Connection","message":"Connection with id 'gone' doesn't exist"})";
  {
    mock_transport mock;
    auto c = make(mock);
    mock.enqueue_json(404, not_found);
    try {
      c.connections().connection_details("gone");
      FAIL("no api_error");
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == 404);
      CHECK(e.service_code() == "NotFound_Connection");
      CHECK(e.service_message() == "Connection with id 'gone' doesn't exist");
      CHECK(e.request_line() == "GET https://api.fivetran.test/v1/connections/gone");
    }
    mock.enqueue_json(404, not_found);
    CHECK_THROWS_AS(c.connections().sync_connection("gone"), plugboard::api_error);
  }
  {
    mock_transport mock;
    fivetran::client<mock_transport, plugboard::return_errors> c(
        fivetran_test::origin, fivetran::api_key("key-123", "secret-456"), mock);
    mock.enqueue_json(404, not_found);
    const auto missing = c.connections().connection_details("gone");
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind() == plugboard::error_kind::api);
    CHECK(missing.error().status() == 404);
    const auto* e = missing.error().as<plugboard::api_error>();
    REQUIRE(e != nullptr);
    CHECK(e->service_code() == "NotFound_Connection");
    CHECK(e->service_message() == "Connection with id 'gone' doesn't exist");
    check_common(mock.last_request(), method::get, "/v1/connections/gone");

    mock.enqueue_json(404, not_found);
    const auto not_deleted = c.connections().delete_connection("gone");
    REQUIRE_FALSE(not_deleted.ok());
    CHECK(not_deleted.error().as<plugboard::api_error>()->service_code() == "NotFound_Connection");

    // Bad input is returned too, and nothing is sent.
    const auto refused = c.connections().connection_details("");
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind() == plugboard::error_kind::usage);
    CHECK(mock.call_count() == 2);

    // Success is a value.
    mock.enqueue_json(200, envelope_of(connection_json));
    const auto found = c.connections().connection_details("speak_inexpensive");
    REQUIRE(found.ok());
    CHECK(found->data.id == "speak_inexpensive");
  }
}

// ---- descriptors -----------------------------------------------------------

namespace {

// Fivetran's rate budgets, as the selection file assigns them.
constexpr std::string_view expected_budget(std::string_view operation) {
  if (operation == "run_connection_setup_tests") return "setup_tests";
  if (operation == "reload_connection_schema_config") return "source_interaction";
  if (operation == "connection_column_config") return "source_interaction";
  return "default";
}

template <class... E>
constexpr bool all_valid(plugboard::type_list<E...>) {
  return (plugboard::is_valid_endpoint<E>() && ...);
}

static_assert(api::connections_endpoints::size == 31);
static_assert(all_valid(api::connections_endpoints{}));
static_assert(
    plugboard::endpoint_traits<api::endpoints::run_connection_setup_tests>::budget_class ==
    "setup_tests");
static_assert(
    plugboard::endpoint_traits<api::endpoints::reload_connection_schema_config>::budget_class ==
    "source_interaction");
static_assert(plugboard::endpoint_traits<api::endpoints::connection_column_config>::budget_class ==
              "source_interaction");
static_assert(plugboard::endpoint_traits<api::endpoints::list_connections>::budget_class ==
              "default");

}  // namespace

TEST_CASE("every connections descriptor is valid, named, and in its rate budget") {
  std::vector<std::string_view> operations;
  plugboard::for_each_type(api::connections_endpoints{}, [&](auto tag) {
    using E = typename decltype(tag)::type;
    static_assert(plugboard::is_valid_endpoint<E>());
    using traits = plugboard::endpoint_traits<E>;
    CAPTURE(traits::operation);
    CHECK(traits::budget_class == expected_budget(traits::operation));
    CHECK(traits::service == "fivetran");
    CHECK(traits::accept == expected_accept(std::string(traits::path)));
    CHECK_FALSE(E::summary.empty());
    operations.push_back(traits::operation);
  });
  CHECK(operations.size() == 31);
  int budgeted = 0;
  for (auto op : operations) budgeted += expected_budget(op) != "default" ? 1 : 0;
  CHECK(budgeted == 3);
}
