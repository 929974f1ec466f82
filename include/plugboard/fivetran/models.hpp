// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/fivetran/envelope.hpp"
#include "plugboard/serializer/json.hpp"

// Models of Fivetran's connector management API as the Speakeasy Python SDK
// (1.18.2) describes it. Wire facts: docs/api/fivetran.md. Every wire
// key is snake_case; unset optionals are never sent; keys this version of
// plugboard does not know are kept in `extra` (and sent back when a model is
// re-encoded, so a caller may also add undocumented keys there).

namespace plugboard::fivetran {

using plugboard::from_json;
using plugboard::to_json;

// ---- enums that keep values the client does not know yet --------------------

// data.status.setup_state
enum class setup_state { unknown, incomplete, connected, broken };
constexpr auto wire_names(setup_state) {
  return std::array{wire_name<setup_state>{setup_state::incomplete, "incomplete"},
                    wire_name<setup_state>{setup_state::connected, "connected"},
                    wire_name<setup_state>{setup_state::broken, "broken"}};
}

// data.status.sync_state
enum class sync_state { unknown, scheduled, syncing, paused, rescheduled };
constexpr auto wire_names(sync_state) {
  return std::array{wire_name<sync_state>{sync_state::scheduled, "scheduled"},
                    wire_name<sync_state>{sync_state::syncing, "syncing"},
                    wire_name<sync_state>{sync_state::paused, "paused"},
                    wire_name<sync_state>{sync_state::rescheduled, "rescheduled"}};
}

// data.status.update_state
enum class update_state { unknown, on_schedule, delayed };
constexpr auto wire_names(update_state) {
  return std::array{wire_name<update_state>{update_state::on_schedule, "on_schedule"},
                    wire_name<update_state>{update_state::delayed, "delayed"}};
}

// `schedule_type`: "auto" (Fivetran schedules syncs) or "manual" (only
// sync_connector starts one). `automatic` because `auto` is a C++ keyword.
enum class schedule_mode { unknown, automatic, manual };
constexpr auto wire_names(schedule_mode) {
  return std::array{wire_name<schedule_mode>{schedule_mode::automatic, "auto"},
                    wire_name<schedule_mode>{schedule_mode::manual, "manual"}};
}

// setup_tests[].status. UNCONFIRMED: the full list; these are the values seen.
enum class setup_test_status { unknown, passed, failed, warning, skipped };
constexpr auto wire_names(setup_test_status) {
  return std::array{wire_name<setup_test_status>{setup_test_status::passed, "PASSED"},
                    wire_name<setup_test_status>{setup_test_status::failed, "FAILED"},
                    wire_name<setup_test_status>{setup_test_status::warning, "WARNING"},
                    wire_name<setup_test_status>{setup_test_status::skipped, "SKIPPED"}};
}

// metadata.type: the connector's category. The SDK's closed enum fails on a
// new category; open_enum keeps it (wire() is the string the server sent).
enum class metadata_type {
  unknown,
  api,
  dbt,
  marketing,
  human_resources,
  finance,
  productivity,
  engineering,
  support,
  sales,
  security,
  super_connector_test,
  free,
  file,
  database,
  events,
  function,
  bi_tool,
  warehouse,
  log,
  hvr
};
constexpr auto wire_names(metadata_type) {
  using t = metadata_type;
  return std::array{wire_name<t>{t::api, "API"},
                    wire_name<t>{t::dbt, "Dbt"},
                    wire_name<t>{t::marketing, "Marketing"},
                    wire_name<t>{t::human_resources, "HumanResources"},
                    wire_name<t>{t::finance, "Finance"},
                    wire_name<t>{t::productivity, "Productivity"},
                    wire_name<t>{t::engineering, "Engineering"},
                    wire_name<t>{t::support, "Support"},
                    wire_name<t>{t::sales, "Sales"},
                    wire_name<t>{t::security, "Security"},
                    wire_name<t>{t::super_connector_test, "SuperConnectorTest"},
                    wire_name<t>{t::free, "Free"},
                    wire_name<t>{t::file, "File"},
                    wire_name<t>{t::database, "Database"},
                    wire_name<t>{t::events, "Events"},
                    wire_name<t>{t::function, "Function"},
                    wire_name<t>{t::bi_tool, "BITool"},
                    wire_name<t>{t::warehouse, "Warehouse"},
                    wire_name<t>{t::log, "Log"},
                    wire_name<t>{t::hvr, "Hvr"}};
}

// metadata.service_status: the connector type's release stage.
enum class service_status {
  unknown,
  development,
  private_preview,
  beta,
  general_availability,
  sunset
};
constexpr auto wire_names(service_status) {
  using s = service_status;
  return std::array{wire_name<s>{s::development, "development"},
                    wire_name<s>{s::private_preview, "private_preview"},
                    wire_name<s>{s::beta, "beta"},
                    wire_name<s>{s::general_availability, "general_availability"},
                    wire_name<s>{s::sunset, "sunset"}};
}

// ---- request bodies -------------------------------------------------------------

// How the Connect Card behaves: where the user lands afterwards (must start
// with http or https) and whether the setup guide is hidden.
struct connect_card_config {
  std::optional<std::string> redirect_uri;
  std::optional<bool> hide_setup_guide;
  json extra;

