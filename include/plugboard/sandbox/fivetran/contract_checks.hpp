// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/contract.hpp"
#include "plugboard/sandbox/generated/fivetran_contract.hpp"

// The Fivetran fake against Fivetran's OpenAPI document: each documented
// route names its operationId, and the request bodies it receives and the
// replies it sends are checked against that operation's schemas.
//
// Where the document is wrong about the real API, or where the fake departs
// from it on purpose, the check says so here, narrowly:
// - approve_connection_fingerprint: the document gives its 201 body as the
//   bare fingerprint; Fivetran's own Go client expects (and the other
//   approve operation documents) the usual envelope, so the fake sends the
//   envelope and `data` is checked against that schema.
// - the connector-type "openai" has a category outside the document's enum
//   on purpose, so that clients' open enums are exercised: it is checked as
//   if it were a documented category.

namespace plugboard::sandbox::detail::fivetran {

// The bundle, parsed once per process; its schemas are parsed as first used.
inline const contract& fivetran_contract() {
  static const contract parsed(contracts::fivetran);
  return parsed;
}

// The 400 message for a request body that does not match, or nullopt.
inline std::optional<std::string> request_problem(std::string_view operation,
                                                  const nlohmann::json& body) {
  const auto violation = fivetran_contract().check_request(operation, body);
  if (!violation) return std::nullopt;
  std::string message = "The request body does not match the API's schema at ";
  return message.append(violation->describe());
}

namespace contract_detail {

inline constexpr std::string_view off_document_category = "ArtificialIntelligence";
inline constexpr std::string_view stand_in_category = "API";

// The reply with the deliberate departures replaced by documented values;
// nullopt when there are none.
inline std::optional<nlohmann::json> with_stand_ins(std::string_view operation,
                                                    const nlohmann::json& body) {
  const auto replace = [](nlohmann::json& item) {
    if (item.is_object() && item.contains("type") && item["type"] == off_document_category) {
      item["type"] = stand_in_category;
      return true;
    }
    return false;
  };
  if (!body.contains("data") || !body["data"].is_object()) return std::nullopt;
  nlohmann::json copy = body;
  bool replaced = false;
  if (operation == "metadata_connector_config") {
    replaced = replace(copy["data"]);
  } else if (operation == "metadata_connectors" && copy["data"].contains("items") &&
             copy["data"]["items"].is_array()) {
    for (auto& item : copy["data"]["items"]) replaced = replace(item) || replaced;
  }
  if (!replaced) return std::nullopt;
  return copy;
}

}  // namespace contract_detail

// The 500 message for a reply that does not match the document, or nullopt.
inline std::optional<std::string> reply_problem(std::string_view operation, int status,
                                                const nlohmann::json& body) {
  const contract& c = fivetran_contract();
  if (!c.has_operation(operation)) return std::nullopt;
  std::string message = "The sandbox's Fivetran fake answered ";
  message.append(operation).append(" with ").append(std::to_string(status));
  if (status >= 200 && status < 300 && !c.lists_status(operation, status)) {
    return message.append(", a status ").append(c.document()).append(" does not list for it");
  }
  auto violation = c.check_response(operation, status, body);
  if (violation) {
    if (const auto stood_in = contract_detail::with_stand_ins(operation, body)) {
      violation = c.check_response(operation, status, *stood_in);
    }
  }
  if (violation && operation == "approve_connection_fingerprint" && status == 201 &&
      body.contains("data")) {
    if (!c.check_response(operation, status, body["data"])) return std::nullopt;
  }
  if (!violation) return std::nullopt;
  message.append(", which does not match ").append(c.document()).append(" at ");
  return message.append(violation->describe()).append(" (a bug in the fake)");
}

}  // namespace plugboard::sandbox::detail::fivetran
