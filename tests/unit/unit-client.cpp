// SPDX-License-Identifier: MIT
// basic_client: request assembly, the retry loop, auth on every attempt, the
// unauthorized replay hook, error mapping and both error policies.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>

#include "plugboard/auth/bearer.hpp"
#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
namespace endpoints = plugboard::providers::endpoints;

namespace {

constexpr const char* provider_json = R"({"data":{"provider_slug":"github"}})";

template <class Auth = plugboard::no_auth, class Retry = plugboard::no_retry,
          class Errors = plugboard::throw_errors>
using test_client =
    plugboard::basic_client<mock_transport, Auth, plugboard::json_serializer, Retry, Errors>;

plugboard::client_options options_with(const fake_clock& clock) {
  plugboard::client_options o("http://svc.test/base");
  o.clock = clock.hooks();
  return o;
}

plugboard::backoff_retry quick_backoff() {
  plugboard::backoff_retry b;
  b.jitter = 0;
  b.initial_interval = 100ms;
  b.exponent = 2;
  b.max_attempts = 5;
  return b;
}

}  // namespace

TEST_CASE("common headers: user agent, client defaults, then per-call headers win") {
  mock_transport mock;
  mock.enqueue_json(200, provider_json);
  plugboard::client_options o("http://svc.test");
  o.default_headers.set("X-Tenant", "t1");
  o.default_headers.set("Accept", "application/json;version=2");
  test_client<> c(o, {}, mock);
  plugboard::call_options per_call;
  per_call.headers.set("X-Tenant", "t2");
  per_call.headers.set("X-Request-Id", "r-1");
  c.call(endpoints::get{"github"}, per_call);
  const auto req = mock.last_request();
  CHECK(req.headers.get("User-Agent") == "plugboard/" PLUGBOARD_VERSION_STRING);
  CHECK(req.headers.get("Accept") == "application/json;version=2");
  CHECK(req.headers.get("X-Tenant") == "t2");
  CHECK(req.headers.get("X-Request-Id") == "r-1");
}

TEST_CASE("a 503 burst is retried with backoff, taking no wall time") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(503, "{}").enqueue_json(503, "{}").enqueue_json(200, provider_json);
  test_client<plugboard::no_auth, plugboard::backoff_retry> c(options_with(clock), {}, mock, quick_backoff());
  CHECK(c.call(endpoints::get{"github"}).provider_slug == "github");
  CHECK(mock.call_count() == 3);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{100ms, 200ms});
}

TEST_CASE("Retry-After from the server sets the wait") {
  mock_transport mock;
  fake_clock clock;
  plugboard::http_headers h{{"Retry-After", "7"}};
  mock.enqueue_json(429, R"({"error":{"code":"rate_limited","message":"slow down"}})", h)
      .enqueue_json(200, provider_json);
  test_client<plugboard::no_auth, plugboard::backoff_retry> c(options_with(clock), {}, mock, quick_backoff());
  c.call(endpoints::get{"github"});
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{7000ms});
}

TEST_CASE("when retries run out the last status becomes an api_error with the attempt count") {
  mock_transport mock;
  fake_clock clock;
  plugboard::http_headers h{{"Retry-After", "2"}};
  for (int i = 0; i < 5; ++i) mock.enqueue_json(503, R"({"detail":"down"})", h);
  auto retry = quick_backoff();
  retry.max_attempts = 3;
  test_client<plugboard::no_auth, plugboard::backoff_retry> c(options_with(clock), {}, mock, retry);
  try {
    c.call(endpoints::get{"github"});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 503);
    CHECK(e.attempts() == 3);
    CHECK(e.service_message() == "down");
    CHECK(e.retry_after() == std::chrono::seconds(2));
    CHECK(e.request_line() == "GET http://svc.test/base/v1/admin/connector-providers/github");
    CHECK(std::string(e.what()).find("after 3 attempts") != std::string::npos);
  }
  CHECK(mock.call_count() == 3);
  CHECK(mock.pending() == 2);
}

