// SPDX-License-Identifier: MIT
// The Connector Providers API's entry in the service registry
// (plugboard/services.hpp; core/service.hpp says what each member is for).
#pragma once

#include <array>
#include <string_view>

#include "plugboard/core/service.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/providers/endpoints.hpp"

namespace plugboard::providers {

struct service {
  static constexpr std::string_view name = "providers";
  static constexpr std::string_view title = "Connector Providers API";
  static constexpr std::string_view default_base_url = "";
  static constexpr std::string_view base_url_variable = "PROVIDERS_BASE_URL";
  static constexpr std::string_view base_url_example = "https://api.example.com/api-proxy";
  static constexpr std::array<credential_variable, 1> credentials{
      {{"PROVIDERS_API_KEY", "sent as X-API-Key when set", false}}};
  static constexpr std::string_view sandbox_prefix = "/providers";
  static constexpr std::string_view sandbox_base_path = "/providers";

  using auth_type = api_key_header;
  static auth_type make_auth(credential_lookup lookup) {
    return api_key(lookup("PROVIDERS_API_KEY").value_or(""));
  }

  struct connector_providers {
    static constexpr std::string_view name = "connector_providers";
    using endpoints =
        type_list<endpoints::list, endpoints::get, endpoints::setup, endpoints::reset>;
  };
  struct collection_connectors {
    static constexpr std::string_view name = "collection_connectors";
    using endpoints = type_list<endpoints::create_collection_connector>;
  };
  using resource_groups = type_list<connector_providers, collection_connectors>;
  using endpoints = endpoints_of_t<resource_groups>;

  template <class... Policies>
  using client = providers::client<Policies...>;
};

}  // namespace plugboard::providers
