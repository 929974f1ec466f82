// SPDX-License-Identifier: MIT
// FortiSOAR agents (the exact request of every call) and both auth schemes:
// the API key header, and the username/password login with its one replay
// after 401/403, never for uploads, never leaking a secret.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::method;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace fortisoar = plugboard::fortisoar;

namespace {

using client_t = fortisoar::client<mock_transport>;
using password_client_t = fortisoar::client<mock_transport, fortisoar::password_auth>;

client_t make(mock_transport& mock) {
  return client_t("https://soar.example.com", fortisoar::api_key("k-123"), mock);
}

constexpr const char* agent_target = "/api/integration/install-connector/?format=json";

void check_request(const plugboard::request& req, method verb, const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == "https://soar.example.com");
  CHECK(req.target == target);
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("Authorization") == "API-KEY k-123");
}

}  // namespace

TEST_CASE("install_connector: POST with format=json; agent is a list, label defaults to name") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"result":"Success"})");
  auto c = make(mock);
  const auto out = c.agents().install_connector("a1", {"cyops_utilities", "3.7.1"});
  const auto req = mock.last_request();
  check_request(req, method::post, agent_target);
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) == json{{"name", "cyops_utilities"},
                               {"label", "cyops_utilities"},
                               {"version", "3.7.1"},
                               {"rpm_full_name", ""},
                               {"category", json::array()},
                               {"description", ""},
                               {"publisher", "Fortinet"},
                               {"agent", {"a1"}}});
  CHECK(out.ok());
  CHECK(out.result == "Success");

  mock.enqueue_json(200, R"({"status":"success","data":{"queued":true}})");
  fortisoar::install_connector_options what{"hello-world", "1.0.4"};
  what.label = "Hello World";
  what.category = {"Utilities"};
  what.description = "demo";
  what.publisher = "Acme";
  what.rpm_full_name = "cyops-connector-hello-world-1.0.4";
  const auto custom = c.agents().install_connector("a2", what);
  CHECK(body_json(mock.last_request()) ==
        json{{"name", "hello-world"},
             {"label", "Hello World"},
             {"version", "1.0.4"},
             {"rpm_full_name", "cyops-connector-hello-world-1.0.4"},
             {"category", {"Utilities"}},
             {"description", "demo"},
             {"publisher", "Acme"},
             {"agent", {"a2"}}});
  CHECK(custom.ok());
  CHECK(custom.data == json{{"queued", true}});
}

TEST_CASE("upgrade_connector: PUT name, version and agent_id") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"status":"Success","data":{"name":"hello-world"},"job":"x"})");
  auto c = make(mock);
  const auto out = c.agents().upgrade_connector("hash-1", {"hello-world", "1.0.4"});
  const auto req = mock.last_request();
  check_request(req, method::put, agent_target);
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) ==
        json{{"name", "hello-world"}, {"version", "1.0.4"}, {"agent_id", "hash-1"}});
  CHECK(out.ok());
  CHECK(out.extra == json{{"job", "x"}});
}

TEST_CASE("uninstall_connector: DELETE with a JSON body; an empty reply is an empty result") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"status":"Success","message":"Uninstall accepted"})");
  mock.enqueue(plugboard::response{200, {}, ""});
  auto c = make(mock);
  const auto out = c.agents().uninstall_connector("hash-1", {"hello-world", "1.0.4"});
  const auto req = mock.last_request();
  check_request(req, method::delete_, agent_target);
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) ==
        json{{"name", "hello-world"}, {"version", "1.0.4"}, {"agent_id", "hash-1"}});
  CHECK(out.message == "Uninstall accepted");
  const auto empty = c.agents().uninstall_connector("hash-1", {"hello-world", "1.0.4"});
  CHECK_FALSE(empty.ok());
  CHECK_FALSE(empty.status.has_value());
  CHECK(empty.extra.is_null());
}

TEST_CASE("heartbeat: GET the agent hash with its slash, no query, no body") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"agent":"edge-1","status":"alive","latency_ms":42})");
  mock.enqueue_json(200, R"("alive")");
  auto c = make(mock);
  const auto beat = c.agents().heartbeat("hash-1");
  const auto req = mock.last_request();
  check_request(req, method::get, "/api/integration/agent-heartbeat/hash-1/");
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
  CHECK(beat.agent == "edge-1");
  CHECK(beat.status == "alive");
  CHECK(beat.latency_ms == 42);
  const auto wrapped = c.agents().heartbeat("hash-1");  // not an object: kept in `result`
  CHECK(wrapped.result == "alive");
  CHECK_FALSE(wrapped.status.has_value());
}

