// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/pieces/models.hpp"
#include "plugboard/pieces/tracking.hpp"

namespace plugboard::pieces::detail {

// The spec asks for exactly one of `string` and `bytes` in a fragment.
inline void check_asset(const std::optional<seeded_connector_asset>& asset,
                        std::string_view argument) {
  if (!asset || !asset->format.fragment) return;
  const auto& fragment = *asset->format.fragment;
  if (fragment.string && fragment.bytes) {
    throw usage_error(std::string(argument) + ".format.fragment",
                      "must hold either `string` or `bytes`, not both");
  }
}

}  // namespace plugboard::pieces::detail

// One descriptor per operation: the Pieces OS connector API, then the
// well-known and applications calls (below).
//
// Wire, as the official TypeScript client sends it: every connector call is a POST
// with `Content-Type: application/json` even when there is no body; an
// absent (std::nullopt) body sends no body at all; {application} is one
// percent-encoded segment (as encodeURIComponent does). Text results are
// the body as text, or the string inside a JSON reply. The text calls send
// `Accept: */*` (what the TS client's fetch sends, the namespace default
// below); connect and suggest ask for application/json.
namespace plugboard::pieces::endpoints {

// What every descriptor here declares unless it says otherwise
// (core/endpoint.hpp): Content-Type even without a body, Accept: */*.
constexpr endpoint_defaults defaults_for_endpoints(const void*) noexcept {
  return {"pieces", "*/*", /*content_type_without_body=*/true};
}

// POST /connect: registers the integration for this session. Sent without
// the X-Application-ID header (the spec declares no auth for it).
struct connect {
  std::optional<seeded_connector_connection> connection{};

  static constexpr std::string_view operation = "connect";
  static constexpr std::string_view summary =
      "Connect an application to Pieces OS; returns the context with its application id";
  static constexpr method verb = method::post;
  static constexpr std::string_view accept = "application/json";
  static constexpr std::string_view path = "/connect";
  static constexpr auto params() { return param_list(body_param(&connect::connection)); }
  static constexpr bool uses_auth = false;
  using result = context;

  void validate() const {
    if (!connection) return;
    const auto& app = connection->application;
    require_non_empty("connection.application.name", app.name.wire());
    require_non_empty("connection.application.version", app.version);
    require_non_empty("connection.application.platform", app.platform.wire());
  }
};

// POST /{application}/intention: sends an asset Pieces OS may compare with
// later. 500 is documented for this call only.
struct intention {
  std::string application{};
  std::optional<seeded_connector_asset> asset{};

  static constexpr std::string_view operation = "intention";
  static constexpr std::string_view summary =
      "Send an asset Pieces OS may compare with later (an intention to save)";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/{application}/intention";
  static constexpr auto params() {
    return param_list(path_param("application", &intention::application),
                      body_param(&intention::asset));
  }
  static constexpr body_format response_format = body_format::text;
  using result = std::string;

  void validate() const { detail::check_asset(asset, "asset"); }
};

// POST /{application}/onboarded with a bare JSON `true` or `false`; "OK".
struct onboarded {
  std::string application{};
  std::optional<bool> is_onboarded{};

  static constexpr std::string_view operation = "onboarded";
  static constexpr std::string_view summary = "Tell Pieces OS whether the user finished onboarding";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/{application}/onboarded";
  static constexpr auto params() {
    return param_list(path_param("application", &onboarded::application),
                      body_param(&onboarded::is_onboarded));
  }
  static constexpr body_format response_format = body_format::text;
  // Setting the same flag twice changes nothing.
  static constexpr bool idempotent = true;
  using result = std::string;
};

// POST /{application}/reaction: what the user did with a suggestion. The
// text is the new asset's uid when `save` was set, otherwise "OK".
struct react {
  std::string application{};
  std::optional<pieces::reaction> reaction{};

  static constexpr std::string_view operation = "react";
  static constexpr std::string_view summary =
      "React to a suggestion (save or reuse); returns the saved asset's uid or OK";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/{application}/reaction";
  static constexpr auto params() {
    return param_list(path_param("application", &react::application), body_param(&react::reaction));
  }
  static constexpr body_format response_format = body_format::text;
  using result = std::string;

  void validate() const {
    if (reaction) detail::check_asset(reaction->seed.asset, "reaction.seed.asset");
  }
};

// POST /{application}/suggestion: compares a snippet with the saved assets
// and suggests reusing one, saving this one, or neither.
struct suggest {
  std::string application{};
  std::optional<seeded_connector_creation> creation{};

