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
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/contract_checks.hpp"
#include "plugboard/sandbox/server.hpp"

// What the FortiSOAR fake remembers, and its settings: the installed
// connectors and their configurations, the dev workspace, import jobs, the
// Content Hub catalog, agents and issued tokens; with the lookups and views
// the routes (sandbox/fortisoar/*.hpp) share. One mutex guards all of it:
// the route handlers run with it held.

namespace plugboard::sandbox {

struct fortisoar_settings {
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
  // The single configuration GET answers stored secrets as "NULL"
  // instead of their ciphertext.
  bool mask_secrets = false;
  // Request bodies (and replies, where the document has a schema) of the
  // generated operations are checked against FortiSOAR's document.
  bool validate_requests = true;
  bool validate_replies = true;
};

}  // namespace plugboard::sandbox

namespace plugboard::sandbox::detail::fortisoar {

using json = nlohmann::json;

// The agent of the FortiSOAR node itself, a second (edge) agent, and the
// router both are behind.
inline constexpr const char* self_agent = "2215f975dd501e6f25f55568edf06af9";
inline constexpr const char* edge_agent = "8f14e45fceea167a5a36dedd4bea2543";
inline constexpr const char* router_uuid = "5c1d6d2e-0000-4000-8000-000000000001";

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
  bool installs = true;  // false: an import job of POST /api/3/import_jobs
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

inline reply hydra_error(int status, const std::string& description) {
  return reply::json(status, {{"@context", "/api/3/contexts/Error"},
                              {"@type", "Error"},
                              {"hydra:title", "An error occurred"},
                              {"hydra:description", description}});
}
inline reply message(int status, const std::string& text) {
  return reply::json(status, {{"message", text}});
}

inline std::optional<std::int64_t> to_int(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

inline std::string field_text(const json& object, const char* key) {
  if (!object.is_object() || !object.contains(key) || !object[key].is_string()) return {};
  return object[key].get<std::string>();
}

inline json parameter(const char* name, const char* title, bool required) {
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
inline json operation(const char* key, const char* title, json parameters) {
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

inline std::string version_tag(const std::string& version) {
  std::string tag = version;
  std::replace(tag.begin(), tag.end(), '.', '_');
  return tag;
}

// Fields the fake keeps secret (the config schema's password field, and
// the usual names): stored in clear, answered encrypted or "NULL".
inline bool is_secret(const std::string& field) {
  return field == "api_key" || field == "password" || field == "secret" ||
         (field.size() > 9 && field.compare(field.size() - 9, 9, "_password") == 0);
}

class state {
 public:
  explicit state(fortisoar_settings s) : settings(std::move(s)) {}

  fortisoar_settings settings;
  mutable std::mutex mutex;
  std::map<std::int64_t, installed> connectors;  // by install id
  std::vector<json> configurations;
  std::map<std::string, dev_state> dev;  // by entity id (as text)
  std::map<std::string, job_state> jobs;
  std::vector<catalog_entry> catalog;
  std::map<std::string, agent_state> agents;
  std::set<std::string> failing;
  std::set<std::string> tokens;
  std::optional<json> last_upload;
  std::int64_t next_connector_id = 40;
  std::int64_t next_config_row = 1;
  int next_dev_id = 7;
  int issued = 0;
  int logins = 0;
  int uuids = 0;
  std::map<std::string, json> agent_records;     // /api/3/agents, by uuid
  std::map<std::string, int> secret_generation;  // config_id -> saves so far
  int configuration_writes = 0;

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
    if (settings.max_page_size > 0) size = std::min(size, settings.max_page_size);
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
    if (settings.send_total_items) out["totalItems"] = rows.size();
    return reply::json(200, out);
  }

  installed* find_by_id(const std::string& id_text) {
    const auto id = to_int(id_text);
    if (!id) return nullptr;
    const auto it = connectors.find(*id);
    return it == connectors.end() ? nullptr : &it->second;
  }
  const installed* find_by_name(const std::string& name) const {
    for (const auto& c : connectors) {
      if (c.second.row["name"] == name) return &c.second;
    }
    return nullptr;
  }
  installed* find_by_name(const std::string& name) {
    for (auto& c : connectors) {
      if (c.second.row["name"] == name) return &c.second;
    }
    return nullptr;
  }

  std::vector<json> configurations_of(std::int64_t connector_id) const {
    std::vector<json> out;
    for (const auto& c : configurations) {
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
                           {"default", config["default"]},
                           {"config", nullptr}});
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
    json presented = json::array();
    for (const auto& config : configurations_of(c.row["id"].get<std::int64_t>())) {
      presented.push_back(present(config));
    }
    record["configuration"] = std::move(presented);
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
                                  {"value", ""}},
                                 {{"name", "verify_ssl"},
                                  {"title", "Verify SSL"},
                                  {"type", "checkbox"},
                                  {"required", false},
                                  {"value", true}},
                                 {{"name", "auth_mode"},
                                  {"title", "Authentication"},
                                  {"type", "select"},
                                  {"required", true},
                                  {"value", "api_key"},
                                  {"options", {"api_key", "proxy"}},
                                  {"onchange",
                                   {{"proxy",
                                     {{{"name", "proxy_url"},
                                       {"title", "Proxy URL"},
                                       {"type", "text"},
                                       {"required", true}}}}}}}}}};
    return record;
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
    if (id == 0) id = next_connector_id++;
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
    return connectors[id] = std::move(c);
  }

  void add_configuration(std::int64_t connector_id, const std::string& config_id,
                         const std::string& name, bool is_default, bool active,
                         json config = json::object()) {
    configurations.push_back({{"id", next_config_row++},
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
    for (const auto& entry : catalog) {
      if (entry.name == name && entry.version == version) return &entry;
    }
    return nullptr;
  }

  dev_state& add_dev_entity(const std::string& name, const std::string& version,
                            const std::string& label) {
    const std::string id = std::to_string(next_dev_id++);
    const std::string root = "/" + name + "_" + version_tag(version) + "_dev";
    dev_state e;
    e.record = {{"id", std::stoll(id)}, {"name", name},        {"version", version},
                {"label", label},       {"development", true}, {"dev_path", root}};
    e.files[root + "/info.json"] =
        json{{"name", name}, {"version", version}, {"label", label}}.dump(2);
    e.files[root + "/connector.py"] =
        "from connectors.core.connector import Connector\n\nclass Hello(Connector):\n    pass\n";
    e.files[root + "/operations.py"] = "def get_status(config, params):\n    return 'ok'\n";
    return dev[id] = std::move(e);
  }

  json dev_view(const dev_state& e) const {
    json record = e.record;
    json tree = json::array();
    for (const auto& file : e.files) tree.push_back(file.first);
    record["files"] = std::move(tree);
    return record;
  }

  std::string next_uuid(const char* kind) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s-0000-4000-8000-%012d", kind, ++uuids);
    return buffer;
  }

  // The ciphertext the fake answers for a secret: it changes on every save
  // of the record (the appliance re-encrypts), never shows the secret.
  std::string cipher(const json& config_row, const std::string& field) const {
    const auto it = secret_generation.find(config_row["config_id"].get<std::string>());
    const int generation = it == secret_generation.end() ? 0 : it->second;
    return "AKG4eJUuE.0x" + std::to_string(1000 + generation) + "." + field;
  }

  // A stored row as the server answers it: secrets encrypted (or "NULL").
  json present(const json& row, bool masked = false) const {
    json out = row;
    if (out.contains("config") && out["config"].is_object()) {
      for (auto it = out["config"].begin(); it != out["config"].end(); ++it) {
        if (is_secret(it.key()) && it.value().is_string() && it.value() != "NULL" &&
            !it.value().get<std::string>().empty()) {
          it.value() = masked ? json("NULL") : json(cipher(row, it.key()));
        }
      }
    }
    return out;
  }

  // A request body refused by FortiSOAR's document, as a 400, or nullopt.
  std::optional<reply> contract_refusal(std::string_view operation, const json& body) const {
    if (!settings.validate_requests) return std::nullopt;
    if (auto problem = detail::fortisoar::request_problem(operation, body)) {
      return message(400, *problem);
    }
    return std::nullopt;
  }
  reply checked(std::string_view operation, reply out) const {
    if (!settings.validate_replies) return out;
    const auto body = json::parse(out.body, nullptr, false);
    if (body.is_discarded()) return out;
    if (auto problem = detail::fortisoar::reply_problem(operation, out.status, body)) {
      return message(500, *problem);
    }
    return out;
  }
};

}  // namespace plugboard::sandbox::detail::fortisoar
