// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
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

#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

// An in-memory Connector Providers API (see docs/api/connector_providers.md):
// a catalogue of providers, setup stores a configuration (never echoed
// back), reset clears it; connectors attached to collections, once per
// Idempotency-Key. With an API key configured, a missing or wrong X-API-Key
// gets 401.
class providers_fake : public service {
 public:
  // The fakes' registry entry (sandbox/fakes.hpp): the service it stands
  // for, and the credential variables (as the CLI and the tour read them)
  // that its default settings accept, with how to say so in a banner.
  static constexpr std::string_view service_name = "providers";
  static constexpr std::string_view credentials_help = "PROVIDERS_API_KEY: any (or none)";
  static std::vector<std::pair<std::string, std::string>> default_credentials() { return {}; }

  enum class envelope { data, bare };  // {"data": ...} (documented) or the bare value

  struct settings {
    std::string api_key;  // empty: no key required
    envelope responses = envelope::data;
    bool reset_returns_provider = false;  // 200 with the provider instead of 204
  };

  providers_fake() : providers_fake(settings{}) {}
  explicit providers_fake(settings s) : settings_(std::move(s)) { seed(); }

  void install(router& routes) override {
    const std::string base = "/v1/admin/connector-providers";
    routes.add("GET", base,
               [this](const incoming& in) { return guarded(in, [&] { return list(); }); });
    routes.add("GET", base + "/{provider_slug}", [this](const incoming& in) {
      return guarded(in, [&] { return get(in.param("provider_slug")); });
    });
    routes.add("POST", base + "/{provider_slug}/setup", [this](const incoming& in) {
      return guarded(in, [&] { return setup(in.param("provider_slug"), in); });
    });
    routes.add("DELETE", base + "/{provider_slug}/setup", [this](const incoming& in) {
      return guarded(in, [&] { return reset(in.param("provider_slug")); });
    });
    routes.add("POST", "/v1/spaces/{space_id}/collections/{collection_id}/connectors",
               [this](const incoming& in) {
                 return guarded(in, [&] { return create_collection_connector(in); });
               });
  }

