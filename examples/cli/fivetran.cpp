// SPDX-License-Identifier: MIT
// plugboard fivetran ...: what differs from the generic commands.
#include "plugboard/fivetran/traits.hpp"
#include "services.hpp"

namespace plugboard_cli {
namespace {

using fivetran = plugboard::fivetran::service;

void customize(service_commands<fivetran>& commands) {
  namespace endpoints = plugboard::fivetran::endpoints;
  // One page, or with --all every page (following next_cursor).
  commands.replace<endpoints::metadata_connectors>([&commands] {
    const command<endpoints::metadata_connectors> metadata(commands.app(), commands.shared());
    metadata.add_switch("--all", "follow next_cursor through every page; prints one array");
    metadata.on_run([metadata, commands] {
      const auto call = metadata.descriptor();
      if (!metadata.given("all")) return result_json(commands.connect().core().call(call));
      if (call.cursor) throw plugboard::usage_error("--cursor", "cannot be combined with --all");
      if (metadata.given("name"))
        throw plugboard::usage_error("--name", "cannot be combined with --all");
      commands.shared().show_progress();
      auto client = commands.connect();
      return result_json(
          client.connector_management().metadata_connectors_all(call.limit).collect());
    });
  });
}

const customize_commands<fivetran> registered(&customize);

}  // namespace
}  // namespace plugboard_cli
