// FortiSOAR over real HTTP: the agent calls, and username/password auth
// against the sandbox (login, re-login after the token expires, refused
// credentials, many threads at once), with no secret in any message or log.
#include <doctest/doctest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
#include "plugboard/sandbox/fortisoar.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::sandbox::fortisoar_fake;
namespace fortisoar = plugboard::fortisoar;

namespace {

using password_client = fortisoar::client<plugboard::http_transport, fortisoar::password_auth>;

struct fixture {
  plugboard::sandbox::server server;
  fortisoar_fake& fake;
  password_client soar;

  explicit fixture(fortisoar_fake::settings s = {})
      : fake(server.mount<fortisoar_fake>("/fortisoar", s)),
        soar(server.url("/fortisoar"), fortisoar::password_auth(s.username, s.password)) {}

  std::vector<std::string> targets() const {
    std::vector<std::string> out;
    for (const auto& r : server.requests()) {
      out.push_back(r.method + " " + r.target.substr(10) + " " + std::to_string(r.status));
    }
    return out;
  }
};

fortisoar_fake::settings canary_settings() {
  fortisoar_fake::settings s;
  s.password = std::string(plugboard_test::canary_password);
  s.token_prefix = std::string(plugboard_test::canary_token) + "-";
  s.api_key = std::string(plugboard_test::canary_key);
  return s;
}

}  // namespace

TEST_CASE("agents: heartbeat, then install, upgrade and uninstall a connector on an agent") {
  fixture f;
  auto agents = f.soar.agents();
  const std::string edge = fortisoar_fake::edge_agent;

  const auto beat = agents.heartbeat(edge);
  CHECK(beat.agent == edge);
  CHECK(beat.status == "alive");
  CHECK(beat.latency_ms == 42);
  f.fake.set_agent_alive(edge, false);
  CHECK(agents.heartbeat(edge).status == "unreachable");

  const auto installed = agents.install_connector(edge, {"cyops_utilities", "3.7.1"});
  CHECK(installed.ok());
  CHECK(installed.result == "Success");
  CHECK(f.fake.agent_connectors(edge) ==
        std::map<std::string, std::string>{{"cyops_utilities", "3.7.1"}});
  const auto sent = json::parse(f.server.requests().back().body);
  CHECK(sent["agent"] == json{edge});
  CHECK(sent["label"] == "cyops_utilities");
  CHECK(f.targets().back() == "POST /api/integration/install-connector/?format=json 200");

  const auto upgraded = agents.upgrade_connector(edge, {"cyops_utilities", "3.7.2"});
  CHECK(upgraded.ok());
  CHECK(upgraded.data["version"] == "3.7.2");
  CHECK(f.fake.agent_connectors(edge).at("cyops_utilities") == "3.7.2");
  CHECK(f.targets().back() == "PUT /api/integration/install-connector/?format=json 200");

  const auto removed = agents.uninstall_connector(edge, {"cyops_utilities", "3.7.2"});
  CHECK(removed.ok());
  CHECK(removed.message == "Uninstall accepted");
  CHECK(f.fake.agent_connectors(edge).empty());
  CHECK(f.targets().back() == "DELETE /api/integration/install-connector/?format=json 200");
  CHECK(json::parse(f.server.requests().back().body) ==
        json{{"name", "cyops_utilities"}, {"version", "3.7.2"}, {"agent_id", edge}});
}

TEST_CASE("agents: unknown agents and versions are api errors; an empty agent id sends nothing") {
  fixture f;
  auto agents = f.soar.agents();
  const auto status_of = [](auto&& call) {
    try {
      call();
    } catch (const plugboard::api_error& e) {
      return e.status();
    }
    return 0;
  };
  CHECK(status_of([&] { agents.heartbeat("no-such-agent"); }) == 404);
  CHECK(status_of([&] {
          agents.install_connector(fortisoar_fake::edge_agent, {"cyops_utilities", "0.0.1"});
        }) == 500);  // an unknown version: a bare 500, as on the real server
  CHECK(status_of([&] {
          agents.upgrade_connector(fortisoar_fake::edge_agent, {"cyops_utilities", "3.7.2"});
        }) == 404);  // not installed there
  CHECK(status_of([&] {
          agents.uninstall_connector(fortisoar_fake::edge_agent, {"x", "1"});
        }) == 404);
  const auto before = f.server.request_count();
  CHECK_THROWS_AS(agents.heartbeat(""), plugboard::usage_error);
  CHECK_THROWS_AS(agents.install_connector("", {"cyops_utilities", "3.7.1"}),
                  plugboard::usage_error);
  CHECK_THROWS_AS(agents.upgrade_connector("", {"cyops_utilities", "3.7.1"}),
                  plugboard::usage_error);
  CHECK_THROWS_AS(agents.uninstall_connector("", {"cyops_utilities", "3.7.1"}),
                  plugboard::usage_error);
  CHECK(f.server.request_count() == before);
}

