// SPDX-License-Identifier: MIT
// Pieces OS over real HTTP against the sandbox on 127.0.0.1: the connector
// calls, the well-known and applications calls, and the fake as a 4.x and
// as a 5.x server (discovery, in a process of its own:
// tests/network/network-pieces-discovery.cpp).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/pieces/client.hpp"
#include "plugboard/sandbox/pieces.hpp"
#include "plugboard/transport/http.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::sandbox::pieces_fake;
namespace pieces = plugboard::pieces;

namespace {

struct fixture {
  plugboard::sandbox::server server;
  pieces_fake& fake;
  pieces::client<> client;

  explicit fixture(pieces_fake::settings s = {}, std::string application_id = {})
      : fake(server.mount<pieces_fake>("/pieces", std::move(s))),
        client(server.url("/pieces"), pieces::application_id(std::move(application_id))) {}
};

pieces::seeded_connector_connection plugin(std::string version = "1.0.0") {
  pieces::seeded_connector_connection c;
  c.application.name = pieces::application_name_enum::open_source;
  c.application.version = std::move(version);
  c.application.platform = pieces::platform_enum::linux_;
  return c;
}

const json plugin_json = {{"name", "OPEN_SOURCE"}, {"version", "1.0.0"}, {"platform", "LINUX"}};

template <class Call>
plugboard::api_error api_error_of(Call&& call) {
  try {
    call();
  } catch (const plugboard::api_error& e) {
    return e;
  }
  FAIL("no api_error");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("all six operations, connect -> onboarded -> intention -> suggest -> react -> track") {
  fixture f;
  auto api = f.client.connector();

  const auto ctx = api.connect(plugin());
  CHECK(ctx.os == f.fake.os_id());
  CHECK(ctx.health.os.id == f.fake.os_id());
  CHECK_FALSE(ctx.health.os.version.empty());
  CHECK_FALSE(ctx.application.id.empty());
  CHECK(ctx.application.name == pieces::application_name_enum::open_source);
  CHECK(ctx.application.platform == pieces::platform_enum::linux_);
  CHECK_FALSE(ctx.application.onboarded);
  CHECK(ctx.user.is_null());
  auto app = api.for_application(ctx);

  CHECK(app.onboarded(true) == "OK");
  CHECK(f.fake.application(ctx.application.id)->application["onboarded"] == true);
  CHECK(api.connect(plugin()).application.onboarded);  // same integration, same id
  CHECK(f.fake.application_count() == 1);

  const auto snippet = pieces::seeded_connector_asset::from_code("int main() {}", "cpp");
  CHECK(app.suggest(pieces::seeded_connector_creation{snippet}).save.suggested);  // never seen

  CHECK(app.intention(snippet) == "OK");
  const auto after_intention = app.suggest(pieces::seeded_connector_creation{snippet});
  CHECK(after_intention.reuse.suggested);
  CHECK_FALSE(after_intention.save.suggested);

  const auto other = pieces::seeded_connector_asset::from_code("fn main() {}", "rs");
  const auto fresh = app.suggest(pieces::seeded_connector_creation{other});
  CHECK_FALSE(fresh.reuse.suggested);
  CHECK(fresh.save.suggested);
  CHECK(fresh.target.seed.asset->format.fragment->string->raw == "fn main() {}");

  const std::string saved =
      app.react(pieces::reaction{true, pieces::seeded_connector_creation{other}});
  CHECK(saved != "OK");
  CHECK(f.fake.saved_assets().size() == 1);
  CHECK(f.fake.saved_assets()[0]["id"] == saved);
  const auto reuse = app.suggest(pieces::seeded_connector_creation{other});
  REQUIRE(reuse.reuse.suggested);
  REQUIRE(reuse.reuse.assets.iterable.size() == 1);
  CHECK(reuse.reuse.assets.iterable[0]["id"] == saved);
  CHECK(reuse.distribution->at(saved) == 0.0);
  pieces::reaction reused{false, pieces::seeded_connector_creation{other}};
  reused.reuse = pieces::reuse_reaction{saved};
  CHECK(app.react(reused) == "OK");

  CHECK(app.track(pieces::tracking::session(pieces::session_event::initialized)) == "OK");
  CHECK(api.track(ctx.application.id,
                  pieces::tracking::format(pieces::format_event::copied, "fmt-1")) == "OK");

  const auto record = f.fake.application(ctx.application.id);
  REQUIRE(record.has_value());
  CHECK(record->intentions.size() == 1);
  CHECK(record->intentions[0]["format"]["fragment"]["string"]["raw"] == "int main() {}");
  CHECK(record->suggestions.size() == 4);
  CHECK(record->reactions.size() == 2);
  CHECK(record->reactions[1]["reuse"]["asset"] == saved);
  REQUIRE(record->tracked.size() == 2);
  CHECK(record->tracked[0]["session"]["identifier_description_pair"]["session_initialized"] ==
        "a_session_has_been_initialized_and_the_application_has_been_opened");
  CHECK(record->tracked[1]["format"]["format"]["id"] == "fmt-1");
}

TEST_CASE(
    "the wire: POST, Content-Type always, no body when none, X-Application-ID not on /connect") {
  fixture f({}, "configured-app-id");
  auto api = f.client.connector();
  const auto ctx = api.connect(plugin());
  api.onboarded(ctx.application.id, false);
  api.track(ctx.application.id);  // no body
  const auto log = f.server.requests();
  REQUIRE(log.size() == 3);
  for (const auto& entry : log) {
    CHECK(entry.method == "POST");
    CHECK(entry.status == 200);
    CHECK(entry.headers.get("Content-Type") == "application/json");
  }
  CHECK(log[0].target == "/pieces/connect");
  CHECK_FALSE(log[0].headers.contains("X-Application-ID"));
  CHECK(json::parse(log[0].body) == json{{"application", plugin_json}});
  CHECK(log[1].target == "/pieces/" + ctx.application.id + "/onboarded");
  CHECK(log[1].headers.contains("X-Application-ID"));  // redacted in the log
  CHECK(log[1].body == "false");
  CHECK(log[2].body.empty());
  CHECK(log[2].headers.get("Content-Length") == "0");
}

TEST_CASE("an application id with a space and a slash stays one segment") {
  fixture f;
  f.fake.register_application(plugin_json, "a b/c");
  auto api = f.client.connector();
  CHECK(api.connect(plugin()).application.id == "a b/c");  // known integration: same id
  CHECK(api.track("a b/c", pieces::seeded_connector_tracking{}) == "OK");
  const auto log = f.server.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[1].target == "/pieces/a%20b%2Fc/track");
  CHECK(log[1].body == "{}");
  CHECK(f.fake.application("a b/c")->tracked == std::vector<json>{json::object()});
}

TEST_CASE("text replies sent as JSON strings give the same results") {
  fixture f(pieces_fake::settings{pieces_fake::text_format::json_string});
  auto app = f.client.connector().for_application(f.client.connector().connect(plugin()));
  CHECK(app.onboarded(true) == "OK");
  CHECK(app.intention(pieces::seeded_connector_asset::from_code("x", "py")) == "OK");
  const std::string id =
      app.react(pieces::reaction{true, {pieces::seeded_connector_asset::from_code("y", "py")}});
  CHECK(id == f.fake.saved_assets().at(0)["id"]);
  CHECK(app.track(pieces::tracking::session(pieces::session_event::active)) == "OK");
  const auto log = f.server.requests();
  CHECK(log.size() == 5);
}

TEST_CASE("400 for an unknown application, 401 until it connects, 500 with the text body") {
  fixture f;
  auto api = f.client.connector();

  const auto unknown = api_error_of([&] { api.track("no-such-app"); });
  CHECK(unknown.status() == 400);
  CHECK(unknown.body().find("Application Failed to connect") != std::string::npos);
  CHECK(unknown.service_message() == unknown.body());

  const std::string known = f.fake.register_application(plugin_json);
  const auto not_connected = api_error_of([&] { api.onboarded(known, true); });
  CHECK(not_connected.status() == 401);
  CHECK(not_connected.body().find("/connect was not called") != std::string::npos);
  CHECK(api.connect(plugin()).application.id == known);
  CHECK(api.onboarded(known, true) == "OK");

  f.fake.restart_os();  // registered, but every application must connect again
  CHECK(api_error_of([&] { api.suggest(known); }).status() == 401);
  CHECK(api_error_of([&] { api.react(known); }).status() == 401);
  CHECK(api_error_of([&] { api.intention(known); }).status() == 401);
  api.connect(plugin());
  CHECK(api.suggest(known).reuse.assets.iterable.empty());

  f.fake.fail_next(500, "Internal Server Error: the database is locked");
  const auto failed = api_error_of(
      [&] { api.intention(known, pieces::seeded_connector_asset::from_code("x", "py")); });
  CHECK(failed.status() == 500);
  CHECK(failed.body() == "Internal Server Error: the database is locked");
  CHECK(std::string(failed.what()).find("the database is locked") != std::string::npos);
}

TEST_CASE("bad input and a non-JSON connect reply over HTTP") {
  fixture f;
  auto api = f.client.connector();
  CHECK_THROWS_AS(api.track(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.for_application("").onboarded(true), plugboard::usage_error);
  CHECK(f.server.request_count() == 0);

  f.server.inject(plugboard::sandbox::fault::replace_body("Pieces OS is starting", "text/plain"));
  try {
    api.connect(plugin());
    FAIL("no decode_error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.problem().find("not valid JSON") != std::string::npos);
  }
}

TEST_CASE("the user profile is kept as JSON") {
  pieces_fake::settings s;
  s.user = {
      {"id", "u-1"}, {"email", "dev@example.com"}, {"aesthetics", {{"theme", {{"dark", true}}}}}};
  fixture f(s);
  const auto ctx = f.client.connector().connect(plugin());
  CHECK(ctx.user["email"] == "dev@example.com");
  CHECK(ctx.user["aesthetics"]["theme"]["dark"] == true);
}

TEST_CASE("with return_errors nothing throws, over real HTTP") {
  fixture f;
  pieces::client<plugboard::http_transport, plugboard::api_key_header, plugboard::json_serializer,
                 plugboard::no_retry, plugboard::return_errors>
      safe(f.server.url("/pieces"));
  auto api = safe.connector();
  const auto ctx = api.connect(plugin());
  REQUIRE(ctx.ok());
  CHECK(*api.for_application(*ctx).track() == "OK");
  const auto unknown = api.track("nope");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().status() == 400);
  CHECK(api.track("").error().kind() == plugboard::error_kind::usage);
}

TEST_CASE("connect without a body: the fake connects a default application") {
  fixture f;
  auto api = f.client.connector();
  const auto ctx = api.connect();
  CHECK(ctx.application.name == pieces::application_name_enum::unknown);
  CHECK(ctx.application.version == "0.0.0");
  CHECK(ctx.application.platform == pieces::platform_enum::unknown);
  CHECK(api.connect().application.id == ctx.application.id);  // the same one again
  CHECK(api.for_application(ctx).onboarded(true) == "OK");
  const auto log = f.server.requests();
  REQUIRE(log.size() == 3);
  CHECK(log[0].body.empty());
  CHECK(log[0].headers.get("Content-Length") == "0");
  CHECK(log[0].status == 200);
}

TEST_CASE("the well-known calls of a 4.x and of a 5.x fake; HEAD on health") {
  for (const auto release : {pieces_fake::os_release::v4, pieces_fake::os_release::v5}) {
    const bool five = release == pieces_fake::os_release::v5;
    CAPTURE(five);
    pieces_fake::settings s;
    s.release = release;
    fixture f(s);
    CHECK(f.client.well_known().get_well_known_health() == "ok");
    CHECK(f.client.well_known().get_well_known_version() == (five ? "5.0.0" : "4.1.0"));
    CHECK(f.client.server_version() == std::optional<std::string>(five ? "5.0.0" : "4.1.0"));
    CHECK(f.client.connector().connect(plugin()).health.os.version == (five ? "5.0.0" : "4.1.0"));

    plugboard::request head;
    head.verb = plugboard::method::head;
    head.origin = f.server.url();
    head.target = "/pieces/.well-known/health";
    plugboard::http_transport transport;
    CHECK(transport.send(head).status == 200);
    const auto log = f.server.requests();
    REQUIRE(log.size() == 4);
    CHECK(log[0].method == "GET");
    CHECK(log[0].target == "/pieces/.well-known/health");
    CHECK_FALSE(log[0].headers.contains("Content-Type"));
    CHECK(log[3].method == "HEAD");
  }
  pieces_fake::settings pinned;
  pinned.os_version = "5.0.3";
  pinned.release = pieces_fake::os_release::v5;
  fixture f(pinned);
  CHECK(f.client.well_known().get_well_known_version() == "5.0.3");
  f.fake.set_release(pieces_fake::os_release::v4);
  CHECK(f.fake.version() == "4.1.0");
}

TEST_CASE("a connected application: connect, register, open and close a session") {
  fixture f;
  auto api = f.client.connector();
  auto apps = f.client.applications();
  const auto ctx = api.connect(plugin());

  pieces::application described = ctx.application;
  described.descriptor = "plugboard-tests";
  const pieces::application registered = apps.applications_register(described);
  CHECK(registered.id == ctx.application.id);
  CHECK(registered.descriptor == std::optional<std::string>("plugboard-tests"));
  CHECK(f.fake.application(ctx.application.id)->application["descriptor"] == "plugboard-tests");
  CHECK(f.fake.application(ctx.application.id)->connected);  // still connected
  CHECK(f.fake.application_count() == 1);

  pieces::client<> as_app(f.server.url("/pieces"), pieces::application_id(ctx.application.id));
  const pieces::session opened = as_app.applications().applications_session_open();
  CHECK_FALSE(opened.id.empty());
  CHECK(opened.opened.value == "2026-01-01T00:01:00.000Z");
  CHECK_FALSE(opened.closed.has_value());
  const auto sessions = f.fake.sessions();
  REQUIRE(sessions.size() == 1);
  CHECK(sessions[0].application == ctx.application.id);  // from X-Application-ID

  const pieces::session closed = apps.applications_session_close(opened.id);
  CHECK(closed.id == opened.id);
  REQUIRE(closed.closed.has_value());
  CHECK(closed.closed->value == "2026-01-01T00:02:00.000Z");
  CHECK(apps.applications_session_close(opened.id).closed->value == closed.closed->value);

  const auto log = f.server.requests();
  REQUIRE(log.size() == 5);
  CHECK(log[1].target == "/pieces/applications/register");
  CHECK(json::parse(log[1].body)["descriptor"] == "plugboard-tests");
  CHECK(log[2].target == "/pieces/applications/session/open");
  CHECK(log[2].body.empty());
  CHECK(log[3].body == "\"" + opened.id + "\"");
}

TEST_CASE("a registered application must still connect; the applications calls' errors") {
  fixture f;
  auto apps = f.client.applications();
  pieces::application fresh;
  fresh.id = "app-registered-1";
  fresh.name = pieces::application_name_enum::vim;
  fresh.version = "9.1";
  fresh.platform = pieces::platform_enum::linux_;
  const auto registered = apps.applications_register(fresh);
  CHECK(registered.mechanism == pieces::mechanism_enum::manual);  // filled in by the fake
  CHECK(api_error_of([&] { f.client.connector().onboarded("app-registered-1", true); }).status() ==
        401);
  CHECK(api_error_of([&] { apps.applications_register(std::nullopt); }).status() == 400);
  const auto unknown = api_error_of([&] { apps.applications_session_close("no-such-session"); });
  CHECK(unknown.status() == 404);
}

TEST_CASE("a 5.x fake: track is a bare 404 when the client does not know, refused when it does") {
  pieces_fake::settings s;
  s.release = pieces_fake::os_release::v5;
  fixture f(s);
  auto api = f.client.connector();
  const auto ctx = api.connect(plugin());
  const auto gone = api_error_of([&] { api.track(ctx.application.id); });
  CHECK(gone.status() == 404);
  CHECK(gone.body() == "Route not found");
  CHECK(f.server.request_count() == 2);

  f.client.well_known().get_well_known_version();  // now it knows: 5.0.0
  try {
    api.for_application(ctx).track(pieces::tracking::session(pieces::session_event::active));
    FAIL("no usage_error");
  } catch (const plugboard::usage_error& e) {
    CHECK(std::string(e.what()).find("Pieces OS 5.0.0") != std::string::npos);
  }
  CHECK(f.server.request_count() == 3);  // the version call only
  CHECK(api.for_application(ctx).onboarded(true) == "OK");

  f.fake.set_release(pieces_fake::os_release::v4);  // an older server: track is back
  f.client.well_known().get_well_known_version();
  CHECK(api.track(ctx.application.id) == "OK");
}

TEST_CASE("seed picks the release and the version") {
  fixture f;
  f.fake.seed(json{{"release", 5}, {"os_version", "5.0.7"}});
  CHECK(f.fake.version() == "5.0.7");
  CHECK(f.client.well_known().get_well_known_version() == "5.0.7");
  CHECK_THROWS_AS(f.fake.seed(json{{"release", 6}}), std::invalid_argument);
  CHECK_THROWS_AS(f.fake.seed(json{{"os_version", 5}}), std::invalid_argument);
  CHECK_THROWS_AS(f.fake.seed(json{{"port", 1}}), std::invalid_argument);
  f.fake.seed(json{{"release", 4}, {"os_version", ""}});
  CHECK(f.fake.version() == "4.1.0");
}
