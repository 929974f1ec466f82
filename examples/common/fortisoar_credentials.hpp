// SPDX-License-Identifier: MIT
// One auth policy for both of FortiSOAR's schemes, chosen at run time (the
// CLI and the tour read it from the environment).
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "common/environment.hpp"
#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/auth_context.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/fortisoar/auth.hpp"

namespace plugboard_examples {

// FortiSOAR's two schemes behind one auth policy type: an API key, or a
// username and password (a login, then a bearer token, again after a 401).
class fortisoar_credentials {
 public:
  static fortisoar_credentials api_key(std::string key) {
    fortisoar_credentials out;
    out.key_ = plugboard::fortisoar::api_key(std::move(key));
    return out;
  }
  static fortisoar_credentials password(std::string username, std::string password) {
    fortisoar_credentials out;
    out.password_.emplace(std::move(username), std::move(password));
    return out;
  }
  // FORTISOAR_API_KEY when set, else FORTISOAR_USERNAME and FORTISOAR_PASSWORD.
  static fortisoar_credentials from_environment() {
    if (auto key = environment("FORTISOAR_API_KEY")) return api_key(*key);
    if (environment("FORTISOAR_USERNAME") || environment("FORTISOAR_PASSWORD")) {
      return password(required_environment("FORTISOAR_USERNAME", "with FORTISOAR_PASSWORD"),
                      required_environment("FORTISOAR_PASSWORD", "with FORTISOAR_USERNAME"));
    }
    throw plugboard::usage_error("FORTISOAR_API_KEY",
                                 "is not set, nor are FORTISOAR_USERNAME and FORTISOAR_PASSWORD; "
                                 "credentials are never taken from arguments");
  }

  void apply(plugboard::request& req, const plugboard::auth_context& context) {
    if (password_) {
      password_->apply(req, context);
    } else {
      key_.apply(req);
    }
  }
  bool on_unauthorized(const plugboard::request& req, const plugboard::response& res,
                       const plugboard::auth_context& context) {
    return password_ && password_->on_unauthorized(req, res, context);
  }
  void redact(std::string& text) const {
    key_.redact(text);
    if (password_) password_->redact(text);
  }

 private:
  plugboard::api_key_header key_;
  std::optional<plugboard::fortisoar::password_auth> password_;
};

}  // namespace plugboard_examples
