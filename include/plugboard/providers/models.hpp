// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/core/fields.hpp"
#include "plugboard/serializer/json.hpp"

// Models of the Connector Providers admin API (a FastAPI platform, documented
// by Aimable). Wire facts: docs/api/connector_providers.md. The
// documentation shows only the list call, so every field except
// provider_slug is treated as optional, and unknown keys are kept in `extra`.

namespace plugboard::providers {

using plugboard::from_json;
using plugboard::to_json;

// An OAuth scope the provider asks for by default.
struct default_scope {
  std::string name;
  std::optional<std::string> description;
  json extra;

  static constexpr auto fields() {
    return field_list(field("name", &default_scope::name),
                      field("description", &default_scope::description),
                      unknown_fields(&default_scope::extra));
  }
};

// A third-party integration the platform can connect to (Google Workspace,
// Slack, ...). Secrets given at setup are never returned.
struct provider {
  std::string id;             // uuid
  std::string provider_slug;  // e.g. "google-workspace"
  std::optional<std::string> display_name;
  std::optional<std::string> auth_type;           // open string, e.g. "oauth2"
  std::optional<std::string> execution_strategy;  // open string, e.g. "server-side"
  std::vector<default_scope> default_scopes;
  json config_schema;  // JSON Schema of what setup() expects
  bool setup_complete = false;
  // UNCONFIRMED: timestamps are not in the captured documentation.
  std::optional<std::string> created_at;
  std::optional<std::string> updated_at;
  json extra;  // keys this version of plugboard does not know

  static constexpr auto fields() {
    return field_list(
        field("id", &provider::id), required_field("provider_slug", &provider::provider_slug),
        field("display_name", &provider::display_name), field("auth_type", &provider::auth_type),
        field("execution_strategy", &provider::execution_strategy),
        field("default_scopes", &provider::default_scopes),
        field("config_schema", &provider::config_schema),
        field("setup_complete", &provider::setup_complete),
        field("created_at", &provider::created_at), field("updated_at", &provider::updated_at),
        unknown_fields(&provider::extra));
  }
};

// The documented envelope is {"data": ...}; a plain FastAPI response_model
// answers with the bare value. Both decode to the same result
// (UNCONFIRMED which one the server uses for single objects).
template <class T>
struct data_or_bare {
  T value;

  T unwrap() && { return std::move(value); }

  template <class Reader>
  static void decode_json(const Reader& reader, data_or_bare& out) {
    if (reader.kind() == json_kind::object) {
      if (auto data = reader.find("data")) {
        try {
          codec::decode(*data, out.value);
        } catch (decode_error& e) {
          e.prepend_key("data");
          throw;
        }
        return;
      }
    }
    codec::decode(reader, out.value);
  }
};

}  // namespace plugboard::providers
