// SPDX-License-Identifier: MIT
// Pieces OS: the exact request of the six connector operations (as the
// official TypeScript client sends them), of the well-known and applications
// calls, text-versus-JSON results, the documented errors, bad input refused
// before sending, and the version guard (track refused on 5.x, sent on 4.x).
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "plugboard/pieces/client.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace pieces = plugboard::pieces;

namespace {

using client_t = pieces::client<mock_transport>;

constexpr const char* app_id = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";

// The Context a real Pieces OS answers with (abridged user profile).
constexpr const char* context_body = R"({
  "os":"0e5f1c2a-7b3d-4c8e-9f10-a1b2c3d4e5f6",
  "application":{"id":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","name":"OPEN_SOURCE","version":"0.0.1",
    "platform":"LINUX","onboarded":false,"privacy":"OPEN","capabilities":"BLENDED",
    "mechanism":"MANUAL","automaticUnload":false,"schema":{"migration":0,"semantic":"MAJOR_0_MINOR_0_PATCH_1"}},
  "health":{"os":{"id":"0e5f1c2a-7b3d-4c8e-9f10-a1b2c3d4e5f6","version":"10.0.0"}},
  "user":{"id":"u-1","aesthetics":{"theme":{"dark":true},"font":{"size":1.2}},"email":"dev@example.com"},
  "newer_key":42})";

client_t make(mock_transport& mock, std::string application_id = app_id) {
  return client_t("http://127.0.0.1:1000", pieces::application_id(std::move(application_id)), mock);
}

void check_common(const plugboard::request& req, const std::string& target,
                  const std::string& accept = "*/*") {
  CHECK(req.verb == plugboard::method::post);
  CHECK(req.origin == "http://127.0.0.1:1000");
  CHECK(req.target == target);
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(req.headers.get("Accept") == accept);
  CHECK_FALSE(req.headers.contains("Authorization"));
}

plugboard::response text_response(int status, std::string body,
                                  std::string content_type = "text/plain; charset=utf-8") {
  plugboard::response r;
  r.status = status;
  r.headers.set("Content-Type", std::move(content_type));
  r.body = std::move(body);
  return r;
}

// The SeededConnectorAsset of the captured intention/react/suggest bodies.
pieces::seeded_connector_asset hello_asset() {
  auto asset = pieces::seeded_connector_asset::from_code("print(\"hi\")", "py");
  pieces::seeded_asset_metadata metadata;
  metadata.name = "hello.py";
  metadata.mechanism = pieces::mechanism_enum::manual;
  metadata.tags = std::vector<pieces::seeded_asset_tag>{{"demo"}};
  asset.metadata = metadata;
  return asset;
}

const json hello_asset_json = json::parse(
    R"js({"metadata":{"name":"hello.py","mechanism":"MANUAL","tags":[{"text":"demo"}]},"format":{"fragment":{"string":{"raw":"print(\"hi\")"},"metadata":{"ext":"py"}},"classification":{"generic":"CODE","specific":"py"}}})js");

}  // namespace

TEST_CASE("connect: POST /connect with the minimal connection, never X-Application-ID") {
  mock_transport mock;
  mock.enqueue_json(200, context_body);
  auto c = make(mock);
  const auto ctx = c.connector().connect(pieces::seeded_connector_connection{
      {pieces::application_name_enum::open_source, "0.0.1", pieces::platform_enum::linux_}});
  const auto req = mock.last_request();
  check_common(req, "/connect", "application/json");
  CHECK_FALSE(req.headers.contains("X-Application-ID"));
  CHECK(body_json(req) ==
        json::parse(
            R"({"application":{"name":"OPEN_SOURCE","version":"0.0.1","platform":"LINUX"}})"));

  CHECK(ctx.os == "0e5f1c2a-7b3d-4c8e-9f10-a1b2c3d4e5f6");
  CHECK(ctx.application.id == app_id);
  CHECK(ctx.application.name == pieces::application_name_enum::open_source);
  CHECK(ctx.application.version == "0.0.1");
  CHECK(ctx.application.platform == pieces::platform_enum::linux_);
  CHECK_FALSE(ctx.application.onboarded);
  CHECK(ctx.application.privacy == pieces::privacy_enum::open);
  CHECK(ctx.application.capabilities == pieces::capabilities_enum::blended);
  CHECK(ctx.application.mechanism == pieces::mechanism_enum::manual);
  CHECK(ctx.application.automatic_unload == false);
  REQUIRE(ctx.application.schema.has_value());
  CHECK(ctx.application.schema->semantic ==
        pieces::embedded_model_schema_semantic_version_enum::major_0_minor_0_patch_1);
  CHECK(ctx.health.os.version == "10.0.0");
  CHECK(ctx.user["email"] == "dev@example.com");  // the profile is kept as JSON
  CHECK(ctx.user["aesthetics"]["theme"]["dark"] == true);
  CHECK(ctx.extra == json{{"newer_key", 42}});
}

