// SPDX-License-Identifier: MIT
// FortiSOAR connectors and agents, in the order of pyfsr's
// examples/manage_connectors.py: discover what is installed, inspect and run
// a connector, edit one in the dev workspace, install from Content Hub and
// from a file, uninstall, then manage a connector on a remote agent.
#include <chrono>
#include <string>

#include "plugboard/fortisoar/traits.hpp"
#include "plugboard/sandbox/fortisoar.hpp"

#include "tour.hpp"

namespace {

using service = plugboard::fortisoar::service;

void tour_every_operation(tour::context& ctx) {
  using plugboard::sandbox::fortisoar_fake;
  namespace fsr = plugboard::fortisoar;
  if (ctx.embedded()) ctx.sandbox->mount<fortisoar_fake>(std::string(service::sandbox_prefix));
  tour::wire w;
  // Username and password, as in the walkthrough (fsr::password_auth, or
  // fsr::api_key(key) with the default client type); against a real
  // appliance, whichever the environment gives.
  fsr::client<tour::wire, fsr::any_auth> soar(
      ctx.base_url<service>(),
      ctx.auth<service>({{"FORTISOAR_USERNAME", "csadmin"}, {"FORTISOAR_PASSWORD", "changeme"}}),
      w);
  auto connectors = soar.connectors();
  auto agents = soar.agents();
  const auto step = [&](const char* operation, auto&& call) {
    ctx.report.step(service::name, operation, w, call);
  };
  const auto write = [&](const char* operation, auto&& call) {
    ctx.report.write(service::name, operation, w, call);
  };
  // The connector to inspect: virustotal, or on a real appliance without it
  // the first installed one; and the agent of the heartbeat.
  std::string subject = "virustotal";
  std::string agent = fortisoar_fake::edge_agent;

  step("list_configured", [&] {
    std::string names;
    const auto all = connectors.list_configured();
    bool has_subject = false;
    for (const auto& c : all) {
      names += (names.empty() ? "" : ", ") + c.name + " " + c.version;
      has_subject = has_subject || c.name == subject;
    }
    if (!ctx.embedded() && !all.empty()) {
      if (!has_subject) subject = all.front().name;
      agent = all.front().agent.value_or("");
    }
    return std::to_string(all.size()) + " installed: " + names;
  });
  step("resolve_version", [&] {
    return "virustotal " + connectors.resolve_version("virustotal").value_or("not installed") +
           " (from the cached list: no request)";
  });
  step("connector_detail", [&] {
    const auto detail = connectors.connector_detail(subject);
    std::string ops;
    for (const auto& op : detail.operations) {
      std::string required;
      for (const auto& p : op.required_parameters()) required += (required.empty() ? "" : ",") + p;
      ops += (ops.empty() ? "" : "; ") + op.operation + "(" + required + ")";
    }
    return std::to_string(detail.operations.size()) + " operations: " + ops;
  });
  step("list_configurations", [&] {
    fsr::list_configurations_options filter;
    filter.connector = subject;
    filter.active = true;
    const auto page = connectors.list_configurations(filter);
    std::string names;
    for (const auto& c : page.data)
      names += (names.empty() ? "" : ", ") + c.name + " (" + c.config_id + ")";
    return std::to_string(page.data.size()) + " active: " + names;
  });
  step("healthcheck", [&] {
    const auto health = connectors.healthcheck(subject);
    return health.status + ": " + health.message.value_or("");
  });
  write("execute", [&] {
    const auto out = connectors.execute("virustotal", "get_reputation_ip", {{"ip", "8.8.8.8"}});
    const bool has_verdict = out.data.contains("verdict") && out.data["verdict"].is_string();
    return out.status + ", verdict " + (has_verdict ? out.data["verdict"].get<std::string>() : "?");
  });

  std::string entity_id;
  std::string info_path;
  step("dev_list", [&] {
    const auto workspace = connectors.dev_list();
    if (workspace.empty()) return std::string("the dev workspace is empty");
    entity_id = workspace.front().id.value;
    info_path = workspace.front().dev_path.value_or("") + "/info.json";
    return std::to_string(workspace.size()) + " checked out: " + workspace.front().name + " id " +
           entity_id;
  });
  write("dev_edit", [&] {
    const auto entity = connectors.dev_edit(entity_id);
    return entity.name + " " + entity.version.value_or("?") + " open for editing";
  });
  step("dev_read_file", [&] {
    if (entity_id.empty()) throw tour::skipped{"nothing checked out to read"};
    const auto file = connectors.dev_read_file(entity_id, info_path);
    return info_path + ": " + std::to_string(file.file_content.value_or("").size()) + " bytes";
  });
  write("dev_write_file", [&] {
    connectors.dev_write_file(
        entity_id, info_path,
        plugboard::json{{"name", "hello-world"}, {"version", "1.0.1"}, {"label", "Hello World"}}
            .dump());
    return "staged " + info_path + " with version 1.0.1";
  });
  write("dev_publish", [&] {
    fsr::dev_publish_options publish;
    publish.replace = true;
    const auto published = connectors.dev_publish(entity_id, publish);
    return "published " + published.name + " " + published.version;
  });

  std::string job_id;
  write("install", [&] {
    fsr::install_options waiting;
    waiting.wait = true;
    waiting.interval = std::chrono::milliseconds(20);  // pyfsr polls every 3 s
    const auto out = connectors.install("abuseipdb", "2.0.0", waiting);
    job_id = out.job_id.value_or("");
    return std::string(fsr::to_string(out.state)) + " after " + std::to_string(out.polls) +
           " polls of job " + job_id;
  });
  step("install_status", [&] {
    if (job_id.empty()) throw tour::skipped{"needs --allow-writes: no import job was started"};
    const auto job = connectors.install_status(job_id);
    return "job " + job_id + ": " + job.status;
  });
  write("install_from_file", [&] {
    const std::string tgz = std::string("\x1f\x8b\x08\x00", 4) + "...the connector archive...";
    const auto out =
        connectors.install_from_file(fsr::connector_archive{"hello-world-2.0.0.tgz", tgz, ""});
    return "uploaded " + out.response.name.value_or("?") + " " +
           out.response.version.value_or("?") + " (" + std::string(fsr::to_string(out.state)) + ")";
  });
  write("uninstall", [&] {
    connectors.uninstall("abuseipdb");
    return std::string("abuseipdb removed from the appliance: 204 No Content");
  });

  step("heartbeat", [&] {
    if (agent.empty()) throw tour::skipped{"no agent known"};
    const auto beat = agents.heartbeat(agent);
    return "agent " + beat.agent.value_or("?").substr(0, 8) + "...: " + beat.status.value_or("?");
  });
  write("install_connector", [&] {
    return "cyops_utilities 3.7.1: " +
           agents.install_connector(agent, {"cyops_utilities", "3.7.1"}).result.value_or("?");
  });
  write("upgrade_connector", [&] {
    return "cyops_utilities 3.7.2: " +
           agents.upgrade_connector(agent, {"cyops_utilities", "3.7.2"}).status.value_or("?");
  });
  write("uninstall_connector", [&] {
    return agents.uninstall_connector(agent, {"cyops_utilities", "3.7.2"}).message.value_or("done");
  });
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
