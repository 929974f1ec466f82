// SPDX-License-Identifier: MIT
// The sub-commands of each service, one file per service.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "session.hpp"

namespace plugboard_cli {

void add_providers(CLI::App& root, session& s);
void add_fivetran(CLI::App& root, session& s);
void add_pipeshub(CLI::App& root, session& s);
void add_pieces(CLI::App& root, session& s);
void add_fortisoar(CLI::App& root, session& s);

// The sub-command of one service; `environment` (where its base URL and
// credentials come from) closes its help.
inline CLI::App& add_service(CLI::App& root, const std::string& name,
                             const std::string& description, const std::string& environment) {
  CLI::App* service = root.add_subcommand(name, description);
  service->require_subcommand(1);
  service->footer(environment +
                  "Global options, before or after the sub-commands: --base-url, --output "
                  "pretty|compact|json, --timeout, --retries, --retry-non-idempotent, --verbose, "
                  "--ca-file, --insecure.\n");
  return *service;
}

}  // namespace plugboard_cli