TEST_CASE("connect: every simple field, as the TypeScript client sends them") {
  mock_transport mock;
  mock.enqueue_json(200, context_body);
  auto c = make(mock);
  pieces::seeded_connector_connection connection;
  connection.schema = pieces::embedded_model_schema{
      0, pieces::embedded_model_schema_semantic_version_enum::major_0_minor_0_patch_1};
  connection.application.name = pieces::application_name_enum::vs_code;
  connection.application.version = "1.2.3";
  connection.application.platform = pieces::platform_enum::macos;
  connection.application.capabilities = pieces::capabilities_enum::blended;
  connection.application.privacy = pieces::privacy_enum::open;
  connection.application.automatic_unload = false;
  c.connector().connect(connection);
  CHECK(
      body_json(mock.last_request()) ==
      json::parse(
          R"({"schema":{"migration":0,"semantic":"MAJOR_0_MINOR_0_PATCH_1"},"application":{"name":"VS_CODE","version":"1.2.3","platform":"MACOS","capabilities":"BLENDED","privacy":"OPEN","automaticUnload":false}})"));
}

TEST_CASE("connect: no body at all when none is given, Content-Type still set") {
  mock_transport mock;
  mock.enqueue_json(200, context_body);
  auto c = make(mock);
  c.connector().connect();
  const auto req = mock.last_request();
  check_common(req, "/connect", "application/json");
  CHECK(req.body.empty());
}

TEST_CASE("unknown enum values decode as unknown and are sent back unchanged") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"os":"o","application":{"id":"x","name":"NOT_A_REAL_APP",
    "version":"1","platform":"PLAN9","onboarded":true,"privacy":"SECRETIVE"},
    "health":{"os":{"id":"o","version":"1"}}})");
  auto c = make(mock);
  const auto ctx = c.connector().connect();
  CHECK(ctx.application.name == pieces::application_name_enum::unknown);
  CHECK_FALSE(ctx.application.name.is_known());
  CHECK(ctx.application.name.wire() == "NOT_A_REAL_APP");
  CHECK(ctx.application.platform.wire() == "PLAN9");
  CHECK(ctx.application.privacy == pieces::privacy_enum::unknown);
  CHECK(ctx.user.is_null());

  pieces::seeded_connector_connection again;
  again.application.name = ctx.application.name;
  again.application.version = "1";
  again.application.platform = ctx.application.platform;
  mock.enqueue_json(200, context_body);
  c.connector().connect(again);
  CHECK(body_json(mock.last_request())["application"]["name"] == "NOT_A_REAL_APP");
  CHECK(body_json(mock.last_request())["application"]["platform"] == "PLAN9");
  // UNKNOWN is a documented value of its own.
  CHECK(json(pieces::seeded_tracked_application{pieces::application_name_enum::unknown, "1",
                                                pieces::platform_enum::web})["name"] == "UNKNOWN");
}

TEST_CASE("intention: the asset body on the encoded application path, with X-Application-ID") {
  mock_transport mock;
  mock.enqueue(text_response(200, "OK"));
  auto c = make(mock);
  CHECK(c.connector().intention(app_id, hello_asset()) == "OK");
  const auto req = mock.last_request();
  check_common(req, std::string("/") + app_id + "/intention");
  CHECK(req.headers.get("X-Application-ID") == app_id);
  CHECK(body_json(req) == hello_asset_json);
}

TEST_CASE("onboarded: a bare JSON true or false, byte for byte, or no body") {
  mock_transport mock;
  auto c = make(mock);
  const std::string target = std::string("/") + app_id + "/onboarded";
  mock.enqueue(text_response(200, "OK"));
  CHECK(c.connector().onboarded(app_id, true) == "OK");
  check_common(mock.last_request(), target);
  CHECK(mock.last_request().body == "true");

  mock.enqueue(text_response(200, "OK"));
  c.connector().onboarded(app_id, false);
  CHECK(mock.last_request().body == "false");

  mock.enqueue(text_response(200, "OK"));
  c.connector().onboarded(app_id);
  check_common(mock.last_request(), target);
  CHECK(mock.last_request().body.empty());
}

