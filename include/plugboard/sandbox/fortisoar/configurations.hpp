// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/auth.hpp"
#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Connector configurations: the paged list (filtered by connector, name,
// active), the single record with its values (secrets encrypted, or "NULL"
// with mask_secrets; an unknown id answers 200 with a blank record), create,
// whole-record PUT (a secret sent back as the ciphertext the fake issued
// keeps its value; "NULL" is stored as sent) and delete.

namespace plugboard::sandbox::detail::fortisoar {

class configuration_routes {
 public:
  explicit configuration_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto add = [&](const char* verb, const std::string& pattern,
                         reply (configuration_routes::*member)(const incoming&)) {
      add_authorized(routes, s_, verb, pattern, *this, member);
    };
    const std::string integration = "/api/integration";
    add("GET", integration + "/configuration/", &configuration_routes::list_configurations);
    add("GET", integration + "/configuration/{config_id}/",
        &configuration_routes::get_configuration);
    add("POST", integration + "/configuration/", &configuration_routes::create_configuration);
    add("PUT", integration + "/configuration/{config_id}/",
        &configuration_routes::update_configuration);
    add("DELETE", integration + "/configuration/{config_id}/",
        &configuration_routes::delete_configuration);
  }

 private:
  json* find_configuration(const std::string& config_id) {
    for (auto& c : s_.configurations) {
      if (c["config_id"] == config_id) return &c;
    }
    return nullptr;
  }

  void make_only_default(std::int64_t connector, const std::string& config_id) {
    for (auto& c : s_.configurations) {
      if (c["connector"] == connector && c["config_id"] != config_id) c["default"] = false;
    }
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
    for (const auto& config : s_.configurations) {
      if (name && config["name"] != *name) continue;
      if (connector && config["connector"] != *connector) continue;
      if (active && (config["status"] == 1) != *active) continue;
      rows.push_back(s_.present(config));
    }
    return s_.paged(in, rows);
  }

  reply get_configuration(const incoming& in) {
    const auto* row = find_configuration(in.param("config_id"));
    if (row == nullptr) {
      // The live server's answer to an id (or name) it does not know.
      return reply::json(200, {{"name", ""},
                               {"config_id", ""},
                               {"config", json::object()},
                               {"default", false},
                               {"teams", json::array()}});
    }
    return reply::json(200, s_.present(*row, s_.settings.mask_secrets));
  }

  reply create_configuration(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    if (!(*body).contains("connector") || !(*body)["connector"].is_number_integer()) {
      return reply::text(500, "Internal Server Error", "text/html");  // a name-only body
    }
    if (auto refused = s_.contract_refusal("create_configuration", *body)) return *refused;
    const auto connector_id = (*body)["connector"].get<std::int64_t>();
    const auto found = s_.connectors.find(connector_id);
    if (found == s_.connectors.end()) return message(404, "Connector not found");
    const std::string name = field_text(*body, "name");
    const std::string agent =
        field_text(*body, "agent").empty() ? std::string(self_agent) : field_text(*body, "agent");
    const std::string wanted_id = field_text(*body, "config_id");
    for (const auto& c : s_.configurations) {
      if (c["name"] == name && c["connector"] == connector_id && c["agent"] == agent) {
        return message(400, "name, connector, agent must be unique");
      }
      if (!wanted_id.empty() && c["config_id"] == wanted_id) {
        return message(400, "configuration with this config id already exists");
      }
    }
    const std::string config_id = wanted_id.empty() ? s_.next_uuid("c0f1c0f1") : wanted_id;
    const bool is_default = body->value("default", false);
    s_.add_configuration(connector_id, config_id, name, is_default, true,
                         (*body)["config"].is_object() ? (*body)["config"] : json::object());
    s_.configurations.back()["agent"] = agent;
    if (is_default) make_only_default(connector_id, config_id);
    ++s_.configuration_writes;
    json out = s_.present(s_.configurations.back(), true);  // secrets echoed as "NULL"
    const auto& row = found->second.row;
    out["connector_name"] = row["name"];
    out["connector_version"] = row["version"];
    out["status"] = {
        {"status", "finished"},
        {"message", "Connector " + row["name"].get<std::string>() + " version " +
                        row["version"].get<std::string>() + " as been configured successfully"}};
    return s_.checked("create_configuration", reply::json(201, out));
  }

  // PUT replaces the whole record. A secret sent back as the ciphertext the
  // fake issued keeps its stored value; anything else, "NULL" included, is
  // stored as sent.
  reply update_configuration(const incoming& in) {
    auto* row = find_configuration(in.param("config_id"));
    if (row == nullptr) return reply::json(404, {{"detail", "Not found."}});
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    if (field_text(*body, "name").empty()) return message(400, "name: This field is required.");
    json config = body->contains("config") && (*body)["config"].is_object() ? (*body)["config"]
                                                                            : json::object();
    for (auto it = config.begin(); it != config.end(); ++it) {
      if (is_secret(it.key()) && it.value().is_string() &&
          it.value() == s_.cipher(*row, it.key()) && (*row)["config"].contains(it.key())) {
        it.value() = (*row)["config"][it.key()];
      }
    }
    (*row)["name"] = (*body)["name"];
    (*row)["config"] = std::move(config);
    (*row)["default"] = body->value("default", false);
    (*row)["agent"] = field_text(*body, "agent").empty() ? json(self_agent) : (*body)["agent"];
    (*row)["teams"] = body->contains("teams") ? (*body)["teams"] : json::array();
    if ((*row)["default"] == true) {
      make_only_default((*row)["connector"].get<std::int64_t>(), in.param("config_id"));
    }
    ++s_.secret_generation[in.param("config_id")];
    ++s_.configuration_writes;
    json out = s_.present(*row);
    out["status"] = {{"status", "finished"}, {"message", "Configuration updated"}};
    return reply::json(200, out);
  }

  reply delete_configuration(const incoming& in) {
    const std::string id = in.param("config_id");
    if (to_int(id)) return reply::text(500, "Internal Server Error", "text/html");  // not the uuid
    const auto before = s_.configurations.size();
    s_.configurations.erase(std::remove_if(s_.configurations.begin(), s_.configurations.end(),
                                           [&](const json& c) { return c["config_id"] == id; }),
                            s_.configurations.end());
    if (s_.configurations.size() == before) return reply::json(404, {{"detail", "Not found."}});
    ++s_.configuration_writes;
    return s_.checked("delete_configuration", reply::no_content());
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fortisoar
