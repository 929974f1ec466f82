// SPDX-License-Identifier: MIT
// FortiSOAR configuration flows and the generated operations over real HTTP
// against the sandbox on 127.0.0.1: create, ensure_configured twice (the
// second sends no write), set the default keeping secrets (and refusing to
// send "NULL" back), a validation failure, strict names and blank records,
// healthcheck_all, ensure_version on a fake clock, agent records, the
// installer, import jobs, and the fake's checks against FortiSOAR's document.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
#include "plugboard/fortisoar/configurations.hpp"
#include "plugboard/fortisoar/connector_introspection.hpp"
#include "plugboard/fortisoar/fleet_health.hpp"
#include "plugboard/fortisoar/generated/agent_records.hpp"
#include "plugboard/fortisoar/generated/import_jobs.hpp"
#include "plugboard/sandbox/fortisoar.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "support/fortisoar_fixture.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::sandbox::fortisoar_fake;
namespace fortisoar = plugboard::fortisoar;

namespace {

using fixture = plugboard_test::fortisoar_fixture;

// A POST the client never builds: a body the document refuses.
struct raw_create_agent {
  json body;
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/api/3/agents";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::body_param(&raw_create_agent::body));
  }
  using result = json;
};

const json secret_config = {{"server_url", "https://vt.example"}, {"api_key", "s3cret"}};

}  // namespace

TEST_CASE("create, ensure_configured twice, set the default: secrets survive every write") {
  fixture f;
  // Create: validated and completed with defaults; the secret is echoed as "NULL".
  const auto made = fortisoar::create_configuration(f.soar, "virustotal", "prod", secret_config);
  CHECK(made.config["api_key"] == "NULL");
  CHECK(made.connector_name == "virustotal");
  REQUIRE(f.fake.stored_config(made.config_id).has_value());
  CHECK(*f.fake.stored_config(made.config_id) == json{{"server_url", "https://vt.example"},
                                                      {"api_key", "s3cret"},
                                                      {"verify_ssl", true},
                                                      {"auth_mode", "api_key"}});

  // ensure_configured: the first call updates what differs, the second writes nothing.
  const json wanted = {{"server_url", "https://vt2.example"}, {"api_key", "s3cret"}};
  const int before = f.fake.configuration_writes();
  const auto first = fortisoar::ensure_configured(f.soar, "virustotal", "prod", wanted);
  CHECK(first.outcome == fortisoar::ensure_outcome::updated);
  CHECK(f.fake.configuration_writes() == before + 1);
  const auto second = fortisoar::ensure_configured(f.soar, "virustotal", "prod", wanted);
  CHECK(second.outcome == fortisoar::ensure_outcome::unchanged);
  CHECK(f.fake.configuration_writes() == before + 1);
  CHECK((*f.fake.stored_config(made.config_id))["api_key"] == "s3cret");
  CHECK((*f.fake.stored_config(made.config_id))["server_url"] == "https://vt2.example");

  // A new one through ensure_configured is a create.
  const auto created = fortisoar::ensure_configured(f.soar, "virustotal", "staging", secret_config);
  CHECK(created.outcome == fortisoar::ensure_outcome::created);

  // Set the default: read whole, PUT whole; the secret is kept.
  const auto now_default = fortisoar::set_default_configuration(f.soar, "virustotal", "prod");
  CHECK(now_default.is_default);
  CHECK((*f.fake.stored_config(made.config_id))["api_key"] == "s3cret");
  CHECK(fortisoar::resolve_configuration(f.soar, "virustotal").name == "prod");
  const auto record = fortisoar::get_configuration(f.soar, made.config_id);
  CHECK(record.is_default);
  CHECK(record.config["api_key"] != "s3cret");  // answered encrypted, never in clear
}

TEST_CASE("with masked secrets, set default refuses to send \"NULL\" unless given the value") {
  fixture f;
  const auto made = fortisoar::create_configuration(f.soar, "virustotal", "prod", secret_config);
  f.fake.set_mask_secrets(true);
  const int before = f.fake.configuration_writes();
  CHECK_THROWS_AS(fortisoar::set_default_configuration(f.soar, "virustotal", "prod"),
                  fortisoar::masked_secrets_error);
  CHECK(f.fake.configuration_writes() == before);
  CHECK((*f.fake.stored_config(made.config_id))["api_key"] == "s3cret");

  fortisoar::set_default_options given;
  given.secrets = {{"api_key", "rotated"}};
  fortisoar::set_default_configuration(f.soar, "virustotal", "prod", given);
  CHECK((*f.fake.stored_config(made.config_id))["api_key"] == "rotated");

  // What the flow protects against: a PUT of the masked record stores "NULL".
  auto masked = f.soar.core().call(fortisoar::endpoints::get_configuration{made.config_id});
  CHECK(masked.config["api_key"] == "NULL");
  f.soar.core().call(fortisoar::endpoints::update_configuration{made.config_id, masked});
  CHECK((*f.fake.stored_config(made.config_id))["api_key"] == "NULL");
}

