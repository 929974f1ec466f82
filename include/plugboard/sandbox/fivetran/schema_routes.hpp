// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/schema_model.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/fivetran/wire.hpp"
#include "plugboard/sandbox/server.hpp"

// /v1/connections/{id}/schemas...: the schema config read, pre-created,
// changed whole or per schema, table and column, reloaded from the source;
// blocked columns dropped; tables re-synced; a table's columns listed as the
// source has them. Before the config is captured (sandbox/fivetran/
// schema_model.hpp) it is 404 NotFound_SchemaConfig, except to pre-create.
// A change is checked whole before any of it applies.

namespace plugboard::sandbox::detail::fivetran {

class schema_routes {
 public:
  explicit schema_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const std::string base = "/v1/connections/{connectionId}/schemas";
    const std::string table = base + "/{schemaName}/tables/{tableName}";
    add(routes, "GET", base, "connection_schema_config",
        [this](connection& c, const incoming&, const nlohmann::json&) { return read(c); });
    add(routes, "POST", base, "pre_create_connection_schema_config",
        [this](connection& c, const incoming&, const nlohmann::json& body) {
          return pre_create(c, body);
        });
    add(routes, "PATCH", base, "modify_connection_schema_config",
        [this](connection& c, const incoming&, const nlohmann::json& body) {
          return change(c, [&](schema_config& config) { return update_config(config, body); });
        });
    add(routes, "POST", base + "/reload", "reload_connection_schema_config",
        [this](connection& c, const incoming&, const nlohmann::json& body) {
          return reload(c, body);
        });
    add(routes, "POST", base + "/drop-columns", "delete_multiple_columns_connection_config",
        [this](connection& c, const incoming&, const nlohmann::json& body) {
          return drop_columns(c, body);
        });
    add(routes, "POST", base + "/tables/resync", "resync_tables",
        [this](connection& c, const incoming&, const nlohmann::json& body) {
          return resync_tables(c, body);
        });
    add(routes, "PATCH", base + "/{schemaName}", "modify_connection_database_schema_config",
        [this](connection& c, const incoming& in, const nlohmann::json& body) {
          return change(c, [&](schema_config& config) {
            return update_schema(config, in.param("schemaName"), body);
          });
        });
    add(routes, "PATCH", table, "modify_connection_table_config",
        [this](connection& c, const incoming& in, const nlohmann::json& body) {
          return change(c, [&](schema_config& config) -> std::optional<outcome> {
            const auto schema = config.schemas.find(in.param("schemaName"));
            if (schema == config.schemas.end()) return no_such("Schema", in.param("schemaName"));
            return update_table(schema->second, in.param("tableName"), body);
          });
        });
    add(routes, "PATCH", table + "/columns/{columnName}", "modify_connection_column_config",
        [this](connection& c, const incoming& in, const nlohmann::json& body) {
          return change(c, [&](schema_config& config) -> std::optional<outcome> {
            table_settings* t = find_table(config, in);
            if (t == nullptr) return missing_table(config, in);
            return update_column(*t, in.param("columnName"), body);
          });
        });
    add(routes, "DELETE", table + "/columns/{columnName}", "delete_column_connection_config",
        [this](connection& c, const incoming& in, const nlohmann::json&) {
          return drop(c, [&](schema_config& config) {
            return mark_for_drop(config, in.param("schemaName"), in.param("tableName"),
                                 in.param("columnName"));
          });
        });
    // The document names this route's placeholders {schema} and {table}.
    add(routes, "GET", "/v1/connections/{connectionId}/schemas/{schema}/tables/{table}/columns",
        "connection_column_config",
        [this](connection& c, const incoming& in, const nlohmann::json&) {
          return columns(c, in.param("schema"), in.param("table"));
        });
  }

 private:
  template <class Handler>
  void add(router& routes, const char* method, const std::string& path, const char* operation,
           Handler handler) {
    routes.add(method, path, [this, operation, handler](const incoming& in) {
      return serve(s_, in, operation, [&](const nlohmann::json& body) {
        const std::string& id = in.param("connectionId");
        connection* c = s_.find(id);
        if (c == nullptr) return state::not_found(generation::connections, id);
        return handler(*c, in, body);
      });
    });
  }

  static outcome not_captured(const connection& c) {
    return failure(404, "NotFound_SchemaConfig",
                   "The schema config of connection '" + c.record.value("id", std::string()) +
                       "' does not exist yet: run the setup tests or a sync first");
  }

  static table_settings* find_table(schema_config& config, const incoming& in) {
    const auto schema = config.schemas.find(in.param("schemaName"));
    if (schema == config.schemas.end()) return nullptr;
    const auto table = schema->second.tables.find(in.param("tableName"));
    return table == schema->second.tables.end() ? nullptr : &table->second;
  }
  static outcome missing_table(const schema_config& config, const incoming& in) {
    if (config.schemas.count(in.param("schemaName")) == 0) {
      return no_such("Schema", in.param("schemaName"));
    }
    return no_such("Table", in.param("tableName"));
  }

  outcome read(connection& c) const {
    if (!c.schema.captured) return not_captured(c);
    return success(200, "Operation performed.", render(c.schema));
  }

