// SPDX-License-Identifier: MIT
// Fivetran's multi-call flows over mock_transport: wait_for_sync (on a fake
// clock) and copy_schema_selection, with their exact requests.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/fivetran/schema_copy.hpp"
#include "plugboard/fivetran/sync_wait.hpp"
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

template <class... Policies>
fivetran::client<mock_transport, Policies...> make(mock_transport& mock, const fake_clock& clock) {
  plugboard::client_options options("https://api.fivetran.test");
  options.clock = clock.hooks();
  return fivetran::client<mock_transport, Policies...>(options, fivetran::api_key("k", "s"), mock);
}

// A connection's details as Fivetran sends them, with the parts a wait reads.
std::string details(const std::string& sync_state, const std::string& succeeded_at,
                    const std::string& failed_at) {
  std::string out = R"({"code":"Success","data":{"id":"conn_1","group_id":"g","service":"postgres",
    "service_version":1,"schema":"pg","paused":false,"pause_after_trial":false,
    "sync_frequency":360,"schedule_type":"auto","data_delay_sensitivity":"NORMAL",
    "created_at":"2026-01-01T00:00:00Z","status":{"setup_state":"connected","sync_state":")";
  out.append(sync_state).append(R"(","update_state":"on_schedule","is_historical_sync":false})");
  if (!succeeded_at.empty()) out.append(R"(,"succeeded_at":")").append(succeeded_at).append("\"");
  if (!failed_at.empty()) out.append(R"(,"failed_at":")").append(failed_at).append("\"");
  out.append("}}");
  return out;
}

constexpr const char* synced = R"({"code":"Success","message":"Sync has been triggered"})";

}  // namespace

TEST_CASE("wait_for_sync: details, POST sync, then a poll per interval until succeeded_at moves") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(200, details("scheduled", "2026-01-01T00:00:00Z", ""))
      .enqueue_json(200, synced)
      .enqueue_json(200, details("syncing", "2026-01-01T00:00:00Z", ""))
      .enqueue_json(200, details("scheduled", "2026-01-01T00:00:00.000Z", ""))  // same instant
      .enqueue_json(200, details("scheduled", "2026-01-01T01:00:00+00:30", ""));
  auto client = make(mock, clock);
  fivetran::sync_wait_options how;
  how.interval = 5s;
  how.force = true;
  int seen = 0;
  how.on_poll = [&](const fivetran::api::connection& c) {
    ++seen;
    CHECK(c.id == "conn_1");
  };
  const auto out = fivetran::wait_for_sync(client, "conn_1", how);
  CHECK(out.outcome == fivetran::sync_outcome::succeeded);
  CHECK(out.succeeded());
  CHECK(out.polls == 3);
  CHECK(seen == 3);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{5s, 5s, 5s});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 5);
  CHECK(sent[0].target == "/v1/connections/conn_1");
  CHECK(sent[1].verb == plugboard::method::post);
  CHECK(sent[1].target == "/v1/connections/conn_1/sync");
  CHECK(body_json(sent[1]) == json{{"force", true}});
  CHECK(sent[4].target == "/v1/connections/conn_1");
}

