// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/serializer/json.hpp"

// FortiSOAR's two auth schemes (docs/api/fortisoar.md, "Auth").
namespace plugboard::fortisoar {

// `Authorization: API-KEY <key>` (CONFIRMED by pyfsr's tests). An empty key
// sends no header (pyfsr's `public=True`). Unlike pyfsr, no probe request is
// sent at construction: a bad key shows up as a 401 api_error on the first call.
inline api_key_header api_key(std::string key) {
  return api_key_header("Authorization", std::move(key), "API-KEY");
}

// Username and password: logs in with POST /auth/authenticate (no /api
// prefix) and sends `Authorization: Bearer <token>`. The login goes through
// the client's own transport, so a custom transport sees it too.
//
// On a 401 or 403 it logs in again once and the client replays the call once
// (pyfsr's rule); never for a multipart upload, which pyfsr does not resend
// (the upload fails, and the next call logs in first). If that login fails,
// the original error is raised.
//
// Thread-safe: the token is guarded by a mutex and only one login runs at a
// time; when several calls hit an expired token together, the first logs in
// and the others replay with its token. Copies share the token. Neither the
// password nor a token appears in any message.
class password_auth {
 public:
  password_auth() : state_(std::make_shared<state>()) {}
  password_auth(std::string username, std::string password) : state_(std::make_shared<state>()) {
    state_->username = std::move(username);
    state_->password = std::move(password);
  }

  // The members that may log in are templates on the context (always an
  // auth_context) only so that a TU which includes this header without
  // calling them does not compile the login's JSON code.
  template <class Context>
  void apply(request& req, const Context& context) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->token.empty()) login_locked(context);
    req.headers.set("Authorization", "Bearer " + state_->token);
  }

  template <class Context>
  bool on_unauthorized(const request& req, const response&, const Context& context) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!req.parts.empty()) {
      // Uploads are never replayed, but the next call logs in afresh.
      if (req.headers.get("Authorization") == "Bearer " + state_->token) state_->token.clear();
      return false;
    }
    // Another call already logged in again since this one was signed.
    if (!state_->token.empty() && req.headers.get("Authorization") != "Bearer " + state_->token) {
      return true;
    }
    try {
      login_locked(context);
    } catch (const error&) {
      return false;  // the caller gets the original 401/403
    }
    return true;
  }

  // The password (sent in a login body, never in a header) and the current
  // token (another call may have logged in since this one was signed).
  // redact() is for use outside a client.
  void add_secrets(secret_set& secrets) const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    add_secrets_locked(secrets);
  }
  void redact(std::string& text) const {
    secret_set secrets;
    add_secrets(secrets);
    secrets.redact(text);
  }

  // Logs in now (otherwise the first call does). Throws api_error when the
  // server refuses the credentials.
  template <class Context>
  void login(const Context& context) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    login_locked(context);
  }
  // Forgets the token, so the next call logs in again.
  void forget_token() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->token.clear();
  }
  // Successful logins so far (for tests and metrics).
  int logins() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->logins;
  }
  bool has_token() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return !state_->token.empty();
  }

  static constexpr std::string_view login_path = "/auth/authenticate";

 private:
  struct state {
    mutable std::mutex mutex;
    std::string username;
    std::string password;
    std::string token;
    int logins = 0;
  };

  void add_secrets_locked(secret_set& secrets) const {
    secrets.add(state_->password);
    secrets.add(state_->token);
  }

  // Credentials are typed by people: a control character (CR, LF, NUL, ...)
  // is a mistake, refused before anything is sent, as for every other
  // credential plugboard handles.
  static void check_credential(std::string_view value, const char* name) {
    for (char c : value) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
        throw usage_error(name, "contains a control character (CR, LF, NUL, ...)");
      }
    }
  }

  template <class Context>
  void login_locked(const Context& context) {
    check_credential(state_->username, "username");
    check_credential(state_->password, "password");
    request req = context.make_request(method::post, login_path);
    req.headers.set("Accept", "application/json");
    req.headers.set("Content-Type", "application/json");
    try {
      req.body =
          json{{"credentials", {{"loginid", state_->username}, {"password", state_->password}}}}
              .dump();
    } catch (const json::type_error&) {
      throw usage_error("username/password", "contains a string that is not valid UTF-8");
    }
    std::string line(to_string(req.verb));
    line += ' ';
    line += req.url();
    const response res = context.send(req);
    if (!res.is_success()) {
      service_error service;
      try {
        service = json_serializer{}.read_error(res.body);
      } catch (...) {
        // An unreadable body still gives the status.
      }
      // The server may quote the login body, where the password is JSON-escaped.
      secret_set secrets;
      add_secrets_locked(secrets);
      std::string body = scrubbed(res.body, secrets);
      scrub_credentials(service.message, secrets);
      scrub_credentials(service.code, secrets);
      throw api_error(res.status, std::move(service), std::move(line), std::move(body));
    }
    const auto document = json::parse(res.body, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
      decode_error e("the login reply is not a JSON object");
      e.set_request_line(line);
      throw e;
    }
    const auto token = document.find("token");
    if (token == document.end() || !token->is_string() || token->get<std::string>().empty()) {
      decode_error e("the login reply has no token");
      e.prepend_key("token");
      e.set_request_line(line);
      throw e;
    }
    state_->token = token->get<std::string>();
    ++state_->logins;
  }

  std::shared_ptr<state> state_;
};

// Either scheme, chosen at run time (from the environment, a config file):
// an API key, or a username and password. What the registry's make_auth
// builds for the CLI and the tour.
class any_auth {
 public:
  any_auth() = default;
  static any_auth with_api_key(std::string key) {
    any_auth out;
    out.key_ = api_key(std::move(key));
    return out;
  }
  static any_auth with_password(std::string username, std::string password) {
    any_auth out;
    out.password_.emplace(std::move(username), std::move(password));
    return out;
  }

  template <class Context>
  void apply(request& req, const Context& context) {
    if (password_) {
      password_->apply(req, context);
    } else {
      key_.apply(req);
    }
  }
  template <class Context>
  bool on_unauthorized(const request& req, const response& res, const Context& context) {
    return password_ && password_->on_unauthorized(req, res, context);
  }
  void add_secrets(secret_set& secrets) const {
    key_.add_secrets(secrets);
    if (password_) password_->add_secrets(secrets);
  }
  void redact(std::string& text) const {
    key_.redact(text);
    if (password_) password_->redact(text);
  }

 private:
  api_key_header key_;
  std::optional<password_auth> password_;  // copies share the token, as password_auth's do
};

}  // namespace plugboard::fortisoar
