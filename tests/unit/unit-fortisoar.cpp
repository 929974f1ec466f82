// SPDX-License-Identifier: MIT
// FortiSOAR connectors: the exact request of every operation (method, path
// with its trailing slash, query, headers, JSON or multipart body), paging,
// name resolution and its cache, install polling on a fake clock, and bad
// input refused before sending.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
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

// pyfsr's test_connectors.py _CONFIGURED fixture, in the list envelope.
constexpr const char* configured = R"({"status":"success","totalItems":3,"itemsPerPage":100,
  "nextPage":null,"previousPage":null,"data":[
  {"id":16,"name":"virustotal","version":"3.1.0","label":"VirusTotal","category":["Threat Intelligence"],
   "active":true,"system":false,"config_count":2,"status":"Completed","tags":[],
   "configuration":[{"id":1,"config_id":"vt-default","name":"Default","default":true},
                    {"id":2,"config_id":"vt-alt","name":"Alt","default":false}],
   "agent":"2215f975dd501e6f25f55568edf06af9","icon_large":"data:..."},
  {"id":22,"name":"fortigate","version":"2.0.0","configuration":[]},
  {"id":33,"name":"fortinet-fortisiem","version":"6.1.0","title":"FortiSIEM","configuration":[]}]})";

client_t make(mock_transport& mock,
              plugboard::client_options options = "https://soar.example.com") {
  return client_t(std::move(options), fortisoar::api_key("k-123"), mock);
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
  CHECK(req.parts.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

void check_json_body(const plugboard::request& req, const json& expected) {
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(req.parts.empty());
  CHECK(body_json(req) == expected);
}

constexpr const char* list_target = "/api/integration/connectors/?page=1&page_size=100";

std::string page(const std::string& rows, const std::string& tail) {
  return R"({"status":"success",)" + tail + R"("data":[)" + rows + "]}";
}

std::string row(int id, const std::string& name) {
  return R"({"id":)" + std::to_string(id) + R"(,"name":")" + name + R"(","version":"1.0.0"})";
}

}  // namespace

TEST_CASE("list_configured: GET page 1 with page_size 100 and no body; rows decoded") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  auto c = make(mock);
  const auto rows = c.connectors().list_configured();
  REQUIRE(mock.call_count() == 1);
  const auto req = mock.last_request();
  check_request(req, method::get, list_target);
  check_no_body(req);
  REQUIRE(rows.size() == 3);
  const auto& vt = rows[0];
  CHECK(vt.id == 16);
  CHECK(vt.name == "virustotal");
  CHECK(vt.version == "3.1.0");
  CHECK(vt.label == "VirusTotal");
  CHECK(vt.category == std::vector<std::string>{"Threat Intelligence"});
  CHECK(vt.active == true);
  CHECK(vt.system == false);
  CHECK(vt.config_count == 2);
  CHECK(vt.status == "Completed");
  CHECK(vt.agent == "2215f975dd501e6f25f55568edf06af9");
  REQUIRE(vt.configuration.size() == 2);
  CHECK(vt.configuration[1].config_id == "vt-alt");
  CHECK_FALSE(vt.configuration[1].is_default);
  REQUIRE(vt.default_configuration() != nullptr);
  CHECK(vt.default_configuration()->config_id == "vt-default");
  CHECK(vt.extra == json{{"icon_large", "data:..."}});
  CHECK(rows[2].label == "FortiSIEM");  // some versions send "title"
  CHECK(rows[1].default_configuration() == nullptr);
}

TEST_CASE("list_configured follows pages until totalItems rows have arrived") {
  mock_transport mock;
  mock.enqueue_json(200, page(row(1, "a") + "," + row(2, "b"), R"("totalItems":3,"nextPage":2,)"));
  mock.enqueue_json(200, page(row(3, "c"), R"("totalItems":3,"nextPage":null,)"));
  auto c = make(mock);
  const auto rows = c.connectors().list_configured();
  REQUIRE(rows.size() == 3);
  CHECK(rows[2].name == "c");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].target == "/api/integration/connectors/?page=1&page_size=100");
  CHECK(sent[1].target == "/api/integration/connectors/?page=2&page_size=100");
}