  // ---- state, for tests ------------------------------------------------------
  void add_provider(nlohmann::json provider) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::string slug = provider.at("provider_slug").get<std::string>();
    providers_[slug] = entry{std::move(provider), std::nullopt};
  }
  // The configuration stored by the last setup, or nullopt.
  std::optional<nlohmann::json> stored_config(const std::string& slug) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = providers_.find(slug);
    if (it == providers_.end()) return std::nullopt;
    return it->second.config;
  }
  // The connectors attached to a collection, in creation order (credentials included).
  std::vector<nlohmann::json> collection_connectors(const std::string& space_id,
                                                    const std::string& collection_id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    const auto it = collections_.find(space_id + "/" + collection_id);
    return it == collections_.end() ? std::vector<nlohmann::json>{} : it->second;
  }
  void set_envelope(envelope e) {
    std::lock_guard<std::mutex> lock(mutex_);
    settings_.responses = e;
  }

  // Preloads state from JSON (plugboard-sandbox --seed):
  //   {"replace": true,                      drop the built-in catalogue first
  //    "providers": [{"provider_slug": "acme", "display_name": "Acme", ...,
  //                   "config": {...}}]}     "config": already set up with it
  // Throws std::invalid_argument for a key it does not know.
  void seed(const nlohmann::json& state) {
    if (!state.is_object()) throw std::invalid_argument("must be a JSON object");
    for (auto it = state.begin(); it != state.end(); ++it) {
      if (it.key() != "replace" && it.key() != "providers") {
        throw std::invalid_argument("unknown key '" + it.key() + "'");
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (state.value("replace", false)) providers_.clear();
    for (nlohmann::json provider : state.value("providers", nlohmann::json::array())) {
      if (!provider.is_object() || !provider.contains("provider_slug") ||
          !provider["provider_slug"].is_string()) {
        throw std::invalid_argument("every provider needs a provider_slug string");
      }
      std::optional<nlohmann::json> config;
      if (provider.contains("config")) {
        config = provider["config"];
        provider.erase("config");
      }
      const std::string slug = provider["provider_slug"].get<std::string>();
      providers_[slug] = entry{std::move(provider), std::move(config)};
    }
  }

 private:
  struct entry {
    nlohmann::json provider;
    std::optional<nlohmann::json> config;
  };

  template <class F>
  reply guarded(const incoming& in, F&& body) {
    if (!settings_.api_key.empty() && in.header("X-API-Key") != settings_.api_key) {
      return reply::json(
          401, {{"error", {{"code", "unauthorized"}, {"message", "Invalid or expired API key"}}}});
    }
    std::lock_guard<std::mutex> lock(mutex_);
    return body();
  }

  reply wrap(int status, nlohmann::json value) const {
    if (settings_.responses == envelope::bare) return reply::json(status, value);
    return reply::json(status, {{"data", std::move(value)}});
  }

  nlohmann::json view(const entry& e) const {
    nlohmann::json out = e.provider;
    out["setup_complete"] = e.config.has_value();
    return out;
  }

  reply not_found() const { return reply::json(404, {{"detail", "Connector provider not found"}}); }

  reply list() const {
    nlohmann::json items = nlohmann::json::array();
    for (const auto& p : providers_) items.push_back(view(p.second));
    return wrap(200, std::move(items));
  }

  reply get(const std::string& slug) const {
    const auto it = providers_.find(slug);
    return it == providers_.end() ? not_found() : wrap(200, view(it->second));
  }

  reply setup(const std::string& slug, const incoming& in) {
    const auto it = providers_.find(slug);
    if (it == providers_.end()) return not_found();
    const auto body = in.json_body();
    if (!body || !body->is_object()) {
      return reply::json(
          400, {{"error", {{"code", "bad_request"}, {"message", "body must be a JSON object"}}}});
    }
    // FastAPI-style validation against the provider's config_schema.
    nlohmann::json problems = nlohmann::json::array();
    const auto& schema = it->second.provider["config_schema"];
    if (schema.contains("required")) {
      for (const auto& name : schema["required"]) {
        const auto key = name.get<std::string>();
        if (!body->contains(key)) {
          problems.push_back(
              {{"loc", {"body", key}}, {"msg", "field required"}, {"type", "value_error.missing"}});
        }
      }
    }
    if (!problems.empty()) return reply::json(422, {{"detail", problems}});
    it->second.config = *body;
    return wrap(200, view(it->second));
  }

  reply reset(const std::string& slug) {
    const auto it = providers_.find(slug);
    if (it == providers_.end()) return not_found();
    it->second.config.reset();
    if (settings_.reset_returns_provider) return wrap(200, view(it->second));
    return reply::no_content();
  }

  // UNCONFIRMED beyond the documented request and 201 answer (see
  // docs/api/connector_providers.md): a missing key is a 400, a key repeated
  // with the same body replays the first answer, with another body a 422.
  reply create_collection_connector(const incoming& in) {
    const std::string key(in.header("Idempotency-Key"));
    if (key.empty()) {
      return reply::json(
          400,
          {{"error",
            {{"code", "bad_request"}, {"message", "the Idempotency-Key header is required"}}}});
    }
    const auto body = in.json_body();
    const std::string collection = in.param("space_id") + "/" + in.param("collection_id");
    const std::string scoped_key = collection + "#" + key;
    if (const auto seen = idempotent_replies_.find(scoped_key); seen != idempotent_replies_.end()) {
      if (body && *body == seen->second.first) return wrap(201, seen->second.second);
      return reply::json(422, {{"error",
                                {{"code", "idempotency_key_reused"},
                                 {"message", "this Idempotency-Key was used with another body"}}}});
    }
    nlohmann::json problems = nlohmann::json::array();
    const auto require_string = [&](const nlohmann::json* object, const char* where,
                                    const char* name) {
      if (!object || !object->is_object() || !object->contains(name) ||
          !(*object)[name].is_string()) {
        problems.push_back({{"loc", {"body", where, name}},
                            {"msg", "field required"},
                            {"type", "value_error.missing"}});
      }
    };
    const bool is_object = body && body->is_object();
    require_string(is_object ? &*body : nullptr, "", "provider_slug");
    require_string(is_object && body->contains("credential") ? &(*body)["credential"] : nullptr,
                   "credential", "access_token");
    if (!problems.empty()) return reply::json(422, {{"detail", problems}});
    const auto slug = (*body)["provider_slug"].get<std::string>();
    if (providers_.find(slug) == providers_.end()) return not_found();

    char id[40];
    std::snprintf(id, sizeof id, "c0ec7000-0000-4000-8000-%012zu", ++connectors_created_);
    nlohmann::json connector = {
        {"id", id},
        {"collection_id", in.param("collection_id")},
        {"provider_slug", slug},
        {"principal_id", "sandbox-user"},
        {"scope_config", body->value("scope_config", nlohmann::json::object())},
        {"status", "active"},
        {"created_at", "2026-01-01T00:00:00Z"}};
    nlohmann::json stored = connector;
    stored["credential"] = (*body)["credential"];
    collections_[collection].push_back(std::move(stored));
    idempotent_replies_[scoped_key] = {*body, connector};
    return wrap(201, std::move(connector));
  }

  void seed() {
    const auto oauth_schema = nlohmann::json{
        {"type", "object"},
        {"required", {"client_id", "client_secret"}},
        {"properties",
         {{"client_id", {{"type", "string"}}}, {"client_secret", {{"type", "string"}}}}}};
    const auto make = [&](const char* id, const char* slug, const char* name,
                          nlohmann::json scopes) {
      return nlohmann::json{{"id", id},
                            {"provider_slug", slug},
                            {"display_name", name},
                            {"auth_type", "oauth2"},
                            {"execution_strategy", "server-side"},
                            {"default_scopes", std::move(scopes)},
                            {"config_schema", oauth_schema},
                            {"setup_complete", false}};
    };
    const nlohmann::json seeded[] = {
        make("5b0c1c7e-8a51-4c3e-9d7a-1f0e2a3b4c5d", "google-workspace", "Google Workspace",
             {{{"name", "https://www.googleapis.com/auth/calendar"},
               {"description", "Calendar access"}},
              {{"name", "https://www.googleapis.com/auth/drive.readonly"},
               {"description", "Read Drive files"}}}),
        make("7d2e9f10-3b4c-4d5e-8f60-718293a4b5c6", "github", "GitHub",
             {{{"name", "repo"}, {"description", "Repositories"}}}),
        make("9f4a6b21-5c6d-4e7f-9a81-92a3b4c5d6e7", "slack", "Slack",
             {{{"name", "channels:read"}, {"description", "List channels"}}}),
        make("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "salesforce", "Salesforce",
             {{{"name", "api"}, {"description", "REST API access"}}}),
    };
    for (const auto& p : seeded) {
      providers_[p["provider_slug"].get<std::string>()] = entry{p, std::nullopt};
    }
  }

  settings settings_;
  mutable std::mutex mutex_;
  std::map<std::string, entry> providers_;
  std::map<std::string, std::vector<nlohmann::json>> collections_;  // "space/collection"
  // "space/collection#key" -> the request body and the connector it created.
  std::map<std::string, std::pair<nlohmann::json, nlohmann::json>> idempotent_replies_;
  std::size_t connectors_created_ = 0;
};

}  // namespace plugboard::sandbox
