// SPDX-License-Identifier: MIT
// FortiSOAR's configuration flows (fortisoar/configurations.hpp),
// validate_config (config_validation.hpp), healthcheck_all and
// ensure_version (fleet_health.hpp), operation_output_schema: the requests
// each sends, in order, and the typed errors; mock_transport only.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/core/policies.hpp"
#include "plugboard/fortisoar/client.hpp"
#include "plugboard/fortisoar/config_validation.hpp"
#include "plugboard/fortisoar/configurations.hpp"
#include "plugboard/fortisoar/connector_introspection.hpp"
#include "plugboard/fortisoar/fleet_health.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::method;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;
using plugboard_test::body_json;
namespace fortisoar = plugboard::fortisoar;

namespace {

using client_t = fortisoar::client<mock_transport>;

client_t make(mock_transport& mock,
              plugboard::client_options options = "https://soar.example.com") {
  return client_t(std::move(options), fortisoar::api_key("k-123"), mock);
}

constexpr const char* list_target = "/api/integration/connectors/?page=1&page_size=100";

// The listing: configurations carry no values (config is null there).
constexpr const char* listing = R"({"status":"success","totalItems":2,"data":[
  {"id":16,"name":"virustotal","version":"3.1.0",
   "configuration":[{"id":1,"config_id":"vt-default","name":"Default","default":true,"config":null},
                    {"id":2,"config_id":"vt-alt","name":"Alt","default":false,"config":null}]},
  {"id":22,"name":"fortigate","version":"2.0.0","configuration":[]}]})";

// virustotal's detail: its configuration fields, FortiSOAR's own format.
constexpr const char* detail = R"({"id":16,"name":"virustotal","version":"3.1.0",
  "operations":[{"operation":"get_reputation_ip","output_schema":{"data":{"attributes":""}}},
                {"operation":"get_reputation_domain","output_schema":{}}],
  "config_schema":{"fields":[
    {"name":"server_url","title":"Server URL","type":"text","required":true,"value":"https://vt"},
    {"name":"api_key","title":"API Key","type":"password","required":true},
    {"name":"mode","title":"Mode","type":"select","required":true,"value":"basic",
     "options":["basic","advanced"],
     "onchange":{"advanced":[{"name":"timeout","title":"Timeout","type":"integer","required":true}]}},
    {"name":"verify_ssl","title":"Verify SSL","type":"checkbox","required":false,"value":true}]}})";

constexpr const char* alt_record = R"({"id":2,"config_id":"vt-alt","name":"Alt","default":false,
  "status":1,"connector":16,"agent":"hash-1","teams":[],
  "config":{"server_url":"https://vt","api_key":"ENC.0x1.secret","mode":"basic","verify_ssl":true}})";

void check_target(const plugboard::request& req, method verb, const std::string& target) {
  CHECK(req.verb == verb);
  CHECK(req.target == target);
  CHECK(req.headers.get("Authorization") == "API-KEY k-123");
}

json fields() { return json::parse(detail)["config_schema"]["fields"]; }

}  // namespace

// ---- set the default without wiping secrets ---------------------------------------------

TEST_CASE("set_default_configuration reads the full record and PUTs it whole, secrets kept") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, alt_record);
  mock.enqueue_json(200, R"({"config_id":"vt-alt","name":"Alt","default":true,
    "status":{"status":"finished","message":"saved"}})");
  auto c = make(mock);
  const auto saved = fortisoar::set_default_configuration(c, "virustotal", "Alt");
  CHECK(saved.is_default);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_target(sent[0], method::get, list_target);
  check_target(sent[1], method::get, "/api/integration/configuration/vt-alt/");
  check_target(sent[2], method::put, "/api/integration/configuration/vt-alt/");
  CHECK(body_json(sent[2]) == json{{"id", 2},
                                   {"config_id", "vt-alt"},
                                   {"name", "Alt"},
                                   {"default", true},
                                   {"status", 1},
                                   {"connector", 16},
                                   {"agent", "hash-1"},
                                   {"teams", json::array()},
                                   {"config",
                                    {{"server_url", "https://vt"},
                                     {"api_key", "ENC.0x1.secret"},
                                     {"mode", "basic"},
                                     {"verify_ssl", true}}}});
}