TEST_CASE("react: save and reuse with the seed; the text is the new asset's uid") {
  mock_transport mock;
  mock.enqueue(text_response(200, "asset-uid-2"));
  auto c = make(mock);
  pieces::reaction r;
  r.save = true;
  r.reuse = pieces::reuse_reaction{"asset-uid-1"};
  r.seed.asset = hello_asset();
  CHECK(c.connector().react(app_id, r) == "asset-uid-2");
  const auto req = mock.last_request();
  check_common(req, std::string("/") + app_id + "/reaction");
  CHECK(body_json(req) == json{{"save", true},
                               {"reuse", {{"asset", "asset-uid-1"}}},
                               {"seed", {{"asset", hello_asset_json}}}});
}

TEST_CASE("suggest: the creation body, and the whole Suggestion decoded") {
  mock_transport mock;
  mock.enqueue_json(200, R"({
    "reuse":{"suggested":true,"assets":{"iterable":[{"id":"asset-uid-1","name":"hello.py"}]}},
    "save":{"suggested":false},
    "target":{"seed":{"asset":{"format":{"fragment":{"string":{"raw":"x"}}}}},"vector":0.25},
    "assets":{"iterable":[{"id":"asset-uid-1"},{"id":"asset-uid-9"}],"indices":{"asset-uid-1":0,"asset-uid-9":1},
              "score":{"manual":1,"automatic":2}},
    "distribution":{"asset-uid-1":0.0,"asset-uid-9":0.75}})");
  auto c = make(mock);
  const auto s = c.connector().suggest(app_id, pieces::seeded_connector_creation{hello_asset()});
  const auto req = mock.last_request();
  check_common(req, std::string("/") + app_id + "/suggestion", "application/json");
  CHECK(body_json(req) == json{{"asset", hello_asset_json}});

  CHECK(s.reuse.suggested);
  REQUIRE(s.reuse.assets.iterable.size() == 1);
  CHECK(s.reuse.assets.iterable[0]["id"] == "asset-uid-1");  // each Asset kept as JSON
  CHECK_FALSE(s.save.suggested);
  CHECK(s.target.vector == 0.25);
  REQUIRE(s.target.seed.asset.has_value());
  CHECK(s.target.seed.asset->format.fragment->string->raw == "x");
  CHECK(s.assets.iterable.size() == 2);
  CHECK(s.assets.indices->at("asset-uid-9") == 1);
  CHECK(s.assets.score["automatic"] == 2);
  CHECK(s.distribution->at("asset-uid-9") == 0.75);
}

TEST_CASE("track: the session and format helpers give the documented bodies") {
  mock_transport mock;
  auto c = make(mock);
  const std::string target = std::string("/") + app_id + "/track";
  mock.enqueue(text_response(200, "OK"));
  CHECK(c.connector().track(app_id,
                            pieces::tracking::session(pieces::session_event::initialized)) == "OK");
  check_common(mock.last_request(), target);
  CHECK(
      mock.last_request().body ==
      R"({"session":{"identifier_description_pair":{"session_initialized":"a_session_has_been_initialized_and_the_application_has_been_opened"}}})");

  mock.enqueue(text_response(200, "OK"));
  c.connector().track(app_id, pieces::tracking::format(pieces::format_event::copied, "fmt-1"));
  CHECK(
      body_json(mock.last_request()) ==
      json::parse(
          R"({"format":{"identifier_description_pair":{"format_copied":"if_a_format_was_entirely_copied"},"format":{"id":"fmt-1"}}})"));
}

TEST_CASE("track: an id with a space and a slash is one encodeURIComponent segment") {
  mock_transport mock;
  mock.enqueue(text_response(200, "OK"));
  auto c = make(mock);
  c.connector().track("a b/c", pieces::seeded_connector_tracking{});
  const auto req = mock.last_request();
  check_common(req, "/a%20b%2Fc/track");
  CHECK(req.body == "{}");
}

