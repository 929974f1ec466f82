// SPDX-License-Identifier: MIT
// Pipeshub connector instances: the exact request of all nine operations,
// bearer auth (fixed and per-request), per-call retries on the injectable
// clock, error mapping and bad input refused before sending.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "plugboard/pipeshub/client.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace pipeshub = plugboard::pipeshub;

namespace {

using client_t = pipeshub::client<mock_transport>;

constexpr const char* instance_json = R"({"connectorId":"c-1","connectorType":"confluence",
  "instanceName":"Engineering Confluence","scope":"team","authType":"API_TOKEN"})";

std::string envelope(const std::string& connector) {
  return R"({"success":true,"connector":)" + connector + "}";
}
std::string listing(const std::string& items = "") {
  return R"({"success":true,"connectors":[)" + items + "]}";
}

client_t make(mock_transport& mock, std::string token = "tok-123") {
  return client_t("https://pipeshub.example.com/api/v1", plugboard::bearer_auth(std::move(token)),
                  mock);
}

plugboard::client_options options_with(const fake_clock& clock) {
  plugboard::client_options o("https://pipeshub.example.com/api/v1/");
  o.clock = clock.hooks();
  return o;
}

void check_common(const plugboard::request& req, plugboard::method verb,
                  const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == "https://pipeshub.example.com");
  CHECK(req.target == target);
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("Authorization") == "Bearer tok-123");
}

void check_no_body(const plugboard::request& req) {
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

}  // namespace

TEST_CASE("list: GET /connectors sends page=1&limit=20 by default, like the SDK") {
  mock_transport mock;
  mock.enqueue_json(200, listing(instance_json));
  auto c = make(mock);
  const auto page = c.connector_instances().list();
  check_common(mock.last_request(), plugboard::method::get, "/api/v1/connectors?page=1&limit=20");
  check_no_body(mock.last_request());
  REQUIRE(page.connectors.size() == 1);
  CHECK(page.connectors[0].connector_id == "c-1");
}

TEST_CASE("list: scope, page, limit and search in the SDK's order, form-encoded") {
  mock_transport mock;
  for (int i = 0; i < 3; ++i) mock.enqueue_json(200, listing());
  auto c = make(mock);
  pipeshub::list_params params;
  params.scope = pipeshub::connector_scope::team;
  params.page = 2;
  params.limit = 200;
  params.search = "eng & ops";
  c.connector_instances().list(params);
  check_common(mock.last_request(), plugboard::method::get,
               "/api/v1/connectors?scope=team&page=2&limit=200&search=eng+%26+ops");

  // nullopt leaves a parameter out; an empty search is sent, as the SDK does.
  params = {};
  params.page.reset();
  params.limit.reset();
  c.connector_instances().list(params);
  CHECK(mock.last_request().target == "/api/v1/connectors");
  params.search = "";
  c.connector_instances().list(params);
  CHECK(mock.last_request().target == "/api/v1/connectors?search=");
}

TEST_CASE("create: POST /connectors with camelCase keys and the SDK's schema defaults") {
  mock_transport mock;
  mock.enqueue_json(201, envelope(instance_json));
  auto c = make(mock);

  pipeshub::create_connector_request request;
  request.connector_type = "confluence";
  request.instance_name = "Engineering Confluence";
  request.scope = pipeshub::connector_scope::team;
  request.auth_type = pipeshub::auth_type::api_token;
  request.base_url = "https://confluence.internal.example.com";
  auto& config = request.config.emplace();
  config.auth.emplace().values = {{"apiToken", "atl-token"}, {"email", "ops@example.com"}};
  auto& sync = config.sync.emplace();
  sync.scheduled_config.emplace().cron_expression = "0 */6 * * *";
  sync.webhook_config.emplace().events = std::vector<std::string>{"page.created"};
  config.filters.emplace().sync.emplace().values = {{"spaces", {"ENG", "OPS"}}};

  const auto created = c.connector_instances().create(request);
  CHECK(created.connector_id == "c-1");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::post, "/api/v1/connectors");
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) == json::parse(R"({
    "connectorType": "confluence",
    "instanceName": "Engineering Confluence",
    "scope": "team",
    "authType": "API_TOKEN",
    "baseUrl": "https://confluence.internal.example.com",
    "config": {
      "auth": {"values": {"apiToken": "atl-token", "email": "ops@example.com"}},
      "sync": {
        "selectedStrategy": "MANUAL",
        "scheduledConfig": {"intervalMinutes": 60, "cronExpression": "0 */6 * * *", "timezone": "UTC"},
        "webhookConfig": {"events": ["page.created"]}
      },
      "filters": {"sync": {"values": {"spaces": ["ENG", "OPS"]}}}
    }})"));
}

