// SPDX-License-Identifier: MIT
// Writes the seed corpus of the decoder fuzz targets: every response body
// (success and error) the sandbox fakes give for a walk through each
// service's operations, as corpus/<service>/<nn>-<operation>, each after the
// byte that selects its decoder (the descriptor that sent the request, or
// the error-body reader for a failure). It walks every service of the
// registry: a registered service without a walk here does not compile.
// A maintainer tool, not run in CI:
//   cmake --build build/fuzz --target fuzz-make-seeds
//   build/fuzz/tests/fuzz/fuzz-make-seeds tests/fuzz/corpus
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <string_view>

#include "endpoint_lists.hpp"
#include "plugboard/sandbox/fakes.hpp"
#include "plugboard/services.hpp"
#include "plugboard/testing/recording_transport.hpp"

namespace fs = std::filesystem;
using wire = plugboard::testing::recording_transport<plugboard::http_transport>;

namespace {

template <class Endpoints>
class writer {
 public:
  writer(fs::path root, std::string service, std::string base_path)
      : dir_(std::move(root) / std::move(service)), base_path_(std::move(base_path)) {
    fs::create_directories(dir_);
  }

  // Runs `call` (its errors are seeds too) and writes every body it received.
  void step(const std::string& operation, wire& w, const std::function<void()>& call) {
    w.clear();
    try {
      call();
    } catch (const plugboard::error&) {
    }
    for (const auto& exchange : w.exchanges()) {
      if (!exchange.received || exchange.received->body.empty()) continue;
      std::string_view path = exchange.sent.path();
      if (path.substr(0, base_path_.size()) == base_path_) path.remove_prefix(base_path_.size());
      const std::uint8_t selector =
          exchange.received->is_success()
              ? plugboard_fuzz::selector_for(Endpoints{}, exchange.sent.verb, path)
              : static_cast<std::uint8_t>(Endpoints::size);
      char name[128];
      std::snprintf(name, sizeof name, "%02d-%s", ++count_, operation.c_str());
      std::ofstream file(dir_ / name, std::ios::binary);
      file.put(static_cast<char>(selector));
      file << exchange.received->body;
    }
  }

