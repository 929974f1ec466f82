// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/server.hpp"

// An instance's configuration: read (auth secrets masked), and the writes
// of the whole config, of its auth (an OAuth instance must then authorize
// again) and of its filters and sync settings.

namespace plugboard::sandbox::detail::pipeshub {

inline bool secret_key(std::string key) {
  for (auto& c : key) c = detail::ascii_lower(c);
  return key.find("token") != std::string::npos || key.find("secret") != std::string::npos ||
         key.find("password") != std::string::npos || key.find("json") != std::string::npos;
}
// Auth values as the server shows them: secrets masked.
inline nlohmann::json masked(nlohmann::json auth) {
  if (auth.is_object() && auth.contains("values") && auth["values"].is_object()) {
    for (auto it = auth["values"].begin(); it != auth["values"].end(); ++it) {
      if (secret_key(it.key())) *it = "********";
    }
  }
  return auth;
}

class config_routes {
 public:
  explicit config_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto per_instance = [&](const char* verb, const std::string& suffix,
                                  const char* operation, auto member) {
      add_per_instance(routes, s_, *this, verb, suffix, operation, member);
    };
    per_instance("GET", "/config", "getConnectorConfig", &config_routes::get_config);
    per_instance("PUT", "/config", "updateConnectorConfig", &config_routes::put_config);
    per_instance("PUT", "/config/auth", "updateConnectorAuthConfig", &config_routes::put_auth);
    per_instance("PUT", "/config/filters-sync", "updateConnectorFiltersSyncConfig",
                 &config_routes::put_filters_sync);
  }

 private:
  nlohmann::json config_view(const instance& i) const {
    const auto part = [&](const char* key) {
      const auto it = i.config.find(key);
      return it != i.config.end() && it->is_object() ? *it : nlohmann::json::object();
    };
    nlohmann::json out = {
        {"connectorId", i.id},
        {"connectorType", i.type},
        {"instanceName", i.name},
        {"authType", i.auth_type},
        {"scope", i.scope},
        {"config",
         {{"auth", masked(part("auth"))}, {"sync", part("sync")}, {"filters", part("filters")}}},
        {"isActive", i.is_active},
        {"isConfigured", i.is_configured},
        {"isAuthenticated", i.is_authenticated}};
    if (!i.base_url.empty()) out["baseUrl"] = i.base_url;
    return out;
  }

  reply get_config(instance& i, const incoming&, const caller&) {
    return s_.respond(200, {{"success", true}, {"config", config_view(i)}});
  }

  // What `auth` lacks for the instance's auth type, or "" when complete.
  std::string missing_auth_value(const instance& i, const nlohmann::json& auth) const {
    const nlohmann::json values = auth.value("values", nlohmann::json::object());
    const auto given = [&](const std::string& key) {
      const auto it = values.find(key);
      return it != values.end() && it->is_string() && !it->get<std::string>().empty();
    };
    if (detail::pipeshub::is_oauth(i.auth_type)) {
      if (auth.contains("oauthConfigId")) return {};
      for (const char* key : {"clientId", "clientSecret"}) {
        if (!given(key)) return key;
      }
      return {};
    }
    if (i.auth_type == "API_TOKEN") {
      const connector_type* t = find_type(i.type);
      for (const auto& key : t ? t->token_fields : std::vector<std::string>{}) {
        if (!given(key)) return key;
      }
      return {};
    }
    return given("serviceAccountJson") || given("username") ? std::string() : "serviceAccountJson";
  }

  // Stores auth config; OAuth instances must then authorize (again).
  std::optional<reply> apply_auth(instance& i, const nlohmann::json& auth) {
    const std::string missing = missing_auth_value(i, auth);
    if (!missing.empty()) {
      return s_.error_reply(400,
                            "Missing required auth field '" + missing + "' for " + i.auth_type);
    }
    i.config["auth"] = auth;
    i.is_configured = true;
    i.is_authenticated = !detail::pipeshub::is_oauth(i.auth_type);
    return std::nullopt;
  }

  reply put_auth(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    const nlohmann::json body = object_of(in);
    if (auto bad = apply_auth(i, body["auth"])) return *bad;
    if (body.contains("baseUrl")) i.base_url = body["baseUrl"].get<std::string>();
    s_.touch(i, who);
    return s_.respond(200, {{"success", true}, {"config", config_view(i)}});
  }

  reply put_config(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    const nlohmann::json body = object_of(in);
    if (body.contains("auth")) {
      if (auto bad = apply_auth(i, body["auth"])) return *bad;
    }
    if (body.contains("filters")) {
      if (auto bad = s_.apply_filter_values(i, body["filters"])) return *bad;
    }
    if (body.contains("sync")) i.config["sync"] = body["sync"];
    if (body.contains("baseUrl")) i.base_url = body["baseUrl"].get<std::string>();
    s_.touch(i, who);
    return s_.respond(200, {{"success", true}, {"config", config_view(i)}});
  }

  reply put_filters_sync(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    const nlohmann::json body = object_of(in);
    const nlohmann::json before = i.filters;
    if (body.contains("filters")) {
      if (auto bad = s_.apply_filter_values(i, body["filters"])) return *bad;
    }
    if (body.contains("sync")) i.config["sync"] = body["sync"];
    if (body.contains("baseUrl")) i.base_url = body["baseUrl"].get<std::string>();
    s_.touch(i, who);
    const bool changed = before != i.filters;
    return s_.respond(200, {{"success", true},
                            {"config", config_view(i)},
                            {"message", "Connector configuration updated"},
                            {"syncFiltersChanged", changed}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::pipeshub
