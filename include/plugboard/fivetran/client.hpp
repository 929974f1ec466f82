// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/auth/basic.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/core/result.hpp"
#include "plugboard/core/type_traits.hpp"
#include "plugboard/fivetran/endpoints.hpp"
#include "plugboard/fivetran/models.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::fivetran {

// The generated groups, each in a header of its own (generated/): include the
// ones you call, so that a TU pays only for those.
namespace api {
template <class Core>
class connections_group;
template <class Core>
class metadata_group;
template <class Core>
class webhooks_group;
}  // namespace api

// Fivetran's only server.
inline constexpr const char* default_base_url = "https://api.fivetran.com";

// HTTP Basic from the API key (user) and API secret (password).
inline basic_auth api_key(std::string key, std::string secret) {
  return basic_auth(std::move(key), std::move(secret));
}

// Per-call options that replace the default `Accept:
// application/json;version=2`, e.g. with "application/json" for the v1 shape.
inline call_options with_accept(std::string media_type, call_options options = {}) {
  options.headers.set("Accept", std::move(media_type));
  return options;
}

// Client of Fivetran's REST API, connector management:
//
//   plugboard::fivetran::client<> fivetran{plugboard::fivetran::api_key(key, secret)};
//   for (const auto& c : fivetran.connections().list_connections_all()) { ... }
//   fivetran.connections().sync_connection(id);
//
// connections(), metadata() and webhooks() are generated from Fivetran's
// current OpenAPI document (namespace fivetran::api), each in its header:
// plugboard/fivetran/generated/{connections,metadata,webhooks}.hpp;
// connector_management() is the seed SDK's group on the /v1/connectors paths.
//
// Every call answers with Fivetran's envelope: `code` and `message` as sent,
// `data` typed. Failures are api_error with Fivetran's code (e.g.
// "NotFound_Connector") and message.
// The policies of client<> (core/policies.hpp); client<with_retry<backoff_retry>>
// and the like change only what they name.
using default_policies =
    policy_set<http_transport, basic_auth, default_serializer, no_retry, throw_errors>;

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

  // Against https://api.fivetran.com.
  explicit client(auth_type auth) : client(client_options(default_base_url), std::move(auth)) {}

  client(client_options options, auth_type auth, transport_type transport = transport_type(),
         retry_type retry = retry_type(), serializer_type serializer = serializer_type())
      : base(std::move(options), std::move(auth), std::move(transport), std::move(retry),
             std::move(serializer)) {}

  // The `connector_management` resource group; method names are the SDK's.
  class connector_management_api {
   public:
    explicit connector_management_api(core_type& core) noexcept : core_(&core) {}

    // A Connect Card URI for setting the connector up in a browser. Without
    // a config the body is {} (Fivetran's defaults).
    result_type<envelope<connector_connect_card>> connect_card(
        std::string connector_id, std::optional<connect_card_config> config = std::nullopt,
        const call_options& options = {}) {
      endpoints::connect_card call;
      call.connector_id = std::move(connector_id);
      call.body.connect_card_config = std::move(config);
      return core_->call(call, options);
    }

    result_type<envelope<connector>> connector_details(std::string connector_id,
                                                       const call_options& options = {}) {
      return core_->call(endpoints::connector_details{std::move(connector_id)}, options);
    }

    // 201 with the new connector; group_id and service must be set.
    result_type<envelope<connector>> create_connector(new_connector_request body,
                                                      const call_options& options = {}) {
      return core_->call(endpoints::create_connector{std::move(body)}, options);
    }

    // Empty when the server answers 204 instead of 200 {code, message}.
    result_type<std::optional<acknowledgement>> delete_connector(std::string connector_id,
                                                                 const call_options& options = {}) {
      return core_->call(endpoints::delete_connector{std::move(connector_id)}, options);
    }

    // The connector type `service` (e.g. "google_sheets") with the JSON
    // schemas of its config and auth.
    result_type<envelope<fivetran::metadata>> metadata_connector_config(
        std::string service, const call_options& options = {}) {
      endpoints::metadata_connector_config call;
      call.service = std::move(service);
      return core_->call(call, options);
    }

    // One page of connector types: pass the previous page's next_cursor to
    // get the next one. `limit` must be 1..1000.
    result_type<envelope<metadata_page>> metadata_connectors(
        std::optional<std::string> cursor = std::nullopt, std::optional<int> limit = std::nullopt,
        const call_options& options = {}) {
      endpoints::metadata_connectors call;
      call.cursor = std::move(cursor);
      call.limit = limit;
      return core_->call(call, options);
    }

    // Every connector type, page by page, fetched lazily as the range is
    // iterated (at most `limit` per request). The range uses this client,
    // which must outlive it. Whatever the error policy, a failed page throws
    // its typed error from the iteration (try_collect() returns it instead);
    // a bad limit throws usage_error now. A server whose cursors or pages
    // repeat, or that sends more than options.max_pages pages (default
    // 10,000), stops the walk with paging_error.
    paged_range<fivetran::metadata> metadata_connectors_all(std::optional<int> limit = std::nullopt,
                                                            call_options options = {}) {
      endpoints::detail::check_limit(limit);
      walk_options walk{"fivetran metadata_connectors_all",
                        options.max_pages.value_or(default_max_pages)};
      core_type* core = core_;
      return cursor_walk<fivetran::metadata>(
          std::move(walk),
          [core, limit, options = std::move(options)](const std::optional<std::string>& cursor) {
            endpoints::metadata_connectors call;
            call.cursor = cursor;
            call.limit = limit;
            envelope<metadata_page> reply = core->call_or_throw(call, options);
            return cursor_page<fivetran::metadata>{std::move(reply.data.items),
                                                   std::move(reply.data.next_cursor)};
          },
          [](const fivetran::metadata& item) { return item.id; });
    }

    // PATCH: only the fields set in `changes` are sent and changed.
    result_type<envelope<connector>> modify_connector(std::string connector_id,
                                                      update_connector_request changes,
                                                      const call_options& options = {}) {
      return core_->call(endpoints::modify_connector{std::move(connector_id), std::move(changes)},
                         options);
    }

    // A historical re-sync of everything, or of the tables in body.scope.
    // api_error 409 when a running sync cannot be completed first.
    result_type<acknowledgement> resync_connector(std::string connector_id,
                                                  resync_connector_request body = {},
                                                  const call_options& options = {}) {
      return core_->call(endpoints::resync_connector{std::move(connector_id), std::move(body)},
                         options);
    }

    result_type<envelope<connector>> run_setup_tests(std::string connector_id,
                                                     run_setup_tests_request body = {},
                                                     const call_options& options = {}) {
      return core_->call(endpoints::run_setup_tests{std::move(connector_id), std::move(body)},
                         options);
    }

    // Starts a sync; with body.force a running one is restarted.
    result_type<acknowledgement> sync_connector(std::string connector_id,
                                                sync_connector_request body = {},
                                                const call_options& options = {}) {
      return core_->call(endpoints::sync_connector{std::move(connector_id), std::move(body)},
                         options);
    }

   private:
    core_type* core_;
  };

  connector_management_api connector_management() noexcept {
    return connector_management_api(this->core_);
  }

  // /v1/connections and /v1/groups/{group_id}/connections: the current API
  // (plugboard/fivetran/generated/connections.hpp).
  template <class Core = core_type>
  auto connections() noexcept {
    static_assert(plugboard::detail::is_complete<api::connections_group<Core>>::value,
                  "plugboard: connections() needs #include "
                  "<plugboard/fivetran/generated/connections.hpp>");
    return api::connections_group<Core>(this->core_);
  }
  // /v1/metadata/connector-types: the connector types and their config
  // schemas (plugboard/fivetran/generated/metadata.hpp).
  template <class Core = core_type>
  auto metadata() noexcept {
    static_assert(
        plugboard::detail::is_complete<api::metadata_group<Core>>::value,
        "plugboard: metadata() needs #include <plugboard/fivetran/generated/metadata.hpp>");
    return api::metadata_group<Core>(this->core_);
  }
  // /v1/webhooks: account and group webhooks
  // (plugboard/fivetran/generated/webhooks.hpp).
  template <class Core = core_type>
  auto webhooks() noexcept {
    static_assert(
        plugboard::detail::is_complete<api::webhooks_group<Core>>::value,
        "plugboard: webhooks() needs #include <plugboard/fivetran/generated/webhooks.hpp>");
    return api::webhooks_group<Core>(this->core_);
  }
};

}  // namespace plugboard::fivetran
