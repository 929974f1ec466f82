// SPDX-License-Identifier: MIT
// FortiSOAR connectors over real HTTP against the sandbox on 127.0.0.1:
// every connectors() operation, paging across three pages, install with wait
// through a job that takes 4 polls (fake clock), an upload of a .tgz made in
// the test, and the server's real error shapes.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
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

// A .tgz written to a fresh temporary directory (gzip magic is all the fake checks).
struct temp_tgz {
  std::filesystem::path dir;
  std::string path;

  explicit temp_tgz(const std::string& name) {
    std::random_device random;
    dir = std::filesystem::temp_directory_path() /
          ("plugboard-it-" + std::to_string(random()) + std::to_string(random()));
    std::filesystem::create_directories(dir);
    path = (dir / name).string();
    std::ofstream out(path, std::ios::binary);
    const std::string bytes = std::string("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", 10) +
                              std::string(512, '\0');  // a header and an empty tar block
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  ~temp_tgz() {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

// Requests the client never builds, to reach the server's own rules.
struct detail_by_get {
  std::int64_t id = 16;
  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = "/api/integration/connectors/{id}/";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &detail_by_get::id));
  }
  using result = json;
};
struct detail_without_body {
  std::int64_t id = 16;
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/api/integration/connectors/{id}/";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &detail_without_body::id));
  }
  using result = json;
};
struct detail_without_slash {
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/api/integration/connectors/16";
  using result = json;
};
}  // namespace

TEST_CASE("list_configured walks three pages and caches the rows") {
  fortisoar_fake::settings s;
  s.max_page_size = 2;  // the server caps page_size: 6 connectors are 3 pages
  fixture f(s);
  auto api = f.soar.connectors();
  const auto rows = api.list_configured();
  REQUIRE(rows.size() == 6);
  CHECK(rows[0].name == "smtp");
  CHECK(rows[2].name == "virustotal");
  CHECK(rows[2].id == 16);
  CHECK(rows[2].configuration.size() == 2);
  CHECK(rows[2].default_configuration()->config_id == "vt-default");
  CHECK(rows[5].name == "fortinet-fortisiem");
  CHECK(f.targets() ==
        std::vector<std::string>{"GET /api/integration/connectors/?page=1&page_size=100",
                                 "GET /api/integration/connectors/?page=2&page_size=100",
                                 "GET /api/integration/connectors/?page=3&page_size=100"});
  CHECK(api.resolve_version("mitre-attack") == "2.0.2");
  CHECK(api.resolve_connector_id("fortigate") == 22);
  CHECK(f.server.request_count() == 3);  // cached
}

TEST_CASE("list_configured without totalItems relies on nextPage and short pages") {
  fortisoar_fake::settings s;
  s.max_page_size = 4;
  s.send_total_items = false;
  fixture f(s);
  f.fake.add_generated_connectors(3);  // 9 rows: pages of 4, 4, 1
  CHECK(f.soar.connectors().list_configured().size() == 9);
  CHECK(f.server.request_count() == 3);
}

TEST_CASE("connector_detail resolves the id and POSTs {}; GET and no body are refused") {
  fixture f;
  const auto detail = f.soar.connectors().connector_detail("virustotal");
  CHECK(detail.name == "virustotal");
  CHECK(detail.installed == true);
  const auto* op = detail.find_operation("get_reputation_ip");
  REQUIRE(op != nullptr);
  CHECK(op->required_parameters() == std::vector<std::string>{"ip"});
  CHECK(op->connector == 16);
  REQUIRE(detail.configuration.size() == 2);
  CHECK(detail.configuration[0].is_active());
  CHECK_FALSE(detail.configuration[1].is_active());
  REQUIRE(detail.config_schema.has_value());
  CHECK(detail.config_schema->schema_fields.size() == 4);
  CHECK(f.targets().back() == "POST /api/integration/connectors/16/");
  CHECK(f.server.requests().back().body == "{}");

  // The server's own rules, reached with descriptors the client never builds.
  const auto status_of = [&](auto endpoint) {
    try {
      f.soar.core().call(endpoint);
    } catch (const plugboard::api_error& e) {
      return std::to_string(e.status()) + " " + e.service_message();
    }
    return std::string("no error");
  };
  CHECK(status_of(detail_by_get{}) ==
        "405 Get method for this API is forbidden, Please use POST method");
  CHECK(status_of(detail_without_body{}) == "415 Unsupported media type \"\" in request.");
  CHECK(status_of(detail_without_slash{}) == "403 Could not validate HMAC fingerprint");
}

