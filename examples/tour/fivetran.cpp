// SPDX-License-Identifier: MIT
// Fivetran connector management: discover connector types, create a
// connector, test and tune it, hand out a Connect Card, sync, re-sync,
// delete.
#include <map>
#include <string>
#include <vector>

#include "plugboard/fivetran/traits.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "tour.hpp"

namespace {

using service = plugboard::fivetran::service;

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
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
