// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/fortisoar/models.hpp"

// One descriptor per documented FortiSOAR operation (wire facts:
// docs/api/fortisoar.md). The trailing slash of every
// /api/integration/... path is mandatory: without it the request reaches an
// HMAC-gated handler and gets 403 "Could not validate HMAC fingerprint".
// Names that need a lookup first (connector_detail, uninstall, execute, ...)
// are resolved by the client (fortisoar/client.hpp); descriptors take what
// goes on the wire.
namespace plugboard::fortisoar::endpoints {

// The service these descriptors belong to (core/endpoint.hpp, endpoint_defaults).
constexpr endpoint_defaults defaults_for_endpoints(const void*) noexcept { return {"fortisoar"}; }

// ---- connectors ------------------------------------------------------------------

// GET /api/integration/connectors/?page=N&page_size=M: one page of installed
// connectors. list_configured() in the client follows every page.
struct list_configured {
  std::int64_t page = 1;  // 1-based
  std::int64_t page_size = 100;

  static constexpr std::string_view operation = "list_configured";
  static constexpr std::string_view summary = "List installed connectors (one page)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/api/integration/connectors/";
  static constexpr auto params() {
    return param_list(query_param("page", &list_configured::page),
                      query_param("page_size", &list_configured::page_size));
  }
  using result = list_page<installed_connector>;

  void validate() const {
    if (page < 1) throw usage_error("page", "must be 1 or more");
    if (page_size < 1) throw usage_error("page_size", "must be 1 or more");
  }
};

// POST /api/integration/connectors/{id}/ with the body {} (CONFIRMED). GET
// is refused by the server and a missing body gets 415. Reads only, so it is
// safe to repeat.
struct connector_detail {
  std::int64_t id = 0;  // the install id (installed_connector::id)
  json body = json(json::value_t::object);

  static constexpr std::string_view operation = "connector_detail";
  static constexpr std::string_view summary =
      "Get a connector's full record: operations, parameters, configurations";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/api/integration/connectors/{id}/";
  static constexpr bool idempotent = true;
  static constexpr auto params() {
    return param_list(path_param("id", &connector_detail::id), body_param(&connector_detail::body));
  }
  using result = connector_record;

  void validate() const {
    if (id < 0) throw usage_error("id", "must not be negative");
    if (!body.is_object()) throw usage_error("body", "must be a JSON object");
  }
};

// GET /api/integration/configuration/: one page of saved configurations;
// `page` and `page_size` are always sent, the filters only when set.
struct list_configurations {
  std::int64_t page = 1;
  std::int64_t page_size = 100;
  std::optional<std::string> name;        // the CONFIGURATION's name, not the connector's
  std::optional<std::int64_t> connector;  // the install id; a name gives an error
  // "True" / "False", capitalized as Python's requests sends a bool (what
  // pyfsr sends; whether "true" works too is UNCONFIRMED).
  std::optional<std::string> active;

  static constexpr std::string_view operation = "list_configurations";
  static constexpr std::string_view summary =
      "List saved connector configurations (one page, filterable)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/api/integration/configuration/";
  static constexpr auto params() {
    return param_list(query_param("page", &list_configurations::page),
                      query_param("page_size", &list_configurations::page_size),
                      query_param("name", &list_configurations::name),
                      query_param("connector", &list_configurations::connector),
                      query_param("active", &list_configurations::active));
  }
  using result = list_page<configuration>;

  void validate() const {
    if (page < 1) throw usage_error("page", "must be 1 or more");
    if (page_size < 1) throw usage_error("page_size", "must be 1 or more");
  }
};

// GET /api/integration/connectors/healthcheck/{name}/{version}/[?config=...]:
// without `config` the default configuration is checked.
struct healthcheck {
  std::string name;
  std::string version;
  std::optional<std::string> config;  // a configuration uuid or name

  static constexpr std::string_view operation = "healthcheck";
  static constexpr std::string_view summary =
      "Check that a connector's configuration can reach its service";
  static constexpr method verb = method::get;
  static constexpr std::string_view path =
      "/api/integration/connectors/healthcheck/{name}/{version}/";
  static constexpr auto params() {
    return param_list(path_param("name", &healthcheck::name),
                      path_param("version", &healthcheck::version),
                      query_param("config", &healthcheck::config));
  }
  using result = healthcheck_result;
};

// POST /api/integration/execute/: runs one operation of a connector.
struct execute {
  execute_request body;

  static constexpr std::string_view operation = "execute";
  static constexpr std::string_view summary = "Run one operation of a connector";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/api/integration/execute/";
  static constexpr auto params() { return param_list(body_param(&execute::body)); }
  using result = execute_result;

