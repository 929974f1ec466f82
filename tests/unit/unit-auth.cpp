// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/auth/basic.hpp"
#include "plugboard/auth/bearer.hpp"
#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/fortisoar/auth.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/fake_clock.hpp"
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
  plugboard::bearer_auth source([&] { return std::string("t").append(std::to_string(++calls)); });
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
        c("http://svc.test", auth, mock);
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
        c("http://svc.test", auth, mock);
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

namespace {

using plugboard_test::echoes_of;
using plugboard_test::leaked_part;

// Everything an api_error says, for the leak checks.
std::vector<std::string> texts_of(const plugboard::api_error& e) {
  return {e.what(), e.body(), e.service_message(), e.service_code()};
}

// A JSON body that quotes each secret in every form of echoes_of().
std::string echo_body(const std::vector<std::string>& secrets) {
  plugboard::json echoes = plugboard::json::array();
  std::string text;
  for (const auto& secret : secrets) {
    for (const auto& form : echoes_of(secret)) {
      echoes.push_back("you sent " + form);
      text += " | " + form;
    }
  }
  return plugboard::json{
      {"error", {{"code", "bad " + secrets.front()}, {"message", "rejected" + text}}},
      {"echoes", echoes}}
      .dump();
}

template <class Auth>
using mock_client =
    plugboard::basic_client<plugboard::testing::mock_transport, Auth, plugboard::json_serializer>;

}  // namespace

TEST_CASE(
    "a rotating bearer token: one call of the source per attempt, and the token sent is hidden") {
  // Distinct tokens (no 8 bytes in common), handed out in turn.
  const std::vector<std::string> tokens = {"first-tok-8f3a91c2e7",   "second-tok-c47d0e9512",
                                           "third-tok-1b6e44d0a9",   "fourth-tok-77e2c0b318",
                                           "fifth-tok-d09a6b2f44",   "sixth-tok-3c81e5f7a0",
                                           "seventh-tok-a5f0c93d12", "eighth-tok-6e1d8b07c4"};
  plugboard::testing::mock_transport mock;
  int attempt = 0;
  // Two 503s, then a 401 that quotes the token it received.
  mock.route([&](const request& req) -> std::optional<plugboard::response> {
    const std::string sent(req.headers.get("Authorization"));
    if (++attempt < 3) return plugboard_test::json_response(503, "{}");
    return plugboard_test::json_response(401, echo_body({sent.substr(7)}));
  });
  int calls = 0;
  plugboard::bearer_auth auth(
      [&] { return tokens[static_cast<std::size_t>(calls++) % tokens.size()]; });
  plugboard::testing::fake_clock clock;
  plugboard::client_options options("http://svc.test");
  options.clock = clock.hooks();
  plugboard::backoff_retry retry;
  retry.jitter = 0;
  plugboard::basic_client<plugboard::testing::mock_transport, plugboard::bearer_auth,
                          plugboard::json_serializer, plugboard::backoff_retry>
      c(options, auth, mock, retry);
  try {
    c.call(endpoints::get{"x"});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.attempts() == 3);
    CHECK(calls == 3);  // once per attempt, none for redaction
    CHECK(mock.last_request().headers.get("Authorization") == "Bearer " + tokens[2]);
    for (const auto& text : texts_of(e)) {
      CAPTURE(text);
      CHECK(leaked_part(text, tokens[2]) == "");
    }
  }
}