TEST_CASE("set_default_configuration never sends a \"NULL\" placeholder back") {
  mock_transport mock;
  auto c = make(mock);
  json masked = json::parse(alt_record);
  masked["config"]["api_key"] = "NULL";
  masked["status"] = {{"status", "finished"}};  // 8.0's envelope: sent back as 1

  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, masked.dump());
  try {
    fortisoar::set_default_configuration(c, "virustotal", "Alt");
    FAIL("expected masked_secrets_error");
  } catch (const fortisoar::masked_secrets_error& e) {
    CHECK(e.fields() == std::vector<std::string>{"api_key"});
    CHECK(std::string(e.what()).find("api_key") != std::string::npos);
  }
  CHECK(mock.call_count() == 2);  // no PUT

  mock.clear();
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, masked.dump());
  mock.enqueue_json(200, R"({"config_id":"vt-alt","name":"Alt","default":true})");
  fortisoar::set_default_options given;
  given.secrets = {{"api_key", "the-real-key"}};
  fortisoar::set_default_configuration(c, "virustotal", "Alt", given);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  const json put = body_json(sent[2]);
  CHECK(put["config"]["api_key"] == "the-real-key");
  CHECK(put["status"] == 1);
  CHECK(put["default"] == true);
}

TEST_CASE("set_default_configuration: an unknown name is an error naming the ones there are") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  auto c = make(mock);
  try {
    fortisoar::set_default_configuration(c, "virustotal", "Prod");
    FAIL("expected configuration_not_found");
  } catch (const fortisoar::configuration_not_found& e) {
    CHECK(e.connector() == "virustotal");
    CHECK(e.name() == "Prod");
    CHECK(e.available() == std::vector<std::string>{"Default", "Alt"});
    CHECK(std::string(e.what()).find("Default, Alt") != std::string::npos);
  }
  CHECK(mock.call_count() == 1);
}

TEST_CASE("set_default_configuration on the default already writes nothing") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  json record = json::parse(alt_record);
  record["config_id"] = "vt-default";
  record["name"] = "Default";
  record["default"] = true;
  mock.enqueue_json(200, record.dump());
  auto c = make(mock);
  CHECK(fortisoar::set_default_configuration(c, "virustotal", "Default").is_default);
  CHECK(mock.call_count() == 2);
}

// ---- strict resolution and blank records -------------------------------------------------

TEST_CASE("get_configuration: the blank 200 for an unknown id is configuration_not_found") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"config":{},"name":"","config_id":""})");
  auto c = make(mock);
  CHECK_THROWS_AS(fortisoar::get_configuration(c, "no-such"), fortisoar::configuration_not_found);
  check_target(mock.last_request(), method::get, "/api/integration/configuration/no-such/");
  mock.enqueue_json(200, R"({"id":null,"name":null,"config_id":null,"config":null})");
  CHECK_THROWS_AS(fortisoar::get_configuration(c, "Default"), fortisoar::configuration_not_found);
  mock.enqueue_json(200, alt_record);
  CHECK(fortisoar::get_configuration(c, "vt-alt").config["api_key"] == "ENC.0x1.secret");
}

TEST_CASE("resolve_configuration: exact name, else error; without a name the default") {
  mock_transport mock;
  mock.route(method::get, "/api/integration/connectors/",
             plugboard_test::json_response(200, listing));
  auto c = make(mock);
  CHECK(fortisoar::resolve_configuration(c, "virustotal", std::string("Alt")).config_id ==
        "vt-alt");
  CHECK(fortisoar::resolve_configuration(c, "virustotal").config_id == "vt-default");
  CHECK_THROWS_AS(fortisoar::resolve_configuration(c, "virustotal", std::string("alt")),
                  fortisoar::configuration_not_found);  // case-sensitive, no fallback
  CHECK_THROWS_AS(fortisoar::resolve_configuration(c, "fortigate"),
                  fortisoar::configuration_not_found);  // no configuration at all
  CHECK_THROWS_AS(fortisoar::resolve_configuration(c, "nope"), plugboard::usage_error);
}

