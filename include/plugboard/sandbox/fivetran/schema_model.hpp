// SPDX-License-Identifier: MIT
#pragma once

#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran/outcome.hpp"

// A connection's schema config (docs/api/fivetran.md, "Schema config"): what
// the source has (the catalog) and what the user chose to sync of it
// (schemas -> tables -> columns, each enabled or not, columns hashed, tables
// with a sync mode). The config exists once the connection has captured the
// source's schema; before that a config can only be pre-created, and is
// applied at capture. Columns show in the config only once a user has set
// them, as Fivetran's do; the column listing shows them all.

namespace plugboard::sandbox::detail::fivetran {

struct source_column {
  std::string name;
  bool primary_key = false;
};

struct source_table {
  std::vector<source_column> columns;
  bool system = false;  // Fivetran's own bookkeeping: cannot be disabled
};

// schema name -> table name -> table
using source_catalog = std::map<std::string, std::map<std::string, source_table>>;

struct column_settings {
  bool enabled = true;
  bool hashed = false;
  bool is_primary_key = false;
  bool user_set = false;      // shown in the schema config
  bool drop_pending = false;  // blocked, marked to be dropped at the next sync
};

struct table_settings {
  bool enabled = true;
  bool system = false;
  std::string sync_mode = "SOFT_DELETE";
  std::map<std::string, column_settings> columns;
};

struct schema_settings {
  bool enabled = true;
  std::string name_in_destination;
  std::map<std::string, table_settings> tables;
};

struct schema_config {
  bool captured = false;
  std::string schema_change_handling = "ALLOW_ALL";
  bool is_type_locked = false;
  std::map<std::string, schema_settings> schemas;
  std::optional<nlohmann::json> pre_created;  // a StandardConfigCreateRequest, until capture
};

// A small source: a database with two schemas (one table Fivetran keeps for
// itself), or an application with one schema named as the connection's.
inline source_catalog seed_catalog(bool database, const std::string& schema) {
  const auto cols = [](std::vector<std::string> names) {
    std::vector<source_column> out;
    for (auto& n : names) out.push_back({std::move(n), out.empty()});  // the first is the key
    return out;
  };
  if (database) {
    return {{"public",
             {{"orders", {cols({"id", "customer_id", "amount", "currency", "created_at"})}},
              {"customers", {cols({"id", "email", "full_name", "phone"})}},
              {"schema_migrations", {cols({"version"}), true}}}},
            {"sales", {{"invoices", {cols({"id", "order_id", "total", "issued_at"})}}}}};
  }
  return {{schema,
           {{"users", {cols({"id", "email", "name", "created_at"})}},
            {"events", {cols({"id", "user_id", "type", "occurred_at"})}}}}};
}

inline std::string destination_name(const std::string& name) {
  std::string out;
  for (const char c : name) {
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

// Adds what the catalog has and the config lacks. `initial`: everything is
// enabled (the first capture); later, new items follow schema_change_handling.
// Settings already in the config are kept.
inline void merge_catalog(schema_config& config, const source_catalog& catalog, bool initial,
                          const std::string& schema_prefix) {
  const std::string& handling = config.schema_change_handling;
  const bool new_tables_on = initial || handling == "ALLOW_ALL";
  const bool new_columns_on = initial || handling != "BLOCK_ALL";
  for (const auto& [schema_name, tables] : catalog) {
    const bool new_schema = config.schemas.count(schema_name) == 0;
    auto& schema = config.schemas[schema_name];
    if (new_schema) {
      schema.enabled = new_tables_on;
      schema.name_in_destination = schema_prefix;
      if (!schema_prefix.empty()) schema.name_in_destination.append("_");
      schema.name_in_destination.append(destination_name(schema_name));
    }
    for (const auto& [table_name, source] : tables) {
      const bool new_table = schema.tables.count(table_name) == 0;
      auto& table = schema.tables[table_name];
      if (new_table) {
        table.enabled = new_tables_on || source.system;
        table.system = source.system;
      }
      for (const auto& column : source.columns) {
        if (table.columns.count(column.name) != 0) continue;
        column_settings c;
        c.enabled = new_columns_on || column.primary_key;
        c.is_primary_key = column.primary_key;
        table.columns[column.name] = c;
      }
    }
  }
}

// Applies a pre-created config at capture: what the source does not have,
// or what cannot be excluded, is ignored.
inline void apply_pre_created(schema_config& config, const nlohmann::json& request) {
  if (request.contains("schema_change_handling") && request["schema_change_handling"].is_string()) {
    config.schema_change_handling = request["schema_change_handling"].get<std::string>();
  }
  const auto& schemas = request.value("schemas", nlohmann::json::object());
  if (!schemas.is_object()) return;
  for (auto s = schemas.begin(); s != schemas.end(); ++s) {
    const auto schema = config.schemas.find(s.key());
    if (schema == config.schemas.end() || !s->is_object()) continue;
    if ((*s).contains("enabled") && (*s)["enabled"].is_boolean()) {
      schema->second.enabled = (*s)["enabled"].get<bool>();
    }
    const auto& tables = s->value("tables", nlohmann::json::object());
    if (!tables.is_object()) continue;
    for (auto t = tables.begin(); t != tables.end(); ++t) {
      const auto table = schema->second.tables.find(t.key());
      if (table == schema->second.tables.end() || !t->is_object()) continue;
      if (t->contains("enabled") && (*t)["enabled"].is_boolean() && !table->second.system) {
        table->second.enabled = (*t)["enabled"].get<bool>();
      }
      if (t->contains("sync_mode") && (*t)["sync_mode"].is_string()) {
        table->second.sync_mode = (*t)["sync_mode"].get<std::string>();
      }
      const auto& columns = t->value("columns", nlohmann::json::object());
      if (!columns.is_object()) continue;
      for (auto c = columns.begin(); c != columns.end(); ++c) {
        const auto column = table->second.columns.find(c.key());
        if (column == table->second.columns.end() || !c->is_object()) continue;
        auto& settings = column->second;
        const bool enabled = c->value("enabled", settings.enabled);
        if (enabled || !settings.is_primary_key) settings.enabled = enabled;
        settings.hashed = c->value("hashed", settings.hashed);
        settings.user_set = true;
      }
    }
  }
}

inline nlohmann::json table_patch_settings(const table_settings& table) {
  if (!table.system) return {{"allowed", true}};
  return {{"allowed", false},
          {"reason_code", "SYSTEM_TABLE"},
          {"reason", "The table is maintained by Fivetran"}};
}

inline nlohmann::json column_patch_settings(const column_settings& column) {
  if (!column.is_primary_key) return {{"allowed", true}};
  return {{"allowed", false},
          {"reason_code", "SYSTEM_COLUMN"},
          {"reason", "The column is part of the primary key"}};
}

inline nlohmann::json render_column(const std::string& name, const column_settings& column) {
  return {{"name_in_destination", destination_name(name)},
          {"enabled", column.enabled},
          {"hashed", column.hashed},
          {"is_primary_key", column.is_primary_key},
          {"enabled_patch_settings", column_patch_settings(column)}};
}

// The StandardConfigResponse of a captured config.
inline nlohmann::json render(const schema_config& config) {
  nlohmann::json schemas = nlohmann::json::object();
  for (const auto& [schema_name, schema] : config.schemas) {
    nlohmann::json tables = nlohmann::json::object();
    for (const auto& [table_name, table] : schema.tables) {
      nlohmann::json columns = nlohmann::json::object();
      for (const auto& [column_name, column] : table.columns) {
        if (column.user_set) columns[column_name] = render_column(column_name, column);
      }
      tables[table_name] = {{"name_in_destination", destination_name(table_name)},
                            {"enabled", table.enabled},
                            {"sync_mode", table.sync_mode},
                            {"supports_columns_config", true},
                            {"supports_history_mode", !table.system},
                            {"enabled_patch_settings", table_patch_settings(table)},
                            {"columns", std::move(columns)}};
    }
    schemas[schema_name] = {{"name_in_destination", schema.name_in_destination},
                            {"enabled", schema.enabled},
                            {"tables", std::move(tables)}};
  }
  return {{"enable_new_by_default", config.schema_change_handling == "ALLOW_ALL"},
          {"schema_change_handling", config.schema_change_handling},
          {"schemas", std::move(schemas)}};
}

// What pre-creating answers: the settings as given, with the fields every
// schema and table has filled in.
inline nlohmann::json render_pre_created(const nlohmann::json& request) {
  const std::string handling = request.value("schema_change_handling", std::string("ALLOW_ALL"));
  nlohmann::json schemas = nlohmann::json::object();
  const auto& given = request.value("schemas", nlohmann::json::object());
  for (auto s = given.begin(); s != given.end(); ++s) {
    nlohmann::json tables = nlohmann::json::object();
    const auto& given_tables = s->value("tables", nlohmann::json::object());
    for (auto t = given_tables.begin(); t != given_tables.end(); ++t) {
      nlohmann::json columns = nlohmann::json::object();
      const auto& given_columns = t->value("columns", nlohmann::json::object());
      for (auto c = given_columns.begin(); c != given_columns.end(); ++c) {
        column_settings column;
        column.enabled = c->value("enabled", true);
        column.hashed = c->value("hashed", false);
        column.is_primary_key = c->value("is_primary_key", false);
        columns[c.key()] = render_column(c.key(), column);
      }
      tables[t.key()] = {{"name_in_destination", destination_name(t.key())},
                         {"enabled", t->value("enabled", true)},
                         {"sync_mode", t->value("sync_mode", std::string("SOFT_DELETE"))},
                         {"supports_columns_config", true},
                         {"supports_history_mode", true},
                         {"enabled_patch_settings", {{"allowed", true}}},
                         {"columns", std::move(columns)}};
    }
    schemas[s.key()] = {{"name_in_destination", destination_name(s.key())},
                        {"enabled", s->value("enabled", true)},
                        {"tables", std::move(tables)}};
  }
  return {{"enable_new_by_default", handling == "ALLOW_ALL"},
          {"schema_change_handling", handling},
          {"schemas", std::move(schemas)}};
}

// ---- changes (PATCH), checked before anything is changed ----------------------------------

inline outcome no_such(const std::string& kind, const std::string& name) {
  return failure(404, "NotFound_" + kind,
                 kind + " '" + name + "' doesn't exist in the schema config");
}

// A ColumnUpdateRequest; nullopt when applied.
inline std::optional<outcome> update_column(table_settings& table, const std::string& name,
                                            const nlohmann::json& update) {
  const auto it = table.columns.find(name);
  if (it == table.columns.end()) return no_such("Column", name);
  auto& column = it->second;
  const bool enabled = update.value("enabled", column.enabled);
  if (!enabled && column.is_primary_key) {
    return bad_request("Column '" + name + "' cannot be disabled: it is part of the primary key");
  }
  column.enabled = enabled;
  column.hashed = update.value("hashed", column.hashed);
  column.is_primary_key = update.value("is_primary_key", column.is_primary_key);
  if (column.enabled) column.drop_pending = false;
  column.user_set = true;
  return std::nullopt;
}

// A TableUpdateRequest.
inline std::optional<outcome> update_table(schema_settings& schema, const std::string& name,
                                           const nlohmann::json& update) {
  const auto it = schema.tables.find(name);
  if (it == schema.tables.end()) return no_such("Table", name);
  auto& table = it->second;
  const bool enabled = update.value("enabled", table.enabled);
  if (!enabled && table.system) {
    return bad_request("Table '" + name + "' cannot be disabled: it is maintained by Fivetran");
  }
  table.enabled = enabled;
  table.sync_mode = update.value("sync_mode", table.sync_mode);
  if (table.system && table.sync_mode == "HISTORY") {
    return bad_request("Table '" + name + "' does not support history mode");
  }
  const auto& columns = update.value("columns", nlohmann::json::object());
  for (auto c = columns.begin(); c != columns.end(); ++c) {
    if (auto refused = update_column(table, c.key(), *c)) return refused;
  }
  return std::nullopt;
}

// A SchemaUpdateRequest.
inline std::optional<outcome> update_schema(schema_config& config, const std::string& name,
                                            const nlohmann::json& update) {
  const auto it = config.schemas.find(name);
  if (it == config.schemas.end()) return no_such("Schema", name);
  it->second.enabled = update.value("enabled", it->second.enabled);
  const auto& tables = update.value("tables", nlohmann::json::object());
  for (auto t = tables.begin(); t != tables.end(); ++t) {
    if (auto refused = update_table(it->second, t.key(), *t)) return refused;
  }
  return std::nullopt;
}

// A StandardConfigUpdateRequest.
inline std::optional<outcome> update_config(schema_config& config, const nlohmann::json& update) {
  config.schema_change_handling =
      update.value("schema_change_handling", config.schema_change_handling);
  config.is_type_locked = update.value("is_type_locked", config.is_type_locked);
  const auto& schemas = update.value("schemas", nlohmann::json::object());
  for (auto s = schemas.begin(); s != schemas.end(); ++s) {
    if (auto refused = update_schema(config, s.key(), *s)) return refused;
  }
  return std::nullopt;
}

// Marks a blocked (disabled) column to be dropped from the destination.
inline std::optional<outcome> mark_for_drop(schema_config& config, const std::string& schema_name,
                                            const std::string& table_name,
                                            const std::string& column_name) {
  const auto schema = config.schemas.find(schema_name);
  if (schema == config.schemas.end()) return no_such("Schema", schema_name);
  const auto table = schema->second.tables.find(table_name);
  if (table == schema->second.tables.end()) return no_such("Table", table_name);
  const auto column = table->second.columns.find(column_name);
  if (column == table->second.columns.end()) return no_such("Column", column_name);
  if (column->second.enabled) {
    return conflict("Column '" + column_name + "' is not blocked: disable it before dropping it");
  }
  column->second.drop_pending = true;
  return std::nullopt;
}

}  // namespace plugboard::sandbox::detail::fivetran
