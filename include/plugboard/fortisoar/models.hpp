// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/headers.hpp"
#include "plugboard/serializer/json.hpp"

// Models of FortiSOAR's connector management (`/api/integration/...`,
// `/api/3/solutionpacks/install`, `/api/3/import_jobs`) as the pyfsr SDK uses
// it. Wire facts: docs/api/fortisoar.md. Only the fields a real capture
// or a pyfsr test confirms are typed strictly; shapes the file marks
// UNCONFIRMED have optional members, and every model keeps the keys it does
// not declare in `extra`, so nothing the server sends is lost.

namespace plugboard::fortisoar {

using plugboard::from_json;
using plugboard::to_json;

namespace detail {

inline bool iequals_trimmed(std::string_view text, std::string_view word) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return plugboard::detail::iequals(text, word);
}

}  // namespace detail

// An id the server sends as a number or a string (dev entities: the spec types
// it as an integer, pyfsr passes any string). Kept as text either way.
struct flexible_id {
  std::string value;

  template <class Reader>
  static void decode_json(const Reader& reader, flexible_id& out) {
    switch (reader.kind()) {
      case json_kind::string: out.value.assign(reader.get_string()); break;
      case json_kind::integer: out.value = std::to_string(reader.get_int()); break;
      case json_kind::unsigned_integer: out.value = std::to_string(reader.get_uint()); break;
      default: throw decode_error("expected a string or an integer id", reader.snippet());
    }
  }
  static json encode_json(const flexible_id& id) { return json(id.value); }
};

// ---- the list envelope of /api/integration/connectors/ and /configuration/ ----

// Not Hydra (real capture): {status, totalItems, itemsPerPage, nextPage,
// previousPage, data[]}. A bare array is accepted as `data`.
template <class T>
struct list_page {
  std::optional<std::string> status;  // "success" or "Success"
  std::optional<std::int64_t> total_items;
  std::optional<std::int64_t> items_per_page;
  std::optional<std::int64_t> next_page;  // null on the last page
  std::optional<std::int64_t> previous_page;
  std::vector<T> data;
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("status", &list_page::status), field("totalItems", &list_page::total_items),
        field("itemsPerPage", &list_page::items_per_page), field("nextPage", &list_page::next_page),
        field("previousPage", &list_page::previous_page), field("data", &list_page::data),
        unknown_fields(&list_page::extra));
  }

  template <class Reader>
  static void decode_json(const Reader& reader, list_page& out) {
    if (reader.kind() == json_kind::array) {
      codec::decode(reader, out.data);
    } else {
      codec::decode_object(reader, out);
    }
  }
};

// A collection in any of the shapes pyfsr accepts for the dev workspace:
// {"data": [...]}, Hydra's {"hydra:member": [...]} or a bare array (the spec
// says Hydra; the real shape is UNCONFIRMED).
template <class T>
struct any_collection {
  std::vector<T> items;

  std::vector<T> unwrap() && { return std::move(items); }

  template <class Reader>
  static void decode_json(const Reader& reader, any_collection& out) {
    if (reader.kind() == json_kind::object) {
      for (const char* key : {"data", "hydra:member"}) {
        if (auto member = reader.find(key); member && member->kind() == json_kind::array) {
          try {
            codec::decode(*member, out.items);
          } catch (decode_error& e) {
            e.prepend_key(key);
            throw;
          }
          return;
        }
      }
      throw decode_error("expected an array, {\"data\": [...]} or {\"hydra:member\": [...]}",
                         reader.snippet());
    }
    codec::decode(reader, out.items);
  }
};

// ---- connectors ---------------------------------------------------------------

// A configuration as listed inside a connector row (real capture).
struct configuration_summary {
  std::optional<std::int64_t> id;
  std::string config_id;  // a uuid; what execute and healthcheck accept
  std::string name;
  bool is_default = false;  // wire "default"
  json extra;

  static constexpr auto fields() {
    return field_list(field("id", &configuration_summary::id),
                      field("config_id", &configuration_summary::config_id),
                      field("name", &configuration_summary::name),
                      field("default", &configuration_summary::is_default),
                      unknown_fields(&configuration_summary::extra));
  }
};