TEST_CASE("every event pair has its sentence, and reads back as the same event") {
  for (int i = 1; i <= static_cast<int>(pieces::session_event::onboarding_completed); ++i) {
    const auto event = static_cast<pieces::session_event>(i);
    const json body = pieces::tracking::session(event);
    const auto& pair = body["session"]["identifier_description_pair"];
    REQUIRE(pair.size() == 1);
    CHECK(pair.begin().key().rfind("session_", 0) == 0);
    CHECK(pair.begin()->get<std::string>().size() > 20);
    CHECK(body.get<pieces::seeded_connector_tracking>()
              .session->identifier_description_pair.event() == event);
  }
  for (int i = 1; i <= static_cast<int>(pieces::format_event::value_edited); ++i) {
    const auto event = static_cast<pieces::format_event>(i);
    const json body = pieces::tracking::format(event, "f");
    const auto& pair = body["format"]["identifier_description_pair"];
    REQUIRE(pair.size() == 1);
    CHECK(pair.begin().key().rfind("format_", 0) == 0);
    CHECK(
        body.get<pieces::seeded_connector_tracking>().format->identifier_description_pair.event() ==
        event);
  }
  CHECK(json(pieces::tracking::session(
            pieces::session_event::onboarding_completed))["session"]["identifier_description_pair"]
                                                         ["session_onboarding_completed"] ==
        "onboarding_has_been_completed_for_this_session");
  CHECK(json(pieces::tracking::format(
            pieces::format_event::value_edited,
            "f"))["format"]["identifier_description_pair"]["format_value_edited"] ==
        "a_format_value_was_edited");
  CHECK(pieces::tracked_session_event_identifier_description_pairs{}.event() ==
        pieces::session_event::unknown);
}

TEST_CASE("text results: plain text, a JSON string, other JSON, and an empty 200") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connector();
  mock.enqueue(text_response(200, "asset-uid-7"));
  CHECK(api.react(app_id, pieces::reaction{}) == "asset-uid-7");
  mock.enqueue_json(200, R"("asset-uid-8")");
  CHECK(api.react(app_id, pieces::reaction{}) == "asset-uid-8");
  mock.enqueue(text_response(200, "\"quoted\"", "application/problem+json; charset=utf-8"));
  CHECK(api.intention(app_id) == "quoted");
  mock.enqueue(text_response(200, "\"OK\""));  // text/plain: not parsed
  CHECK(api.track(app_id) == "\"OK\"");
  mock.enqueue_json(200, R"({"not":"a string"})");
  CHECK(api.onboarded(app_id, true) == R"({"not":"a string"})");
  mock.enqueue(text_response(200, ""));
  CHECK(api.onboarded(app_id, true).empty());
  mock.enqueue(plugboard::response{200, {}, ""});
  CHECK(api.track(app_id).empty());
  mock.enqueue(plugboard::response{200, {}, "OK"});  // no Content-Type at all
  CHECK(api.track(app_id) == "OK");
}

TEST_CASE("for_application binds the id once; the plain calls stay available") {
  mock_transport mock;
  auto c = make(mock, "");
  auto api = c.connector();
  mock.enqueue_json(200, context_body);
  const auto ctx = api.connect();
  auto app = api.for_application(ctx);
  CHECK(app.application() == app_id);
  const std::string base = std::string("/") + app_id;

  mock.enqueue(text_response(200, "OK"));
  app.intention(hello_asset());
  check_common(mock.last_request(), base + "/intention");
  CHECK(body_json(mock.last_request()) == hello_asset_json);
  CHECK_FALSE(mock.last_request().headers.contains("X-Application-ID"));  // not configured

  mock.enqueue(text_response(200, "OK"));
  app.onboarded(true);
  CHECK(mock.last_request().target == base + "/onboarded");
  CHECK(mock.last_request().body == "true");

  mock.enqueue(text_response(200, "OK"));
  app.react(pieces::reaction{false, pieces::seeded_connector_creation{hello_asset()}});
  CHECK(mock.last_request().target == base + "/reaction");
  CHECK(body_json(mock.last_request())["save"] == false);

  mock.enqueue_json(
      200, R"({"reuse":{"suggested":false,"assets":{"iterable":[]}},"save":{"suggested":true},
    "target":{"seed":{},"vector":0},"assets":{"iterable":[]}})");
  CHECK(app.suggest().save.suggested);
  CHECK(mock.last_request().target == base + "/suggestion");
  CHECK(mock.last_request().body.empty());

  mock.enqueue(text_response(200, "OK"));
  app.track(pieces::tracking::session(pieces::session_event::active));
  CHECK(mock.last_request().target == base + "/track");

  mock.enqueue(text_response(200, "OK"));
  CHECK(api.for_application("other").track() == "OK");
  CHECK(mock.last_request().target == "/other/track");
  mock.enqueue(text_response(200, "OK"));
  api.track(app_id);  // the plain call
  CHECK(mock.last_request().target == base + "/track");
}

