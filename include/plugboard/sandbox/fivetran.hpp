// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
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

#include "plugboard/detail/civil_date.hpp"
#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/detail/base64.hpp"
#include "plugboard/sandbox/detail/hex.hpp"
#include "plugboard/sandbox/detail/secret_keys.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

// An in-memory Fivetran connector management API (see
// docs/api/fivetran.md), mounted e.g. at "/fivetran":
//
// - Every request needs HTTP Basic with the configured key and secret (401
//   otherwise) and an Accept the API can serve: none, */*, application/*,
//   application/json, optionally with version=1 or 2 (406 otherwise).
//   POST and PATCH need Content-Type application/json (415); a body of
//   `null` or nothing counts as {} (the Python SDK sends null).
// - Groups and connectors live in memory. create answers 201 with the
//   connector in setup state `incomplete` (the fake runs no tests on create);
//   run_setup_tests moves it to `connected`, or to `broken` when its config
//   has "host": "unreachable.invalid".
// - sync sets sync_state `syncing`; a second sync without force during a sync
//   is accepted without restarting, with force it restarts. resync during a
//   sync is 409. finish_sync() ends a sync, as time would.
// - modify changes only the fields given (config keys are merged); delete
//   answers 200, then the connector is 404 NotFound_Connector.
// - metadata: 33 connector types, paged by `limit` (1..1000, default 100)
//   and an opaque `cursor`, the next one in `next_cursor` (or another key).
//   One type has a category outside the SDK's enum, to exercise open enums.
//
// The 401/406/415/400/409 codes are the fake's own; Fivetran documents the
// statuses but not every code.
class fivetran_fake : public service {
 public:
  // The fakes' registry entry (sandbox/fakes.hpp): the service it stands
  // for, and the credential variables (as the CLI and the tour read them)
  // that its default settings accept, with how to say so in a banner.
  static constexpr std::string_view service_name = "fivetran";
  static constexpr std::string_view credentials_help =
      "FIVETRAN_API_KEY=sandbox-api-key FIVETRAN_API_SECRET=sandbox-api-secret";
  static std::vector<std::pair<std::string, std::string>> default_credentials() {
    return {{"FIVETRAN_API_KEY", "sandbox-api-key"}, {"FIVETRAN_API_SECRET", "sandbox-api-secret"}};
  }

  // How the last metadata page says there is no next one.
  enum class cursor_end { omit, null, empty };

  struct settings {
    std::string api_key = "sandbox-api-key";
    std::string api_secret = "sandbox-api-secret";
    std::vector<std::string> groups = {"projected_sickle"};
    // "next_cursor" as the real API, or "nextCursor" as the SDK's spec.
    std::string cursor_key = "next_cursor";
    cursor_end last_page = cursor_end::omit;
  };

  fivetran_fake() : fivetran_fake(settings{}) {}
  explicit fivetran_fake(settings s) : settings_(std::move(s)) {
    for (const auto& g : settings_.groups) groups_.insert(g);
    seed_metadata();
  }

  // A 429 fault with Fivetran's body, for server::inject.
  static fault too_many_requests(std::string retry_after = "60") {
    fault f = fault::http_status(429, std::move(retry_after));
    f.body = R"({"code":"TooManyRequests","message":"Rate limit exceeded, retry later"})";
    return f;
  }