  void validate() const {
    require_non_empty("connector", body.connector);
    require_non_empty("operation", body.operation);
    if (!body.params.is_object()) throw usage_error("params", "must be a JSON object");
  }
};

// GET /api/integration/connector/development/entity/: the Connector Studio
// workspace (connectors checked out for editing).
struct dev_list {
  static constexpr std::string_view operation = "dev_list";
  static constexpr std::string_view summary = "List the Connector Studio dev workspace";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/api/integration/connector/development/entity/";
  using response_model = any_collection<dev_entity>;
  using result = std::vector<dev_entity>;
};

// POST .../entity/{entity_id}/ {"edit_repo_connector": true}: opens an entity
// for editing; on an installed connector's id it clones a dev twin.
struct dev_edit {
  std::string entity_id;
  dev_edit_request body;

  static constexpr std::string_view operation = "dev_edit";
  static constexpr std::string_view summary =
      "Open a connector for editing (clones a dev twin of an installed one)";
  static constexpr method verb = method::post;
  static constexpr std::string_view path =
      "/api/integration/connector/development/entity/{entity_id}/";
  static constexpr auto params() {
    return param_list(path_param("entity_id", &dev_edit::entity_id), body_param(&dev_edit::body));
  }
  using result = dev_entity;
};

// POST .../entity/{entity_id}/files/ {"xpath": ...}: reads one file.
struct dev_read_file {
  std::string entity_id;
  dev_read_file_request body;

  static constexpr std::string_view operation = "dev_read_file";
  static constexpr std::string_view summary = "Read a file of a dev workspace connector";
  static constexpr method verb = method::post;
  static constexpr std::string_view path =
      "/api/integration/connector/development/entity/{entity_id}/files/";
  static constexpr bool idempotent = true;
  static constexpr auto params() {
    return param_list(path_param("entity_id", &dev_read_file::entity_id),
                      body_param(&dev_read_file::body));
  }
  using result = dev_file;

  void validate() const { require_non_empty("xpath", body.xpath); }
};

// PUT .../entity/{entity_id}/files/ {"fileData": ...}: stages a file until
// dev_publish. Replies with the updated tree view (spec; kept as JSON, and
// empty when the reply has no body).
struct dev_write_file {
  std::string entity_id;
  dev_write_file_request body;

  static constexpr std::string_view operation = "dev_write_file";
  static constexpr std::string_view summary = "Write (stage) a file of a dev workspace connector";
  static constexpr method verb = method::put;
  static constexpr std::string_view path =
      "/api/integration/connector/development/entity/{entity_id}/files/";
  static constexpr auto params() {
    return param_list(path_param("entity_id", &dev_write_file::entity_id),
                      body_param(&dev_write_file::body));
  }
  using result = std::optional<json>;

  void validate() const {
    if (!body.file_data.is_object()) throw usage_error("file_data", "must be a JSON object");
  }
};

// POST .../entity/{entity_id}/publish/ {"replace", "discard"}: installs the
// edited connector and refreshes the integrations workers.
struct dev_publish {
  std::string entity_id;
  dev_publish_request body;

  static constexpr std::string_view operation = "dev_publish";
  static constexpr std::string_view summary = "Publish a dev workspace connector as installed";
  static constexpr method verb = method::post;
  static constexpr std::string_view path =
      "/api/integration/connector/development/entity/{entity_id}/publish/";
  static constexpr auto params() {
    return param_list(path_param("entity_id", &dev_publish::entity_id),
                      body_param(&dev_publish::body));
  }
  using result = connector_record;
};

// POST /api/3/solutionpacks/install {"name","version"}, no query: installs a
// connector from Content Hub and starts an import job.
struct install {
  install_request body;

  static constexpr std::string_view operation = "install";
  static constexpr std::string_view summary =
      "Install a connector from Content Hub (starts an import job)";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/api/3/solutionpacks/install";
  static constexpr auto params() { return param_list(body_param(&install::body)); }
  using result = install_response;

  void validate() const {
    require_non_empty("name", body.name);
    require_non_empty("version", body.version);
  }
};

// GET /api/3/import_jobs/{job_id}?__selectFields=...: one poll of an import
// job (the fields are one comma-joined value, as pyfsr sends them).
struct install_status {
  std::string job_id;
  std::string select_fields = "errorMessage,status,progressPercent,file,currentlyImporting,options";