TEST_CASE("with return_errors an unknown configuration is a returned usage error") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  fortisoar::client<mock_transport, plugboard::with_errors<plugboard::return_errors>> c(
      "https://soar.example.com", fortisoar::api_key("k-123"), mock);
  const auto out = fortisoar::set_default_configuration(c, "virustotal", "Prod");
  REQUIRE_FALSE(out.ok());
  CHECK(out.error().kind() == plugboard::error_kind::usage);
}

// return_errors keeps the typed errors whole: as<E>() finds them with their
// fields, raise() throws them as themselves.
TEST_CASE("with return_errors the configuration errors keep their type and fields") {
  using returning_t =
      fortisoar::client<mock_transport, plugboard::with_errors<plugboard::return_errors>>;
  mock_transport mock;
  returning_t c("https://soar.example.com", fortisoar::api_key("k-123"), mock);

  SUBCASE("masked secrets: masked_secrets_error, nothing PUT") {
    json masked = json::parse(alt_record);
    masked["config"]["api_key"] = "NULL";
    mock.enqueue_json(200, listing);
    mock.enqueue_json(200, masked.dump());
    const auto out = fortisoar::set_default_configuration(c, "virustotal", "Alt");
    REQUIRE_FALSE(out.ok());
    const auto* e = out.error().as<fortisoar::masked_secrets_error>();
    REQUIRE(e != nullptr);
    CHECK(e->fields() == std::vector<std::string>{"api_key"});
    CHECK(out.error().as<fortisoar::configuration_not_found>() == nullptr);
    REQUIRE(out.error().as<plugboard::usage_error>() != nullptr);
    CHECK(out.error().as<plugboard::usage_error>()->argument() == "secrets");
    CHECK_THROWS_AS(out.error().raise(), fortisoar::masked_secrets_error);
    const auto sent = mock.requests();
    REQUIRE(sent.size() == 2);
    check_target(sent[0], method::get, list_target);
    check_target(sent[1], method::get, "/api/integration/configuration/vt-alt/");
  }

  SUBCASE("an unknown name: configuration_not_found naming the ones there are") {
    mock.enqueue_json(200, listing);
    const auto out = fortisoar::resolve_configuration(c, "virustotal", std::string("Prod"));
    REQUIRE_FALSE(out.ok());
    const auto* e = out.error().as<fortisoar::configuration_not_found>();
    REQUIRE(e != nullptr);
    CHECK(e->connector() == "virustotal");
    CHECK(e->name() == "Prod");
    CHECK(e->available() == std::vector<std::string>{"Default", "Alt"});
    const plugboard::error_info copy = out.error();  // a copy keeps it
    REQUIRE(copy.as<fortisoar::configuration_not_found>() != nullptr);
    CHECK(copy.as<fortisoar::configuration_not_found>()->name() == "Prod");
    try {
      copy.raise();
      FAIL("expected configuration_not_found");
    } catch (const fortisoar::configuration_not_found& thrown) {
      CHECK(thrown.available() == std::vector<std::string>{"Default", "Alt"});
    }
    REQUIRE(mock.call_count() == 1);
    check_target(mock.last_request(), method::get, list_target);
  }

  SUBCASE("a config that does not fit: config_validation_error, nothing POSTed") {
    mock.enqueue_json(200, listing);
    mock.enqueue_json(200, detail);
    const auto out =
        fortisoar::create_configuration(c, "virustotal", "prod", {{"mode", "turbo"}, {"extra", 1}});
    REQUIRE_FALSE(out.ok());
    const auto* e = out.error().as<fortisoar::config_validation_error>();
    REQUIRE(e != nullptr);
    CHECK(e->connector() == "virustotal");
    CHECK(e->missing() == std::vector<std::string>{"api_key"});
    CHECK(e->invalid() == std::vector<std::string>{"mode"});
    CHECK(e->unknown() == std::vector<std::string>{"extra"});
    CHECK_THROWS_AS(out.error().raise(), fortisoar::config_validation_error);
    const auto sent = mock.requests();
    REQUIRE(sent.size() == 2);
    check_target(sent[1], method::post, "/api/integration/connectors/16/");
  }
}

