// SPDX-License-Identifier: MIT
// Fivetran models: every one survives a JSON round trip unchanged, unknown
// keys and unknown enum values included; request bodies omit what is unset.
#include <doctest/doctest.h>

#include <string>
#include <type_traits>

#include "plugboard/fivetran/models.hpp"

using plugboard::json;
namespace fivetran = plugboard::fivetran;

namespace {

// Decodes `text` into T and encodes it again: nothing may be lost or added.
template <class T>
T round_trip(const std::string& text) {
  const json original = json::parse(text);
  const T decoded = original.get<T>();
  const json encoded = decoded;
  CHECK_MESSAGE(encoded == original, "re-encoded: " << encoded.dump());
  return decoded;
}

}  // namespace

TEST_CASE("connect_card_config and its request wrapper") {
  const auto c = round_trip<fivetran::connect_card_config>(
      R"({"redirect_uri":"https://example.com","hide_setup_guide":true,"theme":"dark"})");
  CHECK(c.redirect_uri == "https://example.com");
  CHECK(c.hide_setup_guide == true);
  CHECK(c.extra == json{{"theme", "dark"}});
  const auto r = round_trip<fivetran::connect_card_config_request>(
      R"({"connect_card_config":{"redirect_uri":"https://example.com"},"new":1})");
  REQUIRE(r.connect_card_config.has_value());
  CHECK_FALSE(r.connect_card_config->hide_setup_guide.has_value());
  CHECK(json(fivetran::connect_card_config_request{}) == json::object());
}

TEST_CASE("new_connector_request: typed fields, free-form config and auth, extras") {
  const auto r = round_trip<fivetran::new_connector_request>(R"({
    "group_id":"projected_sickle","service":"postgres","trust_certificates":true,
    "trust_fingerprints":false,"run_setup_tests":true,"paused":false,"pause_after_trial":true,
    "sync_frequency":1440,"daily_sync_time":"03:00","schedule_type":"auto",
    "connect_card_config":{"redirect_uri":"https://x","hide_setup_guide":false},
    "config":{"schema_prefix":"pg","port":5432,"nested":{"a":[1,2]}},
    "auth":{"client_access":{"client_id":"id"}},
    "hybrid_deployment_agent_id":"agent_1"})");
  CHECK(r.sync_frequency == 1440);
  CHECK(r.schedule_type == fivetran::schedule_mode::automatic);
  CHECK(r.config["nested"]["a"][1] == 2);
  CHECK(r.extra == json{{"hybrid_deployment_agent_id", "agent_1"}});

  fivetran::new_connector_request minimal;
  minimal.group_id = "g";
  minimal.service = "s";
  CHECK(json(minimal) == json{{"group_id", "g"}, {"service", "s"}});
  minimal.schedule_type = plugboard::open_enum<fivetran::schedule_mode>::from_wire("cron");
  CHECK(json(minimal)["schedule_type"] ==
        "cron");  // a value this client does not know is sent as is
}

TEST_CASE("update_connector_request: every field, and {} when nothing is set") {
  const auto r = round_trip<fivetran::update_connector_request>(R"({
    "trust_certificates":true,"trust_fingerprints":true,"config":{"table":"t"},"auth":"opaque",
    "sync_frequency":5,"daily_sync_time":"12:00","paused":true,"pause_after_trial":false,
    "paused_after_trial":false,"schema_status":"ready","is_historical_sync":true,
    "schedule_type":"manual","run_setup_tests":false,"data_delay_threshold":10})");
  CHECK(r.auth == "opaque");  // any JSON value
  CHECK(r.schedule_type == fivetran::schedule_mode::manual);
  CHECK(r.extra == json{{"data_delay_threshold", 10}});
  CHECK(json(fivetran::update_connector_request{}).dump() == "{}");
}

