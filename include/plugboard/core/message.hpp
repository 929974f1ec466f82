#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/core/headers.hpp"
#include "plugboard/core/method.hpp"

namespace plugboard {

// One part of a multipart/form-data upload.
struct multipart_part {
  std::string name;          // form field name, e.g. "file"
  std::string filename;      // may be empty for a plain field
  std::string content_type;  // e.g. "application/gzip"; may be empty
  std::string data;
};

// A request as the transport sees it: fully built, encoded and signed.
struct request {
  method verb = method::get;
  std::string origin;  // "https://host:port", no trailing slash
  std::string target;  // "/prefix/path?query", already percent-encoded
  http_headers headers;
  // The exact bytes to send. For a multipart upload the client renders
  // `parts` into `body` (and sets the boundary in Content-Type), so a
  // transport only ever sends bytes; `parts` stays for inspection and mocks.
  std::string body;
  std::vector<multipart_part> parts;
  // The most this attempt may take, from connecting to the last byte of the
  // answer; zero: no limit beyond the transport's own timeouts. The client
  // sets it before each attempt from what is left of the call's deadline.
  std::chrono::milliseconds timeout{0};

  std::string url() const { return origin + target; }
  // The target without its query string.
  std::string_view path() const noexcept {
    const std::string_view t = target;
    return t.substr(0, t.find('?'));
  }
};

struct response {
  int status = 0;
  http_headers headers;
  std::string body;

  bool is_success() const noexcept { return status >= 200 && status < 300; }
};

// True for application/json and any type/subtype+json media type.
inline bool is_json_media_type(std::string_view content_type) noexcept {
  const auto semicolon = content_type.find(';');
  std::string_view type = content_type.substr(0, semicolon);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  if (detail::iequals(type, "application/json")) return true;
  const auto slash = type.find('/');
  return slash != std::string_view::npos && type.size() > slash + 5 &&
         detail::iequals(type.substr(type.size() - 5), "+json");
}

}  // namespace plugboard
