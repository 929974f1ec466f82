// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/detail/civil_date.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

// An in-memory Pieces OS: the connector API, the well-known calls and the
// applications calls (see docs/api/pieces.md).
//
// Release. It plays a 4.x server (settings::release, the default: every
// call plugboard has) or a 5.x one, which answers /{application}/track with
// 404 "Route not found" (the 5.0.0 SDK no longer has the call; what a real
// 5.x server answers is UNCONFIRMED). GET /.well-known/version answers the
// release's version (4.1.0 or 5.0.0 unless settings::os_version says), as
// does the context of connect; GET and HEAD /.well-known/health answer 200
// "ok" (the body is UNCONFIRMED). Mount it at "" (the root) to stand in for
// a Pieces OS that discovery can find.
//
// Applications. Pieces OS keeps the integrations it knows (registered) and,
// separately, which of them called /connect since it started (connected):
//   - POST /connect registers the application on first sight (a fresh id)
//     and connects it. The same name + version + platform connecting again
//     gets the same id back.
//   - an id the fake never registered            -> 400 (unknown application);
//   - an id registered but not connected          -> 401 (/connect not called).
//     Tests make one with register_application() (known from an earlier
//     session) or restart_os() (every application must connect again).
// Connect with a body that lacks application name/version/platform -> 400.
// Connect without a body connects a default application (UNKNOWN, version
// 0.0.0, platform UNKNOWN; UNCONFIRMED: the spec makes the body optional,
// what a real server does without one is not documented).
//
// Applications: POST /applications/register registers (or updates) the
// Application it is given, which then needs /connect like any other; the
// session calls open and close sessions (kept for tests, with the
// X-Application-ID of the request when there is one; closing an unknown
// session -> 404, UNCONFIRMED).
//
// State kept for tests: intentions, reactions, suggestions and tracked
// events per application, the onboarded flag, and the saved assets. An
// intention is remembered for comparison; react() with "save": true saves
// the seed's asset and answers with its new uid ("OK" otherwise); suggest()
// suggests reuse when an earlier intention or saved asset holds the
// identical fragment, and saving otherwise.
//
// Text replies are text/plain by default, or JSON strings
// (settings::text_replies). Error bodies are plain text, as documented.
// X-Application-ID is accepted and ignored.
class pieces_fake : public service {
 public:
  // The fakes' registry entry (sandbox/fakes.hpp): the service it stands
  // for, and the credential variables (as the CLI and the tour read them)
  // that its default settings accept, with how to say so in a banner.
  static constexpr std::string_view service_name = "pieces";
  static constexpr std::string_view credentials_help = "no credentials";
  static std::vector<std::pair<std::string, std::string>> default_credentials() { return {}; }

  enum class text_format { plain, json_string };
  // Which Pieces OS it plays: 4.x has every call plugboard has, 5.x no track.
  enum class os_release { v4, v5 };

  struct settings {
    text_format text_replies = text_format::plain;
    std::string os_id = "0e5f1c2a-7b3d-4c8e-9f10-a1b2c3d4e5f6";
    os_release release = os_release::v4;
    std::string os_version{};  // empty: the release's, 4.1.0 or 5.0.0
    nlohmann::json user{};     // Context.user; null leaves it out
  };

  // A session the applications calls opened.
  struct session_record {
    nlohmann::json session;   // the Session as the calls answer it
    std::string application;  // the X-Application-ID it was opened with, if any
  };

  struct application_record {
    nlohmann::json application;  // the Application as connect() returns it
    bool connected = false;
    std::vector<nlohmann::json> intentions;
    std::vector<nlohmann::json> reactions;
    std::vector<nlohmann::json> suggestions;  // the SeededConnectorCreation bodies
    std::vector<nlohmann::json> tracked;      // the SeededConnectorTracking bodies
  };

  pieces_fake() : pieces_fake(settings{}) {}
  explicit pieces_fake(settings s) : settings_(std::move(s)) {}

