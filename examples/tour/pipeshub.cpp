// SPDX-License-Identifier: MIT
// Pipeshub connector instances: discover what exists, create an instance with
// a nested config, inspect the listings, rename it, delete it. Then the
// generated groups (connectors(), records()): every /connectors operation
// of the document, and the lifecycle a user runs, from the registry to
// delete, with the typed refusal of a skipped step.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/pipeshub/lifecycle.hpp"
#include "plugboard/pipeshub/traits.hpp"
#include "plugboard/sandbox/pipeshub.hpp"
#include "tour.hpp"

namespace {

std::string names_of(const plugboard::pipeshub::connector_list& list) {
  std::string out = std::to_string(list.connectors.size()) + ":";
  for (const auto& c : list.connectors) out += (out.back() == ':' ? " " : ", ") + c.instance_name;
  return out;
}

using service = plugboard::pipeshub::service;

namespace api = plugboard::pipeshub::api;

// connectors() and records(): every generated operation once, in the order
// of a connector's life; then the lifecycle helper in one go.
void tour_current_api(tour::context& ctx) {
  namespace pipeshub = plugboard::pipeshub;
  tour::wire w;
  pipeshub::client<tour::wire> client(
      ctx.base_url<service>(), ctx.auth<service>({{"PIPESHUB_BEARER_AUTH", "admin-token"}}), w);
  auto connectors = client.connectors();
  auto records = client.records();
  pipeshub::connector_lifecycle<pipeshub::client<tour::wire>> life(client);
  std::string id;
  std::string drive;
  std::string state;
  std::string temp_code;
  std::string record_id;
  const auto need = [](const std::string& value, const char* what) {
    if (value.empty()) throw tour::skipped{std::string("needs --allow-writes: no ") + what};
  };

  ctx.report.step("pipeshub", "get_connector_registry", w, [&] {
    const auto page = connectors.get_connector_registry(std::nullopt, 1, 50);
    std::string out;
    for (const auto& t : page.connectors.value_or(std::vector<api::connector_registry_entry>{})) {
      out += (out.empty() ? "" : ", ") + t.connector_type.value_or("?");
    }
    return out;
  });
  ctx.report.step("pipeshub", "get_connector_schema", w, [&] {
    const auto schema = connectors.get_connector_schema("confluence").schema;
    std::string required;
    for (const auto& f : schema->required_fields.value_or(std::vector<std::string>{})) {
      required += " " + f;
    }
    return "confluence needs" + required;
  });
  ctx.report.write("pipeshub", "create_connector_instance", w, [&] {
    api::create_connector_request request;
    request.connector_type = "confluence";
    request.instance_name = "Tour Wiki";
    request.scope = api::connector_scope::personal;
    request.auth_type = api::auth_type::api_token;
    const auto created = connectors.create_connector_instance(request);
    id = created.connector->connector_id.value_or("");
    return "id " + id;
  });
  // The lifecycle's typed refusal: sync on before the auth config.
  ctx.report.write("pipeshub", "sync-before-auth", w, [&] {
    need(id, "instance");
    try {
      life.enable_sync(id);
      return std::string("accepted (the server does not check the order)");
    } catch (const pipeshub::step_skipped& e) {
      return "step_skipped: missing '" + std::string(pipeshub::to_string(e.missing())) + "'";
    }
  });
  ctx.report.write("pipeshub", "update_connector_auth_config", w, [&] {
    need(id, "instance");
    api::update_connector_auth_request request;
    request.auth.values = {{"email", "me@example.com"}, {"apiToken", "tour-token"}};
    const auto out = connectors.update_connector_auth_config(id, request);
    return std::string("configured=") + (out.config->is_configured.value_or(false) ? "yes" : "no");
  });
  ctx.report.step("pipeshub", "get_connector_filters", w, [&] {
    need(id, "instance");
    std::string out;
    for (const auto& f : connectors.get_connector_filters(id).filter_options->filters.value_or(
             std::vector<api::filter_field>{})) {
      out += (out.empty() ? "" : ", ") + f.name.value_or("?") +
             (f.required.value_or(false) ? " (required)" : "");
    }
    return out;
  });
  ctx.report.step("pipeshub", "get_filter_field_options", w, [&] {
    need(id, "instance");
    const auto page = connectors.get_filter_field_options(id, "spaces", std::nullopt, 2);
    return std::to_string(page.options->size()) + " options, next cursor " +
           page.pagination->cursor.value_or("none");
  });
  ctx.report.write("pipeshub", "save_connector_filters", w, [&] {
    need(id, "instance");
    api::save_connector_filters_request request;
    request.filters = {{"sync", {{"spaces", {{"operator", "in"}, {"value", {"ENG"}}}}}}};
    return connectors.save_connector_filters(id, request).message.value_or("saved");
  });
  ctx.report.write("pipeshub", "update_connector_filters_sync_config", w, [&] {
    need(id, "instance");
    api::update_connector_filters_sync_request request;
    request.filters.emplace().sync.emplace().values = {
        {"spaces", {{"operator", "in"}, {"value", {"ENG", "OPS"}}}}};
    const auto out = connectors.update_connector_filters_sync_config(id, request);
    return std::string("filters changed: ") +
           (out.sync_filters_changed.value_or(false) ? "yes" : "no");
  });
  ctx.report.write("pipeshub", "update_connector_config", w, [&] {
    need(id, "instance");
    api::update_connector_config_request request;
    auto& sync = request.sync.emplace();
    sync.selected_strategy = api::selected_strategy::scheduled;
    sync.scheduled_config.emplace().interval_minutes = 30;
    connectors.update_connector_config(id, request);
    return std::string("every 30 minutes");
  });
  ctx.report.step("pipeshub", "get_connector_config", w, [&] {
    need(id, "instance");
    const auto config = connectors.get_connector_config(id).config;
    return "apiToken shown as " +
           config->config->auth["values"].value("apiToken", std::string("?"));
  });
  ctx.report.write("pipeshub", "toggle_connector", w, [&] {
    need(id, "instance");
    api::connector_toggle_request request;
    request.type = api::toggle_type::sync;
    return connectors.toggle_connector(id, request).message.value_or("toggled");
  });
  ctx.report.step("pipeshub", "get_connector_stats", w, [&] {
    need(id, "instance");
    const auto stats = connectors.get_connector_stats(id).data->stats;
    return std::to_string(stats->total.value_or(0)) + " records";
  });
  ctx.report.write("pipeshub", "reindex_connector", w, [&] {
    need(id, "instance");
    return connectors.reindex_connector(id).message.value_or("reindexing");
  });
  ctx.report.write("pipeshub", "resync_connector", w, [&] {
    need(id, "instance");
    api::resync_connector_request_body request;
    request.connector_name = "CONFLUENCE";
    request.full_sync = true;
    return "queued " + connectors.resync_connector(id, request)
                           .resync_connector_response.value("queued", nlohmann::json(0))
                           .dump();
  });
  ctx.report.write("pipeshub", "submit_connector_file_events", w, [&] {
    need(id, "instance");
    api::local_fs_file_event event;
    event.type = "CREATED";
    event.path = "/tour/notes.md";
    event.timestamp = 1767225600000;
    api::local_fs_file_event_batch_request batch;
    batch.batch_id = "tour-1";
    batch.timestamp = 1767225600000;
    batch.events = {event};
    const auto out = connectors.submit_connector_file_events(id, batch);
    return std::to_string(out.stats.processed.value_or(0)) + " processed";
  });
  ctx.report.write("pipeshub", "submit_connector_file_event_uploads", w, [&] {
    need(id, "instance");
    const std::string manifest =
        R"({"batchId":"tour-2","timestamp":1767225600001,"events":[{"type":"CREATED",)"
        R"("path":"/tour/hello.txt","timestamp":1767225600001,"isDirectory":false,)"
        R"("contentField":"file_0","mimeType":"text/plain"}]})";
    const auto out = connectors.submit_connector_file_event_uploads(
        id, {{"manifest", "", "application/json", manifest},
             {"file_0", "hello.txt", "text/plain", "Hello from the tour"}});
    return std::to_string(out.stats.processed.value_or(0)) + " uploaded";
  });
  ctx.report.step("pipeshub", "lookup_record_by_identifier", w, [&] {
    const auto found = records.lookup_record_by_identifier({"/tour/hello.txt"});
    if (!found.matches.empty()) record_id = found.matches.front().id;
    return found.text;
  });
  ctx.report.step("pipeshub", "get_record_content", w, [&] {
    need(record_id, "record");
    return "\"" + records.get_record_content(record_id).content + "\"";
  });
  ctx.report.step("pipeshub", "navigate_knowledge_graph", w, [&] {
    return records.navigate_knowledge_graph(id.empty() ? std::nullopt : std::optional(id)).text;
  });
  const auto count = [](const auto& listing) {
    return std::to_string(listing.connectors ? listing.connectors->size() : 0) + " instances";
  };
  ctx.report.step("pipeshub", "list_connector_instances", w,
                  [&] { return count(connectors.list_connector_instances()); });
  ctx.report.step("pipeshub", "list_active_connectors", w,
                  [&] { return count(connectors.list_active_connectors()); });
  ctx.report.step("pipeshub", "list_inactive_connectors", w,
                  [&] { return count(connectors.list_inactive_connectors()); });
  ctx.report.step("pipeshub", "list_configured_connectors", w, [&] {
    // The document's flat list, or the current server's {connectors, pagination}.
    const auto listing = connectors.list_configured_connectors();
    const auto& items =
        listing.connectors.is_object() ? listing.connectors["connectors"] : listing.connectors;
    return std::to_string(items.size()) + " instances" +
           (listing.connectors.is_object() ? " (nested, as the server sends it)" : "");
  });
  ctx.report.step("pipeshub", "list_active_agent_connectors", w,
                  [&] { return count(connectors.list_active_agent_connectors()); });
  ctx.report.step("pipeshub", "get_connector_instance", w, [&] {
    need(id, "instance");
    const auto got = connectors.get_connector_instance(id);
    return std::string("active=") + (got.connector->is_active.value_or(false) ? "yes" : "no");
  });
  ctx.report.write("pipeshub", "update_connector_name", w, [&] {
    need(id, "instance");
    api::update_connector_name_request request;
    request.instance_name = "Tour Wiki (renamed)";
    connectors.update_connector_name(id, request);
    return request.instance_name;
  });
  ctx.report.step("pipeshub", "get_all_scheduled_connector_instances_internal", w, [&] {
    const auto page = connectors.get_all_scheduled_connector_instances_internal();
    return std::to_string(page.items ? page.items->size() : 0) + " scheduled";
  });
  // OAuth: an instance that authenticates through the provider's consent page.
  ctx.report.write("pipeshub", "get_oauth_authorization_url", w, [&] {
    api::create_connector_request request;
    request.connector_type = "google-drive";
    request.instance_name = "Tour Drive";
    request.scope = api::connector_scope::personal;
    request.auth_type = api::auth_type::oauth;
    drive = connectors.create_connector_instance(request).connector->connector_id.value_or("");
    api::update_connector_auth_request auth;
    auth.auth.values = {{"clientId", "tour-client"}, {"clientSecret", "tour-secret"}};
    connectors.update_connector_auth_config(drive, auth);
    const auto url = connectors.get_oauth_authorization_url(drive);
    state = url.state.value_or("");
    return url.authorization_url.value_or("");
  });
  ctx.report.write("pipeshub", "handle_oauth_callback", w, [&] {
    need(state, "OAuth state");
    // The answer is where the 302 points (not followed); its tempCode is
    // a one-time credential, so the tour does not print the query.
    const plugboard::redirect landed =
        connectors.handle_oauth_callback(std::string("tour-code"), state);
    const std::string& location = landed.location;
    const auto at = location.find("tempCode=");
    if (at != std::string::npos)
      temp_code = location.substr(at + 9, location.find('&', at) - at - 9);
    return "redirect " + std::to_string(landed.status) + " to " +
           location.substr(0, location.find('?')) + (temp_code.empty() ? "" : " (a temp code)");
  });
  ctx.report.write("pipeshub", "get_token_from_code", w, [&] {
    need(temp_code, "temp code");
    api::get_token_from_code_request request;
    request.temp_code = temp_code;
    return connectors.get_token_from_code(request).message.value_or("exchanged");
  });
  ctx.report.write("pipeshub", "delete_connector_instance", w, [&] {
    need(id, "instance");
    connectors.delete_connector_instance(id);
    if (!drive.empty()) connectors.delete_connector_instance(drive);
    return std::string("deleted both");
  });
  // The same life in one go with the lifecycle helper.
  ctx.report.write("pipeshub", "lifecycle", w, [&] {
    pipeshub::connector_setup setup;
    setup.connector_type = "confluence";
    setup.instance_name = "Tour Lifecycle";
    setup.auth_type = api::auth_type::api_token;
    setup.auth.values = {{"email", "me@example.com"}, {"apiToken", "tour-token"}};
    setup.filters = {{"sync", {{"spaces", {{"operator", "in"}, {"value", {"ENG"}}}}}}};
    const std::string made = life.set_up(setup);
    const auto total = life.stats(made).data->stats->total.value_or(0);
    life.resync(made, "CONFLUENCE");
    life.remove(made);
    return "set up, " + std::to_string(total) + " records, resynced, deleted";
  });
}

void tour_every_operation(tour::context& ctx) {
  namespace pipeshub = plugboard::pipeshub;
  if (ctx.embedded()) {
    ctx.sandbox->mount<plugboard::sandbox::pipeshub_fake>(std::string(service::sandbox_prefix));
  }
  tour::wire w;
  // The base URL includes /api/v1, as the SDK's server_url does.
  pipeshub::client<tour::wire> client(
      ctx.base_url<service>(), ctx.auth<service>({{"PIPESHUB_BEARER_AUTH", "member-token"}}), w);
  auto api = client.connector_instances();
  std::string id;
  std::string first_listed;  // what `get` reads when the create was skipped

  ctx.report.step("pipeshub", "list", w, [&] {
    const auto page = api.list();
    if (!page.connectors.empty()) first_listed = page.connectors.front().connector_id;
    return names_of(page) + " (total " +
           std::to_string(page.pagination ? page.pagination->total.value_or(0) : 0) + ")";
  });
  ctx.report.write("pipeshub", "create", w, [&] {
    pipeshub::create_connector_request request{"confluence", "Docs Wiki",
                                               pipeshub::connector_scope::personal};
    request.auth_type = pipeshub::auth_type::api_token;
    auto& config = request.config.emplace();
    config.auth.emplace().values = {{"apiToken", "tour-token"}, {"email", "me@example.com"}};
    config.sync.emplace().scheduled_config.emplace().cron_expression = "0 */6 * * *";
    config.filters.emplace().sync.emplace().values = {{"spaces", {"DOCS"}}};
    const auto created = api.create(request);
    id = created.connector_id;
    return created.instance_name + " (" + created.scope.wire() + "), id " + id;
  });
  ctx.report.step("pipeshub", "get", w, [&] {
    if (id.empty() && first_listed.empty())
      throw tour::skipped{"nothing to get: none listed, none created"};
    const auto c = api.get(id.empty() ? first_listed : id);
    return c.connector_type + " via " + c.auth_type.wire() +
           ", configured=" + (c.is_configured.value_or(false) ? "true" : "false") + ", created " +
           c.created_at.value_or("?");
  });
  ctx.report.step("pipeshub", "list_configured", w,
                  [&] { return names_of(api.list_configured()); });
  ctx.report.step("pipeshub", "list_active", w, [&] { return names_of(api.list_active()); });
  ctx.report.step("pipeshub", "list_inactive", w, [&] { return names_of(api.list_inactive()); });
  ctx.report.step("pipeshub", "list_active_agents", w, [&] {
    // A per-call retry override, as the SDK's retries= allows.
    const pipeshub::retry_config retries{
        "backoff",
        {std::chrono::milliseconds(50), std::chrono::milliseconds(500), 1.5,
         std::chrono::milliseconds(5000)},
        false};
    return names_of(api.list_active_agents({}, retries));
  });
  ctx.report.write("pipeshub", "update_name", w,
                   [&] { return "renamed to " + api.update_name(id, "Team Wiki").instance_name; });
  ctx.report.write("pipeshub", "delete", w, [&] {
    const auto deleted = api.delete_(id);
    return deleted.message.value_or("deleted") +
           (deleted.status ? " (" + *deleted.status + ")" : "");
  });
  tour_current_api(ctx);
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