// The configuration pyfsr picks when none is named: the one marked default,
// else the first, else none.
template <class Configuration>
const Configuration* default_configuration_of(const std::vector<Configuration>& all) noexcept {
  for (const auto& c : all) {
    if (c.is_default) return &c;
  }
  return all.empty() ? nullptr : &all.front();
}

// One row of GET /api/integration/connectors/ (real capture). Spec-only keys
// (description, publisher, created, install_result, remote_status, ...) are
// kept in `extra`.
struct installed_connector {
  std::int64_t id = 0;  // the install id connector_detail and uninstall need
  std::string name;
  std::string version;
  std::optional<std::string> label;  // some versions send "title" instead
  std::vector<std::string> category;
  std::optional<bool> active;
  std::optional<bool> system;
  std::optional<std::int64_t> config_count;
  std::optional<std::string> status;  // "Completed"
  json tags;                          // an array; its element type is UNCONFIRMED
  std::vector<configuration_summary> configuration;
  std::optional<std::string> agent;  // the self-agent's 32-hex hash
  json extra;

  static constexpr auto fields() {
    return field_list(
        required_field("id", &installed_connector::id),
        required_field("name", &installed_connector::name),
        field("version", &installed_connector::version),
        field("label", &installed_connector::label).also_accepts("title"),
        field("category", &installed_connector::category),
        field("active", &installed_connector::active),
        field("system", &installed_connector::system),
        field("config_count", &installed_connector::config_count),
        field("status", &installed_connector::status), field("tags", &installed_connector::tags),
        field("configuration", &installed_connector::configuration),
        field("agent", &installed_connector::agent), unknown_fields(&installed_connector::extra));
  }

  const configuration_summary* default_configuration() const noexcept {
    return default_configuration_of(configuration);
  }
};

// A saved configuration: rows of GET /api/integration/configuration/ and the
// configuration[] of a connector's detail.
struct configuration {
  std::optional<std::int64_t> id;
  std::string config_id;  // uuid
  std::string name;
  bool is_default = false;  // wire "default"
  // int 1 (active) or null; on 8.0 it can be an operation envelope object,
  // so it stays raw JSON (see is_active()).
  json status;
  json config;  // the connector's fields; secrets come back encrypted or "NULL"
  std::optional<std::int64_t> connector;  // the install id
  std::optional<std::string> agent;
  json teams;
  json remote_status;
  json health_status;
  // Sent by configuration create responses only.
  std::optional<std::string> connector_name;
  std::optional<std::string> connector_version;
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("id", &configuration::id), field("config_id", &configuration::config_id),
        field("name", &configuration::name), field("default", &configuration::is_default),
        field("status", &configuration::status), field("config", &configuration::config),
        field("connector", &configuration::connector), field("agent", &configuration::agent),
        field("teams", &configuration::teams),
        field("remote_status", &configuration::remote_status),
        field("health_status", &configuration::health_status),
        field("connector_name", &configuration::connector_name),
        field("connector_version", &configuration::connector_version),
        unknown_fields(&configuration::extra));
  }

  bool is_active() const {
    // get_ptr, not `status == 1`: json's operator== is costly to compile.
    if (const auto* i = status.get_ptr<const json::number_integer_t*>()) return *i == 1;
    if (const auto* u = status.get_ptr<const json::number_unsigned_t*>()) return *u == 1;
    return false;
  }
};

// A parameter of an operation, or a field of a configuration schema (spec
// shape; the real capture is trimmed, so every member is optional and the
// free-form ones stay JSON).
struct operation_parameter {
  std::string name;
  std::optional<std::string> title;
  std::optional<std::string> type;  // "text", "integer", "select", ...
  bool required = false;
  std::optional<bool> visible;
  std::optional<bool> editable;
  json value;
  json tooltip;
  json placeholder;
  json onchange;
  json options;
  json api_operation;                // wire "apiOperation"
  json api_onchange;                 // wire "apiOnchange"
  std::optional<bool> is_on_change;  // wire "isOnChange"
  json extra;

  static constexpr auto fields() {
    return field_list(field("name", &operation_parameter::name),
                      field("title", &operation_parameter::title),
                      field("type", &operation_parameter::type),
                      field("required", &operation_parameter::required),
                      field("visible", &operation_parameter::visible),
                      field("editable", &operation_parameter::editable),
                      field("value", &operation_parameter::value),
                      field("tooltip", &operation_parameter::tooltip),
                      field("placeholder", &operation_parameter::placeholder),
                      field("onchange", &operation_parameter::onchange),
                      field("options", &operation_parameter::options),
                      field("apiOperation", &operation_parameter::api_operation),
                      field("apiOnchange", &operation_parameter::api_onchange),
                      field("isOnChange", &operation_parameter::is_on_change),
                      unknown_fields(&operation_parameter::extra));
  }
};

