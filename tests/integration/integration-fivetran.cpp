// Fivetran connector management over real HTTP against the sandbox on 127.0.0.1.
#include <doctest/doctest.h>

#include <chrono>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::sandbox::fivetran_fake;
namespace fivetran = plugboard::fivetran;

namespace {

constexpr const char* key = "it-key";
constexpr const char* secret = "it-secret";

fivetran_fake::settings fake_settings() {
  fivetran_fake::settings s;
  s.api_key = key;
  s.api_secret = secret;
  s.groups = {"projected_sickle", "other_group"};
  return s;
}

struct fixture {
  plugboard::sandbox::server server;
  fivetran_fake& fake;
  fivetran::client<> client;

  explicit fixture(fivetran_fake::settings s = fake_settings())
      : fake(server.mount<fivetran_fake>("/fivetran", std::move(s))),
        client(server.url("/fivetran"), fivetran::api_key(key, secret)) {}

  fivetran::client<>::connector_management_api api() { return client.connector_management(); }

  std::string create_sheets(std::string schema = "sheets") {
    fivetran::new_connector_request r;
    r.group_id = "projected_sickle";
    r.service = "google_sheets";
    r.config = {{"schema", std::move(schema)}, {"table", "orders"}};
    return api().create_connector(r).data.id;
  }
};

plugboard::api_error api_error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const plugboard::api_error& e) {
    return e;
  }
  FAIL("no api_error");
  return plugboard::api_error(0, {}, "", "");
}

}  // namespace

TEST_CASE("the connector lifecycle: create, test, modify, card, sync, resync, delete") {
  fixture f;
  auto api = f.api();

  fivetran::new_connector_request request;
  request.group_id = "projected_sickle";
  request.service = "postgres";
  request.sync_frequency = 60;
  request.config = {{"schema_prefix", "pg"},
                    {"host", "db.example.com"},
                    {"port", 5432},
                    {"user", "fivetran"},
                    {"password", "db-password"}};
  request.auth = {{"ssh_key", "k"}};
  const auto created = api.create_connector(request);
  CHECK(created.code == "Success");
  CHECK(created.message == "Connector has been created");
  const std::string id = created.data.id;
  CHECK_FALSE(id.empty());
  CHECK(created.data.group_id == "projected_sickle");
  CHECK(created.data.service == "postgres");
  CHECK(created.data.schema == "pg");
  CHECK(created.data.sync_frequency == 60);
  REQUIRE(created.data.status.has_value());
  CHECK(created.data.status->setup_state == fivetran::setup_state::incomplete);
  CHECK(created.data.config["password"] == "******");  // masked, as the API does
  CHECK(f.fake.stored_config(id)->at("password") == "db-password");
  CHECK(f.fake.stored_auth(id) == json{{"ssh_key", "k"}});
  const auto log = f.server.requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0].status == 201);

  const auto details = api.connector_details(id);
  CHECK(details.data.id == id);
  CHECK(details.data.status->sync_state == fivetran::sync_state::scheduled);
  CHECK(details.data.created_at.has_value());

  const auto tested = api.run_setup_tests(id);
  CHECK(tested.data.status->setup_state == fivetran::setup_state::connected);
  REQUIRE(tested.data.setup_tests.size() == 2);
  for (const auto& t : tested.data.setup_tests) {
    CHECK(t.status == fivetran::setup_test_status::passed);
  }

  fivetran::update_connector_request changes;
  changes.sync_frequency = 1440;
  changes.daily_sync_time = "14:00";
  changes.config = {{"port", 6543}};
  const auto modified = api.modify_connector(id, changes);
  CHECK(modified.data.sync_frequency == 1440);
  CHECK(modified.data.daily_sync_time == "14:00");
  CHECK(modified.data.paused == false);  // untouched
  CHECK(modified.data.schema == "pg");
  CHECK(modified.data.config["port"] == 6543);
  CHECK(modified.data.config["host"] == "db.example.com");  // config keys merged
  CHECK(modified.data.status->setup_state == fivetran::setup_state::connected);

  fivetran::connect_card_config card_config;
  card_config.redirect_uri = "https://example.com/done";
  const auto card = api.connect_card(id, card_config);
  CHECK(card.data.connector_id == id);
  REQUIRE(card.data.connect_card.has_value());
  CHECK(card.data.connect_card->uri->rfind("https://fivetran.com/connect-card/setup?auth=", 0) ==
        0);
  CHECK(card.data.connect_card_config->redirect_uri == "https://example.com/done");
  CHECK(card.data.connect_card_config->hide_setup_guide == false);

  fivetran::resync_connector_request scope;
  scope.scope = std::map<std::string, std::vector<std::string>>{{"public", {"orders"}}};
  const auto resync = api.resync_connector(id, scope);
  CHECK(resync.message == "Re-sync has been triggered successfully");
  CHECK(f.fake.last_resync_scope(id) == json{{"public", {"orders"}}});
  CHECK(api.connector_details(id).data.status->sync_state == fivetran::sync_state::syncing);
  f.fake.finish_sync(id);
  const auto after = api.connector_details(id).data;
  CHECK(after.status->sync_state == fivetran::sync_state::scheduled);
  CHECK(after.succeeded_at.has_value());

  const auto synced = api.sync_connector(id);
  CHECK(synced.code == "Success");
  CHECK(*synced.message ==
        "Sync has been successfully triggered for connector with id '" + id + "'");
  CHECK(api.connector_details(id).data.status->sync_state == fivetran::sync_state::syncing);

  const auto deleted = api.delete_connector(id);
  REQUIRE(deleted.has_value());
  CHECK(deleted->code == "Success");
  CHECK(f.fake.connector_count() == 0);
  const auto gone = api_error_of([&] { api.connector_details(id); });
  CHECK(gone.status() == 404);
  CHECK(gone.service_code() == "NotFound_Connector");
  CHECK(api_error_of([&] { api.delete_connector(id); }).status() == 404);
}