TEST_CASE("create: the short form sends the three required keys only") {
  mock_transport mock;
  mock.enqueue_json(200, envelope(instance_json));
  auto c = make(mock);
  c.connector_instances().create("slack", "Company Slack", pipeshub::connector_scope::personal);
  CHECK(body_json(mock.last_request()) ==
        json{{"connectorType", "slack"}, {"instanceName", "Company Slack"}, {"scope", "personal"}});

  // An empty `sync` object still carries the SDK's default strategy.
  mock.enqueue_json(200, envelope(instance_json));
  pipeshub::create_connector_request request{"slack", "Chat", pipeshub::connector_scope::personal};
  request.config.emplace().sync.emplace();
  c.connector_instances().create(request);
  CHECK(body_json(mock.last_request())["config"] ==
        json{{"sync", {{"selectedStrategy", "MANUAL"}}}});
}

TEST_CASE("list_active and list_inactive: GET without a query") {
  mock_transport mock;
  mock.enqueue_json(200, listing(instance_json)).enqueue_json(200, listing());
  auto c = make(mock);
  CHECK(c.connector_instances().list_active().connectors.size() == 1);
  check_common(mock.last_request(), plugboard::method::get, "/api/v1/connectors/active");
  check_no_body(mock.last_request());
  CHECK(c.connector_instances().list_inactive().connectors.empty());
  check_common(mock.last_request(), plugboard::method::get, "/api/v1/connectors/inactive");
  check_no_body(mock.last_request());
}

TEST_CASE("list_configured and list_active_agents: GET with the paged query") {
  mock_transport mock;
  mock.enqueue_json(200, listing()).enqueue_json(200, listing());
  auto c = make(mock);
  c.connector_instances().list_configured();
  check_common(mock.last_request(), plugboard::method::get,
               "/api/v1/connectors/configured?page=1&limit=20");
  check_no_body(mock.last_request());
  pipeshub::list_params params;
  params.scope = pipeshub::connector_scope::personal;
  params.search = "jira";
  c.connector_instances().list_active_agents(params);
  check_common(mock.last_request(), plugboard::method::get,
               "/api/v1/connectors/agents/active?scope=personal&page=1&limit=20&search=jira");
  check_no_body(mock.last_request());
}

TEST_CASE("get, delete_ and update_name: the id is one encoded path segment") {
  mock_transport mock;
  mock.enqueue_json(200, envelope(instance_json))
      .enqueue_json(200, envelope(instance_json))
      .enqueue_json(202, R"({"success":true,"message":"Connector deletion initiated"})")
      .enqueue_json(200, envelope(R"({"_key":"c-1","name":"Renamed"})"));
  auto c = make(mock);
  auto api = c.connector_instances();

  CHECK(api.get("c-1").instance_name == "Engineering Confluence");
  check_common(mock.last_request(), plugboard::method::get, "/api/v1/connectors/c-1");
  check_no_body(mock.last_request());
  api.get("a/../b?c#d");
  CHECK(mock.last_request().target == "/api/v1/connectors/a%2F..%2Fb%3Fc%23d");

  CHECK(api.delete_("c-1").message == "Connector deletion initiated");
  check_common(mock.last_request(), plugboard::method::delete_, "/api/v1/connectors/c-1");
  check_no_body(mock.last_request());

  const auto renamed = api.update_name("c-1", "Renamed");
  CHECK(renamed.connector_id == "c-1");
  CHECK(renamed.instance_name == "Renamed");
  const auto req = mock.last_request();
  check_common(req, plugboard::method::put, "/api/v1/connectors/c-1/name");
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(req.body == R"({"instanceName":"Renamed"})");
}