TEST_CASE("a default client talks to http://127.0.0.1:39300, where Pieces OS 5.x listens first") {
  pieces::client<mock_transport> c;
  c.core().transport().enqueue(text_response(200, "OK"));
  c.connector().track(app_id);
  const auto req = c.core().transport().last_request();
  CHECK(req.origin == "http://127.0.0.1:39300");
  CHECK(req.target == std::string("/") + app_id + "/track");
  CHECK_FALSE(req.headers.contains("X-Application-ID"));
  CHECK(pieces::default_base_url == "http://127.0.0.1:39300");
  CHECK(pieces::legacy_base_url == "http://localhost:1000");
  CHECK_FALSE(c.server_version().has_value());
}

TEST_CASE("400, 401 and 500 become api_error with the status and the text body") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connector();
  const auto error_of = [&](int status, const std::string& text) {
    mock.enqueue(text_response(status, text));
    try {
      api.intention(app_id, hello_asset());
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == status);
      CHECK(e.body() == text);
      CHECK(e.request_line() == std::string("POST http://127.0.0.1:1000/") + app_id + "/intention");
      return e.service_message();
    }
    FAIL("no api_error");
    return std::string();
  };
  CHECK(error_of(400,
                 "Bad Request, Application Failed to connect, Please ensure this is a valid "
                 "integration.") ==
        "Bad Request, Application Failed to connect, Please ensure this is a valid integration.");
  CHECK(error_of(401, "/connect was not called for your application.") ==
        "/connect was not called for your application.");
  CHECK(error_of(500, "Internal Server Error: boom\nstack...") == "Internal Server Error: boom");
  CHECK(mock.call_count() == 3);  // POST is not retried
}

TEST_CASE("the application id in X-Application-ID never shows up in an error") {
  mock_transport mock;
  auto c = make(mock, std::string(plugboard_test::canary_key));
  mock.enqueue(
      text_response(401, std::string("unknown key ") + std::string(plugboard_test::canary_key)));
  try {
    c.connector().track("app");
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
  }
  CHECK(mock.last_request().headers.get("X-Application-ID") == plugboard_test::canary_key);
}

TEST_CASE("bad input is refused before anything is sent") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connector();
  const auto argument_of = [](auto&& call) {
    try {
      call();
    } catch (const plugboard::usage_error& e) {
      return e.argument();
    }
    return std::string("no usage_error");
  };
  CHECK(argument_of([&] { api.intention("", hello_asset()); }) == "application");
  CHECK(argument_of([&] { api.onboarded("", true); }) == "application");
  CHECK(argument_of([&] { api.react(""); }) == "application");
  CHECK(argument_of([&] { api.suggest(""); }) == "application");
  CHECK(argument_of([&] { api.track(""); }) == "application");
  CHECK(argument_of([&] { api.for_application("").track(); }) == "application");
  CHECK(argument_of([&] { api.connect(pieces::seeded_connector_connection{}); }) ==
        "connection.application.name");
  CHECK(argument_of([&] {
          api.connect(pieces::seeded_connector_connection{
              {pieces::application_name_enum::open_source, "", pieces::platform_enum::linux_}});
        }) == "connection.application.version");

  auto both = hello_asset();
  both.format.fragment->bytes = pieces::transferable_bytes{std::vector<std::uint8_t>{1, 2}};
  CHECK(argument_of([&] { api.intention(app_id, both); }) == "asset.format.fragment");
  CHECK(argument_of([&] { api.suggest(app_id, pieces::seeded_connector_creation{both}); }) ==
        "creation.asset.format.fragment");
  CHECK(argument_of([&] {
          api.react(app_id, pieces::reaction{true, pieces::seeded_connector_creation{both}});
        }) == "reaction.seed.asset.format.fragment");

  auto injected = make(mock, "id\r\nX-Admin: true");
  CHECK_THROWS_AS(injected.connector().track(app_id), plugboard::usage_error);
  CHECK(mock.call_count() == 0);
}

