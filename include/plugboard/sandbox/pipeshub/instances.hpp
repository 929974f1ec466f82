// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Connector instances: the listings (all, active, inactive, configured,
// agents; filtered by scope, searched by name, paged), create (a team
// instance needs an admin), read, rename and delete; and the registry of
// connector types they are created from, with each type's schema.

namespace plugboard::sandbox::detail::pipeshub {

class instance_routes {
 public:
  explicit instance_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const std::string base = connectors_path;
    // Literal routes before {connector_id}, which would match them too.
    routes.add("GET", base, [this](const incoming& in) {
      return s_.documented(in, "listConnectorInstances",
                           [&](const caller& who) { return list_paged(in, who, listing::all); });
    });
    routes.add("POST", base, [this](const incoming& in) {
      return s_.documented(in, "createConnectorInstance",
                           [&](const caller& who) { return create(in, who); });
    });
    routes.add("GET", base + "/active", [this](const incoming& in) {
      return s_.documented(in, "listActiveConnectors",
                           [&](const caller& who) { return list_flat(who, true); });
    });
    routes.add("GET", base + "/inactive", [this](const incoming& in) {
      return s_.documented(in, "listInactiveConnectors",
                           [&](const caller& who) { return list_flat(who, false); });
    });
    routes.add("GET", base + "/configured", [this](const incoming& in) {
      return s_.documented(in, "listConfiguredConnectors", [&](const caller& who) {
        return list_paged(in, who, listing::configured);
      });
    });
    routes.add("GET", base + "/agents/active", [this](const incoming& in) {
      return s_.documented(in, "listActiveAgentConnectors",
                           [&](const caller& who) { return list_paged(in, who, listing::agents); });
    });
    // The rest of the document's /connectors operations; the literal ones
    // before {connector_id}, which would match their first segment.
    routes.add("GET", base + "/registry", [this](const incoming& in) {
      return s_.documented(in, "getConnectorRegistry",
                           [&](const caller&) { return registry_page(in); });
    });
    routes.add("GET", base + "/registry/{connector_type}/schema", [this](const incoming& in) {
      return s_.documented(in, "getConnectorSchema",
                           [&](const caller&) { return type_schema(in.param("connector_type")); });
    });
    routes.add("GET", base + "/{connector_id}", [this](const incoming& in) {
      return s_.documented(in, "getConnectorInstance",
                           [&](const caller& who) { return get(in.param("connector_id"), who); });
    });
    routes.add("DELETE", base + "/{connector_id}", [this](const incoming& in) {
      return s_.documented(in, "deleteConnectorInstance", [&](const caller& who) {
        return remove(in.param("connector_id"), who);
      });
    });
    routes.add("PUT", base + "/{connector_id}/name", [this](const incoming& in) {
      return s_.documented(in, "updateConnectorName", [&](const caller& who) {
        return rename(in.param("connector_id"), in, who);
      });
    });
  }