TEST_CASE(
    "validation failures, unknown names and blank records are typed errors; nothing is written") {
  fixture f;
  const int before = f.fake.configuration_writes();
  try {
    fortisoar::create_configuration(f.soar, "virustotal", "proxied",
                                    {{"api_key", "k"}, {"auth_mode", "proxy"}, {"colour", "red"}});
    FAIL("expected config_validation_error");
  } catch (const fortisoar::config_validation_error& e) {
    CHECK(e.missing() == std::vector<std::string>{"server_url", "proxy_url"});  // "" by default
    CHECK(e.unknown() == std::vector<std::string>{"colour"});
  }
  CHECK_THROWS_AS(
      fortisoar::create_configuration(f.soar, "virustotal", "bad", {{"auth_mode", "sso"}}),
      fortisoar::config_validation_error);
  CHECK(f.fake.configuration_writes() == before);

  CHECK_THROWS_AS(fortisoar::set_default_configuration(f.soar, "virustotal", "Prod"),
                  fortisoar::configuration_not_found);
  CHECK_THROWS_AS(fortisoar::get_configuration(f.soar, "no-such-config"),
                  fortisoar::configuration_not_found);  // the server answers a blank 200
  CHECK_THROWS_AS(fortisoar::resolve_configuration(f.soar, "fortigate"),
                  fortisoar::configuration_not_found);
  const auto check = fortisoar::validate_config(f.soar, "virustotal", {{"server_url", ""}});
  CHECK(check.missing == std::vector<std::string>{"server_url", "api_key", "auth_mode"});

  // The server's own rules: a duplicate name, a name-only body.
  fortisoar::create_configuration(f.soar, "virustotal", "dup", secret_config);
  try {
    fortisoar::create_configuration(f.soar, "virustotal", "dup", secret_config);
    FAIL("expected api_error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.service_message().find("unique") != std::string::npos);
  }
  const auto listed = f.soar.connectors().list_configured(true);
  CHECK(listed.size() == 6);
}

TEST_CASE("healthcheck_all, ensure_version, dependencies and output schema") {
  fixture f;
  const auto health = fortisoar::healthcheck_all(f.soar);
  REQUIRE(health.connectors.size() == 6);
  CHECK(health.healthy_count() == 4);  // smtp, code-snippet, virustotal, mitre-attack
  CHECK(health.unhealthy() == std::vector<std::string>{"fortigate", "fortinet-fortisiem"});

  CHECK(fortisoar::ensure_version(f.soar, "virustotal", "3.1.0").outcome ==
        fortisoar::version_outcome::already);
  fortisoar::ensure_version_options how;
  how.interval = 1s;
  const auto upgraded = fortisoar::ensure_version(f.soar, "virustotal", "3.2.1", how);
  CHECK(upgraded.outcome == fortisoar::version_outcome::upgraded);
  CHECK(upgraded.previous_version == "3.1.0");
  CHECK(f.fake.installed_version("virustotal") == "3.2.1");
  CHECK(f.clock.sleeps().size() == 3);  // 4 polls, 1 s apart, on the fake clock
  const auto fresh = fortisoar::ensure_version(f.soar, "abuseipdb", "2.0.0", how);
  CHECK(fresh.outcome == fortisoar::version_outcome::installed);
  f.fake.fail_installs_of("cyops_utilities");
  CHECK(fortisoar::ensure_version(f.soar, "cyops_utilities", "3.7.1", how).outcome ==
        fortisoar::version_outcome::failed);

  CHECK(fortisoar::dependencies_check(f.soar, "smtp", "2.6.0").dependencies_installed == true);
  CHECK_THROWS_AS(fortisoar::dependencies_check(f.soar, "smtp", "9.9.9"), plugboard::api_error);
  CHECK(fortisoar::operation_output_schema(f.soar, "smtp", "send_email").is_object());
  CHECK_THROWS_AS(fortisoar::operation_output_schema(f.soar, "smtp", "nope"),
                  plugboard::usage_error);
}

// healthcheck_all over real HTTP: each check held back by an injected delay,
// so checks sent together overlap at the server (its peak of requests in
// progress), and the summary still follows the listing.
TEST_CASE("healthcheck_all: checks overlap with parallel > 1, the summary in listing order") {
  using plugboard::sandbox::fault;
  const std::string checks = "/fortisoar/api/integration/connectors/healthcheck/";
  std::vector<std::string> listed;
  {
    fixture f;
    for (const auto& row : f.soar.connectors().list_configured()) listed.push_back(row.name);
  }
  REQUIRE(listed.size() == 6);

  for (const std::size_t parallel : {std::size_t{1}, std::size_t{3}}) {
    CAPTURE(parallel);
    fixture f;
    // smtp's check answers 500 (the first fault matching its path), every
    // other one answers normally after 150 ms.
    f.server.inject(fault::http_status(500).on(checks + "smtp/"));
    f.server.inject(fault::delay(std::chrono::milliseconds(150)).on(checks).times(5));
    fortisoar::healthcheck_all_options how;
    how.parallel = parallel;
    const auto started = std::chrono::steady_clock::now();
    const auto health = fortisoar::healthcheck_all(f.soar, how);
    const auto took = std::chrono::steady_clock::now() - started;

    REQUIRE(health.connectors.size() == listed.size());
    for (std::size_t i = 0; i < listed.size(); ++i) {
      CHECK(health.connectors[i].name == listed[i]);
      CHECK_FALSE(health.connectors[i].version.empty());
    }
    std::vector<std::string> unhealthy = health.unhealthy();
    std::sort(unhealthy.begin(), unhealthy.end());
    CHECK(unhealthy == std::vector<std::string>{"fortigate", "fortinet-fortisiem", "smtp"});
    for (const auto& c : health.connectors) {
      if (c.name == "smtp") {
        CHECK(c.status == "error");
        CHECK(c.http_status == 500);
      } else if (c.name == "fortigate" || c.name == "fortinet-fortisiem") {
        CHECK(c.status == "no-config");
        CHECK(c.http_status == 404);
      } else {
        CHECK(c.healthy);
        CHECK(c.status == "Available");
        CHECK_FALSE(c.http_status.has_value());
      }
    }
    CHECK(f.server.request_count() == 1 + listed.size());
    if (parallel == 1) {
      CHECK(f.server.peak_concurrent_requests() == 1);
      CHECK(took >= std::chrono::milliseconds(5 * 150));
    } else {
      CHECK(f.server.peak_concurrent_requests() >= 2);
      CHECK(f.server.peak_concurrent_requests() <= parallel);
    }
  }
}

TEST_CASE("healthcheck_all: a broken connection ends the call; the deadline covers every check") {
  using plugboard::sandbox::fault;
  const std::string checks = "/fortisoar/api/integration/connectors/healthcheck/";
  {
    fixture f;
    f.server.inject(fault::drop_connection().on(checks + "virustotal/"));
    fortisoar::healthcheck_all_options how;
    how.parallel = 3;
    CHECK_THROWS_AS(fortisoar::healthcheck_all(f.soar, how), plugboard::transport_error);
    CHECK(f.server.request_count() <= 7);
  }
  {
    // Every check held 400 ms, one at a time, under a 1 s timeout: the call
    // ends with the deadline instead of taking 2.4 s. (On the real clock:
    // the fixture's fake clock would never reach a deadline.)
    fixture f;
    fortisoar::client<> soar(f.server.url("/fortisoar"), fortisoar::api_key("sandbox-api-key"));
    f.server.inject(fault::delay(std::chrono::milliseconds(400)).on(checks).times(6));
    fortisoar::healthcheck_all_options how;
    how.parallel = 1;
    plugboard::call_options within;
    within.timeout = std::chrono::milliseconds(1000);
    const auto started = std::chrono::steady_clock::now();
    try {
      fortisoar::healthcheck_all(soar, how, within);
      FAIL("expected the deadline");
    } catch (const plugboard::transport_error& e) {
      CHECK((e.failure() == plugboard::transport_failure::deadline ||
             e.failure() == plugboard::transport_failure::read_timeout));
    }
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::milliseconds(2000));
    CHECK(f.server.request_count() < 7);
  }
}

