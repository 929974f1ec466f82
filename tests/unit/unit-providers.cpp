// SPDX-License-Identifier: MIT
// Connector Providers: the exact request of every operation, both response
// shapes, every error shape, and bad input refused before sending.
#include <doctest/doctest.h>

#include <string>

#include "plugboard/providers/client.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;

namespace {

using client_t = plugboard::providers::client<mock_transport>;

constexpr const char* github = R"({"id":"7d2e","provider_slug":"github","display_name":"GitHub",
  "auth_type":"oauth2","execution_strategy":"server-side",
  "default_scopes":[{"name":"repo","description":"Repositories"}],
  "config_schema":{"type":"object","required":["client_id"]},"setup_complete":true,
  "created_at":"2026-01-02T03:04:05Z","updated_at":null,"rate_tier":"gold"})";

client_t make(mock_transport& mock, std::string key = "k-123") {
  return client_t("https://api.example.com/api-proxy",
                  plugboard::providers::api_key(std::move(key)), mock);
}

void check_common(const plugboard::request& req, plugboard::method verb,
                  const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == "https://api.example.com");
  CHECK(req.target == target);
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("X-API-Key") == "k-123");
  CHECK_FALSE(req.headers.contains("Authorization"));
}

}  // namespace

TEST_CASE("list: GET with the API key, {data:[...]} envelope") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"data":[)") + github + "]}");
  auto c = make(mock);
  const auto providers = c.connector_providers().list();
  const auto req = mock.last_request();
  check_common(req, plugboard::method::get, "/api-proxy/v1/admin/connector-providers");
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
  REQUIRE(providers.size() == 1);
  const auto& p = providers[0];
  CHECK(p.id == "7d2e");
  CHECK(p.provider_slug == "github");
  CHECK(p.display_name == "GitHub");
  CHECK(p.auth_type == "oauth2");
  CHECK(p.execution_strategy == "server-side");
  REQUIRE(p.default_scopes.size() == 1);
  CHECK(p.default_scopes[0].description == "Repositories");
  CHECK(p.config_schema["required"][0] == "client_id");
  CHECK(p.setup_complete);
  CHECK(p.created_at == "2026-01-02T03:04:05Z");
  CHECK_FALSE(p.updated_at.has_value());
  CHECK(p.extra == json{{"rate_tier", "gold"}});
}

TEST_CASE("list: a bare array is accepted too") {
  mock_transport mock;
  mock.enqueue_json(200, std::string("[") + github + "]");
  auto c = make(mock);
  CHECK(c.connector_providers().list().at(0).provider_slug == "github");
}

TEST_CASE("get: the slug is one encoded path segment; enveloped or bare") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"data":)") + github + "}");
  mock.enqueue_json(200, github);
  auto c = make(mock);
  CHECK(c.connector_providers().get("github").display_name == "GitHub");
  check_common(mock.last_request(), plugboard::method::get,
               "/api-proxy/v1/admin/connector-providers/github");
  CHECK(c.connector_providers().get("a/../b?c#d").provider_slug == "github");
  check_common(mock.last_request(), plugboard::method::get,
               "/api-proxy/v1/admin/connector-providers/a%2F..%2Fb%3Fc%23d");
}

TEST_CASE("setup: POST with the config object sent verbatim") {
  mock_transport mock;
  mock.enqueue_json(200, std::string(R"({"data":)") + github + "}");
  auto c = make(mock);
  const json config = {{"client_id", "abc.apps.googleusercontent.com"},
                       {"client_secret", "s3cr3t"},
                       {"scopes", {"a", "b"}}};
  CHECK(c.connector_providers().setup("google-workspace", config).setup_complete);
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post,
               "/api-proxy/v1/admin/connector-providers/google-workspace/setup");
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) == config);
}

TEST_CASE("setup: an empty config is sent as {}") {
  mock_transport mock;
  mock.enqueue_json(200, github);
  auto c = make(mock);
  c.connector_providers().setup("github", json::object());
  CHECK(mock.last_request().body == "{}");
}

TEST_CASE("reset: DELETE; 204 gives nullopt, 200 gives the provider") {
  mock_transport mock;
  mock.enqueue(plugboard::response{204, {}, ""});
  mock.enqueue_json(200, std::string(R"({"data":)") + github + "}");
  auto c = make(mock);
  CHECK_FALSE(c.connector_providers().reset("github").has_value());
  const auto req = mock.last_request();
  check_common(req, plugboard::method::delete_,
               "/api-proxy/v1/admin/connector-providers/github/setup");
  CHECK(req.body.empty());
  const auto again = c.connector_providers().reset("github");
  REQUIRE(again.has_value());
  CHECK(again->provider_slug == "github");
}

