// SPDX-License-Identifier: MIT
#pragma once

// The head of an HTTP/1.1 request (RFC 9112): request line, Host, the
// caller's headers, and the framing the transport owns.

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/validation.hpp"

namespace plugboard::detail::http1 {

struct head_options {
  std::string_view host;  // the Host field: "name[:port]", IPv6 literals in brackets
  bool keep_alive = true;
  bool accept_compressed = true;  // sends Accept-Encoding unless the caller did
};

// Throws usage_error for a target that could split the request line (space,
// control bytes) and for headers validate_header() refuses.
// `room` more bytes are reserved after the head, for a body the caller
// appends so that head and body go out in one write.
inline std::string render_head(const request& req, const head_options& options,
                               std::size_t room = 0) {
  const std::string_view target = req.target.empty() ? std::string_view("/") : req.target;
  for (char c : target) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f) {
      throw usage_error("target", "contains a space or a control character (encode it)");
    }
  }
  std::string head;
  head.reserve(96 + target.size() + req.headers.size() * 48 + room);
  head += to_string(req.verb);
  head += ' ';
  head += target;
  head += " HTTP/1.1\r\nHost: ";
  head += options.host;
  head += "\r\n";
  bool has_accept_encoding = false;
  for (const auto& field : req.headers) {
    validate_header(field.first, field.second);
    has_accept_encoding = has_accept_encoding || iequals(field.first, "Accept-Encoding");
    head += field.first;
    head += ": ";
    head += field.second;
    head += "\r\n";
  }
  // A body is always framed by its length (no chunked uploads), and POST,
  // PUT and PATCH say "0" when empty, as servers expect.
  if (!req.body.empty() || req.verb == method::post || req.verb == method::put ||
      req.verb == method::patch) {
    head += "Content-Length: ";
    head += std::to_string(req.body.size());
    head += "\r\n";
  }
  if (options.accept_compressed && !has_accept_encoding)
    head += "Accept-Encoding: gzip, deflate\r\n";
  if (!options.keep_alive) head += "Connection: close\r\n";
  head += "\r\n";
  return head;
}

}  // namespace plugboard::detail::http1
