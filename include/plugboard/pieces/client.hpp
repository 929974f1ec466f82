// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/pieces/endpoints.hpp"
#include "plugboard/pieces/models.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::pieces {

// Where Pieces OS listens by default (both official SDKs).
inline constexpr std::string_view default_base_url = "http://localhost:1000";

// The optional `X-Application-ID` header (the spec's `application` API key).
// An empty id sends no header; it is never sent on /connect.
inline api_key_header application_id(std::string id) {
  return api_key_header("X-Application-ID", std::move(id));
}

// Client of the Pieces OS connector API:
//
//   plugboard::pieces::client<> pieces;  // http://localhost:1000
//   auto api = pieces.connector();
//   const auto ctx = api.connect(seeded_connector_connection{{application_name_enum::open_source,
//                                                              "1.0.0", platform_enum::linux_}});
//   auto app = api.for_application(ctx);  // binds ctx.application.id
//   const auto s = app.suggest(seeded_connector_creation{seeded_connector_asset::from_code(c,
//   "py")});
//
// Every call except connect() names the application id that connect()
// returned; for_application() binds it once. Bodies are std::optional: an
// empty one sends no body, as the official clients do.
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

  explicit client(client_options options = client_options(std::string(default_base_url)),
                  auth_type auth = auth_type(), transport_type transport = transport_type(),
                  retry_type retry = retry_type(), serializer_type serializer = serializer_type())
      : base(std::move(options), std::move(auth), std::move(transport), std::move(retry),
             std::move(serializer)) {}

  // The connector API bound to one application id: the five calls that need
  // it, without repeating it. A view: it must not outlive its client.
  class application_connector {
   public:
    application_connector(core_type& core, std::string application)
        : core_(&core), application_(std::move(application)) {}

    const std::string& application() const noexcept { return application_; }

    result_type<std::string> intention(std::optional<seeded_connector_asset> asset = std::nullopt,
                                       const call_options& options = {}) {
      return core_->call(endpoints::intention{application_, std::move(asset)}, options);
    }
    result_type<std::string> onboarded(std::optional<bool> is_onboarded = std::nullopt,
                                       const call_options& options = {}) {
      return core_->call(endpoints::onboarded{application_, is_onboarded}, options);
    }
    result_type<std::string> react(std::optional<pieces::reaction> reaction = std::nullopt,
                                   const call_options& options = {}) {
      return core_->call(endpoints::react{application_, std::move(reaction)}, options);
    }
    result_type<pieces::suggestion> suggest(
        std::optional<seeded_connector_creation> creation = std::nullopt,
        const call_options& options = {}) {
      return core_->call(endpoints::suggest{application_, std::move(creation)}, options);
    }
    result_type<std::string> track(std::optional<seeded_connector_tracking> tracking = std::nullopt,
                                   const call_options& options = {}) {
      return core_->call(endpoints::track{application_, std::move(tracking)}, options);
    }

   private:
    core_type* core_;
    std::string application_;
  };

  // The `connector` resource group (ConnectorApi), with the SDK's names.
  class connector_api {
   public:
    explicit connector_api(core_type& core) noexcept : core_(&core) {}

    // Registers the integration; the result's application.id is the
    // {application} of the other calls. Without X-Application-ID.
    result_type<context> connect(
        std::optional<seeded_connector_connection> connection = std::nullopt,
        const call_options& options = {}) {
      return core_->call(endpoints::connect{std::move(connection)}, options);
    }
    result_type<std::string> intention(std::string application,
                                       std::optional<seeded_connector_asset> asset = std::nullopt,
                                       const call_options& options = {}) {
      return core_->call(endpoints::intention{std::move(application), std::move(asset)}, options);
    }
    // Sends a bare JSON `true`/`false`; "OK".
    result_type<std::string> onboarded(std::string application,
                                       std::optional<bool> is_onboarded = std::nullopt,
                                       const call_options& options = {}) {
      return core_->call(endpoints::onboarded{std::move(application), is_onboarded}, options);
    }
    // The saved asset's uid when reaction.save is set, otherwise "OK".
    result_type<std::string> react(std::string application,
                                   std::optional<pieces::reaction> reaction = std::nullopt,
                                   const call_options& options = {}) {
      return core_->call(endpoints::react{std::move(application), std::move(reaction)}, options);
    }
    result_type<pieces::suggestion> suggest(
        std::string application, std::optional<seeded_connector_creation> creation = std::nullopt,
        const call_options& options = {}) {
      return core_->call(endpoints::suggest{std::move(application), std::move(creation)}, options);
    }
    // "OK". Build the body with tracking::session() or tracking::format().
    result_type<std::string> track(std::string application,
                                   std::optional<seeded_connector_tracking> tracking = std::nullopt,
                                   const call_options& options = {}) {
      return core_->call(endpoints::track{std::move(application), std::move(tracking)}, options);
    }

    // The five per-application calls bound to `application` (checked when a
    // call is made: an empty id is a usage_error then).
    application_connector for_application(std::string application) const {
      return application_connector(*core_, std::move(application));
    }
    // Bound to the application a connect() registered.
    application_connector for_application(const context& connected) const {
      return application_connector(*core_, connected.application.id);
    }

   private:
    core_type* core_;
  };

  connector_api connector() noexcept { return connector_api(this->core_); }
};

}  // namespace plugboard::pieces
