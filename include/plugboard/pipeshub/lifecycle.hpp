// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/pipeshub/generated/connectors.hpp"
#include "plugboard/serializer/json.hpp"

// The life of a connector instance as a user runs it, on top of the
// generated `connectors` group:
//
//   registry -> schema -> create -> auth config [-> OAuth] -> filters
//            -> sync on -> stats -> resync -> delete
//
//   plugboard::pipeshub::connector_lifecycle life(client);
//   const std::string id = life.set_up(setup);   // registry .. sync on
//   auto stats = life.stats(id);
//   life.resync(id, "CONFLUENCE");
//   life.remove(id);
//
// When the server refuses a call because an earlier step was skipped (e.g.
// sync on before the auth config), the call throws step_skipped: an
// api_error that also names the step attempted and the step missing.

namespace plugboard::pipeshub {

enum class lifecycle_step {
  registry,     // GET /connectors/registry
  schema,       // GET /connectors/registry/{type}/schema
  create,       // POST /connectors
  auth_config,  // PUT /connectors/{id}/config/auth
  oauth,        // GET /connectors/{id}/oauth/authorize, then the callback
  filters,      // POST /connectors/{id}/filters
  sync_on,      // POST /connectors/{id}/toggle {"type":"sync"}
  stats,        // GET /connectors/{id}/stats
  resync,       // POST /connectors/{id}/resync
  remove,       // DELETE /connectors/{id}
};

constexpr std::string_view to_string(lifecycle_step step) noexcept {
  switch (step) {
    case lifecycle_step::registry: return "registry";
    case lifecycle_step::schema: return "schema";
    case lifecycle_step::create: return "create";
    case lifecycle_step::auth_config: return "auth config";
    case lifecycle_step::oauth: return "OAuth authorization";
    case lifecycle_step::filters: return "filters";
    case lifecycle_step::sync_on: return "sync on";
    case lifecycle_step::stats: return "stats";
    case lifecycle_step::resync: return "resync";
    case lifecycle_step::remove: return "delete";
  }
  return "registry";
}

// The earlier step a refusal says is missing, or nullopt when it says
// something else. The document lists the toggle's reasons ("Connector not
// configured", "OAuth not authenticated"); the wording of the others is the
// sandbox's (UNCONFIRMED against a real server).
inline std::optional<lifecycle_step> missing_step_of(const api_error& refusal) {
  if (refusal.status() != 400 && refusal.status() != 409) return std::nullopt;
  const std::string& text =
      refusal.service_message().empty() ? refusal.body() : refusal.service_message();
  const auto says = [&](std::string_view words) { return text.find(words) != std::string::npos; };
  if (says("not configured") && !says("filters")) return lifecycle_step::auth_config;
  if (says("OAuth is not configured")) return lifecycle_step::auth_config;
  if (says("OAuth not authenticated")) return lifecycle_step::oauth;
  if (says("filters not configured")) return lifecycle_step::filters;
  if (says("Sync is disabled")) return lifecycle_step::sync_on;
  return std::nullopt;
}

// A call refused because an earlier step of the lifecycle was skipped.
class step_skipped : public api_error {
 public:
  step_skipped(const api_error& refusal, lifecycle_step attempted, lifecycle_step missing)
      : api_error(refusal), attempted_(attempted), missing_(missing) {
    std::string m = "plugboard: pipeshub refused '";
    m.append(to_string(attempted)).append("': the '").append(to_string(missing));
    m.append("' step must come first (").append(api_error::what()).append(")");
    set_message(m);
  }

  lifecycle_step attempted() const noexcept { return attempted_; }
  lifecycle_step missing() const noexcept { return missing_; }

 private:
  lifecycle_step attempted_;
  lifecycle_step missing_;
};

// What set_up() needs: the instance, its auth values and its filters.
struct connector_setup {
  std::string connector_type;  // a registry type, e.g. "confluence"
  std::string instance_name;
  open_enum<api::connector_scope> scope = api::connector_scope::personal;
  open_enum<api::auth_type> auth_type;  // empty: the server picks
  api::connector_auth_config auth;      // the auth config step's values
  // Saved filters, {category: {name: {operator, value}}}; null skips the step.
  json filters;
};

// Client: a pipeshub::client<...> whose calls throw (the default Errors policy).
template <class Client>
class connector_lifecycle {
  static_assert(std::is_same_v<typename Client::template result_type<int>, int>,
                "plugboard: connector_lifecycle needs a client whose calls throw (throw_errors)");

 public:
  explicit connector_lifecycle(Client& client) noexcept : client_(&client) {}

