// SPDX-License-Identifier: MIT
// Connector configurations on top of the descriptors: strict resolution by
// name, reads that tell a blank record from a real one, whole-record
// updates, making a configuration the default without wiping its secrets,
// and ensure_configured. Wire facts: docs/api/fortisoar.md, "Configurations".
//
//   plugboard::fortisoar::set_default_configuration(fsr, "virustotal", "Alt");
//   plugboard::fortisoar::ensure_configured(fsr, "virustotal", "prod",
//                                            {{"server_url", url}, {"api_key", key}});
//
// Every function takes a fortisoar::client<...> and answers under its error
// policy. Nothing here falls back to the default configuration silently.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/fortisoar/config_validation.hpp"
#include "plugboard/fortisoar/configuration_endpoints.hpp"
#include "plugboard/fortisoar/detail/connector_cache.hpp"
#include "plugboard/fortisoar/detail/installed_connectors_walk.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/generated/configurations.hpp"
#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar {

// The value FortiSOAR sends in place of a stored secret it masks. Sending it
// back would store it as the secret.
inline constexpr std::string_view masked_secret = "NULL";

// A configuration name (or id) that the connector does not have: a usage
// error naming what it has, never a fallback to the default.
class configuration_not_found : public usage_error {
 public:
  configuration_not_found(std::string connector, std::string name,
                          std::vector<std::string> available)
      : usage_error("configuration", describe(connector, name, available)),
        connector_(std::move(connector)),
        name_(std::move(name)),
        available_(std::move(available)) {}

  const std::string& connector() const noexcept { return connector_; }
  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& available() const noexcept { return available_; }

 private:
  static std::string describe(const std::string& connector, const std::string& name,
                              const std::vector<std::string>& available) {
    std::string out =
        connector.empty()
            ? "no configuration with the id '" + name + "' (the server answered a blank record)"
            : "'" + connector + "' has no configuration named '" + name + "'";
    if (!connector.empty()) {
      out +=
          available.empty() ? " (it has none)" : " (it has: " + detail::join_names(available) + ")";
    }
    return out;
  }

  std::string connector_, name_;
  std::vector<std::string> available_;
};

// A write would send FortiSOAR's "NULL" placeholder back as a secret's value
// (the record was read masked): give those fields' values. Nothing was sent.
class masked_secrets_error : public usage_error {
 public:
  masked_secrets_error(std::string configuration, std::vector<std::string> fields)
      : usage_error("secrets", "the stored values of " + detail::join_names(fields) +
                                   " in configuration '" + configuration +
                                   "' came back masked (\"NULL\"); writing the record would "
                                   "replace them: pass their values"),
        fields_(std::move(fields)) {}

  const std::vector<std::string>& fields() const noexcept { return fields_; }

 private:
  std::vector<std::string> fields_;
};

struct configuration_write_options {
  bool is_default = false;
  std::optional<std::string> agent;  // a remote agent's hash; none: the self-agent
  bool validate = true;              // validate_config first (a config_validation_error)
  bool fill_defaults = true;         // with_defaults first
};

struct set_default_options {
  // Values for secrets the record came back with as "NULL".
  json secrets = json::object();
};

struct ensure_configured_options {
  std::optional<bool> is_default;  // none: leave an existing one's flag as it is
  std::optional<std::string> agent;
  bool validate = true;
  bool fill_defaults = true;
  // Password fields already stored are left alone (they come back encrypted
  // or "NULL", so they cannot be compared); true sends the values given.
  bool rotate_secrets = false;
};

enum class ensure_outcome { created, updated, unchanged };

constexpr std::string_view to_string(ensure_outcome o) noexcept {
  switch (o) {
    case ensure_outcome::created: return "created";
    case ensure_outcome::updated: return "updated";
    case ensure_outcome::unchanged: return "unchanged";
  }
  return "unchanged";
}

struct ensure_configured_result {
  ensure_outcome outcome = ensure_outcome::unchanged;
  configuration record;
};