TEST_CASE("a connect reply that is not a Context is a decode_error naming the field") {
  mock_transport mock;
  auto c = make(mock);
  const auto problem_of = [&](plugboard::response reply) {
    mock.enqueue(std::move(reply));
    try {
      c.connector().connect();
    } catch (const plugboard::decode_error& e) {
      CHECK(e.request_line() == "POST http://127.0.0.1:1000/connect");
      return e.field() + "|" + e.problem();
    }
    return std::string("no decode_error");
  };
  CHECK(problem_of(text_response(200, "OK")).find("not valid JSON") != std::string::npos);
  CHECK(problem_of(text_response(200, "<html>Pieces OS</html>", "text/html"))
            .find("not valid JSON") != std::string::npos);
  CHECK(problem_of(text_response(200, "")).find("empty") != std::string::npos);
  CHECK(problem_of(plugboard_test::json_response(
            200, R"({"os":"o","health":{"os":{"id":"o","version":"1"}}})")) ==
        "application|required field is missing");
  CHECK(problem_of(plugboard_test::json_response(
            200, R"({"os":"o","application":{"id":"x","name":"VIM","version":"1","platform":"WEB",
            "onboarded":"yes","privacy":"OPEN"},"health":{"os":{"id":"o","version":"1"}}})")) ==
        "application.onboarded|expected boolean, got string");

  mock.enqueue_json(200, R"({"reuse":{"suggested":true},"save":{"suggested":false}})");
  try {
    c.connector().suggest(app_id);
    FAIL("no decode_error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "reuse.assets");
  }
}

TEST_CASE("with return_errors nothing throws") {
  mock_transport mock;
  pieces::client<mock_transport, plugboard::api_key_header, plugboard::json_serializer,
                 plugboard::no_retry, plugboard::return_errors>
      safe(pieces::default_base_url.data(), pieces::application_id(""), mock);
  mock.enqueue(text_response(401, "/connect was not called for your application."));
  const auto denied = safe.connector().track(app_id);
  REQUIRE_FALSE(denied.ok());
  CHECK(denied.error().status() == 401);
  CHECK(safe.connector().for_application("").onboarded(true).error().kind() ==
        plugboard::error_kind::usage);
  mock.enqueue(text_response(200, "OK"));
  CHECK(*safe.connector().for_application(app_id).onboarded(true) == "OK");
}

// ---- well-known -----------------------------------------------------------------

TEST_CASE("get_well_known_health: GET, no body, no Content-Type, no X-Application-ID; the text") {
  mock_transport mock;
  mock.enqueue(text_response(200, "ok"));
  auto c = make(mock);  // an application id is configured: still not sent
  CHECK(c.well_known().get_well_known_health() == "ok");
  const auto req = mock.last_request();
  CHECK(req.verb == plugboard::method::get);
  CHECK(req.origin == "http://127.0.0.1:1000");
  CHECK(req.target == "/.well-known/health");
  CHECK(req.headers.get("Accept") == "*/*");
  CHECK_FALSE(req.headers.contains("Content-Type"));
  CHECK_FALSE(req.headers.contains("X-Application-ID"));
  CHECK(req.body.empty());
}

TEST_CASE("get_well_known_version: GET /.well-known/version; the client remembers the version") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue(text_response(200, "5.0.3\n"));
  CHECK(c.well_known().get_well_known_version() == "5.0.3");  // trimmed
  const auto req = mock.last_request();
  CHECK(req.verb == plugboard::method::get);
  CHECK(req.target == "/.well-known/version");
  CHECK_FALSE(req.headers.contains("Content-Type"));
  CHECK_FALSE(req.headers.contains("X-Application-ID"));
  CHECK(c.server_version() == std::optional<std::string>("5.0.3"));

  mock.enqueue_json(200, R"("4.1.0")");  // a JSON string
  CHECK(c.well_known().get_well_known_version() == "4.1.0");
  CHECK(c.server_version() == std::optional<std::string>("4.1.0"));
  mock.enqueue(text_response(200, "\"12.3.1\""));  // quoted, as text
  CHECK(c.well_known().get_well_known_version() == "12.3.1");

  mock.enqueue(text_response(404, "Route not found"));  // a failure leaves it as it was
  CHECK_THROWS_AS(c.well_known().get_well_known_version(), plugboard::api_error);
  CHECK(c.server_version() == std::optional<std::string>("12.3.1"));
  mock.enqueue(text_response(200, "  "));  // nothing said: unknown
  CHECK(c.well_known().get_well_known_version().empty());
  CHECK_FALSE(c.server_version().has_value());
}

// ---- applications -----------------------------------------------------------------

