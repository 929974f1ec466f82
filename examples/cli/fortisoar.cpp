// plugboard fortisoar ...: FortiSOAR connectors and agents, with pyfsr's names.
#include "plugboard/fortisoar/client.hpp"

#include "command.hpp"
#include "common/fortisoar_credentials.hpp"
#include "services.hpp"

namespace plugboard_cli {

namespace {

namespace fsr = plugboard::fortisoar;

using plugboard_examples::fortisoar_credentials;
using fortisoar_client = fsr::client<plugboard::http_transport, fortisoar_credentials>;

plugboard::json install_json(const fsr::install_result& out) {
  plugboard::json json = {{"state", std::string(fsr::to_string(out.state))},
                          {"polls", out.polls},
                          {"response", plugboard::codec::encode(out.response)}};
  if (out.job_id) json["job_id"] = *out.job_id;
  if (out.job) json["job"] = plugboard::codec::encode(*out.job);
  return json;
}

// --wait, --interval and --timeout of the two installs.
struct wait_options {
  bool wait = false;
  double interval_seconds = 3;
  double timeout_seconds = 300;

  void declare(CLI::App& app) {
    app.add_flag("--wait", wait, "poll the import job until it ends");
    app.add_option("--interval", interval_seconds, "seconds between polls")->default_str("3");
    app.add_option("--timeout", timeout_seconds, "seconds to wait at most")->default_str("300");
  }
  static std::chrono::milliseconds milliseconds(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
};

}  // namespace

void add_fortisoar(CLI::App& root, session& s) {
  namespace endpoints = fsr::endpoints;
  CLI::App& service = add_service(
      root, "fortisoar", "FortiSOAR connectors and agents (pyfsr's connectors, agents)",
      "Environment:\n"
      "  FORTISOAR_BASE_URL  the appliance, e.g. https://soar.example.com (or --base-url), "
      "required\n"
      "  FORTISOAR_API_KEY   an API key, or else:\n"
      "  FORTISOAR_USERNAME and FORTISOAR_PASSWORD  a login (then a bearer token)\n");
  const auto connect = [&s] {
    return fortisoar_client(s.client_options(s.base_url("FORTISOAR_BASE_URL")),
                            fortisoar_credentials::from_environment(), s.transport());
  };

  // ---- connectors ------------------------------------------------------------------

  const command<endpoints::list_configured> list(service, s, "list_configured");
  list.add_switch("--all", "every installed connector, following every page (one array)");
  list.on_run([list, connect, &s] {
    if (!list.given("all")) return result_json(connect().core().call(list.descriptor()));
    s.show_progress();
    return result_json(connect().connectors().list_configured());
  });

  CLI::App& resolve = *service.add_subcommand(
      "resolve_version", "The installed version of a connector, or null (reads list_configured)");
  auto resolve_name = std::make_shared<std::string>();
  resolve.add_option("name,--name", *resolve_name, "the connector's name (exact)")->required();
  on_run(resolve, s, [connect, resolve_name] {
    return result_json(connect().connectors().resolve_version(*resolve_name));
  });

  CLI::App& detail = *service.add_subcommand("connector_detail",
                                             std::string(endpoints::connector_detail::summary));
  auto detail_name = std::make_shared<std::string>();
  detail
      .add_option("name,--name", *detail_name, "the connector's name (resolved to its install id)")
      ->required();
  on_run(detail, s, [connect, detail_name] {
    return result_json(connect().connectors().connector_detail(*detail_name));
  });

  CLI::App& configurations = *service.add_subcommand(
      "list_configurations", std::string(endpoints::list_configurations::summary));
  auto filter = std::make_shared<fsr::list_configurations_options>();
  auto active = std::make_shared<std::string>();
  configurations.add_option("--name", filter->name, "the configuration's name");
  configurations.add_option("--connector", filter->connector,
                            "a connector's name (resolved to its install id)");
  configurations.add_option("--connector-id", filter->connector_id, "a connector's install id");
  configurations.add_option("--active", *active, "true or false")
      ->check(CLI::IsMember({"true", "false"}));
  configurations.add_option("--page", filter->page, "1-based")->default_str("1");
  configurations.add_option("--page-size", filter->page_size)->default_str("100");
  on_run(configurations, s, [connect, filter, active] {
    if (!active->empty()) filter->active = *active == "true";
    return result_json(connect().connectors().list_configurations(*filter));
  });

  const command<endpoints::healthcheck> health(service, s, "healthcheck");
  health.option("version")->required(false)->description(
      "version (in the path; default: the installed one)");
  health.on_run([health, connect] {
    const auto call = health.descriptor();
    fsr::healthcheck_options how;
    if (!call.version.empty()) how.version = call.version;
    how.config = call.config;
    return result_json(connect().connectors().healthcheck(call.name, how));
  });

  const command<endpoints::execute> execute(service, s, "execute");
  execute.on_run([execute, connect] {
    auto call = execute.descriptor();
    fsr::execute_options how;
    if (!call.body.version.empty()) how.version = call.body.version;  // else the installed one
    if (!call.body.config.empty()) how.config = call.body.config;     // else the default one
    return result_json(connect().connectors().execute(call.body.connector, call.body.operation,
                                                      std::move(call.body.params), how));
  });

  command<endpoints::dev_list>(service, s, "dev_list").call_with(connect);
  command<endpoints::dev_edit>(service, s, "dev_edit").call_with(connect);
  command<endpoints::dev_read_file>(service, s, "dev_read_file").call_with(connect);
  command<endpoints::dev_write_file>(service, s, "dev_write_file").call_with(connect);
  command<endpoints::dev_publish>(service, s, "dev_publish").call_with(connect);

  const command<endpoints::install> install(service, s, "install");
  auto install_wait = std::make_shared<wait_options>();
  install_wait->declare(install.app());
  install.on_run([install, install_wait, connect, &s] {
    const auto call = install.descriptor();
    fsr::install_options how;
    how.wait = install_wait->wait;
    how.interval = wait_options::milliseconds(install_wait->interval_seconds);
    how.timeout = wait_options::milliseconds(install_wait->timeout_seconds);
    if (how.wait) s.show_progress();
    return install_json(connect().connectors().install(call.body.name, call.body.version, how));
  });

  command<endpoints::install_status>(service, s, "install_status").call_with(connect);

  CLI::App& upload = *service.add_subcommand("install_from_file",
                                             std::string(endpoints::install_from_file::summary));
  auto file = std::make_shared<std::string>();
  auto replace = std::make_shared<bool>(false);
  auto upload_wait = std::make_shared<wait_options>();
  upload.add_option("--file", *file, "the connector archive (.tgz)")->required();
  upload.add_flag("--replace", *replace, "overwrite an installed connector of the same version");
  upload_wait->declare(upload);
  on_run(upload, s, [connect, file, replace, upload_wait, &s] {
    fsr::install_from_file_options how;
    how.replace = *replace;
    how.wait = upload_wait->wait;
    how.interval = wait_options::milliseconds(upload_wait->interval_seconds);
    how.timeout = wait_options::milliseconds(upload_wait->timeout_seconds);
    if (how.wait) s.show_progress();
    try {
      return install_json(connect().connectors().install_from_file(*file, how));
    } catch (const plugboard::usage_error& e) {
      if (e.argument() != "path") throw;
      throw plugboard::usage_error("--file", e.problem());
    }
  });

  CLI::App& uninstall =
      *service.add_subcommand("uninstall", std::string(endpoints::uninstall::summary));
  auto uninstall_name = std::make_shared<std::string>();
  uninstall
      .add_option("name,--name", *uninstall_name,
                  "the connector's name (resolved to its install id)")
      ->required();
  on_run(uninstall, s, [connect, uninstall_name] {
    return result_json(connect().connectors().uninstall(*uninstall_name));
  });

  // ---- agents ------------------------------------------------------------------------

  const command<endpoints::install_connector> agent_install(service, s, "install_connector");
  agent_install.option("format")->group("");  // always json
  agent_install.on_run([agent_install, connect] {
    auto call = agent_install.descriptor();
    if (call.body.label.empty()) call.body.label = call.body.name;  // as the facade does
    return result_json(connect().core().call(call));
  });
  const command<endpoints::upgrade_connector> upgrade(service, s, "upgrade_connector");
  upgrade.option("format")->group("");
  upgrade.call_with(connect);
  const command<endpoints::uninstall_connector> agent_uninstall(service, s, "uninstall_connector");
  agent_uninstall.option("format")->group("");
  agent_uninstall.call_with(connect);
  command<endpoints::heartbeat>(service, s, "heartbeat").call_with(connect);
}

}  // namespace plugboard_cli
