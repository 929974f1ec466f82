// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
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

#include "plugboard/sandbox/detail/ascii.hpp"
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

  enum class shape { server, sdk };

  struct caller {
    std::string token;
    std::string user_id;
    bool admin = false;
  };

  struct settings {
    shape responses = shape::server;
    std::vector<caller> callers = {{"admin-token", "user-admin", true},
                                   {"member-token", "user-member", false}};
    std::string org_id = "org-sandbox";
    // Start with three team instances (owned by the first caller) and one
    // personal instance of the second caller.
    bool seed = true;
  };

  // One connector instance as the fake stores it.
  struct instance {
    std::string id;
    std::string type;
    std::string name;
    std::string scope = "personal";
    std::string created_by;
    std::string updated_by;
    std::string auth_type;
    bool is_active = false;
    bool is_configured = false;
    bool is_authenticated = false;
    bool is_agent_active = false;
    nlohmann::json config = nlohmann::json::object();
    std::string base_url;
    std::int64_t created_ms = 0;
    std::int64_t updated_ms = 0;
  };

  pipeshub_fake() : pipeshub_fake(settings{}) {}
  explicit pipeshub_fake(settings s) : settings_(std::move(s)) {
    if (settings_.seed) seed();
  }

  void install(router& routes) override {
    const std::string base = "/api/v1/connectors";
    // Literal routes before {connector_id}, which would match them too.
    routes.add("GET", base, [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return list_paged(in, who, listing::all); });
    });
    routes.add("POST", base, [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return create(in, who); });
    });
    routes.add("GET", base + "/active", [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return list_flat(who, true); });
    });
    routes.add("GET", base + "/inactive", [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return list_flat(who, false); });
    });
    routes.add("GET", base + "/configured", [this](const incoming& in) {
      return guarded(in,
                     [&](const caller& who) { return list_paged(in, who, listing::configured); });
    });
    routes.add("GET", base + "/agents/active", [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return list_paged(in, who, listing::agents); });
    });
    routes.add("GET", base + "/{connector_id}", [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return get(in.param("connector_id"), who); });
    });
    routes.add("DELETE", base + "/{connector_id}", [this](const incoming& in) {
      return guarded(in, [&](const caller& who) { return remove(in.param("connector_id"), who); });
    });
    routes.add("PUT", base + "/{connector_id}/name", [this](const incoming& in) {
      return guarded(in,
                     [&](const caller& who) { return rename(in.param("connector_id"), in, who); });
    });
    routes.on_not_found([this](const incoming&) { return error_reply(404, "Route not found"); });
  }

  // ---- state, for tests ------------------------------------------------------

  // Adds an instance as it is (an empty id gets a fresh one); returns its id.
  std::string add(instance i) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (i.id.empty()) i.id = next_id();
    if (i.created_ms == 0) i.created_ms = i.updated_ms = tick();
    instances_.push_back(i);
    return i.id;
  }
  // Changes a stored instance (e.g. its flags); false for an unknown id.
  bool modify(const std::string& id, const std::function<void(instance&)>& change) {
    std::lock_guard<std::mutex> lock(mutex_);
    instance* found = find(id);
    if (found == nullptr) return false;
    change(*found);
    return true;
  }
  std::optional<instance> lookup(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& i : instances_) {
      if (i.id == id) return i;
    }
    return std::nullopt;
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return instances_.size();
  }
  void set_shape(shape s) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.responses = s;
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
    std::lock_guard<std::mutex> lock(mutex_);
    if (state.value("replace", false)) instances_.clear();
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
      if (i.id.empty()) i.id = next_id();
      i.type = fields["type"].get<std::string>();
      i.name = fields["name"].get<std::string>();
      i.scope = fields.value("scope", std::string("personal"));
      i.created_by =
          fields.value("created_by", settings_.callers.empty() ? std::string("user-admin")
                                                               : settings_.callers[0].user_id);
      i.updated_by = i.created_by;
      i.auth_type = fields.value("auth_type", std::string("API_TOKEN"));
      i.is_active = fields.value("is_active", false);
      i.is_configured = fields.value("is_configured", false);
      i.is_authenticated = fields.value("is_authenticated", i.is_configured);
      i.is_agent_active = fields.value("is_agent_active", false);
      i.config = fields.value("config", nlohmann::json::object());
      i.base_url = fields.value("base_url", std::string());
      i.created_ms = i.updated_ms = tick();
      instances_.push_back(std::move(i));
    }
  }

 private:
  enum class listing { all, configured, agents };

  struct connector_type {
    std::string type;
    std::string app_group;
    std::string description;
    std::vector<std::string> categories;
    std::vector<std::string> auth_types;
    bool supports_agent = true;
  };

  static const std::vector<connector_type>& registry() {
    static const std::vector<connector_type> types = {
        {"confluence",
         "Atlassian",
         "Sync pages and spaces from Confluence",
         {"Knowledge Management"},
         {"API_TOKEN", "OAUTH"},
         true},
        {"jira",
         "Atlassian",
         "Sync issues from Jira",
         {"Project Management"},
         {"API_TOKEN", "OAUTH"},
         true},
        {"google-drive",
         "Google Workspace",
         "Sync files from Google Drive",
         {"Storage"},
         {"OAUTH", "OAUTH_ADMIN_CONSENT", "SERVICE_ACCOUNT"},
         true},
        {"slack",
         "Slack",
         "Sync messages from Slack channels",
         {"Communication"},
         {"OAUTH", "API_TOKEN"},
         false},
    };
    return types;
  }
  static const connector_type* find_type(const std::string& type) {
    for (const auto& t : registry()) {
      if (t.type == type) return &t;
    }
    return nullptr;
  }

  bool sdk() const { return settings_.responses == shape::sdk; }

  // Express sends `application/json; charset=utf-8`; the SDK's spec says
  // application/json.
  reply respond(int status, const nlohmann::json& body) const {
    reply r = reply::json(status, body);
    if (!sdk()) r.headers.set("Content-Type", "application/json; charset=utf-8");
    return r;
  }

  static std::string error_code(int status) {
    switch (status) {
      case 400: return "HTTP_BAD_REQUEST";
      case 401: return "HTTP_UNAUTHORIZED";
      case 403: return "HTTP_FORBIDDEN";
      case 404: return "HTTP_NOT_FOUND";
      case 409: return "HTTP_CONFLICT";
      default: return "INTERNAL_ERROR";
    }
  }
  reply error_reply(int status, const std::string& message) const {
    return respond(status, {{"error", {{"code", error_code(status)}, {"message", message}}}});
  }

  template <class F>
  reply guarded(const incoming& in, F&& body) {
    const std::string_view header = in.header("Authorization");
    constexpr std::string_view scheme = "bearer ";
    std::lock_guard<std::mutex> lock(mutex_);
    if (detail::istarts_with(header, scheme)) {
      const std::string_view token = header.substr(scheme.size());
      for (const auto& who : settings_.callers) {
        if (!who.token.empty() && who.token == token) return body(who);
      }
    }
    return error_reply(401, "Invalid or expired token");
  }

  instance* find(const std::string& id) {
    for (auto& i : instances_) {
      if (i.id == id) return &i;
    }
    return nullptr;
  }
  static bool visible(const instance& i, const caller& who) {
    return i.scope == "team" || i.created_by == who.user_id;
  }

  std::string next_id() {
    char id[40];
    std::snprintf(id, sizeof id, "6f1c2a9e-5b7d-4c3e-9a10-%012u", ++ids_);
    return id;
  }
  // A clock that moves one second per change, from 2026-01-01T00:00:00Z.
  std::int64_t tick() { return 1767225600000 + 1000 * static_cast<std::int64_t>(++ticks_); }

  static std::string iso8601(std::int64_t ms) {
    std::int64_t seconds = ms / 1000;
    std::int64_t days = seconds / 86400 + 719468;
    const std::int64_t rest = seconds % 86400;
    const std::int64_t era = days / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t day = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t month = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    char text[160];  // room for any int64 fields, so -Wformat-truncation is satisfied
    std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(year), static_cast<long long>(month),
                  static_cast<long long>(day), static_cast<long long>(rest / 3600),
                  static_cast<long long>(rest % 3600 / 60), static_cast<long long>(rest % 60));
    return text;
  }

  nlohmann::json view(const instance& i, bool with_config = false) const {
    if (sdk()) {
      return {{"connectorId", i.id},
              {"connectorType", i.type},
              {"instanceName", i.name},
              {"scope", i.scope},
              {"authType", i.auth_type},
              {"createdBy", i.created_by},
              {"orgId", settings_.org_id},
              {"isActive", i.is_active},
              {"isConfigured", i.is_configured},
              {"isAuthenticated", i.is_authenticated},
              {"syncEnabled", i.is_active},
              {"agentEnabled", i.is_agent_active},
              {"createdAt", iso8601(i.created_ms)},
              {"updatedAt", iso8601(i.updated_ms)}};
    }
    const connector_type* t = find_type(i.type);
    nlohmann::json out = {{"_key", i.id},
                          {"name", i.name},
                          {"type", i.type},
                          {"appGroup", t ? t->app_group : ""},
                          {"supportedAuthTypes", t ? t->auth_types : std::vector<std::string>{}},
                          {"appDescription", t ? t->description : ""},
                          {"appCategories", t ? t->categories : std::vector<std::string>{}},
                          {"iconPath", "/assets/icons/connectors/" + i.type + ".svg"},
                          {"supportsRealtime", false},
                          {"supportsSync", true},
                          {"supportsAgent", t ? t->supports_agent : false},
                          {"isAdminAccessRequired", i.scope == "team"},
                          {"authType", i.auth_type},
                          {"isActive", i.is_active},
                          {"isAgentActive", i.is_agent_active},
                          {"isConfigured", i.is_configured},
                          {"isAuthenticated", i.is_authenticated},
                          {"status", nullptr},
                          {"createdAtTimestamp", i.created_ms},
                          {"updatedAtTimestamp", i.updated_ms},
                          {"scope", i.scope},
                          {"createdBy", i.created_by},
                          {"updatedBy", i.updated_by},
                          {"isLocked", false}};
    if (with_config) out["config"] = i.config;
    return out;
  }

  // page, limit, scope and search from the query; nullopt after a 400 in `bad`.
  struct query {
    int page = 1;
    int limit = 20;
    std::string scope;
    std::string search;
  };
  std::optional<query> read_query(const incoming& in, reply& bad) const {
    query q;
    const auto number = [&](const char* name, int low, int high, int& out) {
      const auto text = in.query_value(name);
      if (!text) return true;
      int value = 0;
      if (text->empty() || text->size() > 6) return false;
      for (char c : *text) {
        if (c < '0' || c > '9') return false;
        value = value * 10 + (c - '0');
      }
      if (value < low || value > high) return false;
      out = value;
      return true;
    };
    if (!number("page", 1, 1000000, q.page)) {
      bad = error_reply(400, "page must be an integer of at least 1");
      return std::nullopt;
    }
    if (!number("limit", 1, 200, q.limit)) {
      bad = error_reply(400, "limit must be an integer between 1 and 200");
      return std::nullopt;
    }
    q.scope = in.query_value("scope").value_or("");
    if (!q.scope.empty() && q.scope != "team" && q.scope != "personal") {
      bad = error_reply(400, "Invalid scope. Must be 'personal' or 'team'");
      return std::nullopt;
    }
    q.search = in.query_value("search").value_or("");
    return q;
  }

  static bool name_matches(const std::string& name, const std::string& search) {
    if (search.empty()) return true;
    const auto lower = [](std::string s) {
      for (auto& c : s) c = detail::ascii_lower(c);
      return s;
    };
    return lower(name).find(lower(search)) != std::string::npos;
  }

  reply list_paged(const incoming& in, const caller& who, listing which) const {
    reply bad;
    const auto q = read_query(in, bad);
    if (!q) return bad;
    std::vector<const instance*> matched;
    for (const auto& i : instances_) {
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
      items.push_back(view(*matched[static_cast<std::size_t>(k)]));
    }
    const bool more = first + q->limit < total;
    if (sdk()) {
      return respond(
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
      return respond(200,
                     {{"success", true},
                      {"connectors",
                       {{"connectors", std::move(items)}, {"pagination", std::move(pagination)}}}});
    }
    return respond(200, {{"success", true},
                         {"connectors", std::move(items)},
                         {"pagination", std::move(pagination)}});
  }

  reply list_flat(const caller& who, bool active) const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& i : instances_) {
      if (visible(i, who) && i.is_active == active) items.push_back(view(i));
    }
    return respond(200, {{"success", true}, {"connectors", std::move(items)}});
  }

  static std::size_t characters(const std::string& text) {
    std::size_t count = 0;
    for (char c : text) {
      if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++count;
    }
    return count;
  }
  static bool blank(const std::string& text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
  }

  static std::string string_member(const nlohmann::json& body, const char* key) {
    const auto it = body.find(key);
    if (it == body.end() || !it->is_string()) return {};
    return it->get<std::string>();
  }

  reply create(const incoming& in, const caller& who) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return error_reply(400, "Request body must be a JSON object");
    const std::string type = string_member(*body, "connectorType");
    const std::string name = string_member(*body, "instanceName");
    std::string scope = string_member(*body, "scope");
    if (type.empty()) return error_reply(400, "connectorType is required");
    if (blank(name)) return error_reply(400, "instanceName is required");
    if (characters(name) > 100)
      return error_reply(400, "instanceName must be at most 100 characters");
    // The server defaults to personal and lower-cases; the SDK always sends it.
    for (auto& c : scope) c = detail::ascii_lower(c);
    if (scope.empty()) {
      if (sdk()) return error_reply(400, "scope is required");
      scope = "personal";
    }
    if (scope != "team" && scope != "personal") {
      return error_reply(400, "Invalid scope. Must be 'personal' or 'team'");
    }
    const connector_type* t = find_type(type);
    if (t == nullptr) {
      // The server answers 404 for a type missing from its registry; the spec says 400.
      return error_reply(sdk() ? 400 : 404, "Connector type '" + type + "' not found");
    }
    if (scope == "team" && !who.admin) {
      return error_reply(403, "Only administrators can create team connectors");
    }
    std::string auth = string_member(*body, "authType");
    if (auth.empty()) {
      auth = t->auth_types.front();
    } else if (std::find(t->auth_types.begin(), t->auth_types.end(), auth) == t->auth_types.end()) {
      return error_reply(400, "Auth type '" + auth + "' is not supported by " + type);
    }
    for (const auto& other : instances_) {
      if (visible(other, who) && other.type == type && other.name == name) {
        return error_reply(400, "A connector instance named '" + name + "' already exists");
      }
    }
    instance i;
    i.id = next_id();
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
    i.created_ms = i.updated_ms = tick();
    instances_.push_back(i);
    if (sdk()) return respond(201, {{"success", true}, {"connector", view(i)}});
    return respond(200, {{"success", true},
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

  reply not_found() const { return error_reply(404, "Connector instance not found"); }

  reply get(const std::string& id, const caller& who) {
    const instance* i = find(id);
    if (i == nullptr || !visible(*i, who)) return not_found();
    return respond(200, {{"success", true}, {"connector", view(*i, /*with_config=*/!sdk())}});
  }

  reply remove(const std::string& id, const caller& who) {
    const auto it = std::find_if(instances_.begin(), instances_.end(),
                                 [&](const instance& i) { return i.id == id; });
    if (it == instances_.end() || !visible(*it, who)) return not_found();
    if (it->scope == "team" && !who.admin) {
      return error_reply(403, "Only administrators can delete team connectors");
    }
    instances_.erase(it);  // the real server deletes in the background
    if (sdk()) return respond(200, {{"success", true}, {"message", "Connector instance deleted"}});
    return respond(202, {{"success", true},
                         {"message", "Connector deletion initiated"},
                         {"connectorId", id},
                         {"status", "DELETING"}});
  }

  reply rename(const std::string& id, const incoming& in, const caller& who) {
    instance* i = find(id);
    if (i == nullptr || !visible(*i, who)) return not_found();
    const auto body = in.json_body();
    if (!body || !body->is_object()) return error_reply(400, "Request body must be a JSON object");
    const std::string name = string_member(*body, "instanceName");
    if (blank(name)) return error_reply(400, "instanceName is required");
    if (characters(name) > 100)
      return error_reply(400, "instanceName must be at most 100 characters");
    i->name = name;
    i->updated_by = who.user_id;
    i->updated_ms = tick();
    if (sdk()) return respond(200, {{"success", true}, {"connector", view(*i)}});
    return respond(200, {{"success", true}, {"connector", {{"_key", i->id}, {"name", i->name}}}});
  }

  void seed() {
    const std::string owner =
        settings_.callers.empty() ? "user-admin" : settings_.callers[0].user_id;
    const std::string member =
        settings_.callers.size() < 2 ? "user-member" : settings_.callers[1].user_id;
    const auto make = [&](const char* type, const char* name, const char* scope,
                          const std::string& by, const char* auth, bool active, bool configured,
                          bool agent) {
      instance i;
      i.id = next_id();
      i.type = type;
      i.name = name;
      i.scope = scope;
      i.created_by = i.updated_by = by;
      i.auth_type = auth;
      i.is_active = active;
      i.is_configured = configured;
      i.is_authenticated = configured;
      i.is_agent_active = agent;
      i.created_ms = i.updated_ms = tick();
      instances_.push_back(std::move(i));
    };
    make("confluence", "Engineering Confluence", "team", owner, "API_TOKEN", true, true, true);
    make("slack", "Company Slack", "team", owner, "OAUTH", true, true, false);
    make("google-drive", "Marketing Drive", "team", owner, "OAUTH", false, false, false);
    make("jira", "My Jira", "personal", member, "API_TOKEN", true, true, true);
  }

  settings settings_;
  mutable std::mutex mutex_;
  std::vector<instance> instances_;
  unsigned ids_ = 0;
  unsigned ticks_ = 0;
};

}  // namespace plugboard::sandbox