TEST_CASE("bearer auth: a callable is invoked for every request; no token, no header") {
  mock_transport mock;
  for (int i = 0; i < 3; ++i) mock.enqueue_json(200, listing());
  int issued = 0;
  client_t rotating("http://localhost:3000/api/v1",
                    plugboard::bearer_auth([&] { return "jwt-" + std::to_string(++issued); }),
                    mock);
  rotating.connector_instances().list_active();
  rotating.connector_instances().list_active();
  const auto sent = mock.requests();
  CHECK(sent[0].headers.get("Authorization") == "Bearer jwt-1");
  CHECK(sent[1].headers.get("Authorization") == "Bearer jwt-2");
  CHECK(sent[1].target == "/api/v1/connectors/active");

  client_t anonymous("http://localhost:3000/api/v1", plugboard::bearer_auth(), mock);
  anonymous.connector_instances().list_active();
  CHECK_FALSE(mock.last_request().headers.contains("Authorization"));
}

// ---- per-call retries ------------------------------------------------------------

TEST_CASE("retry_config converts to backoff_retry with the SDK's statuses and milliseconds") {
  const pipeshub::retry_config sdk_readme{"backoff", {1ms, 50ms, 1.1, 100ms}, false};
  const auto policy = sdk_readme.to_backoff_retry();
  CHECK(policy.initial_interval == 1ms);
  CHECK(policy.max_interval == 50ms);
  CHECK(policy.exponent == doctest::Approx(1.1));
  CHECK(policy.max_elapsed_time == 100ms);
  CHECK(policy.max_attempts == 0);
  CHECK_FALSE(policy.retry_connection_errors);
  CHECK(policy.retry_non_idempotent);
  CHECK(policy.honour_retry_after);
  CHECK(policy.retry_statuses.size() == 5);
  for (int status : {429, 500, 502, 503, 504}) CHECK(policy.retry_statuses.contains(status));
  CHECK_FALSE(policy.retry_statuses.contains(501));
  CHECK(pipeshub::retry_config{"none", {}, true}.to_backoff_retry().max_attempts == 1);
}

TEST_CASE("a per-call retry_config rides out a 503 burst; the client itself does not retry") {
  mock_transport mock;
  fake_clock clock;
  mock.enqueue_json(503, "{}").enqueue_json(503, "{}").enqueue_json(200, envelope(instance_json));
  client_t c(options_with(clock), plugboard::bearer_auth("tok-123"), mock);
  const pipeshub::retry_config retries{"backoff", {100ms, 1000ms, 2.0, 10000ms}, false};
  CHECK(c.connector_instances().get("c-1", retries).connector_id == "c-1");
  CHECK(mock.call_count() == 3);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{100ms, 200ms});
  for (const auto& sent : mock.requests()) {
    CHECK(sent.target == "/api/v1/connectors/c-1");
    CHECK(sent.headers.get("Authorization") == "Bearer tok-123");
  }

  mock.enqueue_json(503, "{}");
  CHECK_THROWS_AS(c.connector_instances().get("c-1"), plugboard::api_error);
  CHECK(mock.call_count() == 4);
  CHECK(clock.sleeps().size() == 2);
}

TEST_CASE("per-call retries: Retry-After wins, max_interval caps, max_elapsed_time bounds") {
  mock_transport mock;
  fake_clock clock;
  client_t c(options_with(clock), plugboard::bearer_auth("tok-123"), mock);
  auto api = c.connector_instances();

  plugboard::http_headers later{{"Retry-After", "3"}};
  mock.enqueue_json(429, R"({"error":{"code":"HTTP_TOO_MANY_REQUESTS","message":"slow down"}})",
                    later)
      .enqueue_json(200, listing());
  api.list_active(pipeshub::retry_config{"backoff", {10ms, 50ms, 2.0, 60000ms}, false});
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{3000ms});

  for (int i = 0; i < 20; ++i) mock.enqueue_json(502, "{}");
  try {
    api.list_active(pipeshub::retry_config{"backoff", {40ms, 100ms, 3.0, 500ms}, false});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 502);
    CHECK(e.attempts() == 7);
  }
  const auto sleeps = clock.sleeps();
  CHECK(std::vector<std::chrono::milliseconds>(sleeps.begin() + 1, sleeps.end()) ==
        std::vector<std::chrono::milliseconds>{40ms, 100ms, 100ms, 100ms, 100ms, 60ms});
}

TEST_CASE("per-call retries: 501 is not retried, another strategy means one attempt") {
  mock_transport mock;
  fake_clock clock;
  client_t c(options_with(clock), plugboard::bearer_auth("tok-123"), mock);
  const pipeshub::retry_config backoff{"backoff", {10ms, 100ms, 2.0, 1000ms}, false};
  mock.enqueue_json(501, "{}");
  CHECK_THROWS_AS(c.connector_instances().list_inactive(backoff), plugboard::api_error);
  mock.enqueue_json(503, "{}");
  CHECK_THROWS_AS(c.connector_instances().list_inactive(pipeshub::retry_config{"none", {}, false}),
                  plugboard::api_error);
  CHECK(mock.call_count() == 2);
  CHECK(clock.sleeps().empty());
}

