// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/redact.hpp"

namespace plugboard {

namespace detail {

inline std::string base64_encode(std::string_view in) {
  constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16 |
                       static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8 |
                       static_cast<unsigned>(static_cast<unsigned char>(in[i + 2]));
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += alphabet[(n >> 6) & 63];
    out += alphabet[n & 63];
  }
  if (i < in.size()) {
    unsigned n = static_cast<unsigned>(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) n |= static_cast<unsigned>(static_cast<unsigned char>(in[i + 1])) << 8;
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace detail

// HTTP Basic: `Authorization: Basic base64(username:password)` (Fivetran's
// API key and secret). Both parts count as secrets for redaction.
class basic_auth {
 public:
  basic_auth() = default;
  basic_auth(std::string username, std::string password)
      : username_(std::move(username)),
        password_(std::move(password)),
        header_("Basic " + detail::base64_encode(username_ + ":" + password_)) {}

  // RFC 7617: no control characters, and no ':' in the user-id.
  void apply(request& req) const {
    if (header_.empty()) return;
    const auto check = [](std::string_view value, const char* name, bool colon_ok) {
      for (char c : value) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f || (!colon_ok && c == ':')) {
          throw usage_error(name, colon_ok ? "contains a control character"
                                           : "contains a control character or ':'");
        }
      }
    };
    check(username_, "username", false);
    check(password_, "password", true);
    req.headers.set("Authorization", header_);
  }

  // A server may quote the username or the password on its own: both are
  // secrets, as is the encoded pair. redact() is for use outside a client.
  void add_secrets(secret_set& secrets) const {
    secrets.add(username_);
    secrets.add(password_);
    if (!header_.empty()) secrets.add(std::string_view(header_).substr(6));
  }
  void redact(std::string& text) const {
    secret_set secrets;
    add_secrets(secrets);
    secrets.redact(text);
  }

 private:
  std::string username_;
  std::string password_;
  std::string header_;
};

}  // namespace plugboard