  void install(router& routes) override {
    routes.add("POST", "/connect",
               [this](const incoming& in) { return locked([&] { return connect(in); }); });
    for (const char* verb : {"GET", "HEAD"}) {
      routes.add(verb, "/.well-known/health",
                 [this](const incoming&) { return locked([&] { return text("ok"); }); });
    }
    routes.add("GET", "/.well-known/version", [this](const incoming&) {
      return locked([&] { return text(reported_version()); });
    });
    routes.add("POST", "/applications/register",
               [this](const incoming& in) { return locked([&] { return register_from(in); }); });
    routes.add("POST", "/applications/session/open",
               [this](const incoming& in) { return locked([&] { return open_session(in); }); });
    routes.add("POST", "/applications/session/close",
               [this](const incoming& in) { return locked([&] { return close_session(in); }); });
    routes.add("POST", "/{application}/intention", [this](const incoming& in) {
      return per_application(in, [&](application_record& app) { return intention(app, in); });
    });
    routes.add("POST", "/{application}/onboarded", [this](const incoming& in) {
      return per_application(in, [&](application_record& app) { return onboarded(app, in); });
    });
    routes.add("POST", "/{application}/reaction", [this](const incoming& in) {
      return per_application(in, [&](application_record& app) { return react(app, in); });
    });
    routes.add("POST", "/{application}/suggestion", [this](const incoming& in) {
      return per_application(in, [&](application_record& app) { return suggest(app, in); });
    });
    routes.add("POST", "/{application}/track", [this](const incoming& in) {
      return locked([&] {
        if (settings_.release == os_release::v5) return reply::text(404, "Route not found");
        return for_application(in, [&](application_record& app) { return track(app, in); });
      });
    });
  }

  // ---- state, for tests ------------------------------------------------------