TEST_CASE("resync, run_setup_tests and sync request bodies") {
  const auto resync = round_trip<fivetran::resync_connector_request>(
      R"({"scope":{"public":["orders","users"],"sales":[]},"x":true})");
  REQUIRE(resync.scope.has_value());
  CHECK(resync.scope->at("public").size() == 2);
  CHECK(json(fivetran::resync_connector_request{}).dump() == "{}");

  const auto tests = round_trip<fivetran::run_setup_tests_request>(
      R"({"trust_certificates":false,"trust_fingerprints":true,"y":null})");
  CHECK(tests.trust_fingerprints == true);
  CHECK(json(fivetran::run_setup_tests_request{}).dump() == "{}");

  const auto sync = round_trip<fivetran::sync_connector_request>(R"({"force":true,"z":[1]})");
  CHECK(sync.force == true);
  CHECK(json(fivetran::sync_connector_request{}).dump() == "{}");
}

TEST_CASE("connector with status, setup tests, connect card and unknown keys") {
  const auto c = round_trip<fivetran::connector>(R"({
    "id":"speak_inexpensive","group_id":"projected_sickle","service":"google_sheets",
    "service_version":3,"schema":"sheets","connected_by":"mystery_fox",
    "created_at":"2026-01-02T03:04:05.000Z","succeeded_at":"2026-01-02T04:00:00.000Z",
    "failed_at":"2026-01-01T04:00:00.000Z","paused":false,"pause_after_trial":false,
    "sync_frequency":360,"daily_sync_time":"03:00","schedule_type":"auto",
    "status":{"setup_state":"connected","sync_state":"syncing","update_state":"delayed",
              "is_historical_sync":true,"schema_status":"ready",
              "rescheduled_for":"2026-01-03T00:00:00.000Z",
              "tasks":[{"code":"t","message":"m","extra_task_key":1}],"warnings":[],
              "sync_progress":{"percent":40}},
    "setup_tests":[{"title":"Host","status":"PASSED","message":"","details":{"ms":3}},
                   {"title":"Auth","status":"WARNING","message":"m","details":"a string"}],
    "source_sync_details":{"last_synced":"2026-01-02T04:00:00.000Z"},
    "connect_card":{"token":"tok","uri":"https://fivetran.com/connect-card/setup?auth=tok"},
    "connect_card_config":{"redirect_uri":"https://x","hide_setup_guide":true},
    "config":{"schema":"sheets"},
    "private_link_id":"pl_1","data_delay_threshold":0})");
  REQUIRE(c.status.has_value());
  CHECK(c.status->sync_state == fivetran::sync_state::syncing);
  CHECK(c.status->update_state == fivetran::update_state::delayed);
  CHECK(c.status->tasks.at(0).extra == json{{"extra_task_key", 1}});
  CHECK(c.status->extra == json{{"sync_progress", {{"percent", 40}}}});
  CHECK(c.setup_tests.at(1).status == fivetran::setup_test_status::warning);
  CHECK(c.setup_tests.at(1).details == "a string");
  CHECK(c.connect_card->token == "tok");
  CHECK(c.extra == json{{"private_link_id", "pl_1"}, {"data_delay_threshold", 0}});
}

TEST_CASE("unknown enum values decode as unknown and are sent back unchanged") {
  const auto s = round_trip<fivetran::connector_status>(
      R"({"setup_state":"reconnecting","sync_state":"queued","update_state":"stuck","tasks":[],"warnings":[]})");
  CHECK(s.setup_state == fivetran::setup_state::unknown);
  CHECK_FALSE(s.setup_state.is_known());
  CHECK(s.setup_state.wire() == "reconnecting");
  CHECK(s.sync_state == fivetran::sync_state::unknown);
  CHECK(s.sync_state.wire() == "queued");
  CHECK(s.update_state.wire() == "stuck");

  const auto t = round_trip<fivetran::setup_test>(R"({"title":"x","status":"BLOCKED"})");
  CHECK(t.status == fivetran::setup_test_status::unknown);
  CHECK(t.status.wire() == "BLOCKED");

  const auto c = round_trip<fivetran::connector>(R"({"id":"x","group_id":"g","service":"s",
      "schema":"s","schedule_type":"cron","setup_tests":[]})");
  CHECK(c.schedule_type == fivetran::schedule_mode::unknown);
  CHECK(c.schedule_type.wire() == "cron");

  const auto m = round_trip<fivetran::metadata>(
      R"({"id":"openai","icons":[],"type":"ArtificialIntelligence","service_status":"deprecated"})");
  CHECK(m.type == fivetran::metadata_type::unknown);
  CHECK(m.type.wire() == "ArtificialIntelligence");
  CHECK(m.service_status == fivetran::service_status::unknown);
  CHECK(m.service_status.wire() == "deprecated");
}

