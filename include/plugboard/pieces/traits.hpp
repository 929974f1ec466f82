// SPDX-License-Identifier: MIT
// Pieces OS's entry in the service registry (plugboard/services.hpp;
// core/service.hpp says what each member is for).
#pragma once

#include <array>
#include <string_view>

#include "plugboard/core/service.hpp"
#include "plugboard/pieces/client.hpp"
#include "plugboard/pieces/endpoints.hpp"

namespace plugboard::pieces {

struct service {
  static constexpr std::string_view name = "pieces";
  static constexpr std::string_view title = "Pieces OS";
  static constexpr std::string_view default_base_url = pieces::default_base_url;
  static constexpr std::string_view base_url_variable = "PIECES_BASE_URL";
  static constexpr std::string_view base_url_example = pieces::default_base_url;
  static constexpr std::array<credential_variable, 0> credentials{};  // none: localhost
  static constexpr std::string_view sandbox_prefix = "/pieces";
  static constexpr std::string_view sandbox_base_path = "/pieces";

  // The application id is bound per call (connect() returns it), not read
  // from the environment: it starts empty.
  using auth_type = api_key_header;
  static auth_type make_auth(credential_lookup) { return application_id(""); }

  struct connector {
    static constexpr std::string_view name = "connector";
    using endpoints = type_list<endpoints::connect, endpoints::intention, endpoints::onboarded,
                                endpoints::react, endpoints::suggest, endpoints::track>;
  };
  struct well_known {
    static constexpr std::string_view name = "well_known";
    using endpoints =
        type_list<endpoints::get_well_known_health, endpoints::get_well_known_version>;
  };
  struct applications {
    static constexpr std::string_view name = "applications";
    using endpoints =
        type_list<endpoints::applications_register, endpoints::applications_session_open,
                  endpoints::applications_session_close>;
  };
  using resource_groups = type_list<connector, well_known, applications>;
  using endpoints = endpoints_of_t<resource_groups>;

  template <class... Policies>
  using client = pieces::client<Policies...>;
};

}  // namespace plugboard::pieces
