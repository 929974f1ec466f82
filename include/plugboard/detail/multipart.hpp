// SPDX-License-Identifier: MIT
// multipart/form-data bodies (file uploads).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/message.hpp"
#include "plugboard/core/retry.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/core/validation.hpp"

namespace plugboard::detail {

// Renders `req.parts` as multipart/form-data into `req.body`.
inline void render_multipart(request& req) {
  std::string boundary;
  for (bool clash = true; clash;) {
    boundary = "plugboard-";
    for (int i = 0; i < 2; ++i) {
      const auto bits = random_u64();
      for (int shift = 60; shift >= 0; shift -= 4) {
        boundary += hex_digit(static_cast<unsigned>(bits >> shift));
      }
    }
    clash = false;
    for (const auto& part : req.parts)
      clash = clash || part.data.find(boundary) != std::string::npos;
  }
  // Quoted names follow the HTML form encoding: '"', CR and LF are escaped.
  const auto quoted = [](std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"') {
        out += "%22";
      } else if (c == '\r') {
        out += "%0D";
      } else if (c == '\n') {
        out += "%0A";
      } else {
        out += c;
      }
    }
    return out + "\"";
  };
  std::size_t size = 0;
  for (const auto& part : req.parts) size += part.data.size() + 200;
  req.body.clear();
  req.body.reserve(size);
  for (const auto& part : req.parts) {
    validate_header("Content-Type", part.content_type);
    req.body += "--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(part.name);
    if (!part.filename.empty()) req.body += "; filename=" + quoted(part.filename);
    req.body += "\r\n";
    if (!part.content_type.empty()) req.body += "Content-Type: " + part.content_type + "\r\n";
    req.body += "\r\n";
    req.body += part.data;
    req.body += "\r\n";
  }
  req.body += "--" + boundary + "--\r\n";
  req.headers.set("Content-Type", "multipart/form-data; boundary=" + boundary);
}

}  // namespace plugboard::detail