TEST_CASE(
    "password auth: one login, then Bearer; after the token expires, one re-login and a replay") {
  fixture f;
  auto api = f.soar.connectors();
  CHECK(api.list_configured().size() == 6);
  CHECK(api.dev_list().size() == 1);
  CHECK(f.fake.logins() == 1);
  CHECK(f.targets() ==
        std::vector<std::string>{"POST /auth/authenticate 200",
                                 "GET /api/integration/connectors/?page=1&page_size=100 200",
                                 "GET /api/integration/connector/development/entity/ 200"});
  CHECK(f.server.requests()[1].headers.get("Authorization") == "[REDACTED]");

  f.fake.expire_tokens();
  f.server.clear_requests();
  CHECK(api.healthcheck("virustotal").available());
  CHECK(f.fake.logins() == 2);
  CHECK(f.soar.core().auth().logins() == 2);
  CHECK(f.targets() == std::vector<std::string>{
                           "GET /api/integration/connectors/healthcheck/virustotal/3.1.0/ 401",
                           "POST /auth/authenticate 200",
                           "GET /api/integration/connectors/healthcheck/virustotal/3.1.0/ 200"});
}

TEST_CASE("password auth: an upload is not replayed after the token expires") {
  fixture f;
  f.soar.connectors().dev_list();
  f.fake.expire_tokens();
  const std::string bytes = std::string("\x1f\x8b", 2) + "archive";
  try {
    f.soar.connectors().install_from_file(
        fortisoar::connector_archive{"late-1.0.0.tgz", bytes, ""});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
  }
  CHECK(f.fake.logins() == 1);
  CHECK(f.targets().back() == "POST /api/3/solutionpacks/install?$type=connector 401");
  // The token was dropped: the next upload logs in first and goes through.
  CHECK(f.soar.connectors()
            .install_from_file(fortisoar::connector_archive{"late-1.0.0.tgz", bytes, ""})
            .response.name == "late");
  CHECK(f.fake.logins() == 2);
}

TEST_CASE("password auth: wrong credentials are a 401 with no secret in the error or the log") {
  fixture f(canary_settings());
  password_client wrong(
      f.server.url("/fortisoar"),
      fortisoar::password_auth("csadmin", std::string(plugboard_test::canary_password) + "x"));
  try {
    wrong.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_message() == "Validation failed.");
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
  }
  CHECK(f.fake.logins() == 0);

  // The right password works, and neither it nor the token shows up anywhere.
  password_client right(
      f.server.url("/fortisoar"),
      fortisoar::password_auth("csadmin", std::string(plugboard_test::canary_password)));
  CHECK(right.connectors().dev_list().size() == 1);
  try {
    right.connectors().connector_detail("acme");
    FAIL("no error");
  } catch (const plugboard::usage_error& e) {
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
  }
  try {
    right.agents().heartbeat("nobody");
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
  }
  for (const auto& logged : f.server.requests()) {
    CHECK_FALSE(plugboard_test::mentions_canary(logged.body));
    CHECK_FALSE(plugboard_test::mentions_canary(logged.target));
    for (const auto& header : logged.headers)
      CHECK_FALSE(plugboard_test::mentions_canary(header.second));
  }
}

TEST_CASE("the API key scheme works against the same sandbox") {
  fixture f(canary_settings());
  fortisoar::client<> keyed(f.server.url("/fortisoar"),
                            fortisoar::api_key(std::string(plugboard_test::canary_key)));
  CHECK(keyed.connectors().resolve_version("smtp") == "2.6.0");
  CHECK(f.fake.logins() == 0);
  fortisoar::client<> wrong(f.server.url("/fortisoar"),
                            fortisoar::api_key(std::string(plugboard_test::canary_key) + "x"));
  try {
    wrong.agents().heartbeat(fortisoar_fake::edge_agent);
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
  }
}

TEST_CASE("password auth from many threads: one login, one re-login after expiry") {
  fixture f;
  auto api = f.soar.connectors();
  const auto hammer = [&] {
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 10; ++i) {
          try {
            if (api.dev_list().size() != 1) ++failures;
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
  CHECK(f.fake.logins() == 1);
  f.fake.expire_tokens();
  CHECK(hammer() == 0);
  CHECK(f.fake.logins() == 2);
}

TEST_CASE("the name cache is shared safely between threads") {
  fixture f;
  auto api = f.soar.connectors();
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        if (t == 0 && i % 3 == 0) api.clear_cache();
        if (api.resolve_version("virustotal") != "3.1.0") ++wrong;
        if (api.resolve_connector_id("smtp") != 3) ++wrong;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(wrong == 0);
}