TEST_CASE("list_configured without totalItems: nextPage and a short page end the walk") {
  mock_transport mock;
  mock.enqueue_json(200, page(row(1, "a"), R"("nextPage":2,)"));
  mock.enqueue_json(200, page(row(2, "b"), R"("nextPage":3,)"));
  mock.enqueue_json(200, page(row(3, "c"), R"("nextPage":null,)"));
  auto c = make(mock);
  CHECK(c.connectors().list_configured().size() == 3);
  CHECK(mock.call_count() == 3);
  CHECK(mock.last_request().target == "/api/integration/connectors/?page=3&page_size=100");
}

TEST_CASE("list_configured: an empty page ends the walk; a bare array is accepted") {
  mock_transport mock;
  std::string full;
  for (int i = 1; i <= 100; ++i) {
    if (i > 1) full += ',';
    full += row(i, std::string("c").append(std::to_string(i)));
  }
  mock.enqueue_json(200, page(full, R"("nextPage":null,)"));  // full page: ask for the next
  mock.enqueue_json(200, "[]");
  auto c = make(mock);
  CHECK(c.connectors().list_configured().size() == 100);
  CHECK(mock.call_count() == 2);
}

TEST_CASE("the rows are cached until refresh or clear_cache") {
  mock_transport mock;
  mock.route(method::get, "/api/integration/connectors/",
             plugboard_test::json_response(200, configured));
  auto c = make(mock);
  auto api = c.connectors();
  CHECK(api.list_configured().size() == 3);
  CHECK(api.resolve_version("virustotal") == "3.1.0");
  CHECK(api.resolve_connector_id("fortigate") == 22);
  CHECK(mock.call_count() == 1);
  CHECK(api.list_configured(true).size() == 3);
  CHECK(mock.call_count() == 2);
  api.clear_cache();
  CHECK(api.resolve_version("fortigate", false) == "2.0.0");
  CHECK(mock.call_count() == 3);
  CHECK(c.connectors().resolve_version("virustotal") == "3.1.0");  // the cache is the client's
  CHECK(mock.call_count() == 3);
}

TEST_CASE("resolve_version: exact, case-sensitive match; nullopt when not installed") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  auto c = make(mock);
  CHECK(c.connectors().resolve_version("fortinet-fortisiem") == "6.1.0");
  CHECK_FALSE(c.connectors().resolve_version("VirusTotal").has_value());
  CHECK_FALSE(c.connectors().resolve_version("virus").has_value());
  CHECK(mock.call_count() == 1);
}

TEST_CASE("connector_detail: resolves the id, then POSTs {} to the path with its slash") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  mock.enqueue_json(200,
                    R"({"name":"virustotal","version":"3.1.0","category":["Threat Intelligence"],
    "config_count":2,"installed":true,"cs_approved":true,
    "operations":[{"id":1601,"connector":16,"operation":"get_reputation_ip","title":"Get IP Reputation",
      "enabled":true,"parameters":[{"name":"ip","title":"IP","type":"text","required":true,"visible":true,
      "editable":true,"value":"","onchange":{},"options":[],"apiOperation":null,"isOnChange":false},
      {"name":"verbose","type":"checkbox","required":false}]},
      {"operation":"submit_file","title":"Submit File"}],
    "configuration":[{"id":1,"config_id":"vt-default","status":1,"name":"Default","default":true,
      "config":{"api_key":"NULL"},"agent":"abc"}],
    "config_schema":{"fields":[{"name":"api_key","type":"password","required":true}]}})");
  auto c = make(mock);
  const auto detail = c.connectors().connector_detail("virustotal");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  check_request(sent[0], method::get, list_target);
  check_request(sent[1], method::post, "/api/integration/connectors/16/");
  check_json_body(sent[1], json::object());
  CHECK(sent[1].body == "{}");
  CHECK(detail.name == "virustotal");
  CHECK(detail.installed == true);
  CHECK(detail.extra == json{{"cs_approved", true}});
  REQUIRE(detail.operations.size() == 2);
  const auto* op = detail.find_operation("get_reputation_ip");
  REQUIRE(op != nullptr);
  CHECK(op->connector == 16);
  CHECK(op->required_parameters() == std::vector<std::string>{"ip"});
  CHECK(op->parameters[0].is_on_change == false);
  CHECK(op->parameters[0].onchange == json::object());
  CHECK(detail.find_operation("nope") == nullptr);
  REQUIRE(detail.configuration.size() == 1);
  CHECK(detail.configuration[0].is_active());
  CHECK(detail.configuration[0].config == json{{"api_key", "NULL"}});
  REQUIRE(detail.config_schema.has_value());
  CHECK(detail.config_schema->schema_fields.at(0).name == "api_key");

  // Cached now: a second detail sends only the POST.
  mock.enqueue_json(200, R"({"name":"fortigate"})");
  CHECK(c.connectors().connector_detail("fortigate").name == "fortigate");
  CHECK(mock.last_request().target == "/api/integration/connectors/22/");
  CHECK(mock.call_count() == 3);
}