TEST_CASE("without a key no X-API-Key header is sent") {
  mock_transport mock;
  mock.enqueue_json(200, "[]");
  client_t c("http://admin.local", plugboard::api_key_header{}, mock);
  CHECK(c.connector_providers().list().empty());
  CHECK_FALSE(mock.last_request().headers.contains("X-API-Key"));
  CHECK(mock.last_request().target == "/v1/admin/connector-providers");
}

TEST_CASE("errors in the three documented shapes become api_error") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue_json(401,
                    R"({"error":{"code":"unauthorized","message":"Invalid or expired API key"}})");
  mock.enqueue_json(404, R"({"detail":"Connector provider not found"})");
  mock.enqueue_json(
      422,
      R"({"detail":[{"loc":["body","client_secret"],"msg":"field required","type":"value_error.missing"}]})");
  try {
    c.connector_providers().list();
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_code() == "unauthorized");
  }
  try {
    c.connector_providers().get("nope");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 404);
    CHECK(e.service_message() == "Connector provider not found");
  }
  try {
    c.connector_providers().setup("github", {{"client_id", "x"}});
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 422);
    CHECK(e.service_message() == "field required (at body.client_secret)");
  }
  CHECK(mock.call_count() == 3);
}

TEST_CASE("bad input is refused before anything is sent") {
  mock_transport mock;
  auto c = make(mock);
  CHECK_THROWS_AS(c.connector_providers().get(""), plugboard::usage_error);
  CHECK_THROWS_AS(c.connector_providers().reset(""), plugboard::usage_error);
  CHECK_THROWS_AS(c.connector_providers().setup("", json::object()), plugboard::usage_error);
  CHECK_THROWS_AS(c.connector_providers().setup("github", json::array()), plugboard::usage_error);
  CHECK_THROWS_AS(c.connector_providers().setup("github", "text"), plugboard::usage_error);
  auto injected = make(mock, "k\r\nX-Admin: true");
  CHECK_THROWS_AS(injected.connector_providers().list(), plugboard::usage_error);
  CHECK_THROWS_AS(make(mock).connector_providers().setup("github", {{"name", "\xC3\x28"}}),
                  plugboard::usage_error);
  CHECK(mock.call_count() == 0);
  CHECK_THROWS_AS(client_t("not a url", plugboard::providers::api_key("k"), mock),
                  plugboard::usage_error);
}

TEST_CASE("malformed or wrongly shaped responses are decode errors naming the field") {
  mock_transport mock;
  auto c = make(mock);
  const auto field_of = [&](const std::string& body) {
    mock.enqueue_json(200, body);
    try {
      c.connector_providers().get("x");
    } catch (const plugboard::decode_error& e) {
      return e.field() + "|" + e.problem();
    }
    return std::string("no error");
  };
  CHECK(field_of(R"({"data":{"display_name":"x"}})") ==
        "data.provider_slug|required field is missing");
  CHECK(field_of(R"({"data":{"provider_slug":"x","setup_complete":"yes"}})") ==
        "data.setup_complete|expected boolean, got string");
  CHECK(field_of(R"({"data":{"provider_slug":"x","default_scopes":[{"name":1}]}})") ==
        "data.default_scopes[0].name|expected string, got number");
  CHECK(field_of(R"({"data":[]})") == "data|expected object, got array");
  CHECK(field_of(R"({"data":{"provider_slug":"x")").find("ends too early") != std::string::npos);
  CHECK(field_of("<html>").find("not valid JSON") != std::string::npos);
}

namespace {

constexpr const char* created_connector = R"({"data":{"id":"c0ec-1","collection_id":"col 1",
  "provider_slug":"google-drive","principal_id":"u-7","scope_config":{"folders":["root"]},
  "status":"active","created_at":"2026-01-01T00:00:00Z","sync_cursor":"x"}})";

plugboard::providers::collection_connector_request drive_connector() {
  plugboard::providers::collection_connector_request r;
  r.provider_slug = "google-drive";
  r.credential.access_token = "ya29.access";
  r.credential.refresh_token = "1//refresh";
  r.scope_config = json{{"folders", {"root"}}};
  return r;
}