TEST_CASE("sync during a sync: accepted without restart, force restarts, resync is 409") {
  fixture f;
  auto api = f.api();
  const auto id = f.create_sheets();
  api.sync_connector(id);
  CHECK(f.fake.syncs_started(id) == 1);
  CHECK(api.sync_connector(id).code == "Success");  // no force: keeps the running sync
  CHECK(f.fake.syncs_started(id) == 1);
  fivetran::sync_connector_request force;
  force.force = true;
  api.sync_connector(id, force);
  CHECK(f.fake.syncs_started(id) == 2);

  const auto conflict = api_error_of([&] { api.resync_connector(id); });
  CHECK(conflict.status() == 409);
  CHECK(conflict.service_code() == "Conflict");
  CHECK(conflict.service_message().find("in progress") != std::string::npos);
  f.fake.finish_sync(id);
  CHECK(api.resync_connector(id).code == "Success");
  CHECK(f.fake.last_resync_scope(id) == json());  // the whole connector
}

TEST_CASE("modify changes only the fields given") {
  fixture f;
  auto api = f.api();
  const auto id = f.create_sheets();
  const auto before = api.connector_details(id).data;
  fivetran::update_connector_request pause;
  pause.paused = true;
  const auto paused = api.modify_connector(id, pause).data;
  CHECK(paused.paused == true);
  CHECK(paused.status->sync_state == fivetran::sync_state::paused);
  CHECK(paused.sync_frequency == before.sync_frequency);
  CHECK(paused.daily_sync_time == before.daily_sync_time);
  CHECK(paused.schedule_type == before.schedule_type);
  CHECK(paused.config == before.config);

  const auto same = api.modify_connector(id, {}).data;  // {} changes nothing
  CHECK(json(same) == json(paused));

  fivetran::update_connector_request with_tests;
  with_tests.run_setup_tests = true;
  with_tests.schedule_type = fivetran::schedule_mode::manual;
  const auto tested = api.modify_connector(id, with_tests).data;
  CHECK(tested.schedule_type == fivetran::schedule_mode::manual);
  CHECK(tested.status->setup_state == fivetran::setup_state::connected);
}

TEST_CASE("a failing setup test leaves the connector broken") {
  fixture f;
  auto api = f.api();
  fivetran::new_connector_request r;
  r.group_id = "other_group";
  r.service = "mysql";
  r.config = {{"schema_prefix", "shop"}, {"host", "unreachable.invalid"}};
  const auto id = api.create_connector(r).data.id;
  const auto tested = api.run_setup_tests(id).data;
  CHECK(tested.status->setup_state == fivetran::setup_state::broken);
  REQUIRE(tested.setup_tests.size() == 2);
  CHECK(tested.setup_tests[1].status == fivetran::setup_test_status::failed);
  CHECK(tested.setup_tests[1].details == json{{"host", "unreachable.invalid"}});
  REQUIRE(tested.status->tasks.size() == 1);
  CHECK(tested.status->tasks[0].code == "resolve_broken_connection");
}