TEST_CASE("per-call retries: connection errors only with retry_connection_errors") {
  mock_transport mock;
  fake_clock clock;
  client_t c(options_with(clock), plugboard::bearer_auth("tok-123"), mock);
  mock.enqueue_failure(plugboard::transport_failure::connect);
  CHECK_THROWS_AS(c.connector_instances().get(
                      "c-1", pipeshub::retry_config{"backoff", {5ms, 5ms, 1.0, 100ms}, false}),
                  plugboard::transport_error);
  mock.enqueue_failure(plugboard::transport_failure::read_timeout)
      .enqueue_json(200, envelope(instance_json));
  CHECK(c.connector_instances()
            .get("c-1", pipeshub::retry_config{"backoff", {5ms, 5ms, 1.0, 100ms}, true})
            .connector_id == "c-1");
  CHECK(mock.call_count() == 3);
}

TEST_CASE("per-call retries re-send create's body, like the SDK") {
  mock_transport mock;
  fake_clock clock;
  client_t c(options_with(clock), plugboard::bearer_auth("tok-123"), mock);
  mock.enqueue_json(503, "{}").enqueue_json(200, envelope(instance_json));
  pipeshub::create_connector_request request{"slack", "Chat", pipeshub::connector_scope::personal};
  c.connector_instances().create(request,
                                 pipeshub::retry_config{"backoff", {5ms, 5ms, 1.0, 100ms}, false});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].body == sent[1].body);

  // Without a retry override, a POST is never sent twice.
  mock.enqueue_json(503, "{}");
  CHECK_THROWS_AS(c.connector_instances().create(request), plugboard::api_error);
  CHECK(mock.call_count() == 3);
}

TEST_CASE("plugboard::call_options still work: extra headers and a backoff_retry") {
  mock_transport mock;
  fake_clock clock;
  client_t c(options_with(clock), plugboard::bearer_auth("tok-123"), mock);
  mock.enqueue_json(500, "{}").enqueue_json(200, listing());
  plugboard::call_options options;
  options.headers.set("X-Request-Id", "r-1");
  options.retry =
      pipeshub::retry_config{"backoff", {7ms, 7ms, 1.0, 100ms}, false}.to_backoff_retry();
  c.connector_instances().list_configured({}, options);
  CHECK(mock.last_request().headers.get("X-Request-Id") == "r-1");
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{7ms});
}

// ---- errors ----------------------------------------------------------------------

TEST_CASE("4xx/5xx become api_error with the server's {error:{code,message}}") {
  mock_transport mock;
  auto c = make(mock);
  plugboard::http_headers express{{"Content-Type", "application/json; charset=utf-8"}};
  mock.enqueue(plugboard::response{
      404, express,
      R"({"error":{"code":"HTTP_NOT_FOUND","message":"Connector instance not found"}})"});
  try {
    c.connector_instances().get("nope");
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 404);
    CHECK(e.service_code() == "HTTP_NOT_FOUND");
    CHECK(e.service_message() == "Connector instance not found");
    CHECK(e.request_line() == "GET https://pipeshub.example.com/api/v1/connectors/nope");
    CHECK(std::string(e.what()) ==
          "plugboard: HTTP 404 Not Found from GET "
          "https://pipeshub.example.com/api/v1/connectors/nope: "
          "Connector instance not found [HTTP_NOT_FOUND]");
  }
}

TEST_CASE("a non-JSON error body still gives an api_error with the status") {
  mock_transport mock;
  auto c = make(mock);
  mock.enqueue(plugboard::response{502,
                                   {{"Content-Type", "text/html"}},
                                   "<html><body>502 Bad Gateway</body></html>\n<hr>nginx"});
  try {
    c.connector_instances().list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 502);
    CHECK(e.service_code().empty());
    CHECK(e.service_message() == "<html><body>502 Bad Gateway</body></html>");
    CHECK(e.body() == "<html><body>502 Bad Gateway</body></html>\n<hr>nginx");
  }
}