// An operation of a connector; `operation` is the key execute() needs.
struct connector_operation {
  std::string operation;
  std::optional<std::string> title;
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> connector;
  std::optional<std::string> description;
  std::optional<std::string> category;
  json annotation;
  std::optional<bool> enabled;
  std::optional<bool> visible;
  json roles;
  json output_schema;
  std::vector<operation_parameter> parameters;
  json extra;

  static constexpr auto fields() {
    return field_list(required_field("operation", &connector_operation::operation),
                      field("title", &connector_operation::title),
                      field("id", &connector_operation::id),
                      field("connector", &connector_operation::connector),
                      field("description", &connector_operation::description),
                      field("category", &connector_operation::category),
                      field("annotation", &connector_operation::annotation),
                      field("enabled", &connector_operation::enabled),
                      field("visible", &connector_operation::visible),
                      field("roles", &connector_operation::roles),
                      field("output_schema", &connector_operation::output_schema),
                      field("parameters", &connector_operation::parameters),
                      unknown_fields(&connector_operation::extra));
  }

  // The names of the parameters marked required, in order.
  std::vector<std::string> required_parameters() const {
    std::vector<std::string> out;
    for (const auto& p : parameters) {
      if (p.required) out.push_back(p.name);
    }
    return out;
  }
};

// What a configuration of the connector must hold.
struct config_schema {
  std::vector<operation_parameter> schema_fields;  // wire "fields"
  json extra;

  static constexpr auto fields() {
    return field_list(field("fields", &config_schema::schema_fields),
                      unknown_fields(&config_schema::extra));
  }
};

// The full record of POST /api/integration/connectors/{id}/ (connector_detail)
// and, per the spec (UNCONFIRMED), of dev_publish. The real capture has no
// `id`, so nothing is required here.
struct connector_record {
  std::optional<std::int64_t> id;
  std::string name;
  std::string version;
  std::optional<std::string> label;
  std::vector<std::string> category;
  std::optional<bool> active;
  std::optional<bool> installed;
  std::optional<bool> development;
  std::optional<std::int64_t> config_count;
  std::optional<std::string> status;
  std::optional<std::string> agent;
  std::vector<connector_operation> operations;
  std::vector<fortisoar::configuration> configuration;
  std::optional<fortisoar::config_schema> config_schema;
  json extra;  // cs_approved, cs_compatible, help_file, icons, ...

  static constexpr auto fields() {
    return field_list(
        field("id", &connector_record::id), field("name", &connector_record::name),
        field("version", &connector_record::version),
        field("label", &connector_record::label).also_accepts("title"),
        field("category", &connector_record::category), field("active", &connector_record::active),
        field("installed", &connector_record::installed),
        field("development", &connector_record::development),
        field("config_count", &connector_record::config_count),
        field("status", &connector_record::status), field("agent", &connector_record::agent),
        field("operations", &connector_record::operations),
        field("configuration", &connector_record::configuration),
        field("config_schema", &connector_record::config_schema),
        unknown_fields(&connector_record::extra));
  }

  // The operation whose key is `op`, or nullptr.
  const connector_operation* find_operation(std::string_view op) const noexcept {
    for (const auto& o : operations) {
      if (o.operation == op) return &o;
    }
    return nullptr;
  }
};

// ---- healthcheck and execute ----------------------------------------------------

// GET /api/integration/connectors/healthcheck/{name}/{version}/ (real capture).
// `status == "Available"` is green. The client also returns one it made up,
// as pyfsr does, with status "no-config" when the connector is not installed
// (no request sent) or the server answered 404 (then `http_status` is 404).
struct healthcheck_result {
  std::string status;
  std::optional<std::string> message;
  std::optional<std::string> name;
  std::optional<std::string> version;
  std::optional<std::string> config_id;
  std::optional<bool> healthy;  // wire "_status"
  json request_id;
  std::optional<int> http_status;  // set only on a made-up result
  json extra;

