// SPDX-License-Identifier: MIT
// Pipeshub's generated groups and the hand-written lifecycle over real HTTP
// against the sandbox on 127.0.0.1: the lifecycle end to end, a typed
// step_skipped naming the missing step for every step a call needs, OAuth
// through the callback, every other operation served statefully, and the
// fake's checks against the OpenAPI document (a bad request body is a 400
// naming the JSON pointer, a reply the document does not allow is a 500).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "plugboard/pipeshub/client.hpp"
#include "plugboard/pipeshub/generated/connectors.hpp"
#include "plugboard/pipeshub/generated/records.hpp"
#include "plugboard/pipeshub/lifecycle.hpp"
#include "plugboard/sandbox/pipeshub.hpp"
#include "plugboard/transport/http.hpp"
#include "support/pipeshub_fixture.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::sandbox::pipeshub_fake;
namespace pipeshub = plugboard::pipeshub;
namespace api = plugboard::pipeshub::api;

namespace {

struct fixture : plugboard_test::pipeshub_fixture {
  using pipeshub_fixture::pipeshub_fixture;

  // A request as a browser or a broken client would send it.
  plugboard::response raw(plugboard::method verb, const std::string& path, std::string body = {},
                          bool bearer = true) {
    plugboard::request req;
    req.verb = verb;
    req.origin = server.url();
    req.target = "/pipeshub/api/v1" + path;
    if (bearer) req.headers.set("Authorization", "Bearer admin-token");
    if (!body.empty()) req.headers.set("Content-Type", "application/json");
    req.body = std::move(body);
    plugboard::http_transport transport;
    return transport.send(req);
  }
};

pipeshub::connector_setup confluence_setup(const std::string& name) {
  pipeshub::connector_setup setup;
  setup.connector_type = "confluence";
  setup.instance_name = name;
  setup.scope = api::connector_scope::team;
  setup.auth_type = api::auth_type::api_token;
  setup.auth.values = json{{"email", "me@example.com"}, {"apiToken", "tok-confluence"}};
  setup.filters = json{{"sync", {{"spaces", {{"operator", "in"}, {"value", {"ENG", "OPS"}}}}}}};
  return setup;
}

template <class Call>
pipeshub::step_skipped skipped_of(Call&& call) {
  try {
    call();
  } catch (const pipeshub::step_skipped& e) {
    return e;
  }
  FAIL("expected step_skipped");
  throw std::logic_error("unreachable");
}

api::connector_toggle_request sync_toggle() {
  api::connector_toggle_request t;
  t.type = api::toggle_type::sync;
  return t;
}

}  // namespace

TEST_CASE("the lifecycle end to end: registry to delete, in both shapes") {
  for (auto shape : {pipeshub_fake::shape::server, pipeshub_fake::shape::sdk}) {
    CAPTURE(static_cast<int>(shape));
    fixture f(shape);
    auto client = f.as();
    pipeshub::connector_lifecycle<pipeshub::client<>> life(client);

    const auto entry = life.find_type("confluence");
    CHECK(entry.display_name == "Confluence");
    const auto schema = life.schema("confluence");
    CHECK(schema.required_fields == std::vector<std::string>{"filters.spaces"});
    CHECK(schema.auth_schema["API_TOKEN"]["fields"][1]["name"] == "apiToken");

    const std::string id = life.set_up(confluence_setup("Wiki"));
    const auto stored = f.fake.lookup(id);
    REQUIRE(stored.has_value());
    CHECK(stored->is_configured);
    CHECK(stored->is_authenticated);
    CHECK(stored->is_active);
    CHECK(stored->filters["sync"]["spaces"]["value"] == json{"ENG", "OPS"});

    // Sync brought in three records, indexed.
    auto stats = life.stats(id);
    CHECK(stats.data->connector_id == id);
    CHECK(stats.data->stats->total == 3);
    CHECK(stats.data->stats->indexing_status->at("COMPLETED") == 3);

    // A full resync queues every record again.
    const auto resynced = life.resync(id, "CONFLUENCE", true);
    CHECK(resynced.resync_connector_response["queued"] == 3);
    stats = life.stats(id);
    CHECK(stats.data->stats->indexing_status->at("QUEUED") == 3);

    // enable_sync on a syncing instance leaves it on (toggle would flip it).
    life.enable_sync(id);
    CHECK(f.fake.lookup(id)->is_active);

    life.remove(id);
    CHECK_FALSE(f.fake.lookup(id).has_value());
    try {
      client.connectors().get_connector_instance(id);
      FAIL("expected 404");
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == 404);
    }
  }
}