 private:
  fs::path dir_;
  std::string base_path_;
  int count_ = 0;
};

void walk(plugboard::type_tag<plugboard::providers::service>, plugboard::sandbox::server& sandbox,
          const fs::path& root) {
  sandbox.mount<plugboard::sandbox::providers_fake>("/providers");
  wire w;
  plugboard::providers::client<wire> admin(sandbox.url("/providers"),
                                           plugboard::providers::api_key(""), w);
  auto api = admin.connector_providers();
  writer<plugboard::providers::service::endpoints> out(root, "providers", "/providers");
  out.step("list", w, [&] { api.list(); });
  out.step("get", w, [&] { api.get("github"); });
  out.step("get-missing", w, [&] { api.get("nope"); });
  out.step("setup", w, [&] { api.setup("github", {{"client_id", "a"}, {"client_secret", "b"}}); });
  out.step("setup-invalid", w, [&] { api.setup("github", {{"client_id", "a"}}); });
}

void walk(plugboard::type_tag<plugboard::fivetran::service>, plugboard::sandbox::server& sandbox,
          const fs::path& root) {
  sandbox.mount<plugboard::sandbox::fivetran_fake>("/fivetran");
  wire w;
  plugboard::fivetran::client<wire> account(
      sandbox.url("/fivetran"),
      plugboard::fivetran::api_key("sandbox-api-key", "sandbox-api-secret"), w);
  auto api = account.connector_management();
  writer<plugboard::fivetran::service::endpoints> out(root, "fivetran", "/fivetran");
  std::string id;
  out.step("metadata_connectors", w, [&] { api.metadata_connectors(std::nullopt, 3); });
  out.step("metadata_connector_config", w, [&] { api.metadata_connector_config("google_sheets"); });
  out.step("create_connector", w, [&] {
    plugboard::fivetran::new_connector_request r;
    r.group_id = "projected_sickle";
    r.service = "google_sheets";
    r.config = {{"schema", "sheets"}, {"table", "orders"}};
    id = api.create_connector(r).data.id;
  });
  out.step("connector_details", w, [&] { api.connector_details(id); });
  out.step("run_setup_tests", w, [&] { api.run_setup_tests(id); });
  out.step("modify_connector", w, [&] {
    plugboard::fivetran::update_connector_request changes;
    changes.paused = true;
    api.modify_connector(id, changes);
  });
  out.step("connect_card", w, [&] { api.connect_card(id); });
  out.step("sync_connector", w, [&] { api.sync_connector(id); });
  out.step("resync_connector", w, [&] { api.resync_connector(id); });
  out.step("delete_connector", w, [&] { api.delete_connector(id); });
  out.step("connector_details-missing", w, [&] { api.connector_details(id); });
}

void walk(plugboard::type_tag<plugboard::pipeshub::service>, plugboard::sandbox::server& sandbox,
          const fs::path& root) {
  namespace pipeshub = plugboard::pipeshub;
  auto& fake = sandbox.mount<plugboard::sandbox::pipeshub_fake>("/pipeshub");
  wire w;
  pipeshub::client<wire> client(sandbox.url("/pipeshub/api/v1"),
                                plugboard::bearer_auth("admin-token"), w);
  auto api = client.connector_instances();
  writer<plugboard::pipeshub::service::endpoints> out(root, "pipeshub", "/pipeshub/api/v1");
  for (const auto shape : {plugboard::sandbox::pipeshub_fake::shape::server,
                           plugboard::sandbox::pipeshub_fake::shape::sdk}) {
    fake.set_shape(shape);
    std::string id;
    out.step("list", w, [&] { api.list(); });
    out.step("create", w, [&] {
      id = api.create("confluence", "Docs Wiki", pipeshub::connector_scope::team).connector_id;
    });
    out.step("get", w, [&] { api.get(id); });
    out.step("list_configured", w, [&] { api.list_configured(); });
    out.step("list_active", w, [&] { api.list_active(); });
    out.step("list_inactive", w, [&] { api.list_inactive(); });
    out.step("list_active_agents", w, [&] { api.list_active_agents(); });
    out.step("update_name", w, [&] { api.update_name(id, "Team Wiki"); });
    out.step("delete_", w, [&] { api.delete_(id); });
    out.step("get-missing", w, [&] { api.get(id); });
  }
}

void walk(plugboard::type_tag<plugboard::pieces::service>, plugboard::sandbox::server& sandbox,
          const fs::path& root) {
  namespace pieces = plugboard::pieces;
  sandbox.mount<plugboard::sandbox::pieces_fake>("/pieces");
  wire w;
  pieces::client<wire> os(sandbox.url("/pieces"), pieces::application_id(""), w);
  auto api = os.connector();
  writer<plugboard::pieces::service::endpoints> out(root, "pieces", "/pieces");
  std::string application;
  out.step("connect", w, [&] {
    pieces::seeded_connector_connection c;
    c.application.name = pieces::application_name_enum::open_source;
    c.application.version = "1.0.0";
    c.application.platform = pieces::platform_enum::linux_;
    application = api.connect(c).application.id;
  });
  auto app = api.for_application(application);
  const auto snippet = pieces::seeded_connector_asset::from_code("print('hello')", "py");
  out.step("suggest", w, [&] { app.suggest(pieces::seeded_connector_creation{snippet}); });
  out.step("react", w, [&] {
    app.react(pieces::reaction{true, pieces::seeded_connector_creation{snippet}});
  });
  out.step("suggest-after-save", w,
           [&] { app.suggest(pieces::seeded_connector_creation{snippet}); });
  out.step("onboarded", w, [&] { app.onboarded(true); });
  out.step("intention", w, [&] { app.intention(snippet); });
  out.step("track", w,
           [&] { app.track(pieces::tracking::session(pieces::session_event::initialized)); });
  out.step("suggest-unknown-application", w, [&] { api.suggest("nope"); });
  out.step("get_well_known_health", w, [&] { os.well_known().get_well_known_health(); });
  out.step("get_well_known_version", w, [&] { os.well_known().get_well_known_version(); });
  out.step("applications_register", w, [&] {
    auto registered = api.connect().application;
    registered.descriptor = "plugboard-fuzz";
    os.applications().applications_register(registered);
  });
  std::string session;
  out.step("applications_session_open", w,
           [&] { session = os.applications().applications_session_open().id; });
  out.step("applications_session_close", w,
           [&] { os.applications().applications_session_close(session); });
  out.step("applications_session_close-unknown", w,
           [&] { os.applications().applications_session_close("nope"); });
}

void walk(plugboard::type_tag<plugboard::fortisoar::service>, plugboard::sandbox::server& sandbox,
          const fs::path& root) {
  namespace fsr = plugboard::fortisoar;
  using fake = plugboard::sandbox::fortisoar_fake;
  sandbox.mount<fake>("/fortisoar");
  wire w;
  fsr::client<wire, fsr::password_auth> soar(sandbox.url("/fortisoar"),
                                             fsr::password_auth("csadmin", "changeme"), w);
  auto connectors = soar.connectors();
  auto agents = soar.agents();
  writer<plugboard::fortisoar::service::endpoints> out(root, "fortisoar", "/fortisoar");
  out.step("list_configured", w, [&] { connectors.list_configured(); });
  out.step("connector_detail", w, [&] { connectors.connector_detail("virustotal"); });
  out.step("list_configurations", w, [&] { connectors.list_configurations(); });
  out.step("healthcheck", w, [&] { connectors.healthcheck("virustotal"); });
  out.step("execute", w, [&] {
    connectors.execute("virustotal", "get_reputation_ip", {{"ip", "8.8.8.8"}});
  });
  out.step("execute-missing-parameter", w,
           [&] { connectors.execute("virustotal", "get_reputation_ip", {}); });
  std::string entity;
  out.step("dev_list", w, [&] { entity = connectors.dev_list().at(0).id.value; });
  out.step("dev_edit", w, [&] { connectors.dev_edit(entity); });
  out.step("dev_read_file", w,
           [&] { connectors.dev_read_file(entity, "/hello-world_1_0_0_dev/info.json"); });
  out.step("dev_write_file", w, [&] {
    connectors.dev_write_file(entity, "/hello-world_1_0_0_dev/info.json",
                              "{\"version\":\"1.0.1\"}");
  });
  out.step("dev_publish", w, [&] {
    fsr::dev_publish_options how;
    how.replace = true;
    connectors.dev_publish(entity, how);
  });
  out.step("install", w, [&] {
    fsr::install_options how;
    how.wait = true;
    how.interval = std::chrono::milliseconds(1);
    connectors.install("abuseipdb", "2.0.0", how);
  });
  out.step("install_from_file", w, [&] {
    connectors.install_from_file(fsr::connector_archive{
        "hello-world-2.0.0.tgz", std::string("\x1f\x8b\x08\x00", 4) + "archive", ""});
  });
  out.step("uninstall", w, [&] { connectors.uninstall("abuseipdb"); });
  out.step("heartbeat", w, [&] { agents.heartbeat(fake::edge_agent); });
  out.step("install_connector", w, [&] {
    agents.install_connector(fake::edge_agent, {"cyops_utilities", "3.7.1"});
  });
  out.step("upgrade_connector", w, [&] {
    agents.upgrade_connector(fake::edge_agent, {"cyops_utilities", "3.7.2"});
  });
  out.step("uninstall_connector", w, [&] {
    agents.uninstall_connector(fake::edge_agent, {"cyops_utilities", "3.7.2"});
  });
  out.step("heartbeat-missing", w, [&] { agents.heartbeat("nope"); });
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s <corpus directory>\n", argv[0]);
    return 2;
  }
  const fs::path root = argv[1];
  plugboard::sandbox::server sandbox;
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) { walk(tag, sandbox, root); });
  return 0;
}