  static constexpr std::string_view operation = "install_status";
  static constexpr std::string_view summary = "Poll the import job of an install";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/api/3/import_jobs/{job_id}";
  static constexpr auto params() {
    return param_list(path_param("job_id", &install_status::job_id),
                      query_param("__selectFields", &install_status::select_fields));
  }
  using result = import_job;
};

// POST /api/3/solutionpacks/install?$type=connector[&$replace=true] with a
// multipart body holding one part named "file" (the .tgz). The query names
// keep their '$'; `$replace` is left out entirely when false.
struct install_from_file {
  std::string type = "connector";
  std::optional<bool> replace;  // set only when true
  std::vector<multipart_part> file;

  static constexpr std::string_view operation = "install_from_file";
  static constexpr std::string_view summary = "Install (upload) a connector from a .tgz archive";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/api/3/solutionpacks/install";
  static constexpr auto params() {
    return param_list(query_param("$type", &install_from_file::type),
                      query_param("$replace", &install_from_file::replace),
                      body_param(&install_from_file::file));
  }
  using result = install_response;

  void validate() const {
    if (file.size() != 1 || file.front().name != "file") {
      throw usage_error("file", "must be exactly one multipart part named \"file\"");
    }
    require_non_empty("filename", file.front().filename);
  }
};

// DELETE /api/integration/connectors/{id}/: removes the connector from the
// appliance's self-agent (204, no body).
struct uninstall {
  std::int64_t id = 0;

  static constexpr std::string_view operation = "uninstall";
  static constexpr std::string_view summary = "Uninstall a connector from the appliance";
  static constexpr method verb = method::delete_;
  static constexpr std::string_view path = "/api/integration/connectors/{id}/";
  static constexpr auto params() { return param_list(path_param("id", &uninstall::id)); }
  using result = no_content;

  void validate() const {
    if (id < 0) throw usage_error("id", "must not be negative");
  }
};

// ---- agents ----------------------------------------------------------------------

// POST /api/integration/install-connector/?format=json: installs a catalog
// connector on remote agents (`agent` is a list of agent hashes).
struct install_connector {
  install_connector_request body;
  std::string format = "json";

  static constexpr std::string_view operation = "install_connector";
  static constexpr std::string_view summary = "Install a connector on a remote agent";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/api/integration/install-connector/";
  static constexpr auto params() {
    return param_list(query_param("format", &install_connector::format),
                      body_param(&install_connector::body));
  }
  using result = agent_call_result;

  void validate() const {
    require_non_empty("name", body.name);
    require_non_empty("version", body.version);
    if (body.agent.empty()) throw usage_error("agent_id", "must not be empty");
    for (const auto& agent : body.agent) require_non_empty("agent_id", agent);
  }
};

// PUT /api/integration/install-connector/?format=json {"name","version","agent_id"}.
struct upgrade_connector {
  agent_connector_request body;
  std::string format = "json";

  static constexpr std::string_view operation = "upgrade_connector";
  static constexpr std::string_view summary = "Upgrade a connector on a remote agent";
  static constexpr method verb = method::put;
  static constexpr std::string_view path = "/api/integration/install-connector/";
  static constexpr auto params() {
    return param_list(query_param("format", &upgrade_connector::format),
                      body_param(&upgrade_connector::body));
  }
  using result = agent_call_result;

  void validate() const {
    require_non_empty("agent_id", body.agent_id);
    require_non_empty("name", body.name);
    require_non_empty("version", body.version);
  }
};

// DELETE /api/integration/install-connector/?format=json WITH a JSON body
// {"name","version","agent_id"}. An empty reply gives an empty result.
struct uninstall_connector {
  agent_connector_request body;
  std::string format = "json";

  static constexpr std::string_view operation = "uninstall_connector";
  static constexpr std::string_view summary = "Uninstall a connector from a remote agent";
  static constexpr method verb = method::delete_;
  static constexpr std::string_view path = "/api/integration/install-connector/";
  static constexpr auto params() {
    return param_list(query_param("format", &uninstall_connector::format),
                      body_param(&uninstall_connector::body));
  }
  using result = std::optional<agent_call_result>;

  void validate() const {
    require_non_empty("agent_id", body.agent_id);
    require_non_empty("name", body.name);
    require_non_empty("version", body.version);
  }
};

// GET /api/integration/agent-heartbeat/{agent_id}/: the agent hash (the
// `agent` of connector rows), not the /api/3/agents record uuid.
struct heartbeat {
  std::string agent_id;

  static constexpr std::string_view operation = "heartbeat";
  static constexpr std::string_view summary = "Ask whether a remote agent is reachable right now";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/api/integration/agent-heartbeat/{agent_id}/";
  static constexpr auto params() {
    return param_list(path_param("agent_id", &heartbeat::agent_id));
  }
  using result = agent_heartbeat;
};

}  // namespace plugboard::fortisoar::endpoints