TEST_CASE("every skipped step is a typed step_skipped naming it") {
  fixture f;
  auto client = f.as();
  pipeshub::connector_lifecycle<pipeshub::client<>> life(client);
  const auto setup = confluence_setup("Skipper");
  const std::string id = life.create(setup);

  // sync on before the auth config.
  auto e = skipped_of([&] { life.enable_sync(id); });
  CHECK(e.attempted() == pipeshub::lifecycle_step::sync_on);
  CHECK(e.missing() == pipeshub::lifecycle_step::auth_config);
  CHECK(e.status() == 400);
  CHECK(std::string(e.what()).find("'sync on': the 'auth config' step must come first") !=
        std::string::npos);
  CHECK(std::string(e.what()).find("Connector not configured") != std::string::npos);

  // resync before sync is on.
  e = skipped_of([&] { life.resync(id, "CONFLUENCE"); });
  CHECK(e.attempted() == pipeshub::lifecycle_step::resync);
  CHECK(e.missing() == pipeshub::lifecycle_step::sync_on);

  // sync on after the auth config but before the required filters.
  life.configure_auth(id, setup.auth);
  e = skipped_of([&] { life.enable_sync(id); });
  CHECK(e.missing() == pipeshub::lifecycle_step::filters);
  CHECK(std::string(e.what()).find("Required filters not configured: spaces") != std::string::npos);
  // Still an api_error for code that only knows those.
  try {
    life.enable_sync(id);
  } catch (const plugboard::api_error& refusal) {
    CHECK(refusal.status() == 400);
  }

  life.save_filters(id, setup.filters);
  life.enable_sync(id);
  CHECK(f.fake.lookup(id)->is_active);

  // An auth config without the values the type needs is refused as such:
  // a plain api_error, not a skipped step.
  api::connector_auth_config partial;
  partial.values = json{{"email", "me@example.com"}};
  try {
    life.configure_auth(id, partial);
    FAIL("expected 400");
  } catch (const pipeshub::step_skipped&) {
    FAIL("not a skipped step");
  } catch (const plugboard::api_error& refusal) {
    CHECK(refusal.status() == 400);
    CHECK(std::string(refusal.what()).find("apiToken") != std::string::npos);
  }
}