  // Registers an application without connecting it (calls with its id get
  // 401 until it connects). `seeded` is a SeededTrackedApplication; an empty
  // `id` picks a fresh one. Returns the id.
  std::string register_application(const nlohmann::json& seeded, std::string id = {}) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (id.empty()) id = fresh_id(0xa9911ca7u);
    applications_[id] = application_record{describe(id, seeded), false, {}, {}, {}, {}};
    return id;
  }
  // Pieces OS restarted: applications stay registered but must connect again.
  void restart_os() {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& app : applications_) app.second.connected = false;
  }
  // The next request to this fake is answered with `status` and a text body.
  void fail_next(int status, std::string text) {
    std::lock_guard<std::mutex> lock(mutex_);
    failure_ = std::make_pair(status, std::move(text));
  }
  void set_text_replies(text_format f) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.text_replies = f;
  }
  // Plays another release from now on; `os_version` empty: the release's.
  void set_release(os_release release, std::string os_version = {}) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.release = release;
    settings_.os_version = std::move(os_version);
  }
  // The version it reports (/.well-known/version, connect's context).
  std::string version() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return reported_version();
  }

  // Preloads state from JSON (plugboard-sandbox --seed):
  //   {"release": 5, "os_version": "5.0.3",
  //    "applications": [{"id": "...", "name": "OPEN_SOURCE", "version": "1.0.0",
  //                      "platform": "LINUX", "connected": true}]}
  // `release` (4 or 5) and `os_version` pick the Pieces OS it plays. Registers
  // each application (a fresh id when none is given); only a connected one
  // may call at once. Throws std::invalid_argument for a key it does not know.
  void seed(const nlohmann::json& state) {
    if (!state.is_object()) throw std::invalid_argument("must be a JSON object");
    for (auto it = state.begin(); it != state.end(); ++it) {
      if (it.key() != "applications" && it.key() != "release" && it.key() != "os_version") {
        throw std::invalid_argument("unknown key '" + it.key() + "'");
      }
    }
    if (state.contains("release") && state["release"] != 4 && state["release"] != 5) {
      throw std::invalid_argument("release must be 4 or 5");
    }
    if (state.contains("os_version") && !state["os_version"].is_string()) {
      throw std::invalid_argument("os_version must be a string");
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (state.contains("release")) {
      settings_.release = state["release"] == 5 ? os_release::v5 : os_release::v4;
    }
    if (state.contains("os_version")) {
      settings_.os_version = state["os_version"].get<std::string>();
    }
    for (const auto& fields : state.value("applications", nlohmann::json::array())) {
      if (!fields.is_object()) throw std::invalid_argument("every application must be an object");
      std::string id = fields.value("id", std::string());
      if (id.empty()) id = fresh_id(0xa9911ca7u);
      nlohmann::json seeded = fields;
      seeded.erase("id");
      seeded.erase("connected");
      applications_[id] = application_record{
          describe(id, seeded), fields.value("connected", false), {}, {}, {}, {}};
    }
  }

  // A copy of what the fake keeps for `id`, or nullopt when it is unknown.
  std::optional<application_record> application(const std::string& id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = applications_.find(id);
    if (it == applications_.end()) return std::nullopt;
    return it->second;
  }
  std::size_t application_count() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return applications_.size();
  }
  // Every saved asset (as returned in suggestions), oldest first.
  std::vector<nlohmann::json> saved_assets() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<nlohmann::json> out;
    for (const auto& a : assets_) {
      if (a.saved) out.push_back(a.asset);
    }
    return out;
  }
  const std::string& os_id() const noexcept { return settings_.os_id; }
  // Every session opened, oldest first.
  std::vector<session_record> sessions() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sessions_;
  }

 private:
  struct known_asset {
    nlohmann::json asset;  // the Asset as suggestions list it
    std::string fragment;  // the compact JSON of its fragment, for comparison
    bool saved = false;    // false: only seen in an intention
  };

  template <class F>
  reply locked(F&& body) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (failure_) {
      auto f = std::move(*failure_);
      failure_.reset();
      return reply::text(f.first, std::move(f.second));
    }
    return body();
  }

  template <class F>
  reply per_application(const incoming& in, F&& body) {
    return locked([&] { return for_application(in, body); });
  }

  // With the lock held.
  template <class F>
  reply for_application(const incoming& in, F&& body) {
    const auto it = applications_.find(in.param("application"));
    if (it == applications_.end()) {
      return reply::text(400,
                         "Bad Request, Application Failed to connect, Please ensure this is a "
                         "valid integration.");
    }
    if (!it->second.connected) {
      return reply::text(401, "Unauthorized: /connect was not called for your application.");
    }
    return body(it->second);
  }

  // With the lock held.
  std::string reported_version() const {
    if (!settings_.os_version.empty()) return settings_.os_version;
    return settings_.release == os_release::v5 ? "5.0.0" : "4.1.0";
  }

  reply text(std::string value) const {
    if (settings_.text_replies == text_format::json_string) {
      return reply::json(200, nlohmann::json(std::move(value)));
    }
    return reply::text(200, std::move(value));
  }

  // The body as JSON: nullopt when there is none; a 400 reply when it is not JSON.
  static std::optional<nlohmann::json> body_of(const incoming& in, std::optional<reply>& error) {
    if (in.body.empty()) return std::nullopt;
    auto parsed = in.json_body();
    if (!parsed) error = reply::text(400, "Bad Request: the body is not valid JSON.");
    return parsed;
  }

  std::string fresh_id(unsigned kind) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08x-0000-4000-8000-%012llx", kind,
                  static_cast<unsigned long long>(++counter_));
    return buffer;
  }

  static nlohmann::json describe(const std::string& id, const nlohmann::json& seeded) {
    const auto value_or = [&](const char* key, nlohmann::json fallback) {
      const auto it = seeded.find(key);
      return it == seeded.end() || it->is_null() ? fallback : *it;
    };
    nlohmann::json app = {{"id", id},
                          {"name", value_or("name", "UNKNOWN")},
                          {"version", value_or("version", "0.0.0")},
                          {"platform", value_or("platform", "UNKNOWN")},
                          {"onboarded", false},
                          {"privacy", value_or("privacy", "OPEN")},
                          {"capabilities", value_or("capabilities", "BLENDED")},
                          {"mechanism", "MANUAL"},
                          {"automaticUnload", value_or("automaticUnload", false)}};
    if (seeded.contains("enrichment")) app["enrichment"] = seeded["enrichment"];
    return app;
  }

  reply connect(const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    // No body: the default application (UNCONFIRMED, see the class comment).
    const nlohmann::json connection =
        body ? *body
             : nlohmann::json{
                   {"application",
                    {{"name", "UNKNOWN"}, {"version", "0.0.0"}, {"platform", "UNKNOWN"}}}};
    if (!connection.is_object() || !connection.contains("application") ||
        !connection["application"].is_object()) {
      return reply::text(400,
                         "Bad Request: a SeededConnectorConnection with an application is "
                         "required.");
    }
    const auto& seeded = connection["application"];
    for (const char* key : {"name", "version", "platform"}) {
      if (!seeded.contains(key) || !seeded[key].is_string() ||
          seeded[key].get<std::string>().empty()) {
        return reply::text(400, std::string("Bad Request: application.") + key + " is required.");
      }
    }
    // The same integration connecting again keeps its id.
    std::string id;
    for (auto& entry : applications_) {
      const auto& known = entry.second.application;
      if (known["name"] == seeded["name"] && known["version"] == seeded["version"] &&
          known["platform"] == seeded["platform"]) {
        id = entry.first;
      }
    }
    if (id.empty()) {
      id = fresh_id(0xa9911ca7u);
      applications_[id] = application_record{describe(id, seeded), false, {}, {}, {}, {}};
    }
    auto& app = applications_[id];
    app.connected = true;
    nlohmann::json context = {
        {"os", settings_.os_id},
        {"application", app.application},
        {"health", {{"os", {{"id", settings_.os_id}, {"version", reported_version()}}}}}};
    if (!settings_.user.is_null()) context["user"] = settings_.user;
    return reply::json(200, context);
  }

  // The fragment (or, without one, the whole format) as comparable text.
  static std::string fragment_key(const nlohmann::json& seeded_asset) {
    if (!seeded_asset.is_object() || !seeded_asset.contains("format")) return {};
    const auto& format = seeded_asset["format"];
    if (format.is_object() && format.contains("fragment")) return format["fragment"].dump();
    return format.dump();
  }

  nlohmann::json remember(const application_record& app, const nlohmann::json& seeded_asset,
                          bool saved) {
    nlohmann::json asset = {{"id", fresh_id(0xa55e7000u)},
                            {"creator", app.application["id"]},
                            {"mechanism", "MANUAL"},
                            {"created", {{"value", "2026-01-01T00:00:00.000Z"}}},
                            {"updated", {{"value", "2026-01-01T00:00:00.000Z"}}},
                            {"original", {{"id", fresh_id(0xf0e3a700u)}}},
                            {"format", seeded_asset.value("format", nlohmann::json::object())}};
    if (seeded_asset.contains("metadata") && seeded_asset["metadata"].contains("name")) {
      asset["name"] = seeded_asset["metadata"]["name"];
    }
    assets_.push_back(known_asset{asset, fragment_key(seeded_asset), saved});
    return asset;
  }

  reply intention(application_record& app, const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    if (!body) return text("OK");
    if (!body->is_object() || !body->contains("format") || !(*body)["format"].is_object()) {
      return reply::text(500, "Internal Server Error: the SeededConnectorAsset has no format.");
    }
    app.intentions.push_back(*body);
    remember(app, *body, false);
    return text("OK");  // UNCONFIRMED: the documented reply is an unspecified string
  }

  reply onboarded(application_record& app, const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    if (body) {
      if (!body->is_boolean())
        return reply::text(400, "Bad Request: the body must be true or false.");
      app.application["onboarded"] = *body;
    }
    return text("OK");
  }

  reply react(application_record& app, const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    if (!body) return text("OK");
    if (!body->is_object() || !body->contains("save") || !(*body)["save"].is_boolean() ||
        !body->contains("seed")) {
      return reply::text(400, "Bad Request: a Reaction needs save and seed.");
    }
    app.reactions.push_back(*body);
    const auto& seed = (*body)["seed"];
    if ((*body)["save"].get<bool>() && seed.is_object() && seed.contains("asset")) {
      return text(remember(app, seed["asset"], true)["id"].get<std::string>());
    }
    return text("OK");
  }

  reply suggest(application_record& app, const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    const nlohmann::json seed = body ? *body : nlohmann::json::object();
    if (!seed.is_object())
      return reply::text(400, "Bad Request: a SeededConnectorCreation is required.");
    app.suggestions.push_back(seed);
    const std::string key = seed.contains("asset") ? fragment_key(seed["asset"]) : std::string();
    nlohmann::json reuse = nlohmann::json::array();
    nlohmann::json compared = nlohmann::json::array();
    nlohmann::json distribution = nlohmann::json::object();
    for (const auto& known : assets_) {
      compared.push_back(known.asset);
      const bool same = !key.empty() && known.fragment == key;
      distribution[known.asset["id"].get<std::string>()] = same ? 0.0 : 1.0;
      if (same) reuse.push_back(known.asset);
    }
    const bool reusable = !reuse.empty();
    return reply::json(200,
                       {{"reuse", {{"suggested", reusable}, {"assets", {{"iterable", reuse}}}}},
                        {"save", {{"suggested", !reusable && !key.empty()}}},
                        {"target", {{"seed", seed}, {"vector", 0.0}}},
                        {"assets", {{"iterable", compared}}},
                        {"distribution", distribution}});
  }

  reply track(application_record& app, const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    if (body) {
      if (!body->is_object())
        return reply::text(400, "Bad Request: a SeededConnectorTracking is required.");
      app.tracked.push_back(*body);
    }
    return text("OK");
  }

  // POST /applications/register: the Application, stored as given (with the
  // fields a fresh one lacks filled in), not connected until it calls /connect.
  reply register_from(const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    if (!body || !body->is_object()) {
      return reply::text(400, "Bad Request: an Application is required.");
    }
    for (const char* key : {"id", "name", "version", "platform"}) {
      if (!body->contains(key) || !(*body)[key].is_string() ||
          (*body)[key].get<std::string>().empty()) {
        return reply::text(400, std::string("Bad Request: application.") + key + " is required.");
      }
    }
    const std::string id = (*body)["id"].get<std::string>();
    nlohmann::json app = describe(id, *body);
    for (auto it = body->begin(); it != body->end(); ++it) app[it.key()] = it.value();
    auto found = applications_.find(id);
    if (found == applications_.end()) {
      applications_[id] = application_record{app, false, {}, {}, {}, {}};
    } else {
      found->second.application = app;
    }
    return reply::json(200, app);
  }

  reply open_session(const incoming& in) {
    nlohmann::json session = {{"id", fresh_id(0x5e5510e0u)}, {"opened", {{"value", tick()}}}};
    sessions_.push_back(session_record{session, std::string(in.header("X-Application-ID"))});
    return reply::json(200, session);
  }

  reply close_session(const incoming& in) {
    std::optional<reply> error;
    const auto body = body_of(in, error);
    if (error) return *error;
    if (!body || !body->is_string()) {
      return reply::text(400, "Bad Request: the session id is required, as a JSON string.");
    }
    for (auto& record : sessions_) {
      if (record.session["id"] != *body) continue;
      if (!record.session.contains("closed")) record.session["closed"] = {{"value", tick()}};
      return reply::json(200, record.session);
    }
    return reply::text(404, "Not Found: no session with this id.");
  }

  // A logical clock: each reading is one minute after the last, from 2026-01-01.
  std::string tick() {
    const std::int64_t seconds = 1767225600 + 60 * static_cast<std::int64_t>(++ticks_);
    const auto date = plugboard::detail::civil_from_days(seconds / 86400);
    const std::int64_t rest = seconds % 86400;
    char buffer[128];  // room for any value of the fields, which g++ checks
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.000Z",
                  static_cast<long long>(date.year), date.month, date.day,
                  static_cast<long long>(rest / 3600), static_cast<long long>(rest / 60 % 60),
                  static_cast<long long>(rest % 60));
    return buffer;
  }

  settings settings_;
  mutable std::mutex mutex_;
  std::vector<session_record> sessions_;
  unsigned long long ticks_ = 0;
  std::map<std::string, application_record> applications_;
  std::vector<known_asset> assets_;
  std::optional<std::pair<int, std::string>> failure_;
  unsigned long long counter_ = 0;
};

}  // namespace plugboard::sandbox