 private:
  reply list_paged(const incoming& in, const caller& who, listing which) const {
    reply bad;
    const auto q = s_.read_query(in, bad);
    if (!q) return bad;
    std::vector<const instance*> matched;
    for (const auto& i : s_.instances) {
      if (!visible(i, who)) continue;
      if (!q->scope.empty() && i.scope != q->scope) continue;
      if (which == listing::configured && !i.is_configured) continue;
      if (which == listing::agents && !i.is_agent_active) continue;
      if (!name_matches(i.name, q->search)) continue;
      matched.push_back(&i);
    }
    const auto total = static_cast<std::int64_t>(matched.size());
    const std::int64_t first = static_cast<std::int64_t>(q->page - 1) * q->limit;
    nlohmann::json items = nlohmann::json::array();
    for (std::int64_t k = first; k < total && k < first + q->limit; ++k) {
      items.push_back(s_.view(*matched[static_cast<std::size_t>(k)]));
    }
    const bool more = first + q->limit < total;
    if (s_.sdk()) {
      return s_.respond(
          200, {{"success", true},
                {"connectors", std::move(items)},
                {"pagination",
                 {{"page", q->page}, {"limit", q->limit}, {"total", total}, {"hasMore", more}}}});
    }
    const std::int64_t pages = (total + q->limit - 1) / q->limit;
    nlohmann::json pagination = {{"page", q->page},
                                 {"limit", q->limit},
                                 {"totalCount", total},
                                 {"totalPages", pages},
                                 {"hasPrev", q->page > 1},
                                 {"hasNext", more},
                                 {"prevPage", q->page > 1 ? nlohmann::json(q->page - 1) : nullptr},
                                 {"nextPage", more ? nlohmann::json(q->page + 1) : nullptr}};
    if (which != listing::all) pagination["search"] = q->search;
    if (which == listing::configured) {
      return s_.respond(
          200, {{"success", true},
                {"connectors",
                 {{"connectors", std::move(items)}, {"pagination", std::move(pagination)}}}});
    }
    return s_.respond(200, {{"success", true},
                            {"connectors", std::move(items)},
                            {"pagination", std::move(pagination)}});
  }