TEST_CASE("agents: an empty agent id, name or version is refused before sending") {
  mock_transport mock;
  auto c = make(mock);
  auto agents = c.agents();
  const auto argument_of = [](auto&& call) -> std::string {
    try {
      call();
    } catch (const plugboard::usage_error& e) {
      return e.argument();
    }
    return "no error";
  };
  CHECK(argument_of([&] { agents.install_connector("", {"n", "1"}); }) == "agent_id");
  CHECK(argument_of([&] { agents.upgrade_connector("", {"n", "1"}); }) == "agent_id");
  CHECK(argument_of([&] { agents.uninstall_connector("", {"n", "1"}); }) == "agent_id");
  CHECK(argument_of([&] { agents.heartbeat(""); }) == "agent_id");
  CHECK(argument_of([&] { agents.install_connector("a", {"", "1"}); }) == "name");
  CHECK(argument_of([&] { agents.upgrade_connector("a", {"n", ""}); }) == "version");
  CHECK(argument_of([&] { agents.uninstall_connector("a", {"", "1"}); }) == "name");
  CHECK(mock.call_count() == 0);
}

TEST_CASE("an agent id is one encoded path segment") {
  mock_transport mock;
  mock.enqueue_json(200, "{}");
  auto c = make(mock);
  c.agents().heartbeat("../x?y");
  CHECK(mock.last_request().target == "/api/integration/agent-heartbeat/..%2Fx%3Fy/");
}

// ---- auth --------------------------------------------------------------------------------

TEST_CASE("api_key: Authorization: API-KEY <key>; an empty key sends nothing") {
  plugboard::request req;
  fortisoar::api_key("test-key-123").apply(req);
  CHECK(req.headers.get("Authorization") == "API-KEY test-key-123");
  plugboard::request none;
  fortisoar::api_key("").apply(none);
  CHECK_FALSE(none.headers.contains("Authorization"));
}

namespace {

constexpr const char* list_page = R"({"status":"success","totalItems":0,"data":[]})";

password_client_t make_password(mock_transport& mock, std::string password = "p4ss") {
  return password_client_t("https://soar.example.com/prefix",
                           fortisoar::password_auth("csadmin", std::move(password)), mock);
}

}  // namespace

TEST_CASE("password_auth logs in at /auth/authenticate, then sends Bearer <token>") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"token":"jwt-1"})");
  mock.enqueue_json(200, list_page);
  mock.enqueue_json(200, R"({"data":[]})");
  auto c = make_password(mock);
  c.connectors().list_configured();
  c.connectors().dev_list();
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  const auto& login = sent[0];
  CHECK(login.verb == method::post);
  CHECK(login.target == "/prefix/auth/authenticate");  // no /api prefix
  CHECK(login.headers.get("Content-Type") == "application/json");
  CHECK_FALSE(login.headers.contains("Authorization"));
  CHECK(body_json(login) == json{{"credentials", {{"loginid", "csadmin"}, {"password", "p4ss"}}}});
  CHECK(sent[1].headers.get("Authorization") == "Bearer jwt-1");
  CHECK(sent[2].headers.get("Authorization") == "Bearer jwt-1");
  CHECK(c.core().auth().logins() == 1);
}

TEST_CASE("password_auth: on 401 or 403 it logs in again once and the call is replayed once") {
  for (const int status : {401, 403}) {
    mock_transport mock;
    mock.enqueue_json(200, R"({"token":"jwt-1"})");
    mock.enqueue_json(status, R"({"hydra:description":"expired"})");
    mock.enqueue_json(200, R"({"token":"jwt-2"})");
    mock.enqueue_json(200, list_page);
    auto c = make_password(mock);
    CHECK(c.connectors().list_configured().empty());
    const auto sent = mock.requests();
    REQUIRE(sent.size() == 4);
    CHECK(sent[1].headers.get("Authorization") == "Bearer jwt-1");
    CHECK(sent[2].target == "/prefix/auth/authenticate");
    CHECK(sent[3].headers.get("Authorization") == "Bearer jwt-2");
    CHECK(sent[3].target == sent[1].target);
    CHECK(c.core().auth().logins() == 2);
  }
}

