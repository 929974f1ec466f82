// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/auth/bearer.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/core/result.hpp"
#include "plugboard/core/type_traits.hpp"
#include "plugboard/pipeshub/endpoints.hpp"
#include "plugboard/pipeshub/models.hpp"
#include "plugboard/pipeshub/retry_config.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::pipeshub {

// The groups generated from Pipeshub's OpenAPI document (specs/pipeshub.yaml),
// each in a header of its own (generated/): include the ones you call, so
// that a TU pays only for those.
namespace api {
template <class Core>
class connectors_group;
template <class Core>
class records_group;
}  // namespace api

// The query of the paged listings (list, list_configured, list_active_agents).
// page and limit default to 1 and 20 and are sent, like the SDK; set them to
// nullopt to leave them out. Checked before sending: page >= 1, 1 <= limit <= 200.
struct list_params {
  std::optional<open_enum<connector_scope>> scope;
  std::optional<int> page = 1;
  std::optional<int> limit = 20;
  std::optional<std::string> search;  // matched against the instance name
};

// Client of Pipeshub's connector instances API. The base URL includes
// `/api/v1`, as the SDK's server_url does:
//
//   plugboard::pipeshub::client<> pipeshub{"https://pipeshub.example.com/api/v1",
//                                          plugboard::bearer_auth(token)};
//   for (const auto& c : pipeshub.connector_instances().list_all()) ...
//   pipeshub.connectors().toggle_connector(id, {...});   // generated/connectors.hpp
//
// connector_instances() is the SDK's group (its nine names, both server
// shapes); connectors() and records() are generated from Pipeshub's OpenAPI
// document (namespace pipeshub::api), each in its own header.
//
// The token may also be a callable, invoked before every attempt:
// `plugboard::bearer_auth([&] { return vault.token(); })`. Every call takes a
// last `pipeshub::sdk_call_options`, which a `retry_config` converts to: the
// SDK's per-call `retries=`, on top of the client's Retry policy.
// The policies of client<> (core/policies.hpp); client<with_retry<backoff_retry>>
// and the like change only what they name.
using default_policies =
    policy_set<http_transport, bearer_auth, default_serializer, no_retry, throw_errors>;

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

  // The `connector_instances` resource group.
  class connector_instances_api {
   public:
    explicit connector_instances_api(core_type& core) noexcept : core_(&core) {}

    // One page of the instances the caller can see.
    result_type<connector_list> list(const list_params& params = {},
                                     const sdk_call_options& options = {}) {
      return core_->call(paged<endpoints::list>(params), options);
    }
    result_type<connector_instance> create(create_connector_request request,
                                           const sdk_call_options& options = {}) {
      return core_->call(endpoints::create{std::move(request)}, options);
    }
    // The SDK's required arguments only; the server picks the auth type.
    result_type<connector_instance> create(std::string connector_type, std::string instance_name,
                                           open_enum<connector_scope> scope,
                                           const sdk_call_options& options = {}) {
      create_connector_request request;
      request.connector_type = std::move(connector_type);
      request.instance_name = std::move(instance_name);
      request.scope = std::move(scope);
      return create(std::move(request), options);
    }
    result_type<connector_list> list_active(const sdk_call_options& options = {}) {
      return core_->call(endpoints::list_active{}, options);
    }
    result_type<connector_list> list_inactive(const sdk_call_options& options = {}) {
      return core_->call(endpoints::list_inactive{}, options);
    }
    result_type<connector_list> list_configured(const list_params& params = {},
                                                const sdk_call_options& options = {}) {
      return core_->call(paged<endpoints::list_configured>(params), options);
    }
    result_type<connector_list> list_active_agents(const list_params& params = {},
                                                   const sdk_call_options& options = {}) {
      return core_->call(paged<endpoints::list_active_agents>(params), options);
    }
    result_type<connector_instance> get(std::string connector_id,
                                        const sdk_call_options& options = {}) {
      return core_->call(endpoints::get{std::move(connector_id)}, options);
    }
    // The SDK's `delete` (a C++ keyword).
    result_type<delete_connector_response> delete_(std::string connector_id,
                                                   const sdk_call_options& options = {}) {
      return core_->call(endpoints::delete_{std::move(connector_id)}, options);
    }
    result_type<connector_instance> update_name(std::string connector_id, std::string instance_name,
                                                const sdk_call_options& options = {}) {
      return core_->call(
          endpoints::update_name{std::move(connector_id), {std::move(instance_name)}}, options);
    }

    // Lazy walks over every page, starting at params.page: the next page is
    // requested only when the previous one is used up, and the walk stops
    // when the server says there is no more (hasMore/hasNext false, or the
    // total is reached) or a page comes back empty. Bad params throw
    // usage_error here; a failing page throws its error from the iteration,
    // whatever the Errors policy (try_collect() returns it instead). A server
    // that sends a page twice (it ignores `page`) or more than
    // options.max_pages pages (default 10,000) stops the walk with paging_error.
    paged_range<connector_instance> list_all(const list_params& params = {},
                                             const sdk_call_options& options = {}) {
      return walk("pipeshub list_all", paged<endpoints::list>(params), options);
    }
    paged_range<connector_instance> list_configured_all(const list_params& params = {},
                                                        const sdk_call_options& options = {}) {
      return walk("pipeshub list_configured_all", paged<endpoints::list_configured>(params),
                  options);
    }
    paged_range<connector_instance> list_active_agents_all(const list_params& params = {},
                                                           const sdk_call_options& options = {}) {
      return walk("pipeshub list_active_agents_all", paged<endpoints::list_active_agents>(params),
                  options);
    }

   private:
    template <class E>
    static E paged(const list_params& params) {
      E endpoint;
      endpoint.scope = params.scope;
      endpoint.page = params.page;
      endpoint.limit = params.limit;
      endpoint.search = params.search;
      return endpoint;
    }

    // Whether another page follows `page`, which was fetched with `endpoint`.
    template <class E>
    static bool has_next_page(const E& endpoint, const connector_list& page) {
      if (page.connectors.empty()) return false;
      const auto& info = page.pagination;
      if (info && info->has_more) return *info->has_more;
      const std::optional<int> limit = info && info->limit ? info->limit : endpoint.limit;
      if (!limit || *limit < 1) return false;  // nothing to judge by: one page
      const std::int64_t number = endpoint.page.value_or(1);
      if (info && info->total) return number * *limit < *info->total;
      return page.connectors.size() >= static_cast<std::size_t>(*limit);
    }

    template <class E>
    paged_range<connector_instance> walk(const char* name, E endpoint,
                                         const sdk_call_options& options) {
      endpoint.validate();
      core_type* core = core_;
      const std::int64_t first = endpoint.page.value_or(1);
      return page_walk<connector_instance>(
          walk_options{name, options.max_pages.value_or(default_max_pages)}, first,
          [core, endpoint, options, first](std::int64_t number) {
            E call = endpoint;
            // The first request is sent as given (page left out when unset).
            if (number != first) {
              // Beyond int's range no page can be asked for: the listing ends.
              if (number > std::numeric_limits<int>::max())
                return listing_page<connector_instance>{};
              call.page = static_cast<int>(number);
            }
            connector_list page = core->call_or_throw(call, options);
            const bool more = has_next_page(call, page);
            return listing_page<connector_instance>{std::move(page.connectors), more};
          },
          [](const connector_instance& item) { return item.connector_id; });
    }

    core_type* core_;
  };

  connector_instances_api connector_instances() noexcept {
    return connector_instances_api(this->core_);
  }

  // Every operation under /connectors but the record ones, as the document
  // names them: registry and schemas, instances, config, auth, filters,
  // toggle, stats, reindex/resync, file events, OAuth
  // (plugboard/pipeshub/generated/connectors.hpp).
  template <class Core = core_type>
  auto connectors() noexcept {
    static_assert(
        plugboard::detail::is_complete<api::connectors_group<Core>>::value,
        "plugboard: connectors() needs #include <plugboard/pipeshub/generated/connectors.hpp>");
    return api::connectors_group<Core>(this->core_);
  }
  // Record content, lookup by identifier and knowledge-graph navigation
  // (plugboard/pipeshub/generated/records.hpp).
  template <class Core = core_type>
  auto records() noexcept {
    static_assert(plugboard::detail::is_complete<api::records_group<Core>>::value,
                  "plugboard: records() needs #include <plugboard/pipeshub/generated/records.hpp>");
    return api::records_group<Core>(this->core_);
  }
};

}  // namespace plugboard::pipeshub
