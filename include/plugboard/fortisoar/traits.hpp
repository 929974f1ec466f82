// SPDX-License-Identifier: MIT
// FortiSOAR's entry in the service registry (plugboard/services.hpp;
// core/service.hpp says what each member is for).
#pragma once

#include <array>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/service.hpp"
#include "plugboard/fortisoar/auth.hpp"
#include "plugboard/fortisoar/client.hpp"
#include "plugboard/fortisoar/configuration_endpoints.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/generated/agent_records.hpp"
#include "plugboard/fortisoar/generated/configurations.hpp"
#include "plugboard/fortisoar/generated/import_jobs.hpp"

namespace plugboard::fortisoar {

struct service {
  static constexpr std::string_view name = "fortisoar";
  static constexpr std::string_view title = "FortiSOAR connectors and agents";
  static constexpr std::string_view default_base_url = "";
  static constexpr std::string_view base_url_variable = "FORTISOAR_BASE_URL";
  static constexpr std::string_view base_url_example = "https://soar.example.com";
  static constexpr std::array<credential_variable, 3> credentials{
      {{"FORTISOAR_API_KEY", "an API key, or else a login:", false},
       {"FORTISOAR_USERNAME", "with FORTISOAR_PASSWORD", false},
       {"FORTISOAR_PASSWORD", "with FORTISOAR_USERNAME", false}}};
  static constexpr std::string_view sandbox_prefix = "/fortisoar";
  static constexpr std::string_view sandbox_base_path = "/fortisoar";

  // FORTISOAR_API_KEY when set, else FORTISOAR_USERNAME and FORTISOAR_PASSWORD.
  using auth_type = any_auth;
  static auth_type make_auth(credential_lookup lookup) {
    if (auto key = lookup("FORTISOAR_API_KEY")) return any_auth::with_api_key(*key);
    if (lookup("FORTISOAR_USERNAME") || lookup("FORTISOAR_PASSWORD")) {
      return any_auth::with_password(required_credential(lookup, credentials[1]),
                                     required_credential(lookup, credentials[2]));
    }
    throw usage_error("FORTISOAR_API_KEY",
                      "is not set, nor are FORTISOAR_USERNAME and FORTISOAR_PASSWORD; "
                      "credentials are never taken from arguments");
  }

  struct connectors {
    static constexpr std::string_view name = "connectors";
    using endpoints =
        type_list<endpoints::list_configured, endpoints::connector_detail,
                  endpoints::list_configurations, endpoints::healthcheck, endpoints::execute,
                  endpoints::dev_list, endpoints::dev_edit, endpoints::dev_read_file,
                  endpoints::dev_write_file, endpoints::dev_publish, endpoints::install,
                  endpoints::install_status, endpoints::install_from_file, endpoints::uninstall,
                  endpoints::get_configuration, endpoints::update_configuration,
                  endpoints::dependencies_check>;
  };
  struct agents {
    static constexpr std::string_view name = "agents";
    using endpoints = type_list<endpoints::install_connector, endpoints::upgrade_connector,
                                endpoints::uninstall_connector, endpoints::heartbeat>;
  };
  // Generated from FortiSOAR's document (specs/fortisoar.yaml).
  struct configurations {
    static constexpr std::string_view name = "configurations";
    using endpoints = api::configurations_endpoints;
  };
  struct agent_records {
    static constexpr std::string_view name = "agent_records";
    using endpoints = api::agent_records_endpoints;
  };
  struct import_jobs {
    static constexpr std::string_view name = "import_jobs";
    using endpoints = api::import_jobs_endpoints;
  };
  using resource_groups = type_list<connectors, agents, configurations, agent_records, import_jobs>;
  using endpoints = endpoints_of_t<resource_groups>;

  template <class... Policies>
  using client = fortisoar::client<Policies...>;
};

}  // namespace plugboard::fortisoar
