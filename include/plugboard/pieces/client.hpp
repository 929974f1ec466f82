// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/pieces/discovery.hpp"
#include "plugboard/pieces/endpoints.hpp"
#include "plugboard/pieces/models.hpp"
#include "plugboard/pieces/version.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::pieces {

// Where Pieces OS 5.x listens when port 39300 was free (the official Python
// client's address before it scans). It may be another port of
// 39300-39333: discover() finds it (pieces/discovery.hpp).
inline constexpr std::string_view default_base_url = "http://127.0.0.1:39300";
// Where releases before 5.x listened (the 4.x SDKs' default).
inline constexpr std::string_view legacy_base_url = "http://localhost:1000";

// The optional `X-Application-ID` header (the spec's `application` API key).
// An empty id sends no header; it is never sent on /connect or the
// well-known calls.
inline api_key_header application_id(std::string id) {
  return api_key_header("X-Application-ID", std::move(id));
}

namespace detail {

// The server version a client knows, shared by its copies and read by every
// call that the version may lack.
class known_version {
 public:
  std::optional<std::string> get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return version_;
  }
  void set(std::optional<std::string> version) {
    std::lock_guard<std::mutex> lock(mutex_);
    version_ = std::move(version);
  }

 private:
  mutable std::mutex mutex_;
  std::optional<std::string> version_;
};

}  // namespace detail

