// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

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
// - agents with heartbeats and connectors installed per agent;
// - both auth schemes: `Authorization: API-KEY <key>`, and
//   POST /auth/authenticate then `Bearer <token>` (expire_tokens() makes
//   every issued token invalid, to test re-login);
// - the real error shapes: 401 with the Hydra body, 403 "Could not validate
//   HMAC fingerprint" for an /api/integration/ path without its trailing
//   slash, 404, 405 for GET on connector detail, 415 for its POST without a
//   body, INTEGRATION-12 for execute without a usable configuration.
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

  struct settings {
    std::string api_key = "sandbox-api-key";  // empty: API keys are refused
    std::string username = "csadmin";
    std::string password = "changeme";
    std::string token_prefix = "sandbox-jwt-";
    // Polls an import job takes to finish; 0 or less: it never finishes.
    int job_polls = 4;
    // Caps page_size (0: no cap), so a few rows make several pages.
    std::size_t max_page_size = 0;
    // List envelopes carry totalItems (otherwise only nextPage ends paging).
    bool send_total_items = true;
    // Uploads reply with an importJob and install when it finishes (the live
    // server installs at once and names no job).
    bool upload_import_job = false;
  };

  static constexpr const char* self_agent = "2215f975dd501e6f25f55568edf06af9";
  static constexpr const char* edge_agent = "8f14e45fceea167a5a36dedd4bea2543";

  fortisoar_fake() : fortisoar_fake(settings{}) {}
  explicit fortisoar_fake(settings s) : settings_(std::move(s)) { seed(); }

  void install(router& routes) override {
    const auto add = [&](const char* verb, const std::string& pattern,
                         reply (fortisoar_fake::*member)(const incoming&)) {
      routes.add(verb, pattern, [this, member](const incoming& in) {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!authorized(in)) return unauthorized();
        return (this->*member)(in);
      });
    };
    routes.add("POST", "/auth/authenticate", [this](const incoming& in) {
      std::lock_guard<std::mutex> lock(mutex_);
      return authenticate(in);
    });
    const std::string integration = "/api/integration";
    const std::string entity = integration + "/connector/development/entity";
    add("GET", integration + "/connectors/", &fortisoar_fake::list_connectors);
    add("POST", integration + "/connectors/{id}/", &fortisoar_fake::connector_detail);
    add("GET", integration + "/connectors/{id}/", &fortisoar_fake::detail_by_get);
    add("DELETE", integration + "/connectors/{id}/", &fortisoar_fake::uninstall);
    add("GET", integration + "/connectors/healthcheck/{name}/{version}/",
        &fortisoar_fake::healthcheck);
    add("GET", integration + "/configuration/", &fortisoar_fake::list_configurations);
    add("POST", integration + "/execute/", &fortisoar_fake::execute);
    add("GET", entity + "/", &fortisoar_fake::dev_list);
    add("POST", entity + "/{id}/", &fortisoar_fake::dev_edit);
    add("POST", entity + "/{id}/files/", &fortisoar_fake::dev_read_file);
    add("PUT", entity + "/{id}/files/", &fortisoar_fake::dev_write_file);
    add("POST", entity + "/{id}/publish/", &fortisoar_fake::dev_publish);
    add("POST", "/api/3/solutionpacks/install", &fortisoar_fake::solutionpack_install);
    add("GET", "/api/3/import_jobs/{uuid}", &fortisoar_fake::import_job);
    add("POST", integration + "/install-connector/", &fortisoar_fake::agent_install);
    add("PUT", integration + "/install-connector/", &fortisoar_fake::agent_upgrade);
    add("DELETE", integration + "/install-connector/", &fortisoar_fake::agent_uninstall);
    add("GET", integration + "/agent-heartbeat/{agent_id}/", &fortisoar_fake::heartbeat);
    routes.on_not_found([](const incoming& in) {
      const bool integration_path = in.path.rfind("/api/integration/", 0) == 0;
      if (integration_path && !in.path.empty() && in.path.back() != '/') {
        return hydra_error(403, "Could not validate HMAC fingerprint");
      }
      return hydra_error(404, "Not Found");
    });
  }

  // ---- state, for tests ---------------------------------------------------------------

  // Every token issued so far stops working (the next call gets 401).
  void expire_tokens() {
    std::lock_guard<std::mutex> lock(mutex_);
    tokens_.clear();
  }
  int logins() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return logins_;
  }
  void set_job_polls(int polls) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.job_polls = polls;
  }
  void set_max_page_size(std::size_t size) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.max_page_size = size;
  }
  void set_send_total_items(bool on) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.send_total_items = on;
  }
  void set_upload_import_job(bool on) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.upload_import_job = on;
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
    std::lock_guard<std::mutex> lock(mutex_);
    if (state.value("replace", false)) {
      connectors_.clear();
      configurations_.clear();
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
          parameters.push_back(parameter(parameter_name.c_str(),
                                         text(p, "title", parameter_name).c_str(),
                                         p.value("required", false)));
        }
        operations.push_back(
            operation(key.c_str(), text(op, "title", key).c_str(), std::move(parameters)));
      }
      const auto& added =
          install_connector(name, c["version"].get<std::string>(), text(c, "label", name),
                            c.value("category", std::vector<std::string>{}), std::move(operations));
      const std::int64_t id = added.row["id"].get<std::int64_t>();
      for (const auto& config : c.value("configurations", json::array())) {
        add_configuration(id,
                          text(config, "config_id", name + "-" + std::to_string(next_config_row_)),
                          text(config, "name", "Default"), config.value("default", false),
                          config.value("active", true), config.value("config", json::object()));
      }
    }
    for (const auto& entry : state.value("catalog", json::array())) {
      catalog_.push_back(catalog_entry{text(entry, "name", ""), text(entry, "version", ""),
                                       text(entry, "label", text(entry, "name", ""))});
    }
    for (const auto& agent : state.value("agents", json::array())) {
      const std::string id = text(agent, "id", "");
      if (id.empty()) throw std::invalid_argument("every agent needs an id");
      agents_[id] = agent_state{text(agent, "name", id), agent.value("alive", true), {}};
    }
  }
  // Import jobs of `name` end with status "Failed".
  void fail_installs_of(std::string name) {
    std::lock_guard<std::mutex> lock(mutex_);
    failing_.insert(std::move(name));
  }
  // Adds a connector to the Content Hub catalog.
  void add_to_catalog(std::string name, std::string version, std::string label) {
    std::lock_guard<std::mutex> lock(mutex_);
    catalog_.push_back(catalog_entry{std::move(name), std::move(version), std::move(label)});
  }
  // Installs `count` extra generated connectors ("generated-1", ...).
  void add_generated_connectors(int count) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (int i = 1; i <= count; ++i) {
      const std::string name = "generated-" + std::to_string(i);
      install_connector(name, "1.0.0", "Generated " + std::to_string(i), {"Utilities"}, {});
    }
  }
  // The installed version of `name`, or nullopt.
  std::optional<std::string> installed_version(const std::string& name) const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (const auto* c = find_by_name(name)) return c->row["version"].get<std::string>();
    return std::nullopt;
  }
  std::size_t installed_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return connectors_.size();
  }
  // A file of a dev entity, or nullopt.
  std::optional<std::string> dev_file(const std::string& entity_id,
                                      const std::string& xpath) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto e = dev_.find(entity_id);
    if (e == dev_.end()) return std::nullopt;
    const auto f = e->second.files.find(xpath);
    if (f == e->second.files.end()) return std::nullopt;
    return f->second;
  }
  bool has_dev_entity(const std::string& entity_id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return dev_.count(entity_id) != 0;
  }
  // name -> version of the connectors installed on an agent.
  std::map<std::string, std::string> agent_connectors(const std::string& agent_id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = agents_.find(agent_id);
    return it == agents_.end() ? std::map<std::string, std::string>{} : it->second.connectors;
  }
  void set_agent_alive(const std::string& agent_id, bool alive) {
    std::lock_guard<std::mutex> lock(mutex_);
    agents_[agent_id].alive = alive;
  }
  // What the last upload carried: file name, content type and size.
  std::optional<json> last_upload() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return last_upload_;
  }

 private:
  struct installed {
    json row;  // id, name, version, label, category, active, system, status, tags, agent
    json operations = json::array();
  };
  struct dev_state {
    json record;                               // id, name, version, label, development, dev_path
    std::map<std::string, std::string> files;  // xpath -> content
  };
  struct job_state {
    std::string uuid;
    std::string name;
    std::string version;
    std::string label;
    int polls = 0;
    bool done = false;
    bool failed = false;
  };
  struct catalog_entry {
    std::string name;
    std::string version;
    std::string label;
  };
  struct agent_state {
    std::string name;
    bool alive = true;
    std::map<std::string, std::string> connectors;  // name -> version
  };

  // ---- auth ---------------------------------------------------------------------------

  static reply hydra_error(int status, const std::string& description) {
    return reply::json(status, {{"@context", "/api/3/contexts/Error"},
                                {"@type", "Error"},
                                {"hydra:title", "An error occurred"},
                                {"hydra:description", description}});
  }
  static reply message(int status, const std::string& text) {
    return reply::json(status, {{"message", text}});
  }
  static reply unauthorized() {
    // PROPOSED text: the API file records the 401 shape of the login only.
    return hydra_error(401, "Full authentication is required to access this resource.");
  }

  bool authorized(const incoming& in) const {
    const std::string value(in.header("Authorization"));
    const auto space = value.find(' ');
    if (space == std::string::npos) return false;
    const std::string scheme = value.substr(0, space);
    const std::string credential = value.substr(space + 1);
    if (scheme == "API-KEY") return !settings_.api_key.empty() && credential == settings_.api_key;
    if (scheme == "Bearer") return tokens_.count(credential) != 0;
    return false;
  }

  reply authenticate(const incoming& in) {
    const auto body = in.json_body();
    const json* credentials = nullptr;
    if (body && body->is_object() && body->contains("credentials"))
      credentials = &(*body)["credentials"];
    const auto text = [&](const char* key) {
      if (credentials == nullptr || !credentials->is_object() || !credentials->contains(key) ||
          !(*credentials)[key].is_string()) {
        return std::string();
      }
      return (*credentials)[key].get<std::string>();
    };
    if (settings_.username.empty() || text("loginid") != settings_.username ||
        text("password") != settings_.password) {
      return hydra_error(401, "Validation failed.");
    }
    const std::string token = settings_.token_prefix + std::to_string(++issued_);
    tokens_.insert(token);
    ++logins_;
    return reply::json(200, {{"token", token}});
  }

  // ---- helpers --------------------------------------------------------------------------

  static std::optional<std::int64_t> to_int(const std::string& text) {
    if (text.empty() || text.size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (char c : text) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static std::string field_text(const json& object, const char* key) {
    if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return {};
    return object[key].get<std::string>();
  }

  // page/page_size from the query (defaults 1 and 30), or an error reply.
  std::optional<reply> read_paging(const incoming& in, std::size_t& page, std::size_t& size) const {
    page = 1;
    size = 30;
    if (const auto p = in.query_value("page")) {
      const auto v = to_int(*p);
      if (!v || *v < 1) return message(400, "page must be a positive integer");
      page = static_cast<std::size_t>(*v);
    }
    if (const auto s = in.query_value("page_size")) {
      const auto v = to_int(*s);
      if (!v || *v < 1) return message(400, "page_size must be a positive integer");
      size = static_cast<std::size_t>(*v);
    }
    if (settings_.max_page_size > 0) size = std::min(size, settings_.max_page_size);
    return std::nullopt;
  }

  reply paged(const incoming& in, const std::vector<json>& rows) const {
    std::size_t page = 1;
    std::size_t size = 30;
    if (auto error = read_paging(in, page, size)) return *error;
    json data = json::array();
    const std::size_t first = (page - 1) * size;
    for (std::size_t i = first; i < rows.size() && i < first + size; ++i) data.push_back(rows[i]);
    const bool more = first + size < rows.size();
    json out = {{"status", "success"},
                {"itemsPerPage", size},
                {"nextPage", more ? json(page + 1) : json()},
                {"previousPage", page > 1 ? json(page - 1) : json()},
                {"data", std::move(data)}};
    if (settings_.send_total_items) out["totalItems"] = rows.size();
    return reply::json(200, out);
  }

  installed* find_by_id(const std::string& id_text) {
    const auto id = to_int(id_text);
    if (!id) return nullptr;
    const auto it = connectors_.find(*id);
    return it == connectors_.end() ? nullptr : &it->second;
  }
  const installed* find_by_name(const std::string& name) const {
    for (const auto& c : connectors_) {
      if (c.second.row["name"] == name) return &c.second;
    }
    return nullptr;
  }
  installed* find_by_name(const std::string& name) {
    for (auto& c : connectors_) {
      if (c.second.row["name"] == name) return &c.second;
    }
    return nullptr;
  }

  std::vector<json> configurations_of(std::int64_t connector_id) const {
    std::vector<json> out;
    for (const auto& c : configurations_) {
      if (c["connector"] == connector_id) out.push_back(c);
    }
    return out;
  }

  json row_view(const installed& c) const {
    json row = c.row;
    json summaries = json::array();
    for (const auto& config : configurations_of(row["id"].get<std::int64_t>())) {
      summaries.push_back({{"id", config["id"]},
                           {"config_id", config["config_id"]},
                           {"name", config["name"]},
                           {"default", config["default"]}});
    }
    row["config_count"] = summaries.size();
    row["configuration"] = std::move(summaries);
    return row;
  }

  json detail_view(const installed& c) const {
    json record = row_view(c);
    record["installed"] = true;
    record["cs_approved"] = true;
    record["cs_compatible"] = true;
    record["help_file"] = "";
    record["operations"] = c.operations;
    record["configuration"] = configurations_of(c.row["id"].get<std::int64_t>());
    record["config_schema"] = {{"fields",
                                {{{"name", "server_url"},
                                  {"title", "Server URL"},
                                  {"type", "text"},
                                  {"required", true},
                                  {"visible", true},
                                  {"editable", true},
                                  {"value", ""}},
                                 {{"name", "api_key"},
                                  {"title", "API Key"},
                                  {"type", "password"},
                                  {"required", true},
                                  {"visible", true},
                                  {"editable", true},
                                  {"value", ""}}}}};
    return record;
  }

  static json parameter(const char* name, const char* title, bool required) {
    return {{"name", name},
            {"title", title},
            {"type", "text"},
            {"required", required},
            {"visible", true},
            {"editable", true},
            {"value", ""},
            {"tooltip", ""},
            {"placeholder", ""},
            {"onchange", json::object()},
            {"options", json::array()}};
  }
  static json operation(const char* key, const char* title, json parameters) {
    return {{"operation", key},
            {"title", title},
            {"description", title},
            {"category", "investigation"},
            {"annotation", key},
            {"enabled", true},
            {"visible", true},
            {"roles", json::array()},
            {"output_schema", json::object()},
            {"parameters", std::move(parameters)}};
  }

  installed& install_connector(const std::string& name, const std::string& version,
                               const std::string& label, std::vector<std::string> category,
                               json operations, std::int64_t id = 0) {
    if (auto* existing = find_by_name(name)) {
      existing->row["version"] = version;
      existing->row["label"] = label;
      if (!operations.empty()) existing->operations = std::move(operations);
      return *existing;
    }
    if (id == 0) id = next_connector_id_++;
    if (operations.empty()) {
      operations = json::array({operation("get_status", "Get Status", json::array())});
    }
    installed c;
    c.row = {{"id", id},           {"name", name},          {"version", version},
             {"label", label},     {"category", category},  {"active", true},
             {"system", false},    {"status", "Completed"}, {"tags", json::array()},
             {"agent", self_agent}};
    std::int64_t op_id = id * 100;
    for (auto& op : operations) {
      op["id"] = ++op_id;
      op["connector"] = id;
    }
    c.operations = std::move(operations);
    return connectors_[id] = std::move(c);
  }

  void add_configuration(std::int64_t connector_id, const std::string& config_id,
                         const std::string& name, bool is_default, bool active,
                         json config = json::object()) {
    configurations_.push_back({{"id", next_config_row_++},
                               {"config_id", config_id},
                               {"name", name},
                               {"default", is_default},
                               {"status", active ? json(1) : json()},
                               {"config", std::move(config)},
                               {"connector", connector_id},
                               {"agent", self_agent},
                               {"teams", json::array()},
                               {"remote_status", json::object()},
                               {"health_status", json::object()}});
  }

  const catalog_entry* in_catalog(const std::string& name, const std::string& version) const {
    for (const auto& entry : catalog_) {
      if (entry.name == name && entry.version == version) return &entry;
    }
    return nullptr;
  }

  static std::string version_tag(const std::string& version) {
    std::string tag = version;
    std::replace(tag.begin(), tag.end(), '.', '_');
    return tag;
  }

  dev_state& add_dev_entity(const std::string& name, const std::string& version,
                            const std::string& label) {
    const std::string id = std::to_string(next_dev_id_++);
    const std::string root = "/" + name + "_" + version_tag(version) + "_dev";
    dev_state e;
    e.record = {{"id", std::stoll(id)}, {"name", name},        {"version", version},
                {"label", label},       {"development", true}, {"dev_path", root}};
    e.files[root + "/info.json"] =
        json{{"name", name}, {"version", version}, {"label", label}}.dump(2);
    e.files[root + "/connector.py"] =
        "from connectors.core.connector import Connector\n\nclass Hello(Connector):\n    pass\n";
    e.files[root + "/operations.py"] = "def get_status(config, params):\n    return 'ok'\n";
    return dev_[id] = std::move(e);
  }

  json dev_view(const dev_state& e) const {
    json record = e.record;
    json tree = json::array();
    for (const auto& file : e.files) tree.push_back(file.first);
    record["files"] = std::move(tree);
    return record;
  }

  // ---- connectors ---------------------------------------------------------------------

  reply list_connectors(const incoming& in) {
    std::vector<json> rows;
    for (const auto& c : connectors_) rows.push_back(row_view(c.second));
    return paged(in, rows);
  }

  reply connector_detail(const incoming& in) {
    auto* c = find_by_id(in.param("id"));
    if (c == nullptr) return message(404, "Connector not found");
    // The integration service is Django REST framework: no body, no media type.
    if (in.body.empty())
      return reply::json(415, {{"detail", "Unsupported media type \"\" in request."}});
    if (!in.json_body()) return reply::json(400, {{"detail", "JSON parse error"}});
    return reply::json(200, detail_view(*c));
  }

  reply detail_by_get(const incoming&) {
    return message(405, "Get method for this API is forbidden, Please use POST method");
  }

  reply uninstall(const incoming& in) {
    auto* c = find_by_id(in.param("id"));
    if (c == nullptr) return message(404, "Connector not found");
    const auto id = c->row["id"].get<std::int64_t>();
    configurations_.erase(
        std::remove_if(configurations_.begin(), configurations_.end(),
                       [&](const json& config) { return config["connector"] == id; }),
        configurations_.end());
    connectors_.erase(id);
    return reply::no_content();
  }

  reply healthcheck(const incoming& in) {
    const auto* c = find_by_name(in.param("name"));
    if (c == nullptr || c->row["version"] != in.param("version")) {
      return message(404,
                     "Connector " + in.param("name") + " " + in.param("version") + " not found");
    }
    const auto configs = configurations_of(c->row["id"].get<std::int64_t>());
    const json* chosen = nullptr;
    const auto wanted = in.query_value("config");
    for (const auto& config : configs) {
      if (wanted ? (config["config_id"] == *wanted || config["name"] == *wanted)
                 : config["default"] == true) {
        chosen = &config;
        break;
      }
    }
    if (chosen == nullptr) {
      return message(404, "Could not find a configuration matching the id " +
                              wanted.value_or("get_default_config") +
                              " or the default configuration");
    }
    return reply::json(200, {{"message", "Connector is available"},
                             {"status", "Available"},
                             {"name", c->row["name"]},
                             {"version", c->row["version"]},
                             {"config_id", (*chosen)["config_id"]},
                             {"_status", true},
                             {"request_id", nullptr}});
  }

  reply list_configurations(const incoming& in) {
    std::optional<std::int64_t> connector;
    if (const auto text = in.query_value("connector")) {
      connector = to_int(*text);
      if (!connector) return message(400, "Unknown error occurred");
    }
    std::optional<bool> active;
    if (const auto text = in.query_value("active")) {
      if (*text == "True" || *text == "true" || *text == "1") {
        active = true;
      } else if (*text == "False" || *text == "false" || *text == "0") {
        active = false;
      } else {
        return message(400, "active must be True or False");
      }
    }
    const auto name = in.query_value("name");
    std::vector<json> rows;
    for (const auto& config : configurations_) {
      if (name && config["name"] != *name) continue;
      if (connector && config["connector"] != *connector) continue;
      if (active && (config["status"] == 1) != *active) continue;
      rows.push_back(config);
    }
    return paged(in, rows);
  }

  reply execute(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "connector");
    const std::string version = field_text(*body, "version");
    const std::string op = field_text(*body, "operation");
    const auto* c = find_by_name(name);
    if (c == nullptr || (!version.empty() && c->row["version"] != version)) {
      return message(400,
                     "CS-INTEGRATION-5: Connector " + name + " " + version + " is not installed");
    }
    const json* found = nullptr;
    for (const auto& o : c->operations) {
      if (o["operation"] == op) found = &o;
    }
    if (found == nullptr) {
      return message(400, "CS-INTEGRATION-2: Operation " + op + " not found in connector " + name);
    }
    const std::string wanted = field_text(*body, "config");
    const json* config = nullptr;
    const auto configs = configurations_of(c->row["id"].get<std::int64_t>());
    for (const auto& candidate : configs) {
      const bool match = wanted.empty()
                             ? candidate["default"] == true
                             : candidate["config_id"] == wanted || candidate["name"] == wanted;
      if (match) {
        config = &candidate;
        break;
      }
    }
    if (config == nullptr) {
      return message(400,
                     "INTEGRATION-12: Could not find a connector configuration matching the "
                     "given configuration id or name");
    }
    const json params = body->contains("params") && (*body)["params"].is_object()
                            ? (*body)["params"]
                            : json::object();
    for (const auto& p : (*found)["parameters"]) {
      if (p["required"] == true && !params.contains(p["name"].get<std::string>())) {
        return message(400,
                       "CS-INTEGRATION-3: Missing required input " + p["name"].get<std::string>());
      }
    }
    json data = {{"connector", name}, {"config", (*config)["name"]}, {"params", params}};
    if (op == "get_reputation_ip") {
      data = {{"ip", params["ip"]}, {"reputation", 0}, {"verdict", "harmless"}};
    }
    return reply::json(200,
                       {{"operation", op}, {"status", "Success"}, {"message", ""}, {"data", data}});
  }

  // ---- the dev workspace ------------------------------------------------------------------

  reply dev_list(const incoming&) {
    json members = json::array();
    for (const auto& e : dev_) members.push_back(e.second.record);
    // The spec documents a Hydra collection.
    return reply::json(200, {{"@context", "/api/3/contexts/ConnectorDevelopment"},
                             {"@type", "hydra:Collection"},
                             {"hydra:member", members},
                             {"hydra:totalItems", members.size()}});
  }

  reply dev_edit(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return reply::json(415, {{"detail", "Unsupported media type \"\" in request."}});
    const std::string& id = in.param("id");
    if (const auto e = dev_.find(id); e != dev_.end()) return reply::json(200, dev_view(e->second));
    auto* c = find_by_id(id);
    if (c == nullptr) return message(404, "Connector not found");
    // Editing an installed connector clones (or reuses) its dev twin.
    const std::string name = c->row["name"].get<std::string>();
    for (const auto& e : dev_) {
      if (e.second.record["name"] == name) return reply::json(200, dev_view(e.second));
    }
    const auto& twin = add_dev_entity(name, c->row["version"].get<std::string>(),
                                      c->row["label"].get<std::string>());
    return reply::json(200, dev_view(twin));
  }

  reply dev_read_file(const incoming& in) {
    const auto e = dev_.find(in.param("id"));
    if (e == dev_.end()) return message(404, "Development entity not found");
    const auto body = in.json_body();
    const std::string xpath = body ? field_text(*body, "xpath") : std::string();
    if (xpath.empty()) return message(400, "xpath is required");
    const auto f = e->second.files.find(xpath);
    if (f == e->second.files.end()) return message(404, "File not found: " + xpath);
    return reply::json(200, {{"fileContent", f->second}});
  }

  reply dev_write_file(const incoming& in) {
    const auto e = dev_.find(in.param("id"));
    if (e == dev_.end()) return message(404, "Development entity not found");
    const auto body = in.json_body();
    if (!body || !body->is_object() || !body->contains("fileData") ||
        !(*body)["fileData"].is_object()) {
      return message(400, "fileData is required");
    }
    // Both inner shapes: the spec's {xpath, fileContent} and pyfsr's {path, content}.
    const json& data = (*body)["fileData"];
    std::string xpath = field_text(data, "xpath");
    if (xpath.empty()) xpath = field_text(data, "path");
    const bool has_content = (data.contains("fileContent") && data["fileContent"].is_string()) ||
                             (data.contains("content") && data["content"].is_string());
    if (xpath.empty() || !has_content) return message(400, "fileData needs xpath and fileContent");
    e->second.files[xpath] = data.contains("fileContent") ? data["fileContent"].get<std::string>()
                                                          : data["content"].get<std::string>();
    return reply::json(200, dev_view(e->second));
  }

  reply dev_publish(const incoming& in) {
    const auto e = dev_.find(in.param("id"));
    if (e == dev_.end()) return message(404, "Development entity not found");
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return reply::json(415, {{"detail", "Unsupported media type \"\" in request."}});
    const bool replace = body->value("replace", false);
    const bool discard = body->value("discard", false);
    const json& record = e->second.record;
    const std::string name = record["name"].get<std::string>();
    std::string version = record["version"].get<std::string>();
    std::string label = record["label"].get<std::string>();
    // info.json decides what is published, as in Connector Studio.
    const auto info = e->second.files.find(record["dev_path"].get<std::string>() + "/info.json");
    if (info != e->second.files.end()) {
      const auto parsed = json::parse(info->second, nullptr, false);
      if (parsed.is_object()) {
        version = parsed.value("version", version);
        label = parsed.value("label", label);
      }
    }
    if (const auto* existing = find_by_name(name);
        existing != nullptr && existing->row["version"] == version && !replace) {
      return message(400, "CS-INTEGRATION-7: Connector " + name + " " + version +
                              " is already installed; publish with replace");
    }
    auto& published = install_connector(name, version, label, {"Utilities"}, json::array());
    json view = detail_view(published);
    view["development"] = false;
    if (discard) dev_.erase(e);
    return reply::json(200, view);
  }

  // ---- installs -----------------------------------------------------------------------------

  std::string next_uuid(const char* kind) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s-0000-4000-8000-%012d", kind, ++uuids_);
    return buffer;
  }

  json job_ref(const job_state& job) const {
    return {{"@id", "/api/3/import_jobs/" + job.uuid},
            {"@type", "ImportJob"},
            {"uuid", job.uuid},
            {"status", "import in progress"}};
  }

  reply solutionpack_install(const incoming& in) {
    if (!in.parts.empty() || in.query_value("$type")) return upload(in);
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return hydra_error(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "name");
    const std::string version = field_text(*body, "version");
    const auto* entry = in_catalog(name, version);
    if (entry == nullptr)
      return hydra_error(404, "Solution pack " + name + " " + version + " not found");
    job_state job{next_uuid("7a3c0f21"), name, version, entry->label};
    json out = {{"@context", "/api/3/contexts/SolutionPack"},
                {"@id", "/api/3/solutionpacks/" + next_uuid("c0ffee00")},
                {"@type", "SolutionPack"},
                {"name", name},
                {"label", entry->label},
                {"version", version},
                {"type", "connector"},
                {"installed", false},
                {"id", 900 + uuids_},
                {"uuid", next_uuid("5eed5eed")},
                {"importJob", job_ref(job)}};
    jobs_[job.uuid] = std::move(job);
    return reply::json(200, out);
  }

  reply upload(const incoming& in) {
    if (in.query_value("$type") != std::optional<std::string>("connector")) {
      return hydra_error(400, "$type must be connector");
    }
    const bool replace = in.query_value("$replace") == std::optional<std::string>("true");
    const multipart_part* file = nullptr;
    for (const auto& part : in.parts) {
      if (part.name == "file") file = &part;
    }
    if (file == nullptr)
      return hydra_error(400, "No file was uploaded (expected a part named file)");
    last_upload_ = json{{"filename", file->filename},
                        {"content_type", file->content_type},
                        {"size", file->data.size()}};
    if (file->data.size() < 2 || static_cast<unsigned char>(file->data[0]) != 0x1f ||
        static_cast<unsigned char>(file->data[1]) != 0x8b) {
      return hydra_error(400, "The file is not a gzip-compressed connector archive");
    }
    // "<name>-<version>.tgz": the version starts after the last '-' followed by a digit.
    std::string stem = file->filename;
    for (const char* suffix : {".tgz", ".tar.gz"}) {
      const std::string s(suffix);
      if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) {
        stem.resize(stem.size() - s.size());
        break;
      }
    }
    std::size_t dash = std::string::npos;
    for (std::size_t i = 0; i + 1 < stem.size(); ++i) {
      if (stem[i] == '-' && stem[i + 1] >= '0' && stem[i + 1] <= '9') dash = i;
    }
    if (dash == std::string::npos || dash == 0) {
      return hydra_error(400, "Cannot read the connector name and version from " + file->filename);
    }
    const std::string name = stem.substr(0, dash);
    const std::string version = stem.substr(dash + 1);
    if (const auto* existing = find_by_name(name);
        existing != nullptr && existing->row["version"] == version && !replace) {
      return hydra_error(
          409, "Connector " + name + " " + version + " is already installed; use $replace=true");
    }
    if (settings_.upload_import_job) {
      job_state job{next_uuid("7a3c0f21"), name, version, name};
      json out = {
          {"name", name}, {"version", version}, {"installed", false}, {"importJob", job_ref(job)}};
      jobs_[job.uuid] = std::move(job);
      return reply::json(200, out);
    }
    auto& c = install_connector(name, version, name, {"Utilities"}, json::array());
    json record = detail_view(c);
    record["install_result"] = {{"message", "Installed"}, {"output", ""}};
    record["remote_status"] = {{"message", ""}, {"output", ""}, {"status", "Completed"}};
    record["requirements_installed"] = "In-Progress";
    record["playbook_collections"] = json::array();
    record["uuid"] = next_uuid("b16b00b5");
    record["workspace_connector"] = false;
    return reply::json(200, record);
  }

  reply import_job(const incoming& in) {
    const auto it = jobs_.find(in.param("uuid"));
    if (it == jobs_.end()) return hydra_error(404, "Not Found");
    job_state& job = it->second;
    if (!job.done) {
      ++job.polls;
      if (settings_.job_polls > 0 && job.polls >= settings_.job_polls) {
        job.done = true;
        job.failed = failing_.count(job.name) != 0;
        if (!job.failed)
          install_connector(job.name, job.version, job.label, {"Utilities"}, json::array());
      }
    }
    json record = {
        {"status", job.done ? (job.failed ? "Failed" : "Import Complete") : "Import In Progress"},
        {"progressPercent",
         job.done ? 100 : (settings_.job_polls > 0 ? job.polls * 100 / settings_.job_polls : 0)},
        {"errorMessage",
         job.failed ? json("Connector requirements could not be installed") : json()},
        {"currentlyImporting", job.done ? json() : json(job.name)},
        {"file", {{"filename", job.name + "-" + job.version + ".tgz"}}},
        {"options", json::object()}};
    json out = {{"@context", "/api/3/contexts/ImportJob"},
                {"@id", "/api/3/import_jobs/" + job.uuid},
                {"@type", "ImportJob"},
                {"uuid", job.uuid}};
    // __selectFields narrows the record, as on the real server.
    const auto select = in.query_value("__selectFields");
    for (const auto& item : record.items()) {
      if (!select || ("," + *select + ",").find("," + item.key() + ",") != std::string::npos) {
        out[item.key()] = item.value();
      }
    }
    return reply::json(200, out);
  }

  // ---- agents ---------------------------------------------------------------------------------

  bool known_version(const std::string& name, const std::string& version) const {
    if (in_catalog(name, version) != nullptr) return true;
    const auto* c = find_by_name(name);
    return c != nullptr && c->row["version"] == version;
  }

  reply agent_install(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "name");
    const std::string version = field_text(*body, "version");
    std::vector<std::string> targets;
    if (body->contains("agent") && (*body)["agent"].is_array()) {
      for (const auto& a : (*body)["agent"]) {
        if (a.is_string()) targets.push_back(a.get<std::string>());
      }
    }
    // The spec's shape: {"agent_id": "..."}, self-agent when left out.
    if (targets.empty()) {
      const std::string one = field_text(*body, "agent_id");
      targets.push_back(one.empty() ? std::string(self_agent) : one);
    }
    if (!known_version(name, version))
      return reply::text(500, "Internal Server Error", "text/html");
    for (const auto& agent : targets) {
      if (agents_.count(agent) == 0) return message(404, "Agent " + agent + " not found");
    }
    for (const auto& agent : targets) agents_[agent].connectors[name] = version;
    return reply::json(200, {{"result", "Success"}});
  }

  reply agent_upgrade(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "name");
    const std::string version = field_text(*body, "version");
    const std::string agent = field_text(*body, "agent_id");
    const auto it = agents_.find(agent);
    if (it == agents_.end()) return message(404, "Agent " + agent + " not found");
    if (it->second.connectors.count(name) == 0) {
      return message(404, "Connector " + name + " is not installed on agent " + agent);
    }
    if (!known_version(name, version))
      return reply::text(500, "Internal Server Error", "text/html");
    it->second.connectors[name] = version;
    return reply::json(200,
                       {{"status", "Success"},
                        {"data", {{"name", name}, {"version", version}, {"agent_id", agent}}}});
  }

  reply agent_uninstall(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "name");
    const std::string version = field_text(*body, "version");
    const std::string agent = field_text(*body, "agent_id");
    const auto it = agents_.find(agent);
    if (it == agents_.end()) return message(404, "Agent " + agent + " not found");
    const auto installed_here = it->second.connectors.find(name);
    if (installed_here == it->second.connectors.end() || installed_here->second != version) {
      return message(404,
                     "Connector " + name + " " + version + " is not installed on agent " + agent);
    }
    it->second.connectors.erase(installed_here);
    return reply::json(200, {{"status", "Success"}, {"message", "Uninstall accepted"}});
  }

  reply heartbeat(const incoming& in) {
    const auto it = agents_.find(in.param("agent_id"));
    if (it == agents_.end()) return message(404, "Agent " + in.param("agent_id") + " not found");
    return reply::json(200, {{"agent", it->first},
                             {"status", it->second.alive ? "alive" : "unreachable"},
                             {"latency_ms", it->second.alive ? json(42) : json()}});
  }

  // ---- seed data: pyfsr's fixtures and real captures ---------------------------------------

  void seed() {
    const json no_params = json::array();
    install_connector("smtp", "2.6.0", "SMTP", {"Notification"},
                      json::array({operation("send_email", "Send Email",
                                             json::array({parameter("to", "To", true),
                                                          parameter("subject", "Subject", false),
                                                          parameter("body", "Body", false)})),
                                   operation("get_users", "Get Users", no_params)}),
                      3);
    install_connector(
        "code-snippet", "2.2.1", "Code Snippet", {"Utilities"},
        json::array({operation("python_inline_code_editor", "Execute Python Code",
                               json::array({parameter("code", "Python Code", true)}))}),
        5);
    install_connector(
        "virustotal", "3.1.0", "VirusTotal", {"Threat Intelligence"},
        json::array({operation("get_reputation_ip", "Get IP Reputation",
                               json::array({parameter("ip", "IP Address", true)})),
                     operation("get_reputation_domain", "Get Domain Reputation",
                               json::array({parameter("domain", "Domain", true)})),
                     operation("submit_file", "Submit File",
                               json::array({parameter("file_iri", "File IRI", true),
                                            parameter("password", "Archive Password", false)}))}),
        16);
    install_connector("mitre-attack", "2.0.2", "MITRE ATT&CK", {"Information"},
                      json::array({operation("get_techniques", "Get Techniques", no_params)}), 21);
    install_connector(
        "fortigate", "2.0.0", "FortiGate", {"Firewall and Network Protection"},
        json::array({operation("block_ip", "Block IP Address",
                               json::array({parameter("ip_addresses", "IP Addresses", true)})),
                     operation("get_blocked_ip", "Get Blocked IP Addresses", no_params)}),
        22);
    install_connector("fortinet-fortisiem", "6.1.0", "Fortinet FortiSIEM", {"SIEM"},
                      json::array({operation("get_events", "Get Events",
                                             json::array({parameter("query", "Query", true)}))}),
                      33);
    next_connector_id_ = 40;

    add_configuration(3, "11111111-0000-0000-0000-000000000003", "Demo", true, true,
                      {{"host", "localhost"}, {"port", 25}, {"password", "NULL"}});
    add_configuration(5, "11111111-0000-0000-0000-000000000005", "Demo", true, true);
    add_configuration(21, "01e4e6b4-c34e-4fc1-b692-bb08591f1fe5", "Demo", true, true);
    add_configuration(16, "vt-default", "Default", true, true,
                      {{"server_url", "https://www.virustotal.com"}, {"api_key", "NULL"}});
    add_configuration(16, "vt-alt", "Alt", false, false,
                      {{"server_url", "https://www.virustotal.com"}, {"api_key", "NULL"}});

    catalog_ = {
        {"abuseipdb", "2.0.0", "AbuseIPDB"},       {"cyops_utilities", "3.7.1", "Utilities"},
        {"cyops_utilities", "3.7.2", "Utilities"}, {"hello-world", "1.0.4", "Hello World"},
        {"virustotal", "3.1.0", "VirusTotal"},     {"virustotal", "3.2.1", "VirusTotal"}};

    add_dev_entity("hello-world", "1.0.0", "Hello World");

    agents_[self_agent] = agent_state{"self", true, {}};
    agents_[edge_agent] = agent_state{"edge-1", true, {}};
  }

  settings settings_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, installed> connectors_;  // by install id
  std::vector<json> configurations_;
  std::map<std::string, dev_state> dev_;  // by entity id (as text)
  std::map<std::string, job_state> jobs_;
  std::vector<catalog_entry> catalog_;
  std::map<std::string, agent_state> agents_;
  std::set<std::string> failing_;
  std::set<std::string> tokens_;
  std::optional<json> last_upload_;
  std::int64_t next_connector_id_ = 40;
  std::int64_t next_config_row_ = 1;
  int next_dev_id_ = 7;
  int issued_ = 0;
  int logins_ = 0;
  int uuids_ = 0;
};

}  // namespace plugboard::sandbox
