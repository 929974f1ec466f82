// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/agents.hpp"
#include "plugboard/sandbox/fortisoar/auth.hpp"
#include "plugboard/sandbox/fortisoar/configurations.hpp"
#include "plugboard/sandbox/fortisoar/connectors.hpp"
#include "plugboard/sandbox/fortisoar/dev_workspace.hpp"
#include "plugboard/sandbox/fortisoar/fixtures.hpp"
#include "plugboard/sandbox/fortisoar/imports.hpp"
#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

// An in-memory FortiSOAR connector management API (see
// docs/api/fortisoar.md), seeded with the connectors of pyfsr's test
// fixtures and real captures:
//
// - installed connectors (paged list, detail by install id, uninstall),
//   their configurations (paged, filterable), healthcheck and execute;
// - the Connector Studio dev workspace: entities with files, edit (clones a
//   dev twin of an installed connector), read/write files, publish;
// - installs from a Content Hub catalog through import jobs that complete
//   after `job_polls` polls, and uploads of .tgz archives (multipart);
// - agents with heartbeats and connectors installed per agent, their
//   /api/3/agents records, routers and installer;
// - configurations: the single record with its values (secrets encrypted,
//   or "NULL" with mask_secrets), create, whole-record PUT, delete; the
//   connector listing carries `config: null`; an unknown id answers 200
//   with a blank record; a PUT that sends "NULL" stores "NULL";
// - the request bodies of the operations generated from FortiSOAR's
//   document checked against it (sandbox/fortisoar/contract_checks.hpp);
// - both auth schemes: `Authorization: API-KEY <key>`, and
//   POST /auth/authenticate then `Bearer <token>` (expire_tokens() makes
//   every issued token invalid, to test re-login);
// - the real error shapes: 401 with the Hydra body, 403 "Could not validate
//   HMAC fingerprint" for an /api/integration/ path without its trailing
//   slash, 404, 405 for GET on connector detail, 415 for its POST without a
//   body, INTEGRATION-12 for execute without a usable configuration.
//
// Each concern is one header of sandbox/fortisoar/; this is the entry.
//
// Where the real server's shape is unknown (agent replies, the dev tree,
// the bad-key 401 text) the fake answers with the shape the API file
// proposes.
class fortisoar_fake : public service {
 public:
  // The fakes' registry entry (sandbox/fakes.hpp): the service it stands
  // for, and the credential variables (as the CLI and the tour read them)
  // that its default settings accept, with how to say so in a banner.
  static constexpr std::string_view service_name = "fortisoar";
  static constexpr std::string_view credentials_help =
      "FORTISOAR_API_KEY=sandbox-api-key (or csadmin / changeme)";
  static std::vector<std::pair<std::string, std::string>> default_credentials() {
    return {{"FORTISOAR_API_KEY", "sandbox-api-key"}};
  }

  using json = nlohmann::json;

  using settings = fortisoar_settings;

  static constexpr const char* self_agent = detail::fortisoar::self_agent;
  static constexpr const char* edge_agent = detail::fortisoar::edge_agent;

  fortisoar_fake() : fortisoar_fake(settings{}) {}
  explicit fortisoar_fake(settings s)
      : state_(std::move(s)),
        auth_(state_),
        connectors_(state_),
        configurations_(state_),
        dev_workspace_(state_),
        imports_(state_),
        agents_(state_) {
    detail::fortisoar::seed_fixtures(state_);
  }

  void install(router& routes) override {
    auth_.install(routes);
    connectors_.install(routes);
    configurations_.install(routes);
    dev_workspace_.install(routes);
    imports_.install(routes);
    agents_.install(routes);
    routes.on_not_found([](const incoming& in) {
      const bool integration_path = in.path.rfind("/api/integration/", 0) == 0;
      if (integration_path && !in.path.empty() && in.path.back() != '/') {
        return detail::fortisoar::hydra_error(403, "Could not validate HMAC fingerprint");
      }
      return detail::fortisoar::hydra_error(404, "Not Found");
    });
  }

  // ---- state, for tests ---------------------------------------------------------------

