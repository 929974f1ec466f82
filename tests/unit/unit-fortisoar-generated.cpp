// SPDX-License-Identifier: MIT
// FortiSOAR's generated groups (configurations, agent_records, import_jobs:
// specs/fortisoar.yaml) and the hand-written descriptors the document lacks
// (get/update configuration, dependencies_check): the exact request of each
// (method, path with its trailing slash, query, headers, body) and its result.
#include <doctest/doctest.h>

#include <string>

#include "plugboard/fortisoar/client.hpp"
#include "plugboard/fortisoar/configuration_endpoints.hpp"
#include "plugboard/fortisoar/generated/agent_records.hpp"
#include "plugboard/fortisoar/generated/configurations.hpp"
#include "plugboard/fortisoar/generated/import_jobs.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::json;
using plugboard::method;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace fortisoar = plugboard::fortisoar;

namespace {

using client_t = fortisoar::client<mock_transport>;

client_t make(mock_transport& mock) {
  return client_t("https://soar.example.com", fortisoar::api_key("k-123"), mock);
}

void check_request(const plugboard::request& req, method verb, const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.origin == "https://soar.example.com");
  CHECK(req.target == target);
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("Authorization") == "API-KEY k-123");
}

void check_no_body(const plugboard::request& req) {
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

void check_json_body(const plugboard::request& req, const json& expected) {
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(body_json(req) == expected);
}

void enqueue_no_content(mock_transport& mock) { mock.enqueue(plugboard::response{204, {}, ""}); }

}  // namespace

TEST_CASE("configurations: create_configuration POSTs the body to the path with its slash") {
  mock_transport mock;
  mock.enqueue_json(201, R"({"config_id":"c-1","name":"prod","connector":16,"default":false,
    "config":{"server_url":"https://vt","api_key":"NULL"},"status":{"status":"finished"}})");
  auto c = make(mock);
  fortisoar::api::create_configuration_request body;
  body.connector = 16;
  body.name = "prod";
  body.config = {{"server_url", "https://vt"}, {"api_key", "k"}};
  body.default_ = false;
  const json reply = c.configurations().create_configuration(body);
  REQUIRE(mock.call_count() == 1);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/integration/configuration/");
  check_json_body(req, {{"connector", 16},
                        {"name", "prod"},
                        {"default", false},
                        {"config", {{"server_url", "https://vt"}, {"api_key", "k"}}}});
  CHECK(reply["config_id"] == "c-1");
}

TEST_CASE("configurations: create_configuration refuses an empty name before sending") {
  mock_transport mock;
  auto c = make(mock);
  fortisoar::api::create_configuration_request body;
  body.connector = 16;
  CHECK_THROWS_AS(c.configurations().create_configuration(body), plugboard::usage_error);
  CHECK(mock.call_count() == 0);
}

TEST_CASE("configurations: delete_configuration DELETEs the uuid with its slash; 204") {
  mock_transport mock;
  enqueue_no_content(mock);
  auto c = make(mock);
  c.configurations().delete_configuration("c-1");
  const auto req = mock.last_request();
  check_request(req, method::delete_, "/api/integration/configuration/c-1/");
  check_no_body(req);
}

TEST_CASE("agent_records: list, get, create and delete /api/3/agents records") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"@type":"hydra:Collection","hydra:member":[{"uuid":"u-1"}]})");
  mock.enqueue_json(200, R"({"uuid":"u-1","agentId":"hash-1","name":"edge"})");
  mock.enqueue_json(201, R"({"uuid":"u-2","agentId":"hash-2","name":"new"})");
  enqueue_no_content(mock);
  auto c = make(mock);
  auto agents = c.agent_records();
  CHECK(agents.list_agents()["hydra:member"][0]["uuid"] == "u-1");
  CHECK(agents.get_agent("u-1")["agentId"] == "hash-1");
  fortisoar::api::create_agent_request body;
  body.name = "new";
  body.router = "/api/3/routers/r-1";
  body.installer_type = "/api/3/picklists/d9f874be-3068-4282-9aed-100eba51e61b";
  body.description = "docker";
  CHECK(agents.create_agent(body)["uuid"] == "u-2");
  agents.delete_agent("u-2");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 4);
  check_request(sent[0], method::get, "/api/3/agents");
  check_no_body(sent[0]);
  check_request(sent[1], method::get, "/api/3/agents/u-1");
  check_no_body(sent[1]);
  check_request(sent[2], method::post, "/api/3/agents");
  check_json_body(sent[2],
                  {{"name", "new"},
                   {"router", "/api/3/routers/r-1"},
                   {"installerType", "/api/3/picklists/d9f874be-3068-4282-9aed-100eba51e61b"},
                   {"description", "docker"}});
  check_request(sent[3], method::delete_, "/api/3/agents/u-2");
  check_no_body(sent[3]);
}