  static constexpr auto fields() {
    return field_list(field("status", &healthcheck_result::status),
                      field("message", &healthcheck_result::message),
                      field("name", &healthcheck_result::name),
                      field("version", &healthcheck_result::version),
                      field("config_id", &healthcheck_result::config_id),
                      field("_status", &healthcheck_result::healthy),
                      field("request_id", &healthcheck_result::request_id),
                      field("http_status", &healthcheck_result::http_status),
                      unknown_fields(&healthcheck_result::extra));
  }

  bool available() const noexcept { return detail::iequals_trimmed(status, "available"); }
  bool no_config() const noexcept { return status == "no-config"; }
};

// The body of POST /api/integration/execute/ (CONFIRMED): every key is always
// sent, "" when unknown. `config` is a configuration uuid or its name.
struct execute_request {
  std::string connector;
  std::string operation;
  std::string version;
  std::string config;
  json params = json(json::value_t::object);

  static constexpr auto fields() {
    return field_list(required_field("connector", &execute_request::connector),
                      required_field("operation", &execute_request::operation),
                      required_field("version", &execute_request::version),
                      required_field("config", &execute_request::config),
                      required_field("params", &execute_request::params));
  }
};

// The reply of execute (real capture). For agent-bound connectors the call
// returns at once with an in-progress status and empty data (UNCONFIRMED).
struct execute_result {
  std::optional<std::string> operation;
  std::string status;  // "Success" when it worked
  std::optional<std::string> message;
  json data;  // the connector's own output
  json extra;

  static constexpr auto fields() {
    return field_list(field("operation", &execute_result::operation),
                      field("status", &execute_result::status),
                      field("message", &execute_result::message),
                      field("data", &execute_result::data), unknown_fields(&execute_result::extra));
  }

  bool ok() const noexcept { return detail::iequals_trimmed(status, "success"); }
};

// ---- the Connector Studio dev workspace ------------------------------------------

// An entry of the dev workspace and the reply of dev_edit. `id`, `name` and
// `development` are known; the rest (operations, schema, file tree) is
// UNCONFIRMED and kept in `extra`.
struct dev_entity {
  flexible_id id;
  std::string name;
  std::optional<std::string> version;
  std::optional<bool> development;
  std::optional<std::string> dev_path;  // read by pyfsr's example; UNCONFIRMED
  json extra;

  static constexpr auto fields() {
    return field_list(field("id", &dev_entity::id), field("name", &dev_entity::name),
                      field("version", &dev_entity::version),
                      field("development", &dev_entity::development),
                      field("dev_path", &dev_entity::dev_path), unknown_fields(&dev_entity::extra));
  }
};

// The body of dev_edit (CONFIRMED).
struct dev_edit_request {
  bool edit_repo_connector = true;

  static constexpr auto fields() {
    return field_list(
        required_field("edit_repo_connector", &dev_edit_request::edit_repo_connector));
  }
};

// The body of dev_read_file: the key is `xpath`, not `path` (CONFIRMED). The
// value starts with /<name>_<vtag>_dev/, e.g. /foo_1_0_0_dev/info.json.
struct dev_read_file_request {
  std::string xpath;

  static constexpr auto fields() {
    return field_list(required_field("xpath", &dev_read_file_request::xpath));
  }
};

// The reply of dev_read_file: {"fileContent": "..."} per the spec only
// (UNCONFIRMED), so everything else is kept too.
struct dev_file {
  std::optional<std::string> file_content;  // wire "fileContent"
  json extra;

  static constexpr auto fields() {
    return field_list(field("fileContent", &dev_file::file_content),
                      unknown_fields(&dev_file::extra));
  }
};

// The body of dev_write_file: {"fileData": <file_data verbatim>} (the wrapper
// is CONFIRMED; the inner object is not: pyfsr's docs use {"path","content"},
// the spec {"xpath","fileContent"}, which plugboard recommends; see
// connectors().dev_write_file).
struct dev_write_file_request {
  json file_data;

  static constexpr auto fields() {
    return field_list(required_field("fileData", &dev_write_file_request::file_data));
  }
};

// The body of dev_publish (CONFIRMED): both flags are always sent.
struct dev_publish_request {
  bool replace = false;  // overwrite an installed connector of the same name and version
  bool discard = false;  // delete the dev twin after a successful publish

