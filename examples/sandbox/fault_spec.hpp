// SPDX-License-Identifier: MIT
// The --fault SPEC language of plugboard-sandbox: comma-separated items.
//
//   status=CODE      answer CODE (with the fake's error body) instead of the fake
//   retry-after=V    with status: also send Retry-After: V
//   delay=MS         wait MS milliseconds, then answer normally (a hang when
//                    longer than the client's read timeout)
//   drop             send the headers and half the body, then close the connection
//   truncate         answer normally, but cut the body in half
//   body=TEXT        answer normally (or with status=CODE) but with TEXT as the
//                    body; must come last, since TEXT may hold commas
//   type=MEDIA       the Content-Type of body=TEXT (default application/json)
//   times=N|always   how many matching requests get the fault (default 1)
//   path=PREFIX      only requests whose target starts with PREFIX, e.g. /fivetran
//
// e.g. "status=503,times=3,path=/fivetran", "delay=2000", "drop", "truncate,path=/pieces".
#pragma once

#include <chrono>
#include <climits>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "plugboard/sandbox/server.hpp"

namespace plugboard_sandbox {

inline int spec_number(std::string_view key, std::string_view text, int low, int high) {
  long long value = 0;
  if (text.empty() || text.size() > 9) {
    throw std::invalid_argument(std::string(key) + " needs a number, got '" + std::string(text) +
                                "'");
  }
  for (char c : text) {
    if (c < '0' || c > '9') {
      throw std::invalid_argument(std::string(key) + " needs a number, got '" + std::string(text) +
                                  "'");
    }
    value = value * 10 + (c - '0');
  }
  if (value < low || value > high) {
    throw std::invalid_argument(std::string(key) + " must be between " + std::to_string(low) +
                                " and " + std::to_string(high));
  }
  return static_cast<int>(value);
}

// Throws std::invalid_argument naming what is wrong.
inline plugboard::sandbox::fault parse_fault(std::string_view spec) {
  using plugboard::sandbox::fault;
  fault out;
  int kinds = 0;
  bool has_status = false;
  bool has_body = false;
  std::string retry_after;
  std::string content_type = "application/json";
  while (!spec.empty()) {
    std::string_view item = spec.substr(0, spec.find(','));
    const auto equals = item.find('=');
    const std::string_view key = item.substr(0, equals);
    if (key == "body") item = spec;  // the rest of the spec, commas included
    const std::string_view value =
        equals == std::string_view::npos ? std::string_view() : item.substr(equals + 1);
    if (equals == std::string_view::npos && key != "drop" && key != "truncate") {
      throw std::invalid_argument("'" + std::string(item) + "' is not KEY=VALUE, drop or truncate");
    }
    if (key == "status") {
      out.type = fault::kind::status;
      out.status = spec_number(key, value, 100, 599);
      has_status = true;
      ++kinds;
    } else if (key == "retry-after") {
      retry_after = std::string(value);
    } else if (key == "delay") {
      out.type = fault::kind::delay;
      out.wait = std::chrono::milliseconds(spec_number(key, value, 0, 3600000));
      ++kinds;
    } else if (key == "drop") {
      out.type = fault::kind::drop_connection;
      ++kinds;
    } else if (key == "truncate") {
      out.type = fault::kind::truncated_body;
      ++kinds;
    } else if (key == "body") {
      out.body = std::string(value);
      has_body = true;
    } else if (key == "type") {
      content_type = std::string(value);
    } else if (key == "times") {
      out.count = value == "always" ? INT_MAX : spec_number(key, value, 1, INT_MAX);
    } else if (key == "path") {
      if (value.empty() || value.front() != '/') {
        throw std::invalid_argument("path must start with '/'");
      }
      out.path_prefix = std::string(value);
    } else {
      throw std::invalid_argument("unknown item '" + std::string(key) + "'");
    }
    if (item.size() >= spec.size()) break;
    spec.remove_prefix(item.size() + 1);
  }
  if (has_body && !has_status) {
    if (kinds > 0) throw std::invalid_argument("body= goes with status= or alone");
    out.type = fault::kind::replace_body;
    ++kinds;
  }
  if (kinds != 1) {
    throw std::invalid_argument("give exactly one of status=, delay=, drop, truncate or body=");
  }
  if (!retry_after.empty() && !has_status) {
    throw std::invalid_argument("retry-after= goes with status=");
  }
  out.retry_after = retry_after;
  out.content_type = content_type;
  return out;
}

}  // namespace plugboard_sandbox