TEST_CASE("connector_detail, uninstall and execute refuse a name that is not installed") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  auto c = make(mock);
  auto api = c.connectors();
  try {
    api.connector_detail("acme");
    FAIL("no error");
  } catch (const plugboard::usage_error& e) {
    CHECK(e.argument() == "connector");
    CHECK(std::string(e.what()).find("'acme' is not installed") != std::string::npos);
  }
  CHECK_THROWS_AS(api.uninstall("acme"), plugboard::usage_error);
  CHECK_THROWS_AS(api.execute("acme", "op"), plugboard::usage_error);
  CHECK_THROWS_AS(api.connector_detail(""), plugboard::usage_error);
  CHECK(mock.call_count() == 1);  // only the listing
}

TEST_CASE("list_configurations: page and page_size always, filters when given, True/False") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"status":"success","totalItems":1,"nextPage":null,"data":[
    {"id":1,"config_id":"9c1e","name":"VT Production","default":true,"status":1,"config":{},
     "connector":16,"agent":"abc","teams":[],"remote_status":{},"health_status":{"status":"ok"}}]})");
  auto c = make(mock);
  fortisoar::list_configurations_options filter;
  filter.name = "VT Production";
  filter.active = true;
  const auto listed = c.connectors().list_configurations(filter);
  auto req = mock.last_request();
  check_request(
      req, method::get,
      "/api/integration/configuration/?page=1&page_size=100&name=VT+Production&active=True");
  check_no_body(req);
  CHECK(listed.total_items == 1);
  REQUIRE(listed.data.size() == 1);
  CHECK(listed.data[0].config_id == "9c1e");
  CHECK(listed.data[0].connector == 16);
  CHECK(listed.data[0].is_default);
  CHECK(listed.data[0].health_status == json{{"status", "ok"}});

  mock.enqueue_json(200, configured);
  mock.enqueue_json(200, R"({"data":[]})");
  fortisoar::list_configurations_options by_connector;
  by_connector.connector = "virustotal";
  by_connector.active = false;
  by_connector.page = 2;
  by_connector.page_size = 10;
  CHECK(c.connectors().list_configurations(by_connector).data.empty());
  CHECK(mock.last_request().target ==
        "/api/integration/configuration/?page=2&page_size=10&connector=16&active=False");

  mock.enqueue_json(200, "[]");
  fortisoar::list_configurations_options by_id;
  by_id.connector_id = 22;
  c.connectors().list_configurations(by_id);
  CHECK(mock.last_request().target ==
        "/api/integration/configuration/?page=1&page_size=100&connector=22");

  const auto before = mock.call_count();
  fortisoar::list_configurations_options missing;
  missing.connector = "acme";  // not installed: empty, and nothing is sent
  CHECK(c.connectors().list_configurations(missing).data.empty());
  CHECK(mock.call_count() == before);
}

TEST_CASE("healthcheck: GET name and resolved version with slash; config only when given") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  mock.enqueue_json(200,
                    R"({"message":"Connector is available","status":"Available","name":"virustotal",
    "version":"3.1.0","config_id":"vt-default","_status":true,"request_id":null})");
  auto c = make(mock);
  const auto health = c.connectors().healthcheck("virustotal");
  auto req = mock.last_request();
  check_request(req, method::get, "/api/integration/connectors/healthcheck/virustotal/3.1.0/");
  check_no_body(req);
  CHECK(health.available());
  CHECK(health.healthy == true);
  CHECK(health.config_id == "vt-default");
  CHECK(health.request_id.is_null());
  CHECK_FALSE(health.http_status.has_value());

  mock.enqueue_json(200, R"({"status":"Disconnected","message":"timeout","_status":false})");
  fortisoar::healthcheck_options how;
  how.version = "9.9.9";
  how.config = "vt-alt";
  const auto other = c.connectors().healthcheck("anything", how);
  CHECK(mock.last_request().target ==
        "/api/integration/connectors/healthcheck/anything/9.9.9/?config=vt-alt");
  CHECK_FALSE(other.available());
  CHECK(other.healthy == false);
  CHECK(mock.call_count() == 3);
}