// ---- validate_config -------------------------------------------------------------------------

TEST_CASE("validate_config names every missing, invalid and unknown field") {
  const auto check = fortisoar::validate_config(
      fields(), {{"server_url", ""}, {"mode", "turbo"}, {"verify_ssl", "maybe"}, {"apikey", "x"}});
  CHECK_FALSE(check.valid());
  CHECK(check.missing == std::vector<std::string>{"server_url", "api_key"});
  CHECK(check.invalid == std::vector<std::string>{"mode", "verify_ssl"});
  CHECK(check.unknown == std::vector<std::string>{"apikey"});

  const fortisoar::config_validation_error e("virustotal", check);
  const std::string text = e.what();
  for (const char* name :
       {"server_url", "api_key", "mode", "verify_ssl", "apikey", "basic, advanced"}) {
    CHECK_MESSAGE(text.find(name) != std::string::npos, name);
  }
}

TEST_CASE("validate_config walks only the onchange branch the value chooses") {
  const json base = {{"server_url", "https://vt"}, {"api_key", "k"}};
  json advanced = base;
  advanced["mode"] = "advanced";
  auto check = fortisoar::validate_config(fields(), advanced);
  CHECK(check.missing == std::vector<std::string>{"timeout"});
  advanced["timeout"] = "30";  // a string of digits is an integer
  CHECK(fortisoar::validate_config(fields(), advanced).valid());
  advanced["timeout"] = "thirty";
  CHECK(fortisoar::validate_config(fields(), advanced).invalid ==
        std::vector<std::string>{"timeout"});

  json basic = base;
  basic["mode"] = "basic";
  basic["timeout"] = 30;  // not declared by the active branch
  check = fortisoar::validate_config(fields(), basic);
  CHECK(check.valid());
  CHECK(check.unknown == std::vector<std::string>{"timeout"});

  // Checkbox branches are keyed "true"/"false"; json fields parse.
  const json gated = json::parse(R"([{"name":"allow","type":"checkbox","value":false,
    "onchange":{"false":[{"name":"restrict","type":"json","required":true}]}}])");
  CHECK(fortisoar::validate_config(gated, {{"allow", false}}).missing ==
        std::vector<std::string>{"restrict"});
  CHECK(fortisoar::validate_config(gated, {{"allow", true}}).valid());
  CHECK(fortisoar::validate_config(gated, {{"allow", false}, {"restrict", "[1,"}}).invalid ==
        std::vector<std::string>{"restrict"});
  CHECK(fortisoar::with_defaults(gated, json::object()) ==
        json{{"allow", false}, {"restrict", json::object()}});
}

TEST_CASE("with_defaults fills declared values, type defaults and revealed fields") {
  const json out = fortisoar::with_defaults(fields(), {{"api_key", "k"}, {"mode", "advanced"}});
  CHECK(out == json{{"server_url", "https://vt"},
                    {"api_key", "k"},
                    {"mode", "advanced"},
                    {"timeout", 0},
                    {"verify_ssl", true}});
}

// ---- create, update, ensure_configured --------------------------------------------------------