  // Every token issued so far stops working (the next call gets 401).
  void expire_tokens() {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.tokens.clear();
  }
  int logins() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.logins;
  }
  void set_job_polls(int polls) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.job_polls = polls;
  }
  void set_max_page_size(std::size_t size) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.max_page_size = size;
  }
  void set_send_total_items(bool on) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.send_total_items = on;
  }
  void set_upload_import_job(bool on) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.upload_import_job = on;
  }

  // Preloads state from JSON (plugboard-sandbox --seed):
  //   {"replace": true,              drop the built-in connectors and configurations first
  //    "connectors": [{"name": "acme", "version": "1.0.0", "label": "Acme",
  //                    "category": ["Utilities"],
  //                    "operations": [{"operation": "ping", "title": "Ping",
  //                                    "parameters": [{"name": "host", "required": true}]}],
  //                    "configurations": [{"config_id": "acme-default", "name": "Default",
  //                                        "default": true, "active": true, "config": {}}]}],
  //    "catalog": [{"name": "acme", "version": "1.1.0", "label": "Acme"}],
  //    "agents": [{"id": "<32 hex>", "name": "edge-2", "alive": true}]}
  // Throws std::invalid_argument for a key it does not know.
  void seed(const json& state) {
    if (!state.is_object()) throw std::invalid_argument("must be a JSON object");
    for (auto it = state.begin(); it != state.end(); ++it) {
      if (it.key() != "replace" && it.key() != "connectors" && it.key() != "catalog" &&
          it.key() != "agents") {
        throw std::invalid_argument("unknown key '" + it.key() + "'");
      }
    }
    const auto text = [](const json& object, const char* key, const std::string& fallback) {
      const auto it = object.find(key);
      return it == object.end() ? fallback : it->get<std::string>();
    };
    std::lock_guard<std::mutex> lock(state_.mutex);
    if (state.value("replace", false)) {
      state_.connectors.clear();
      state_.configurations.clear();
    }
    for (const auto& c : state.value("connectors", json::array())) {
      if (!c.is_object() || !c.contains("name") || !c.contains("version")) {
        throw std::invalid_argument("every connector needs a name and a version");
      }
      const std::string name = c["name"].get<std::string>();
      json operations = json::array();
      for (const auto& op : c.value("operations", json::array())) {
        const std::string key = text(op, "operation", "");
        if (key.empty()) throw std::invalid_argument("every operation needs an operation key");
        json parameters = json::array();
        for (const auto& p : op.value("parameters", json::array())) {
          const std::string parameter_name = text(p, "name", "");
          parameters.push_back(detail::fortisoar::parameter(
              parameter_name.c_str(), text(p, "title", parameter_name).c_str(),
              p.value("required", false)));
        }
        operations.push_back(detail::fortisoar::operation(
            key.c_str(), text(op, "title", key).c_str(), std::move(parameters)));
      }
      const auto& added = state_.install_connector(
          name, c["version"].get<std::string>(), text(c, "label", name),
          c.value("category", std::vector<std::string>{}), std::move(operations));
      const std::int64_t id = added.row["id"].get<std::int64_t>();
      for (const auto& config : c.value("configurations", json::array())) {
        state_.add_configuration(
            id, text(config, "config_id", name + "-" + std::to_string(state_.next_config_row)),
            text(config, "name", "Default"), config.value("default", false),
            config.value("active", true), config.value("config", json::object()));
      }
    }
    for (const auto& entry : state.value("catalog", json::array())) {
      state_.catalog.push_back(catalog_entry{text(entry, "name", ""), text(entry, "version", ""),
                                             text(entry, "label", text(entry, "name", ""))});
    }
    for (const auto& agent : state.value("agents", json::array())) {
      const std::string id = text(agent, "id", "");
      if (id.empty()) throw std::invalid_argument("every agent needs an id");
      state_.agents[id] = agent_state{text(agent, "name", id), agent.value("alive", true), {}};
    }
  }
  // Import jobs of `name` end with status "Failed".
  void fail_installs_of(std::string name) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.failing.insert(std::move(name));
  }
  // Adds a connector to the Content Hub catalog.
  void add_to_catalog(std::string name, std::string version, std::string label) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.catalog.push_back(catalog_entry{std::move(name), std::move(version), std::move(label)});
  }
  // Installs `count` extra generated connectors ("generated-1", ...).
  void add_generated_connectors(int count) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    for (int i = 1; i <= count; ++i) {
      const std::string name = "generated-" + std::to_string(i);
      state_.install_connector(name, "1.0.0", "Generated " + std::to_string(i), {"Utilities"}, {});
    }
  }
  // The installed version of `name`, or nullopt.
  std::optional<std::string> installed_version(const std::string& name) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    if (const auto* c = state_.find_by_name(name)) return c->row["version"].get<std::string>();
    return std::nullopt;
  }
  std::size_t installed_count() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.connectors.size();
  }
  // A file of a dev entity, or nullopt.
  std::optional<std::string> dev_file(const std::string& entity_id,
                                      const std::string& xpath) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto e = state_.dev.find(entity_id);
    if (e == state_.dev.end()) return std::nullopt;
    const auto f = e->second.files.find(xpath);
    if (f == e->second.files.end()) return std::nullopt;
    return f->second;
  }
  bool has_dev_entity(const std::string& entity_id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.dev.count(entity_id) != 0;
  }
  // name -> version of the connectors installed on an agent.
  std::map<std::string, std::string> agent_connectors(const std::string& agent_id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    const auto it = state_.agents.find(agent_id);
    return it == state_.agents.end() ? std::map<std::string, std::string>{} : it->second.connectors;
  }
  void set_agent_alive(const std::string& agent_id, bool alive) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.agents[agent_id].alive = alive;
  }
  void set_mask_secrets(bool on) {
    std::lock_guard<std::mutex> lock(state_.mutex);
    state_.settings.mask_secrets = on;
  }
  // A configuration's stored values, secrets in clear (what a write kept),
  // or nullopt.
  std::optional<json> stored_config(const std::string& config_id) const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    for (const auto& c : state_.configurations) {
      if (c["config_id"] == config_id) return c["config"];
    }
    return std::nullopt;
  }
  // How many configuration writes (POST, PUT, DELETE) the fake has served.
  int configuration_writes() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.configuration_writes;
  }

  // What the last upload carried: file name, content type and size.
  std::optional<json> last_upload() const {
    std::lock_guard<std::mutex> lock(state_.mutex);
    return state_.last_upload;
  }

 private:
  using catalog_entry = detail::fortisoar::catalog_entry;
  using agent_state = detail::fortisoar::agent_state;

  detail::fortisoar::state state_;
  detail::fortisoar::auth_routes auth_;
  detail::fortisoar::connector_routes connectors_;
  detail::fortisoar::configuration_routes configurations_;
  detail::fortisoar::dev_workspace_routes dev_workspace_;
  detail::fortisoar::import_routes imports_;
  detail::fortisoar::agent_routes agents_;
};

}  // namespace plugboard::sandbox