TEST_CASE("every documented enum value has its wire name") {
  const auto known = [](const auto& value, const char* wire) {
    const json j = plugboard::codec::encode(value);
    CHECK(j == wire);
    std::decay_t<decltype(value)> back;
    plugboard::codec::decode(plugboard::json_reader(j), back);
    CHECK(back.is_known());
    CHECK(back == value);
  };
  using plugboard::open_enum;
  known(open_enum<fivetran::setup_state>(fivetran::setup_state::broken), "broken");
  known(open_enum<fivetran::sync_state>(fivetran::sync_state::rescheduled), "rescheduled");
  known(open_enum<fivetran::update_state>(fivetran::update_state::on_schedule), "on_schedule");
  known(open_enum<fivetran::schedule_mode>(fivetran::schedule_mode::automatic), "auto");
  known(open_enum<fivetran::setup_test_status>(fivetran::setup_test_status::skipped), "SKIPPED");
  known(open_enum<fivetran::metadata_type>(fivetran::metadata_type::bi_tool), "BITool");
  known(open_enum<fivetran::metadata_type>(fivetran::metadata_type::human_resources),
        "HumanResources");
  known(open_enum<fivetran::service_status>(fivetran::service_status::private_preview),
        "private_preview");
}

TEST_CASE("connect card, metadata, pages, envelope and acknowledgement") {
  const auto card = round_trip<fivetran::connector_connect_card>(R"({"connector_id":"c",
      "connect_card":{"token":"t","uri":"u","expires_at":"soon"},
      "connect_card_config":{"redirect_uri":"https://x","hide_setup_guide":false},"more":1})");
  CHECK(card.connect_card->extra == json{{"expires_at", "soon"}});

  const auto m = round_trip<fivetran::metadata>(R"({"id":"facebook_ad_account",
      "name":"Facebook Ad Account","type":"Marketing","description":"d","icon_url":"i",
      "icons":["a","b"],"link_to_docs":"l","link_to_erd":"e","service_status":"beta",
      "config":{"type":"object"},"auth":{"type":"object"},"connector_class":"standard"})");
  CHECK(m.type == fivetran::metadata_type::marketing);
  CHECK(m.service_status == fivetran::service_status::beta);
  CHECK(m.extra == json{{"connector_class", "standard"}});

  const auto page = round_trip<fivetran::metadata_page>(
      R"({"items":[{"id":"a","icons":[]}],"next_cursor":"n","total":1})");
  CHECK(page.next_cursor == "n");
  CHECK(page.has_more());

  const auto envelope = round_trip<fivetran::envelope<fivetran::acknowledgement>>(
      R"({"code":"Success","message":"ok","data":{"code":"inner"},"request_id":"r"})");
  CHECK(envelope.data.code == "inner");
  CHECK(envelope.extra == json{{"request_id", "r"}});

  const auto ack =
      round_trip<fivetran::acknowledgement>(R"({"code":"Success","message":"ok","trace":"t"})");
  CHECK(ack.message == "ok");
}

TEST_CASE("the page cursor: next_cursor, the SDK's nextCursor, or nothing") {
  const auto snake =
      json::parse(R"({"items":[],"next_cursor":"a"})").get<fivetran::metadata_page>();
  CHECK(snake.next_cursor == "a");
  const auto camel = json::parse(R"({"items":[],"nextCursor":"b"})").get<fivetran::metadata_page>();
  CHECK(camel.next_cursor == "b");
  CHECK(json(camel) == json{{"items", json::array()}, {"next_cursor", "b"}});  // written snake_case
  for (const char* last :
       {R"({"items":[]})", R"({"items":[],"next_cursor":null})", R"({"items":[],"next_cursor":""})",
        R"({"items":[],"nextCursor":null})"}) {
    CHECK_FALSE(json::parse(last).get<fivetran::metadata_page>().has_more());
  }
}