TEST_CASE("create answers 400 for a bad request and 404 for an unknown group") {
  fixture f;
  auto api = f.api();
  fivetran::new_connector_request r;
  r.group_id = "projected_sickle";
  r.service = "no_such_service";
  r.config = {{"schema", "x"}};
  auto unsupported = api_error_of([&] { api.create_connector(r); });
  CHECK(unsupported.status() == 400);
  CHECK(unsupported.service_message() == "Unsupported connector service 'no_such_service'");

  r.service = "google_sheets";
  r.config = nullptr;
  CHECK(api_error_of([&] { api.create_connector(r); }).service_message() ==
        "Missing required config field 'schema'");

  r.config = {{"schema", "x"}};
  r.sync_frequency = 7;
  CHECK(api_error_of([&] { api.create_connector(r); }).status() == 400);

  r.sync_frequency.reset();
  r.group_id = "missing_group";
  const auto no_group = api_error_of([&] { api.create_connector(r); });
  CHECK(no_group.status() == 404);
  CHECK(no_group.service_code() == "NotFound_Group");
  CHECK(f.fake.connector_count() == 0);
}

TEST_CASE("metadata: a full cursor walk and one connector type's schemas") {
  fixture f;
  auto api = f.api();
  const auto first = api.metadata_connectors(std::nullopt, 10);
  CHECK(first.data.items.size() == 10);
  REQUIRE(first.data.has_more());
  const auto second = api.metadata_connectors(first.data.next_cursor, 10);
  CHECK(second.data.items.front().id > first.data.items.back().id);

  f.server.clear_requests();
  auto all = api.metadata_connectors_all(10);
  std::set<std::string> ids;
  std::vector<std::string> order;
  for (const auto& m : all) {
    ids.insert(m.id);
    order.push_back(m.id);
    CHECK(m.config.is_null());  // the listing leaves the schemas out
  }
  CHECK(order.size() == f.fake.metadata_count());
  CHECK(order.size() >= 25);
  CHECK(ids.size() == order.size());  // no duplicates across pages
  CHECK(all.pages_fetched() == 4);
  const auto log = f.server.requests();
  REQUIRE(log.size() == 4);
  CHECK(log[0].target == "/fivetran/v1/metadata/connectors?limit=10");
  for (std::size_t i = 1; i < log.size(); ++i) {
    CHECK(log[i].target.find("cursor=") != std::string::npos);
  }

  CHECK(api.metadata_connectors_all().collect().size() ==
        f.fake.metadata_count());  // one page of 100

  const auto sheets = api.metadata_connector_config("google_sheets").data;
  CHECK(sheets.name == "Google Sheets");
  CHECK(sheets.type == fivetran::metadata_type::file);
  CHECK(sheets.service_status == fivetran::service_status::general_availability);
  CHECK(sheets.config["required"] == json{"schema"});
  CHECK(sheets.auth["properties"].contains("client_access"));

  const auto openai = api.metadata_connector_config("openai").data;
  CHECK(openai.type == fivetran::metadata_type::unknown);  // a category newer than the SDK
  CHECK(openai.type.wire() == "ArtificialIntelligence");

  const auto unknown = api_error_of([&] { api.metadata_connector_config("nope"); });
  CHECK(unknown.status() == 404);
  const auto bad_cursor = api_error_of([&] { api.metadata_connectors(std::string("junk")); });
  CHECK(bad_cursor.status() == 400);
}

TEST_CASE("the walk follows nextCursor and stops on a null or empty last cursor") {
  for (auto end : {fivetran_fake::cursor_end::omit, fivetran_fake::cursor_end::null,
                   fivetran_fake::cursor_end::empty}) {
    for (const char* cursor_key : {"next_cursor", "nextCursor"}) {
      fixture f;
      f.fake.set_cursor_style(cursor_key, end);
      auto all = f.api().metadata_connectors_all(7);
      CHECK(all.collect().size() == f.fake.metadata_count());
      CHECK(f.server.request_count() == 5);  // 33 items in pages of 7
    }
  }
}

TEST_CASE("429 with Retry-After: an api_error by default, retried for GET with backoff") {
  fixture f;
  f.server.inject(fivetran_fake::too_many_requests("3"));
  const auto limited = api_error_of([&] { f.api().metadata_connectors(); });
  CHECK(limited.status() == 429);
  CHECK(limited.service_code() == "TooManyRequests");
  CHECK(limited.service_message() == "Rate limit exceeded, retry later");
  CHECK(limited.retry_after() == std::chrono::seconds(3));

  plugboard::testing::fake_clock clock;
  plugboard::client_options options(f.server.url("/fivetran"));
  options.clock = clock.hooks();
  fivetran::client<plugboard::http_transport, plugboard::basic_auth, plugboard::json_serializer,
                   plugboard::backoff_retry>
      patient(options, fivetran::api_key(key, secret));
  const auto id = f.create_sheets();

  f.server.clear_requests();
  f.server.inject(fivetran_fake::too_many_requests("3").times(2));
  CHECK(patient.connector_management().connector_details(id).data.id == id);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{3000ms, 3000ms});
  CHECK(f.server.requests().size() == 3);

  f.server.clear_requests();
  f.server.inject(fivetran_fake::too_many_requests("1"));
  CHECK(api_error_of([&] { patient.connector_management().sync_connector(id); }).status() == 429);
  CHECK(f.server.requests().size() == 1);  // a POST is not repeated
  CHECK(f.fake.syncs_started(id) == 0);

  plugboard::call_options opt_in;
  opt_in.idempotent = true;
  f.server.inject(fivetran_fake::too_many_requests("1"));
  CHECK(patient.connector_management().sync_connector(id, {}, opt_in).code == "Success");
  CHECK(f.fake.syncs_started(id) == 1);
}

