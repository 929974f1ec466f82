// SPDX-License-Identifier: MIT
// plugboard fortisoar ...: what differs from the generic commands (name
// look-ups, install flows, positional connector names), with pyfsr's names.
#include "plugboard/fortisoar/traits.hpp"
#include "services.hpp"

namespace plugboard_cli {

namespace {

namespace fsr = plugboard::fortisoar;

using fortisoar_commands = service_commands<fsr::service>;

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
  Options apply(Options settings, const session& s) const {
    settings.wait = wait;
    settings.interval = milliseconds(interval_seconds);
    settings.timeout = milliseconds(timeout_seconds);
    if (wait) {
      // The job's state after each poll, beside the requests.
      settings.on_poll = [&s](const fsr::import_job& job) {
        std::string text = "import job: " + job.status;
        if (job.progress_percent)
          text += " (" + std::to_string(static_cast<int>(*job.progress_percent)) + "%)";
        s.report_progress(text, {{"job_status", job.status},
                                 {"progress_percent", job.progress_percent
                                                          ? plugboard::json(*job.progress_percent)
                                                          : plugboard::json()}});
      };
    }
    return settings;
  }

  static std::chrono::milliseconds milliseconds(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
  }
};

// The result of an install; exit 6 when its job failed, 7 when --wait gave up.
plugboard::json finish_install(const fsr::install_result& out, const wait_options& wait) {
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
                           seconds_text(wait.timeout_seconds) +
                           "); it may still end: plugboard fortisoar install_status " + job,
                       json);
  }
  return json;
}

// A command written by hand (a name resolved on the client) for the
// operation E: its name and summary are the descriptor's.
template <class E>
CLI::App& by_hand(fortisoar_commands& commands) {
  using traits = plugboard::endpoint_traits<E>;
  return *commands.app().add_subcommand(std::string(traits::operation),
                                        std::string(traits::summary));
}