// Client of the Pieces OS API: the connector calls, the well-known calls and
// the applications calls.
//
//   pieces::client<> pieces(pieces::discover());  // finds Pieces OS, knows its version
//   auto api = pieces.connector();
//   const auto ctx = api.connect(seeded_connector_connection{{application_name_enum::open_source,
//                                                              "1.0.0", platform_enum::linux_}});
//   auto app = api.for_application(ctx);  // binds ctx.application.id
//   const auto s = app.suggest(seeded_connector_creation{seeded_connector_asset::from_code(c,
//   "py")});
//
// Every connector call except connect() names the application id that
// connect() returned; for_application() binds it once. Bodies are
// std::optional: an empty one sends no body, as the official clients do.
//
// Version awareness: when the client knows the server's version (from
// discover(), set_server_version(), or well_known().get_well_known_version()),
// a call that version no longer has (track on 5.x) throws usage_error, or
// returns it under return_errors, before anything is sent. Without a known
// version every call is sent.
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

  // The Pieces OS that discover() found: its URL, and its version when it said.
  explicit client(const discovered& found, auth_type auth = auth_type(),
                  transport_type transport = transport_type(), retry_type retry = retry_type(),
                  serializer_type serializer = serializer_type())
      : client(client_options(found.url), std::move(auth), std::move(transport), std::move(retry),
               std::move(serializer)) {
    set_server_version(found.version);
  }

  // The server's version as this client knows it ("5.0.3"), or nullopt.
  // Copies of a client share it.
  std::optional<std::string> server_version() const { return version_->get(); }
  // Tells the client which version it talks to (nullopt: unknown, every call
  // is sent). Safe while other threads make calls.
  void set_server_version(std::optional<std::string> version) { version_->set(std::move(version)); }

  // The connector API bound to one application id: the five calls that need
  // it, without repeating it. A view: it must not outlive its client.
  class application_connector {
   public:
    application_connector(core_type& core, std::string application,
                          const detail::known_version* version = nullptr)
        : core_(&core), application_(std::move(application)), version_(version) {}

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
    // Not on Pieces OS 5.x: refused before sending when the client knows so.
    result_type<std::string> track(std::optional<seeded_connector_tracking> tracking = std::nullopt,
                                   const call_options& options = {}) {
      return guarded_call(*core_, version_, endpoints::track{application_, std::move(tracking)},
                          options);
    }

   private:
    core_type* core_;
    std::string application_;
    const detail::known_version* version_;
  };

  // The `connector` resource group (ConnectorApi), with the SDK's names.
  class connector_api {
   public:
    explicit connector_api(core_type& core, const detail::known_version* version = nullptr) noexcept
        : core_(&core), version_(version) {}

    // Registers the integration; the result's application.id is the
    // {application} of the other calls. Without X-Application-ID. With no
    // connection, no body is sent (the server decides whether it accepts that).
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
    // Pieces OS 5.x has no track: when the client knows the server is 5.x,
    // this is a usage_error and nothing is sent.
    result_type<std::string> track(std::string application,
                                   std::optional<seeded_connector_tracking> tracking = std::nullopt,
                                   const call_options& options = {}) {
      return guarded_call(*core_, version_,
                          endpoints::track{std::move(application), std::move(tracking)}, options);
    }

    // The five per-application calls bound to `application` (checked when a
    // call is made: an empty id is a usage_error then).
    application_connector for_application(std::string application) const {
      return application_connector(*core_, std::move(application), version_);
    }
    // Bound to the application a connect() registered.
    application_connector for_application(const context& connected) const {
      return application_connector(*core_, connected.application.id, version_);
    }

   private:
    core_type* core_;
    const detail::known_version* version_;
  };

  // The `well_known` resource group (WellKnownApi): GET, plain text, no auth.
  class well_known_api {
   public:
    well_known_api(core_type& core, detail::known_version& version) noexcept
        : core_(&core), version_(&version) {}

    // The server's health text; a 200 means it is up.
    result_type<std::string> get_well_known_health(const call_options& options = {}) {
      return core_->call(endpoints::get_well_known_health{}, options);
    }
    // The server's version ("5.0.3"); the client remembers it (server_version()).
    result_type<std::string> get_well_known_version(const call_options& options = {}) {
      return core_->template under_error_policy<std::string>([&] {
        std::string version = detail::version_text(
            core_->call_or_throw(endpoints::get_well_known_version{}, options));
        version_->set(version.empty() ? std::nullopt : std::optional<std::string>(version));
        return version;
      });
    }

   private:
    core_type* core_;
    detail::known_version* version_;
  };

  // The `applications` resource group (ApplicationsApi): how a tool shows in
  // Pieces as a connected application.
  //
  //   const auto ctx = os.connector().connect(connection);
  //   os.applications().applications_register(ctx.application);
  //   const auto s = os.applications().applications_session_open();
  //   ...                                   // the tool is in use
  //   os.applications().applications_session_close(s.id);
  class applications_api {
   public:
    explicit applications_api(core_type& core) noexcept : core_(&core) {}

    // Registers `application` (e.g. the one connect() returned); the answer is
    // the Application as Pieces OS keeps it.
    result_type<pieces::application> applications_register(
        std::optional<pieces::application> application, const call_options& options = {}) {
      return core_->call(endpoints::applications_register{std::move(application)}, options);
    }
    // Opens a session; its id closes it.
    result_type<session> applications_session_open(const call_options& options = {}) {
      return core_->call(endpoints::applications_session_open{}, options);
    }
    // Closes the session `session_id`; the answer has `closed` set.
    result_type<session> applications_session_close(std::string session_id,
                                                    const call_options& options = {}) {
      return core_->call(endpoints::applications_session_close{std::move(session_id)}, options);
    }

   private:
    core_type* core_;
  };

  connector_api connector() noexcept { return connector_api(this->core_, version_.get()); }
  well_known_api well_known() noexcept { return well_known_api(this->core_, *version_); }
  applications_api applications() noexcept { return applications_api(this->core_); }

 private:
  // The call, or the usage_error of detail::check_available under the
  // client's error policy when the known version lacks the operation.
  template <class E>
  static result_type<typename E::result> guarded_call(core_type& core,
                                                      const detail::known_version* version,
                                                      const E& endpoint,
                                                      const call_options& options) {
    return core.template under_error_policy<typename E::result>([&] {
      if (version != nullptr) {
        detail::check_available(endpoint_traits<E>::operation, version->get());
      }
      return core.call_or_throw(endpoint, options);
    });
  }

  std::shared_ptr<detail::known_version> version_ = std::make_shared<detail::known_version>();
};

}  // namespace plugboard::pieces
