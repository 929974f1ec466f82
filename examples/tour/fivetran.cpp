// SPDX-License-Identifier: MIT
// Fivetran: the seed SDK's connector management (create a connector, test
// and tune it, hand out a Connect Card, sync, re-sync, delete), then the
// current API's generated groups: a connection's whole life with its schema
// config, state, certificates and fingerprints, connector types, webhooks.
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "plugboard/fivetran/sync_wait.hpp"
#include "plugboard/fivetran/traits.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "tour.hpp"

namespace {

using service = plugboard::fivetran::service;

namespace api = plugboard::fivetran::api;

// connections(), metadata() and webhooks(): every generated operation once.
void tour_current_api(tour::context& ctx, plugboard::fivetran::client<tour::wire>& account,
                      tour::wire& w, plugboard::sandbox::fivetran_fake* fake,
                      const std::string& group) {
  auto connections = account.connections();
  auto metadata = account.metadata();
  auto webhooks = account.webhooks();
  std::string id;
  const auto need_connection = [&] {
    if (id.empty()) throw tour::skipped{"needs --allow-writes: no connection was created"};
  };
  // Lets a (re-)sync end before the next call that needs none running: the
  // embedded fake's clock, or polls of a real (or standalone sandbox) server.
  const auto settle = [&] {
    if (fake) return fake->finish_sync(id);
    plugboard::fivetran::sync_wait_options watch;
    watch.trigger = false;
    watch.interval = std::chrono::seconds(2);
    watch.timeout = std::chrono::minutes(10);
    plugboard::fivetran::wait_for_sync(account, id, watch);
  };
  std::vector<std::string> hooks;
  const auto need_webhook = [&] {
    if (hooks.empty()) throw tour::skipped{"needs --allow-writes: no webhook was created"};
  };

  ctx.report.step("fivetran", "list_connector_types", w, [&] {
    auto types = metadata.list_connector_types_all(10);
    std::size_t count = 0;
    for (const auto& t : types) count += t.id.empty() ? 0 : 1;
    return std::to_string(count) + " connector types in " + std::to_string(types.pages_fetched()) +
           " pages";
  });
  ctx.report.step("fivetran", "connector_type_details", w, [&] {
    const auto t = metadata.connector_type_details("postgres").data;
    return t.name + " (" + t.type.wire() + "), config schema " +
           (t.config.is_object() ? "given" : "absent");
  });
  ctx.report.write("fivetran", "create_connection", w, [&] {
    api::new_connection_request request;
    request.group_id = group;
    request.service = "postgres";
    request.run_setup_tests = false;  // the schema config is pre-created below
    request.extra = {{"config",
                      {{"schema_prefix", "tour_pg"},
                       {"host", "db.tour.example"},
                       {"port", 5432},
                       {"database", "main"},
                       {"user", "fivetran"}}}};
    const auto created = connections.create_connection(request).data;
    id = created.id;
    return id + " (" + created.service + "), setup_state=" + created.status.setup_state;
  });
  ctx.report.write("fivetran", "pre_create_connection_schema_config", w, [&] {
    need_connection();
    api::standard_config_create_request config;
    config.schemas["public"].enabled = true;
    config.schema_change_handling = api::schema_change_handling::allow_columns;
    const auto out = connections.pre_create_connection_schema_config(id, config).data;
    return std::to_string(out.schemas.size()) + " schema(s), " + out.schema_change_handling.wire();
  });
  ctx.report.step("fivetran", "connection_details", w, [&] {
    need_connection();
    const auto c = connections.connection_details(id).data;
    return c.schema + ", sync_state=" + c.status.sync_state;
  });
  ctx.report.step("fivetran", "list_connections", w, [&] {
    const auto page = connections.list_connections(group, std::nullopt, std::nullopt, 10).data;
    return std::to_string(page.items.size()) + " connection(s) in " + group +
           (page.has_more() ? ", more pages" : "");
  });
  ctx.report.step("fivetran", "list_all_connections_in_group", w, [&] {
    std::size_t count = 0;
    for (const auto& c : connections.list_all_connections_in_group_all(group)) {
      count += c.id.empty() ? 0 : 1;
    }
    return std::to_string(count) + " connection(s), every page";
  });
  ctx.report.write("fivetran", "modify_connection", w, [&] {
    need_connection();
    api::update_connection_request changes;
    changes.sync_frequency = 1440;
    changes.daily_sync_time = "03:00";
    const auto c = connections.modify_connection(id, changes).data;
    return "sync every " + std::to_string(c.sync_frequency) + " min at " +
           c.daily_sync_time.value_or("?");
  });
  ctx.report.write("fivetran", "run_connection_setup_tests", w, [&] {
    need_connection();
    const auto c = connections.run_connection_setup_tests(id).data;
    return "setup_state=" + c.status.setup_state + ", " +
           std::to_string(c.setup_tests ? c.setup_tests->size() : 0) + " test(s)";
  });
  ctx.report.step("fivetran", "connection_schema_config", w, [&] {
    need_connection();
    const auto config = connections.connection_schema_config(id).data;
    std::size_t tables = 0;
    for (const auto& schema : config.schemas) tables += schema.second.tables.size();
    return std::to_string(config.schemas.size()) + " schema(s), " + std::to_string(tables) +
           " table(s)";
  });
  ctx.report.write("fivetran", "reload_connection_schema_config", w, [&] {
    need_connection();
    api::reload_standard_config_request reload;
    reload.exclude_mode = "PRESERVE";
    const auto config = connections.reload_connection_schema_config(id, reload).data;
    return "reloaded, " + std::to_string(config.schemas.size()) + " schema(s)";
  });
  ctx.report.write("fivetran", "modify_connection_schema_config", w, [&] {
    need_connection();
    api::standard_config_update_request changes;
    changes.schema_change_handling = api::schema_change_handling::block_all;
    return connections.modify_connection_schema_config(id, changes)
        .data.schema_change_handling.wire();
  });
  ctx.report.write("fivetran", "modify_connection_database_schema_config", w, [&] {
    need_connection();
    api::schema_update_request schema;
    schema.enabled = true;
    connections.modify_connection_database_schema_config(id, "public", schema);
    return std::string("schema public enabled");
  });
  ctx.report.write("fivetran", "modify_connection_table_config", w, [&] {
    need_connection();
    api::table_update_request table;
    table.enabled = true;
    table.sync_mode = api::sync_mode::history;
    connections.modify_connection_table_config(id, "public", "orders", table);
    return std::string("public.orders enabled, history mode");
  });
  ctx.report.step("fivetran", "connection_column_config", w, [&] {
    need_connection();
    const auto columns = connections.connection_column_config(id, "public", "customers").data;
    return std::to_string(columns.columns.size()) + " column(s) of public.customers";
  });
  ctx.report.write("fivetran", "modify_connection_column_config", w, [&] {
    need_connection();
    api::column_update_request hashed;
    hashed.enabled = true;
    hashed.hashed = true;
    connections.modify_connection_column_config(id, "public", "customers", "email", hashed);
    api::column_update_request blocked;  // blocked columns can be dropped below
    blocked.enabled = false;
    connections.modify_connection_column_config(id, "public", "customers", "phone", blocked);
    connections.modify_connection_column_config(id, "public", "customers", "full_name", blocked);
    return std::string("email hashed; phone and full_name blocked");
  });
  ctx.report.write("fivetran", "delete_column_connection_config", w, [&] {
    need_connection();
    return connections.delete_column_connection_config(id, "public", "customers", "phone")
        .message.value_or("");
  });
  ctx.report.write("fivetran", "delete_multiple_columns_connection_config", w, [&] {
    need_connection();
    api::drop_columns_request drop;
    drop.schemas["public"].tables["customers"].columns = {"full_name"};
    return connections.delete_multiple_columns_connection_config(id, drop).message.value_or("");
  });
  // State belongs to Function and Connector SDK connections: a second one.
  std::string sdk_id;
  ctx.report.write("fivetran", "modify_connection_state", w, [&] {
    api::new_connection_request request;
    request.group_id = group;
    request.service = "aws_lambda";
    request.run_setup_tests = false;
    request.paused = true;  // state is written while the connection is paused
    request.extra = {{"config", {{"schema", "tour_lambda"}}}};
    sdk_id = connections.create_connection(request).data.id;
    api::update_function_or_connector_sdk_state state;
    state.state = {{"cursor", "2026-01-01T00:00:00Z"}};
    return sdk_id + ": " + connections.modify_connection_state(sdk_id, state).data.state.dump();
  });
  ctx.report.step("fivetran", "connection_state", w, [&] {
    if (sdk_id.empty()) throw tour::skipped{"needs --allow-writes: no connection was created"};
    const auto state = connections.connection_state(sdk_id).data.state.dump();
    connections.delete_connection(sdk_id);  // created above, so writes are allowed
    return state;
  });
  ctx.report.write("fivetran", "approve_connection_certificate", w, [&] {
    need_connection();
    api::approve_certificate_request certificate;
    certificate.hash = "tour-certificate";
    certificate.encoded_cert = "TUlJQnRvdXI=";  // base64 of the DER bytes
    return connections.approve_connection_certificate(id, certificate).data.validated_by;
  });
  ctx.report.step("fivetran", "list_connection_certificates", w, [&] {
    need_connection();
    std::size_t count = 0;
    for (const auto& c : connections.list_connection_certificates_all(id)) {
      count += c.hash.empty() ? 0 : 1;
    }
    return std::to_string(count) + " approved certificate(s)";
  });
  ctx.report.step("fivetran", "connection_certificate_details", w, [&] {
    need_connection();
    const auto c = connections.connection_certificate_details(id, "tour-certificate").data;
    return c.hash + " (" + c.type + ")";
  });
  ctx.report.write("fivetran", "revoke_connection_certificate", w, [&] {
    need_connection();
    return connections.revoke_connection_certificate(id, "tour-certificate").message.value_or("");
  });
  ctx.report.write("fivetran", "approve_connection_fingerprint", w, [&] {
    need_connection();
    api::approve_fingerprint_request fingerprint;
    fingerprint.hash = "tour-fingerprint";
    fingerprint.public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAItour";
    const auto approved = connections.approve_connection_fingerprint(id, fingerprint);
    return approved ? approved->data.hash : std::string("approved (200, no body)");
  });
  ctx.report.step("fivetran", "list_connection_fingerprints", w, [&] {
    need_connection();
    const auto page = connections.list_connection_fingerprints(id).data;
    return std::to_string(page.items.size()) + " approved fingerprint(s)";
  });
  ctx.report.step("fivetran", "connection_fingerprint_details", w, [&] {
    need_connection();
    return connections.connection_fingerprint_details(id, "tour-fingerprint").data.public_key;
  });
  ctx.report.write("fivetran", "revoke_connection_fingerprint", w, [&] {
    need_connection();
    return connections.revoke_connection_fingerprint(id, "tour-fingerprint").message.value_or("");
  });
  ctx.report.write("fivetran", "connection_connect_card", w, [&] {
    need_connection();
    api::connect_card_config_request card;
    card.connect_card_config.redirect_uri = "https://tour.example.com/connected";
    const auto out = connections.connection_connect_card(id, card).data;
    return "Connect Card at " +
           (out.connect_card ? out.connect_card->uri.value_or("?") : std::string("?"));
  });
  ctx.report.write("fivetran", "resync_tables", w, [&] {
    need_connection();
    std::map<std::string, std::vector<std::string>> tables{{"public", {"orders"}}};
    const auto ack = connections.resync_tables(id, tables);
    settle();
    return ack.message.value_or("");
  });
  ctx.report.write("fivetran", "resync_connection", w, [&] {
    need_connection();
    const auto ack = connections.resync_connection(id);
    settle();
    return ack.message.value_or("");
  });
  ctx.report.write("fivetran", "sync_connection", w, [&] {
    need_connection();
    // wait_for_sync: details, POST .../sync, then details until the sync ends.
    plugboard::fivetran::sync_wait_options wait;
    wait.interval = fake ? std::chrono::milliseconds(10) : std::chrono::seconds(15);
    wait.timeout = std::chrono::minutes(10);
    const auto done = plugboard::fivetran::wait_for_sync(account, id, wait);
    return std::string(done.succeeded() ? "synced" : "did not sync") + " after " +
           std::to_string(done.polls) + " poll(s), succeeded_at " +
           done.connection.succeeded_at.value_or("-");
  });
  ctx.report.write("fivetran", "delete_connection", w, [&] {
    need_connection();
    return connections.delete_connection(id).message.value_or("");
  });

  ctx.report.write("fivetran", "create_account_webhook", w, [&] {
    api::webhook_request hook;
    hook.url = "https://tour.example.com/fivetran-events";
    hook.events = {"sync_start", "sync_end"};
    hook.active = true;
    hook.secret = "tour-webhook-secret";
    hooks.push_back(webhooks.create_account_webhook(hook).data.id);
    return hooks.back() + " for the account";
  });
  ctx.report.write("fivetran", "create_group_webhook", w, [&] {
    api::webhook_request_create_group_webhook hook;
    hook.url = "https://tour.example.com/fivetran-group-events";
    hook.events = {"connection_failure"};
    const auto created = webhooks.create_group_webhook(group, hook).data;
    hooks.push_back(created.id);
    return created.id + " for group " + created.group_id.value_or("?");
  });
  ctx.report.step("fivetran", "list_all_webhooks", w, [&] {
    std::size_t count = 0;
    for (const auto& hook : webhooks.list_all_webhooks_all()) count += hook.id.empty() ? 0 : 1;
    return std::to_string(count) + " webhook(s)";
  });
  ctx.report.step("fivetran", "webhook_details", w, [&] {
    need_webhook();
    const auto hook = webhooks.webhook_details(hooks.front()).data;
    return hook.url + " (" + hook.type.wire() + ")";
  });
  ctx.report.write("fivetran", "modify_webhook", w, [&] {
    need_webhook();
    api::webhook_request_modify_webhook changes;
    changes.active = false;
    return "active=" + std::string(webhooks.modify_webhook(hooks.front(), changes).data.active
                                       ? "true"
                                       : "false");
  });
  ctx.report.write("fivetran", "test_webhook", w, [&] {
    need_webhook();
    api::webhook_test_request test;
    test.event = "sync_end";
    const auto out = webhooks.test_webhook(hooks.front(), test).data;
    return "signed test delivery: " + out.message.value_or(std::to_string(out.status));
  });
  ctx.report.write("fivetran", "delete_webhook", w, [&] {
    need_webhook();
    for (const auto& hook : hooks) webhooks.delete_webhook(hook);
    return std::to_string(hooks.size()) + " webhook(s) deleted";
  });
}

void tour_every_operation(tour::context& ctx) {
  plugboard::sandbox::fivetran_fake* fake = nullptr;
  if (ctx.embedded()) {
    plugboard::sandbox::fivetran_fake::settings settings;
    settings.api_key = "tour-api-key";
    settings.api_secret = "tour-api-secret";
    settings.groups = {"projected_sickle"};
    fake = &ctx.sandbox->mount<plugboard::sandbox::fivetran_fake>(
        std::string(service::sandbox_prefix), settings);
  }
  tour::wire w;
  plugboard::fivetran::client<tour::wire> account(
      ctx.base_url<service>(),
      ctx.auth<service>(
          {{"FIVETRAN_API_KEY", "tour-api-key"}, {"FIVETRAN_API_SECRET", "tour-api-secret"}}),
      w);
  auto api = account.connector_management();
  // The destination group of the new connector (a real account names its own).
  const std::string group =
      ctx.embedded()
          ? std::string("projected_sickle")
          : plugboard_examples::environment("FIVETRAN_GROUP_ID").value_or("projected_sickle");
  std::string id;
  // Reads of the connector the tour creates: skipped when the create was.
  const auto need_connector = [&] {
    if (id.empty()) throw tour::skipped{"needs --allow-writes: no connector was created"};
  };

  ctx.report.step("fivetran", "metadata_connectors", w, [&] {
    auto all = api.metadata_connectors_all(10);
    std::size_t count = 0;
    std::string first;
    for (const auto& m : all) {
      if (count++ == 0) first = m.id;
    }
    return std::to_string(count) + " connector types in " + std::to_string(all.pages_fetched()) +
           " pages (limit=10, next_cursor), first " + first;
  });
  ctx.report.step("fivetran", "metadata_connector_config", w, [&] {
    const auto m = api.metadata_connector_config("google_sheets").data;
    return m.name.value_or("?") + " (" + m.type.wire() + ", " + m.service_status.wire() +
           "), config requires " +
           (m.config.contains("required") ? m.config["required"].dump() : std::string("?"));
  });
  ctx.report.write("fivetran", "create_connector", w, [&] {
    plugboard::fivetran::new_connector_request request;
    request.group_id = group;
    request.service = "google_sheets";
    request.sync_frequency = 360;
    request.config = {{"schema", "tour_sheets"}, {"table", "orders"}};
    const auto created = api.create_connector(request);
    id = created.data.id;
    return created.code + ": " + id + ", setup_state=" + created.data.status->setup_state.wire();
  });
  ctx.report.step("fivetran", "connector_details", w, [&] {
    need_connector();
    const auto c = api.connector_details(id).data;
    return c.service + " into schema " + c.schema + ", sync every " +
           std::to_string(c.sync_frequency.value_or(0)) +
           " min, sync_state=" + c.status->sync_state.wire();
  });
  ctx.report.write("fivetran", "run_setup_tests", w, [&] {
    const auto c = api.run_setup_tests(id).data;
    std::string results;
    for (const auto& t : c.setup_tests) results += (results.empty() ? "" : ", ") + t.status.wire();
    return "setup_state=" + c.status->setup_state.wire() + " (" + results + ")";
  });
  ctx.report.write("fivetran", "modify_connector", w, [&] {
    plugboard::fivetran::update_connector_request changes;
    changes.sync_frequency = 1440;
    changes.daily_sync_time = "03:00";
    const auto c = api.modify_connector(id, changes).data;
    return "PATCH of 2 fields: sync every " + std::to_string(c.sync_frequency.value_or(0)) +
           " min at " + c.daily_sync_time.value_or("?");
  });
  ctx.report.write("fivetran", "connect_card", w, [&] {
    plugboard::fivetran::connect_card_config config;
    config.redirect_uri = "https://tour.example.com/connected";
    const auto card = api.connect_card(id, config).data;
    return "Connect Card for " + card.connector_id + " at " + card.connect_card->uri.value_or("?");
  });
  ctx.report.write("fivetran", "resync_connector", w, [&] {
    plugboard::fivetran::resync_connector_request request;
    request.scope = std::map<std::string, std::vector<std::string>>{{"tour_sheets", {"orders"}}};
    const auto ack = api.resync_connector(id, request);
    if (fake) fake->finish_sync(id);  // the sandbox's clock: the re-sync completes
    return ack.code + ": " + ack.message.value_or("");
  });
  ctx.report.write("fivetran", "sync_connector", w, [&] {
    const auto ack = api.sync_connector(id);
    return ack.code + ": " + ack.message.value_or("");
  });
  ctx.report.write("fivetran", "delete_connector", w, [&] {
    const auto ack = api.delete_connector(id);
    return ack ? ack->code + ": " + ack->message.value_or("") : std::string("204 No Content");
  });
  tour_current_api(ctx, account, w, fake, group);
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
