// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/providers/models.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::providers {

// The `X-API-Key` header the admin API reads. An empty key sends no header,
// since the key is optional.
inline api_key_header api_key(std::string key) {
  return api_key_header("X-API-Key", std::move(key));
}

// Client of the Connector Providers admin API:
//
//   plugboard::providers::client<> admin{"https://api.example.com/api-proxy",
//                                        plugboard::providers::api_key(key)};
//   for (const auto& p : admin.connector_providers().list()) ...
//   admin.connector_providers().setup("google-workspace", {{"client_id", id}, {"client_secret",
//   s}});
// The policies of client<> (core/policies.hpp); client<with_retry<backoff_retry>>
// and the like change only what they name.
using default_policies =
    policy_set<http_transport, api_key_header, default_serializer, no_retry, throw_errors>;

template <class... Policies>
class client : public service_client<policies_t<default_policies, Policies...>> {
  using base = service_client<policies_t<default_policies, Policies...>>;

 public:
  using typename base::auth_type;
  using typename base::core_type;
  using typename base::retry_type;
  using typename base::serializer_type;
  using typename base::transport_type;
  template <class T>
  using result_type = typename base::template result_type<T>;

  using base::base;

  // The `connector_providers` resource group.
  class connector_providers_api {
   public:
    explicit connector_providers_api(core_type& core) noexcept : core_(&core) {}

    result_type<std::vector<provider>> list(const call_options& options = {}) {
      return core_->call(endpoints::list{}, options);
    }
    result_type<provider> get(std::string provider_slug, const call_options& options = {}) {
      return core_->call(endpoints::get{std::move(provider_slug)}, options);
    }
    // `config` is sent verbatim; `{}` (a null json) is sent as an empty object.
    result_type<provider> setup(std::string provider_slug, json config,
                                const call_options& options = {}) {
      if (config.is_null()) config = json::object();
      return core_->call(endpoints::setup{std::move(provider_slug), std::move(config)}, options);
    }
    // nullopt when the server answers 204 No Content.
    result_type<std::optional<provider>> reset(std::string provider_slug,
                                               const call_options& options = {}) {
      return core_->call(endpoints::reset{std::move(provider_slug)}, options);
    }

   private:
    core_type* core_;
  };

  // The `collection_connectors` resource group: connectors users attach to
  // a collection of a space.
  class collection_connectors_api {
   public:
    explicit collection_connectors_api(core_type& core) noexcept : core_(&core) {}

    // One Idempotency-Key per create: its retries (with a retry policy)
    // reuse it, so the connector is created once however often it is sent.
    result_type<collection_connector> create(std::string space_id, std::string collection_id,
                                             collection_connector_request connector,
                                             const call_options& options = {}) {
      return core_->call(
          endpoints::create_collection_connector{std::move(space_id), std::move(collection_id),
                                                 std::move(connector)},
          options);
    }

   private:
    core_type* core_;
  };

  connector_providers_api connector_providers() noexcept {
    return connector_providers_api(this->core_);
  }
  collection_connectors_api collection_connectors() noexcept {
    return collection_connectors_api(this->core_);
  }
};

}  // namespace plugboard::providers