TEST_CASE("wait_for_sync: a later failed_at is a failure; the timeout ends the wait") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(200, details("scheduled", "2026-01-01T00:00:00Z", "2025-12-01T00:00:00Z"))
      .enqueue_json(200, synced)
      .enqueue_json(200, details("scheduled", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"));
  auto client = make(mock, clock);
  auto out = fivetran::wait_for_sync(client, "conn_1");
  CHECK(out.outcome == fivetran::sync_outcome::failed);
  CHECK(out.connection.failed_at == "2026-01-02T00:00:00Z");
  CHECK(body_json(mock.requests()[1]) == json::object());

  mock_transport forever;
  forever.route([](const plugboard::request& req) -> std::optional<plugboard::response> {
    plugboard::response res;
    res.status = 200;
    res.headers.set("Content-Type", "application/json");
    res.body = req.verb == plugboard::method::post ? synced : details("syncing", "", "");
    return res;
  });
  auto slow = make(forever, clock);
  fivetran::sync_wait_options how;
  how.interval = 10s;
  how.timeout = 60s;
  out = fivetran::wait_for_sync(slow, "conn_1", how);
  CHECK(out.outcome == fivetran::sync_outcome::timed_out);
  CHECK(out.polls == 6);  // at 10 .. 60 s; a seventh would end after 60 s
}

TEST_CASE("wait_for_sync without trigger: no sync running answers from the last one at once") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(200, details("scheduled", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z"));
  auto client = make(mock, clock);
  fivetran::sync_wait_options how;
  how.trigger = false;
  const auto out = fivetran::wait_for_sync(client, "conn_1", how);
  CHECK(out.outcome == fivetran::sync_outcome::failed);
  CHECK(out.polls == 0);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE("wait_for_sync under return_errors: a 404 is the result's error, nothing thrown") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(404, R"({"code":"NotFound_Connection","message":"no such connection"})");
  auto client = make<plugboard::return_errors>(mock, clock);
  const auto out = fivetran::wait_for_sync(client, "missing");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().status() == 404);
  const auto* api = out.error().as<plugboard::api_error>();
  REQUIRE(api != nullptr);
  CHECK(api->service_code() == "NotFound_Connection");
}

TEST_CASE("RFC 3339 instants compare across fraction digits and offsets") {
  using fivetran::detail::later;
  using fivetran::detail::rfc3339_instant;
  CHECK(rfc3339_instant("2026-01-01T00:00:00Z") == rfc3339_instant("2026-01-01T00:00:00.000Z"));
  CHECK(rfc3339_instant("2026-01-01T01:00:00+01:00") == rfc3339_instant("2026-01-01T00:00:00Z"));
  CHECK(rfc3339_instant("2025-12-31T23:30:00-01:00") == rfc3339_instant("2026-01-01T00:30:00Z"));
  CHECK_FALSE(rfc3339_instant("yesterday"));
  CHECK_FALSE(rfc3339_instant("2026-13-01T00:00:00Z"));
  CHECK(later(std::string("2026-01-01T00:00:00.5Z"), std::string("2026-01-01T00:00:00Z")));
  CHECK_FALSE(later(std::nullopt, std::string("2026-01-01T00:00:00Z")));
  CHECK(later(std::string("soon"), std::nullopt));
}

namespace {

// A schema config with one schema `public`, its tables and their columns.
std::string config(bool users_enabled, bool email_hashed, bool orders_allowed, bool with_invoices) {
  const auto flag = [](bool b) { return b ? "true" : "false"; };
  std::string out = R"({"code":"Success","data":{"schema_change_handling":"ALLOW_COLUMNS",
    "schemas":{"public":{"name_in_destination":"public","enabled":true,"tables":{
      "users":{"name_in_destination":"users","enabled":)";
  out.append(flag(users_enabled)).append(R"(,"sync_mode":"SOFT_DELETE",
        "enabled_patch_settings":{"allowed":true},"supports_columns_config":true,
        "supports_history_mode":true,"columns":{
          "email":{"name_in_destination":"email","enabled":true,"hashed":)");
  out.append(flag(email_hashed)).append(R"(,"enabled_patch_settings":{"allowed":true}},
          "id":{"name_in_destination":"id","enabled":true,"hashed":false,
                "enabled_patch_settings":{"allowed":false,"reason_code":"SYSTEM_COLUMN"}}}},
      "orders":{"name_in_destination":"orders","enabled":false,
        "enabled_patch_settings":{"allowed":)");
  out.append(flag(orders_allowed)).append(R"(},"supports_columns_config":false,
        "supports_history_mode":false,"columns":{}})");
  if (with_invoices) {
    out.append(R"(,"invoices":{"name_in_destination":"invoices","enabled":true,
        "enabled_patch_settings":{"allowed":true},"supports_columns_config":true,
        "supports_history_mode":false,"columns":{}})");
  }
  out.append("}}");
  if (with_invoices)
    out.append(R"(,"archive":{"name_in_destination":"archive","enabled":false,"tables":{}})");
  out.append("}}}");
  return out;
}

}  // namespace

TEST_CASE("copy_schema_selection: one PATCH with what both have, the rest listed as skipped") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(200, config(false, true, true, true))    // the source
      .enqueue_json(200, config(true, false, false, false))  // the target
      // Every column of the target's public.users (its config lists only changed ones).
      .enqueue_json(200, R"({"code":"Success","data":{"columns":{
          "email":{"name_in_destination":"email","enabled":true,"hashed":false,
                   "enabled_patch_settings":{"allowed":true}},
          "id":{"name_in_destination":"id","enabled":true,"hashed":false,
                "enabled_patch_settings":{"allowed":false,"reason_code":"SYSTEM_COLUMN"}}}}})")
      .enqueue_json(200, config(false, true, false, false));
  auto client = make(mock, clock);
  const auto report = fivetran::copy_schema_selection(client, "source_conn", "target_conn");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 4);
  CHECK(sent[0].target == "/v1/connections/source_conn/schemas");
  CHECK(sent[1].target == "/v1/connections/target_conn/schemas");
  CHECK(sent[2].target == "/v1/connections/target_conn/schemas/public/tables/users/columns");
  CHECK(sent[3].verb == plugboard::method::patch);
  CHECK(sent[3].target == "/v1/connections/target_conn/schemas");
  CHECK(body_json(sent[3]) == json::parse(R"({"schema_change_handling":"ALLOW_COLUMNS",
    "schemas":{"public":{"enabled":true,"tables":{
      "users":{"enabled":false,"sync_mode":"SOFT_DELETE",
               "columns":{"email":{"enabled":true,"hashed":true}}}}}}})"));
  CHECK(report.skipped ==
        std::vector<std::string>{"archive", "public.invoices", "public.orders", "public.users.id"});
  CHECK(report.result.schemas.at("public").tables.at("users").columns.at("email").hashed);
}
