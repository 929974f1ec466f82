// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/server.hpp"

// OAuth: the authorization URL of an instance (with a state the callback
// must bring back), the provider's callback (no bearer token: the browser
// lands there; it marks the instance authenticated and redirects with a
// temporary code), and the exchange of that code.

namespace plugboard::sandbox::detail::pipeshub {

class oauth_routes {
 public:
  explicit oauth_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const std::string base = connectors_path;
    const auto per_instance = [&](const char* verb, const std::string& suffix,
                                  const char* operation, auto member) {
      add_per_instance(routes, s_, *this, verb, suffix, operation, member);
    };
    // The browser lands here from the provider: no bearer token (the
    // document's `security: []`).
    routes.add("GET", base + "/oauth/callback", [this](const incoming& in) {
      std::lock_guard<std::mutex> lock(s_.mutex);
      return s_.checked(in, "handleOAuthCallback", [&] { return oauth_callback(in); });
    });
    routes.add("POST", base + "/getTokenFromCode", [this](const incoming& in) {
      return s_.documented(in, "getTokenFromCode",
                           [&](const caller& who) { return token_from_code(in, who); });
    });
    per_instance("GET", "/oauth/authorize", "getOAuthAuthorizationUrl",
                 &oauth_routes::oauth_authorize);
  }

 private:
  reply oauth_authorize(instance& i, const incoming& in, const caller&) {
    if (!detail::pipeshub::is_oauth(i.auth_type)) {
      return s_.error_reply(400, "Connector does not use OAuth (" + i.auth_type + ")");
    }
    if (!i.is_configured)
      return s_.error_reply(400, "OAuth is not configured: set the auth config first");
    const std::string state = "state-" + std::to_string(++s_.tokens);
    s_.oauth_states[state] = i.id;
    const std::string front = in.query_value("baseUrl").value_or(s_.settings.frontend_url);
    const nlohmann::json values =
        i.config.value("auth", nlohmann::json::object()).value("values", nlohmann::json::object());
    const std::string client = values.value("clientId", std::string("oauth-config"));
    return s_.respond(200, {{"success", true},
                            {"authorizationUrl", "https://auth.example.com/" + i.type +
                                                     "/authorize?response_type=code&client_id=" +
                                                     client + "&state=" + state},
                            {"state", state}});
  }

  reply oauth_callback(const incoming& in) {
    const std::string front = in.query_value("baseUrl").value_or(s_.settings.frontend_url);
    const auto state = in.query_value("state");
    if (!state || state->empty()) return s_.error_reply(400, "Missing OAuth state");
    const auto found = s_.oauth_states.find(*state);
    if (found == s_.oauth_states.end())
      return s_.error_reply(400, "Invalid or expired OAuth state");
    const std::string id = found->second;
    s_.oauth_states.erase(found);
    reply out = reply::no_content(302);
    if (const auto error = in.query_value("error")) {
      out.headers.set("Location", front + "/connectors/" + id + "?oauth=error&error=" + *error);
      return out;
    }
    const auto code = in.query_value("code");
    if (!code || code->empty()) return s_.error_reply(400, "Missing authorization code");
    instance* i = s_.find(id);
    if (i == nullptr) return s_.error_reply(400, "The connector of this OAuth state is gone");
    i->is_authenticated = true;
    i->updated_ms = s_.tick();
    const std::string temp = "temp-" + std::to_string(++s_.tokens);
    s_.temp_codes[temp] = id;
    out.headers.set("Location", front + "/connectors/" + id + "?oauth=success&tempCode=" + temp);
    return out;
  }

  reply token_from_code(const incoming& in, const caller& who) {
    const std::string code = string_member(object_of(in), "tempCode");
    const auto found = s_.temp_codes.find(code);
    if (found == s_.temp_codes.end()) return s_.error_reply(400, "Invalid or expired code");
    const instance* i = s_.find(found->second);
    s_.temp_codes.erase(found);
    if (i == nullptr) return s_.error_reply(404, "Connector instance not found");
    std::string name = i->type;
    for (auto& c : name) c = c == '-' ? '_' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return s_.respond(200, {{"message", "Tokens stored"},
                            {"connector",
                             {{"_id", i->id},
                              {"orgId", s_.settings.org_id},
                              {"name", name},
                              {"isEnabled", i->is_active},
                              {"lastUpdatedBy", who.user_id},
                              {"createdAt", iso8601(i->created_ms)},
                              {"updatedAt", iso8601(i->updated_ms)}}}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::pipeshub
