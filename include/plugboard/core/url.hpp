// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/headers.hpp"

namespace plugboard {

namespace detail {

constexpr char hex_digit(unsigned v) noexcept { return "0123456789ABCDEF"[v & 0xFu]; }

constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr bool is_unreserved(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

inline void append_escaped(std::string& out, char c) {
  const auto byte = static_cast<unsigned>(static_cast<unsigned char>(c));
  out += '%';
  out += hex_digit(byte >> 4);
  out += hex_digit(byte);
}

}  // namespace detail

// Appends `value` as exactly one path segment: every byte outside RFC 3986's
// unreserved set and encodeURIComponent's `!'()*` is percent-encoded, so '/',
// '?', '#', '%' and spaces can never change the route. A segment made only of
// dots is encoded too, so "." and ".." are never read as dot-segments.
inline void append_path_segment(std::string& out, std::string_view value) {
  bool only_dots = !value.empty();
  for (char c : value) only_dots = only_dots && c == '.';
  for (char c : value) {
    const bool keep =
        (detail::is_unreserved(c) || c == '!' || c == '\'' || c == '(' || c == ')' || c == '*') &&
        !only_dots;
    if (keep) {
      out += c;
    } else {
      detail::append_escaped(out, c);
    }
  }
}

inline std::string encode_path_segment(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  append_path_segment(out, value);
  return out;
}

// Appends `value` form-encoded (application/x-www-form-urlencoded): unreserved
// bytes stay, a space becomes '+', everything else is percent-encoded.
inline void append_form_encoded(std::string& out, std::string_view value) {
  for (char c : value) {
    if (detail::is_unreserved(c)) {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      detail::append_escaped(out, c);
    }
  }
}

inline std::string form_encode(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  append_form_encoded(out, value);
  return out;
}

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Malformed
// escapes are kept literally rather than rejected.
inline std::string percent_decode(std::string_view value, bool plus_is_space = false) {
  std::string out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    const char c = value[i];
    if (c == '%' && i + 2 < value.size()) {
      const int hi = detail::hex_value(value[i + 1]);
      const int lo = detail::hex_value(value[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += (plus_is_space && c == '+') ? ' ' : c;
  }
  return out;
}

// A parsed base URL: "https://api.example.com:8443/api-proxy" gives origin
// "https://api.example.com:8443" and prefix "/api-proxy" (no trailing slash).
struct base_url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for IPv6 literals
  int port = 0;
  std::string origin;
  std::string prefix;

  // Throws usage_error for an empty or malformed URL, another scheme, a query or
  // fragment, or embedded credentials (which are never echoed back).
  static base_url parse(std::string_view url) {
    const auto fail = [](const char* problem) { return usage_error("base_url", problem); };
    base_url out;
    const auto scheme_end = url.find("://");
    if (url.empty() || scheme_end == std::string_view::npos) {
      throw fail("must look like http://host[:port][/prefix] or https://...");
    }
    std::string scheme(url.substr(0, scheme_end));
    for (auto& c : scheme) c = detail::ascii_lower(c);
    if (scheme != "http" && scheme != "https") throw fail("scheme must be http or https");
    out.scheme = scheme;
    std::string_view rest = url.substr(scheme_end + 3);
    if (rest.find_first_of("?#") != std::string_view::npos) {
      throw fail("must not contain a query or a fragment");
    }
    const auto path_start = rest.find('/');
    std::string_view authority = rest.substr(0, path_start);
    std::string_view path = path_start == std::string_view::npos ? "" : rest.substr(path_start);
    if (authority.find('@') != std::string_view::npos) {
      throw fail("must not embed credentials (user:password@); configure an auth policy instead");
    }
    std::string_view host = authority;
    std::string_view port_text;
    if (!authority.empty() && authority.front() == '[') {
      const auto close = authority.find(']');
      if (close == std::string_view::npos) throw fail("has an unterminated IPv6 literal");
      host = authority.substr(1, close - 1);
      const std::string_view after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') throw fail("has junk after the IPv6 literal");
        port_text = after.substr(1);
      }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
      host = authority.substr(0, colon);
      port_text = authority.substr(colon + 1);
    }
    if (host.empty()) throw fail("has no host");
    const bool bracketed = authority.front() == '[';
    for (char c : host) {
      // A ':' outside brackets, or a bracket inside them, would make an origin
      // that reads back as another host (or as none).
      if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '[' ||
          c == ']' || (c == ':' && !bracketed)) {
        throw fail("has an invalid character in the host");
      }
    }
    if (bracketed && host.find(':') == std::string_view::npos) {
      throw fail("has brackets around something that is not an IPv6 address");
    }
    out.host = std::string(host);
    if (port_text.empty()) {
      out.port = scheme == "https" ? 443 : 80;
    } else {
      if (port_text.size() > 5) throw fail("has an invalid port");
      int port = 0;
      for (char c : port_text) {
        if (c < '0' || c > '9') throw fail("has an invalid port");
        port = port * 10 + (c - '0');
      }
      if (port < 1 || port > 65535) throw fail("has an invalid port");
      out.port = port;
    }
    while (!path.empty() && path.back() == '/') path.remove_suffix(1);
    for (char c : path) {
      if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) == 0x7f) {
        throw fail("has a space or control character in its path");
      }
    }
    out.prefix = std::string(path);
    const bool bracket = out.host.find(':') != std::string::npos;
    out.origin = out.scheme + "://" + (bracket ? "[" + out.host + "]" : out.host);
    const bool default_port =
        (scheme == "http" && out.port == 80) || (scheme == "https" && out.port == 443);
    if (!default_port) out.origin.append(":").append(std::to_string(out.port));
    return out;
  }
};

}  // namespace plugboard
