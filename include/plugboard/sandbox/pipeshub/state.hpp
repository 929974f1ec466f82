// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/contract_checks.hpp"
#include "plugboard/sandbox/server.hpp"

// What the Pipeshub fake remembers, and its settings: the connector
// instances, the records syncs and file events brought in, and the OAuth
// states and codes in flight; with what the routes (sandbox/pipeshub/*.hpp)
// share: the caller's bearer token (guarded), the document's checks around
// a handler (documented, checked), the two reply shapes (respond, view) and
// the saved filters' rules. One mutex guards all of it: the route handlers
// run with it held.

namespace plugboard::sandbox {

// How the fake answers: as the current pipeshub-ai server, or exactly as
// the SDK's spec says.
enum class pipeshub_shape { server, sdk };

struct pipeshub_caller {
  std::string token;
  std::string user_id;
  bool admin = false;
};

struct pipeshub_settings {
  pipeshub_shape responses = pipeshub_shape::server;
  std::vector<pipeshub_caller> callers = {{"admin-token", "user-admin", true},
                                          {"member-token", "user-member", false}};
  std::string org_id = "org-sandbox";
  // Start with three team instances (owned by the first caller) and one
  // personal instance of the second caller.
  bool seed = true;
  // Check JSON request bodies and 2xx replies against Pipeshub's OpenAPI
  // document (sandbox/pipeshub/contract_checks.hpp): a request that
  // departs is a 400 naming the JSON pointer, a reply a 500.
  bool validate_requests = true;
  bool validate_replies = true;
  // Where the OAuth callback sends the browser when no baseUrl is given.
  std::string frontend_url = "https://pipeshub.example.com";
};

// One connector instance as the fake stores it.
struct pipeshub_instance {
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
  // Saved filters, {category: {name: {operator, value}}}: sync cannot be
  // enabled before the type's required ones are saved.
  nlohmann::json filters = nlohmann::json::object();
  std::int64_t last_sync_ms = 0;
};

// A record: what a sync or a file event brought in.
struct pipeshub_record {
  std::string id;
  std::string connector_id;
  std::string path;
  std::string name;
  std::string content;
  std::string mime_type;
  std::string status = "COMPLETED";  // its indexing status
  std::string record_type = "FILE";
  std::int64_t created_ms = 0;
  std::int64_t modified_ms = 0;
};

}  // namespace plugboard::sandbox