  // The registry's entry of `type`, looked up page by page (at most
  // max_pages); usage_error when the registry does not have it.
  api::connector_registry_entry find_type(const std::string& type, int max_pages = 50) {
    for (int page = 1; page <= max_pages; ++page) {
      const auto listing = step(lifecycle_step::registry, [&] {
        return group().get_connector_registry(std::nullopt, page, 200);
      });
      if (listing.connectors) {
        for (const auto& entry : *listing.connectors) {
          if (entry.connector_type == type) return entry;
        }
      }
      if (!listing.pagination || !listing.pagination->has_more.value_or(false)) break;
    }
    throw usage_error("connector_type", "'" + type + "' is not in the registry");
  }

  api::connector_schema schema(const std::string& type) {
    auto answer = step(lifecycle_step::schema, [&] { return group().get_connector_schema(type); });
    return answer.schema.value_or(api::connector_schema{});
  }

  // The new instance's id.
  std::string create(const connector_setup& setup) {
    api::create_connector_request request;
    request.connector_type = setup.connector_type;
    request.instance_name = setup.instance_name;
    request.scope = setup.scope;
    request.auth_type = setup.auth_type;
    const auto answer =
        step(lifecycle_step::create, [&] { return group().create_connector_instance(request); });
    std::string id;
    if (answer.connector) id = answer.connector->connector_id.value_or("");
    if (id.empty()) {
      throw decode_error("pipeshub create answered without connector.connectorId");
    }
    return id;
  }

  void configure_auth(const std::string& id, const api::connector_auth_config& auth) {
    api::update_connector_auth_request request;
    request.auth = auth;
    step(lifecycle_step::auth_config,
         [&] { return group().update_connector_auth_config(id, request); });
  }

  // The provider's consent page; the browser's callback then authenticates.
  std::string authorization_url(const std::string& id,
                                std::optional<std::string> base_url = std::nullopt) {
    const auto answer = step(lifecycle_step::oauth, [&] {
      return group().get_oauth_authorization_url(id, std::move(base_url));
    });
    return answer.authorization_url.value_or("");
  }

  void save_filters(const std::string& id, json filters) {
    api::save_connector_filters_request request;
    request.filters = std::move(filters);
    step(lifecycle_step::filters, [&] { return group().save_connector_filters(id, request); });
  }

  // Turns sync on (toggle flips it, so an instance already syncing is left as it is).
  void enable_sync(const std::string& id) {
    const auto current =
        step(lifecycle_step::sync_on, [&] { return group().get_connector_instance(id); });
    if (current.connector && current.connector->is_active.value_or(false)) return;
    api::connector_toggle_request request;
    request.type = api::toggle_type::sync;
    step(lifecycle_step::sync_on, [&] { return group().toggle_connector(id, request); });
  }

  api::connector_stats stats(const std::string& id) {
    return step(lifecycle_step::stats, [&] { return group().get_connector_stats(id); });
  }

  api::resync_connector_response resync(const std::string& id, std::string connector_name,
                                        bool full_sync = false) {
    api::resync_connector_request_body request;
    request.connector_name = std::move(connector_name);
    request.full_sync = full_sync;
    return step(lifecycle_step::resync, [&] { return group().resync_connector(id, request); });
  }

  void remove(const std::string& id) {
    step(lifecycle_step::remove, [&] { return group().delete_connector_instance(id); });
  }

  // registry -> schema -> create -> auth config -> filters -> sync on; the
  // new instance's id. An OAuth instance cannot sync before its user
  // consents: set_up() then stops with step_skipped (missing: oauth) after
  // the filters, and the instance stays for enable_sync() after consent.
  std::string set_up(const connector_setup& setup) {
    find_type(setup.connector_type);
    schema(setup.connector_type);
    const std::string id = create(setup);
    configure_auth(id, setup.auth);
    if (!setup.filters.is_null()) save_filters(id, setup.filters);
    enable_sync(id);
    return id;
  }

 private:
  auto group() { return client_->connectors(); }

  // Calls `call`; a refusal that names an earlier step becomes step_skipped.
  template <class Call>
  auto step(lifecycle_step attempted, Call&& call) -> decltype(call()) {
    try {
      return call();
    } catch (const step_skipped&) {
      throw;
    } catch (const api_error& refusal) {
      if (const auto missing = missing_step_of(refusal)) {
        throw step_skipped(refusal, attempted, *missing);
      }
      throw;
    }
  }

  Client* client_;
};

}  // namespace plugboard::pipeshub
