// SPDX-License-Identifier: MIT
// plugboard pipeshub ...: Pipeshub connector instances.
#include "plugboard/pipeshub/client.hpp"

#include "command.hpp"
#include "services.hpp"

namespace plugboard_cli {

namespace {

namespace pipeshub = plugboard::pipeshub;
using pipeshub_client = pipeshub::client<plugboard::http_transport, plugboard::bearer_auth,
                                         plugboard::default_serializer, plugboard::backoff_retry>;

// A paged listing: one page, or with --all every page from --page on.
template <class E, class Connect, class Walk>
void add_paged(CLI::App& service, session& s, const std::string& name, Connect connect, Walk walk) {
  const command<E> listing(service, s, name);
  listing.add_switch("--all", "follow every page from --page on; prints one array");
  listing.on_run([listing, connect, walk, &s] {
    const E call = listing.descriptor();
    if (!listing.given("all")) return result_json(connect().core().call(call));
    s.show_progress();
    auto client = connect();
    auto api = client.connector_instances();
    const pipeshub::list_params params{call.scope, call.page, call.limit, call.search};
    return result_json(walk(api, params).collect());
  });
}

}  // namespace

void add_pipeshub(CLI::App& root, session& s) {
  namespace endpoints = pipeshub::endpoints;
  CLI::App& service = add_service(
      root, "pipeshub", "Pipeshub connector instances (connector_instances)",
      "Environment:\n"
      "  PIPESHUB_BASE_URL     the API's base URL including /api/v1, e.g.\n"
      "                        https://pipeshub.example.com/api/v1 (or --base-url), required\n"
      "  PIPESHUB_BEARER_AUTH  the bearer token, required\n");
  const auto connect = [&s] {
    return pipeshub_client(
        s.client_options(s.base_url("PIPESHUB_BASE_URL")),
        plugboard::bearer_auth(required_environment("PIPESHUB_BEARER_AUTH", "Pipeshub's token")),
        s.transport(), s.retry());
  };
  add_paged<endpoints::list>(service, s, "list", connect,
                             [](auto& api, const auto& params) { return api.list_all(params); });
  command<endpoints::create>(service, s, "create").call_with(connect);
  command<endpoints::list_active>(service, s, "list_active").call_with(connect);
  command<endpoints::list_inactive>(service, s, "list_inactive").call_with(connect);
  add_paged<endpoints::list_configured>(
      service, s, "list_configured", connect,
      [](auto& api, const auto& params) { return api.list_configured_all(params); });
  add_paged<endpoints::list_active_agents>(
      service, s, "list_active_agents", connect,
      [](auto& api, const auto& params) { return api.list_active_agents_all(params); });
  command<endpoints::get>(service, s, "get").call_with(connect);
  // The SDK's name; the C++ facade spells it delete_.
  const command<endpoints::delete_> remove(service, s, "delete");
  remove.app().alias("delete_");
  remove.call_with(connect);
  command<endpoints::update_name>(service, s, "update_name").call_with(connect);
}

}  // namespace plugboard_cli