  void install(router& routes) override {
    const std::string one = "/v1/connectors/{connector_id}";
    routes.add("POST", "/v1/connectors",
               [this](const incoming& in) { return guarded(in, [&] { return create(in); }); });
    routes.add("GET", one, [this](const incoming& in) {
      return guarded(in, [&] { return details(in.param("connector_id")); });
    });
    routes.add("PATCH", one, [this](const incoming& in) {
      return guarded(in, [&] { return modify(in.param("connector_id"), in); });
    });
    routes.add("DELETE", one, [this](const incoming& in) {
      return guarded(in, [&] { return remove(in.param("connector_id")); });
    });
    routes.add("POST", one + "/connect-card", [this](const incoming& in) {
      return guarded(in, [&] { return connect_card(in.param("connector_id"), in); });
    });
    routes.add("POST", one + "/test", [this](const incoming& in) {
      return guarded(in, [&] { return test(in.param("connector_id"), in); });
    });
    routes.add("POST", one + "/sync", [this](const incoming& in) {
      return guarded(in, [&] { return sync(in.param("connector_id"), in); });
    });
    routes.add("POST", one + "/resync", [this](const incoming& in) {
      return guarded(in, [&] { return resync(in.param("connector_id"), in); });
    });
    routes.add("GET", "/v1/metadata/{name}", [this](const incoming& in) {
      return guarded(in, [&] { return metadata_list(in.param("name"), in); });
    });
    routes.add("GET", "/v1/metadata/{name}/{service}", [this](const incoming& in) {
      return guarded(in, [&] { return metadata_one(in.param("name"), in.param("service")); });
    });
  }

  // ---- state, for tests ------------------------------------------------------

