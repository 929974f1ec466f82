// SPDX-License-Identifier: MIT
// plugboard fortisoar ...: FortiSOAR connectors and agents, with pyfsr's names.
#include "plugboard/fortisoar/client.hpp"

#include "command.hpp"
#include "common/fortisoar_credentials.hpp"
#include "services.hpp"

namespace plugboard_cli {

namespace {

namespace fsr = plugboard::fortisoar;

using plugboard_examples::fortisoar_credentials;
using fortisoar_client = fsr::client<plugboard::http_transport, fortisoar_credentials,
                                     plugboard::default_serializer, plugboard::backoff_retry>;

plugboard::json install_json(const fsr::install_result& out) {
  plugboard::json json = {{"state", std::string(fsr::to_string(out.state))},
                          {"polls", out.polls},
                          {"response", plugboard::codec::encode(out.response)}};
  if (out.job_id) json["job_id"] = *out.job_id;
  if (out.job) json["job"] = plugboard::codec::encode(*out.job);
  return json;
}

// --wait, --wait-interval and --wait-timeout of the two installs (--timeout
// is the HTTP timeout of each request, wherever it is given).
struct wait_options {
  bool wait = false;
  double interval_seconds = 3;
  double timeout_seconds = 300;

  void declare(CLI::App& app) {
    app.add_flag("--wait", wait, "poll the import job until it ends");
    app.add_option("--wait-interval", interval_seconds, "seconds between polls (3; at most 3600)")
        ->type_name("SECONDS")
        ->check(seconds_up_to(3600));
    app.add_option("--wait-timeout", timeout_seconds,
                   "seconds to wait for the job at most (300; at most 86400)")
        ->type_name("SECONDS")
        ->check(seconds_up_to(86400));
  }

  template <class Options>
  Options apply(Options how, const session& s) const {
    how.wait = wait;
    how.interval = milliseconds(interval_seconds);
    how.timeout = milliseconds(timeout_seconds);
    if (wait) {
      // The job's state after each poll, beside the requests.
      how.on_poll = [&s](const fsr::import_job& job) {
        std::string text = "import job: " + job.status;
        if (job.progress_percent)
          text += " (" + std::to_string(static_cast<int>(*job.progress_percent)) + "%)";
        s.report_progress(text, {{"job_status", job.status},
                                 {"progress_percent", job.progress_percent
                                                          ? plugboard::json(*job.progress_percent)
                                                          : plugboard::json()}});
      };
    }
    return how;
  }

  static std::chrono::milliseconds milliseconds(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
};

// The result of an install; exit 6 when its job failed, 7 when --wait gave up.
plugboard::json finish_install(const fsr::install_result& out, const wait_options& how) {
  plugboard::json json = install_json(out);
  const std::string job = out.job_id.value_or("?");
  if (out.failed()) {
    std::string why = out.job ? out.job->error_message.value_or(out.job->status) : std::string();
    throw unsuccessful(exit_failed, "failed", "the import job " + job + " failed: " + why, json);
  }
  if (out.timed_out()) {
    throw unsuccessful(exit_timed_out, "timed_out",
                       "the import job " + job + " had not ended after " +
                           std::to_string(out.polls) + " polls (--wait-timeout " +
                           seconds_text(how.timeout_seconds) +
                           "); it may still end: plugboard fortisoar install_status " + job,
                       json);
  }
  return json;
}

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
                            fortisoar_credentials::from_environment(), s.transport(), s.retry());
  };
  // The connector name is positional wherever an operation takes one.
  using positional = std::vector<std::string>;

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
  configurations.add_option("connector,--connector", filter->connector,
                            "a connector's name (resolved to its install id)");
  configurations.add_option("--name", filter->name, "the configuration's name");
  configurations.add_option("--connector-id", filter->connector_id, "a connector's install id");
  configurations.add_option("--active", *active, "true or false")->check(one_of({"true", "false"}));
  configurations.add_option("--page", filter->page, "1-based")->default_str("1");
  configurations.add_option("--page-size", filter->page_size)->default_str("100");
  on_run(configurations, s, [connect, filter, active] {
    if (!active->empty()) filter->active = *active == "true";
    return result_json(connect().connectors().list_configurations(*filter));
  });

  // Exit 6 unless the configuration is available.
  const command<endpoints::healthcheck> health(service, s, "healthcheck",
                                               std::string(endpoints::healthcheck::summary),
                                               {"body", positional{"name"}});
  health.option("version")->required(false)->description(
      "version (in the path; default: the installed one)");
  health.on_run([health, connect] {
    const auto call = health.descriptor();
    fsr::healthcheck_options how;
    if (!call.version.empty()) how.version = call.version;
    how.config = call.config;
    const auto checked = connect().connectors().healthcheck(call.name, how);
    if (!checked.available()) {
      throw unsuccessful(exit_failed, "failed",
                         "healthcheck of " + call.name + ": " + checked.status + ": " +
                             checked.message.value_or(""),
                         result_json(checked));
    }
    return result_json(checked);
  });