  static constexpr auto fields() {
    return field_list(required_field("replace", &dev_publish_request::replace),
                      required_field("discard", &dev_publish_request::discard));
  }
};

// ---- install from Content Hub or a file, import jobs ------------------------------

// The body of POST /api/3/solutionpacks/install (CONFIRMED).
struct install_request {
  std::string name;
  std::string version;

  static constexpr auto fields() {
    return field_list(required_field("name", &install_request::name),
                      required_field("version", &install_request::version));
  }
};

// The importJob member of an install reply.
struct import_job_ref {
  std::optional<std::string> at_id;  // wire "@id": "/api/3/import_jobs/<uuid>"
  std::optional<std::string> uuid;
  std::optional<std::string> status;  // "import in progress"
  json extra;

  static constexpr auto fields() {
    return field_list(field("@id", &import_job_ref::at_id), field("uuid", &import_job_ref::uuid),
                      field("status", &import_job_ref::status),
                      unknown_fields(&import_job_ref::extra));
  }
};

namespace detail {

inline std::string last_segment(std::string_view iri) {
  while (!iri.empty() && iri.back() == '/') iri.remove_suffix(1);
  const auto slash = iri.rfind('/');
  return std::string(slash == std::string_view::npos ? iri : iri.substr(slash + 1));
}

}  // namespace detail

// The reply of an install: for install() a SolutionPack-style record (shape
// from a solution-pack capture; UNCONFIRMED for connectors), for
// install_from_file() the installed connector's record (spec, live-verified),
// which usually has no importJob. Note `uuid` is the pack's, not the job's.
struct install_response {
  std::optional<std::string> at_id;    // wire "@id"
  std::optional<std::string> at_type;  // wire "@type"
  std::optional<std::int64_t> id;
  std::optional<std::string> name;
  std::optional<std::string> label;
  std::optional<std::string> version;
  std::optional<std::string> type;
  json installed;  // a bool on most versions; kept raw
  std::optional<std::string> uuid;
  std::optional<import_job_ref> import_job;  // wire "importJob"
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("@id", &install_response::at_id), field("@type", &install_response::at_type),
        field("id", &install_response::id), field("name", &install_response::name),
        field("label", &install_response::label).also_accepts("title"),
        field("version", &install_response::version), field("type", &install_response::type),
        field("installed", &install_response::installed), field("uuid", &install_response::uuid),
        field("importJob", &install_response::import_job),
        unknown_fields(&install_response::extra));
  }

  // The import job to poll, pyfsr's rule (CONFIRMED by its tests): importJob.uuid,
  // else the last segment of importJob.@id, else the last segment of the
  // top-level @id when it names an import job.
  std::optional<std::string> job_id() const {
    if (import_job) {
      if (import_job->uuid && !import_job->uuid->empty()) return import_job->uuid;
      if (import_job->at_id && !import_job->at_id->empty()) {
        auto segment = detail::last_segment(*import_job->at_id);
        if (!segment.empty()) return segment;
      }
    }
    if (at_id && at_id->find("import_jobs") != std::string::npos) {
      auto segment = detail::last_segment(*at_id);
      if (!segment.empty()) return segment;
    }
    return std::nullopt;
  }
};

// GET /api/3/import_jobs/{uuid} with __selectFields: the job's progress.
struct import_job {
  std::string status;                      // "import in progress", "Import Complete", "Failed", ...
  std::optional<double> progress_percent;  // wire "progressPercent"
  std::optional<std::string> error_message;  // wire "errorMessage"
  json currently_importing;                  // wire "currentlyImporting"
  json file;
  json options;
  json extra;

  static constexpr auto fields() {
    return field_list(field("status", &import_job::status),
                      field("progressPercent", &import_job::progress_percent),
                      field("errorMessage", &import_job::error_message),
                      field("currentlyImporting", &import_job::currently_importing),
                      field("file", &import_job::file), field("options", &import_job::options),
                      unknown_fields(&import_job::extra));
  }

  // Terminal statuses, trimmed and case-insensitive (pyfsr's list).
  bool succeeded() const noexcept {
    return detail::iequals_trimmed(status, "import complete") ||
           detail::iequals_trimmed(status, "completed");
  }
  bool failed() const noexcept {
    return detail::iequals_trimmed(status, "failed") || detail::iequals_trimmed(status, "error");
  }
  bool finished() const noexcept { return succeeded() || failed(); }
};