  static constexpr auto fields() {
    return field_list(field("redirect_uri", &connect_card_config::redirect_uri),
                      field("hide_setup_guide", &connect_card_config::hide_setup_guide),
                      unknown_fields(&connect_card_config::extra));
  }
};

// The body of connect_card: {"connect_card_config": {...}}, or {} to take
// Fivetran's defaults.
struct connect_card_config_request {
  // Qualified: the member has the same name as the type.
  std::optional<fivetran::connect_card_config> connect_card_config;
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("connect_card_config", &connect_card_config_request::connect_card_config),
        unknown_fields(&connect_card_config_request::extra));
  }
};

// The body of create_connector (NewConnectorRequestV1). `config` and `auth`
// are the service-specific objects (see metadata_connector_config for their
// schemas): the SDK model lacks them, but the real API needs them for most
// services, so they are free-form JSON next to the typed fields.
// Undocumented keys the API also accepts (hybrid_deployment_agent_id,
// networking_method, ...) can go in `extra`.
struct new_connector_request {
  std::string group_id;  // the destination group; required (UNCONFIRMED: optional in the SDK model)
  std::string service;   // the connector type, e.g. "google_sheets"; required (likewise)
  std::optional<bool> trust_certificates;
  std::optional<bool> trust_fingerprints;
  std::optional<bool> run_setup_tests;  // the API's default is true
  std::optional<bool> paused;
  std::optional<bool> pause_after_trial;
  // Minutes between syncs (5, 15, 30, 60, 120, 180, 360, 480, 720 or 1440),
  // sent as a JSON integer: SDK 1.7.0 sent a string, which the API rejects.
  std::optional<int> sync_frequency;
  std::optional<std::string> daily_sync_time;  // "HH:00", with sync_frequency 1440 only
  open_enum<schedule_mode> schedule_type;      // omitted when unset
  std::optional<fivetran::connect_card_config> connect_card_config;
  json config;  // omitted when null
  json auth;    // omitted when null
  json extra;

  static constexpr auto fields() {
    using r = new_connector_request;
    return field_list(
        required_field("group_id", &r::group_id), required_field("service", &r::service),
        field("trust_certificates", &r::trust_certificates),
        field("trust_fingerprints", &r::trust_fingerprints),
        field("run_setup_tests", &r::run_setup_tests), field("paused", &r::paused),
        field("pause_after_trial", &r::pause_after_trial),
        field("sync_frequency", &r::sync_frequency), field("daily_sync_time", &r::daily_sync_time),
        field("schedule_type", &r::schedule_type),
        field("connect_card_config", &r::connect_card_config), field("config", &r::config),
        field("auth", &r::auth), unknown_fields(&r::extra));
  }
};

// The body of modify_connector (UpdateConnectorRequest): a partial update,
// only the fields set are sent and changed.
struct update_connector_request {
  std::optional<bool> trust_certificates;
  std::optional<bool> trust_fingerprints;
  json config;  // usually an object of the keys to change; omitted when null
  json auth;
  std::optional<int> sync_frequency;  // minutes, a JSON integer (see new_connector_request)
  std::optional<std::string> daily_sync_time;
  std::optional<bool> paused;
  std::optional<bool> pause_after_trial;
  // UNCONFIRMED: SDK-only (writeOnly in the spec), most likely a typo of
  // pause_after_trial, which go-fivetran sends instead. Prefer pause_after_trial.
  std::optional<bool> paused_after_trial;
  std::optional<std::string> schema_status;  // UNCONFIRMED: SDK-only
  std::optional<bool> is_historical_sync;    // true: the next sync is a historical one
  open_enum<schedule_mode> schedule_type;
  std::optional<bool> run_setup_tests;
  json extra;

