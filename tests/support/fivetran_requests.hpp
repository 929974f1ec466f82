// SPDX-License-Identifier: MIT
// What the unit tests of Fivetran's generated groups (connections, metadata,
// webhooks) share: a client over mock_transport and the checks of the exact
// request. Every expected value is written from Fivetran's OpenAPI document.
#pragma once

#include <string>

#include <doctest/doctest.h>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

namespace fivetran_test {

using plugboard::json;
using plugboard::testing::mock_transport;

using client_t = plugboard::fivetran::client<mock_transport>;

inline constexpr const char* origin = "https://api.fivetran.test";
// base64("key-123:secret-456")
inline constexpr const char* basic_header = "Basic a2V5LTEyMzpzZWNyZXQtNDU2";

inline client_t make(mock_transport& mock) {
  return client_t(origin, plugboard::fivetran::api_key("key-123", "secret-456"), mock);
}

// {"code": "Success", "message": ..., "data": <data>}: Fivetran's envelope.
inline std::string envelope_of(const std::string& data, const std::string& message = "Success") {
  std::string out = R"({"code":"Success","message":)";
  out.append(json(message).dump()).append(R"(,"data":)").append(data).append("}");
  return out;
}

// {"code": "Success", "message": ...}: the answer of calls without data.
inline std::string acknowledgement_of(const std::string& message) {
  std::string out = R"({"code":"Success","message":)";
  out.append(json(message).dump()).append("}");
  return out;
}

// {"items": [...], "next_cursor": ...}: one page of a cursor listing.
inline std::string page_of(const std::string& items, const std::string& next_cursor_json) {
  std::string out = R"({"items":[)";
  out.append(items).append("]");
  if (!next_cursor_json.empty()) out.append(R"(,"next_cursor":)").append(next_cursor_json);
  out.append("}");
  return out;
}

// The Accept the document gives each operation: the v2 connection shape for
// a connection itself (list, create, details, modify, delete, connect card,
// sync, resync, test, state), plain JSON for certificates, fingerprints,
// schema config, group lists, connector types and webhooks.
inline std::string expected_accept(const std::string& target) {
  const bool connection = target.rfind("/v1/connections", 0) == 0;
  for (const char* part : {"/certificates", "/fingerprints", "/schemas"}) {
    if (target.find(part) != std::string::npos) return "application/json";
  }
  return connection ? "application/json;version=2" : "application/json";
}

// Method, origin, target (path and query), HTTP Basic and the document's Accept.
inline void check_common(const plugboard::request& req, plugboard::method verb,
                         const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == origin);
  CHECK(req.target == target);
  CHECK(req.headers.get("Authorization") == basic_header);
  CHECK(req.headers.get("Accept") == expected_accept(target));
}

inline void check_json_body(const plugboard::request& req, const json& expected) {
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(plugboard_test::body_json(req) == expected);
}

inline void check_no_body(const plugboard::request& req) {
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

}  // namespace fivetran_test
