// SPDX-License-Identifier: MIT
// Pieces OS: find it and its version (discovery, the well-known calls),
// connect an integration and show as a connected application (register, a
// session), finish onboarding, then the copy-a-snippet loop (suggest, react:
// save it), an intention for a snippet worth comparing later, and usage
// tracking (4.x only: on 5.x the client refuses it before sending).
#include <string>

#include "plugboard/core/errors.hpp"
#include "plugboard/pieces/discovery.hpp"
#include "plugboard/pieces/traits.hpp"
#include "plugboard/pieces/version.hpp"
#include "plugboard/sandbox/pieces.hpp"
#include "tour.hpp"

namespace {

using service = plugboard::pieces::service;

void tour_every_operation(tour::context& ctx) {
  namespace pieces = plugboard::pieces;
  if (ctx.embedded()) {
    ctx.sandbox->mount<plugboard::sandbox::pieces_fake>(std::string(service::sandbox_prefix));
  }
  tour::wire w;

  // Where Pieces OS is: the sandbox's URL, or for a real one PIECES_BASE_URL,
  // else the ports 5.x listens on (39300-39333), else those of older releases.
  pieces::discovery_options where;
  where.environment_variable = std::string(service::base_url_variable);
  if (ctx.embedded()) where.url = ctx.base_url<service>();
  pieces::discovered found;
  found.url = std::string(pieces::default_base_url);  // when nothing is found
  ctx.report.step("pieces", "discover", w, [&] {
    found = pieces::discover(where);
    return "found " + found.url + " (" + std::string(pieces::to_string(found.source)) +
           "), Pieces OS " + found.version.value_or("of unknown version");
  });
  // Pieces OS runs locally and needs no credentials. The client knows the
  // version discovery read, and refuses what that version no longer has.
  pieces::client<tour::wire> os(found, ctx.auth<service>(), w);
  auto api = os.connector();

  ctx.report.step("pieces", "get_well_known_health", w, [&] {
    return std::string("health: ").append(os.well_known().get_well_known_health());
  });
  ctx.report.step("pieces", "get_well_known_version", w, [&] {
    const std::string version = os.well_known().get_well_known_version();
    const auto parsed = pieces::os_version::parse(version);
    const bool has_track = !parsed || *parsed < pieces::track_removed_in;
    return "Pieces OS " + version + (has_track ? " (has track)" : " (no track: 5.x)");
  });

  std::string application;
  pieces::application registered;
  // A handshake every integration makes at start-up (the same application
  // gets the same id back), so it runs in read-only mode too.
  ctx.report.step("pieces", "connect", w, [&] {
    pieces::seeded_connector_connection connection;
    connection.application.name = pieces::application_name_enum::open_source;
    connection.application.version = "1.0.0";
    connection.application.platform = pieces::platform_enum::linux_;
    const auto context = api.connect(connection);
    application = context.application.id;
    registered = context.application;
    return "application " + application + " on OS " + context.health.os.version;
  });
  auto app = api.for_application(application);

  // Shows in Pieces as a connected application: registered, with a session
  // open while it works.
  ctx.report.write("pieces", "applications_register", w, [&] {
    registered.descriptor = "plugboard-tour";
    const auto kept = os.applications().applications_register(registered);
    return "registered " + kept.id + " (" + kept.name.wire() + " " + kept.version + ")";
  });
  std::string session;
  ctx.report.write("pieces", "applications_session_open", w, [&] {
    const auto opened = os.applications().applications_session_open();
    session = opened.id;
    return "session " + session + " opened at " + opened.opened.value;
  });

  ctx.report.write("pieces", "onboarded", w, [&] { return app.onboarded(true); });

  const auto snippet = pieces::seeded_connector_asset::from_code("print('hello')", "py");
  ctx.report.step("pieces", "suggest", w, [&] {
    const auto s = app.suggest(pieces::seeded_connector_creation{snippet});
    return std::string("reuse=") + (s.reuse.suggested ? "true" : "false") + " (" +
           std::to_string(s.reuse.assets.iterable.size()) +
           " assets), save=" + (s.save.suggested ? "true" : "false");
  });
  ctx.report.write("pieces", "react", w, [&] {
    return "saved as " +
           app.react(pieces::reaction{true, pieces::seeded_connector_creation{snippet}});
  });
  ctx.report.write("pieces", "intention", w, [&] {
    return app.intention(pieces::seeded_connector_asset::from_code("SELECT 1;", "sql"));
  });
  // Only 4.x has track: on 5.x the client refuses it before sending.
  ctx.report.write("pieces", "track", w, [&] {
    try {
      return app.track(pieces::tracking::session(pieces::session_event::initialized));
    } catch (const plugboard::usage_error& e) {
      if (e.argument() != "track") throw;
      throw tour::skipped{std::string("Pieces OS ")
                              .append(os.server_version().value_or("?"))
                              .append(" has no track")};
    }
  });
  if (ctx.embedded()) {
    // The same call to a 5.x server: the guard's usage_error, nothing sent.
    plugboard::sandbox::pieces_fake::settings release_5;
    release_5.release = plugboard::sandbox::pieces_fake::os_release::v5;
    ctx.sandbox->mount<plugboard::sandbox::pieces_fake>("/pieces-5", release_5);
    ctx.report.step("pieces", "track", w, [&] {
      pieces::discovery_options five;
      five.environment_variable.clear();
      five.url = ctx.sandbox->url("/pieces-5");
      pieces::client<tour::wire> newer(pieces::discover(five), ctx.auth<service>(), w);
      try {
        newer.connector().track(application);
        return std::string("sent to Pieces OS 5.x: the guard did not refuse it");
      } catch (const plugboard::usage_error&) {
        return std::string("on Pieces OS ")
            .append(newer.server_version().value_or("?"))
            .append(": refused before sending (usage_error)");
      }
    });
  }

  ctx.report.write("pieces", "applications_session_close", w, [&] {
    if (session.empty()) throw tour::skipped{"no session was opened"};
    const auto closed = os.applications().applications_session_close(session);
    return "session " + closed.id + " closed at " + (closed.closed ? closed.closed->value : "?");
  });
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
