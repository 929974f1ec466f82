// SPDX-License-Identifier: MIT
// plugboard fivetran ...: Fivetran connector management.
#include "plugboard/fivetran/client.hpp"

#include "command.hpp"
#include "services.hpp"

namespace plugboard_cli {

void add_fivetran(CLI::App& root, session& s) {
  namespace fivetran = plugboard::fivetran;
  namespace endpoints = fivetran::endpoints;
  CLI::App& service =
      add_service(root, "fivetran", "Fivetran connector management (connector_management)",
                  "Environment:\n"
                  "  FIVETRAN_BASE_URL    default https://api.fivetran.com (or --base-url)\n"
                  "  FIVETRAN_API_KEY     the API key (HTTP Basic user), required\n"
                  "  FIVETRAN_API_SECRET  the API secret (HTTP Basic password), required\n");
  const auto connect = [&s] {
    return fivetran::client<plugboard::http_transport, plugboard::basic_auth,
                            plugboard::default_serializer, plugboard::backoff_retry>(
        s.client_options(s.base_url("FIVETRAN_BASE_URL", fivetran::default_base_url)),
        fivetran::api_key(required_environment("FIVETRAN_API_KEY", "Fivetran's API key"),
                          required_environment("FIVETRAN_API_SECRET", "Fivetran's API secret")),
        s.transport(), s.retry());
  };

  command<endpoints::connect_card>(service, s, "connect_card").call_with(connect);
  command<endpoints::connector_details>(service, s, "connector_details").call_with(connect);
  command<endpoints::create_connector>(service, s, "create_connector").call_with(connect);
  command<endpoints::delete_connector>(service, s, "delete_connector").call_with(connect);
  command<endpoints::metadata_connector_config>(service, s, "metadata_connector_config")
      .call_with(connect);

  // One page, or with --all every page (following next_cursor).
  const command<endpoints::metadata_connectors> metadata(service, s, "metadata_connectors");
  metadata.add_switch("--all", "follow next_cursor through every page; prints one array");
  metadata.on_run([metadata, connect, &s] {
    const auto call = metadata.descriptor();
    if (!metadata.given("all")) return result_json(connect().core().call(call));
    if (call.cursor) throw plugboard::usage_error("--cursor", "cannot be combined with --all");
    if (metadata.given("name"))
      throw plugboard::usage_error("--name", "cannot be combined with --all");
    s.show_progress();
    auto client = connect();
    return result_json(client.connector_management().metadata_connectors_all(call.limit).collect());
  });

  command<endpoints::modify_connector>(service, s, "modify_connector").call_with(connect);
  command<endpoints::resync_connector>(service, s, "resync_connector").call_with(connect);
  command<endpoints::run_setup_tests>(service, s, "run_setup_tests").call_with(connect);
  command<endpoints::sync_connector>(service, s, "sync_connector").call_with(connect);
}

}  // namespace plugboard_cli
