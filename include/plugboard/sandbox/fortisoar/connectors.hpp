// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/auth.hpp"
#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Installed connectors: the paged list, the detail by install id (POST;
// GET is 405, a POST without a body 415), uninstall, healthcheck and
// dependencies check by name and version, and execute of an operation with
// a configuration (INTEGRATION-12 without a usable one).

namespace plugboard::sandbox::detail::fortisoar {

class connector_routes {
 public:
  explicit connector_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto add = [&](const char* verb, const std::string& pattern,
                         reply (connector_routes::*member)(const incoming&)) {
      add_authorized(routes, s_, verb, pattern, *this, member);
    };
    const std::string integration = "/api/integration";
    add("GET", integration + "/connectors/", &connector_routes::list_connectors);
    add("POST", integration + "/connectors/{id}/", &connector_routes::connector_detail);
    add("GET", integration + "/connectors/{id}/", &connector_routes::detail_by_get);
    add("DELETE", integration + "/connectors/{id}/", &connector_routes::uninstall);
    add("GET", integration + "/connectors/healthcheck/{name}/{version}/",
        &connector_routes::healthcheck);
    add("POST", integration + "/execute/", &connector_routes::execute);
    add("GET", integration + "/connectors/dependencies_check/{name}/{version}/",
        &connector_routes::dependencies_check);
  }

 private:
  reply list_connectors(const incoming& in) {
    std::vector<json> rows;
    for (const auto& c : s_.connectors) rows.push_back(s_.row_view(c.second));
    return s_.paged(in, rows);
  }

  reply connector_detail(const incoming& in) {
    auto* c = s_.find_by_id(in.param("id"));
    if (c == nullptr) return message(404, "Connector not found");
    // The integration service is Django REST framework: no body, no media type.
    if (in.body.empty())
      return reply::json(415, {{"detail", "Unsupported media type \"\" in request."}});
    if (!in.json_body()) return reply::json(400, {{"detail", "JSON parse error"}});
    return reply::json(200, s_.detail_view(*c));
  }

  reply detail_by_get(const incoming&) {
    return message(405, "Get method for this API is forbidden, Please use POST method");
  }

  reply uninstall(const incoming& in) {
    auto* c = s_.find_by_id(in.param("id"));
    if (c == nullptr) return message(404, "Connector not found");
    const auto id = c->row["id"].get<std::int64_t>();
    s_.configurations.erase(
        std::remove_if(s_.configurations.begin(), s_.configurations.end(),
                       [&](const json& config) { return config["connector"] == id; }),
        s_.configurations.end());
    s_.connectors.erase(id);
    return reply::no_content();
  }

  reply healthcheck(const incoming& in) {
    const auto* c = s_.find_by_name(in.param("name"));
    if (c == nullptr || c->row["version"] != in.param("version")) {
      return message(404,
                     "Connector " + in.param("name") + " " + in.param("version") + " not found");
    }
    const auto configs = s_.configurations_of(c->row["id"].get<std::int64_t>());
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

  reply execute(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "connector");
    const std::string version = field_text(*body, "version");
    const std::string op = field_text(*body, "operation");
    const auto* c = s_.find_by_name(name);
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
    const auto configs = s_.configurations_of(c->row["id"].get<std::int64_t>());
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

  reply dependencies_check(const incoming& in) {
    const auto* c = s_.find_by_name(in.param("name"));
    if (c == nullptr || c->row["version"] != in.param("version")) {
      return message(404,
                     "Connector " + in.param("name") + " " + in.param("version") + " not found");
    }
    return reply::json(
        200, {{"dependencies_installed", true}, {"message", "All dependencies are installed"}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fortisoar