TEST_CASE("the error body is kept whole (scrubbed) but capped at 10,000 chars in the message") {
  mock_transport mock;
  auto c = make(mock, std::string(plugboard_test::canary_token));
  const std::string long_message(12000, 'm');
  mock.enqueue_json(400,
                    R"({"error":{"code":"HTTP_BAD_REQUEST","message":")" + long_message + "\"}}");
  try {
    c.connector_instances().list_active();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.service_message().size() == 12000);
    const std::string what = e.what();
    CHECK(what.find(std::string(10000, 'm') + "...and 2000 more chars") != std::string::npos);
    CHECK(what.find(std::string(10001, 'm')) == std::string::npos);
  }
  // A body without a message is what the message quotes, capped the same way,
  // and a token the server echoes back never survives.
  const std::string blob(15000, 'b');
  mock.enqueue_json(500, R"({"trace":")" + blob + R"(","auth":"Bearer )" +
                             std::string(plugboard_test::canary_token) + "\"}");
  try {
    c.connector_instances().list_active();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.service_message().empty());
    CHECK(e.body().size() > 15000);
    CHECK(e.body().find(blob) != std::string::npos);
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK(std::string(e.what()).find("more chars") != std::string::npos);
  }
}

TEST_CASE("responses that do not fit are decode errors naming the field") {
  mock_transport mock;
  auto c = make(mock);
  const auto problem = [&](const std::string& body) {
    mock.enqueue_json(200, body);
    try {
      c.connector_instances().get("c-1");
    } catch (const plugboard::decode_error& e) {
      return e.field() + "|" + e.problem();
    }
    return std::string("no error");
  };
  CHECK(problem(R"({"success":true})") == "connector|required field is missing");
  CHECK(problem(R"({"connector":{"_key":5}})") == "connector._key|expected string, got number");
  CHECK(problem(R"({"connector":{"isActive":"yes"}})") ==
        "connector.isActive|expected boolean, got string");
  mock.enqueue_json(200, R"({"connectors":{"connectors":[{"name":false}]}})");
  try {
    c.connector_instances().list_configured();
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "connectors.connectors[0].name");
  }
}

// ---- bad input -------------------------------------------------------------------

TEST_CASE("bad input is refused with usage_error before anything is sent") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connector_instances();
  const auto argument_of = [](auto&& call) {
    try {
      call();
    } catch (const plugboard::usage_error& e) {
      return e.argument();
    }
    return std::string("no error");
  };
  CHECK(argument_of([&] { api.get(""); }) == "connector_id");
  CHECK(argument_of([&] { api.delete_(""); }) == "connector_id");
  CHECK(argument_of([&] { api.update_name("", "x"); }) == "connector_id");
  CHECK(argument_of([&] { api.update_name("c-1", ""); }) == "instance_name");
  CHECK(argument_of([&] { api.update_name("c-1", std::string(101, 'n')); }) == "instance_name");
  const auto create = [&](std::string type, std::string name, std::string scope) {
    return argument_of([&] {
      pipeshub::create_connector_request r;
      r.connector_type = type;
      r.instance_name = name;
      if (!scope.empty())
        r.scope = plugboard::open_enum<pipeshub::connector_scope>::from_wire(scope);
      api.create(r);
    });
  };
  CHECK(create("slack", "", "team") == "instance_name");
  CHECK(create("slack", std::string(101, 'n'), "team") == "instance_name");
  CHECK(create("", "Chat", "team") == "connector_type");
  CHECK(create("slack", "Chat", "") == "scope");

  pipeshub::list_params params;
  params.page = 0;
  CHECK(argument_of([&] { api.list(params); }) == "page");
  CHECK(argument_of([&] { api.list_configured_all(params); }) == "page");
  params = {};
  params.limit = 0;
  CHECK(argument_of([&] { api.list_active_agents(params); }) == "limit");
  params.limit = 201;
  CHECK(argument_of([&] { api.list_configured(params); }) == "limit");
  CHECK(argument_of([&] { api.list_all(params); }) == "limit");
  CHECK(mock.call_count() == 0);

  // 100 characters is the limit, counted as characters, not bytes.
  std::string hundred_e_acute;
  for (int i = 0; i < 100; ++i) hundred_e_acute += "\xC3\xA9";
  mock.enqueue_json(200, envelope(instance_json));
  CHECK_NOTHROW(api.update_name("c-1", hundred_e_acute));
  params.limit = 200;
  params.page = 1;
  mock.enqueue_json(200, listing());
  CHECK_NOTHROW(api.list(params));
  CHECK(mock.call_count() == 2);
}