TEST_CASE("OAuth: sync waits for consent; the callback authenticates and hands a temp code") {
  fixture f;
  auto client = f.as();
  pipeshub::connector_lifecycle<pipeshub::client<>> life(client);
  pipeshub::connector_setup setup;
  setup.connector_type = "google-drive";
  setup.instance_name = "Drive";
  setup.auth_type = api::auth_type::oauth;
  setup.auth.values = json{{"clientId", "client-1"}, {"clientSecret", "s3cret"}};

  // Before any auth config there is nothing to authorize.
  const std::string early = life.create(setup);
  auto e = skipped_of([&] { life.authorization_url(early); });
  CHECK(e.missing() == pipeshub::lifecycle_step::auth_config);
  life.remove(early);

  setup.instance_name = "Drive 2";
  e = skipped_of([&] { life.set_up(setup); });
  CHECK(e.attempted() == pipeshub::lifecycle_step::sync_on);
  CHECK(e.missing() == pipeshub::lifecycle_step::oauth);
  std::string id;
  for (const auto& c : client.connector_instances().list_all()) {
    if (c.instance_name == "Drive 2") id = c.connector_id;
  }
  REQUIRE_FALSE(id.empty());

  const auto url =
      client.connectors().get_oauth_authorization_url(id, std::string("https://app.example.com"));
  REQUIRE(url.state.has_value());
  CHECK(url.authorization_url->find("client_id=client-1") != std::string::npos);
  CHECK(url.authorization_url->find("state=" + *url.state) != std::string::npos);

  // The browser comes back without a bearer token.
  auto res = f.raw(plugboard::method::get,
                   "/connectors/oauth/callback?code=c-1&state=" + *url.state +
                       "&baseUrl=https%3A%2F%2Fapp.example.com",
                   {}, /*bearer=*/false);
  REQUIRE(res.status == 302);
  const std::string location(res.headers.get("Location"));
  CHECK(location.rfind("https://app.example.com/connectors/" + id + "?oauth=success&tempCode=",
                       0) == 0);
  CHECK(f.fake.lookup(id)->is_authenticated);
  // A state is used once.
  res = f.raw(plugboard::method::get, "/connectors/oauth/callback?code=c-1&state=" + *url.state, {},
              false);
  CHECK(res.status == 400);
  // Through the typed client, the answer is where the 302 points, not
  // followed: the Location is the sandbox itself here, so following it would
  // be a second request the server counts.
  const auto second = client.connectors().get_oauth_authorization_url(id);
  REQUIRE(second.state.has_value());
  const std::size_t before = f.server.request_count();
  const plugboard::redirect landed = client.connectors().handle_oauth_callback(
      std::string("c-2"), second.state, std::nullopt, f.server.url());
  CHECK(f.server.request_count() == before + 1);
  CHECK(landed.status == 302);
  const std::string landing = f.server.url() + "/connectors/" + id + "?oauth=success&tempCode=";
  CHECK(landed.location.rfind(landing, 0) == 0);
  CHECK(landed.location.size() > landing.size());
  // The provider's refusal lands on the error page, the state spent.
  const auto third = client.connectors().get_oauth_authorization_url(id);
  const auto refused = client.connectors().handle_oauth_callback(std::nullopt, third.state,
                                                                 std::string("access_denied"));
  CHECK(refused.location ==
        "https://pipeshub.example.com/connectors/" + id + "?oauth=error&error=access_denied");
  // A spent state is a 400, an api_error as before.
  try {
    client.connectors().handle_oauth_callback(std::string("c-3"), third.state);
    FAIL("expected the 400");
  } catch (const plugboard::api_error& spent) {
    CHECK(spent.status() == 400);
  }

  // The temp code from the redirect, exchanged once.
  api::get_token_from_code_request exchange;
  exchange.temp_code = location.substr(location.find("tempCode=") + 9);
  const auto token = client.connectors().get_token_from_code(exchange);
  CHECK(token.connector->name == "GOOGLE_DRIVE");
  CHECK(token.connector->id == id);
  CHECK_THROWS_AS(client.connectors().get_token_from_code(exchange), plugboard::api_error);

  life.enable_sync(id);
  CHECK(f.fake.lookup(id)->is_active);
}

