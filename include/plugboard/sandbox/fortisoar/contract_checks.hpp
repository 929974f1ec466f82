// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/contract.hpp"
#include "plugboard/sandbox/generated/fortisoar_contract.hpp"

// The FortiSOAR fake against FortiSOAR's document: the operations generated
// from it (specs/fortisoar.yaml) have their request bodies checked against
// the document's schemas, and their replies against a response schema when
// the document gives one. Today it gives examples only (the bundle lists no
// response schema), so the reply check has nothing to compare yet; it starts
// to when a newer document adds schemas.

namespace plugboard::sandbox::detail::fortisoar {

inline const contract& fortisoar_contract() {
  static const contract parsed(contracts::fortisoar);
  return parsed;
}

// The 400 message for a request body that does not match, or nullopt.
inline std::optional<std::string> request_problem(std::string_view operation,
                                                  const nlohmann::json& body) {
  const auto violation = fortisoar_contract().check_request(operation, body);
  if (!violation) return std::nullopt;
  std::string message = "The request body does not match the API's schema at ";
  return message.append(violation->describe());
}

// The 500 message for a success reply that does not match the document, or nullopt.
inline std::optional<std::string> reply_problem(std::string_view operation, int status,
                                                const nlohmann::json& body) {
  const contract& c = fortisoar_contract();
  if (!c.has_operation(operation) || status < 200 || status >= 300) return std::nullopt;
  std::string message = "The sandbox's FortiSOAR fake answered ";
  message.append(operation).append(" with ").append(std::to_string(status));
  if (!c.lists_status(operation, status)) return std::nullopt;
  const auto violation = c.check_response(operation, status, body);
  if (!violation) return std::nullopt;
  message.append(", which does not match ").append(c.document()).append(" at ");
  return message.append(violation->describe()).append(" (a bug in the fake)");
}

}  // namespace plugboard::sandbox::detail::fortisoar
