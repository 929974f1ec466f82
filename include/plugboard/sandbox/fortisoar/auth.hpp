// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Both of FortiSOAR's auth schemes: `Authorization: API-KEY <key>`, and
// POST /auth/authenticate with the login and password, then
// `Bearer <token>` (the fake's expire_tokens() forgets every token issued).
// Every other route is added through add_authorized: 401 with the Hydra
// body unless the request is authorized, and the handler runs with the
// state's mutex held.

namespace plugboard::sandbox::detail::fortisoar {

inline reply unauthorized() {
  // PROPOSED text: the API file records the 401 shape of the login only.
  return hydra_error(401, "Full authentication is required to access this resource.");
}

inline bool authorized(const state& s, const incoming& in) {
  const std::string value(in.header("Authorization"));
  const auto space = value.find(' ');
  if (space == std::string::npos) return false;
  const std::string scheme = value.substr(0, space);
  const std::string credential = value.substr(space + 1);
  if (scheme == "API-KEY") return !s.settings.api_key.empty() && credential == s.settings.api_key;
  if (scheme == "Bearer") return s.tokens.count(credential) != 0;
  return false;
}

template <class Routes>
void add_authorized(router& routes, state& s, const char* verb, const std::string& pattern,
                    Routes& self, reply (Routes::*member)(const incoming&)) {
  routes.add(verb, pattern, [&s, &self, member](const incoming& in) {
    std::lock_guard<std::mutex> lock(s.mutex);
    if (!authorized(s, in)) return unauthorized();
    return (self.*member)(in);
  });
}

class auth_routes {
 public:
  explicit auth_routes(state& s) : s_(s) {}

  void install(router& routes) {
    routes.add("POST", "/auth/authenticate", [this](const incoming& in) {
      std::lock_guard<std::mutex> lock(s_.mutex);
      return authenticate(in);
    });
  }

 private:
  reply authenticate(const incoming& in) {
    const auto body = in.json_body();
    const json* credentials = nullptr;
    if (body && body->is_object() && body->contains("credentials"))
      credentials = &(*body)["credentials"];
    const auto text = [&](const char* key) {
      if (credentials == nullptr || !credentials->is_object() || !credentials->contains(key) ||
          !(*credentials)[key].is_string()) {
        return std::string();
      }
      return (*credentials)[key].get<std::string>();
    };
    if (s_.settings.username.empty() || text("loginid") != s_.settings.username ||
        text("password") != s_.settings.password) {
      return hydra_error(401, "Validation failed.");
    }
    const std::string token = s_.settings.token_prefix + std::to_string(++s_.issued);
    s_.tokens.insert(token);
    ++s_.logins;
    return reply::json(200, {{"token", token}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fortisoar
