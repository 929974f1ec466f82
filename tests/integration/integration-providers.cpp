// SPDX-License-Identifier: MIT
// Connector Providers over real HTTP against the sandbox on 127.0.0.1.
#include <doctest/doctest.h>

#include <string>

#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::sandbox::providers_fake;

namespace {

struct fixture {
  plugboard::sandbox::server server;
  providers_fake& fake;
  plugboard::providers::client<> admin;

  explicit fixture(providers_fake::settings s = {"admin-key"})
      : fake(server.mount<providers_fake>("/providers", s)),
        admin(server.url("/providers"), plugboard::providers::api_key("admin-key")) {}
};

}  // namespace

TEST_CASE("list, get, setup and reset keep state between calls") {
  fixture f;
  auto api = f.admin.connector_providers();

  const auto all = api.list();
  REQUIRE(all.size() == 4);
  CHECK(all[0].provider_slug == "github");
  for (const auto& p : all) CHECK_FALSE(p.setup_complete);

  const auto google = api.get("google-workspace");
  CHECK(google.display_name == "Google Workspace");
  CHECK(google.auth_type == "oauth2");
  CHECK(google.default_scopes.size() == 2);
  CHECK(google.config_schema["required"] == json{"client_id", "client_secret"});

  const json config = {{"client_id", "abc.apps.googleusercontent.com"},
                       {"client_secret", "s3cr3t"}};
  const auto configured = api.setup("google-workspace", config);
  CHECK(configured.setup_complete);
  CHECK_FALSE(configured.extra.contains("client_secret"));  // secrets are never returned
  CHECK(f.fake.stored_config("google-workspace") == config);
  CHECK(api.get("google-workspace").setup_complete);

  CHECK_FALSE(api.reset("google-workspace").has_value());  // 204
  CHECK_FALSE(api.get("google-workspace").setup_complete);
  CHECK_FALSE(f.fake.stored_config("google-workspace").has_value());
  CHECK_NOTHROW(api.reset("google-workspace"));  // resetting twice is fine
}

TEST_CASE("the bare response shape and a 200 reset work over HTTP too") {
  fixture f(providers_fake::settings{"admin-key", providers_fake::envelope::bare, true});
  auto api = f.admin.connector_providers();
  CHECK(api.list().size() == 4);
  CHECK(api.get("slack").display_name == "Slack");
  const auto reset = api.reset("slack");
  REQUIRE(reset.has_value());
  CHECK(reset->provider_slug == "slack");
}

TEST_CASE("unknown slugs, validation failures and bad keys are api errors") {
  fixture f;
  auto api = f.admin.connector_providers();
  try {
    api.get("nope");
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 404);
    CHECK(e.service_message() == "Connector provider not found");
  }
  try {
    api.setup("github", {{"client_id", "only"}});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 422);
    CHECK(e.service_message() == "field required (at body.client_secret)");
  }
  CHECK_THROWS_AS(api.reset("nope"), plugboard::api_error);

  for (const std::string key : {"", "wrong-key"}) {
    plugboard::providers::client<> intruder(f.server.url("/providers"),
                                            plugboard::providers::api_key(key));
    try {
      intruder.connector_providers().list();
      FAIL("no error");
    } catch (const plugboard::api_error& e) {
      CHECK(e.status() == 401);
      CHECK(e.service_code() == "unauthorized");
      CHECK(std::string(e.what()).find("wrong-key") == std::string::npos);
    }
  }
}

TEST_CASE("an adversarial slug reaches the server as one segment") {
  fixture f;
  f.fake.add_provider({{"provider_slug", "a/../b?c#d %e"}, {"display_name", "Tricky"}});
  auto api = f.admin.connector_providers();
  CHECK(api.get("a/../b?c#d %e").display_name == "Tricky");
  CHECK_THROWS_AS(api.get(".."), plugboard::api_error);  // a 404, not the collection
  const auto log = f.server.requests();
  REQUIRE(log.size() == 2);
  CHECK(log[0].target == "/providers/v1/admin/connector-providers/a%2F..%2Fb%3Fc%23d%20%25e");
  CHECK(log[1].target == "/providers/v1/admin/connector-providers/%2E%2E");
  CHECK(log[1].status == 404);
}

TEST_CASE("the sandbox log redacts the key and scrubs secrets from bodies") {
  fixture f;
  f.admin.connector_providers().setup(
      "github",
      {{"client_id", "id"}, {"client_secret", std::string(plugboard_test::canary_password)}});
  const auto log = f.server.requests();
  REQUIRE(log.size() == 1);
  CHECK(log[0].method == "POST");
  CHECK(log[0].status == 200);
  CHECK(log[0].headers.get("X-API-Key") == "[REDACTED]");
  CHECK_FALSE(plugboard_test::mentions_canary(log[0].body));
  CHECK(log[0].body.find("client_id") != std::string::npos);
}

TEST_CASE("with return_errors nothing throws, over real HTTP") {
  fixture f;
  plugboard::providers::client<plugboard::http_transport, plugboard::api_key_header,
                               plugboard::json_serializer, plugboard::no_retry,
                               plugboard::return_errors>
      safe(f.server.url("/providers"), plugboard::providers::api_key("admin-key"));
  auto ok = safe.connector_providers().get("github");
  REQUIRE(ok.ok());
  CHECK(ok->display_name == "GitHub");
  auto missing = safe.connector_providers().get("nope");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().status() == 404);
  auto empty = safe.connector_providers().get("");
  CHECK(empty.error().kind() == plugboard::error_kind::usage);
}

TEST_CASE("collection connectors: created once per key, even when the answer is lost") {
  fixture f;
  auto connectors = f.admin.collection_connectors();
  plugboard::providers::collection_connector_request drive;
  drive.provider_slug = "github";
  drive.credential.access_token = "gho_token";
  drive.scope_config = {{"repos", {"plugboard"}}};
  const auto created = connectors.create("space-1", "docs", drive);
  CHECK(created.provider_slug == "github");
  CHECK(created.collection_id == "docs");
  CHECK(created.status == "active");
  CHECK(created.scope_config == json{{"repos", {"plugboard"}}});
  REQUIRE(f.fake.collection_connectors("space-1", "docs").size() == 1);
  CHECK(f.fake.collection_connectors("space-1", "docs")[0]["credential"]["access_token"] ==
        "gho_token");

  // The same descriptor sent twice (a retry whose first answer was lost):
  // one connector, the same answer.
  plugboard::providers::endpoints::create_collection_connector once{"space-1", "wiki", drive};
  const auto first = f.admin.core().call(once);
  const auto again = f.admin.core().call(once);
  CHECK(again.id == first.id);
  CHECK(f.fake.collection_connectors("space-1", "wiki").size() == 1);
  const auto log = f.server.requests();
  REQUIRE(log.size() == 3);
  CHECK(log[1].headers.get("Idempotency-Key") == once.idempotency_key);
  CHECK(log[2].headers.get("Idempotency-Key") == once.idempotency_key);
  CHECK(log[2].status == 201);
  CHECK(log[0].headers.get("Idempotency-Key") != once.idempotency_key);

  // A new create is a new connector; the key reused with another body is refused.
  connectors.create("space-1", "wiki", drive);
  CHECK(f.fake.collection_connectors("space-1", "wiki").size() == 2);
  once.connector.scope_config = {{"repos", {"other"}}};
  try {
    f.admin.core().call(once);
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 422);
    CHECK(e.service_code() == "idempotency_key_reused");
  }
  drive.provider_slug = "no-such-provider";
  CHECK_THROWS_AS(connectors.create("space-1", "wiki", drive), plugboard::api_error);
}