TEST_CASE("an uninstalled name is a usage_error and nothing is sent for it") {
  fixture f;
  auto api = f.soar.connectors();
  CHECK_THROWS_AS(api.connector_detail("acme"), plugboard::usage_error);
  CHECK_THROWS_AS(api.uninstall("acme"), plugboard::usage_error);
  CHECK_THROWS_AS(api.execute("acme", "op"), plugboard::usage_error);
  CHECK_FALSE(api.resolve_version("acme").has_value());
  CHECK(api.healthcheck("acme").no_config());
  CHECK(f.targets() ==
        std::vector<std::string>{"GET /api/integration/connectors/?page=1&page_size=100"});
}

TEST_CASE("list_configurations filters by configuration name, connector and active") {
  fixture f;
  auto api = f.soar.connectors();
  CHECK(api.list_configurations().data.size() == 5);
  fortisoar::list_configurations_options filter;
  filter.connector = "virustotal";
  const auto vt = api.list_configurations(filter);
  REQUIRE(vt.data.size() == 2);
  CHECK(vt.total_items == 2);
  CHECK(vt.data[0].connector == 16);
  CHECK(vt.data[0].config["api_key"] == "NULL");
  filter.active = true;
  const auto active = api.list_configurations(filter);
  REQUIRE(active.data.size() == 1);
  CHECK(active.data[0].config_id == "vt-default");
  fortisoar::list_configurations_options by_name;
  by_name.name = "Demo";
  by_name.active = true;
  CHECK(api.list_configurations(by_name).data.size() == 3);
  by_name.name = "smtp";  // a connector name matches no configuration
  CHECK(api.list_configurations(by_name).data.empty());
  CHECK(f.targets().back() ==
        "GET /api/integration/configuration/?page=1&page_size=100&name=smtp&active=True");
  fortisoar::list_configurations_options paged;
  paged.page = 2;
  paged.page_size = 2;
  const auto second = api.list_configurations(paged);
  CHECK(second.data.size() == 2);
  CHECK(second.next_page == 3);
  CHECK(second.previous_page == 1);
}

TEST_CASE("healthcheck: default and named configuration, and no-config on 404") {
  fixture f;
  auto api = f.soar.connectors();
  const auto ok = api.healthcheck("virustotal");
  CHECK(ok.available());
  CHECK(ok.config_id == "vt-default");
  CHECK(ok.healthy == true);
  fortisoar::healthcheck_options how;
  how.config = "Alt";
  CHECK(api.healthcheck("virustotal", how).config_id == "vt-alt");
  CHECK(f.targets().back() ==
        "GET /api/integration/connectors/healthcheck/virustotal/3.1.0/?config=Alt");
  const auto none = api.healthcheck("fortigate");  // installed, but no configuration
  CHECK(none.no_config());
  CHECK(none.http_status == 404);
  CHECK(none.message->find("get_default_config") != std::string::npos);
}

TEST_CASE("execute runs an operation with the default or a named configuration") {
  fixture f;
  auto api = f.soar.connectors();
  const auto out = api.execute("virustotal", "get_reputation_ip", {{"ip", "8.8.8.8"}});
  CHECK(out.ok());
  CHECK(out.operation == "get_reputation_ip");
  CHECK(out.data["verdict"] == "harmless");
  CHECK(out.data["ip"] == "8.8.8.8");
  const auto sent = json::parse(f.server.requests().back().body);
  CHECK(sent == json{{"connector", "virustotal"},
                     {"operation", "get_reputation_ip"},
                     {"version", "3.1.0"},
                     {"config", "vt-default"},
                     {"params", {{"ip", "8.8.8.8"}}}});

  fortisoar::execute_options how;
  how.config = "Demo";
  CHECK(api.execute("smtp", "send_email", {{"to", "soc@example.com"}}, how).data["config"] ==
        "Demo");
  try {
    api.execute("smtp", "send_email", {});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
    CHECK(e.service_message() == "CS-INTEGRATION-3: Missing required input to");
  }
  try {
    api.execute("fortigate", "get_blocked_ip");  // no configuration at all
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.service_message().rfind("INTEGRATION-12:", 0) == 0);
  }
}

TEST_CASE("a non-JSON 200 on a POST is a decode_error") {
  fixture f;
  f.server.inject(
      plugboard::sandbox::fault::replace_body("<html>Session expired</html>", "text/html")
          .on("/fortisoar/api/integration/execute/"));
  fortisoar::execute_options how;
  how.version = "3.1.0";
  try {
    f.soar.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "1.1.1.1"}}, how);
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.problem().find("not valid JSON") != std::string::npos);
  }
}