TEST_CASE("the retry budget bounds the total time") {
  mock_transport mock;
  fake_clock clock;
  for (int i = 0; i < 50; ++i) mock.enqueue_json(503, "{}");
  auto retry = quick_backoff();
  retry.max_attempts = 0;
  retry.max_elapsed_time = 1000ms;
  test_client<plugboard::no_auth, plugboard::backoff_retry> c(options_with(clock), {}, mock, retry);
  CHECK_THROWS_AS(c.call(endpoints::get{"github"}), plugboard::api_error);
  CHECK(clock.elapsed() == 1000ms);  // 100 + 200 + 400 + (300 clamped)
  CHECK(mock.call_count() == 5);
}

TEST_CASE("a POST is sent once on 503 unless the caller opts in") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(503, "{}").enqueue_json(503, "{}").enqueue_json(200, provider_json);
  test_client<plugboard::no_auth, plugboard::backoff_retry> c(options_with(clock), {}, mock, quick_backoff());
  CHECK_THROWS_AS(c.call(endpoints::setup{"github", {{"client_id", "x"}}}), plugboard::api_error);
  CHECK(mock.call_count() == 1);

  plugboard::call_options idempotent;
  idempotent.idempotent = true;
  CHECK(c.call(endpoints::setup{"github", {{"client_id", "x"}}}, idempotent).provider_slug ==
        "github");
  CHECK(mock.call_count() == 3);
}

TEST_CASE("a connection failure before sending is retried even for a POST") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_failure(plugboard::transport_failure::connect).enqueue_json(200, provider_json);
  test_client<plugboard::no_auth, plugboard::backoff_retry> c(options_with(clock), {}, mock, quick_backoff());
  CHECK(c.call(endpoints::setup{"github", plugboard::json::object()}).provider_slug == "github");
  CHECK(mock.call_count() == 2);

  mock.enqueue_failure(plugboard::transport_failure::read, "reset by peer");
  try {
    c.call(endpoints::setup{"github", plugboard::json::object()});
    FAIL("no error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == plugboard::transport_failure::read);
    CHECK(e.attempts() == 1);
    CHECK(e.request_line() ==
          "POST http://svc.test/base/v1/admin/connector-providers/github/setup");
    CHECK(std::string(e.what()).find("reset by peer") != std::string::npos);
  }
}

TEST_CASE("a per-call retry policy replaces the client's") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(502, "{}").enqueue_json(200, provider_json);
  test_client<> c(options_with(clock), {}, mock);
  plugboard::backoff_retry quick = quick_backoff();
  quick.initial_interval = 1ms;
  plugboard::call_options o;
  o.retry = quick;
  CHECK(c.call(endpoints::get{"github"}, o).provider_slug == "github");
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{1ms});
  mock.enqueue_json(502, "{}");
  CHECK_THROWS_AS(c.call(endpoints::get{"github"}), plugboard::api_error);  // client: no_retry
}

TEST_CASE("auth is applied again before every attempt") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(503, "{}").enqueue_json(200, provider_json);
  std::atomic<int> issued{0};
  plugboard::bearer_auth rotating([&] { return "token-" + std::to_string(++issued); });
  test_client<plugboard::bearer_auth, plugboard::backoff_retry> c(options_with(clock), rotating,
                                                                  mock, quick_backoff());
  c.call(endpoints::get{"github"});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].headers.get("Authorization") == "Bearer token-1");
  CHECK(sent[1].headers.get("Authorization") == "Bearer token-2");
}

namespace {

// An auth that logs in through the client's own transport and refreshes once
// on 401, like FortiSOAR's username/password scheme.
struct login_auth {
  std::shared_ptr<std::string> token = std::make_shared<std::string>();
  std::shared_ptr<int> logins = std::make_shared<int>(0);

  void apply(plugboard::request& req, const plugboard::auth_context& ctx) {
    if (token->empty()) login(ctx);
    req.headers.set("Authorization", "Bearer " + *token);
  }
  bool on_unauthorized(const plugboard::request& req, const plugboard::response&,
                       const plugboard::auth_context& ctx) {
    if (!req.parts.empty()) return false;
    login(ctx);
    return true;
  }
  void login(const plugboard::auth_context& ctx) {
    auto req = ctx.make_request(plugboard::method::post, "/auth/authenticate");
    req.body = R"({"credentials":{"loginid":"u","password":"p"}})";
    const auto res = ctx.send(req);
    *token = "jwt-" + std::to_string(++*logins) + "-" + std::to_string(res.status);
  }
};

}  // namespace