TEST_CASE("agent_records: create_agent refuses a missing router before sending") {
  mock_transport mock;
  auto c = make(mock);
  fortisoar::api::create_agent_request body;
  body.name = "new";
  body.installer_type = "/api/3/picklists/x";
  CHECK_THROWS_AS(c.agent_records().create_agent(body), plugboard::usage_error);
  CHECK(mock.call_count() == 0);
}

TEST_CASE("agent_records: list_routers and list_connector_agents") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"hydra:member":[{"@id":"/api/3/routers/r-1"}]})");
  mock.enqueue_json(200, R"([{"agent":"hash-1","status":"Completed"}])");
  auto c = make(mock);
  CHECK(c.agent_records().list_routers()["hydra:member"][0]["@id"] == "/api/3/routers/r-1");
  c.agent_records().list_connector_agents("hello-world", "1.0.4");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  check_request(sent[0], method::get, "/api/3/routers");
  check_request(sent[1], method::get, "/api/integration/connectors/agents/hello-world/1.0.4/");
  check_no_body(sent[1]);
}

TEST_CASE("agent_records: download_agent_installer POSTs with ?format=json and keeps the bytes") {
  mock_transport mock;
  plugboard::http_headers headers;
  headers.set("Content-Type", "application/octet-stream");
  const std::string installer("#!/bin/sh\0\x01\xff payload", 19);
  mock.enqueue(plugboard::response{200, headers, installer});
  auto c = make(mock);
  fortisoar::api::download_agent_installer_request body;
  body.agent = "hash-1";
  body.connectors = std::vector<std::string>{};
  body.include_last_known_configurations = false;
  const std::string got = c.agent_records().download_agent_installer(body, std::string("json"));
  CHECK(got == installer);
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/integration/agent-installer/?format=json");
  check_json_body(req, {{"agent", "hash-1"},
                        {"connectors", json::array()},
                        {"include_last_known_configurations", false}});
}

TEST_CASE("import_jobs: create_import_job POSTs type (default Import Wizard), file and options") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"@id":"/api/3/import_jobs/j-1","uuid":"j-1","status":"Queued"})");
  auto c = make(mock);
  fortisoar::api::create_import_job_request body;
  body.file = "/api/3/files/f-1";
  body.options = {{"playbooks", {{"include", true}}}};
  CHECK(c.import_jobs().create_import_job(body)["uuid"] == "j-1");
  const auto req = mock.last_request();
  check_request(req, method::post, "/api/3/import_jobs");
  check_json_body(req, {{"type", "Import Wizard"},
                        {"file", "/api/3/files/f-1"},
                        {"options", {{"playbooks", {{"include", true}}}}}});
}

TEST_CASE("hand-written: get_configuration, update_configuration and dependencies_check") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"id":7,"config_id":"c-1","name":"prod","default":false,"status":1,
    "config":{"server_url":"https://vt"},"connector":16,"agent":"hash-1","teams":[]})");
  mock.enqueue_json(200, R"({"config_id":"c-1","name":"prod","default":true,
    "status":{"status":"finished","message":"ok"},"config":{"server_url":"https://vt"}})");
  mock.enqueue_json(200, R"({"dependencies_installed":true,"message":"All installed"})");
  auto c = make(mock);
  auto& core = c.core();
  auto record = core.call(fortisoar::endpoints::get_configuration{"c-1"});
  CHECK(record.name == "prod");
  CHECK(record.connector == 16);
  record.is_default = true;
  const auto saved = core.call(fortisoar::endpoints::update_configuration{"c-1", record});
  CHECK(saved.is_default);
  CHECK(saved.status.is_object());  // 8.0's envelope is accepted
  const auto deps = core.call(fortisoar::endpoints::dependencies_check{"hello-world", "1.0.4"});
  CHECK(deps.dependencies_installed == true);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_request(sent[0], method::get, "/api/integration/configuration/c-1/");
  check_no_body(sent[0]);
  check_request(sent[1], method::put, "/api/integration/configuration/c-1/");
  check_json_body(sent[1], {{"id", 7},
                            {"config_id", "c-1"},
                            {"name", "prod"},
                            {"default", true},
                            {"status", 1},
                            {"config", {{"server_url", "https://vt"}}},
                            {"connector", 16},
                            {"agent", "hash-1"},
                            {"teams", json::array()}});
  check_request(sent[2], method::get,
                "/api/integration/connectors/dependencies_check/hello-world/1.0.4/");
}