namespace {

constexpr const char* application_body =
    R"({"id":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee","name":"OPEN_SOURCE","version":"0.2.0",
    "platform":"LINUX","onboarded":false,"privacy":"OPEN","capabilities":"BLENDED",
    "mechanism":"MANUAL","automaticUnload":false,"descriptor":"plugboard"})";

pieces::application plugin_application() {
  pieces::application app;
  app.id = app_id;
  app.name = pieces::application_name_enum::open_source;
  app.version = "0.2.0";
  app.platform = pieces::platform_enum::linux_;
  app.privacy = pieces::privacy_enum::open;
  app.descriptor = "plugboard";
  return app;
}

}  // namespace

TEST_CASE("applications_register: POST the Application, JSON both ways") {
  mock_transport mock;
  mock.enqueue_json(200, application_body);
  auto c = make(mock);
  const pieces::application registered =
      c.applications().applications_register(plugin_application());
  const auto req = mock.last_request();
  check_common(req, "/applications/register", "application/json");
  CHECK(req.headers.get("X-Application-ID") == app_id);  // when configured, as for the connector
  CHECK(body_json(req) == json::parse(R"({"id":"aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
    "name":"OPEN_SOURCE","version":"0.2.0","platform":"LINUX","onboarded":false,
    "privacy":"OPEN","descriptor":"plugboard"})"));
  CHECK(registered.id == app_id);
  CHECK(registered.capabilities == pieces::capabilities_enum::blended);
  CHECK(registered.descriptor == std::optional<std::string>("plugboard"));
}

TEST_CASE("applications_session_open: POST with no body and no Content-Type; the Session") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"id":"5e55-1","opened":{"value":"2026-01-01T00:01:00.000Z",
    "readable":"just now"},"future":1})");
  auto c = make(mock, "");
  const pieces::session s = c.applications().applications_session_open();
  const auto req = mock.last_request();
  CHECK(req.verb == plugboard::method::post);
  CHECK(req.target == "/applications/session/open");
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK_FALSE(req.headers.contains("Content-Type"));
  CHECK_FALSE(req.headers.contains("X-Application-ID"));
  CHECK(req.body.empty());
  CHECK(s.id == "5e55-1");
  CHECK(s.opened.value == "2026-01-01T00:01:00.000Z");
  CHECK(s.opened.readable == std::optional<std::string>("just now"));
  CHECK_FALSE(s.closed.has_value());
  CHECK(s.extra == json{{"future", 1}});
}

TEST_CASE("applications_session_close: the session id as a JSON string, byte for byte") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"id":"5e55-1","opened":{"value":"2026-01-01T00:01:00.000Z"},
    "closed":{"value":"2026-01-01T00:02:00.000Z"}})");
  auto c = make(mock, "");
  const pieces::session s = c.applications().applications_session_close("5e55-1");
  const auto req = mock.last_request();
  check_common(req, "/applications/session/close", "application/json");
  CHECK(req.body == R"("5e55-1")");
  REQUIRE(s.closed.has_value());
  CHECK(s.closed->value == "2026-01-01T00:02:00.000Z");
}

TEST_CASE("the applications calls refuse bad input before sending") {
  mock_transport mock;
  auto c = make(mock);
  const auto argument_of = [](auto&& call) {
    try {
      call();
    } catch (const plugboard::usage_error& e) {
      return e.argument();
    }
    return std::string("no usage_error");
  };
  CHECK(argument_of([&] { c.applications().applications_session_close(""); }) == "session_id");
  auto nameless = plugin_application();
  nameless.id.clear();
  CHECK(argument_of([&] { c.applications().applications_register(nameless); }) == "application.id");
  nameless = plugin_application();
  nameless.version.clear();
  CHECK(argument_of([&] { c.applications().applications_register(nameless); }) ==
        "application.version");
  CHECK(mock.call_count() == 0);
  // Without a body (the spec makes it optional) the call is sent as is.
  mock.enqueue_json(200, application_body);
  c.applications().applications_register(std::nullopt);
  CHECK(mock.last_request().body.empty());
  CHECK(mock.last_request().headers.get("Content-Type") == "application/json");
}

// ---- the version guard ------------------------------------------------------------