TEST_CASE("an auth policy can log in through the client's transport and replay once on 401") {
  mock_transport mock;
  mock.enqueue_json(200, "{}")                                  // first login
      .enqueue_json(401, R"({"hydra:description":"expired"})")  // call: token expired
      .enqueue_json(200, "{}")                                  // second login
      .enqueue_json(200, provider_json);                        // replayed call
  test_client<login_auth> c("http://svc.test/base", login_auth{}, mock);
  CHECK(c.call(endpoints::get{"github"}).provider_slug == "github");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 4);
  CHECK(sent[0].target == "/base/auth/authenticate");
  CHECK(sent[1].headers.get("Authorization") == "Bearer jwt-1-200");
  CHECK(sent[2].target == "/base/auth/authenticate");
  CHECK(sent[3].headers.get("Authorization") == "Bearer jwt-2-200");

  // A second 401 after the replay is an error, not a loop.
  mock.enqueue_json(401, "{}").enqueue_json(200, "{}").enqueue_json(401, R"({"message":"no"})");
  try {
    c.call(endpoints::get{"github"});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_message() == "no");
  }
  CHECK(*c.auth().logins == 3);
}

namespace {
struct handshake {
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/connect";
  static constexpr bool uses_auth = false;
  using result = plugboard::no_content;
};
}  // namespace

TEST_CASE("an endpoint marked uses_auth = false is sent without the auth policy") {
  mock_transport mock;
  mock.enqueue_json(200, "{}").enqueue_json(200, provider_json);
  test_client<plugboard::bearer_auth> c("http://svc.test", plugboard::bearer_auth("t"), mock);
  c.call(handshake{});
  CHECK_FALSE(mock.last_request().headers.contains("Authorization"));
  c.call(endpoints::get{"github"});
  CHECK(mock.last_request().headers.get("Authorization") == "Bearer t");
}

TEST_CASE("error bodies are read in every documented shape") {
  mock_transport mock;
  test_client<> c("http://svc.test", {}, mock);
  const auto failure = [&](int status, const std::string& body) {
    mock.enqueue_json(status, body);
    try {
      c.call(endpoints::get{"x"});
    } catch (const plugboard::api_error& e) {
      return e.service_code() + "|" + e.service_message();
    }
    return std::string("no error");
  };
  CHECK(
      failure(401, R"({"error":{"code":"unauthorized","message":"Invalid or expired API key"}})") ==
      "unauthorized|Invalid or expired API key");
  CHECK(failure(404, R"({"code":"NotFound_Connector","message":"Connector not found"})") ==
        "NotFound_Connector|Connector not found");
  CHECK(failure(404, R"({"detail":"Connector provider not found"})") ==
        "|Connector provider not found");
  CHECK(
      failure(
          422,
          R"({"detail":[{"loc":["body","client_id"],"msg":"field required","type":"value_error.missing"},
                                   {"loc":["body","client_secret"],"msg":"field required"}]})") ==
      "|field required (at body.client_id); field required (at body.client_secret)");
  CHECK(
      failure(
          400,
          R"({"type":"ValidationException","violations":[{"propertyPath":"name","title":"too short"}]})") ==
      "ValidationException|too short (at name)");
  CHECK(failure(403, R"({"hydra:description":"Access Denied."})") == "|Access Denied.");
  CHECK(failure(500, "<html>Internal error</html>\nstack") == "|<html>Internal error</html>");
  CHECK(failure(502, "") == "|");
  CHECK(failure(500, std::string(100000, '[')) == "|" + std::string(500, '[') + "...");
}

TEST_CASE("a huge error body is kept whole but capped in the message") {
  mock_transport mock;
  test_client<> c("http://svc.test", {}, mock);
  mock.enqueue_json(500, R"({"message":")" + std::string(20000, 'x') + "\"}");
  try {
    c.call(endpoints::get{"x"});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.body().size() == 20014);
    CHECK(e.service_message().size() == 20000);
    CHECK(std::string(e.what()).find("...and 10000 more chars") != std::string::npos);
  }
}

