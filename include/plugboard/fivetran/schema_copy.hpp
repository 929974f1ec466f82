// SPDX-License-Identifier: MIT
// copy_schema_selection: make one connection sync the same schemas, tables
// and columns as another (enabled, hashed, sync mode), in one PATCH.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/core/call_options.hpp"
#include "plugboard/fivetran/generated/connections.hpp"

namespace plugboard::fivetran {

struct schema_copy_options {
  bool copy_schema_change_handling = true;  // ALLOW_ALL / ALLOW_COLUMNS / BLOCK_ALL too
  bool copy_columns = true;                 // else schemas and tables only
};

struct schema_copy_report {
  // What was sent to the target (PATCH .../schemas).
  api::standard_config_update_request sent;
  // The target's schema config as Fivetran answered the PATCH.
  api::standard_config_response result;
  // What the target cannot take, as "schema", "schema.table" or
  // "schema.table.column": absent from the target's config (reload it
  // first), or locked there (enabled_patch_settings.allowed is false).
  std::vector<std::string> skipped;
};

namespace detail {

inline std::string dotted(const std::string& a, const std::string& b) {
  std::string out = a;
  out.append(".").append(b);
  return out;
}

// Every column of a target table (the schema config lists only the columns
// a user has changed).
using target_columns_lookup = std::function<std::map<std::string, api::column_config_response>(
    const std::string& schema, const std::string& table)>;

// The PATCH that gives `target` the selection of `source`, for what both have.
inline api::standard_config_update_request schema_selection_patch(
    const api::standard_config_response& source, const api::standard_config_response& target,
    const schema_copy_options& settings, const target_columns_lookup& target_columns,
    std::vector<std::string>& skipped) {
  api::standard_config_update_request patch;
  if (settings.copy_schema_change_handling && !source.schema_change_handling.empty()) {
    patch.schema_change_handling = source.schema_change_handling;
  }
  auto& schemas = patch.schemas.emplace();
  for (const auto& [schema_name, schema] : source.schemas) {
    const auto there = target.schemas.find(schema_name);
    if (there == target.schemas.end()) {
      skipped.push_back(schema_name);
      continue;
    }
    api::schema_update_request& schema_patch = schemas[schema_name];
    schema_patch.enabled = schema.enabled;
    auto& tables = schema_patch.tables.emplace();
    for (const auto& [table_name, table] : schema.tables) {
      const auto target_table = there->second.tables.find(table_name);
      if (target_table == there->second.tables.end() ||
          !target_table->second.enabled_patch_settings.allowed) {
        skipped.push_back(dotted(schema_name, table_name));
        continue;
      }
      api::table_update_request& table_patch = tables[table_name];
      table_patch.enabled = table.enabled;
      if (!table.sync_mode.empty() && !target_table->second.sync_mode.empty()) {
        table_patch.sync_mode = table.sync_mode;
      }
      if (!settings.copy_columns || !target_table->second.supports_columns_config ||
          table.columns.empty()) {
        continue;
      }
      const auto columns = target_columns(schema_name, table_name);
      for (const auto& [column_name, column] : table.columns) {
        const auto target_column = columns.find(column_name);
        if (target_column == columns.end() ||
            !target_column->second.enabled_patch_settings.allowed) {
          skipped.push_back(dotted(dotted(schema_name, table_name), column_name));
          continue;
        }
        if (!table_patch.columns) table_patch.columns.emplace();
        api::column_update_request& column_patch = (*table_patch.columns)[column_name];
        column_patch.enabled = column.enabled;
        column_patch.hashed = column.hashed;
      }
    }
  }
  return patch;
}

}  // namespace detail

// Reads both connections' schema configs and PATCHes the target so that its
// schemas, tables and columns are enabled, hashed and synced (sync mode) as
// in the source. A source table with column settings costs one more read of
// the target's columns (connection_column_config, a source-interaction call:
// the schema config lists only the columns a user changed). Names the target
// lacks or locks are skipped and listed, not failed: run
// reload_connection_schema_config on the target first when its config is not
// there yet. Call failures follow the client's error policy.
template <class Client>
auto copy_schema_selection(Client& client, std::string source_id, std::string target_id,
                           schema_copy_options settings = {}, const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<schema_copy_report>([&] {
    using api::endpoints::connection_schema_config;
    schema_copy_report out;
    const auto source = core.call_or_throw(connection_schema_config{source_id}, options).data;
    const auto target = core.call_or_throw(connection_schema_config{target_id}, options).data;
    const auto columns = [&](const std::string& schema, const std::string& table) {
      api::endpoints::connection_column_config read;
      read.connection_id = target_id;
      read.schema = schema;
      read.table = table;
      return core.call_or_throw(read, options).data.columns;
    };
    out.sent = detail::schema_selection_patch(source, target, settings, columns, out.skipped);
    api::endpoints::modify_connection_schema_config patch;
    patch.connection_id = std::move(target_id);
    patch.body = out.sent;
    out.result = core.call_or_throw(patch, options).data;
    return out;
  });
}

}  // namespace plugboard::fivetran
