// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>

#include "plugboard/core/message.hpp"
#include "plugboard/core/redact.hpp"

namespace plugboard {

// A key in a header of the service's choosing, e.g. `X-API-Key: <key>` or
// `X-Application-ID: <id>`, optionally after a scheme word
// (`Authorization: API-KEY <key>`). An empty key sends no header, for
// services where the key is optional.
class api_key_header {
 public:
  api_key_header() = default;
  api_key_header(std::string header_name, std::string key, std::string scheme = {})
      : name_(std::move(header_name)), key_(std::move(key)), scheme_(std::move(scheme)) {}

  void apply(request& req) const {
    if (key_.empty()) return;
    req.headers.set(name_, scheme_.empty() ? key_ : scheme_ + " " + key_);
  }

  // The client already hides the header values it sent; this also covers a
  // key too short to be taken from a header. redact() is for use outside a client.
  void add_secrets(secret_set& secrets) const { secrets.add(key_); }
  void redact(std::string& text) const { redact_secret(text, key_); }

  const std::string& header_name() const noexcept { return name_; }
  bool has_key() const noexcept { return !key_.empty(); }

 private:
  std::string name_;
  std::string key_;
  std::string scheme_;
};

}  // namespace plugboard
