// SPDX-License-Identifier: MIT
// Helpers shared by plugboard's tests.
#pragma once

#include <string>
#include <string_view>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "plugboard/core/message.hpp"

namespace plugboard_test {

// Secrets that must never show up in any error message, log or what().
inline constexpr std::string_view canary_key = "CANARY-KEY-7f3a9c";
inline constexpr std::string_view canary_token = "CANARY-TOKEN-b81d44";
inline constexpr std::string_view canary_password = "CANARY-PASS-5e2f10";

inline bool mentions_canary(std::string_view text) {
  return text.find("CANARY") != std::string_view::npos;
}

// The request body parsed as JSON (fails the test when it is not JSON).
inline nlohmann::json body_json(const plugboard::request& req) {
  auto parsed = nlohmann::json::parse(req.body, nullptr, false);
  REQUIRE_MESSAGE(!parsed.is_discarded(), "request body is not JSON: " << req.body);
  return parsed;
}

inline plugboard::response json_response(int status, std::string body) {
  plugboard::response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

}  // namespace plugboard_test
