// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran/certificates.hpp"
#include "plugboard/sandbox/fivetran/connections.hpp"
#include "plugboard/sandbox/fivetran/metadata.hpp"
#include "plugboard/sandbox/fivetran/schema_routes.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/fivetran/webhooks.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

// An in-memory Fivetran API (see docs/api/fivetran.md), mounted e.g. at
// "/fivetran": the old /v1/connectors routes as they always were, and the
// current document's (fivetran-openapi.json) connections, schema config,
// connection state, certificates and fingerprints, connector types and
// webhooks, over the same connections. Each concern is one header of
// sandbox/fivetran/; this is the entry.
//
// - Every request needs HTTP Basic with the configured key and secret (401
//   otherwise) and an Accept the API can serve: none, */*, application/*,
//   application/json, optionally with version=1 or 2 (406 otherwise).
//   POST and PATCH need Content-Type application/json (415); a body of
//   `null` or nothing counts as {} (the Python SDK sends null).
// - A documented operation's request body is checked against the document's
//   schema (400 InvalidInput naming the JSON pointer), and so is every reply
//   the fake sends (500 SandboxContractViolation: a fake bug fails loudly);
//   settings turn either off (sandbox/fivetran/contract_checks.hpp).
// - Listings page by `limit` (1..1000, default 100) and an opaque `cursor`,
//   the next one in `next_cursor` (or another key).
// - Ids are deterministic; timestamps come from a logical clock that moves
//   one minute on from 2026-01-01 at every change.
//
// The 401/406/415/400/409 codes are the fake's own; Fivetran documents the
// statuses but not every code.
class fivetran_fake : public service {
 public:
  // The fakes' registry entry (sandbox/fakes.hpp): the service it stands
  // for, and the credential variables (as the CLI and the tour read them)
  // that its default settings accept, with how to say so in a banner.
  static constexpr std::string_view service_name = "fivetran";
  static constexpr std::string_view credentials_help =
      "FIVETRAN_API_KEY=sandbox-api-key FIVETRAN_API_SECRET=sandbox-api-secret";
  static std::vector<std::pair<std::string, std::string>> default_credentials() {
    return {{"FIVETRAN_API_KEY", "sandbox-api-key"}, {"FIVETRAN_API_SECRET", "sandbox-api-secret"}};
  }

  using settings = fivetran_settings;
  using cursor_end = fivetran_cursor_end;
  using webhook_delivery = fivetran_webhook_delivery;

  fivetran_fake() : fivetran_fake(settings{}) {}
  explicit fivetran_fake(settings s)
      : state_(std::move(s)),
        connections_(state_),
        certificates_(state_),
        schemas_(state_),
        webhooks_(state_),
        metadata_(state_) {
    detail::fivetran::seed_metadata(state_.metadata);
  }

  // A 429 fault with Fivetran's body, for server::inject.
  static fault too_many_requests(std::string retry_after = "60") {
    fault f = fault::http_status(429, std::move(retry_after));
    f.body = R"({"code":"TooManyRequests","message":"Rate limit exceeded, retry later"})";
    return f;
  }

  void install(router& routes) override {
    metadata_.install(routes);
    connections_.install(routes);
    certificates_.install(routes);
    schemas_.install(routes);
    webhooks_.install(routes);
  }

  // ---- state, for tests ------------------------------------------------------

