// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/detail/base64.hpp"
#include "plugboard/sandbox/fivetran/contract_checks.hpp"
#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/server.hpp"

// What every Fivetran request goes through before and after its handler:
// HTTP Basic (401), an Accept the API can serve (406), a JSON Content-Type on
// POST and PATCH (415), then, for a documented operation, the body checked
// against the document (400) and the reply too (500).

namespace plugboard::sandbox::detail::fivetran {

// application/json (with an optional version=1|2), application/*, */*.
inline bool acceptable(std::string_view accept) {
  if (accept.empty()) return true;
  const auto trim = [](std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  };
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    std::string_view range = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const auto semicolon = range.find(';');
    const std::string_view type = trim(range.substr(0, semicolon));
    std::string_view params =
        semicolon == std::string_view::npos ? std::string_view() : range.substr(semicolon + 1);
    if (type == "*/*" || iequals(type, "application/*")) return true;
    if (!iequals(type, "application/json")) continue;
    bool version_ok = true;
    while (!params.empty()) {
      const auto next = params.find(';');
      const std::string_view param = trim(params.substr(0, next));
      params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
      if (istarts_with(param, "version=")) {
        const auto v = trim(param.substr(8));
        version_ok = v == "1" || v == "2";
      }
    }
    if (version_ok) return true;
  }
  return false;
}

// HTTP Basic with the configured key and secret. Decoded here and compared
// in plain text, never encoded the client's way, so that a client encoding
// bug fails the tests.
inline bool authorized(const fivetran_settings& settings, std::string_view header) {
  constexpr std::string_view scheme = "basic ";
  if (!istarts_with(header, scheme)) return false;
  const auto credentials = base64_decode(header.substr(scheme.size()));
  if (!credentials) return false;
  std::string expected = settings.api_key;
  expected.append(":").append(settings.api_secret);
  return *credentials == expected;
}

// The refusal of a request that fails the checks every route makes.
inline std::optional<outcome> refused(const fivetran_settings& settings, const incoming& in) {
  if (!authorized(settings, in.header("Authorization"))) {
    return failure(401, "Unauthorized", "Invalid API key or secret");
  }
  if (!acceptable(in.header("Accept"))) {
    return failure(406, "NotAcceptable",
                   "Use Accept: application/json or Accept: application/json;version=2");
  }
  if (in.method == "POST" || in.method == "PATCH") {
    if (!istarts_with(in.header("Content-Type"), "application/json")) {
      return failure(415, "UnsupportedMediaType", "Content-Type must be application/json");
    }
  }
  return std::nullopt;
}

// The request body as an object: nothing or `null` count as {} (the Python
// SDK sends null); nullopt for anything else that is not an object.
inline std::optional<nlohmann::json> object_body(const incoming& in) {
  if (in.body.empty()) return nlohmann::json::object();
  auto parsed = in.json_body();
  if (!parsed) return std::nullopt;
  if (parsed->is_null()) return nlohmann::json::object();
  if (!parsed->is_object()) return std::nullopt;
  return parsed;
}

inline reply to_reply(const outcome& out) { return reply::json(out.status, out.body); }

// A route of the old /v1/connectors API (and the old metadata paths): the
// handler reads the request itself, as it always did; nothing is checked
// against the current document, which does not have these paths.
template <class Handler>
reply serve_undocumented(state& s, const incoming& in, Handler&& handle) {
  if (auto refusal = refused(s.settings, in)) return to_reply(*refusal);
  std::lock_guard<std::mutex> lock(s.mutex);
  return to_reply(handle());
}

enum class body_rule {
  optional,  // no body is the same as {}
  required,  // no body at all is a 400 (an empty object is fine)
};

// A documented operation: `handle(body)` gets the request body (an object;
// {} for GET and DELETE) once it matches the operation's request schema, and
// its answer is checked against the response schemas. `locked`: the handler
// runs with the state's mutex held; otherwise it takes it itself (it waits
// for something outside the fake, e.g. a webhook receiver).
template <class Handler>
reply serve(state& s, const incoming& in, std::string_view operation, Handler&& handle,
            body_rule rule = body_rule::optional, bool locked = true) {
  if (auto refusal = refused(s.settings, in)) return to_reply(*refusal);
  nlohmann::json body = nlohmann::json::object();
  if (in.method == "POST" || in.method == "PATCH") {
    if (rule == body_rule::required && in.body.empty()) {
      return to_reply(bad_request("The request body is required (send {} for the defaults)"));
    }
    auto parsed = object_body(in);
    if (!parsed) return to_reply(bad_request("The request body must be a JSON object"));
    body = std::move(*parsed);
    if (s.settings.validate_requests) {
      if (auto problem = request_problem(operation, body)) {
        return to_reply(bad_request(std::move(*problem)));
      }
    }
  }
  outcome out;
  if (locked) {
    std::lock_guard<std::mutex> lock(s.mutex);
    out = handle(static_cast<const nlohmann::json&>(body));
  } else {
    out = handle(static_cast<const nlohmann::json&>(body));
  }
  if (s.settings.validate_replies) {
    if (auto problem = reply_problem(operation, out.status, out.body)) {
      return to_reply(failure(500, "SandboxContractViolation", std::move(*problem)));
    }
  }
  return to_reply(out);
}

}  // namespace plugboard::sandbox::detail::fivetran