// A UUID in its canonical form, version 4, RFC 4122 variant.
bool is_uuid_v4(const std::string& key) {
  if (key.size() != 36) return false;
  for (std::size_t i = 0; i < key.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = key[i];
    if (dash != (c == '-')) return false;
    if (!dash && !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return key[14] == '4' && std::string("89ab").find(key[19]) != std::string::npos;
}

}  // namespace

TEST_CASE("collection_connectors().create: POST with a fresh Idempotency-Key and the body") {
  mock_transport mock;
  mock.enqueue_json(201, created_connector);
  auto c = make(mock);
  const auto created = c.collection_connectors().create("sp/1", "col 1", drive_connector());
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post,
               "/api-proxy/v1/spaces/sp%2F1/collections/col%201/connectors");
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(is_uuid_v4(std::string(req.headers.get("Idempotency-Key"))));
  CHECK(body_json(req) ==
        json{{"provider_slug", "google-drive"},
             {"credential", {{"access_token", "ya29.access"}, {"refresh_token", "1//refresh"}}},
             {"scope_config", {{"folders", {"root"}}}}});
  CHECK(created.id == "c0ec-1");
  CHECK(created.collection_id == "col 1");
  CHECK(created.provider_slug == "google-drive");
  CHECK(created.principal_id == "u-7");
  CHECK(created.status == "active");
  CHECK(created.scope_config == json{{"folders", {"root"}}});
  CHECK(created.extra == json{{"sync_cursor", "x"}});
}

TEST_CASE("collection_connectors().create: retries reuse the call's key; calls never share one") {
  mock_transport mock;
  plugboard::testing::fake_clock clock;
  plugboard::client_options o("https://api.example.com/api-proxy");
  o.clock = clock.hooks();
  plugboard::backoff_retry retry;
  retry.jitter = 0;
  retry.max_attempts = 3;
  plugboard::providers::client<mock_transport, plugboard::backoff_retry> c(
      o, plugboard::providers::api_key("k-123"), mock, retry);
  mock.enqueue_json(503, R"({"detail":"busy"})");
  mock.enqueue_json(201, created_connector);
  mock.enqueue_json(201, created_connector);
  c.collection_connectors().create("s", "c", drive_connector());
  c.collection_connectors().create("s", "c", drive_connector());
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);  // a POST is retried: the key makes it safe
  const std::string first(sent[0].headers.get("Idempotency-Key"));
  CHECK(is_uuid_v4(first));
  CHECK(sent[1].headers.get("Idempotency-Key") == first);
  CHECK(sent[2].headers.get("Idempotency-Key") != first);
  CHECK(is_uuid_v4(std::string(sent[2].headers.get("Idempotency-Key"))));
}

TEST_CASE("create_collection_connector: the descriptor's own key, and bad input refused unsent") {
  mock_transport mock;
  mock.enqueue_json(201, created_connector);
  auto c = make(mock);
  plugboard::providers::endpoints::create_collection_connector own{"s", "c", drive_connector()};
  own.idempotency_key = "order-42";
  c.core().call(own);
  CHECK(mock.last_request().headers.get("Idempotency-Key") == "order-42");

  own.idempotency_key.clear();
  CHECK_THROWS_AS(c.core().call(own), plugboard::usage_error);
  auto listed_scope = drive_connector();
  listed_scope.scope_config = json::array();
  CHECK_THROWS_AS(c.collection_connectors().create("s", "c", listed_scope), plugboard::usage_error);
  CHECK_THROWS_AS(c.collection_connectors().create("", "c", drive_connector()),
                  plugboard::usage_error);
  CHECK(mock.call_count() == 1);
}

TEST_CASE("create_collection_connector: the credential never appears in an error") {
  mock_transport mock;
  mock.enqueue_json(422, R"({"detail":[{"loc":["body","credential"],"msg":"bad token",
    "input":{"access_token":"ya29.access","refresh_token":"1//refresh"}}]})");
  auto c = make(mock);
  try {
    c.collection_connectors().create("s", "c", drive_connector());
    FAIL("expected an api_error");
  } catch (const plugboard::api_error& e) {
    const std::string text = std::string(e.what()) + e.body() + e.service_message();
    CHECK(text.find("ya29.access") == std::string::npos);
    CHECK(text.find("1//refresh") == std::string::npos);
    CHECK(e.status() == 422);
  }
}