TEST_CASE("healthcheck: not installed or 404 gives status no-config, like pyfsr") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  auto c = make(mock);
  const auto none = c.connectors().healthcheck("acme");
  CHECK(none.no_config());
  CHECK(none.name == "acme");
  CHECK_FALSE(none.http_status.has_value());
  CHECK(mock.call_count() == 1);  // the listing only

  mock.enqueue_json(
      404,
      R"({"message":"Could not find a configuration matching the id get_default_config or the default configuration"})");
  const auto missing = c.connectors().healthcheck("fortigate");
  CHECK(missing.no_config());
  CHECK(missing.http_status == 404);
  CHECK(missing.version == "2.0.0");
  CHECK(missing.message->find("get_default_config") != std::string::npos);

  mock.enqueue_json(500, R"({"message":"boom"})");
  CHECK_THROWS_AS(c.connectors().healthcheck("fortigate"), plugboard::api_error);
}

TEST_CASE("execute: version and default config resolved, body exactly as pyfsr sends it") {
  mock_transport mock;
  mock.enqueue_json(200, configured);
  mock.enqueue_json(200, R"({"operation":"get_reputation_ip","status":"Success","message":"",
    "data":{"ip":"8.8.8.8","verdict":"harmless"}})");
  auto c = make(mock);
  const auto out = c.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "8.8.8.8"}});
  auto req = mock.last_request();
  check_request(req, method::post, "/api/integration/execute/");
  check_json_body(req, {{"connector", "virustotal"},
                        {"operation", "get_reputation_ip"},
                        {"version", "3.1.0"},
                        {"config", "vt-default"},
                        {"params", {{"ip", "8.8.8.8"}}}});
  CHECK(out.ok());
  CHECK(out.operation == "get_reputation_ip");
  CHECK(out.data["verdict"] == "harmless");

  mock.enqueue_json(200, R"({"operation":null,"status":"Failed","message":"bad","data":null})");
  fortisoar::execute_options how;
  how.config = "Alt";
  CHECK_FALSE(
      c.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "1.1.1.1"}}, how).ok());
  CHECK(body_json(mock.last_request())["config"] == "Alt");
}

TEST_CASE(
    "execute with a version and a cold cache sends config \"\" and params {} with no listing") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"status":"Success","data":[]})");
  auto c = make(mock);
  fortisoar::execute_options how;
  how.version = "1.0";
  c.connectors().execute("acme", "op", json(), how);
  REQUIRE(mock.call_count() == 1);
  check_json_body(mock.last_request(), {{"connector", "acme"},
                                        {"operation", "op"},
                                        {"version", "1.0"},
                                        {"config", ""},
                                        {"params", json::object()}});
}

TEST_CASE("execute: bad input never reaches the wire") {
  mock_transport mock;
  auto c = make(mock);
  fortisoar::execute_options how;
  how.version = "1.0";
  CHECK_THROWS_AS(c.connectors().execute("", "op", {}, how), plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().execute("acme", "", {}, how), plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().execute("acme", "op", json::array(), how), plugboard::usage_error);
  CHECK(mock.call_count() == 0);
}

TEST_CASE("dev_list: GET the workspace; data, Hydra and bare shapes") {
  mock_transport mock;
  mock.enqueue_json(
      200,
      R"({"data":[{"id":7,"name":"hello-world","development":true,"dev_path":"/hello-world_1_0_0_dev"}]})");
  mock.enqueue_json(200, R"({"hydra:member":[{"id":"dev-7","name":"foo"}],"hydra:totalItems":1})");
  mock.enqueue_json(200, R"([{"id":8,"name":"bar","development":false}])");
  auto c = make(mock);
  const auto first = c.connectors().dev_list();
  auto req = mock.last_request();
  check_request(req, method::get, "/api/integration/connector/development/entity/");
  check_no_body(req);
  REQUIRE(first.size() == 1);
  CHECK(first[0].id.value == "7");
  CHECK(first[0].dev_path == "/hello-world_1_0_0_dev");
  CHECK(c.connectors().dev_list().at(0).id.value == "dev-7");
  CHECK(c.connectors().dev_list().at(0).development == false);
  mock.enqueue_json(200, R"({"items":[]})");
  CHECK_THROWS_AS(c.connectors().dev_list(), plugboard::decode_error);
}