void customize(fortisoar_commands& commands) {
  namespace endpoints = fsr::endpoints;
  // The connector name is positional wherever an operation takes one.
  using positional = std::vector<std::string>;

  // ---- connectors ------------------------------------------------------------------

  commands.replace<endpoints::list_configured>([&commands] {
    const command<endpoints::list_configured> list(commands.app(), commands.shared());
    list.add_switch("--all", "every installed connector, following every page (one array)");
    list.on_run([list, commands] {
      if (!list.given("all")) return result_json(commands.connect().core().call(list.descriptor()));
      commands.shared().show_progress();
      return result_json(commands.connect().connectors().list_configured());
    });
  });

  // The one operation that is no descriptor: it reads list_configured.
  commands.add_after<endpoints::list_configured>([&commands] {
    CLI::App& resolve = *commands.app().add_subcommand(
        "resolve_version", "The installed version of a connector, or null (reads list_configured)");
    auto name = std::make_shared<std::string>();
    resolve.add_option("name,--name", *name, "the connector's name (exact)")->required();
    on_run(resolve, commands.shared(), [commands, name] {
      return result_json(commands.connect().connectors().resolve_version(*name));
    });
  });

  commands.replace<endpoints::connector_detail>([&commands] {
    CLI::App& detail = by_hand<endpoints::connector_detail>(commands);
    auto name = std::make_shared<std::string>();
    detail.add_option("name,--name", *name, "the connector's name (resolved to its install id)")
        ->required();
    on_run(detail, commands.shared(), [commands, name] {
      return result_json(commands.connect().connectors().connector_detail(*name));
    });
  });

  commands.replace<endpoints::list_configurations>([&commands] {
    CLI::App& configurations = by_hand<endpoints::list_configurations>(commands);
    auto filter = std::make_shared<fsr::list_configurations_options>();
    auto active = std::make_shared<std::string>();
    configurations.add_option("connector,--connector", filter->connector,
                              "a connector's name (resolved to its install id)");
    configurations.add_option("--name", filter->name, "the configuration's name");
    configurations.add_option("--connector-id", filter->connector_id, "a connector's install id");
    configurations.add_option("--active", *active, "true or false")
        ->check(one_of({"true", "false"}));
    configurations.add_option("--page", filter->page, "1-based")->default_str("1");
    configurations.add_option("--page-size", filter->page_size)->default_str("100");
    on_run(configurations, commands.shared(), [commands, filter, active] {
      if (!active->empty()) filter->active = *active == "true";
      return result_json(commands.connect().connectors().list_configurations(*filter));
    });
  });

  // Exit 6 unless the configuration is available.
  commands.replace<endpoints::healthcheck>([&commands] {
    const command<endpoints::healthcheck> health(commands.app(), commands.shared(),
                                                 {"body", positional{"name"}});
    health.option("version")->required(false)->description(
        "version (in the path; default: the installed one)");
    health.on_run([health, commands] {
      const auto call = health.descriptor();
      fsr::healthcheck_options settings;
      if (!call.version.empty()) settings.version = call.version;
      settings.config = call.config;
      const auto checked = commands.connect().connectors().healthcheck(call.name, settings);
      if (!checked.available()) {
        throw unsuccessful(exit_failed, "failed",
                           "healthcheck of " + call.name + ": " + checked.status + ": " +
                               checked.message.value_or(""),
                           result_json(checked));
      }
      return result_json(checked);
    });
  });

  // Exit 6 unless the operation's status is Success.
  commands.replace<endpoints::execute>([&commands] {
    const command<endpoints::execute> execute(commands.app(), commands.shared(),
                                              {"body", positional{"connector", "operation"}});
    execute.defaulted("version", "default: the installed version");
    execute.defaulted("config", "default: the connector's default configuration");
    execute.defaulted("params", "default: {}");
    execute.on_run([execute, commands] {
      auto call = execute.descriptor();
      fsr::execute_options settings;
      if (!call.body.version.empty()) settings.version = call.body.version;  // else the installed
      if (!call.body.config.empty()) settings.config = call.body.config;     // else the default
      const auto ran = commands.connect().connectors().execute(
          call.body.connector, call.body.operation, std::move(call.body.params), settings);
      if (!ran.ok()) {
        throw unsuccessful(exit_failed, "failed",
                           call.body.connector + " " + call.body.operation + ": " + ran.status +
                               ": " + ran.message.value_or(""),
                           result_json(ran));
      }
      return result_json(ran);
    });
  });

  commands.replace<endpoints::install>([&commands] {
    const command<endpoints::install> install(commands.app(), commands.shared(),
                                              {"body", positional{"name"}});
    auto wait = std::make_shared<wait_options>();
    wait->declare(install.app());
    install.on_run([install, wait, commands] {
      const session& s = commands.shared();
      const auto call = install.descriptor();
      const auto settings = wait->apply(fsr::install_options{}, s);
      if (settings.wait) commands.shared().show_progress();
      return finish_install(
          commands.connect().connectors().install(call.body.name, call.body.version, settings,
                                                  s.call_for_wait(settings.timeout)),
          *wait);
    });
  });

  // The CLI reads the archive itself: a regular file of at most
  // max_archive_bytes, checked before anything is sent.
  commands.replace<endpoints::install_from_file>([&commands] {
    CLI::App& upload = by_hand<endpoints::install_from_file>(commands);
    auto file = std::make_shared<std::string>();
    auto replace = std::make_shared<bool>(false);
    auto wait = std::make_shared<wait_options>();
    upload
        .add_option("file,--file", *file,
                    "the connector archive (.tgz), a regular file of at most " +
                        std::to_string(max_archive_bytes >> 20) + " MiB")
        ->required();
    upload.add_flag("--replace", *replace, "overwrite an installed connector of the same version");
    wait->declare(upload);
    on_run(upload, commands.shared(), [commands, file, replace, wait] {
      const session& s = commands.shared();
      fsr::install_from_file_options settings = wait->apply(fsr::install_from_file_options{}, s);
      settings.replace = *replace;
      fsr::connector_archive archive;
      archive.filename = fsr::archive_file_name(*file);
      archive.data = read_regular_file(*file, max_archive_bytes, "--file");
      if (archive.data.empty()) throw plugboard::usage_error("--file", "'" + *file + "' is empty");
      if (settings.wait) commands.shared().show_progress();
      return finish_install(commands.connect().connectors().install_from_file(
                                std::move(archive), settings, s.call_for_wait(settings.timeout)),
                            *wait);
    });
  });

  commands.replace<endpoints::uninstall>([&commands] {
    CLI::App& uninstall = by_hand<endpoints::uninstall>(commands);
    auto name = std::make_shared<std::string>();
    uninstall.add_option("name,--name", *name, "the connector's name (resolved to its install id)")
        ->required();
    on_run(uninstall, commands.shared(), [commands, name] {
      return result_json(commands.connect().connectors().uninstall(*name));
    });
  });

  // ---- agents ------------------------------------------------------------------------

  commands.replace<endpoints::install_connector>([&commands] {
    const command<endpoints::install_connector> agent_install(commands.app(), commands.shared(),
                                                              {"body", positional{"name"}});
    agent_install.option("format")->group("");  // always json
    agent_install.defaulted("label", "default: the name");
    agent_install.defaulted("rpm-full-name", "default: empty");
    agent_install.defaulted("category", "default: none");
    agent_install.defaulted("description", "default: empty");
    agent_install.defaulted("publisher", "default: Fortinet");
    agent_install.on_run([agent_install, commands] {
      auto call = agent_install.descriptor();
      if (call.body.label.empty()) call.body.label = call.body.name;  // as the facade does
      return result_json(commands.connect().core().call(call));
    });
  });
  commands.replace<endpoints::upgrade_connector>([&commands] {
    const command<endpoints::upgrade_connector> upgrade(commands.app(), commands.shared(),
                                                        {"body", positional{"name"}});
    upgrade.option("format")->group("");
    upgrade.call_with(commands.connector());
  });
  commands.replace<endpoints::uninstall_connector>([&commands] {
    const command<endpoints::uninstall_connector> agent_uninstall(commands.app(), commands.shared(),
                                                                  {"body", positional{"name"}});
    agent_uninstall.option("format")->group("");
    agent_uninstall.call_with(commands.connector());
  });
}

const customize_commands<fsr::service> registered(&customize);

}  // namespace
}  // namespace plugboard_cli
