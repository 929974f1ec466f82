// SPDX-License-Identifier: MIT
// Pieces OS connector API: connect an integration, finish onboarding, then
// the copy-a-snippet loop (suggest, react: save it), an intention for a
// snippet worth comparing later, and usage tracking.
#include <string>

#include "plugboard/pieces/traits.hpp"
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
  // Pieces OS runs locally and needs no credentials.
  pieces::client<tour::wire> os(ctx.base_url<service>(), ctx.auth<service>(), w);
  auto api = os.connector();

  std::string application;
  // A handshake every integration makes at start-up (the same application
  // gets the same id back), so it runs in read-only mode too.
  ctx.report.step("pieces", "connect", w, [&] {
    pieces::seeded_connector_connection connection;
    connection.application.name = pieces::application_name_enum::open_source;
    connection.application.version = "1.0.0";
    connection.application.platform = pieces::platform_enum::linux_;
    const auto context = api.connect(connection);
    application = context.application.id;
    return "application " + application + " on OS " + context.health.os.version;
  });
  auto app = api.for_application(application);

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
  ctx.report.write("pieces", "track", w, [&] {
    return app.track(pieces::tracking::session(pieces::session_event::initialized));
  });
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