// How an install call ended, as seen by the client.
enum class install_state {
  started,    // wait was off: the job (if any) is still running
  no_job,     // the reply named no import job, so there was nothing to wait for
  completed,  // the job reached "Import Complete" / "Completed"
  failed,     // the job reached "Failed" / "Error"
  timed_out,  // the job was still running when the timeout ran out
};

constexpr std::string_view to_string(install_state s) noexcept {
  switch (s) {
    case install_state::started: return "started";
    case install_state::no_job: return "no_job";
    case install_state::completed: return "completed";
    case install_state::failed: return "failed";
    case install_state::timed_out: return "timed_out";
  }
  return "started";
}

// What install() and install_from_file() return: the server's reply, and
// when waiting, the last polled state of the import job.
struct install_result {
  install_response response;
  install_state state = install_state::started;
  std::optional<std::string> job_id;
  std::optional<import_job> job;  // the last poll, when waited
  int polls = 0;

  bool completed() const noexcept { return state == install_state::completed; }
  bool failed() const noexcept { return state == install_state::failed; }
  bool timed_out() const noexcept { return state == install_state::timed_out; }
};

// ---- agents -----------------------------------------------------------------------

// The body of agents().install_connector (CONFIRMED, what the UI sends):
// note that `agent` is a list. The spec documents {name, version, agent_id}
// instead (UNCONFIRMED); plugboard sends pyfsr's shape.
struct install_connector_request {
  std::string name;
  std::string label;
  std::string version;
  std::string rpm_full_name;
  std::vector<std::string> category;
  std::string description;
  std::string publisher = "Fortinet";
  std::vector<std::string> agent;

  static constexpr auto fields() {
    return field_list(required_field("name", &install_connector_request::name),
                      required_field("label", &install_connector_request::label),
                      required_field("version", &install_connector_request::version),
                      required_field("rpm_full_name", &install_connector_request::rpm_full_name),
                      required_field("category", &install_connector_request::category),
                      required_field("description", &install_connector_request::description),
                      required_field("publisher", &install_connector_request::publisher),
                      required_field("agent", &install_connector_request::agent));
  }
};

// The body of upgrade_connector and uninstall_connector (CONFIRMED).
struct agent_connector_request {
  std::string name;
  std::string version;
  std::string agent_id;

  static constexpr auto fields() {
    return field_list(required_field("name", &agent_connector_request::name),
                      required_field("version", &agent_connector_request::version),
                      required_field("agent_id", &agent_connector_request::agent_id));
  }
};

// The reply of the agent install/upgrade/uninstall calls. Its shape is
// UNCONFIRMED: {"result":"Success"} (pyfsr's fixture) or {status, data} (the
// spec); both decode, and everything else stays in `extra`.
struct agent_call_result {
  std::optional<std::string> result;
  std::optional<std::string> status;
  std::optional<std::string> message;
  json data;
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("result", &agent_call_result::result), field("status", &agent_call_result::status),
        field("message", &agent_call_result::message), field("data", &agent_call_result::data),
        unknown_fields(&agent_call_result::extra));
  }

  // True when `result` or `status` says success.
  bool ok() const noexcept {
    return (result && detail::iequals_trimmed(*result, "success")) ||
           (status && detail::iequals_trimmed(*status, "success"));
  }
};

// GET /api/integration/agent-heartbeat/{agent_id}/: the live state of the
// secure message exchange, not the agent record's configurationHealth. The
// field names come from a synthesized sample (UNCONFIRMED); a reply that is
// not an object is kept in `result`, as pyfsr wraps it.
struct agent_heartbeat {
  std::optional<std::string> agent;
  std::optional<std::string> status;  // "alive"
  std::optional<double> latency_ms;
  json result;
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("agent", &agent_heartbeat::agent), field("status", &agent_heartbeat::status),
        field("latency_ms", &agent_heartbeat::latency_ms),
        field("result", &agent_heartbeat::result), unknown_fields(&agent_heartbeat::extra));
  }

  template <class Reader>
  static void decode_json(const Reader& reader, agent_heartbeat& out) {
    if (reader.kind() == json_kind::object) {
      codec::decode_object(reader, out);
    } else {
      out.result = reader.take();
    }
  }
};

}  // namespace plugboard::fortisoar