  void add_group(std::string id) {
    std::lock_guard<std::mutex> lock(mutex_);
    groups_.insert(std::move(id));
  }
  // Adds a connector as it would be after create (with any id, e.g. one that
  // needs encoding); `fields` override the defaults. Returns the id.
  std::string add_connector(std::string id, std::string service_id, nlohmann::json fields = {}) {
    std::lock_guard<std::mutex> lock(mutex_);
    entry e;
    e.record = new_record(id, settings_.groups.empty() ? std::string() : settings_.groups.front(),
                          std::move(service_id), "sandbox_schema");
    if (fields.is_object()) e.record.update(fields);
    connectors_[id] = std::move(e);
    return id;
  }
  // The connector as connector_details would show it, or nullopt.
  std::optional<nlohmann::json> connector(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return std::nullopt;
    return view(it->second);
  }
  // The auth object stored by create or modify (never returned by the API).
  std::optional<nlohmann::json> stored_auth(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return std::nullopt;
    return it->second.auth;
  }
  // The unmasked config, as the fake stores it.
  std::optional<nlohmann::json> stored_config(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return std::nullopt;
    return it->second.record["config"];
  }
  // How many syncs (and re-syncs) were started, restarts included.
  int syncs_started(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = connectors_.find(id);
    return it == connectors_.end() ? 0 : it->second.syncs_started;
  }
  // The scope of the last resync (null for the whole connector), or nullopt.
  std::optional<nlohmann::json> last_resync_scope(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return std::nullopt;
    return it->second.last_resync_scope;
  }
  // Ends a running sync: back to scheduled (or paused), succeeded_at or failed_at set.
  void finish_sync(const std::string& id, bool succeeded = true) {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return;
    auto& r = it->second.record;
    r["status"]["sync_state"] = r["paused"].get<bool>() ? "paused" : "scheduled";
    r["status"]["is_historical_sync"] = false;
    r[succeeded ? "succeeded_at" : "failed_at"] = tick();
  }
  std::size_t connector_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return connectors_.size();
  }
  std::size_t metadata_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return metadata_.size();
  }
  void set_cursor_style(std::string key, cursor_end last_page) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.cursor_key = std::move(key);
    settings_.last_page = last_page;
  }

  // Preloads state from JSON (plugboard-sandbox --seed):
  //   {"replace": true,                        drop the connectors (not the groups) first
  //    "groups": ["projected_sickle"],
  //    "connectors": [{"id": "my_sheets", "service": "google_sheets", "group_id": ...,
  //                    any other connector field}]}
  // A connector without an id gets a fresh one, without a group_id the first
  // group. Throws std::invalid_argument for a key it does not know.
  void seed(const nlohmann::json& state) {
    if (!state.is_object()) throw std::invalid_argument("must be a JSON object");
    for (auto it = state.begin(); it != state.end(); ++it) {
      if (it.key() != "replace" && it.key() != "groups" && it.key() != "connectors") {
        throw std::invalid_argument("unknown key '" + it.key() + "'");
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (state.value("replace", false)) connectors_.clear();
    for (const auto& group : state.value("groups", nlohmann::json::array())) {
      if (!group.is_string()) throw std::invalid_argument("groups must be strings");
      groups_.insert(group.get<std::string>());
    }
    for (const auto& fields : state.value("connectors", nlohmann::json::array())) {
      if (!fields.is_object() || !fields.contains("service") || !fields["service"].is_string()) {
        throw std::invalid_argument("every connector needs a service string");
      }
      const std::string id = fields.contains("id") ? fields["id"].get<std::string>() : next_id();
      std::string group = fields.value("group_id", std::string());
      if (group.empty() && !groups_.empty()) group = *groups_.begin();
      entry e;
      e.record = new_record(id, std::move(group), fields["service"].get<std::string>(),
                            fields.value("schema", std::string("sandbox_schema")));
      e.record.update(fields);
      e.record["id"] = id;
      connectors_[id] = std::move(e);
    }
  }

 private:
  struct entry {
    nlohmann::json record;  // the public fields, config unmasked
    nlohmann::json auth;
    int syncs_started = 0;
    std::optional<nlohmann::json> last_resync_scope;
  };

  static reply fail(int status, std::string code, std::string message) {
    return reply::json(status, {{"code", std::move(code)}, {"message", std::move(message)}});
  }
  static reply success(int status, std::string message, nlohmann::json data = nullptr) {
    nlohmann::json body = {{"code", "Success"}, {"message", std::move(message)}};
    if (!data.is_null()) body["data"] = std::move(data);
    return reply::json(status, body);
  }
  static reply not_found(const std::string& id) {
    return fail(404, "NotFound_Connector", "Connector with id '" + id + "' doesn't exist");
  }
  static reply bad_request(std::string message) {
    return fail(400, "InvalidInput", std::move(message));
  }

  // application/json (with an optional version=1|2), application/*, */*.
  static bool acceptable(std::string_view accept) {
    if (accept.empty()) return true;
    const auto trim = [](std::string_view s) {
      while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
      while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
      return s;
    };
    while (!accept.empty()) {
      const auto comma = accept.find(',');
      std::string_view range = accept.substr(0, comma);
      accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
      const auto semicolon = range.find(';');
      const std::string_view type = trim(range.substr(0, semicolon));
      std::string_view params =
          semicolon == std::string_view::npos ? std::string_view() : range.substr(semicolon + 1);
      if (type == "*/*" || detail::iequals(type, "application/*")) return true;
      if (!detail::iequals(type, "application/json")) continue;
      bool version_ok = true;
      while (!params.empty()) {
        const auto next = params.find(';');
        const std::string_view param = trim(params.substr(0, next));
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
        if (detail::istarts_with(param, "version=")) {
          const auto v = trim(param.substr(8));
          version_ok = v == "1" || v == "2";
        }
      }
      if (version_ok) return true;
    }
    return false;
  }

  // HTTP Basic with the configured key and secret. Decoded here and compared
  // in plain text, never encoded the client's way, so that a client encoding
  // bug fails the tests.
  bool authorized(std::string_view header) const {
    constexpr std::string_view scheme = "basic ";
    if (!detail::istarts_with(header, scheme)) return false;
    const auto credentials = detail::base64_decode(header.substr(scheme.size()));
    return credentials && *credentials == settings_.api_key + ":" + settings_.api_secret;
  }

  template <class F>
  reply guarded(const incoming& in, F&& body) {
    if (!authorized(in.header("Authorization"))) {
      return fail(401, "Unauthorized", "Invalid API key or secret");
    }
    if (!acceptable(in.header("Accept"))) {
      return fail(406, "NotAcceptable",
                  "Use Accept: application/json or Accept: application/json;version=2");
    }
    if (in.method == "POST" || in.method == "PATCH") {
      const auto type = in.header("Content-Type");
      if (!detail::istarts_with(type, "application/json")) {
        return fail(415, "UnsupportedMediaType", "Content-Type must be application/json");
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return body();
  }

  // The request body as an object: nothing or `null` count as {}.
  static std::optional<nlohmann::json> object_body(const incoming& in) {
    if (in.body.empty()) return nlohmann::json::object();
    auto parsed = in.json_body();
    if (!parsed) return std::nullopt;
    if (parsed->is_null()) return nlohmann::json::object();
    if (!parsed->is_object()) return std::nullopt;
    return parsed;
  }

  // A logical clock: every change moves it one minute on from 2026-01-01.
  std::string tick() {
    const std::int64_t seconds = 1767225600 + 60 * ++ticks_;
    const std::int64_t days = seconds / 86400;
    const std::int64_t rest = seconds % 86400;
    const auto date = plugboard::detail::civil_from_days(days);
    const auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    return std::to_string(date.year) + "-" + two(date.month) + "-" + two(date.day) + "T" +
           two(rest / 3600) + ":" + two(rest / 60 % 60) + ":" + two(rest % 60) + ".000Z";
  }

  // Fivetran-style ids: two words, e.g. "decent_dropsy".
  std::string next_id() {
    static constexpr const char* first[] = {"speak", "decent", "towel", "lunar",
                                            "crisp", "amber",  "quiet", "brisk"};
    static constexpr const char* second[] = {"inexpensive", "dropsy", "oyster", "harbor",
                                             "meadow",      "ripple", "summit", "lantern"};
    for (;;) {
      const std::size_t n = next_number_++;
      std::string id = std::string(first[n % 8]) + "_" + second[(n / 8) % 8];
      if (n >= 64) id += "_" + std::to_string(n / 64);
      if (connectors_.count(id) == 0) return id;
    }
  }

  nlohmann::json new_record(const std::string& id, std::string group_id, std::string service_id,
                            std::string schema) {
    return nlohmann::json{{"id", id},
                          {"group_id", std::move(group_id)},
                          {"service", std::move(service_id)},
                          {"service_version", 1},
                          {"schema", std::move(schema)},
                          {"connected_by", "sandbox_user"},
                          {"created_at", tick()},
                          {"succeeded_at", nullptr},
                          {"failed_at", nullptr},
                          {"paused", false},
                          {"pause_after_trial", false},
                          {"sync_frequency", 360},
                          {"daily_sync_time", "03:00"},
                          {"schedule_type", "auto"},
                          {"status",
                           {{"setup_state", "incomplete"},
                            {"sync_state", "scheduled"},
                            {"update_state", "on_schedule"},
                            {"is_historical_sync", true},
                            {"tasks", nlohmann::json::array()},
                            {"warnings", nlohmann::json::array()}}},
                          {"setup_tests", nlohmann::json::array()},
                          {"source_sync_details", nlohmann::json::object()},
                          {"config", nlohmann::json::object()}};
  }

  // What the API shows: secrets in config masked.
  static nlohmann::json view(const entry& e) {
    nlohmann::json out = e.record;
    if (!out["config"].is_object()) return out;
    for (auto& item : out["config"].items()) {
      if (detail::is_secret_key(item.key())) item.value() = "******";
    }
    return out;
  }

  // Checks the fields create and modify share; "" when they are fine.
  static std::string check_settings(const nlohmann::json& body) {
    for (const char* flag : {"paused", "pause_after_trial", "trust_certificates",
                             "trust_fingerprints", "run_setup_tests", "is_historical_sync"}) {
      if (body.contains(flag) && !body[flag].is_boolean()) {
        return std::string("'") + flag + "' must be a boolean";
      }
    }
    if (body.contains("sync_frequency")) {
      const auto& f = body["sync_frequency"];
      static constexpr int allowed[] = {5, 15, 30, 60, 120, 180, 360, 480, 720, 1440};
      bool ok = false;
      if (f.is_number_integer()) {
        for (int a : allowed) ok = ok || f.get<int>() == a;
      }
      if (!ok)
        return "'sync_frequency' must be one of 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440";
    }
    if (body.contains("daily_sync_time")) {
      const auto& t = body["daily_sync_time"];
      const std::string text = t.is_string() ? t.get<std::string>() : std::string();
      const bool ok = text.size() == 5 && text[0] >= '0' && text[0] <= '2' && text[1] >= '0' &&
                      text[1] <= '9' && text.substr(2) == ":00" &&
                      std::stoi(text.substr(0, 2)) < 24;
      if (!ok) return "'daily_sync_time' must look like \"03:00\"";
    }
    if (body.contains("schedule_type") &&
        !(body["schedule_type"] == "auto" || body["schedule_type"] == "manual")) {
      return "'schedule_type' must be \"auto\" or \"manual\"";
    }
    for (const char* object : {"config", "auth"}) {
      if (body.contains(object) && !body[object].is_object()) {
        return std::string("'") + object + "' must be an object";
      }
    }
    if (body.contains("connect_card_config")) {
      const auto& c = body["connect_card_config"];
      if (!c.is_object()) return "'connect_card_config' must be an object";
      if (c.contains("redirect_uri")) {
        const auto& uri = c["redirect_uri"];
        const std::string text = uri.is_string() ? uri.get<std::string>() : std::string();
        if (text.rfind("http://", 0) != 0 && text.rfind("https://", 0) != 0) {
          return "'redirect_uri' must start with http:// or https://";
        }
      }
    }
    return {};
  }

  // Applies the fields create and modify share; `body` was checked.
  void apply_settings(entry& e, const nlohmann::json& body) {
    auto& r = e.record;
    for (const char* key : {"paused", "pause_after_trial", "sync_frequency", "daily_sync_time",
                            "schedule_type", "connect_card_config"}) {
      if (body.contains(key)) r[key] = body[key];
    }
    if (body.contains("paused") && r["status"]["sync_state"] != "syncing") {
      r["status"]["sync_state"] = body["paused"].get<bool>() ? "paused" : "scheduled";
    }
    if (body.contains("is_historical_sync")) {
      r["status"]["is_historical_sync"] = body["is_historical_sync"];
    }
    if (body.contains("schema_status")) r["status"]["schema_status"] = body["schema_status"];
    if (body.contains("config")) r["config"].update(body["config"]);  // keys merged
    if (body.contains("auth")) e.auth = body["auth"];
  }

  void run_tests(entry& e) {
    auto& r = e.record;
    const bool reachable = r["config"].value("host", std::string()) != "unreachable.invalid";
    r["setup_tests"] = nlohmann::json::array(
        {{{"title", "Validating configuration"}, {"status", "PASSED"}, {"message", ""}},
         {{"title", "Connecting to the source"},
          {"status", reachable ? "PASSED" : "FAILED"},
          {"message", reachable ? "" : "Host unreachable.invalid could not be resolved"},
          {"details", reachable ? nlohmann::json(nullptr)
                                : nlohmann::json{{"host", "unreachable.invalid"}}}}});
    r["status"]["setup_state"] = reachable ? "connected" : "broken";
    r["status"]["warnings"] = nlohmann::json::array();
    if (!reachable) {
      r["status"]["tasks"] = nlohmann::json::array(
          {{{"code", "resolve_broken_connection"}, {"message", "Resolve the setup test failure"}}});
    } else {
      r["status"]["tasks"] = nlohmann::json::array();
    }
  }

  reply create(const incoming& in) {
    const auto body = object_body(in);
    if (!body) return bad_request("The request body must be a JSON object");
    for (const char* required : {"group_id", "service"}) {
      if (!body->contains(required) || !(*body)[required].is_string() ||
          (*body)[required].get<std::string>().empty()) {
        return bad_request(std::string("Missing required field '") + required + "'");
      }
    }
    const std::string group = (*body)["group_id"].get<std::string>();
    const std::string service_id = (*body)["service"].get<std::string>();
    if (groups_.count(group) == 0) {
      return fail(404, "NotFound_Group", "Group with id '" + group + "' doesn't exist");
    }
    const auto type = metadata_.find(service_id);
    if (type == metadata_.end()) {
      return bad_request("Unsupported connector service '" + service_id + "'");
    }
    if (auto problem = check_settings(*body); !problem.empty()) return bad_request(problem);
    const nlohmann::json config = body->value("config", nlohmann::json::object());
    const bool database = type->second.value("type", "") == "Database";
    const char* schema_key = database ? "schema_prefix" : "schema";
    if (!config.contains(schema_key) || !config[schema_key].is_string() ||
        config[schema_key].get<std::string>().empty()) {
      return bad_request(std::string("Missing required config field '") + schema_key + "'");
    }
    const std::string id = next_id();
    entry e;
    e.record = new_record(id, group, service_id, config[schema_key].get<std::string>());
    apply_settings(e, *body);
    nlohmann::json data = view(e);
    if (body->contains("connect_card_config")) data["connect_card"] = connect_card_link(id);
    connectors_[id] = std::move(e);
    return success(201, "Connector has been created", std::move(data));
  }

  reply details(const std::string& id) const {
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return not_found(id);
    return success(200, "Operation performed.", view(it->second));
  }

  reply modify(const std::string& id, const incoming& in) {
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return not_found(id);
    const auto body = object_body(in);
    if (!body) return bad_request("The request body must be a JSON object");
    if (auto problem = check_settings(*body); !problem.empty()) return bad_request(problem);
    apply_settings(it->second, *body);
    if (body->value("run_setup_tests", false)) run_tests(it->second);
    return success(200, "Connector has been updated", view(it->second));
  }

  reply remove(const std::string& id) {
    if (connectors_.erase(id) == 0) return not_found(id);
    return success(200, "Connector with id '" + id + "' has been deleted");
  }

  nlohmann::json connect_card_link(const std::string& id) {
    const std::string token = "sandbox-card-" + std::to_string(++cards_) + "-" + id;
    return {{"token", token}, {"uri", "https://fivetran.com/connect-card/setup?auth=" + token}};
  }

  reply connect_card(const std::string& id, const incoming& in) {
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return not_found(id);
    const auto body = object_body(in);
    if (!body) return bad_request("The request body must be a JSON object");
    nlohmann::json config = body->value("connect_card_config", nlohmann::json::object());
    if (auto problem = check_settings({{"connect_card_config", config}}); !problem.empty()) {
      return bad_request(problem);
    }
    if (!config.contains("hide_setup_guide")) config["hide_setup_guide"] = false;
    it->second.record["connect_card_config"] = config;
    return success(200, "Connect Card has been generated",
                   {{"connector_id", id},
                    {"connect_card", connect_card_link(id)},
                    {"connect_card_config", config}});
  }

  reply test(const std::string& id, const incoming& in) {
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return not_found(id);
    const auto body = object_body(in);
    if (!body) return bad_request("The request body must be a JSON object");
    if (auto problem = check_settings(*body); !problem.empty()) return bad_request(problem);
    run_tests(it->second);
    return success(200, "Setup tests were completed", view(it->second));
  }

  reply sync(const std::string& id, const incoming& in) {
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return not_found(id);
    const auto body = object_body(in);
    if (!body) return bad_request("The request body must be a JSON object");
    if (body->contains("force") && !(*body)["force"].is_boolean()) {
      return bad_request("'force' must be a boolean");
    }
    auto& status = it->second.record["status"];
    const bool running = status["sync_state"] == "syncing";
    if (!running || body->value("force", false)) {
      status["sync_state"] = "syncing";
      ++it->second.syncs_started;
    }
    return success(200, "Sync has been successfully triggered for connector with id '" + id + "'");
  }

  reply resync(const std::string& id, const incoming& in) {
    const auto it = connectors_.find(id);
    if (it == connectors_.end()) return not_found(id);
    const auto body = object_body(in);
    if (!body) return bad_request("The request body must be a JSON object");
    nlohmann::json scope = body->value("scope", nlohmann::json());
    if (!scope.is_null()) {
      bool ok = scope.is_object() && !scope.empty();
      for (const auto& tables : scope) {
        ok = ok && tables.is_array();
        for (const auto& t : tables) ok = ok && t.is_string();
      }
      if (!ok) return bad_request("'scope' must map schema names to arrays of table names");
    }
    auto& status = it->second.record["status"];
    if (status["sync_state"] == "syncing") {
      return fail(409, "Conflict",
                  "A sync of connector '" + id +
                      "' is in progress and could not be completed; "
                      "retry the re-sync later");
    }
    status["sync_state"] = "syncing";
    status["is_historical_sync"] = true;
    ++it->second.syncs_started;
    it->second.last_resync_scope = std::move(scope);
    return success(200, "Re-sync has been triggered successfully");
  }

  static bool known_metadata_name(const std::string& name) {
    return name == "connectors" || name == "connector-types";
  }

  static std::string hex(std::string_view text) {
    std::string out;
    for (char c : text) {
      const auto byte = static_cast<unsigned>(static_cast<unsigned char>(c));
      out += "0123456789abcdef"[byte >> 4];
      out += "0123456789abcdef"[byte & 15];
    }
    return out;
  }
  static std::optional<std::string> unhex(std::string_view text) {
    if (text.size() % 2 != 0) return std::nullopt;
    std::string out;
    for (std::size_t i = 0; i < text.size(); i += 2) {
      const int hi = detail::hex_value(text[i]);
      const int lo = detail::hex_value(text[i + 1]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
    }
    return out;
  }

  reply metadata_list(const std::string& name, const incoming& in) const {
    if (!known_metadata_name(name)) return fail(404, "NotFound", "Unknown metadata '" + name + "'");
    std::size_t limit = 100;
    if (const auto text = in.query_value("limit")) {
      long value = 0;
      bool ok = !text->empty() && text->size() <= 6;
      for (char c : *text) ok = ok && c >= '0' && c <= '9';
      if (ok) value = std::stol(*text);
      if (!ok || value < 1 || value > 1000) {
        return bad_request("'limit' must be an integer between 1 and 1000");
      }
      limit = static_cast<std::size_t>(value);
    }
    auto it = metadata_.begin();
    if (const auto cursor = in.query_value("cursor")) {
      // The cursor is "m" and the hex of the first id of the page.
      const auto first = cursor->size() > 1 && cursor->front() == 'm'
                             ? unhex(std::string_view(*cursor).substr(1))
                             : std::nullopt;
      if (!first || metadata_.count(*first) == 0) return bad_request("Invalid cursor");
      it = metadata_.find(*first);
    }
    nlohmann::json items = nlohmann::json::array();
    for (; it != metadata_.end() && items.size() < limit; ++it) {
      nlohmann::json item = it->second;
      item.erase("config");
      item.erase("auth");
      items.push_back(std::move(item));
    }
    nlohmann::json data = {{"items", std::move(items)}};
    if (it != metadata_.end()) {
      data[settings_.cursor_key] = "m" + hex(it->first);
    } else if (settings_.last_page == cursor_end::null) {
      data[settings_.cursor_key] = nullptr;
    } else if (settings_.last_page == cursor_end::empty) {
      data[settings_.cursor_key] = "";
    }
    return success(200, "Operation performed.", std::move(data));
  }

  reply metadata_one(const std::string& name, const std::string& service_id) const {
    if (!known_metadata_name(name)) return fail(404, "NotFound", "Unknown metadata '" + name + "'");
    const auto it = metadata_.find(service_id);
    if (it == metadata_.end()) {
      return fail(404, "NotFound_Service", "Connector type '" + service_id + "' doesn't exist");
    }
    return success(200, "Operation performed.", it->second);
  }

  void seed_metadata() {
    struct seed {
      const char* id;
      const char* name;
      const char* type;
      const char* status;
    };
    static constexpr seed seeds[] = {
        {"adls", "Azure Data Lake Storage", "File", "general_availability"},
        {"amazon_ads", "Amazon Ads", "Marketing", "general_availability"},
        {"asana", "Asana", "Productivity", "general_availability"},
        {"aws_lambda", "AWS Lambda", "Function", "general_availability"},
        {"azure_blob_storage", "Azure Blob Storage", "File", "general_availability"},
        {"bamboohr", "BambooHR", "HumanResources", "general_availability"},
        {"dynamodb", "DynamoDB", "Database", "general_availability"},
        {"facebook_ad_account", "Facebook Ad Account", "Marketing", "general_availability"},
        {"gcs", "Google Cloud Storage", "File", "general_availability"},
        {"github", "GitHub", "Engineering", "general_availability"},
        {"google_analytics_4", "Google Analytics 4", "Marketing", "general_availability"},
        {"google_sheets", "Google Sheets", "File", "general_availability"},
        {"greenhouse", "Greenhouse", "HumanResources", "general_availability"},
        {"hubspot", "HubSpot", "Marketing", "general_availability"},
        {"intercom", "Intercom", "Support", "general_availability"},
        {"jira", "Jira", "Engineering", "general_availability"},
        {"linkedin_ads", "LinkedIn Ad Analytics", "Marketing", "general_availability"},
        {"marketo", "Marketo", "Marketing", "general_availability"},
        {"mongo", "MongoDB", "Database", "general_availability"},
        {"mysql", "MySQL", "Database", "general_availability"},
        {"netsuite_suiteanalytics", "NetSuite SuiteAnalytics", "Finance", "general_availability"},
        {"openai", "OpenAI", "ArtificialIntelligence", "beta"},  // not in the SDK's enum
        {"oracle", "Oracle", "Database", "general_availability"},
        {"postgres", "PostgreSQL", "Database", "general_availability"},
        {"quickbooks", "QuickBooks", "Finance", "general_availability"},
        {"s3", "Amazon S3", "File", "general_availability"},
        {"salesforce", "Salesforce", "Sales", "general_availability"},
        {"shopify", "Shopify", "API", "general_availability"},
        {"snowflake_db", "Snowflake", "Database", "private_preview"},
        {"sql_server", "SQL Server", "Database", "general_availability"},
        {"stripe", "Stripe", "Finance", "general_availability"},
        {"webhooks", "Webhooks", "Events", "general_availability"},
        {"zendesk", "Zendesk Support", "Support", "general_availability"},
    };
    const auto string_prop = [] { return nlohmann::json{{"type", "string"}}; };
    for (const auto& s : seeds) {
      const bool database = std::string_view(s.type) == "Database";
      nlohmann::json config_schema = {{"type", "object"}};
      nlohmann::json auth_schema = {{"type", "object"}};
      if (database) {
        config_schema["properties"] = {
            {"schema_prefix", string_prop()}, {"host", string_prop()},
            {"port", {{"type", "integer"}}},  {"database", string_prop()},
            {"user", string_prop()},          {"password", string_prop()}};
        config_schema["required"] = {"schema_prefix", "host", "port", "user", "password"};
      } else {
        config_schema["properties"] = {{"schema", string_prop()}, {"table", string_prop()}};
        config_schema["required"] = {"schema"};
        auth_schema["properties"] = {
            {"client_access",
             {{"type", "object"},
              {"properties", {{"client_id", string_prop()}, {"client_secret", string_prop()}}}}},
            {"refresh_token", string_prop()}};
      }
      const std::string id = s.id;
      nlohmann::json item = {
          {"id", id},
          {"name", s.name},
          {"type", s.type},
          {"description", std::string("Replicates data from ") + s.name + " to your destination"},
          {"icon_url", "https://fivetran.com/integrations/" + id + "/resources/" + id + ".svg"},
          {"icons", {"https://fivetran.com/integrations/" + id + "/resources/" + id + ".svg"}},
          {"link_to_docs", "https://fivetran.com/docs/connectors/" + id},
          {"service_status", s.status},
          {"config", std::move(config_schema)},
          {"auth", std::move(auth_schema)}};
      if (!database)
        item["link_to_erd"] = "https://fivetran.com/docs/connectors/" + id + "#schemainformation";
      metadata_[id] = std::move(item);
    }
  }

  settings settings_;
  mutable std::mutex mutex_;
  std::set<std::string> groups_;
  std::map<std::string, entry> connectors_;
  std::map<std::string, nlohmann::json> metadata_;  // by id, the listing order
  std::int64_t ticks_ = 0;
  std::size_t next_number_ = 0;
  int cards_ = 0;
};

}  // namespace plugboard::sandbox
