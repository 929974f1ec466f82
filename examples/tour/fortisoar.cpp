// SPDX-License-Identifier: MIT
// FortiSOAR connectors and agents, in the order of pyfsr's
// examples/manage_connectors.py: discover what is installed, inspect and run
// a connector, edit one in the dev workspace, install from Content Hub and
// from a file, uninstall, then manage a connector on a remote agent; then
// configurations (create, ensure_configured twice, set the default keeping
// its secrets, a validation failure), the fleet (healthcheck_all,
// ensure_version), agent records and import jobs.
#include <chrono>
#include <string>

#include "plugboard/fortisoar/configurations.hpp"
#include "plugboard/fortisoar/connector_introspection.hpp"
#include "plugboard/fortisoar/fleet_health.hpp"
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

  // ---- configurations: the flows of fortisoar/configurations.hpp ----------------------------
  const plugboard::json settings = {{"server_url", "https://www.virustotal.com"},
                                    {"api_key", "tour-secret"}};
  std::string config_id;
  write("create_configuration", [&] {
    std::string refused;
    try {  // validated before anything is sent: proxy mode needs a proxy_url
      fsr::create_configuration(soar, "virustotal", "tour-proxy",
                                {{"api_key", "k"}, {"auth_mode", "proxy"}, {"colour", "red"}});
    } catch (const fsr::config_validation_error& e) {
      refused = "missing " + fsr::detail::join_names(e.missing()) + ", unknown " +
                fsr::detail::join_names(e.unknown());
    }
    const auto made = fsr::create_configuration(soar, "virustotal", "tour-prod", settings);
    config_id = made.config_id;
    return "created tour-prod (api_key echoed " + made.config.value("api_key", "?") +
           "); refused tour-proxy first: " + refused;
  });
  write("update_configuration", [&] {
    plugboard::json moved = settings;
    moved["server_url"] = "https://vt.example.com";
    const auto first = fsr::ensure_configured(soar, "virustotal", "tour-prod", moved);
    const auto again = fsr::ensure_configured(soar, "virustotal", "tour-prod", moved);
    const auto made_default = fsr::set_default_configuration(soar, "virustotal", "tour-prod");
    return "ensure_configured " + std::string(fsr::to_string(first.outcome)) + ", then " +
           std::string(fsr::to_string(again.outcome)) + " (no write); default now " +
           made_default.name + ", whole record PUT with its secret";
  });
  step("get_configuration", [&] {
    if (config_id.empty()) throw tour::skipped{"needs --allow-writes: nothing was created"};
    const auto record = fsr::get_configuration(soar, config_id);
    std::string strict;
    try {
      fsr::resolve_configuration(soar, "virustotal", std::string("no-such-name"));
    } catch (const fsr::configuration_not_found& e) {
      strict = "an unknown name is an error: " + fsr::detail::join_names(e.available());
    }
    return record.name + (record.is_default ? " (default)" : "") + ", api_key answered " +
           (record.config.value("api_key", "") == "tour-secret" ? "in clear!" : "encrypted") +
           "; " + strict;
  });
  step("dependencies_check", [&] {
    const auto deps = fsr::dependencies_check(soar, "virustotal", "3.1.0");
    return deps.message.value_or("?");
  });
  step("healthcheck_all", [&] {
    const auto fleet = fsr::healthcheck_all(soar);
    return "healthcheck_all: " + std::to_string(fleet.healthy_count()) + " of " +
           std::to_string(fleet.connectors.size()) +
           " healthy; not: " + fsr::detail::join_names(fleet.unhealthy());
  });
  write("ensure_version", [&] {
    fsr::ensure_version_options waiting;
    waiting.interval = std::chrono::milliseconds(20);
    const auto out = fsr::ensure_version(soar, "virustotal", "3.2.1", waiting);
    return "ensure_version virustotal 3.2.1: " + std::string(fsr::to_string(out.outcome)) +
           " from " + out.previous_version.value_or("nothing");
  });
  write("delete_configuration", [&] {
    if (config_id.empty()) throw tour::skipped{"needs --allow-writes: nothing was created"};
    fsr::delete_configuration(soar, config_id);
    return "deleted " + config_id + ": 204 No Content";
  });

  // ---- agent records and import jobs: generated groups ----------------------------------------
  auto records = soar.agent_records();
  std::string router;
  std::string new_agent;
  std::string new_hash;
  step("list_routers", [&] {
    const auto all = records.list_routers();
    const auto& members = all.value("hydra:member", plugboard::json::array());
    if (!members.empty()) router = members[0].value("@id", "");
    return std::to_string(members.size()) + " router(s): " + router;
  });
  step("list_agents", [&] {
    const auto all = records.list_agents();
    return std::to_string(all.value("hydra:member", plugboard::json::array()).size()) +
           " agent records";
  });
  write("create_agent", [&] {
    fsr::api::create_agent_request body;
    body.name = "tour-edge";
    body.router = router;
    body.installer_type = "/api/3/picklists/d9f874be-3068-4282-9aed-100eba51e61b";  // docker
    const auto made = records.create_agent(body);
    new_agent = made.value("uuid", "");
    new_hash = made.value("agentId", "");
    return "created " + new_agent;
  });
  step("get_agent", [&] {
    if (new_agent.empty()) throw tour::skipped{"needs --allow-writes: no agent was created"};
    const auto record = records.get_agent(new_agent);
    return record.value("name", "?") + ": " +
           record.value("configurationHealth", plugboard::json::object()).value("itemValue", "?");
  });
  step("download_agent_installer", [&] {
    if (new_hash.empty()) throw tour::skipped{"needs --allow-writes: no agent was created"};
    fsr::api::download_agent_installer_request body;
    body.agent = new_hash;
    const auto bytes = records.download_agent_installer(body, std::string("json"));
    return std::to_string(bytes.size()) + " bytes of installer";
  });
  write("delete_agent", [&] {
    if (new_agent.empty()) throw tour::skipped{"needs --allow-writes: no agent was created"};
    records.delete_agent(new_agent);
    return "deleted " + new_agent;
  });
  step("list_connector_agents", [&] {
    records.list_connector_agents(subject, "3.2.1");
    return std::string("answered (the document gives its 200 no body)");
  });
  write("create_import_job", [&] {
    fsr::api::create_import_job_request body;
    body.file = "/api/3/files/tour-export";
    const auto job = soar.import_jobs().create_import_job(body);
    return "job " + job.value("uuid", "?") + ": " + job.value("status", "?");
  });
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
