// SPDX-License-Identifier: MIT
// Fivetran's entry in the service registry (plugboard/services.hpp;
// core/service.hpp says what each member is for).
#pragma once

#include <array>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/service.hpp"
#include "plugboard/fivetran/client.hpp"
#include "plugboard/fivetran/endpoints.hpp"
#include "plugboard/fivetran/generated/connections.hpp"
#include "plugboard/fivetran/generated/metadata.hpp"
#include "plugboard/fivetran/generated/webhooks.hpp"
#include "plugboard/fivetran/rate_budgets.hpp"

namespace plugboard::fivetran {

struct service {
  static constexpr std::string_view name = "fivetran";
  static constexpr std::string_view title = "Fivetran connector management";
  static constexpr std::string_view default_base_url = fivetran::default_base_url;
  static constexpr std::string_view base_url_variable = "FIVETRAN_BASE_URL";
  static constexpr std::string_view base_url_example = fivetran::default_base_url;
  static constexpr std::array<credential_variable, 2> credentials{
      {{"FIVETRAN_API_KEY", "the API key (HTTP Basic user)", true},
       {"FIVETRAN_API_SECRET", "the API secret (HTTP Basic password)", true}}};
  static constexpr std::string_view sandbox_prefix = "/fivetran";
  static constexpr std::string_view sandbox_base_path = "/fivetran";

  using auth_type = basic_auth;
  static auth_type make_auth(credential_lookup lookup) {
    return api_key(required_credential(lookup, credentials[0]),
                   required_credential(lookup, credentials[1]));
  }

  struct connector_management {
    static constexpr std::string_view name = "connector_management";
    using endpoints =
        type_list<endpoints::connect_card, endpoints::connector_details,
                  endpoints::create_connector, endpoints::delete_connector,
                  endpoints::metadata_connector_config, endpoints::metadata_connectors,
                  endpoints::modify_connector, endpoints::resync_connector,
                  endpoints::run_setup_tests, endpoints::sync_connector>;
  };
  // Optional: the service's published rate budgets (fivetran/rate_budgets.hpp),
  // which the CLI's `batch` keeps to.
  static plugboard::rate_budgets published_budgets() { return published_rate_budgets(); }

  // Generated from Fivetran's OpenAPI document (specs/fivetran.yaml).
  struct connections {
    static constexpr std::string_view name = "connections";
    using endpoints = api::connections_endpoints;
  };
  struct metadata {
    static constexpr std::string_view name = "metadata";
    using endpoints = api::metadata_endpoints;
  };
  struct webhooks {
    static constexpr std::string_view name = "webhooks";
    using endpoints = api::webhooks_endpoints;
  };
  using resource_groups = type_list<connector_management, connections, metadata, webhooks>;
  using endpoints = endpoints_of_t<resource_groups>;

  template <class... Policies>
  using client = fivetran::client<Policies...>;
};

}  // namespace plugboard::fivetran