TEST_CASE("dev_edit, dev_read_file, dev_write_file: paths with slashes and the CONFIRMED bodies") {
  mock_transport mock;
  auto c = make(mock);
  auto api = c.connectors();

  mock.enqueue_json(200, R"({"id":101,"name":"virustotal","development":true,"files":[]})");
  const auto twin = api.dev_edit("16");
  auto req = mock.last_request();
  check_request(req, method::post, "/api/integration/connector/development/entity/16/");
  check_json_body(req, {{"edit_repo_connector", true}});
  CHECK(twin.id.value == "101");
  CHECK(twin.extra == json{{"files", json::array()}});

  mock.enqueue_json(200, R"({"fileContent":"{\"name\":\"foo\"}"})");
  const auto file = api.dev_read_file("dev-7", "/foo_1_0_0_dev/info.json");
  req = mock.last_request();
  check_request(req, method::post, "/api/integration/connector/development/entity/dev-7/files/");
  check_json_body(req, {{"xpath", "/foo_1_0_0_dev/info.json"}});
  CHECK(file.file_content == R"({"name":"foo"})");

  mock.enqueue_json(200, R"({"tree":["/foo_1_0_0_dev/info.json"]})");
  const json pyfsr_shape = {{"path", "/foo_1_0_0_dev/info.json"}, {"content", "{}"}};
  const auto tree = api.dev_write_file("dev-7", pyfsr_shape);
  req = mock.last_request();
  check_request(req, method::put, "/api/integration/connector/development/entity/dev-7/files/");
  check_json_body(req, {{"fileData", pyfsr_shape}});
  CHECK(tree["tree"].size() == 1);

  mock.enqueue(plugboard::response{204, {}, ""});
  CHECK(api.dev_write_file("dev-7", "/foo_1_0_0_dev/info.json", "{}").is_null());
  check_json_body(mock.last_request(),
                  {{"fileData", {{"xpath", "/foo_1_0_0_dev/info.json"}, {"fileContent", "{}"}}}});

  CHECK_THROWS_AS(api.dev_edit(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.dev_read_file("dev-7", ""), plugboard::usage_error);
  CHECK_THROWS_AS(api.dev_read_file("", "/x"), plugboard::usage_error);
  CHECK_THROWS_AS(api.dev_write_file("dev-7", json::array()), plugboard::usage_error);
  CHECK(mock.call_count() == 4);
}

TEST_CASE("dev_publish: POST replace and discard, both always sent; the cache is dropped") {
  mock_transport mock;
  mock.route(method::get, "/api/integration/connectors/",
             plugboard_test::json_response(200, configured));
  auto c = make(mock);
  auto api = c.connectors();
  api.resolve_version("virustotal");
  mock.enqueue_json(200, R"({"id":40,"name":"foo","version":"1.0.0","development":false})");
  fortisoar::dev_publish_options how;
  how.replace = true;
  const auto published = api.dev_publish("dev-7", how);
  auto req = mock.last_request();
  check_request(req, method::post, "/api/integration/connector/development/entity/dev-7/publish/");
  check_json_body(req, {{"replace", true}, {"discard", false}});
  CHECK(published.id == 40);
  CHECK(published.development == false);

  mock.enqueue_json(200, R"({"name":"foo"})");
  api.dev_publish("dev-7");
  check_json_body(mock.last_request(), {{"replace", false}, {"discard", false}});

  const auto before = mock.call_count();
  api.resolve_version("virustotal");  // lists again: publish dropped the cache
  CHECK(mock.call_count() == before + 1);
}

namespace {

constexpr const char* job_target =
    "/api/3/import_jobs/"
    "job-1?__selectFields=errorMessage%2Cstatus%2CprogressPercent%2Cfile%2CcurrentlyImporting%"
    "2Coptions";

std::string job(const std::string& status, int percent) {
  return R"({"@id":"/api/3/import_jobs/job-1","status":")" + status + R"(","progressPercent":)" +
         std::to_string(percent) + R"(,"errorMessage":null,"currentlyImporting":"abuseipdb"})";
}

}  // namespace

TEST_CASE("install: POST name and version with no query; without wait the job is only named") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"importJob":{"uuid":"job-1"}})");
  auto c = make(mock);
  const auto out = c.connectors().install("abuseipdb", "2.0.0");
  auto req = mock.last_request();
  check_request(req, method::post, "/api/3/solutionpacks/install");
  check_json_body(req, {{"name", "abuseipdb"}, {"version", "2.0.0"}});
  CHECK(out.state == fortisoar::install_state::started);
  CHECK(out.job_id == "job-1");
  CHECK(out.polls == 0);
  CHECK(mock.call_count() == 1);
}