TEST_CASE("create_configuration validates first: nothing is POSTed for a bad config") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, detail);
  auto c = make(mock);
  try {
    fortisoar::create_configuration(c, "virustotal", "prod", {{"mode", "turbo"}, {"extra", 1}});
    FAIL("expected config_validation_error");
  } catch (const fortisoar::config_validation_error& e) {
    CHECK(e.missing() == std::vector<std::string>{"api_key"});
    CHECK(e.invalid() == std::vector<std::string>{"mode"});
    CHECK(e.unknown() == std::vector<std::string>{"extra"});
  }
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  check_target(sent[1], method::post, "/api/integration/connectors/16/");
}

TEST_CASE("create_configuration POSTs connector id, name and version, defaults filled") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, detail);
  mock.enqueue_json(201, R"({"config_id":"c-9","name":"prod","default":true,"connector":16,
    "config":{"api_key":"NULL"},"connector_name":"virustotal","connector_version":"3.1.0"})");
  auto c = make(mock);
  fortisoar::configuration_write_options how;
  how.is_default = true;
  const auto made =
      fortisoar::create_configuration(c, "virustotal", "prod", {{"api_key", "k"}}, how);
  CHECK(made.config_id == "c-9");
  CHECK(made.connector_name == "virustotal");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  check_target(sent[2], method::post, "/api/integration/configuration/");
  CHECK(body_json(sent[2]) == json{{"connector", 16},
                                   {"connector_name", "virustotal"},
                                   {"connector_version", "3.1.0"},
                                   {"name", "prod"},
                                   {"default", true},
                                   {"config",
                                    {{"server_url", "https://vt"},
                                     {"api_key", "k"},
                                     {"mode", "basic"},
                                     {"verify_ssl", true}}}});

  // validate and fill_defaults off: the config goes as given, no detail read.
  mock.clear();
  mock.enqueue_json(200, listing);
  mock.enqueue_json(201, R"({"config_id":"c-10","name":"raw"})");
  fortisoar::configuration_write_options raw;
  raw.validate = false;
  raw.fill_defaults = false;
  fortisoar::create_configuration(c, "virustotal", "raw", {{"anything", 1}}, raw);
  REQUIRE(mock.call_count() == 2);
  CHECK(body_json(mock.last_request())["config"] == json{{"anything", 1}});
}

TEST_CASE("update_configuration validates, then PUTs the whole record") {
  mock_transport mock;
  auto c = make(mock);
  auto record = json::parse(alt_record).get<fortisoar::configuration>();
  record.config["mode"] = "advanced";  // now needs a timeout
  mock.enqueue_json(200, detail);
  CHECK_THROWS_AS(fortisoar::update_configuration(c, record), fortisoar::config_validation_error);
  CHECK(mock.call_count() == 1);

  record.config["timeout"] = 30;
  mock.clear();
  mock.enqueue_json(200, detail);
  mock.enqueue_json(200, R"({"config_id":"vt-alt","name":"Alt"})");
  fortisoar::update_configuration(c, record);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  check_target(sent[1], method::put, "/api/integration/configuration/vt-alt/");
  CHECK(body_json(sent[1])["config"]["timeout"] == 30);
  CHECK(body_json(sent[1])["agent"] == "hash-1");
}