  void add_group(std::string id) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.groups.insert(std::move(id));
  }
  // Adds a connector as it would be after create (with any id, e.g. one that
  // needs encoding); `fields` override the defaults. Returns the id.
  std::string add_connector(std::string id, std::string service_id, nlohmann::json fields = {}) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto& groups = state_.settings.groups;
    auto c = state_.make_connection(id, groups.empty() ? std::string() : groups.front(),
                                    std::move(service_id), "sandbox_schema", /*captured=*/true);
    if (fields.is_object()) c.record.update(fields);
    state_.connections[id] = std::move(c);
    return id;
  }
  // The connector as connector_details would show it, or nullopt.
  std::optional<nlohmann::json> connector(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return std::nullopt;
    return state::view(it->second);
  }
  // The auth object stored by create or modify (never returned by the API).
  std::optional<nlohmann::json> stored_auth(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return std::nullopt;
    return it->second.auth;
  }
  // The unmasked config, as the fake stores it.
  std::optional<nlohmann::json> stored_config(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return std::nullopt;
    return it->second.record["config"];
  }
  // How many syncs (and re-syncs) were started, restarts included.
  int syncs_started(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    return it == state_.connections.end() ? 0 : it->second.syncs_started;
  }
  // The scope of the last resync (null for the whole connector), or nullopt.
  std::optional<nlohmann::json> last_resync_scope(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return std::nullopt;
    return it->second.last_resync_scope;
  }
  // Ends a running sync: back to scheduled (or paused), succeeded_at or failed_at set.
  void finish_sync(const std::string& id, bool succeeded = true) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return;
    state_.finish_sync(it->second, succeeded);
  }
  std::size_t connector_count() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.connections.size();
  }
  std::size_t metadata_count() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.metadata.size();
  }
  void set_cursor_style(std::string key, cursor_end last_page) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.cursor_key = std::move(key);
    state_.settings.last_page = last_page;
  }

  // Preloads state from JSON (plugboard-sandbox --seed):
  //   {"replace": true,                        drop the connectors (not the groups) first
  //    "groups": ["projected_sickle"],
  //    "connectors": [{"id": "my_sheets", "service": "google_sheets", "group_id": ...,
  //                    any other connector field}]}
  // A connector without an id gets a fresh one, without a group_id the first
  // group. Throws std::invalid_argument for a key it does not know.
  void seed(const nlohmann::json& seed_state) {
    if (!seed_state.is_object()) throw std::invalid_argument("must be a JSON object");
    for (auto it = seed_state.begin(); it != seed_state.end(); ++it) {
      if (it.key() != "replace" && it.key() != "groups" && it.key() != "connectors") {
        throw std::invalid_argument("unknown key '" + it.key() + "'");
      }
    }
    std::lock_guard<std::mutex> lock(state_.mutex);
    if (seed_state.value("replace", false)) state_.connections.clear();
    for (const auto& group : seed_state.value("groups", nlohmann::json::array())) {
      if (!group.is_string()) throw std::invalid_argument("groups must be strings");
      state_.groups.insert(group.get<std::string>());
    }
    for (const auto& fields : seed_state.value("connectors", nlohmann::json::array())) {
      if (!fields.is_object() || !fields.contains("service") || !fields["service"].is_string()) {
        throw std::invalid_argument("every connector needs a service string");
      }
      const std::string id =
          fields.contains("id") ? fields["id"].get<std::string>() : state_.next_connection_id();
      std::string group = fields.value("group_id", std::string());
      if (group.empty() && !state_.groups.empty()) group = *state_.groups.begin();
      auto c = state_.make_connection(id, std::move(group), fields["service"].get<std::string>(),
                                      fields.value("schema", std::string("sandbox_schema")),
                                      /*captured=*/true);
      c.record.update(fields);
      c.record["id"] = id;
      state_.connections[id] = std::move(c);
    }
  }

  // ---- /v1/connections, for tests -------------------------------------------

  // The connection as connection_details shows it, or nullopt.
  std::optional<nlohmann::json> connection(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return std::nullopt;
    return state::view_v1(it->second);
  }
  // Marks the connection's syncs to end failed (failed_at) or not.
  void set_syncs_fail(const std::string& id, bool fail = true) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    if (const auto it = state_.connections.find(id); it != state_.connections.end()) {
      it->second.syncs_fail = fail;
    }
  }
  // The connection state written through the API, or nullopt.
  std::optional<nlohmann::json> connection_state(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return std::nullopt;
    return it->second.sdk_state;
  }
  // Adds a table to the connection's source, for a schema reload to find;
  // the first column is the primary key. False when there is no connection.
  bool add_source_table(const std::string& id, const std::string& schema, const std::string& table,
                        const std::vector<std::string>& columns) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return false;
    auto& source = it->second.catalog[schema][table];
    source.columns.clear();
    for (const auto& name : columns) source.columns.push_back({name, source.columns.empty()});
    return true;
  }
  // "schema.table.column" of each column marked to be dropped at the next sync.
  std::vector<std::string> columns_to_drop(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    std::vector<std::string> out;
    const auto it = state_.connections.find(id);
    if (it == state_.connections.end()) return out;
    for (const auto& schema : it->second.schema.schemas) {
      for (const auto& table : schema.second.tables) {
        for (const auto& column : table.second.columns) {
          if (!column.second.drop_pending) continue;
          std::string name = schema.first;
          out.push_back(name.append(".").append(table.first).append(".").append(column.first));
        }
      }
    }
    return out;
  }
  // Every webhook test delivery so far, in order.
  std::vector<webhook_delivery> deliveries() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.deliveries;
  }
  std::size_t webhook_count() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.webhooks.size();
  }
  // The secret a webhook was given (the API shows "******"), or nullopt.
  std::optional<std::string> webhook_secret(const std::string& id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.webhooks.find(id);
    if (it == state_.webhooks.end() || !it->second.contains("secret")) return std::nullopt;
    return it->second["secret"].get<std::string>();
  }

 private:
  using state = detail::fivetran::state;

  state state_;
  detail::fivetran::connection_routes connections_;
  detail::fivetran::certificate_routes certificates_;
  detail::fivetran::schema_routes schemas_;
  detail::fivetran::webhook_routes webhooks_;
  detail::fivetran::metadata_routes metadata_;
};

}  // namespace plugboard::sandbox
