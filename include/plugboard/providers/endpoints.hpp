// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/idempotency_key.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/providers/models.hpp"

// One descriptor per documented operation of the Connector Providers API: the
// admin catalogue, and the connectors a user attaches to a collection.
namespace plugboard::providers::endpoints {

// The service these descriptors belong to (core/endpoint.hpp, endpoint_defaults).
constexpr endpoint_defaults defaults_for_endpoints(const void*) noexcept { return {"providers"}; }

// GET /v1/admin/connector-providers: every provider (no paging documented).
struct list {
  static constexpr std::string_view operation = "list";
  static constexpr std::string_view summary = "List every connector provider";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/admin/connector-providers";
  using response_model = data_or_bare<std::vector<provider>>;
  using result = std::vector<provider>;
};

// GET /v1/admin/connector-providers/{provider_slug}; 404 for an unknown slug.
struct get {
  std::string provider_slug;

  static constexpr std::string_view operation = "get";
  static constexpr std::string_view summary = "Get one connector provider by slug";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}";
  static constexpr auto params() {
    return param_list(path_param("provider_slug", &get::provider_slug));
  }
  using response_model = data_or_bare<provider>;
  using result = provider;
};

// POST /v1/admin/connector-providers/{provider_slug}/setup with the
// configuration object (keys per the provider's config_schema, e.g.
// client_id and client_secret), sent verbatim.
struct setup {
  std::string provider_slug;
  json config = json(json::value_t::object);

  static constexpr std::string_view operation = "setup";
  static constexpr std::string_view summary = "Store a provider's configuration (credentials)";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}/setup";
  static constexpr auto params() {
    return param_list(path_param("provider_slug", &setup::provider_slug),
                      body_param(&setup::config));
  }
  using response_model = data_or_bare<provider>;
  using result = provider;

  void validate() const {
    if (!config.is_object()) throw usage_error("config", "must be a JSON object");
  }
};

// DELETE /v1/admin/connector-providers/{provider_slug}/setup ("reset"):
// clears the stored configuration. Answers 204 (no result) or 200 with the
// provider (PROPOSED; both are accepted). Resetting twice is not an error.
struct reset {
  std::string provider_slug;

  static constexpr std::string_view operation = "reset";
  static constexpr std::string_view summary = "Clear a provider's configuration";
  static constexpr method verb = method::delete_;
  static constexpr std::string_view path = "/v1/admin/connector-providers/{provider_slug}/setup";
  static constexpr auto params() {
    return param_list(path_param("provider_slug", &reset::provider_slug));
  }
  using response_model = std::optional<data_or_bare<provider>>;
  using result = std::optional<provider>;
};

// POST /v1/spaces/{space_id}/collections/{collection_id}/connectors: attaches
// a connector of a provider to a collection; 201 with the connector. The
// Idempotency-Key header makes the POST safe to repeat: the server answers a
// repeated key with the first result. Each descriptor takes a fresh key when
// it is constructed, so its retries reuse it (hence idempotent).
struct create_collection_connector {
  std::string space_id;
  std::string collection_id;
  collection_connector_request connector;
  std::string idempotency_key = new_idempotency_key();

  static constexpr std::string_view operation = "create_collection_connector";
  static constexpr std::string_view summary = "Attach a provider's connector to a collection";
  static constexpr method verb = method::post;
  static constexpr std::string_view path =
      "/v1/spaces/{space_id}/collections/{collection_id}/connectors";
  static constexpr bool idempotent = true;
  static constexpr auto params() {
    return param_list(
        path_param("space_id", &create_collection_connector::space_id),
        path_param("collection_id", &create_collection_connector::collection_id),
        header_param("Idempotency-Key", &create_collection_connector::idempotency_key),
        body_param(&create_collection_connector::connector));
  }
  using response_model = data_or_bare<collection_connector>;
  using result = collection_connector;

  void validate() const {
    if (idempotency_key.empty()) {
      throw usage_error("idempotency_key", "must not be empty (plugboard::new_idempotency_key())");
    }
    if (!connector.scope_config.is_object()) {
      throw usage_error("scope_config", "must be a JSON object");
    }
  }
};

}  // namespace plugboard::providers::endpoints