TEST_CASE("os_version::parse reads the numbers in front") {
  const auto parsed = [](const char* text) {
    const auto v = pieces::os_version::parse(text);
    return v ? std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                   std::to_string(v->patch)
             : std::string("none");
  };
  CHECK(parsed("5.0.3") == "5.0.3");
  CHECK(parsed("4.1.0-beta.2") == "4.1.0");
  CHECK(parsed("v5.1") == "5.1.0");
  CHECK(parsed("  \"12.3.1\"\n") == "12.3.1");
  CHECK(parsed("5") == "5.0.0");
  CHECK(parsed("") == "none");
  CHECK(parsed("unknown") == "none");
  CHECK(parsed("99999999999.0.0") == "none");
  CHECK(pieces::track_removed_in.major == 5);
  CHECK(pieces::os_version{4, 99, 99} < pieces::track_removed_in);
  CHECK_FALSE(pieces::os_version{5, 0, 0} < pieces::track_removed_in);
}

TEST_CASE("on a 5.x server track is a usage_error naming the version, and nothing is sent") {
  for (const char* version : {"5.0.0", "5.0.3", "v5.2", "12.3.1"}) {
    CAPTURE(version);
    mock_transport mock;
    auto c = make(mock);
    c.set_server_version(std::string(version));
    auto api = c.connector();
    try {
      api.track(app_id, pieces::tracking::session(pieces::session_event::initialized));
      FAIL("no usage_error");
    } catch (const plugboard::usage_error& e) {
      CHECK(e.argument() == "track");
      CHECK(e.problem().find(std::string("Pieces OS ") + version) != std::string::npos);
      CHECK(e.problem().find("removed in 5.0.0") != std::string::npos);
      CHECK(e.problem().find("applications_session_open()") != std::string::npos);
      CHECK(std::string(e.what()).find(version) != std::string::npos);
    }
    CHECK_THROWS_AS(api.for_application(app_id).track(), plugboard::usage_error);
    CHECK(mock.call_count() == 0);
    // The calls 5.x still has go out.
    mock.enqueue(text_response(200, "OK"));
    CHECK(api.for_application(app_id).onboarded(true) == "OK");
    CHECK(mock.call_count() == 1);
  }
}

TEST_CASE("on a 4.x server, or one whose version is unknown, track is sent") {
  for (const std::optional<std::string>& version :
       {std::optional<std::string>("4.1.0"), std::optional<std::string>("4.99.0-rc1"),
        std::optional<std::string>(), std::optional<std::string>("not a version")}) {
    CAPTURE(version.value_or("(unknown)"));
    mock_transport mock;
    auto c = make(mock);
    c.set_server_version(version);
    mock.enqueue(text_response(200, "OK"));
    CHECK(c.connector().track(app_id, pieces::tracking::session(pieces::session_event::active)) ==
          "OK");
    CHECK(mock.last_request().target == std::string("/") + app_id + "/track");
    mock.enqueue(text_response(200, "OK"));
    CHECK(c.connector().for_application(app_id).track() == "OK");
    CHECK(mock.call_count() == 2);
  }
}

TEST_CASE("the guard learns the version from get_well_known_version, discover() and copies") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue(text_response(200, "5.0.1"));
  c.well_known().get_well_known_version();
  CHECK_THROWS_AS(c.connector().track(app_id), plugboard::usage_error);
  CHECK(mock.call_count() == 1);  // only the version call

  auto copy = c;  // copies share what the client knows
  c.set_server_version(std::string("4.1.0"));
  CHECK(copy.server_version() == std::optional<std::string>("4.1.0"));

  pieces::discovered found;
  found.url = "http://127.0.0.1:39307";
  found.version = "5.0.0";
  pieces::client<mock_transport> from_discovery(found, pieces::application_id(""), mock);
  CHECK(from_discovery.server_version() == std::optional<std::string>("5.0.0"));
  CHECK_THROWS_AS(from_discovery.connector().track(app_id), plugboard::usage_error);
  mock.enqueue(text_response(200, "ok"));
  from_discovery.well_known().get_well_known_health();
  CHECK(mock.last_request().origin == "http://127.0.0.1:39307");
}

TEST_CASE("with return_errors the guard's refusal is the returned error") {
  mock_transport mock;
  pieces::client<mock_transport, plugboard::return_errors> safe("http://127.0.0.1:39300",
                                                                pieces::application_id(""), mock);
  safe.set_server_version(std::string("5.0.0"));
  const auto refused = safe.connector().track(app_id);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().kind() == plugboard::error_kind::usage);
  CHECK(std::string(refused.error().what()).find("5.0.0") != std::string::npos);
  CHECK_FALSE(safe.connector().for_application(app_id).track().ok());
  CHECK(mock.call_count() == 0);
}