TEST_CASE("ensure_configured creates, then a second call with the same values sends no write") {
  mock_transport mock;
  auto c = make(mock);
  const json wanted = {{"api_key", "k"}, {"mode", "basic"}};
  // First run: no configuration "prod" -> POST.
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, detail);
  mock.enqueue_json(201, R"({"config_id":"c-9","name":"prod"})");
  const auto first = fortisoar::ensure_configured(c, "virustotal", "prod", wanted);
  CHECK(first.outcome == fortisoar::ensure_outcome::created);
  CHECK(mock.requests().at(2).verb == method::post);

  // Second run: it exists with those values (the key stored encrypted) -> no write.
  mock.clear();
  json listed = json::parse(listing);
  listed["data"][0]["configuration"].push_back(
      {{"config_id", "c-9"}, {"name", "prod"}, {"default", false}});
  mock.enqueue_json(200, listed.dump());
  mock.enqueue_json(200, detail);
  mock.enqueue_json(200, R"({"config_id":"c-9","name":"prod","default":false,"connector":16,
    "config":{"server_url":"https://vt","api_key":"NULL","mode":"basic","verify_ssl":true}})");
  const auto second = fortisoar::ensure_configured(c, "virustotal", "prod", wanted);
  CHECK(second.outcome == fortisoar::ensure_outcome::unchanged);
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 3);
  for (const auto& req : sent) CHECK(req.verb != method::put);
  check_target(sent[2], method::get, "/api/integration/configuration/c-9/");

  // A changed value: the whole record is PUT, the stored secret kept as read.
  mock.clear();
  mock.enqueue_json(200, listed.dump());
  mock.enqueue_json(200, detail);
  mock.enqueue_json(200, R"({"config_id":"c-9","name":"prod","default":false,"connector":16,
    "config":{"server_url":"https://vt","api_key":"ENC.0x2","mode":"basic","verify_ssl":true}})");
  mock.enqueue_json(200, R"({"config_id":"c-9","name":"prod"})");
  const auto third = fortisoar::ensure_configured(c, "virustotal", "prod",
                                                  {{"api_key", "k"}, {"verify_ssl", false}});
  CHECK(third.outcome == fortisoar::ensure_outcome::updated);
  const auto put = mock.last_request();
  check_target(put, method::put, "/api/integration/configuration/c-9/");
  CHECK(body_json(put)["config"] == json{{"server_url", "https://vt"},
                                         {"api_key", "ENC.0x2"},
                                         {"mode", "basic"},
                                         {"verify_ssl", false}});
}

// ---- fleet -----------------------------------------------------------------------------------

constexpr const char* three_installed =
    R"({"totalItems":3,"data":[{"id":16,"name":"virustotal","version":"3.1.0"},
    {"id":22,"name":"fortigate","version":"2.0.0"},{"id":33,"name":"smtp","version":"2.6.0"}]})";

constexpr const char* healthcheck_path = "/api/integration/connectors/healthcheck/";

// Answers the listing and each connector's healthcheck by path, whatever
// the order the checks arrive in.
void route_fleet(mock_transport& mock) {
  mock.route(method::get, "/api/integration/connectors/",
             plugboard_test::json_response(200, three_installed));
  mock.route(method::get, std::string(healthcheck_path) + "virustotal/3.1.0/",
             plugboard_test::json_response(
                 200, R"({"status":"Available","message":"Connector is available"})"));
  mock.route(
      method::get, std::string(healthcheck_path) + "fortigate/2.0.0/",
      plugboard_test::json_response(
          404,
          R"({"message":"Could not find a configuration matching the id get_default_config or the default configuration"})"));
  mock.route(method::get, std::string(healthcheck_path) + "smtp/2.6.0/",
             plugboard_test::json_response(500, R"({"message":"boom"})"));
}

void check_fleet(const fortisoar::fleet_health& health) {
  REQUIRE(health.connectors.size() == 3);
  CHECK(health.connectors[0].name == "virustotal");
  CHECK(health.connectors[0].version == "3.1.0");
  CHECK(health.connectors[0].healthy);
  CHECK(health.connectors[0].status == "Available");
  CHECK(health.connectors[0].message == "Connector is available");
  CHECK_FALSE(health.connectors[0].http_status.has_value());
  CHECK(health.connectors[1].name == "fortigate");
  CHECK(health.connectors[1].status == "no-config");
  CHECK(health.connectors[1].http_status == 404);
  CHECK(health.connectors[2].name == "smtp");
  CHECK(health.connectors[2].status == "error");
  CHECK(health.connectors[2].message == "boom");
  CHECK(health.connectors[2].http_status == 500);
  CHECK(health.healthy_count() == 1);
  CHECK(health.unhealthy() == std::vector<std::string>{"fortigate", "smtp"});
}