TEST_CASE(
    "registry, schema, config, filters, options, toggle agent, scheduled: served statefully") {
  fixture f;
  auto client = f.as();
  auto g = client.connectors();

  auto registry = g.get_connector_registry(std::nullopt, 1, 2);
  CHECK(registry.connectors->size() == 2);
  CHECK(registry.pagination->has_more == true);
  registry = g.get_connector_registry(std::nullopt, std::nullopt, std::nullopt, "slack");
  REQUIRE(registry.connectors->size() == 1);
  CHECK(registry.connectors->at(0).supports_agent == false);
  CHECK_THROWS_AS(g.get_connector_schema("nope"), plugboard::api_error);

  pipeshub::connector_lifecycle<pipeshub::client<>> life(client);
  const std::string id = life.create(confluence_setup("Config"));

  // The whole config in one PUT: auth, schedule, filters.
  api::update_connector_config_request update;
  update.auth.emplace().values = json{{"email", "e@x"}, {"apiToken", "tok-secret"}};
  auto& sync = update.sync.emplace();
  sync.selected_strategy = api::selected_strategy::scheduled;
  sync.scheduled_config.emplace().interval_minutes = 30;
  auto& filters = update.filters.emplace();
  filters.sync.emplace().values = json{{"spaces", {{"operator", "in"}, {"value", {"HR"}}}}};
  const auto updated = g.update_connector_config(id, update);
  CHECK(updated.config->is_configured == true);
  // Secrets come back masked.
  const auto config = g.get_connector_config(id);
  CHECK(config.config->config->auth["values"]["apiToken"] == "********");
  CHECK(config.config->config->auth["values"]["email"] == "e@x");
  CHECK(config.config->config->sync["scheduledConfig"]["intervalMinutes"] == 30);

  // The internal scheduler's listing sees the schedule.
  const auto scheduled = g.get_all_scheduled_connector_instances_internal();
  REQUIRE(scheduled.items->size() == 1);
  CHECK(scheduled.items->at(0).connector_id == id);
  CHECK(scheduled.items->at(0).sync->scheduled_config->interval_minutes == 30);

  // Filters: the fields, then the options of one, a cursor at a time.
  const auto fields = g.get_connector_filters(id);
  CHECK(fields.filter_options->filters->at(0).name == "spaces");
  CHECK(fields.filter_options->filters->at(0).required == true);
  auto options = g.get_filter_field_options(id, "spaces", std::nullopt, 3);
  CHECK(options.options->size() == 3);
  REQUIRE(options.pagination->cursor.has_value());
  options = g.get_filter_field_options(id, "spaces", std::nullopt, 3, std::nullopt,
                                       options.pagination->cursor);
  REQUIRE(options.options->size() == 1);
  CHECK(options.options->at(0).id == "SALES");
  CHECK(options.pagination->has_more == false);
  CHECK_THROWS_AS(g.get_filter_field_options(id, "nope"), plugboard::api_error);

  // filters-sync: a change of filters is reported.
  api::update_connector_filters_sync_request filters_sync;
  filters_sync.filters.emplace().sync.emplace().values =
      json{{"spaces", {{"operator", "in"}, {"value", {"ENG"}}}}};
  CHECK(g.update_connector_filters_sync_config(id, filters_sync).sync_filters_changed == true);
  CHECK(g.update_connector_filters_sync_config(id, filters_sync).sync_filters_changed == false);
  // An option the field does not have is refused.
  api::save_connector_filters_request bad_filters;
  bad_filters.filters = json{{"sync", {{"spaces", {{"operator", "in"}, {"value", {"XX"}}}}}}};
  CHECK_THROWS_AS(g.save_connector_filters(id, bad_filters), plugboard::api_error);

  // Agent toggle: on, off; refused for a type without agents.
  api::connector_toggle_request agent;
  agent.type = api::toggle_type::agent;
  CHECK(g.toggle_connector(id, agent).message == "Agent enabled successfully");
  CHECK(f.fake.lookup(id)->is_agent_active);
  CHECK(g.toggle_connector(id, agent).message == "Agent disabled successfully");
  std::string slack;
  for (const auto& c : client.connector_instances().list_all()) {
    if (c.connector_type == "slack") slack = c.connector_id;
  }
  try {
    g.toggle_connector(slack, agent);
    FAIL("expected 400");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(std::string(e.what()).find("Agent not supported") != std::string::npos);
  }

  // Sync on, then off again with the same toggle.
  CHECK(g.toggle_connector(id, sync_toggle()).message == "Sync enabled successfully");
  CHECK(g.toggle_connector(id, sync_toggle()).message == "Sync disabled successfully");
  // Reindex needs sync on.
  try {
    g.reindex_connector(id);
    FAIL("expected 409");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 409);
  }
  g.toggle_connector(id, sync_toggle());
  api::reindex_connector_request_body only_completed;
  only_completed.status_filters = std::vector<plugboard::open_enum<api::indexing_status_filter>>{
      api::indexing_status_filter::completed};
  const auto reindexed = g.reindex_connector(id, only_completed);
  CHECK(reindexed.event_published == true);
  CHECK(g.get_connector_stats(id).data->stats->indexing_status->at("QUEUED") == 3);

  // A member may not change a team instance.
  auto member = f.as("member-token");
  CHECK_THROWS_AS(member.connectors().toggle_connector(id, agent), plugboard::api_error);
}

