// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>

#include <nlohmann/json.hpp>

// What a Fivetran fake handler answers, before it becomes an HTTP reply: the
// status and the JSON body, so that the body can be checked against the
// vendor's schema without being parsed again. Every body is Fivetran's
// envelope: {"code": "Success", "message": ..., "data": ...} on success,
// {"code": "<Kind>", "message": ...} on failure.

namespace plugboard::sandbox::detail::fivetran {

struct outcome {
  int status = 200;
  nlohmann::json body;
};

inline outcome failure(int status, std::string code, std::string message) {
  return {status, {{"code", std::move(code)}, {"message", std::move(message)}}};
}

inline outcome success(int status, std::string message, nlohmann::json data = nullptr) {
  nlohmann::json body = {{"code", "Success"}, {"message", std::move(message)}};
  if (!data.is_null()) body["data"] = std::move(data);
  return {status, std::move(body)};
}

inline outcome bad_request(std::string message) {
  return failure(400, "InvalidInput", std::move(message));
}

inline outcome conflict(std::string message) {
  return failure(409, "Conflict", std::move(message));
}

}  // namespace plugboard::sandbox::detail::fivetran