TEST_CASE("healthcheck_all checks every installed connector and sums them up, in order") {
  mock_transport mock;
  route_fleet(mock);
  auto c = make(mock);
  check_fleet(fortisoar::healthcheck_all(c));  // 4 at a time: any order on the wire
  auto sent = mock.requests();
  REQUIRE(sent.size() == 4);
  check_target(sent[0], method::get, list_target);
  std::vector<std::string> targets;
  for (std::size_t i = 1; i < sent.size(); ++i) {
    CHECK(sent[i].verb == method::get);
    CHECK(sent[i].headers.get("Authorization") == "API-KEY k-123");
    CHECK(sent[i].body.empty());
    targets.push_back(sent[i].target);
  }
  std::sort(targets.begin(), targets.end());
  CHECK(targets == std::vector<std::string>{std::string(healthcheck_path) + "fortigate/2.0.0/",
                                            std::string(healthcheck_path) + "smtp/2.6.0/",
                                            std::string(healthcheck_path) + "virustotal/3.1.0/"});

  // parallel 1: one after the other, in the listing's order.
  mock.clear();
  route_fleet(mock);
  fortisoar::healthcheck_all_options one;
  one.parallel = 1;
  check_fleet(fortisoar::healthcheck_all(c, one));
  sent = mock.requests();
  REQUIRE(sent.size() == 4);
  check_target(sent[1], method::get, std::string(healthcheck_path) + "virustotal/3.1.0/");
  check_target(sent[2], method::get, std::string(healthcheck_path) + "fortigate/2.0.0/");
  check_target(sent[3], method::get, std::string(healthcheck_path) + "smtp/2.6.0/");

  // parallel 0 is refused before anything is sent.
  mock.clear();
  one.parallel = 0;
  CHECK_THROWS_AS(fortisoar::healthcheck_all(c, one), plugboard::usage_error);
  CHECK(mock.call_count() == 0);
}

TEST_CASE("healthcheck_all: a transport failure ends the whole call, under both policies") {
  const auto refuse_fortigate = [](mock_transport& mock) {
    mock.route([](const plugboard::request& req) -> std::optional<plugboard::response> {
      if (req.path() == std::string(healthcheck_path) + "fortigate/2.0.0/") {
        throw plugboard::transport_error(plugboard::transport_failure::connect, "refused");
      }
      return std::nullopt;
    });
    route_fleet(mock);
  };
  for (const std::size_t parallel : {std::size_t{1}, std::size_t{4}}) {
    CAPTURE(parallel);
    fortisoar::healthcheck_all_options how;
    how.parallel = parallel;
    mock_transport mock;
    refuse_fortigate(mock);
    auto c = make(mock);
    try {
      fortisoar::healthcheck_all(c, how);
      FAIL("expected a transport_error");
    } catch (const plugboard::transport_error& e) {
      CHECK(e.failure() == plugboard::transport_failure::connect);
    }
    // Sequentially nothing after fortigate is sent; in parallel at most every check once.
    if (parallel == 1) CHECK(mock.call_count() == 3);
    CHECK(mock.call_count() <= 4);

    mock_transport returned;
    refuse_fortigate(returned);
    fortisoar::client<mock_transport, plugboard::with_errors<plugboard::return_errors>> r(
        "https://soar.example.com", fortisoar::api_key("k-123"), returned);
    const auto out = fortisoar::healthcheck_all(r, how);
    REQUIRE_FALSE(out.ok());
    REQUIRE(out.error().as<plugboard::transport_error>() != nullptr);
    CHECK(out.error().as<plugboard::transport_error>()->failure() ==
          plugboard::transport_failure::connect);
  }
}

