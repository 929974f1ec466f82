// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/auth.hpp"
#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Agents: connectors installed, upgraded and uninstalled per agent, agent
// heartbeats, which agents have a connector, the /api/3/agents records
// (Hydra), the routers and the agent installer.

namespace plugboard::sandbox::detail::fortisoar {

class agent_routes {
 public:
  explicit agent_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto add = [&](const char* verb, const std::string& pattern,
                         reply (agent_routes::*member)(const incoming&)) {
      add_authorized(routes, s_, verb, pattern, *this, member);
    };
    const std::string integration = "/api/integration";
    add("POST", integration + "/install-connector/", &agent_routes::agent_install);
    add("PUT", integration + "/install-connector/", &agent_routes::agent_upgrade);
    add("DELETE", integration + "/install-connector/", &agent_routes::agent_uninstall);
    add("GET", integration + "/agent-heartbeat/{agent_id}/", &agent_routes::heartbeat);
    add("GET", integration + "/connectors/agents/{name}/{version}/",
        &agent_routes::connector_agents);
    add("POST", integration + "/agent-installer/", &agent_routes::agent_installer);
    add("GET", "/api/3/agents", &agent_routes::list_agent_records);
    add("POST", "/api/3/agents", &agent_routes::create_agent_record);
    add("GET", "/api/3/agents/{uuid}", &agent_routes::get_agent_record);
    add("DELETE", "/api/3/agents/{uuid}", &agent_routes::delete_agent_record);
    add("GET", "/api/3/routers", &agent_routes::list_routers);
  }

 private:
  json agent_record_view(const json& record) const {
    json out = record;
    out["@id"] = "/api/3/agents/" + record["uuid"].get<std::string>();
    out["@type"] = "Agent";
    const auto it = s_.agents.find(record["agentId"].get<std::string>());
    const bool alive = it != s_.agents.end() && it->second.alive;
    out["configurationHealth"] = {{"itemValue", alive ? "Connected" : "Remote Node Unreachable"}};
    return out;
  }

  reply list_agent_records(const incoming&) {
    json members = json::array();
    for (const auto& r : s_.agent_records) members.push_back(agent_record_view(r.second));
    return s_.checked("list_agents",
                      reply::json(200, {{"@context", "/api/3/contexts/Agent"},
                                        {"@id", "/api/3/agents"},
                                        {"@type", "hydra:Collection"},
                                        {"hydra:member", std::move(members)},
                                        {"hydra:totalItems", s_.agent_records.size()}}));
  }

  reply get_agent_record(const incoming& in) {
    const auto it = s_.agent_records.find(in.param("uuid"));
    if (it == s_.agent_records.end()) return hydra_error(404, "Not Found");
    return s_.checked("get_agent", reply::json(200, agent_record_view(it->second)));
  }

  reply create_agent_record(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    if (auto refused = s_.contract_refusal("create_agent", *body)) return *refused;
    if (field_text(*body, "router") != std::string("/api/3/routers/") + router_uuid) {
      return hydra_error(400, "router: This value is not valid.");
    }
    const std::string uuid = s_.next_uuid("a9e1a9e1");
    char hash[40];
    std::snprintf(hash, sizeof hash, "%032d", 1000 + s_.uuids);
    const json record = {{"uuid", uuid},
                         {"agentId", hash},
                         {"name", (*body)["name"]},
                         {"description", body->value("description", "")},
                         {"router", (*body)["router"]},
                         {"installerType", (*body)["installerType"]},
                         {"active", true}};
    s_.agent_records[uuid] = record;
    s_.agents[hash] = agent_state{field_text(*body, "name"), false, {}};
    return s_.checked("create_agent", reply::json(201, agent_record_view(record)));
  }