TEST_CASE("generated groups against the fake: agent records, installer, import jobs, delete") {
  fixture f;
  auto agents = f.soar.agent_records();
  const json routers = agents.list_routers();
  const auto router = routers["hydra:member"][0]["@id"].get<std::string>();
  fortisoar::api::create_agent_request body;
  body.name = "edge-2";
  body.router = router;
  body.installer_type = "/api/3/picklists/d9f874be-3068-4282-9aed-100eba51e61b";
  const json made = agents.create_agent(body);
  const auto uuid = made["uuid"].get<std::string>();
  CHECK(agents.get_agent(uuid)["name"] == "edge-2");
  CHECK(agents.list_agents()["hydra:member"].size() == 3);

  fortisoar::api::download_agent_installer_request installer;
  installer.agent = made["agentId"].get<std::string>();
  const std::string bytes = agents.download_agent_installer(installer, std::string("json"));
  CHECK(bytes.size() > 1024);
  CHECK(bytes.rfind("#!/bin/sh", 0) == 0);

  agents.delete_agent(uuid);
  CHECK_THROWS_AS(agents.get_agent(uuid), plugboard::api_error);

  agents.list_connector_agents("smtp", "2.6.0");  // the document gives its 200 no body

  fortisoar::api::create_import_job_request job;
  job.file = "/api/3/files/f-1";
  const json queued = f.soar.import_jobs().create_import_job(job);
  CHECK(queued["status"] == "Queued");
  const auto polled = f.soar.connectors().install_status(queued["uuid"].get<std::string>());
  CHECK(polled.status == "Import In Progress");

  const auto made_config = fortisoar::create_configuration(
      f.soar, "smtp", "relay", {{"server_url", "smtp://x"}, {"api_key", "k"}});
  fortisoar::delete_configuration(f.soar, made_config.config_id);
  CHECK_FALSE(f.fake.stored_config(made_config.config_id).has_value());

  // The fake checks request bodies against FortiSOAR's document.
  try {
    f.soar.core().call(raw_create_agent{{{"name", "x"}, {"router", router}}});
    FAIL("expected api_error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.service_message().find("does not match") != std::string::npos);
  }
}