namespace plugboard::sandbox::detail::pipeshub {

using shape = pipeshub_shape;
using caller = pipeshub_caller;
using instance = pipeshub_instance;
using record = pipeshub_record;

// Where the fake's routes are, below its mount point.
inline constexpr const char* connectors_path = "/api/v1/connectors";

enum class listing { all, configured, agents };

// The filter fields of a type (none for a type the registry lacks).
inline const std::vector<detail::pipeshub::filter_field>& filters_of(const std::string& type) {
  static const std::vector<detail::pipeshub::filter_field> none;
  const connector_type* t = find_type(type);
  return t != nullptr ? t->filters : none;
}

inline std::string error_code(int status) {
  switch (status) {
    case 400: return "HTTP_BAD_REQUEST";
    case 401: return "HTTP_UNAUTHORIZED";
    case 403: return "HTTP_FORBIDDEN";
    case 404: return "HTTP_NOT_FOUND";
    case 409: return "HTTP_CONFLICT";
    default: return "INTERNAL_ERROR";
  }
}

inline bool visible(const instance& i, const caller& who) {
  return i.scope == "team" || i.created_by == who.user_id;
}

inline std::string iso8601(std::int64_t ms) {
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

inline bool name_matches(const std::string& name, const std::string& search) {
  if (search.empty()) return true;
  const auto lower = [](std::string s) {
    for (auto& c : s) c = detail::ascii_lower(c);
    return s;
  };
  return lower(name).find(lower(search)) != std::string::npos;
}

inline std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++count;
  }
  return count;
}
inline bool blank(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

inline std::string string_member(const nlohmann::json& body, const char* key) {
  const auto it = body.find(key);
  if (it == body.end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// A JSON object body (checked() has accepted it); {} when there is none.
inline nlohmann::json object_of(const incoming& in) {
  auto parsed = in.json_body();
  if (!parsed || !parsed->is_object()) return nlohmann::json::object();
  return std::move(*parsed);
}

class state {
 public:
  explicit state(pipeshub_settings s) : settings(std::move(s)) {}

  pipeshub_settings settings;
  mutable std::mutex mutex;
  std::vector<instance> instances;
  std::vector<record> records;
  std::map<std::string, std::string> oauth_states;  // OAuth state -> instance id
  std::map<std::string, std::string> temp_codes;    // callback's tempCode -> instance id
  unsigned records_made = 0;
  unsigned tokens = 0;
  unsigned ids = 0;
  unsigned ticks = 0;

  bool sdk() const { return settings.responses == shape::sdk; }

  // Express sends `application/json; charset=utf-8`; the SDK's spec says
  // application/json.
  reply respond(int status, const nlohmann::json& body) const {
    reply r = reply::json(status, body);
    if (!sdk()) r.headers.set("Content-Type", "application/json; charset=utf-8");
    return r;
  }

  reply error_reply(int status, const std::string& message) const {
    return respond(status, {{"error", {{"code", error_code(status)}, {"message", message}}}});
  }

  template <class F>
  reply guarded(const incoming& in, F&& body) {
    const std::string_view header = in.header("Authorization");
    constexpr std::string_view scheme = "bearer ";
    std::lock_guard<std::mutex> lock(mutex);
    if (detail::istarts_with(header, scheme)) {
      const std::string_view token = header.substr(scheme.size());
      for (const auto& who : settings.callers) {
        if (!who.token.empty() && who.token == token) return body(who);
      }
    }
    return error_reply(401, "Invalid or expired token");
  }

  // ---- the document's checks around a handler --------------------------------

  // A documented operation of a caller: guarded() and checked().
  template <class F>
  reply documented(const incoming& in, std::string_view operation, F&& handle) {
    return guarded(
        in, [&](const caller& who) { return checked(in, operation, [&] { return handle(who); }); });
  }

  // A JSON body (none is {}) checked against the operation's request schema
  // (400 naming where it departs), and a 2xx JSON reply against its response
  // schema (500: a bug in the fake).
  template <class F>
  reply checked(const incoming& in, std::string_view operation, F&& handle) {
    const bool json_body = in.method == "POST" || in.method == "PUT";
    if (json_body && settings.validate_requests &&
        !detail::istarts_with(in.header("Content-Type"), "multipart/")) {
      nlohmann::json body = nlohmann::json::object();
      if (!in.body.empty()) {
        auto parsed = in.json_body();
        if (!parsed) return error_reply(400, "The request body is not JSON");
        body = std::move(*parsed);
      }
      if (auto problem = detail::pipeshub::request_problem(operation, body)) {
        return error_reply(400, *problem);
      }
    }
    reply out = handle();
    if (settings.validate_replies && out.status >= 200 && out.status < 300 &&
        !(settings.responses == shape::server &&
          detail::pipeshub::server_shape_departs(operation))) {
      const auto parsed = nlohmann::json::parse(out.body, nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_discarded()) {
        if (auto problem = detail::pipeshub::reply_problem(operation, out.status, parsed)) {
          return error_reply(500, *problem);
        }
      }
    }
    return out;
  }

  instance* find(const std::string& id) {
    for (auto& i : instances) {
      if (i.id == id) return &i;
    }
    return nullptr;
  }

  std::string next_id() {
    char id[40];
    std::snprintf(id, sizeof id, "6f1c2a9e-5b7d-4c3e-9a10-%012u", ++ids);
    return id;
  }
  // A clock that moves one second per change, from 2026-01-01T00:00:00Z.
  std::int64_t tick() { return 1767225600000 + 1000 * static_cast<std::int64_t>(++ticks); }

  std::string next_record_id() { return "rec-" + std::to_string(++records_made); }

  nlohmann::json view(const instance& i, bool with_config = false) const {
    if (sdk()) {
      return {{"connectorId", i.id},
              {"connectorType", i.type},
              {"instanceName", i.name},
              {"scope", i.scope},
              {"authType", i.auth_type},
              {"createdBy", i.created_by},
              {"orgId", settings.org_id},
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

  std::optional<reply> may_change(const instance& i, const caller& who) const {
    if (i.scope == "team" && !who.admin) {
      return error_reply(403, "Only administrators can change team connectors");
    }
    return std::nullopt;
  }

  void touch(instance& i, const caller& who) {
    i.updated_by = who.user_id;
    i.updated_ms = tick();
  }

  reply not_found() const { return error_reply(404, "Connector instance not found"); }

  const record* visible_record(const std::string& id, const caller& who) const {
    for (const auto& r : records) {
      if (r.id != id) continue;
      for (const auto& i : instances) {
        if (i.id == r.connector_id && visible(i, who)) return &r;
      }
    }
    return nullptr;
  }

  std::string web_url(const record& r) const { return settings.frontend_url + "/record/" + r.id; }

  // ConnectorFiltersConfig ({sync: {values}, indexing: {values}}) as saved filters.
  std::optional<reply> apply_filter_values(instance& i, const nlohmann::json& filters) {
    nlohmann::json saved = nlohmann::json::object();
    for (const char* category : {"sync", "indexing"}) {
      if (filters.contains(category) && filters[category].is_object() &&
          filters[category].contains("values")) {
        saved[category] = filters[category]["values"];
      }
    }
    if (auto bad = check_filters(i, saved)) return bad;
    i.filters = saved;
    i.config["filters"] = filters;
    return std::nullopt;
  }

  // Saved filters: {category: {name: {operator, value}}}, every name a
  // filter field of that category and every listed value one of its options.
  std::optional<reply> check_filters(const instance& i, const nlohmann::json& filters) const {
    for (auto category = filters.begin(); category != filters.end(); ++category) {
      if (category.key() != "sync" && category.key() != "indexing") {
        return error_reply(400, "Unknown filter category '" + category.key() + "'");
      }
      if (!category->is_object()) {
        return error_reply(400, "Filters of '" + category.key() + "' must be an object");
      }
      for (auto entry = category->begin(); entry != category->end(); ++entry) {
        const detail::pipeshub::filter_field* field = nullptr;
        for (const auto& f : filters_of(i.type)) {
          if (f.name == entry.key() && f.category == category.key()) field = &f;
        }
        if (field == nullptr) {
          return error_reply(
              400, "Unknown " + category.key() + " filter '" + entry.key() + "' for " + i.type);
        }
        if (!entry->is_object() || !entry->contains("value")) {
          return error_reply(400, "Filter '" + entry.key() + "' needs an operator and a value");
        }
        const auto& value = (*entry)["value"];
        if (field->filter_type == "multiselect" && value.is_array()) {
          for (const auto& v : value) {
            const bool known = std::any_of(field->options.begin(), field->options.end(),
                                           [&](const detail::pipeshub::filter_option& o) {
                                             return v.is_string() && v.get<std::string>() == o.id;
                                           });
            if (!known) {
              return error_reply(
                  400, "Unknown option " + v.dump() + " for filter '" + entry.key() + "'");
            }
          }
        }
      }
    }
    return std::nullopt;
  }

  void seed() {
    const std::string owner = settings.callers.empty() ? "user-admin" : settings.callers[0].user_id;
    const std::string member =
        settings.callers.size() < 2 ? "user-member" : settings.callers[1].user_id;
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
      instances.push_back(std::move(i));
    };
    make("confluence", "Engineering Confluence", "team", owner, "API_TOKEN", true, true, true);
    make("slack", "Company Slack", "team", owner, "OAUTH", true, true, false);
    make("google-drive", "Marketing Drive", "team", owner, "OAUTH", false, false, false);
    make("jira", "My Jira", "personal", member, "API_TOKEN", true, true, true);
  }
};

// Adds a documented operation on one instance, connectors_path +
// "/{connector_id}" + suffix: 404 for an instance the caller cannot see.
template <class Routes>
void add_per_instance(router& routes, state& s, Routes& self, const char* verb,
                      const std::string& suffix, const char* operation,
                      reply (Routes::*member)(instance&, const incoming&, const caller&)) {
  routes.add(verb, std::string(connectors_path) + "/{connector_id}" + suffix,
             [&s, &self, operation, member](const incoming& in) {
               return s.documented(in, operation, [&](const caller& who) {
                 instance* i = s.find(in.param("connector_id"));
                 if (i == nullptr || !visible(*i, who)) return s.not_found();
                 return (self.*member)(*i, in, who);
               });
             });
}

}  // namespace plugboard::sandbox::detail::pipeshub