  static constexpr auto fields() {
    using r = update_connector_request;
    return field_list(field("trust_certificates", &r::trust_certificates),
                      field("trust_fingerprints", &r::trust_fingerprints),
                      field("config", &r::config), field("auth", &r::auth),
                      field("sync_frequency", &r::sync_frequency),
                      field("daily_sync_time", &r::daily_sync_time), field("paused", &r::paused),
                      field("pause_after_trial", &r::pause_after_trial),
                      field("paused_after_trial", &r::paused_after_trial),
                      field("schema_status", &r::schema_status),
                      field("is_historical_sync", &r::is_historical_sync),
                      field("schedule_type", &r::schedule_type),
                      field("run_setup_tests", &r::run_setup_tests), unknown_fields(&r::extra));
  }
};

// The body of resync_connector: which tables to re-sync, as schema name ->
// table names. Without a scope the whole connector is re-synced; a scope
// that is given must not be empty.
struct resync_connector_request {
  std::optional<std::map<std::string, std::vector<std::string>>> scope;
  json extra;

  static constexpr auto fields() {
    return field_list(field("scope", &resync_connector_request::scope),
                      unknown_fields(&resync_connector_request::extra));
  }
};

// The body of run_setup_tests (both default to false on the server).
struct run_setup_tests_request {
  std::optional<bool> trust_certificates;
  std::optional<bool> trust_fingerprints;
  json extra;

  static constexpr auto fields() {
    return field_list(field("trust_certificates", &run_setup_tests_request::trust_certificates),
                      field("trust_fingerprints", &run_setup_tests_request::trust_fingerprints),
                      unknown_fields(&run_setup_tests_request::extra));
  }
};

// The body of sync_connector. force=true stops a running sync and starts
// again; otherwise a sync starts only when none is running.
struct sync_connector_request {
  std::optional<bool> force;
  json extra;

  static constexpr auto fields() {
    return field_list(field("force", &sync_connector_request::force),
                      unknown_fields(&sync_connector_request::extra));
  }
};

// ---- responses --------------------------------------------------------------------

// An entry of status.tasks[] or status.warnings[].
struct alert {
  std::string code;
  std::optional<std::string> message;
  json extra;

  static constexpr auto fields() {
    return field_list(field("code", &alert::code), field("message", &alert::message),
                      unknown_fields(&alert::extra));
  }
};

// data.status of a connector.
struct connector_status {
  open_enum<fivetran::setup_state> setup_state;
  open_enum<fivetran::sync_state> sync_state;
  open_enum<fivetran::update_state> update_state;
  std::optional<bool> is_historical_sync;
  std::optional<std::string> schema_status;
  std::optional<std::string> rescheduled_for;  // RFC 3339
  std::vector<alert> tasks;
  std::vector<alert> warnings;
  json extra;

  static constexpr auto fields() {
    using s = connector_status;
    return field_list(field("setup_state", &s::setup_state), field("sync_state", &s::sync_state),
                      field("update_state", &s::update_state),
                      field("is_historical_sync", &s::is_historical_sync),
                      field("schema_status", &s::schema_status),
                      field("rescheduled_for", &s::rescheduled_for), field("tasks", &s::tasks),
                      field("warnings", &s::warnings), unknown_fields(&s::extra));
  }
};

// One entry of setup_tests[]. `details` is an object in the spec and a
// string in go-fivetran, so it is kept as any JSON value.
struct setup_test {
  std::string title;
  open_enum<setup_test_status> status;
  std::optional<std::string> message;
  json details;
  json extra;

  static constexpr auto fields() {
    return field_list(field("title", &setup_test::title), field("status", &setup_test::status),
                      field("message", &setup_test::message),
                      field("details", &setup_test::details), unknown_fields(&setup_test::extra));
  }
};

// A generated Connect Card: open `uri` in a browser to set the connector up.
struct connect_card {
  std::optional<std::string> token;
  std::optional<std::string> uri;
  json extra;

  static constexpr auto fields() {
    return field_list(field("token", &connect_card::token), field("uri", &connect_card::uri),
                      unknown_fields(&connect_card::extra));
  }
};