TEST_CASE("healthcheck_all: with parallel > 1 the checks are in flight together") {
  // Each check waits (at most 2 s) until a second one has arrived: only
  // checks sent together end quickly, and the peak shows how many there were.
  std::mutex m;
  std::condition_variable arrived;
  std::size_t in_flight = 0;
  std::size_t peak = 0;
  mock_transport mock;
  mock.route([&](const plugboard::request& req) -> std::optional<plugboard::response> {
    if (req.path().find(healthcheck_path) != 0) return std::nullopt;
    std::unique_lock<std::mutex> lock(m);
    peak = std::max(peak, ++in_flight);
    arrived.notify_all();
    arrived.wait_for(lock, 2s, [&] { return peak >= 2; });
    --in_flight;
    return plugboard_test::json_response(200, R"({"status":"Available"})");
  });
  mock.route(method::get, "/api/integration/connectors/",
             plugboard_test::json_response(200, three_installed));
  auto c = make(mock);
  fortisoar::healthcheck_all_options how;
  how.parallel = 3;
  const auto started = std::chrono::steady_clock::now();
  const auto health = fortisoar::healthcheck_all(c, how);
  CHECK(health.all_healthy());
  CHECK(health.connectors.size() == 3);
  CHECK(peak >= 2);
  CHECK(peak <= 3);
  CHECK(std::chrono::steady_clock::now() - started < 2s);
}

TEST_CASE("ensure_version: nothing when installed at it; else install and wait on the clock") {
  mock_transport mock;
  fake_clock clock;
  plugboard::client_options options("https://soar.example.com");
  options.clock = clock.hooks();
  auto c = make(mock, options);
  mock.enqueue_json(200, listing);
  CHECK(fortisoar::ensure_version(c, "virustotal", "3.1.0").outcome ==
        fortisoar::version_outcome::already);
  CHECK(mock.call_count() == 1);

  mock.clear();
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, R"({"importJob":{"uuid":"job-1"}})");
  mock.enqueue_json(200, R"({"status":"Import In Progress"})");
  mock.enqueue_json(200, R"({"status":"Import Complete"})");
  json upgraded = json::parse(listing);
  upgraded["data"][0]["version"] = "3.2.1";
  mock.enqueue_json(200, upgraded.dump());
  fortisoar::ensure_version_options how;
  how.interval = 2s;
  const auto out = fortisoar::ensure_version(c, "virustotal", "3.2.1", how);
  CHECK(out.outcome == fortisoar::version_outcome::upgraded);
  CHECK(out.previous_version == "3.1.0");
  REQUIRE(out.install.has_value());
  CHECK(out.install->polls == 2);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{2000ms});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 5);
  check_target(sent[1], method::post, "/api/3/solutionpacks/install");
  CHECK(body_json(sent[1]) == json{{"name", "virustotal"}, {"version", "3.2.1"}});

  // A failed job is reported, not thrown.
  mock.clear();
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, R"({"importJob":{"uuid":"job-2"}})");
  mock.enqueue_json(200, R"({"status":"Failed"})");
  CHECK(fortisoar::ensure_version(c, "abuseipdb", "2.0.0").outcome ==
        fortisoar::version_outcome::failed);
}

TEST_CASE("operation_output_schema and dependencies_check") {
  mock_transport mock;
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, detail);
  auto c = make(mock);
  CHECK(fortisoar::operation_output_schema(c, "virustotal", "get_reputation_ip") ==
        json{{"data", {{"attributes", ""}}}});
  mock.clear();
  mock.enqueue_json(200, listing);
  mock.enqueue_json(200, detail);
  try {
    fortisoar::operation_output_schema(c, "virustotal", "nope");
    FAIL("expected usage_error");
  } catch (const plugboard::usage_error& e) {
    CHECK(std::string(e.what()).find("get_reputation_ip, get_reputation_domain") !=
          std::string::npos);
  }
  mock.clear();
  mock.enqueue_json(200, R"({"dependencies_installed":false,"message":"pip: missing"})");
  const auto deps = fortisoar::dependencies_check(c, "virustotal", "3.1.0");
  CHECK(deps.dependencies_installed == false);
  check_target(mock.last_request(), method::get,
               "/api/integration/connectors/dependencies_check/virustotal/3.1.0/");
}