TEST_CASE("install_status: GET the job with one comma-joined __selectFields") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"status":"Import Complete","progressPercent":100})");
  auto c = make(mock);
  const auto status = c.connectors().install_status("job-1");
  auto req = mock.last_request();
  check_request(req, method::get, job_target);
  check_no_body(req);
  CHECK(status.succeeded());
  CHECK(status.progress_percent == 100);
}

TEST_CASE("install with wait polls at once, then every 3 s on the client's clock, until complete") {
  mock_transport mock;
  fake_clock clock;
  plugboard::client_options options("https://soar.example.com");
  options.clock = clock.hooks();
  mock.enqueue_json(200, R"({"@id":"/api/3/solutionpacks/abc","uuid":"pack-uuid",
    "importJob":{"@id":"/api/3/import_jobs/job-1","status":"import in progress"}})");
  mock.enqueue_json(200, job("import in progress", 0));
  mock.enqueue_json(200, job("Import In Progress", 40));
  mock.enqueue_json(200, job("importing", 80));
  mock.enqueue_json(200, job("  IMPORT COMPLETE ", 100));
  auto c = make(mock, options);
  fortisoar::install_options how;
  how.wait = true;
  std::vector<std::string> seen;  // what on_poll was shown, poll after poll
  how.on_poll = [&](const fortisoar::import_job& polled) {
    const double percent = polled.progress_percent.value_or(-1);
    seen.push_back(polled.status + " " + std::to_string(static_cast<int>(percent)));
  };
  const auto out = c.connectors().install("abuseipdb", "2.0.0", how);
  CHECK(seen == std::vector<std::string>{"import in progress 0", "Import In Progress 40",
                                         "importing 80", "  IMPORT COMPLETE  100"});
  CHECK(out.state == fortisoar::install_state::completed);
  CHECK(out.completed());
  CHECK(out.job_id == "job-1");  // from importJob.@id, not the pack's uuid
  CHECK(out.polls == 4);
  REQUIRE(out.job.has_value());
  CHECK(out.job->progress_percent == 100);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{3000ms, 3000ms, 3000ms});
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 5);
  for (std::size_t i = 1; i < sent.size(); ++i) check_request(sent[i], method::get, job_target);
}

TEST_CASE("install with wait: a failed job, a timeout, and no job to wait for") {
  mock_transport mock;
  fake_clock clock;
  plugboard::client_options options("https://soar.example.com");
  options.clock = clock.hooks();
  auto c = make(mock, options);
  fortisoar::install_options how;
  how.wait = true;

  mock.enqueue_json(200, R"({"importJob":{"uuid":"job-1"}})");
  mock.enqueue_json(200, job("import in progress", 10));
  mock.enqueue_json(200, R"({"status":"Failed","errorMessage":"requirements failed"})");
  const auto failed = c.connectors().install("abuseipdb", "2.0.0", how);
  CHECK(failed.failed());
  CHECK(failed.polls == 2);
  CHECK(failed.job->error_message == "requirements failed");

  // A job that never ends: 10 s budget, 3 s interval -> polls at 0, 3, 6, 9.
  mock.clear();
  mock.enqueue_json(200, R"({"@id":"/api/3/import_jobs/job-1"})");  // the id from the top-level @id
  mock.route(method::get, "/api/3/import_jobs/job-1",
             plugboard_test::json_response(200, job("import in progress", 5)));
  const auto start = clock.elapsed();
  how.timeout = 10s;
  const auto slow = c.connectors().install("abuseipdb", "2.0.0", how);
  CHECK(slow.timed_out());
  CHECK(slow.polls == 4);
  CHECK(clock.elapsed() - start == 9s);
  CHECK(slow.job->status == "import in progress");

  mock.clear();
  mock.enqueue_json(200, R"({"id":42,"name":"abuseipdb"})");
  const auto direct = c.connectors().install("abuseipdb", "2.0.0", how);
  CHECK(direct.state == fortisoar::install_state::no_job);
  CHECK(mock.call_count() == 1);

  how.interval = 0ms;
  CHECK_THROWS_AS(c.connectors().install("abuseipdb", "2.0.0", how), plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().install("", "2.0.0"), plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().install("abuseipdb", ""), plugboard::usage_error);
  CHECK(mock.call_count() == 1);
}