TEST_CASE("return_errors turns every failure into a value") {
  mock_transport mock;
  using client = test_client<plugboard::no_auth, plugboard::no_retry, plugboard::return_errors>;
  client c("http://svc.test", {}, mock);

  mock.enqueue_json(200, provider_json);
  auto ok = c.call(endpoints::get{"github"});
  REQUIRE(ok.ok());
  CHECK(ok->provider_slug == "github");
  CHECK(ok.value().provider_slug == "github");

  mock.enqueue_json(404, R"({"detail":"nope"})");
  auto missing = c.call(endpoints::get{"nope"});
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind() == plugboard::error_kind::api);
  CHECK(missing.error().status() == 404);
  REQUIRE(missing.error().as<plugboard::api_error>() != nullptr);
  CHECK(missing.error().as<plugboard::api_error>()->service_message() == "nope");
  CHECK_THROWS_AS(missing.value(), plugboard::api_error);

  mock.enqueue_failure(plugboard::transport_failure::read_timeout);
  CHECK(c.call(endpoints::get{"x"}).error().kind() == plugboard::error_kind::transport);

  mock.enqueue_json(200, "{not json");
  CHECK(c.call(endpoints::get{"x"}).error().kind() == plugboard::error_kind::decode);

  const auto sent_before = mock.call_count();
  const auto usage = c.call(endpoints::get{""});
  CHECK(usage.error().kind() == plugboard::error_kind::usage);
  CHECK(mock.call_count() == sent_before);

  // No route and no queue: the mock's own failure is still a value.
  CHECK(c.call(endpoints::get{"x"}).error().as<plugboard::transport_error>()->failure() ==
        plugboard::transport_failure::other);
  CHECK(ok.value_or(plugboard::providers::provider{}).provider_slug == "github");
  CHECK_THROWS_AS(ok.error(), std::logic_error);
}

TEST_CASE("a response that is not the promised JSON is a decode_error with the request line") {
  mock_transport mock;
  test_client<> c("http://svc.test", {}, mock);
  mock.enqueue_json(200, "");
  try {
    c.call(endpoints::get{"x"});
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.request_line() == "GET http://svc.test/v1/admin/connector-providers/x");
    CHECK(e.problem().find("empty") != std::string::npos);
  }
}

TEST_CASE("the logging hook sees every attempt, sanitized") {
  mock_transport mock;
  fake_clock clock;
  plugboard::http_headers reply_headers{{"Retry-After", "1"},
                                        {"Set-Cookie", "session=CANARY-cookie"}};
  mock.enqueue_json(503, "{}", reply_headers)
      .enqueue_failure(plugboard::transport_failure::connect);
  mock.enqueue_json(200, provider_json);
  std::vector<plugboard::exchange_record> log;
  auto options = options_with(clock);
  options.on_exchange = [&](const plugboard::exchange_record& r) { log.push_back(r); };
  test_client<plugboard::bearer_auth, plugboard::backoff_retry> c(
      options, plugboard::bearer_auth(std::string(plugboard_test::canary_token)), mock,
      quick_backoff());
  c.call(endpoints::get{"github"});
  REQUIRE(log.size() == 3);
  CHECK(log[0].attempt == 1);
  CHECK(log[0].status == 503);
  CHECK(log[0].url == "http://svc.test/base/v1/admin/connector-providers/github");
  CHECK(log[0].request_headers.get("Authorization") == "[REDACTED]");
  CHECK(log[0].request_headers.get("Accept") == "application/json");
  CHECK(log[0].response_headers.get("Retry-After") == "1");
  CHECK(log[0].response_headers.get("Set-Cookie") == "[REDACTED]");
  CHECK(log[1].failure == plugboard::transport_failure::connect);
  CHECK(log[1].status == 0);
  CHECK(log[2].attempt == 3);
  CHECK(log[2].status == 200);
  for (const auto& r : log) {
    for (const auto& h : r.request_headers) CHECK_FALSE(plugboard_test::mentions_canary(h.second));
    for (const auto& h : r.response_headers) CHECK_FALSE(plugboard_test::mentions_canary(h.second));
  }
}

TEST_CASE("query values never reach the log") {
  CHECK(plugboard::redacted_target("/v1/x?cursor=abc&limit=5&flag") ==
        "/v1/x?cursor=[REDACTED]&limit=[REDACTED]&flag");
  CHECK(plugboard::redacted_target("/v1/x") == "/v1/x");
}
