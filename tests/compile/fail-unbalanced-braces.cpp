// SPDX-License-Identifier: MIT
// expect: plugboard: the endpoint's path template has an unbalanced
// Braces in a path template must pair up.
#include <string>

#include "plugboard/core/endpoint.hpp"

struct get_provider {
  std::string provider_slug;
  static constexpr plugboard::method verb = plugboard::method::get;
#if !PLUGBOARD_COMPILE_FAIL
  static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}";
#else
  static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug";
#endif
  static constexpr auto params() {
    return plugboard::param_list(
        plugboard::path_param("provider_slug", &get_provider::provider_slug));
  }
  using result = plugboard::no_content;
};

static_assert(plugboard::is_valid_endpoint<get_provider>());
