// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <string>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/auth/basic.hpp"
#include "plugboard/auth/bearer.hpp"
#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::request;
namespace endpoints = plugboard::providers::endpoints;

TEST_CASE("base64 matches RFC 4648 test vectors") {
  using plugboard::detail::base64_encode;
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foob") == "Zm9vYg==");
  CHECK(base64_encode("fooba") == "Zm9vYmE=");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_encode("\xff\xfe") == "//4=");
}

TEST_CASE("basic_auth sends base64(username:password)") {
  request req;
  plugboard::basic_auth("key", "secret").apply(req);
  CHECK(req.headers.get("Authorization") == "Basic a2V5OnNlY3JldA==");
  request none;
  plugboard::basic_auth().apply(none);
  CHECK_FALSE(none.headers.contains("Authorization"));
}

TEST_CASE("bearer_auth: fixed or per-request token, existing scheme kept, empty sends nothing") {
  request a;
  plugboard::bearer_auth("tok").apply(a);
  CHECK(a.headers.get("Authorization") == "Bearer tok");
  request b;
  plugboard::bearer_auth("bearer already").apply(b);
  CHECK(b.headers.get("Authorization") == "bearer already");
  int calls = 0;
  plugboard::bearer_auth source([&] { return "t" + std::to_string(++calls); });
  request c;
  source.apply(c);
  source.apply(c);
  CHECK(c.headers.get("Authorization") == "Bearer t2");
  request d;
  plugboard::bearer_auth("").apply(d);
  CHECK_FALSE(d.headers.contains("Authorization"));
}

TEST_CASE("api_key_header: any header, optional scheme, empty key sends nothing") {
  request a;
  plugboard::api_key_header("X-API-Key", "k1").apply(a);
  CHECK(a.headers.get("X-API-Key") == "k1");
  request b;
  plugboard::api_key_header("Authorization", "k2", "API-KEY").apply(b);
  CHECK(b.headers.get("Authorization") == "API-KEY k2");
  request c;
  plugboard::api_key_header("X-API-Key", "").apply(c);
  CHECK(c.headers.empty());
  plugboard::no_auth{}.apply(c);
  CHECK(c.headers.empty());
}

TEST_CASE("a CR/LF in any credential is a usage_error and nothing is sent") {
  plugboard::testing::mock_transport mock;
  mock.enqueue_json(200, R"({"provider_slug":"x"})");
  const auto attempt = [&](auto auth) {
    plugboard::basic_client<plugboard::testing::mock_transport, decltype(auth),
                            plugboard::json_serializer>
        c("http://svc.test", mock, auth);
    try {
      c.call(endpoints::get{"x"});
    } catch (const plugboard::usage_error& e) {
      CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
      return true;
    }
    return false;
  };
  const std::string injected = std::string(plugboard_test::canary_key) + "\r\nX-Evil: 1";
  CHECK(attempt(plugboard::api_key_header("X-API-Key", injected)));
  CHECK(attempt(plugboard::bearer_auth(injected)));
  CHECK(attempt(plugboard::basic_auth("user\n", std::string(plugboard_test::canary_password))));
  CHECK(attempt(plugboard::api_key_header("Bad Header", "k")));
  CHECK(mock.call_count() == 0);
  CHECK(mock.pending() == 1);
}

TEST_CASE("credentials echoed by a server never reach an error message") {
  plugboard::testing::mock_transport mock;
  const std::string key(plugboard_test::canary_key);
  const std::string token(plugboard_test::canary_token);
  const std::string password(plugboard_test::canary_password);
  const auto what_of = [&](auto auth, const std::string& echoed) {
    mock.enqueue_json(401, echoed);
    plugboard::basic_client<plugboard::testing::mock_transport, decltype(auth),
                            plugboard::json_serializer>
        c("http://svc.test", mock, auth);
    try {
      c.call(endpoints::get{"x"});
    } catch (const plugboard::api_error& e) {
      CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
      CHECK_FALSE(plugboard_test::mentions_canary(e.service_message()));
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK_FALSE(plugboard_test::mentions_canary(what_of(plugboard::api_key_header("X-API-Key", key),
                                                      R"({"message":"bad key )" + key + "\"}")));
  CHECK_FALSE(plugboard_test::mentions_canary(
      what_of(plugboard::bearer_auth(token), "token " + token + " is expired")));
  CHECK_FALSE(plugboard_test::mentions_canary(
      what_of(plugboard::basic_auth("user", password),
              R"({"error":{"code":"x","message":"you sent )" + password + " and " +
                  plugboard::detail::base64_encode("user:" + password) + "\"}}")));
  // Credential-shaped text is scrubbed even when the secret is unknown to plugboard.
  const auto scrubbed =
      what_of(plugboard::no_auth{}, R"({"message":"Authorization: Bearer CANARY-other"})");
  CHECK_FALSE(plugboard_test::mentions_canary(scrubbed));
}