TEST_CASE("file events and uploads become records: content, lookup, navigate") {
  fixture f;
  auto client = f.as();
  pipeshub::connector_lifecycle<pipeshub::client<>> life(client);
  const std::string id = life.create(confluence_setup("Files"));
  auto g = client.connectors();
  auto r = client.records();

  api::local_fs_file_event created;
  created.type = "CREATED";
  created.path = "/docs/a.md";
  created.timestamp = 10;
  api::local_fs_file_event second = created;
  second.path = "/docs/b.md";
  api::local_fs_file_event_batch_request batch;
  batch.batch_id = "b-1";
  batch.timestamp = 10;
  batch.events = {created, second};
  auto out = g.submit_connector_file_events(id, batch);
  CHECK(out.stats.processed == 2);
  CHECK(f.fake.records_of(id).size() == 2);

  // Rename one, delete the other.
  api::local_fs_file_event renamed;
  renamed.type = "RENAMED";
  renamed.old_path = "/docs/a.md";
  renamed.path = "/docs/renamed.md";
  renamed.timestamp = 11;
  api::local_fs_file_event removed;
  removed.type = "DELETED";
  removed.path = "/docs/b.md";
  removed.timestamp = 11;
  batch.batch_id = "b-2";
  batch.events = {renamed, removed};
  out = g.submit_connector_file_events(id, batch);
  CHECK(out.stats.deleted == 1);
  auto records = f.fake.records_of(id);
  REQUIRE(records.size() == 1);
  CHECK(records[0].path == "/docs/renamed.md");

  // An unknown event type: 422, and nothing of the batch applied.
  api::local_fs_file_event odd = created;
  odd.type = "EXPLODED";
  batch.events = {created, odd};
  try {
    g.submit_connector_file_events(id, batch);
    FAIL("expected 422");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 422);
  }
  CHECK(f.fake.records_of(id).size() == 1);

  // An upload: the manifest and the bytes its event names.
  const std::string manifest =
      R"({"batchId":"b-3","timestamp":12,"events":[{"type":"CREATED","path":"/docs/up.txt",)"
      R"("timestamp":12,"isDirectory":false,"contentField":"file_0","mimeType":"text/plain"}]})";
  std::vector<plugboard::multipart_part> parts{{"manifest", "", "application/json", manifest},
                                               {"file_0", "up.txt", "text/plain", "uploaded!"}};
  const auto uploaded = g.submit_connector_file_event_uploads(id, parts);
  CHECK(uploaded.batch_id == "b-3");
  // A manifest naming a part that is not there: 422.
  parts.pop_back();
  CHECK_THROWS_AS(g.submit_connector_file_event_uploads(id, parts), plugboard::api_error);

  // Lookup by path, content by id.
  const auto found = r.lookup_record_by_identifier({"/docs/up.txt", "/nowhere"});
  REQUIRE(found.matches.size() == 1);
  CHECK(found.not_found_identifiers == std::vector<std::string>{"/nowhere"});
  CHECK(found.matches[0].connector_name == "confluence");
  CHECK(r.get_record_content(found.matches[0].id).content == "uploaded!");
  CHECK_THROWS_AS(r.get_record_content("rec-none"), plugboard::api_error);

  // Navigate: root -> the app -> a record.
  const auto root = r.navigate_knowledge_graph();
  bool listed = false;
  for (const auto& row : root.rows) listed = listed || (row.id == id && row.has_children);
  CHECK(listed);
  const auto app = r.navigate_knowledge_graph(id);
  CHECK(app.current->id == id);
  CHECK(app.rows.size() == 2);
  const auto leaf = r.navigate_knowledge_graph(found.matches[0].id);
  CHECK(leaf.current->is_record);
  CHECK(leaf.breadcrumbs.at(0).id == id);
}

