// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <functional>
#include <iterator>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/pipeshub/config.hpp"
#include "plugboard/sandbox/pipeshub/filters.hpp"
#include "plugboard/sandbox/pipeshub/instances.hpp"
#include "plugboard/sandbox/pipeshub/oauth.hpp"
#include "plugboard/sandbox/pipeshub/records.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/pipeshub/sync.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

// An in-memory Pipeshub connector instances API (see
// docs/api/pipeshub.md), mounted so that its base URL includes /api/v1:
//
//   auto& fake = server.mount<pipeshub_fake>("/pipeshub");
//   plugboard::pipeshub::client<> c(server.url("/pipeshub/api/v1"),
//   plugboard::bearer_auth("admin-token"));
//
// Callers are identified by their bearer token (401 for a missing or unknown
// one). Team instances are visible to every caller, personal ones only to
// their creator; creating (or deleting) a team instance needs an admin token
// (403 otherwise). An instance has active, configured, authenticated and
// agent flags; the listings filter on them, search by name and page.
//
// By default it answers like the current pipeshub-ai server (create 200,
// delete 202, instances with _key/name/type, totalCount/hasNext pagination,
// a nested /connectors/configured, errors as Express's
// `application/json; charset=utf-8`); with `shape::sdk` it answers exactly
// as the SDK's spec says (create 201, delete 200, connectorId/instanceName,
// total/hasMore).
//
// Each concern is one header of sandbox/pipeshub/; this is the entry.
class pipeshub_fake : public service {
 public:
  // The fakes' registry entry (sandbox/fakes.hpp): the service it stands
  // for, and the credential variables (as the CLI and the tour read them)
  // that its default settings accept, with how to say so in a banner.
  static constexpr std::string_view service_name = "pipeshub";
  static constexpr std::string_view credentials_help =
      "PIPESHUB_BEARER_AUTH=admin-token (or member-token)";
  static std::vector<std::pair<std::string, std::string>> default_credentials() {
    return {{"PIPESHUB_BEARER_AUTH", "admin-token"}};
  }

  using shape = pipeshub_shape;
  using caller = pipeshub_caller;
  using settings = pipeshub_settings;
  // One connector instance as the fake stores it.
  using instance = pipeshub_instance;
  // A record: what a sync or a file event brought in.
  using record = pipeshub_record;

  pipeshub_fake() : pipeshub_fake(settings{}) {}
  explicit pipeshub_fake(settings s)
      : state_(std::move(s)),
        instances_(state_),
        config_(state_),
        oauth_(state_),
        filters_(state_),
        sync_(state_),
        records_(state_) {
    if (state_.settings.seed) state_.seed();
  }

  void install(router& routes) override {
    // The instance routes last: their GET /connectors/{connector_id} would
    // match the literal /connectors/navigate of the record routes.
    records_.install(routes);
    oauth_.install(routes);
    sync_.install(routes);
    config_.install(routes);
    filters_.install(routes);
    instances_.install(routes);
    routes.on_not_found(
        [this](const incoming&) { return state_.error_reply(404, "Route not found"); });
  }

  // ---- state, for tests ------------------------------------------------------

  // Adds an instance as it is (an empty id gets a fresh one); returns its id.
  std::string add(instance i) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    if (i.id.empty()) i.id = state_.next_id();
    if (i.created_ms == 0) i.created_ms = i.updated_ms = state_.tick();
    state_.instances.push_back(i);
    return i.id;
  }
  // Changes a stored instance (e.g. its flags); false for an unknown id.
  bool modify(const std::string& id, const std::function<void(instance&)>& change) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    instance* found = state_.find(id);
    if (found == nullptr) return false;
    change(*found);
    return true;
  }
  std::optional<instance> lookup(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    for (const auto& i : state_.instances) {
      if (i.id == id) return i;
    }
    return std::nullopt;
  }
  std::vector<record> records_of(const std::string& connector_id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    std::vector<record> out;
    for (const auto& r : state_.records) {
      if (r.connector_id == connector_id) out.push_back(r);
    }
    return out;
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.instances.size();
  }
  void set_shape(shape s) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.responses = s;
  }

  // Preloads state from JSON (plugboard-sandbox --seed):
  //   {"replace": true,                       drop the built-in instances first
  //    "instances": [{"type": "confluence", "name": "Wiki", "scope": "team",
  //                   "created_by": "user-admin", "auth_type": "API_TOKEN",
  //                   "is_active": true, "is_configured": true, "is_authenticated": true,
  //                   "is_agent_active": false, "config": {...}, "id": "..."}]}
  // Only type and name are required; created_by defaults to the first caller.
  // Throws std::invalid_argument for a key it does not know.
  void seed(const nlohmann::json& state) {
    if (!state.is_object()) throw std::invalid_argument("must be a JSON object");
    for (auto it = state.begin(); it != state.end(); ++it) {
      if (it.key() != "replace" && it.key() != "instances") {
        throw std::invalid_argument("unknown key '" + it.key() + "'");
      }
    }
    std::lock_guard<std::mutex> lock(state_.mutex);
    if (state.value("replace", false)) state_.instances.clear();
    for (const auto& fields : state.value("instances", nlohmann::json::array())) {
      if (!fields.is_object()) throw std::invalid_argument("every instance must be an object");
      for (auto it = fields.begin(); it != fields.end(); ++it) {
        static const char* const known[] = {"id",
                                            "type",
                                            "name",
                                            "scope",
                                            "created_by",
                                            "auth_type",
                                            "is_active",
                                            "is_configured",
                                            "is_authenticated",
                                            "is_agent_active",
                                            "config",
                                            "base_url"};
        if (std::find(std::begin(known), std::end(known), it.key()) == std::end(known)) {
          throw std::invalid_argument("unknown instance key '" + it.key() + "'");
        }
      }
      if (!fields.contains("type") || !fields.contains("name")) {
        throw std::invalid_argument("every instance needs a type and a name");
      }
      instance i;
      i.id = fields.value("id", std::string());
      if (i.id.empty()) i.id = state_.next_id();
      i.type = fields["type"].get<std::string>();
      i.name = fields["name"].get<std::string>();
      i.scope = fields.value("scope", std::string("personal"));
      i.created_by = fields.value("created_by", state_.settings.callers.empty()
                                                    ? std::string("user-admin")
                                                    : state_.settings.callers[0].user_id);
      i.updated_by = i.created_by;
      i.auth_type = fields.value("auth_type", std::string("API_TOKEN"));
      i.is_active = fields.value("is_active", false);
      i.is_configured = fields.value("is_configured", false);
      i.is_authenticated = fields.value("is_authenticated", i.is_configured);
      i.is_agent_active = fields.value("is_agent_active", false);
      i.config = fields.value("config", nlohmann::json::object());
      i.base_url = fields.value("base_url", std::string());
      i.created_ms = i.updated_ms = state_.tick();
      state_.instances.push_back(std::move(i));
    }
  }

 private:
  detail::pipeshub::state state_;
  detail::pipeshub::instance_routes instances_;
  detail::pipeshub::config_routes config_;
  detail::pipeshub::oauth_routes oauth_;
  detail::pipeshub::filter_routes filters_;
  detail::pipeshub::sync_routes sync_;
  detail::pipeshub::record_routes records_;
};

}  // namespace plugboard::sandbox
