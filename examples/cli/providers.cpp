// SPDX-License-Identifier: MIT
// plugboard providers ...: the Connector Providers admin API.
#include "plugboard/providers/client.hpp"

#include "command.hpp"
#include "services.hpp"

namespace plugboard_cli {

void add_providers(CLI::App& root, session& s) {
  namespace endpoints = plugboard::providers::endpoints;
  CLI::App& service = add_service(
      root, "providers", "Connector Providers admin API (connector_providers)",
      "Environment:\n"
      "  PROVIDERS_BASE_URL  the API's base URL, e.g. https://api.example.com/api-proxy "
      "(or --base-url)\n"
      "  PROVIDERS_API_KEY   sent as X-API-Key when set (optional)\n");
  const auto connect = [&s] {
    return plugboard::providers::client<plugboard::http_transport, plugboard::api_key_header,
                                        plugboard::default_serializer, plugboard::backoff_retry>(
        s.client_options(s.base_url("PROVIDERS_BASE_URL")),
        plugboard::providers::api_key(environment("PROVIDERS_API_KEY").value_or("")), s.transport(),
        s.retry());
  };

  command<endpoints::list>(service, s, "list").call_with(connect);
  command<endpoints::get>(service, s, "get").call_with(connect);
  command<endpoints::setup>(service, s, "setup", std::string(endpoints::setup::summary), {"config"})
      .call_with(connect);
  command<endpoints::reset>(service, s, "reset").call_with(connect);
}

}  // namespace plugboard_cli