  reply list_flat(const caller& who, bool active) const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : s_.instances) {
      if (visible(i, who) && i.is_active == active) items.push_back(s_.view(i));
    }
    return s_.respond(200, {{"success", true}, {"connectors", std::move(items)}});
  }

  reply create(const incoming& in, const caller& who) {
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return s_.error_reply(400, "Request body must be a JSON object");
    const std::string type = string_member(*body, "connectorType");
    const std::string name = string_member(*body, "instanceName");
    std::string scope = string_member(*body, "scope");
    if (type.empty()) return s_.error_reply(400, "connectorType is required");
    if (blank(name)) return s_.error_reply(400, "instanceName is required");
    if (characters(name) > 100)
      return s_.error_reply(400, "instanceName must be at most 100 characters");
    // The server defaults to personal and lower-cases; the SDK always sends it.
    for (auto& c : scope) c = detail::ascii_lower(c);
    if (scope.empty()) {
      if (s_.sdk()) return s_.error_reply(400, "scope is required");
      scope = "personal";
    }
    if (scope != "team" && scope != "personal") {
      return s_.error_reply(400, "Invalid scope. Must be 'personal' or 'team'");
    }
    const connector_type* t = find_type(type);
    if (t == nullptr) {
      // The server answers 404 for a type missing from its registry; the spec says 400.
      return s_.error_reply(s_.sdk() ? 400 : 404, "Connector type '" + type + "' not found");
    }
    if (scope == "team" && !who.admin) {
      return s_.error_reply(403, "Only administrators can create team connectors");
    }
    std::string auth = string_member(*body, "authType");
    if (auth.empty()) {
      auth = t->auth_types.front();
    } else if (std::find(t->auth_types.begin(), t->auth_types.end(), auth) == t->auth_types.end()) {
      return s_.error_reply(400, "Auth type '" + auth + "' is not supported by " + type);
    }
    for (const auto& other : s_.instances) {
      if (visible(other, who) && other.type == type && other.name == name) {
        return s_.error_reply(400, "A connector instance named '" + name + "' already exists");
      }
    }
    instance i;
    i.id = s_.next_id();
    i.type = type;
    i.name = name;
    i.scope = scope;
    i.created_by = i.updated_by = who.user_id;
    i.auth_type = auth;
    if (const auto config = body->find("config"); config != body->end() && config->is_object()) {
      i.config = *config;
      const auto& auth_config = i.config.value("auth", nlohmann::json::object());
      i.is_configured = auth_config.is_object() &&
                        ((auth_config.contains("values") && auth_config["values"].is_object() &&
                          !auth_config["values"].empty()) ||
                         auth_config.contains("oauthConfigId"));
    }
    i.base_url = string_member(*body, "baseUrl");
    i.created_ms = i.updated_ms = s_.tick();
    s_.instances.push_back(i);
    if (s_.sdk()) return s_.respond(201, {{"success", true}, {"connector", s_.view(i)}});
    return s_.respond(200, {{"success", true},
                            {"message", "Connector instance created successfully."},
                            {"connector",
                             {{"connectorId", i.id},
                              {"connectorType", i.type},
                              {"instanceName", i.name},
                              {"created", true},
                              {"scope", i.scope},
                              {"createdBy", i.created_by},
                              {"isAuthenticated", false},
                              {"isConfigured", i.is_configured}}}});
  }

  // ---- registry ----------------------------------------------------------------

  reply registry_page(const incoming& in) const {
    reply bad;
    const auto q = s_.read_query(in, bad);
    if (!q) return bad;
    std::vector<const connector_type*> matched;
    for (const auto& t : detail::pipeshub::catalog()) {
      if (name_matches(t.display_name, q->search) || name_matches(t.type, q->search)) {
        matched.push_back(&t);
      }
    }
    const auto total = static_cast<std::int64_t>(matched.size());
    const std::int64_t first = static_cast<std::int64_t>(q->page - 1) * q->limit;
    nlohmann::json items = nlohmann::json::array();
    for (std::int64_t k = first; k < total && k < first + q->limit; ++k) {
      items.push_back(detail::pipeshub::registry_entry(*matched[static_cast<std::size_t>(k)]));
    }
    return s_.respond(200, {{"success", true},
                            {"connectors", std::move(items)},
                            {"pagination",
                             {{"page", q->page},
                              {"limit", q->limit},
                              {"total", total},
                              {"hasMore", first + q->limit < total}}}});
  }

  reply type_schema(const std::string& type) const {
    const connector_type* t = find_type(type);
    if (t == nullptr) return s_.error_reply(404, "Connector type '" + type + "' not found");
    return s_.respond(200, {{"success", true}, {"schema", detail::pipeshub::schema_view(*t)}});
  }

  reply get(const std::string& id, const caller& who) {
    const instance* i = s_.find(id);
    if (i == nullptr || !visible(*i, who)) return s_.not_found();
    return s_.respond(200,
                      {{"success", true}, {"connector", s_.view(*i, /*with_config=*/!s_.sdk())}});
  }

  reply remove(const std::string& id, const caller& who) {
    const auto it = std::find_if(s_.instances.begin(), s_.instances.end(),
                                 [&](const instance& i) { return i.id == id; });
    if (it == s_.instances.end() || !visible(*it, who)) return s_.not_found();
    if (it->scope == "team" && !who.admin) {
      return s_.error_reply(403, "Only administrators can delete team connectors");
    }
    s_.instances.erase(it);  // the real server deletes in the background
    if (s_.sdk())
      return s_.respond(200, {{"success", true}, {"message", "Connector instance deleted"}});
    return s_.respond(202, {{"success", true},
                            {"message", "Connector deletion initiated"},
                            {"connectorId", id},
                            {"status", "DELETING"}});
  }

  reply rename(const std::string& id, const incoming& in, const caller& who) {
    instance* i = s_.find(id);
    if (i == nullptr || !visible(*i, who)) return s_.not_found();
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return s_.error_reply(400, "Request body must be a JSON object");
    const std::string name = string_member(*body, "instanceName");
    if (blank(name)) return s_.error_reply(400, "instanceName is required");
    if (characters(name) > 100)
      return s_.error_reply(400, "instanceName must be at most 100 characters");
    i->name = name;
    i->updated_by = who.user_id;
    i->updated_ms = s_.tick();
    if (s_.sdk()) return s_.respond(200, {{"success", true}, {"connector", s_.view(*i)}});
    return s_.respond(200,
                      {{"success", true}, {"connector", {{"_key", i->id}, {"name", i->name}}}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::pipeshub
