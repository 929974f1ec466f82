// SPDX-License-Identifier: MIT
// expect: plugboard: this type cannot be encoded as JSON
// A body must be a model with a field list (or a JSON value type).
#include <string>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/detail/request_builder.hpp"
#include "plugboard/serializer/json.hpp"

struct sync_request {
  bool force = false;
#if !PLUGBOARD_COMPILE_FAIL
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::field("force", &sync_request::force));
  }
#endif
};

struct sync_connector {
  std::string connector_id;
  sync_request body;
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}/sync";
  static constexpr auto params() {
    return plugboard::param_list(
        plugboard::path_param("connector_id", &sync_connector::connector_id),
        plugboard::body_param(&sync_connector::body));
  }
  using result = plugboard::no_content;
};

plugboard::request build() {
  return plugboard::detail::build_request(sync_connector{"c1", {}},
                                          plugboard::base_url::parse("http://h"),
                                          plugboard::json_serializer{});
}