TEST_CASE("wrong or missing credentials get 401 and are never echoed") {
  fixture f;
  const std::string canary_key(plugboard_test::canary_key);
  const std::string canary_secret(plugboard_test::canary_password);
  for (const auto& auth : {fivetran::api_key(key, canary_secret),
                           fivetran::api_key(canary_key, secret), plugboard::basic_auth()}) {
    fivetran::client<> intruder(f.server.url("/fivetran"), auth);
    const auto denied =
        api_error_of([&] { intruder.connector_management().metadata_connectors(); });
    CHECK(denied.status() == 401);
    CHECK(denied.service_code() == "Unauthorized");
    CHECK_FALSE(plugboard_test::mentions_canary(denied.what()));
  }
  for (const auto& entry : f.server.requests()) {
    CHECK_FALSE(plugboard_test::mentions_canary(entry.headers.get("Authorization")));
  }
}

TEST_CASE("Accept: v2 by default, v1 on request, anything but JSON is 406") {
  fixture f;
  auto api = f.api();
  api.metadata_connectors();
  CHECK(f.server.requests().back().headers.get("Accept") == "application/json;version=2");
  CHECK(
      api.metadata_connectors(std::nullopt, std::nullopt, fivetran::with_accept("application/json"))
          .code == "Success");
  const auto refused = api_error_of([&] {
    api.metadata_connectors(std::nullopt, std::nullopt, fivetran::with_accept("text/html"));
  });
  CHECK(refused.status() == 406);
  CHECK(refused.service_code() == "NotAcceptable");
  CHECK(api_error_of([&] {
          api.metadata_connectors(std::nullopt, std::nullopt,
                                  fivetran::with_accept("application/json;version=9"));
        }).status() == 406);
}

TEST_CASE("an id with '/' and '?' reaches the server as one segment") {
  fixture f;
  const std::string tricky = "a/../b?c=d#e %f";
  f.fake.add_connector(tricky, "google_sheets");
  auto api = f.api();
  CHECK(api.connector_details(tricky).data.id == tricky);
  CHECK(api.sync_connector(tricky).code == "Success");
  CHECK(f.fake.syncs_started(tricky) == 1);
  CHECK(api_error_of([&] { api.connector_details("a"); }).status() == 404);
  const auto log = f.server.requests();
  REQUIRE(log.size() == 3);
  CHECK(log[0].target == "/fivetran/v1/connectors/a%2F..%2Fb%3Fc%3Dd%23e%20%25f");
  CHECK(log[1].target == "/fivetran/v1/connectors/a%2F..%2Fb%3Fc%3Dd%23e%20%25f/sync");
}

TEST_CASE("malformed JSON from the server is a decode_error naming the problem") {
  fixture f;
  auto api = f.api();
  const auto id = f.create_sheets();
  f.server.inject(plugboard::sandbox::fault::truncated_body());
  try {
    api.connector_details(id);
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.problem().find("not valid JSON") != std::string::npos);
    CHECK(e.request_line().find("/fivetran/v1/connectors/" + id) != std::string::npos);
  }
  f.server.inject(plugboard::sandbox::fault::replace_body(R"({"code":"Success","data":{"id":7}})"));
  try {
    api.connector_details(id);
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "data.id");
  }
  f.server.inject(plugboard::sandbox::fault::replace_body("<html>oops</html>", "text/html"));
  CHECK_THROWS_AS(api.metadata_connectors_all().collect(), plugboard::decode_error);
  CHECK(api.connector_details(id).data.id == id);  // the next call is fine
}

TEST_CASE("with return_errors nothing throws, over real HTTP") {
  fixture f;
  fivetran::client<plugboard::http_transport, plugboard::basic_auth, plugboard::json_serializer,
                   plugboard::no_retry, plugboard::return_errors>
      safe(f.server.url("/fivetran"), fivetran::api_key(key, secret));
  auto api = safe.connector_management();
  auto page = api.metadata_connectors(std::nullopt, 5);
  REQUIRE(page.ok());
  CHECK(page->data.items.size() == 5);
  auto missing = api.sync_connector("nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status() == 404);
  CHECK(api.metadata_connectors(std::nullopt, 0).error().kind() == plugboard::error_kind::usage);
}