TEST_CASE("the dev workspace: list, edit (twin of an installed connector), read, write, publish") {
  fixture f;
  auto api = f.soar.connectors();
  const auto workspace = api.dev_list();  // a Hydra collection
  REQUIRE(workspace.size() == 1);
  const auto& entity = workspace[0];
  CHECK(entity.id.value == "7");
  CHECK(entity.name == "hello-world");
  CHECK(entity.development == true);
  REQUIRE(entity.dev_path.has_value());
  const std::string info = *entity.dev_path + "/info.json";

  const auto opened = api.dev_edit(entity.id.value);
  CHECK(opened.id.value == "7");
  CHECK(opened.extra["files"].size() == 3);

  const auto file = api.dev_read_file("7", info);
  REQUIRE(file.file_content.has_value());
  CHECK(json::parse(*file.file_content)["version"] == "1.0.0");

  const std::string bumped =
      json{{"name", "hello-world"}, {"version", "1.0.1"}, {"label", "Hello"}}.dump();
  const auto tree = api.dev_write_file("7", info, bumped);
  CHECK(tree["files"].size() == 3);
  CHECK(f.fake.dev_file("7", info) == bumped);
  api.dev_write_file("7", {{"path", *entity.dev_path + "/extra.py"}, {"content", "x = 1\n"}});
  CHECK(f.fake.dev_file("7", *entity.dev_path + "/extra.py") == "x = 1\n");

  CHECK_FALSE(api.resolve_version("hello-world").has_value());  // primes the cache
  fortisoar::dev_publish_options how;
  how.discard = true;
  const auto published = api.dev_publish("7", how);
  CHECK(published.name == "hello-world");
  CHECK(published.version == "1.0.1");
  CHECK(published.development == false);
  CHECK_FALSE(f.fake.has_dev_entity("7"));
  CHECK(api.resolve_version("hello-world") == "1.0.1");  // the cache was dropped

  // Editing an installed connector clones a dev twin.
  const auto twin = api.dev_edit("16");
  CHECK(twin.name == "virustotal");
  CHECK(twin.id.value != "16");
  CHECK(twin.development == true);
  CHECK(api.dev_list().size() == 1);

  // Publishing the same version again needs replace.
  CHECK_THROWS_AS(api.dev_publish(twin.id.value), plugboard::api_error);
  how.replace = true;
  how.discard = false;
  CHECK(api.dev_publish(twin.id.value, how).version == "3.1.0");
  CHECK_THROWS_AS(api.dev_read_file("999", info), plugboard::api_error);
}

TEST_CASE("install with wait polls a job that takes 4 polls, taking no wall time") {
  fixture f;
  auto api = f.soar.connectors();
  CHECK_FALSE(api.resolve_version("abuseipdb").has_value());
  fortisoar::install_options how;
  how.wait = true;
  const auto out = api.install("abuseipdb", "2.0.0", how);
  CHECK(out.completed());
  CHECK(out.polls == 4);
  REQUIRE(out.job.has_value());
  CHECK(out.job->status == "Import Complete");
  CHECK(out.job->progress_percent == 100);
  CHECK(out.response.at_type == "SolutionPack");
  CHECK(out.response.job_id() == out.job_id);
  CHECK(out.response.uuid != out.job_id);  // the pack's uuid is not the job's
  CHECK(f.clock.sleeps() == std::vector<std::chrono::milliseconds>{3s, 3s, 3s});
  CHECK(f.fake.installed_version("abuseipdb") == "2.0.0");
  CHECK(api.resolve_version("abuseipdb") == "2.0.0");  // the cache was dropped

  const auto log = f.server.requests();
  const auto& poll = log[log.size() - 2];
  CHECK(poll.method == "GET");
  CHECK(poll.target == "/fortisoar/api/3/import_jobs/" + *out.job_id +
                           "?__selectFields=errorMessage%2Cstatus%2CprogressPercent%2Cfile%"
                           "2CcurrentlyImporting%2Coptions");
  const auto status = api.install_status(*out.job_id);
  CHECK(status.succeeded());
  CHECK(status.extra["uuid"] == *out.job_id);
}

