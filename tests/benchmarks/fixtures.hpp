// SPDX-License-Identifier: MIT
// Shared inputs for the benchmarks: canned response bodies, a 10-field
// request model, and the hand-written floor (plain nlohmann/json and string
// building, the code a user would write without plugboard).
#pragma once

#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/providers/models.hpp"

namespace bench {

// ---- canned bodies ------------------------------------------------------------

inline nlohmann::json provider_json(int i) {
  return {
      {"id", "5b0c1c7e-8a51-4c3e-9d7a-" + std::to_string(100000000000 + i)},
      {"provider_slug", "provider-" + std::to_string(i)},
      {"display_name", "Provider number " + std::to_string(i)},
      {"auth_type", "oauth2"},
      {"execution_strategy", "server-side"},
      {"default_scopes",
       {{{"name", "https://www.googleapis.com/auth/calendar"}, {"description", "Calendar access"}},
        {{"name", "https://www.googleapis.com/auth/drive.readonly"},
         {"description", "Read Drive files"}},
        {{"name", "https://www.googleapis.com/auth/gmail.send"}, {"description", "Send mail"}}}},
      {"config_schema",
       {{"type", "object"},
        {"required", {"client_id", "client_secret"}},
        {"properties",
         {{"client_id", {{"type", "string"}, {"title", "Client ID"}}},
          {"client_secret", {{"type", "string"}, {"title", "Client secret"}}}}}}},
      {"setup_complete", i % 2 == 0},
      {"created_at", "2026-01-02T03:04:05Z"},
      {"updated_at", nullptr}};
}

// ~1 KB: one provider in the documented envelope.
inline std::string one_provider_body() { return nlohmann::json{{"data", provider_json(1)}}.dump(); }

inline std::string provider_list_body(int n) {
  nlohmann::json items = nlohmann::json::array();
  for (int i = 0; i < n; ++i) items.push_back(provider_json(i));
  return nlohmann::json{{"data", items}}.dump();
}

// ---- a 10-field POST body -----------------------------------------------------------

struct widget_request {
  std::string name;
  std::string group_id;
  std::string service;
  int sync_frequency = 0;
  std::optional<std::string> daily_sync_time;
  bool paused = false;
  bool trust_certificates = false;
  bool run_setup_tests = false;
  std::vector<std::string> tags;
  std::optional<std::string> schedule_type;

  static constexpr auto fields() {
    using plugboard::field;
    return plugboard::field_list(field("name", &widget_request::name),
                                 field("group_id", &widget_request::group_id),
                                 field("service", &widget_request::service),
                                 field("sync_frequency", &widget_request::sync_frequency),
                                 field("daily_sync_time", &widget_request::daily_sync_time),
                                 field("paused", &widget_request::paused),
                                 field("trust_certificates", &widget_request::trust_certificates),
                                 field("run_setup_tests", &widget_request::run_setup_tests),
                                 field("tags", &widget_request::tags),
                                 field("schedule_type", &widget_request::schedule_type));
  }
};

struct widget_created {
  std::string id;
  std::string status;
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::field("id", &widget_created::id),
                                 plugboard::field("status", &widget_created::status));
  }
};

struct create_widget {
  std::string group_id;
  widget_request body;
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/v1/groups/{group_id}/widgets";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("group_id", &create_widget::group_id),
                                 plugboard::body_param(&create_widget::body));
  }
  using result = widget_created;
};

inline widget_request sample_widget() {
  widget_request w;
  w.name = "warehouse sync";
  w.group_id = "group_7";
  w.service = "postgres";
  w.sync_frequency = 360;
  w.daily_sync_time = "03:00";
  w.paused = false;
  w.trust_certificates = true;
  w.run_setup_tests = true;
  w.tags = {"prod", "eu-west"};
  w.schedule_type = "auto";
  return w;
}

inline const char* widget_created_body = R"({"id":"w_123","status":"created"})";

// A Fivetran connection's details (~1 KB), the shape of the current API.
inline const char* fivetran_connection_body = R"({"code":"Success","message":"ok","data":{
  "id":"speak_inexpensive","group_id":"projected_sickle","service":"postgres",
  "service_version":1,"schema":"pg_main","connected_by":"mystery_fox",
  "created_at":"2026-01-02T03:04:05.000Z","succeeded_at":"2026-01-03T03:04:05.000Z",
  "failed_at":null,"paused":false,"pause_after_trial":false,"sync_frequency":360,
  "data_delay_sensitivity":"NORMAL","data_delay_threshold":0,"daily_sync_time":"03:00",
  "schedule_type":"auto","networking_method":"Directly",
  "status":{"setup_state":"connected","sync_state":"scheduled","update_state":"on_schedule",
            "is_historical_sync":false,"tasks":[],
            "warnings":[{"code":"slow","message":"the source is slow"}]},
  "setup_tests":[{"title":"Connecting","status":"PASSED","message":""}],
  "config":{"host":"db.example.com","port":5432,"database":"main","user":"fivetran",
            "password":"******","update_method":"XMIN"},
  "source_sync_details":{"last_synced":"2026-01-03T03:04:05.000Z"}}})";

// ---- plugboard's side: a transport that answers instantly -------------------------------

struct canned_transport {
  std::shared_ptr<const plugboard::response> reply;
  plugboard::response send(const plugboard::request&) const { return *reply; }
};

inline canned_transport canned(std::string body, int status = 200) {
  auto r = std::make_shared<plugboard::response>();
  r->status = status;
  r->headers.set("Content-Type", "application/json");
  r->body = std::move(body);
  return canned_transport{r};
}

// ---- the hand-written floor ----------------------------------------------------------

