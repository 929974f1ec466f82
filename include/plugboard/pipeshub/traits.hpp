// SPDX-License-Identifier: MIT
// Pipeshub's entry in the service registry (plugboard/services.hpp;
// core/service.hpp says what each member is for).
#pragma once

#include <array>
#include <string_view>

#include "plugboard/auth/bearer.hpp"
#include "plugboard/core/service.hpp"
#include "plugboard/pipeshub/client.hpp"
#include "plugboard/pipeshub/endpoints.hpp"
#include "plugboard/pipeshub/generated/connectors.hpp"
#include "plugboard/pipeshub/generated/records.hpp"

namespace plugboard::pipeshub {

struct service {
  static constexpr std::string_view name = "pipeshub";
  static constexpr std::string_view title = "Pipeshub connector instances";
  static constexpr std::string_view default_base_url = "";
  static constexpr std::string_view base_url_variable = "PIPESHUB_BASE_URL";
  // The base URL includes /api/v1, as the SDK's server_url does.
  static constexpr std::string_view base_url_example = "https://pipeshub.example.com/api/v1";
  static constexpr std::array<credential_variable, 1> credentials{
      {{"PIPESHUB_BEARER_AUTH", "the bearer token", true}}};
  static constexpr std::string_view sandbox_prefix = "/pipeshub";
  static constexpr std::string_view sandbox_base_path = "/pipeshub/api/v1";

  using auth_type = bearer_auth;
  static auth_type make_auth(credential_lookup lookup) {
    return bearer_auth(required_credential(lookup, credentials[0]));
  }

  struct connector_instances {
    static constexpr std::string_view name = "connector_instances";
    using endpoints = type_list<endpoints::list, endpoints::create, endpoints::list_active,
                                endpoints::list_inactive, endpoints::list_configured,
                                endpoints::list_active_agents, endpoints::get, endpoints::delete_,
                                endpoints::update_name>;
  };
  // Generated from Pipeshub's OpenAPI document (specs/pipeshub.yaml): every
  // operation under /connectors, named as the document's operationIds. The
  // nine calls of connector_instances are among them, as the document
  // types them; connector_instances keeps the SDK's names and both shapes.
  struct connectors {
    static constexpr std::string_view name = "connectors";
    using endpoints = api::connectors_endpoints;
  };
  struct records {
    static constexpr std::string_view name = "records";
    using endpoints = api::records_endpoints;
  };
  using resource_groups = type_list<connector_instances, connectors, records>;
  using endpoints = endpoints_of_t<resource_groups>;

  template <class... Policies>
  using client = pipeshub::client<Policies...>;
};

}  // namespace plugboard::pipeshub