  // Exit 6 unless the operation's status is Success.
  const command<endpoints::execute> execute(service, s, "execute",
                                            std::string(endpoints::execute::summary),
                                            {"body", positional{"connector", "operation"}});
  execute.defaulted("version", "default: the installed version");
  execute.defaulted("config", "default: the connector's default configuration");
  execute.defaulted("params", "default: {}");
  execute.on_run([execute, connect] {
    auto call = execute.descriptor();
    fsr::execute_options how;
    if (!call.body.version.empty()) how.version = call.body.version;  // else the installed one
    if (!call.body.config.empty()) how.config = call.body.config;     // else the default one
    const auto ran = connect().connectors().execute(call.body.connector, call.body.operation,
                                                    std::move(call.body.params), how);
    if (!ran.ok()) {
      throw unsuccessful(exit_failed, "failed",
                         call.body.connector + " " + call.body.operation + ": " + ran.status +
                             ": " + ran.message.value_or(""),
                         result_json(ran));
    }
    return result_json(ran);
  });

  command<endpoints::dev_list>(service, s, "dev_list").call_with(connect);
  command<endpoints::dev_edit>(service, s, "dev_edit").call_with(connect);
  command<endpoints::dev_read_file>(service, s, "dev_read_file").call_with(connect);
  command<endpoints::dev_write_file>(service, s, "dev_write_file").call_with(connect);
  command<endpoints::dev_publish>(service, s, "dev_publish").call_with(connect);

  const command<endpoints::install> install(service, s, "install",
                                            std::string(endpoints::install::summary),
                                            {"body", positional{"name"}});
  auto install_wait = std::make_shared<wait_options>();
  install_wait->declare(install.app());
  install.on_run([install, install_wait, connect, &s] {
    const auto call = install.descriptor();
    const auto how = install_wait->apply(fsr::install_options{}, s);
    if (how.wait) s.show_progress();
    return finish_install(connect().connectors().install(call.body.name, call.body.version, how,
                                                         s.call_for_wait(how.timeout)),
                          *install_wait);
  });

  command<endpoints::install_status>(service, s, "install_status").call_with(connect);

  // The CLI reads the archive itself: a regular file of at most
  // max_archive_bytes, checked before anything is sent.
  CLI::App& upload = *service.add_subcommand("install_from_file",
                                             std::string(endpoints::install_from_file::summary));
  auto file = std::make_shared<std::string>();
  auto replace = std::make_shared<bool>(false);
  auto upload_wait = std::make_shared<wait_options>();
  upload
      .add_option("file,--file", *file,
                  "the connector archive (.tgz), a regular file of at most " +
                      std::to_string(max_archive_bytes >> 20) + " MiB")
      ->required();
  upload.add_flag("--replace", *replace, "overwrite an installed connector of the same version");
  upload_wait->declare(upload);
  on_run(upload, s, [connect, file, replace, upload_wait, &s] {
    fsr::install_from_file_options how = upload_wait->apply(fsr::install_from_file_options{}, s);
    how.replace = *replace;
    fsr::connector_archive archive;
    archive.filename = fsr::detail::base_name(*file);
    archive.data = read_regular_file(*file, max_archive_bytes, "--file");
    if (archive.data.empty()) throw plugboard::usage_error("--file", "'" + *file + "' is empty");
    if (how.wait) s.show_progress();
    return finish_install(connect().connectors().install_from_file(std::move(archive), how,
                                                                   s.call_for_wait(how.timeout)),
                          *upload_wait);
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

  const command<endpoints::install_connector> agent_install(
      service, s, "install_connector", std::string(endpoints::install_connector::summary),
      {"body", positional{"name"}});
  agent_install.option("format")->group("");  // always json
  agent_install.defaulted("label", "default: the name");
  agent_install.defaulted("rpm-full-name", "default: empty");
  agent_install.defaulted("category", "default: none");
  agent_install.defaulted("description", "default: empty");
  agent_install.defaulted("publisher", "default: Fortinet");
  agent_install.on_run([agent_install, connect] {
    auto call = agent_install.descriptor();
    if (call.body.label.empty()) call.body.label = call.body.name;  // as the facade does
    return result_json(connect().core().call(call));
  });
  const command<endpoints::upgrade_connector> upgrade(
      service, s, "upgrade_connector", std::string(endpoints::upgrade_connector::summary),
      {"body", positional{"name"}});
  upgrade.option("format")->group("");
  upgrade.call_with(connect);
  const command<endpoints::uninstall_connector> agent_uninstall(
      service, s, "uninstall_connector", std::string(endpoints::uninstall_connector::summary),
      {"body", positional{"name"}});
  agent_uninstall.option("format")->group("");
  agent_uninstall.call_with(connect);
  command<endpoints::heartbeat>(service, s, "heartbeat").call_with(connect);
}

}  // namespace plugboard_cli
