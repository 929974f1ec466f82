// SPDX-License-Identifier: MIT
// Descriptors of the configuration and dependency calls FortiSOAR's document
// leaves out (its generated groups have create and delete only): wire facts
// from docs/api/fortisoar.md, section "Configurations", and pyfsr.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar {

// GET /api/integration/connectors/dependencies_check/{name}/{version}/.
struct dependencies_status {
  std::optional<bool> dependencies_installed;
  std::optional<std::string> message;
  json extra;

  static constexpr auto fields() {
    return field_list(field("dependencies_installed", &dependencies_status::dependencies_installed),
                      field("message", &dependencies_status::message),
                      unknown_fields(&dependencies_status::extra));
  }
};

namespace endpoints {

// GET /api/integration/configuration/{config_id}/: one record with its field
// values (the listing's rows carry `config: null`). An unknown id answers
// 200 with a blank record, not 404: configurations.hpp reports that as not found.
struct get_configuration {
  std::string config_id;  // the uuid

  static constexpr std::string_view operation = "get_configuration";
  static constexpr std::string_view summary = "Get one saved configuration with its values";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/api/integration/configuration/{config_id}/";
  static constexpr auto params() {
    return param_list(path_param("config_id", &get_configuration::config_id));
  }
  using result = configuration;
};

// PUT /api/integration/configuration/{config_id}/: replaces the WHOLE record
// (fields left out are lost), so the body is the full record.
struct update_configuration {
  std::string config_id;
  configuration body;

  static constexpr std::string_view operation = "update_configuration";
  static constexpr std::string_view summary = "Replace a saved configuration (the whole record)";
  static constexpr method verb = method::put;
  static constexpr std::string_view path = "/api/integration/configuration/{config_id}/";
  static constexpr auto params() {
    return param_list(path_param("config_id", &update_configuration::config_id),
                      body_param(&update_configuration::body));
  }
  using result = configuration;

  void validate() const {
    require_non_empty("config_id", config_id);
    require_non_empty("name", body.name);
  }
};

// GET /api/integration/connectors/dependencies_check/{name}/{version}/
// (a POST to the same path installs them).
struct dependencies_check {
  std::string name;
  std::string version;

  static constexpr std::string_view operation = "dependencies_check";
  static constexpr std::string_view summary = "Check that a connector's dependencies are installed";
  static constexpr method verb = method::get;
  static constexpr std::string_view path =
      "/api/integration/connectors/dependencies_check/{name}/{version}/";
  static constexpr auto params() {
    return param_list(path_param("name", &dependencies_check::name),
                      path_param("version", &dependencies_check::version));
  }
  using result = dependencies_status;
};

}  // namespace endpoints
}  // namespace plugboard::fortisoar
