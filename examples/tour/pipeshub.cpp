// SPDX-License-Identifier: MIT
// Pipeshub connector instances: discover what exists, create an instance with
// a nested config, inspect the listings, rename it, delete it.
#include <chrono>
#include <string>

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
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