namespace detail {

// A 200 answer for an id the server does not know: no name and no config.
inline bool is_blank(const configuration& c) {
  return c.name.empty() && c.config_id.empty() && (c.config.is_null() || c.config.empty());
}

template <class Core>
installed_connector installed_row(Core& core, std::string_view connector,
                                  const call_options& options) {
  require_non_empty("connector", connector);
  auto rows = walk_installed_connectors(core, options);
  const auto* row = find_row(rows, connector);
  if (row == nullptr) not_installed(connector);
  return *row;
}

inline std::vector<std::string> names_of(const installed_connector& row) {
  std::vector<std::string> out;
  for (const auto& c : row.configuration) out.push_back(c.name);
  return out;
}

inline const configuration_summary* by_name(const installed_connector& row, std::string_view name) {
  for (const auto& c : row.configuration) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

template <class Core>
configuration read_configuration(Core& core, const std::string& config_id,
                                 const call_options& options) {
  require_non_empty("config_id", config_id);
  auto record = core.call_or_throw(endpoints::get_configuration{config_id}, options);
  if (is_blank(record)) throw configuration_not_found("", config_id, {});
  return record;
}

template <class Core>
json config_fields(Core& core, std::int64_t connector_id, const call_options& options) {
  const auto record = core.call_or_throw(endpoints::connector_detail{connector_id}, options);
  return record.config_schema ? fields_as_json(record.config_schema->schema_fields) : json::array();
}

inline void collect_password_fields(const json& fields, std::vector<std::string>& out) {
  if (!fields.is_array()) return;
  for (const auto& f : fields) {
    if (!f.is_object()) continue;
    if (lower(text_of(f, "type")) == "password") out.push_back(text_of(f, "name"));
    if (const auto on = f.find("onchange"); on != f.end() && on->is_object()) {
      for (const auto& branch : *on) collect_password_fields(branch, out);
    }
  }
}

// Checks (and completes) a config before a write; throws config_validation_error.
inline json prepared_config(const std::string& connector, const json& fields, json config,
                            bool fill, bool check) {
  if (!config.is_object()) throw usage_error("config", "must be a JSON object");
  if (fill) config = with_defaults(fields, config);
  if (check) {
    auto result = validate_config(fields, config);
    if (!result.valid()) throw config_validation_error(connector, std::move(result));
  }
  return config;
}

// Fields still holding the "NULL" placeholder.
inline std::vector<std::string> masked_fields(const json& config) {
  std::vector<std::string> out;
  if (!config.is_object()) return out;
  for (auto it = config.begin(); it != config.end(); ++it) {
    if (it->is_string() && it->get_ref<const std::string&>() == masked_secret) {
      out.push_back(it.key());
    }
  }
  return out;
}

// Writes into `stored` the values of `desired` that differ; true when one
// did. Secrets already stored are skipped unless `rotate`: they come back
// encrypted or masked, so they cannot be compared.
inline bool merge_desired(json& stored, const json& desired,
                          const std::vector<std::string>& secrets, bool rotate) {
  if (!stored.is_object()) stored = json::object();
  bool changed = false;
  for (auto it = desired.begin(); it != desired.end(); ++it) {
    const auto current = stored.find(it.key());
    bool secret = false;
    for (const auto& s : secrets) secret = secret || s == it.key();
    const bool has_value =
        current != stored.end() && !current->is_null() &&
        !(current->is_string() && current->get_ref<const std::string&>().empty());
    if (secret && !rotate && has_value) continue;
    if (current == stored.end() || *current != it.value()) {
      stored[it.key()] = it.value();
      changed = true;
    }
  }
  return changed;
}

// The record as a PUT sends it: every field, the 8.0 status envelope turned
// back into 7.x's active flag (UNCONFIRMED which of the two a PUT expects;
// pyfsr sends neither), and no "NULL" placeholder.
inline configuration put_body(configuration record) {
  if (record.status.is_object()) record.status = 1;
  const auto masked = masked_fields(record.config);
  if (!masked.empty()) throw masked_secrets_error(record.name, masked);
  return record;
}

template <class Core>
configuration put_record(Core& core, configuration record, const call_options& options) {
  const std::string id = record.config_id;
  auto saved =
      core.call_or_throw(endpoints::update_configuration{id, put_body(std::move(record))}, options);
  return saved;
}

template <class Core>
configuration create_record(Core& core, const installed_connector& row, std::string name,
                            json config, bool is_default, const std::optional<std::string>& agent,
                            const call_options& options) {
  api::endpoints::create_configuration call;
  call.body.connector = row.id;
  call.body.name = std::move(name);
  call.body.config = std::move(config);
  call.body.default_ = is_default;
  call.body.agent = agent;
  call.body.extra = json{{"connector_name", row.name}, {"connector_version", row.version}};
  const json reply = core.call_or_throw(call, options);
  configuration out;
  plugboard::from_json(reply, out);
  return out;
}

}  // namespace detail

// The configuration `name` of `connector` (exact, case-sensitive), from the
// connector listing (no field values: see get_configuration). Without a
// name, the one marked default, else the first. An unknown name, or a
// connector without configurations, is configuration_not_found.
template <class Client>
auto resolve_configuration(Client& client, std::string_view connector,
                           std::optional<std::string> name = std::nullopt,
                           const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<configuration_summary>([&] {
    const auto row = detail::installed_row(core, connector, core.with_deadline(options));
    if (name) {
      if (const auto* found = detail::by_name(row, *name)) return *found;
      throw configuration_not_found(row.name, *name, detail::names_of(row));
    }
    if (const auto* chosen = row.default_configuration()) return *chosen;
    throw configuration_not_found(row.name, "(default)", {});
  });
}

// One configuration with its field values, by its uuid. The server's blank
// 200 for an id it does not know is configuration_not_found.
template <class Client>
auto get_configuration(Client& client, std::string config_id, const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<configuration>(
      [&] { return detail::read_configuration(core, config_id, options); });
}

// Creates configuration `name` of `connector` (the install id is resolved
// first). Validates against the connector's fields unless told not to.
template <class Client>
auto create_configuration(Client& client, std::string_view connector, std::string name, json config,
                          const configuration_write_options& settings = {},
                          const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<configuration>([&] {
    require_non_empty("name", name);
    const call_options pinned = core.with_deadline(options);
    const auto row = detail::installed_row(core, connector, pinned);
    if (settings.validate || settings.fill_defaults) {
      config =
          detail::prepared_config(row.name, detail::config_fields(core, row.id, pinned),
                                  std::move(config), settings.fill_defaults, settings.validate);
    }
    client.clear_cache();
    return detail::create_record(core, row, std::move(name), std::move(config), settings.is_default,
                                 settings.agent, pinned);
  });
}

// Replaces a configuration with `record`, whole (PUT sends every field: read
// it with get_configuration, change it, pass it here). A config still
// holding a "NULL" placeholder is refused (masked_secrets_error).
template <class Client>
auto update_configuration(Client& client, configuration record, bool validate = true,
                          const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<configuration>([&] {
    require_non_empty("config_id", record.config_id);
    const call_options pinned = core.with_deadline(options);
    if (validate) {
      if (!record.connector) throw usage_error("connector", "the record names no connector");
      const std::string who = record.connector_name.value_or(std::to_string(*record.connector));
      record.config = detail::prepared_config(
          who, detail::config_fields(core, *record.connector, pinned), record.config, false, true);
    }
    client.clear_cache();
    return detail::put_record(core, std::move(record), pinned);
  });
}

template <class Client>
auto delete_configuration(Client& client, std::string config_id, const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<no_content>([&] {
    require_non_empty("config_id", config_id);
    client.clear_cache();
    return core.call_or_throw(api::endpoints::delete_configuration{std::move(config_id)}, options);
  });
}

// Makes configuration `name` of `connector` the default, keeping its values:
// reads the full record (the listing has `config: null`), sets `default`,
// PUTs the whole record back. Secrets that came back "NULL" take their
// values from settings.secrets; one without a value is masked_secrets_error
// and nothing is written. Already the default: nothing is written.
template <class Client>
auto set_default_configuration(Client& client, std::string_view connector, std::string name,
                               const set_default_options& settings = {},
                               const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<configuration>([&] {
    const call_options pinned = core.with_deadline(options);
    const auto row = detail::installed_row(core, connector, pinned);
    const auto* summary = detail::by_name(row, name);
    if (summary == nullptr) throw configuration_not_found(row.name, name, detail::names_of(row));
    auto record = detail::read_configuration(core, summary->config_id, pinned);
    if (record.is_default) return record;
    record.is_default = true;
    if (record.config.is_object() && settings.secrets.is_object()) {
      for (const auto& field : detail::masked_fields(record.config)) {
        if (const auto given = settings.secrets.find(field); given != settings.secrets.end()) {
          record.config[field] = *given;
        }
      }
    }
    if (record.config_id.empty()) record.config_id = summary->config_id;
    client.clear_cache();
    return detail::put_record(core, std::move(record), pinned);
  });
}

// Makes configuration `name` of `connector` hold `config` (and the default
// flag, when given): creates it when absent, else PUTs the whole record
// when a value differs, else sends no write. Running it twice sends one write
// at most. Stored passwords are not compared (see rotate_secrets).
template <class Client>
auto ensure_configured(Client& client, std::string_view connector, std::string name, json config,
                       const ensure_configured_options& settings = {},
                       const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<ensure_configured_result>([&] {
    require_non_empty("name", name);
    const call_options pinned = core.with_deadline(options);
    const auto row = detail::installed_row(core, connector, pinned);
    const json fields = detail::config_fields(core, row.id, pinned);
    const json desired = detail::prepared_config(row.name, fields, std::move(config),
                                                 settings.fill_defaults, settings.validate);
    ensure_configured_result out;
    const auto* summary = detail::by_name(row, name);
    if (summary == nullptr) {
      client.clear_cache();
      out.outcome = ensure_outcome::created;
      out.record =
          detail::create_record(core, row, std::move(name), desired,
                                settings.is_default.value_or(false), settings.agent, pinned);
      return out;
    }
    auto record = detail::read_configuration(core, summary->config_id, pinned);
    std::vector<std::string> secrets;
    detail::collect_password_fields(fields, secrets);
    bool changed = detail::merge_desired(record.config, desired, secrets, settings.rotate_secrets);
    if (settings.is_default && *settings.is_default != record.is_default) {
      record.is_default = *settings.is_default;
      changed = true;
    }
    if (settings.agent && record.agent != settings.agent) {
      record.agent = settings.agent;
      changed = true;
    }
    if (!changed) {
      out.record = std::move(record);
      return out;
    }
    if (record.config_id.empty()) record.config_id = summary->config_id;
    client.clear_cache();
    out.outcome = ensure_outcome::updated;
    out.record = detail::put_record(core, std::move(record), pinned);
    return out;
  });
}

// Checks `config` against the fields of installed connector `connector`
// (reads its detail); nothing is written.
template <class Client>
auto validate_config(Client& client, std::string_view connector, const json& config,
                     const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<config_check>([&] {
    const call_options pinned = core.with_deadline(options);
    const auto row = detail::installed_row(core, connector, pinned);
    return validate_config(detail::config_fields(core, row.id, pinned), config);
  });
}

}  // namespace plugboard::fortisoar
