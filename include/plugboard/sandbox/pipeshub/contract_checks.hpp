// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/contract.hpp"
#include "plugboard/sandbox/generated/pipeshub_contract.hpp"

// The Pipeshub fake against Pipeshub's OpenAPI document: each route names
// its operationId, and the JSON request bodies it receives and the 2xx
// replies it sends are checked against that operation's schemas.
//
// Where the current server departs from the document (docs/api/pipeshub.md,
// section 7) and the fake answers like the server on purpose, the check says
// so here, narrowly: in the server shape, create answers 200 (the document
// lists 201), delete answers 202 (it lists 200) and /connectors/configured
// nests its list; those three replies are not checked then.

namespace plugboard::sandbox::detail::pipeshub {

// The bundle, parsed once per process; its schemas are parsed as first used.
inline const contract& pipeshub_contract() {
  static const contract parsed(contracts::pipeshub);
  return parsed;
}

// The 400 message for a request body that does not match, or nullopt.
inline std::optional<std::string> request_problem(std::string_view operation,
                                                  const nlohmann::json& body) {
  const auto violation = pipeshub_contract().check_request(operation, body);
  if (!violation) return std::nullopt;
  std::string message = "The request body does not match the API's schema at ";
  return message.append(violation->describe());
}

// Whether the server shape departs from the document for this operation's reply.
inline bool server_shape_departs(std::string_view operation) {
  return operation == "createConnectorInstance" || operation == "deleteConnectorInstance" ||
         operation == "listConfiguredConnectors";
}

// The 500 message for a 2xx reply that does not match the document, or nullopt.
inline std::optional<std::string> reply_problem(std::string_view operation, int status,
                                                const nlohmann::json& body) {
  const contract& c = pipeshub_contract();
  if (!c.has_operation(operation) || status < 200 || status >= 300) return std::nullopt;
  std::string message = "The sandbox's Pipeshub fake answered ";
  message.append(operation).append(" with ").append(std::to_string(status));
  if (!c.lists_status(operation, status)) {
    return message.append(", a status ").append(c.document()).append(" does not list for it");
  }
  const auto violation = c.check_response(operation, status, body);
  if (!violation) return std::nullopt;
  message.append(", which does not match ").append(c.document()).append(" at ");
  return message.append(violation->describe()).append(" (a bug in the fake)");
}

}  // namespace plugboard::sandbox::detail::pipeshub