namespace {

// A .tgz (gzip magic and some bytes) in a fresh temporary directory, removed
// at the end of the test.
struct temp_archive {
  std::filesystem::path dir;
  std::string path;
  std::string bytes = std::string("\x1f\x8b\x08\x00", 4) + std::string("\x00\x01\xff tar", 7);

  explicit temp_archive(const std::string& name) {
    std::random_device random;
    dir = std::filesystem::temp_directory_path() /
          ("plugboard-unit-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir);
    path = (dir / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~temp_archive() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

}  // namespace

TEST_CASE("install_from_file: multipart part 'file' with the base name, $type and $replace") {
  temp_archive archive("hello-world-1.0.0.tgz");
  mock_transport mock;
  mock.enqueue_json(200, R"({"id":42,"name":"hello-world","installed":true})");
  auto c = make(mock);
  fortisoar::install_from_file_options how;
  how.replace = true;
  const auto out = c.connectors().install_from_file(archive.path, how);
  auto req = mock.last_request();
  check_request(req, method::post, "/api/3/solutionpacks/install?$type=connector&$replace=true");
  REQUIRE(req.parts.size() == 1);
  CHECK(req.parts[0].name == "file");
  CHECK(req.parts[0].filename == "hello-world-1.0.0.tgz");
  CHECK(req.parts[0].content_type == "application/gzip");
  CHECK(req.parts[0].data == archive.bytes);
  const auto content_type = std::string(req.headers.get("Content-Type"));
  REQUIRE(content_type.rfind("multipart/form-data; boundary=", 0) == 0);
  const auto boundary = content_type.substr(content_type.find('=') + 1);
  CHECK(req.body.find("--" + boundary +
                      "\r\nContent-Disposition: form-data; name=\"file\"; "
                      "filename=\"hello-world-1.0.0.tgz\"\r\nContent-Type: "
                      "application/gzip\r\n\r\n" +
                      archive.bytes + "\r\n--" + boundary + "--\r\n") == 0);
  CHECK(out.state == fortisoar::install_state::no_job);
  CHECK(out.response.id == 42);
  CHECK(out.response.installed == true);

  // From memory, without replace: $replace is left out entirely.
  mock.enqueue_json(200, R"({"id":43,"name":"other"})");
  c.connectors().install_from_file(
      fortisoar::connector_archive{"other-2.0.0.tgz", archive.bytes, ""});
  req = mock.last_request();
  CHECK(req.target == "/api/3/solutionpacks/install?$type=connector");
  CHECK(req.parts.at(0).filename == "other-2.0.0.tgz");
  CHECK(req.parts.at(0).content_type == "application/gzip");

  mock.enqueue_json(200, R"({"id":44})");
  c.connectors().install_from_file(
      fortisoar::connector_archive{"x.bin", "data", "application/x-custom"});
  CHECK(mock.last_request().parts.at(0).content_type == "application/x-custom");
}

TEST_CASE("install_from_file: a missing or empty file is a usage_error before any request") {
  mock_transport mock;
  auto c = make(mock);
  try {
    c.connectors().install_from_file("/no/such/dir/hello-world-1.0.0.tgz");
    FAIL("no error");
  } catch (const plugboard::usage_error& e) {
    CHECK(e.argument() == "path");
  }
  CHECK_THROWS_AS(c.connectors().install_from_file(std::string()), plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().install_from_file(std::filesystem::temp_directory_path().string()),
                  plugboard::usage_error);  // a directory
  CHECK_THROWS_AS(c.connectors().install_from_file(fortisoar::connector_archive{"", "x", ""}),
                  plugboard::usage_error);
  CHECK_THROWS_AS(c.connectors().install_from_file(fortisoar::connector_archive{"a.tgz", "", ""}),
                  plugboard::usage_error);
  CHECK(mock.call_count() == 0);
}

TEST_CASE("uninstall: DELETE the install id with its slash and no body; 204; cache dropped") {
  mock_transport mock;
  mock.route(method::get, "/api/integration/connectors/",
             plugboard_test::json_response(200, configured));
  mock.route(method::delete_, "/api/integration/connectors/16/", plugboard::response{204, {}, ""});
  auto c = make(mock);
  c.connectors().uninstall("virustotal");
  const auto sent = mock.requests();
  REQUIRE(sent.size() == 2);
  check_request(sent[1], method::delete_, "/api/integration/connectors/16/");
  check_no_body(sent[1]);
  c.connectors().resolve_version("virustotal");
  CHECK(mock.call_count() == 3);  // listed again
}

TEST_CASE("errors: INTEGRATION codes, Hydra bodies and DRF details become api_error") {
  mock_transport mock;
  auto c = make(mock);
  fortisoar::execute_options how;
  how.version = "3.1.0";
  mock.enqueue_json(
      400,
      R"({"message":"INTEGRATION-12: Could not find a connector configuration matching the given configuration id or name"})");
  try {
    c.connectors().execute("virustotal", "get_reputation_ip", {}, how);
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.service_message().rfind("INTEGRATION-12:", 0) == 0);
  }
  mock.enqueue_json(
      401,
      R"({"@context":"/api/3/contexts/Error","@type":"Error","hydra:title":"An error occurred","hydra:description":"Validation failed."})");
  try {
    c.connectors().dev_list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_message() == "Validation failed.");
    CHECK(std::string(e.what()).find("k-123") == std::string::npos);
  }
  mock.enqueue_json(415, R"({"detail":"Unsupported media type \"\" in request."})");
  try {
    c.connectors().dev_edit("7");
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 415);
    CHECK(e.service_message() == "Unsupported media type \"\" in request.");
  }
}