TEST_CASE("install: without wait, a failing job, and a job that never finishes") {
  fixture f;
  auto api = f.soar.connectors();
  const auto started = api.install("cyops_utilities", "3.7.1");
  CHECK(started.state == fortisoar::install_state::started);
  REQUIRE(started.job_id.has_value());
  CHECK(api.install_status(*started.job_id).status == "Import In Progress");

  f.fake.fail_installs_of("hello-world");
  fortisoar::install_options how;
  how.wait = true;
  const auto failed = api.install("hello-world", "1.0.4", how);
  CHECK(failed.failed());
  CHECK(failed.job->error_message == "Connector requirements could not be installed");

  f.fake.set_job_polls(0);  // never finishes
  how.timeout = 60s;
  const auto before = f.clock.elapsed();
  const auto slow = api.install("virustotal", "3.2.1", how);
  CHECK(slow.timed_out());
  CHECK(slow.polls == 21);  // at 0, 3, ..., 60 s
  CHECK(f.clock.elapsed() - before == 60s);
  CHECK(f.fake.installed_version("virustotal") == "3.1.0");

  CHECK_THROWS_AS(api.install("nope", "1.0.0"), plugboard::api_error);  // not in the catalog
}

TEST_CASE("install_from_file uploads a .tgz made in the test; replace and an in-memory archive") {
  fixture f;
  temp_tgz archive("hello-world-1.0.0.tgz");
  auto api = f.soar.connectors();
  const auto out = api.install_from_file(archive.path);
  CHECK(out.state == fortisoar::install_state::no_job);
  CHECK(out.response.name == "hello-world");
  CHECK(out.response.version == "1.0.0");
  CHECK(out.response.installed == true);
  CHECK(out.response.extra["requirements_installed"] == "In-Progress");
  CHECK(f.targets().back() == "POST /api/3/solutionpacks/install?$type=connector");
  CHECK(*f.fake.last_upload() == json{{"filename", "hello-world-1.0.0.tgz"},
                                      {"content_type", "application/gzip"},
                                      {"size", 522}});
  CHECK(api.resolve_version("hello-world") == "1.0.0");

  try {
    api.install_from_file(archive.path);  // same version without replace
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 409);
  }
  fortisoar::install_from_file_options how;
  how.replace = true;
  CHECK(api.install_from_file(archive.path, how).response.name == "hello-world");
  CHECK(f.targets().back() == "POST /api/3/solutionpacks/install?$type=connector&$replace=true");

  const std::string bytes = std::string("\x1f\x8b", 2) + "rest of the archive";
  CHECK(api.install_from_file(fortisoar::connector_archive{"in-memory-2.1.0.tgz", bytes, ""})
            .response.version == "2.1.0");
  try {
    api.install_from_file(fortisoar::connector_archive{"plain-1.0.0.tgz", "not gzip", ""});
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 400);
  }

  // A server that answers with an import job: wait follows it.
  f.fake.set_upload_import_job(true);
  how.wait = true;
  const auto waited =
      api.install_from_file(fortisoar::connector_archive{"queued-3.0.0.tgz", bytes, ""}, how);
  CHECK(waited.completed());
  CHECK(waited.polls == 4);
  CHECK(f.fake.installed_version("queued") == "3.0.0");
}

TEST_CASE("install_from_file: a file that does not exist sends nothing") {
  fixture f;
  CHECK_THROWS_AS(f.soar.connectors().install_from_file("/no/such/dir/x-1.0.0.tgz"),
                  plugboard::usage_error);
  CHECK(f.server.request_count() == 0);
}

TEST_CASE("uninstall resolves the id, DELETEs it (204) and drops the cache") {
  fixture f;
  auto api = f.soar.connectors();
  api.uninstall("virustotal");
  CHECK(f.targets().back() == "DELETE /api/integration/connectors/16/");
  CHECK(f.server.requests().back().status == 204);
  CHECK_FALSE(f.fake.installed_version("virustotal").has_value());
  CHECK_FALSE(api.resolve_version("virustotal").has_value());
  fortisoar::list_configurations_options filter;
  filter.connector_id = 16;
  CHECK(api.list_configurations(filter).data.empty());
}

TEST_CASE("a wrong API key is a 401 with the Hydra body") {
  fixture f;
  fortisoar::client<> intruder(f.server.url("/fortisoar"), fortisoar::api_key("wrong-key"));
  try {
    intruder.connectors().list_configured();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 401);
    CHECK(e.service_message() == "Full authentication is required to access this resource.");
    CHECK(std::string(e.what()).find("wrong-key") == std::string::npos);
  }
  CHECK(f.server.requests().back().headers.get("Authorization") == "[REDACTED]");
}