// A connector, as details, create, modify and run_setup_tests answer
// (ConnectorResponseV1, the `version=2` shape). The real API also returns
// the service's `config` (secrets masked), which the SDK model lacks.
struct connector {
  std::string id;  // e.g. "speak_inexpensive"
  std::string group_id;
  std::string service;
  std::optional<int> service_version;
  std::string schema;  // the connector name, also the destination schema
  std::optional<std::string> connected_by;
  std::optional<std::string> created_at;    // RFC 3339
  std::optional<std::string> succeeded_at;  // null until a sync succeeded
  std::optional<std::string> failed_at;
  std::optional<bool> paused;
  std::optional<bool> pause_after_trial;
  std::optional<int> sync_frequency;  // minutes
  std::optional<std::string> daily_sync_time;
  open_enum<schedule_mode> schedule_type;
  std::optional<connector_status> status;
  std::vector<setup_test> setup_tests;
  json source_sync_details;
  std::optional<fivetran::connect_card> connect_card;
  std::optional<fivetran::connect_card_config> connect_card_config;
  json config;
  json extra;

  static constexpr auto fields() {
    using c = connector;
    return field_list(required_field("id", &c::id), field("group_id", &c::group_id),
                      field("service", &c::service), field("service_version", &c::service_version),
                      field("schema", &c::schema), field("connected_by", &c::connected_by),
                      field("created_at", &c::created_at), field("succeeded_at", &c::succeeded_at),
                      field("failed_at", &c::failed_at), field("paused", &c::paused),
                      field("pause_after_trial", &c::pause_after_trial),
                      field("sync_frequency", &c::sync_frequency),
                      field("daily_sync_time", &c::daily_sync_time),
                      field("schedule_type", &c::schedule_type), field("status", &c::status),
                      field("setup_tests", &c::setup_tests),
                      field("source_sync_details", &c::source_sync_details),
                      field("connect_card", &c::connect_card),
                      field("connect_card_config", &c::connect_card_config),
                      field("config", &c::config), unknown_fields(&c::extra));
  }
};

// What connect_card answers (ConnectorConnectCardResponse).
struct connector_connect_card {
  std::string connector_id;
  std::optional<fivetran::connect_card> connect_card;
  std::optional<fivetran::connect_card_config> connect_card_config;
  json extra;

  static constexpr auto fields() {
    using c = connector_connect_card;
    return field_list(
        field("connector_id", &c::connector_id), field("connect_card", &c::connect_card),
        field("connect_card_config", &c::connect_card_config), unknown_fields(&c::extra));
  }
};

// A connector type (MetadataResponse). `config` and `auth` are JSON schemas
// of what create_connector expects; metadata_connector_config fills them in.
struct metadata {
  std::string id;                   // the service, e.g. "facebook_ad_account"
  std::optional<std::string> name;  // display name, e.g. "Facebook Ad Account"
  open_enum<metadata_type> type;
  std::optional<std::string> description;
  std::optional<std::string> icon_url;
  std::vector<std::string> icons;
  std::optional<std::string> link_to_docs;
  std::optional<std::string> link_to_erd;
  open_enum<fivetran::service_status> service_status;
  json config;
  json auth;
  json extra;

  static constexpr auto fields() {
    using m = metadata;
    return field_list(
        required_field("id", &m::id), field("name", &m::name), field("type", &m::type),
        field("description", &m::description), field("icon_url", &m::icon_url),
        field("icons", &m::icons), field("link_to_docs", &m::link_to_docs),
        field("link_to_erd", &m::link_to_erd), field("service_status", &m::service_status),
        field("config", &m::config), field("auth", &m::auth), unknown_fields(&m::extra));
  }
};

// One page of metadata_connectors. The real API names the cursor
// `next_cursor`; the SDK's spec says `nextCursor`, so both are read. Absent,
// null or "" means this was the last page.
struct metadata_page {
  std::vector<metadata> items;
  std::optional<std::string> next_cursor;
  json extra;

  bool has_more() const noexcept { return next_cursor.has_value() && !next_cursor->empty(); }

  static constexpr auto fields() {
    return field_list(field("items", &metadata_page::items),
                      field("next_cursor", &metadata_page::next_cursor).also_accepts("nextCursor"),
                      unknown_fields(&metadata_page::extra));
  }
};

}  // namespace plugboard::fivetran