TEST_CASE("password_auth: a second 401 is the error; a failed re-login raises the original error") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"token":"jwt-1"})");
  mock.enqueue_json(401, R"({"hydra:description":"expired"})");
  mock.enqueue_json(200, R"({"token":"jwt-2"})");
  mock.enqueue_json(401, R"({"hydra:description":"still no"})");
  auto c = make_password(mock);
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_message() == "still no");
  }
  CHECK(mock.call_count() == 4);

  mock.enqueue_json(403, R"({"hydra:description":"RBAC says no"})");
  mock.enqueue_json(401, R"({"hydra:description":"Validation failed."})");  // the re-login
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 403);
    CHECK(e.service_message() == "RBAC says no");
  }
  CHECK(mock.call_count() == 6);
}

TEST_CASE("password_auth never replays an upload") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"token":"jwt-1"})");
  mock.enqueue_json(401, R"({"hydra:description":"expired"})");
  auto c = make_password(mock);
  CHECK_THROWS_AS(
      c.connectors().install_from_file(fortisoar::connector_archive{"a-1.0.0.tgz", "\x1f\x8b", ""}),
      plugboard::api_error);
  CHECK(mock.call_count() == 2);
  CHECK(c.core().auth().logins() == 1);
  CHECK_FALSE(c.core().auth().has_token());  // the next call logs in first
}

TEST_CASE("password_auth: refused credentials are an api_error with no secret in it") {
  mock_transport mock;
  mock.enqueue_json(
      401,
      R"({"@context":"/api/3/contexts/Error","@type":"Error","hydra:description":"Validation failed.","hydra:title":"An error occurred"})");
  auto c = make_password(mock, std::string(plugboard_test::canary_password));
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_message() == "Validation failed.");
    CHECK(e.request_line() == "POST https://soar.example.com/prefix/auth/authenticate");
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
  }
  CHECK(mock.call_count() == 1);  // the call itself was never sent

  // A server that echoes the password and a token back in an error body.
  mock.enqueue_json(500, std::string(R"({"message":"bad login for )") +
                             std::string(plugboard_test::canary_password) + R"("})");
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
  }
  mock.enqueue_json(
      200, std::string(R"({"token":")") + std::string(plugboard_test::canary_token) + "\"}");
  mock.enqueue_json(404, std::string(R"({"message":"no such thing for token )") +
                             std::string(plugboard_test::canary_token) + R"("})");
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 404);
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
  }
}

TEST_CASE("password_auth: a login reply without a token is a decode_error") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"jwt":"x"})");
  mock.enqueue_json(200, "<html>");
  auto c = make_password(mock);
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "token");
  }
  CHECK_THROWS_AS(c.connectors().dev_list(), plugboard::decode_error);
  CHECK(mock.call_count() == 2);
}

TEST_CASE("password_auth is thread-safe: one login for many threads, one re-login after expiry") {
  mock_transport mock;
  std::atomic<int> issued{0};
  std::atomic<int> valid{1};
  mock.route([&](const plugboard::request& req) -> std::optional<plugboard::response> {
    if (req.path() == "/prefix/auth/authenticate") {
      const int n = ++issued;
      return plugboard_test::json_response(200, R"({"token":"jwt-)" + std::to_string(n) + "\"}");
    }
    if (req.headers.get("Authorization") != "Bearer jwt-" + std::to_string(valid.load())) {
      return plugboard_test::json_response(401, R"({"hydra:description":"expired"})");
    }
    return plugboard_test::json_response(200, R"({"data":[]})");
  });
  auto c = make_password(mock);
  const auto hammer = [&] {
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 10; ++i) {
          try {
            c.connectors().dev_list();
          } catch (...) {
            ++failures;
          }
        }
      });
    }
    for (auto& t : threads) t.join();
    return failures.load();
  };
  CHECK(hammer() == 0);
  CHECK(issued == 1);
  valid = 2;  // the server expires jwt-1; the next login issues jwt-2
  CHECK(hammer() == 0);
  CHECK(issued == 2);
  CHECK(c.core().auth().logins() == 2);
}