TEST_CASE("the generated instance calls against both shapes") {
  for (auto shape : {pipeshub_fake::shape::server, pipeshub_fake::shape::sdk}) {
    CAPTURE(static_cast<int>(shape));
    fixture f(shape);
    auto client = f.as();  // the group refers to the client's core
    auto g = client.connectors();
    api::create_connector_request create;
    create.connector_type = "jira";
    create.instance_name = "Tickets";
    create.scope = api::connector_scope::personal;
    const auto created = g.create_connector_instance(create);
    const std::string id = *created.connector->connector_id;
    api::update_connector_name_request rename;
    rename.instance_name = "Issues";
    g.update_connector_name(id, rename);
    CHECK(f.fake.lookup(id)->name == "Issues");
    CHECK(g.list_connector_instances().connectors->size() == 4);
    CHECK(g.list_active_connectors().connectors->size() == 2);
    CHECK(g.list_inactive_connectors().connectors->size() == 2);
    CHECK(g.list_active_agent_connectors().connectors->size() == 1);
    // The configured listing: flat in the SDK's shape, nested in the server's.
    const auto configured = g.list_configured_connectors();
    const json& items = shape == pipeshub_fake::shape::sdk ? configured.connectors
                                                           : configured.connectors["connectors"];
    CHECK(items.size() == 2);
    CHECK(g.get_connector_instance(id).connector.has_value());
    CHECK(g.delete_connector_instance(id).success == true);
  }
}

TEST_CASE("the fake checks bodies against the document: 400 names the pointer, 500 a bad reply") {
  fixture f;
  // A toggle whose type is not one of the document's.
  auto res =
      f.raw(plugboard::method::post, "/connectors/6f1c2a9e-5b7d-4c3e-9a10-000000000001/toggle",
            R"({"type":"sideways"})");
  CHECK(res.status == 400);
  CHECK(res.body.find("'/type'") != std::string::npos);
  // A file-event batch without its required batchId (the typed client refuses it before sending).
  res =
      f.raw(plugboard::method::post, "/connectors/6f1c2a9e-5b7d-4c3e-9a10-000000000001/file-events",
            R"({"events":[],"timestamp":1})");
  CHECK(res.status == 400);
  CHECK(res.body.find("batchId") != std::string::npos);
  // No body where one is required.
  res = f.raw(plugboard::method::post, "/connectors/6f1c2a9e-5b7d-4c3e-9a10-000000000001/resync");
  CHECK(res.status == 400);

  // An instance whose auth type the document's response enum lacks
  // (SERVICE_ACCOUNT is a request value only): its config reply is refused.
  pipeshub_fake::instance odd;
  odd.type = "google-drive";
  odd.name = "Service Drive";
  odd.scope = "team";
  odd.created_by = "user-admin";
  odd.auth_type = "SERVICE_ACCOUNT";
  const std::string id = f.fake.add(odd);
  try {
    f.as().connectors().get_connector_config(id);
    FAIL("expected 500");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 500);
    CHECK(std::string(e.what()).find("/config/authType") != std::string::npos);
  }
}
