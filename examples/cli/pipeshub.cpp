// SPDX-License-Identifier: MIT
// plugboard pipeshub ...: what differs from the generic commands.
#include "plugboard/pipeshub/traits.hpp"
#include "services.hpp"

namespace plugboard_cli {
namespace {

using pipeshub = plugboard::pipeshub::service;

// A paged listing: one page, or with --all every page from --page on.
template <class E, class Walk>
void replace_paged(service_commands<pipeshub>& commands, Walk walk) {
  commands.replace<E>([&commands, walk] {
    const command<E> listing(commands.app(), commands.shared());
    listing.add_switch("--all", "follow every page from --page on; prints one array");
    listing.on_run([listing, commands, walk] {
      const E call = listing.descriptor();
      if (!listing.given("all")) return result_json(commands.connect().core().call(call));
      commands.shared().show_progress();
      auto client = commands.connect();
      auto api = client.connector_instances();
      const plugboard::pipeshub::list_params params{call.scope, call.page, call.limit, call.search};
      return result_json(walk(api, params).collect());
    });
  });
}

void customize(service_commands<pipeshub>& commands) {
  namespace endpoints = plugboard::pipeshub::endpoints;
  replace_paged<endpoints::list>(
      commands, [](auto& api, const auto& params) { return api.list_all(params); });
  replace_paged<endpoints::list_configured>(
      commands, [](auto& api, const auto& params) { return api.list_configured_all(params); });
  replace_paged<endpoints::list_active_agents>(
      commands, [](auto& api, const auto& params) { return api.list_active_agents_all(params); });
  // The SDK's name is `delete`; the C++ facade spells it delete_.
  commands.replace<endpoints::delete_>([&commands] {
    const command<endpoints::delete_> remove(commands.app(), commands.shared());
    remove.app().alias("delete_");
    remove.call_with(commands.connector());
  });
}

const customize_commands<pipeshub> registered(&customize);

}  // namespace
}  // namespace plugboard_cli