TEST_CASE("a 200 that is not the promised JSON is a decode_error naming the field") {
  mock_transport mock;
  auto c = make(mock);
  fortisoar::execute_options how;
  how.version = "1";
  mock.enqueue(plugboard::response{200, {{"Content-Type", "text/html"}}, "<html>login</html>"});
  try {
    c.connectors().execute("a", "b", {}, how);
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.problem().find("not valid JSON") != std::string::npos);
    CHECK(e.request_line() == "POST https://soar.example.com/api/integration/execute/");
  }
  mock.enqueue_json(200, R"({"data":[{"id":"16","name":"x"}]})");
  try {
    c.connectors().list_configured();
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "data[0].id");
  }
  mock.enqueue_json(200, R"({"data":[{"id":16}]})");
  try {
    c.connectors().list_configured();
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "data[0].name");
    CHECK(e.problem() == "required field is missing");
  }
}

TEST_CASE("with return_errors every composite call returns a value, never throws") {
  mock_transport mock;
  using safe_t =
      fortisoar::client<mock_transport, plugboard::api_key_header, plugboard::json_serializer,
                        plugboard::no_retry, plugboard::return_errors>;
  safe_t c("https://soar.example.com", fortisoar::api_key("k-123"), mock);
  mock.enqueue_json(200, configured);
  auto version = c.connectors().resolve_version("virustotal");
  REQUIRE(version.ok());
  CHECK(*version == "3.1.0");
  auto missing = c.connectors().connector_detail("acme");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind() == plugboard::error_kind::usage);
  auto file = c.connectors().install_from_file("/no/such/file.tgz");
  CHECK(file.error().kind() == plugboard::error_kind::usage);
  mock.enqueue_json(503, R"({"message":"down"})");
  auto down = c.connectors().install("abuseipdb", "2.0.0");
  CHECK(down.error().status() == 503);
  mock.enqueue_json(200, R"({"status":"Success"})");
  fortisoar::execute_options how;
  how.version = "1";
  CHECK(c.connectors().execute("virustotal", "op", {}, how)->ok());
  CHECK(mock.call_count() == 3);
}