  // Applies `apply` to a copy of the config, which replaces it only when the
  // whole change was accepted.
  template <class Apply>
  outcome change(connection& c, Apply&& apply) {
    if (!c.schema.captured) return not_captured(c);
    schema_config changed = c.schema;
    if (std::optional<outcome> refusal = apply(changed)) return *refusal;
    c.schema = std::move(changed);
    return success(200, "Operation performed.", render(c.schema));
  }

  template <class Apply>
  outcome drop(connection& c, Apply&& apply) {
    if (!c.schema.captured) return not_captured(c);
    schema_config changed = c.schema;
    if (std::optional<outcome> refusal = apply(changed)) return *refusal;
    c.schema = std::move(changed);
    return success(200, "The columns will be dropped from the destination at the next sync");
  }

  outcome pre_create(connection& c, const nlohmann::json& body) {
    if (c.schema.captured) {
      return conflict("The schema config of connection '" + c.record.value("id", std::string()) +
                      "' exists already: change it with PATCH");
    }
    c.schema.pre_created = body;
    return success(200, "Operation performed.", render_pre_created(body));
  }

  outcome reload(connection& c, const nlohmann::json& body) {
    const std::string mode = body.value("exclude_mode", std::string("PRESERVE"));
    if (mode != "PRESERVE" && mode != "EXCLUDE") {
      return bad_request("'exclude_mode' must be \"PRESERVE\" or \"EXCLUDE\"");
    }
    if (!c.schema.captured) {
      s_.capture_schema(c);
    } else {
      const std::string prefix = s_.is_database(c.record.value("service", ""))
                                     ? c.record.value("schema", std::string())
                                     : std::string();
      merge_catalog(c.schema, c.catalog, /*initial=*/false, prefix);
    }
    if (mode == "EXCLUDE") {
      for (auto& schema : c.schema.schemas) {
        schema.second.enabled = false;
        for (auto& table : schema.second.tables) {
          if (!table.second.system) table.second.enabled = false;
        }
      }
    }
    return success(200, "Operation performed.", render(c.schema));
  }

  // DropColumnsRequest: {"schemas": {s: {"tables": {t: {"columns": [c, ...]}}}}}.
  outcome drop_columns(connection& c, const nlohmann::json& body) {
    return drop(c, [&](schema_config& config) -> std::optional<outcome> {
      const auto& schemas = body.value("schemas", nlohmann::json::object());
      for (auto s = schemas.begin(); s != schemas.end(); ++s) {
        const auto& tables = s->value("tables", nlohmann::json::object());
        for (auto t = tables.begin(); t != tables.end(); ++t) {
          for (const auto& column : t->value("columns", nlohmann::json::array())) {
            if (!column.is_string()) return bad_request("Column names must be strings");
            if (auto refusal = mark_for_drop(config, s.key(), t.key(), column.get<std::string>())) {
              return refusal;
            }
          }
        }
      }
      return std::nullopt;
    });
  }

  // {"<schema>": ["<table>", ...]}: a historical sync of those tables.
  outcome resync_tables(connection& c, const nlohmann::json& body) {
    if (!c.schema.captured) return not_captured(c);
    if (body.empty()) return bad_request("Name at least one schema and its tables");
    for (auto s = body.begin(); s != body.end(); ++s) {
      const auto schema = c.schema.schemas.find(s.key());
      if (schema == c.schema.schemas.end()) return no_such("Schema", s.key());
      if (!s->is_array() || s->empty()) {
        return bad_request("'" + s.key() + "' must list the tables to re-sync");
      }
      for (const auto& table : *s) {
        if (!table.is_string()) return bad_request("Table names must be strings");
        if (schema->second.tables.count(table.get<std::string>()) == 0) {
          return no_such("Table", table.get<std::string>());
        }
      }
    }
    if (c.record["status"]["sync_state"] == "syncing") {
      return conflict("A sync of connection '" + c.record.value("id", std::string()) +
                      "' is in progress; retry the re-sync later");
    }
    s_.start_sync(c, /*historical=*/true);
    c.last_resync_scope = body;
    return success(200, "Re-sync has been triggered successfully");
  }

  // Every column the source table has, with its settings.
  outcome columns(connection& c, const std::string& schema_name, const std::string& table_name) {
    if (c.record["status"]["setup_state"] != "connected") {
      return bad_request("Connection '" + c.record.value("id", std::string()) +
                         "' is not connected: run its setup tests first");
    }
    const auto source_schema = c.catalog.find(schema_name);
    if (source_schema == c.catalog.end()) return no_such("Schema", schema_name);
    const auto source_table = source_schema->second.find(table_name);
    if (source_table == source_schema->second.end()) return no_such("Table", table_name);
    const table_settings* settings = nullptr;
    const auto schema = c.schema.schemas.find(schema_name);
    if (schema != c.schema.schemas.end()) {
      const auto table = schema->second.tables.find(table_name);
      if (table != schema->second.tables.end()) settings = &table->second;
    }
    nlohmann::json out = nlohmann::json::object();
    for (const auto& column : source_table->second.columns) {
      column_settings shown;
      shown.is_primary_key = column.primary_key;
      if (settings != nullptr) {
        const auto known = settings->columns.find(column.name);
        if (known != settings->columns.end()) shown = known->second;
      }
      out[column.name] = render_column(column.name, shown);
    }
    return success(200, "Operation performed.", {{"columns", std::move(out)}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fivetran