  reply delete_agent_record(const incoming& in) {
    const auto it = s_.agent_records.find(in.param("uuid"));
    if (it == s_.agent_records.end()) return hydra_error(404, "Not Found");
    s_.agents.erase(it->second["agentId"].get<std::string>());
    s_.agent_records.erase(it);
    return s_.checked("delete_agent", reply::no_content());
  }

  reply list_routers(const incoming&) {
    const json router = {{"@id", std::string("/api/3/routers/") + router_uuid},
                         {"@type", "Router"},
                         {"uuid", router_uuid},
                         {"address", "fsr-1"},
                         {"apiPort", 15671}};
    return s_.checked("list_routers", reply::json(200, {{"@id", "/api/3/routers"},
                                                        {"@type", "hydra:Collection"},
                                                        {"hydra:member", json::array({router})},
                                                        {"hydra:totalItems", 1}}));
  }

  // The installer is binary; the fake's is a shell script over 1 KB (pyfsr
  // reads a reply under about 1 KB as an error).
  reply agent_installer(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    if (auto refused = s_.contract_refusal("download_agent_installer", *body)) return *refused;
    const std::string agent = field_text(*body, "agent");
    bool known = false;
    for (const auto& r : s_.agent_records) known = known || r.second["agentId"] == agent;
    if (!known) return message(404, "Agent " + agent + " not found");
    std::string script =
        "#!/bin/sh\n# plugboard sandbox: FortiSOAR agent installer for " + agent + "\n";
    script.append(1100, '#');
    script.push_back('\n');
    return reply::text(200, std::move(script), "application/octet-stream");
  }

  reply connector_agents(const incoming& in) {
    const std::string name = in.param("name");
    const std::string version = in.param("version");
    json rows = json::array();
    if (const auto* c = s_.find_by_name(name); c != nullptr && c->row["version"] == version) {
      rows.push_back({{"agent", self_agent},
                      {"agentId", self_agent},
                      {"name", name},
                      {"version", version},
                      {"status", "Completed"},
                      {"label", c->row["label"]}});
    }
    for (const auto& a : s_.agents) {
      const auto it = a.second.connectors.find(name);
      if (a.first != self_agent && it != a.second.connectors.end() && it->second == version) {
        rows.push_back({{"agent", a.first},
                        {"agentId", a.first},
                        {"name", name},
                        {"version", version},
                        {"status", "Completed"},
                        {"label", name}});
      }
    }
    return reply::json(200, rows);
  }

  bool known_version(const std::string& name, const std::string& version) const {
    if (s_.in_catalog(name, version) != nullptr) return true;
    const auto* c = s_.find_by_name(name);
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
      if (s_.agents.count(agent) == 0) return message(404, "Agent " + agent + " not found");
    }
    for (const auto& agent : targets) s_.agents[agent].connectors[name] = version;
    return reply::json(200, {{"result", "Success"}});
  }

  reply agent_upgrade(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "name");
    const std::string version = field_text(*body, "version");
    const std::string agent = field_text(*body, "agent_id");
    const auto it = s_.agents.find(agent);
    if (it == s_.agents.end()) return message(404, "Agent " + agent + " not found");
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
    const auto it = s_.agents.find(agent);
    if (it == s_.agents.end()) return message(404, "Agent " + agent + " not found");
    const auto installed_here = it->second.connectors.find(name);
    if (installed_here == it->second.connectors.end() || installed_here->second != version) {
      return message(404,
                     "Connector " + name + " " + version + " is not installed on agent " + agent);
    }
    it->second.connectors.erase(installed_here);
    return reply::json(200, {{"status", "Success"}, {"message", "Uninstall accepted"}});
  }

  reply heartbeat(const incoming& in) {
    const auto it = s_.agents.find(in.param("agent_id"));
    if (it == s_.agents.end()) return message(404, "Agent " + in.param("agent_id") + " not found");
    return reply::json(200, {{"agent", it->first},
                             {"status", it->second.alive ? "alive" : "unreachable"},
                             {"latency_ms", it->second.alive ? json(42) : json()}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fortisoar