namespace by_hand {

struct scope {
  std::string name;
  std::optional<std::string> description;
};

struct provider {
  std::string id;
  std::string provider_slug;
  std::optional<std::string> display_name;
  std::optional<std::string> auth_type;
  std::optional<std::string> execution_strategy;
  std::vector<scope> default_scopes;
  nlohmann::json config_schema;
  bool setup_complete = false;
  std::optional<std::string> created_at;
  std::optional<std::string> updated_at;
};

// The floor is what a careful person writes by hand: members read once from
// the parsed document (moved out of it where the type allows), a to_json of
// the shape NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE generates (each member
// assigned straight into the object), no extra copies of bodies or
// documents.
inline void string_member(nlohmann::json& j, const char* key, std::string& out) {
  const auto it = j.find(key);
  if (it != j.end() && it->is_string()) out = std::move(it->get_ref<std::string&>());
}

inline void optional_member(nlohmann::json& j, const char* key, std::optional<std::string>& out) {
  const auto it = j.find(key);
  if (it != j.end() && it->is_string()) out = std::move(it->get_ref<std::string&>());
}

inline void from_json(nlohmann::json& j, scope& s) {
  s.name = std::move(j.at("name").get_ref<std::string&>());
  optional_member(j, "description", s.description);
}

inline void from_json(nlohmann::json& j, provider& p) {
  string_member(j, "id", p.id);
  p.provider_slug = std::move(j.at("provider_slug").get_ref<std::string&>());
  optional_member(j, "display_name", p.display_name);
  optional_member(j, "auth_type", p.auth_type);
  optional_member(j, "execution_strategy", p.execution_strategy);
  if (auto it = j.find("default_scopes"); it != j.end() && it->is_array()) {
    auto& items = it->get_ref<nlohmann::json::array_t&>();
    p.default_scopes.reserve(items.size());
    for (auto& item : items) from_json(item, p.default_scopes.emplace_back());
  }
  if (auto it = j.find("config_schema"); it != j.end()) p.config_schema = std::move(*it);
  if (auto it = j.find("setup_complete"); it != j.end() && it->is_boolean()) {
    p.setup_complete = it->get<bool>();
  }
  optional_member(j, "created_at", p.created_at);
  optional_member(j, "updated_at", p.updated_at);
}

// What NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE generates, with the two optionals
// left out when empty.
inline void to_json(nlohmann::json& j, const widget_request& w) {
  j["name"] = w.name;
  j["group_id"] = w.group_id;
  j["service"] = w.service;
  j["sync_frequency"] = w.sync_frequency;
  if (w.daily_sync_time) j["daily_sync_time"] = *w.daily_sync_time;
  j["paused"] = w.paused;
  j["trust_certificates"] = w.trust_certificates;
  j["run_setup_tests"] = w.run_setup_tests;
  j["tags"] = w.tags;
  if (w.schedule_type) j["schedule_type"] = *w.schedule_type;
}

inline void pct_encode_to(std::string& out, std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[u >> 4];
      out += hex[u & 15];
    }
  }
}

struct raw_response {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
};

// The same instant "transport" as canned_transport, in the user's own types.
struct canned_reply {
  std::shared_ptr<const raw_response> reply;
  raw_response send(const std::string& method, const std::string& url,
                    const std::vector<std::pair<std::string, std::string>>& headers,
                    const std::string& body) const {
    (void)method, (void)url, (void)headers, (void)body;
    return *reply;
  }
};

inline canned_reply canned(std::string body) {
  auto r = std::make_shared<raw_response>();
  r->status = 200;
  r->headers.emplace_back("Content-Type", "application/json");
  r->body = std::move(body);
  return canned_reply{r};
}

inline std::vector<std::pair<std::string, std::string>> headers(const std::string& key) {
  return {{"Accept", "application/json"}, {"X-API-Key", key}};
}

inline std::string url(const std::string& base, std::string_view path, std::string_view id = {}) {
  std::string out;
  out.reserve(base.size() + path.size() + id.size() * 3);
  out.append(base).append(path);
  pct_encode_to(out, id);
  return out;
}

inline provider get_provider(const canned_reply& t, const std::string& base, const std::string& key,
                             std::string_view slug) {
  const raw_response r =
      t.send("GET", url(base, "/v1/admin/connector-providers/", slug), headers(key), {});
  if (r.status != 200) throw std::runtime_error("HTTP " + std::to_string(r.status));
  auto document = nlohmann::json::parse(r.body);
  provider p;
  from_json(document.at("data"), p);
  return p;
}

inline std::vector<provider> list_providers(const canned_reply& t, const std::string& base,
                                            const std::string& key) {
  const raw_response r =
      t.send("GET", url(base, "/v1/admin/connector-providers"), headers(key), {});
  if (r.status != 200) throw std::runtime_error("HTTP " + std::to_string(r.status));
  auto document = nlohmann::json::parse(r.body);
  auto& items = document.at("data").get_ref<nlohmann::json::array_t&>();
  std::vector<provider> out;
  out.reserve(items.size());
  for (auto& item : items) from_json(item, out.emplace_back());
  return out;
}

inline std::string create_widget(const canned_reply& t, const std::string& base,
                                 const std::string& key, const widget_request& w) {
  auto h = headers(key);
  h.emplace_back("Content-Type", "application/json");
  nlohmann::json body;
  to_json(body, w);
  std::string target = url(base, "/v1/groups/", w.group_id);
  target.append("/widgets");
  const raw_response r = t.send("POST", target, h, body.dump());
  if (r.status != 200) throw std::runtime_error("HTTP " + std::to_string(r.status));
  auto document = nlohmann::json::parse(r.body);
  return std::move(document.at("id").get_ref<std::string&>());
}

}  // namespace by_hand
}  // namespace bench
