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

// The user's own credential a collection connector acts with (OAuth tokens).
// Secrets: never logged, scrubbed from errors.
struct connector_credential {
  std::string access_token;
  std::optional<std::string> refresh_token;

  static constexpr auto fields() {
    return field_list(required_field("access_token", &connector_credential::access_token),
                      field("refresh_token", &connector_credential::refresh_token));
  }
};

// What collection_connectors().create sends: which provider, with which
// credential, limited to what (scope_config is provider-specific, sent as given).
struct collection_connector_request {
  std::string provider_slug;  // e.g. "google-drive", from the provider catalogue
  connector_credential credential;
  json scope_config = json(json::value_t::object);

  static constexpr auto fields() {
    return field_list(required_field("provider_slug", &collection_connector_request::provider_slug),
                      required_field("credential", &collection_connector_request::credential),
                      field("scope_config", &collection_connector_request::scope_config));
  }
};

// A connector attached to one collection of a space. The credential is
// never returned.
struct collection_connector {
  std::string id;  // uuid
  std::string collection_id;
  std::string provider_slug;
  std::optional<std::string> principal_id;
  json scope_config;
  std::optional<std::string> status;  // open string, e.g. "active"
  std::optional<std::string> created_at;
  json extra;  // keys this version of plugboard does not know

  static constexpr auto fields() {
    return field_list(required_field("id", &collection_connector::id),
                      field("collection_id", &collection_connector::collection_id),
                      field("provider_slug", &collection_connector::provider_slug),
                      field("principal_id", &collection_connector::principal_id),
                      field("scope_config", &collection_connector::scope_config),
                      field("status", &collection_connector::status),
                      field("created_at", &collection_connector::created_at),
                      unknown_fields(&collection_connector::extra));
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
