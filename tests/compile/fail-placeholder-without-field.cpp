// SPDX-License-Identifier: MIT
// expect: in the endpoint.s path template has no path_param with that name
// Every {placeholder} in a path template must be bound to a path_param.
#include <string>

#include "plugboard/core/endpoint.hpp"

struct get_provider {
  std::string provider_slug;
  static constexpr plugboard::method verb = plugboard::method::get;
#if !PLUGBOARD_COMPILE_FAIL
  static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}";
#else
  static constexpr std::string_view path = "/v1/admin/connector-providers/{slug}";
#endif
  static constexpr auto params() {
    return plugboard::param_list(
        plugboard::path_param("provider_slug", &get_provider::provider_slug));
  }
  using result = plugboard::no_content;
};

static_assert(plugboard::is_valid_endpoint<get_provider>());