  static constexpr std::string_view operation = "suggest";
  static constexpr std::string_view summary =
      "Ask whether a copied snippet should be reused or saved";
  static constexpr method verb = method::post;
  static constexpr std::string_view accept = "application/json";
  static constexpr std::string_view path = "/{application}/suggestion";
  static constexpr auto params() {
    return param_list(path_param("application", &suggest::application),
                      body_param(&suggest::creation));
  }
  // A question, not a change: safe to send again.
  static constexpr bool idempotent = true;
  using result = suggestion;

  void validate() const {
    if (creation) detail::check_asset(creation->asset, "creation.asset");
  }
};

// POST /{application}/track: one analytics event (session, format, ...); "OK".
// Gone in Pieces OS 5.x: the client refuses it before sending when it knows
// the server's version (pieces/version.hpp).
struct track {
  std::string application{};
  std::optional<seeded_connector_tracking> tracking{};

  static constexpr std::string_view operation = "track";
  static constexpr std::string_view summary = "Record a usage event (session, format, ...)";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/{application}/track";
  static constexpr auto params() {
    return param_list(path_param("application", &track::application), body_param(&track::tracking));
  }
  static constexpr body_format response_format = body_format::text;
  using result = std::string;
};

// ---- well-known: GET, plain-text answers, no auth -----------------------------------

// GET /.well-known/health: whether Pieces OS is up. Discovery probes it with
// HEAD (pieces/discovery.hpp); any 200 means up.
struct get_well_known_health {
  static constexpr std::string_view operation = "get_well_known_health";
  static constexpr std::string_view summary =
      "Ask Pieces OS whether it is up (its health, as text)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/.well-known/health";
  static constexpr body_format response_format = body_format::text;
  static constexpr bool content_type_without_body = false;
  static constexpr bool uses_auth = false;
  using result = std::string;
};

// GET /.well-known/version: the Pieces OS version, e.g. "5.0.3".
struct get_well_known_version {
  static constexpr std::string_view operation = "get_well_known_version";
  static constexpr std::string_view summary =
      "Ask Pieces OS for its version (the client then refuses calls that version lacks)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/.well-known/version";
  static constexpr body_format response_format = body_format::text;
  static constexpr bool content_type_without_body = false;
  static constexpr bool uses_auth = false;
  using result = std::string;
};

// ---- applications: how a tool shows in Pieces as a connected application -----------

// POST /applications/register with an Application (e.g. the one connect()
// returned); answers with the Application as Pieces OS keeps it.
struct applications_register {
  std::optional<pieces::application> application{};

  static constexpr std::string_view operation = "applications_register";
  static constexpr std::string_view summary =
      "Register an application with Pieces OS (e.g. the one connect returned)";
  static constexpr method verb = method::post;
  static constexpr std::string_view accept = "application/json";
  static constexpr std::string_view path = "/applications/register";
  static constexpr auto params() {
    return param_list(body_param(&applications_register::application));
  }
  using result = pieces::application;

  void validate() const {
    if (!application) return;
    require_non_empty("application.id", application->id);
    require_non_empty("application.name", application->name.wire());
    require_non_empty("application.version", application->version);
    require_non_empty("application.platform", application->platform.wire());
  }
};

// POST /applications/session/open, no body: starts a session of the
// application; answers with the Session (its id closes it).
struct applications_session_open {
  static constexpr std::string_view operation = "applications_session_open";
  static constexpr std::string_view summary =
      "Open a session (the application is in use); returns the session and its id";
  static constexpr method verb = method::post;
  static constexpr std::string_view accept = "application/json";
  static constexpr std::string_view path = "/applications/session/open";
  static constexpr bool content_type_without_body = false;
  using result = session;
};

// POST /applications/session/close with the session id as a JSON string
// ("\"6f1e...\""); answers with the Session, now with `closed`.
struct applications_session_close {
  std::string session_id{};

  static constexpr std::string_view operation = "applications_session_close";
  static constexpr std::string_view summary =
      "Close the session applications_session_open returned";
  static constexpr method verb = method::post;
  static constexpr std::string_view accept = "application/json";
  static constexpr std::string_view path = "/applications/session/close";
  static constexpr auto params() {
    return param_list(body_param(&applications_session_close::session_id));
  }
  using result = session;

  void validate() const { require_non_empty("session_id", session_id); }
};

}  // namespace plugboard::pieces::endpoints