TEST_CASE("credentials echoed in any encoding never reach an api_error") {
  // Characters that every encoding changes: quote, backslash, slash, plus,
  // space, ampersand, angle brackets.
  const std::string key = "CANARY-K\"E\\Y/+ &<7f3a9c>";
  const std::string password = "CANARY-P\"A\\S/S+ &5e2f10";
  plugboard::testing::mock_transport mock;
  const auto check = [&](auto auth, const std::vector<std::string>& secrets) {
    mock.clear();
    mock.route([&](const request&) -> std::optional<plugboard::response> {
      return plugboard_test::json_response(400, echo_body(secrets));
    });
    mock_client<decltype(auth)> c("http://svc.test", auth, mock);
    try {
      c.call(endpoints::get{"x"});
      FAIL("no error");
    } catch (const plugboard::api_error& e) {
      for (const auto& text : texts_of(e)) {
        for (const auto& secret : secrets) {
          CAPTURE(text);
          CHECK(leaked_part(text, secret) == "");
        }
      }
    }
  };
  check(plugboard::api_key_header("X-API-Key", key), {key});
  check(plugboard::api_key_header("Authorization", key, "API-KEY"), {key});
  check(plugboard::basic_auth("CANARY-USER-3c9e71", password),
        {"CANARY-USER-3c9e71", password,
         plugboard::detail::base64_encode("CANARY-USER-3c9e71:" + password)});
  // A user's own policy, without a redact member: the header it set is enough.
  struct own_header_auth {
    std::string value;
    void apply(request& req) const { req.headers.set("X-Own-Credential", value); }
  };
  check(own_header_auth{key}, {key});
}

TEST_CASE("a decode snippet never shows a credential echoed JSON-escaped") {
  const std::string key = "CANARY-K\"E\\Y/+ &<7f3a9c>";
  plugboard::testing::mock_transport mock;
  mock.enqueue_json(200, "{\"provider_slug\": \"" + plugboard_test::json_escaped(key) +
                             "\", \"display_name\": tru");
  mock_client<plugboard::api_key_header> c("http://svc.test",
                                           plugboard::api_key_header("X-API-Key", key), mock);
  try {
    c.call(endpoints::get{"x"});
    FAIL("decoded");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.snippet() == "[REDACTED]");
    CHECK(leaked_part(e.what(), key) == "");
  }
}

TEST_CASE("the logging hook hides the credentials sent, even in allow-listed response headers") {
  const std::string token = "CANARY-TOKEN-b81d44";
  plugboard::testing::mock_transport mock;
  mock.enqueue_json(200, R"({"provider_slug":"x"})",
                    {{"X-Request-Id", "req-" + token},
                     {"Location", "/v1/providers/x?access_token=" + token + "&page=2"},
                     {"Server", "echo/" + plugboard_test::json_escaped(token)}});
  std::vector<plugboard::exchange_record> records;
  plugboard::client_options options("http://svc.test");
  options.on_exchange = [&](const plugboard::exchange_record& r) { records.push_back(r); };
  mock_client<plugboard::bearer_auth> c(options, plugboard::bearer_auth(token), mock);
  c.call(endpoints::get{"x"});
  REQUIRE(records.size() == 1);
  const auto& shown = records.front().response_headers;
  CHECK(shown.get("X-Request-Id") == "req-[REDACTED]");
  CHECK(shown.get("Location") == "/v1/providers/x?access_token=[REDACTED]&page=[REDACTED]");
  CHECK(shown.get("Server") == "echo/[REDACTED]");
  CHECK(shown.get("Content-Type") == "application/json");
}

TEST_CASE("a FortiSOAR password with a quote and a backslash never leaks from a login error") {
  const std::string password = "CANARY-P\"ASS\\5e2f10";
  plugboard::testing::mock_transport mock;
  // The login is refused with the password quoted back as it arrived
  // (JSON-escaped), and percent- and HTML-encoded.
  mock.route([&](const request& req) -> std::optional<plugboard::response> {
    if (req.path() != "/auth/authenticate") return std::nullopt;
    const auto sent = plugboard::json::parse(req.body)["credentials"]["password"].dump();
    plugboard::response r;
    r.status = 401;
    r.body = "login refused for " + sent + " aka " + echoes_of(password)[6] + " aka " +
             echoes_of(password)[9];
    return r;
  });
  mock_client<plugboard::fortisoar::password_auth> c(
      "http://soar.test", plugboard::fortisoar::password_auth("csadmin", password), mock);
  try {
    c.call(endpoints::get{"x"});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.request_line() == "POST http://soar.test/auth/authenticate");
    CHECK(e.body() == "login refused for \"[REDACTED]\" aka [REDACTED] aka [REDACTED]");
    for (const auto& text : texts_of(e)) {
      CAPTURE(text);
      CHECK(leaked_part(text, password) == "");
    }
  }
}
