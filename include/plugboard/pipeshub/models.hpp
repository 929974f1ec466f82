// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/detail/civil_date.hpp"
#include "plugboard/serializer/codec.hpp"
#include "plugboard/serializer/json.hpp"

// Models of Pipeshub's connector instances API (`/api/v1/connectors...`).
// Wire facts: docs/api/pipeshub.md. Two shapes exist for the same data:
// the one the official Speakeasy SDK expects ("SDK shape": connectorId,
// instanceName, total/hasMore, ...) and the one the current pipeshub-ai
// server sends ("server shape": _key, name, type, totalCount/hasNext, a
// nested /connectors/configured listing). Every response model accepts both
// and maps them to the same members; request bodies use the SDK's camelCase
// keys, which the server reads too.

namespace plugboard::pipeshub {

using plugboard::from_json;
using plugboard::to_json;

// ---- enums (open: a value added by the server later decodes as `unknown`
// and keeps its text) ----------------------------------------------------------

// ConnectorScope: who can see an instance.
enum class connector_scope { unknown, team, personal };
constexpr auto wire_names(connector_scope) {
  return std::array{wire_name<connector_scope>{connector_scope::team, "team"},
                    wire_name<connector_scope>{connector_scope::personal, "personal"}};
}

// AuthType: the `authType` a create request may ask for.
enum class auth_type {
  unknown,
  oauth,
  oauth_admin_consent,
  api_token,
  username_password,
  service_account
};
constexpr auto wire_names(auth_type) {
  return std::array{wire_name<auth_type>{auth_type::oauth, "OAUTH"},
                    wire_name<auth_type>{auth_type::oauth_admin_consent, "OAUTH_ADMIN_CONSENT"},
                    wire_name<auth_type>{auth_type::api_token, "API_TOKEN"},
                    wire_name<auth_type>{auth_type::username_password, "USERNAME_PASSWORD"},
                    wire_name<auth_type>{auth_type::service_account, "SERVICE_ACCOUNT"}};
}

// ConnectorAuthType: the `authType` of an instance in responses. The SDK lists
// NONE here but not SERVICE_ACCOUNT; the server may send other values (e.g.
// BEARER_TOKEN), which open_enum keeps.
enum class connector_auth_type {
  unknown,
  oauth,
  oauth_admin_consent,
  api_token,
  username_password,
  none
};
constexpr auto wire_names(connector_auth_type) {
  return std::array{
      wire_name<connector_auth_type>{connector_auth_type::oauth, "OAUTH"},
      wire_name<connector_auth_type>{connector_auth_type::oauth_admin_consent,
                                     "OAUTH_ADMIN_CONSENT"},
      wire_name<connector_auth_type>{connector_auth_type::api_token, "API_TOKEN"},
      wire_name<connector_auth_type>{connector_auth_type::username_password, "USERNAME_PASSWORD"},
      wire_name<connector_auth_type>{connector_auth_type::none, "NONE"}};
}

// ConnectorSyncConfig.selectedStrategy.
enum class sync_strategy { unknown, manual, scheduled, webhook, realtime };
constexpr auto wire_names(sync_strategy) {
  return std::array{wire_name<sync_strategy>{sync_strategy::manual, "MANUAL"},
                    wire_name<sync_strategy>{sync_strategy::scheduled, "SCHEDULED"},
                    wire_name<sync_strategy>{sync_strategy::webhook, "WEBHOOK"},
                    wire_name<sync_strategy>{sync_strategy::realtime, "REALTIME"}};
}

// ---- request models (CreateConnectorRequest and its nested config) -----------
// Members with an SDK schema default (selectedStrategy, intervalMinutes,
// timezone) are plain members initialised to that default, so they are sent
// whenever their parent object is, exactly as the SDK does.

// ConnectorAuthConfig: credentials and settings per the connector's auth schema.
struct connector_auth_config {
  json values;  // free-form, e.g. {"apiKey": ..., "baseUrl": ...}
  std::optional<std::string> oauth_config_id;
  json custom_values;  // free-form
  json extra;

  static constexpr auto fields() {
    return field_list(field("values", &connector_auth_config::values),
                      field("oauthConfigId", &connector_auth_config::oauth_config_id),
                      field("customValues", &connector_auth_config::custom_values),
                      unknown_fields(&connector_auth_config::extra));
  }
};

// scheduledConfig of a sync config.
struct scheduled_sync_config {
  int interval_minutes = 60;                   // minimum 5
  std::optional<std::string> cron_expression;  // e.g. "0 */6 * * *"
  std::string timezone = "UTC";
  json extra;

  static constexpr auto fields() {
    return field_list(field("intervalMinutes", &scheduled_sync_config::interval_minutes),
                      field("cronExpression", &scheduled_sync_config::cron_expression),
                      field("timezone", &scheduled_sync_config::timezone),
                      unknown_fields(&scheduled_sync_config::extra));
  }
};

// webhookConfig of a sync config.
struct webhook_sync_config {
  std::optional<std::string> webhook_url;          // generated by the server
  std::optional<std::vector<std::string>> events;  // e.g. "file.created"
  json extra;

  static constexpr auto fields() {
    return field_list(field("webhookUrl", &webhook_sync_config::webhook_url),
                      field("events", &webhook_sync_config::events),
                      unknown_fields(&webhook_sync_config::extra));
  }
};

// ConnectorSyncConfig.
struct connector_sync_config {
  open_enum<sync_strategy> selected_strategy = sync_strategy::manual;
  std::optional<scheduled_sync_config> scheduled_config;
  std::optional<webhook_sync_config> webhook_config;
  json values;         // free-form
  json custom_values;  // free-form
  json extra;

  static constexpr auto fields() {
    return field_list(field("selectedStrategy", &connector_sync_config::selected_strategy),
                      field("scheduledConfig", &connector_sync_config::scheduled_config),
                      field("webhookConfig", &connector_sync_config::webhook_config),
                      field("values", &connector_sync_config::values),
                      field("customValues", &connector_sync_config::custom_values),
                      unknown_fields(&connector_sync_config::extra));
  }
};

// The `sync` and `indexing` members of ConnectorFiltersConfig.
struct filter_values {
  json values;  // free-form, e.g. {"folders": [...], "fileTypes": [...], "includeShared": true}
  json extra;

  static constexpr auto fields() {
    return field_list(field("values", &filter_values::values),
                      unknown_fields(&filter_values::extra));
  }
};

// ConnectorFiltersConfig.
struct connector_filters_config {
  std::optional<filter_values> sync;
  std::optional<filter_values> indexing;
  json extra;

  static constexpr auto fields() {
    return field_list(field("sync", &connector_filters_config::sync),
                      field("indexing", &connector_filters_config::indexing),
                      unknown_fields(&connector_filters_config::extra));
  }
};

// The `config` object of a create request.
struct connector_config {
  std::optional<connector_auth_config> auth;
  std::optional<connector_sync_config> sync;
  std::optional<connector_filters_config> filters;
  json extra;

  static constexpr auto fields() {
    return field_list(
        field("auth", &connector_config::auth), field("sync", &connector_config::sync),
        field("filters", &connector_config::filters), unknown_fields(&connector_config::extra));
  }
};

// CreateConnectorRequest: the body of POST /connectors. The instance starts
// unconfigured unless `config` carries credentials.
struct create_connector_request {
  std::string connector_type;        // registry type, e.g. "confluence", "google-drive", "slack"
  std::string instance_name;         // 1..100 characters
  open_enum<connector_scope> scope;  // team (admins only) or personal
  // The rest may be left out of a brace initialiser:
  // create_connector_request{"slack", "Chat", connector_scope::personal}.
  open_enum<pipeshub::auth_type> auth_type{};  // empty: the server picks one
  std::optional<connector_config> config{};
  std::optional<std::string> base_url{};  // self-hosted base, e.g. Confluence Server
  json extra{};                           // further top-level keys, sent as they are

  static constexpr auto fields() {
    return field_list(required_field("connectorType", &create_connector_request::connector_type),
                      required_field("instanceName", &create_connector_request::instance_name),
                      required_field("scope", &create_connector_request::scope),
                      field("authType", &create_connector_request::auth_type),
                      field("config", &create_connector_request::config),
                      field("baseUrl", &create_connector_request::base_url),
                      unknown_fields(&create_connector_request::extra));
  }
};

// UpdateConnectorNameRequest: the body of PUT /connectors/{id}/name.
struct update_connector_name_request {
  std::string instance_name;

  static constexpr auto fields() {
    return field_list(
        required_field("instanceName", &update_connector_name_request::instance_name));
  }
};

// ---- response models -----------------------------------------------------------

namespace detail {

// "2026-01-01T00:00:00.000Z" from milliseconds since the Unix epoch.
inline std::string iso8601_from_epoch_ms(std::int64_t ms) {
  std::int64_t seconds = ms / 1000;
  std::int64_t millis = ms % 1000;
  if (millis < 0) {
    millis += 1000;
    seconds -= 1;
  }
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    days -= 1;
  }
  const auto date = plugboard::detail::civil_from_days(days);
  char text[160];  // room for any int64 fields, so -Wformat-truncation is satisfied
  std::snprintf(text, sizeof text, "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(date.year), static_cast<long long>(date.month),
                static_cast<long long>(date.day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest % 3600 / 60), static_cast<long long>(rest % 60),
                static_cast<long long>(millis));
  return text;
}

}  // namespace detail

// ConnectorInstance. The SDK names come first; `.also_accepts` maps the
// server's names onto the same members (_key, name, type, isAgentActive).
// Members after `updated_at` are only sent by the current server (or only in
// the upstream spec: pendingFullSync); its remaining keys (appGroup,
// iconPath, supportsSync, ...) stay in `extra`.
struct connector_instance {
  std::string connector_id;    // "connectorId" or the server's "_key"
  std::string connector_type;  // "connectorType" or "type"
  std::string instance_name;   // "instanceName" or "name"
  open_enum<connector_scope> scope;
  open_enum<connector_auth_type> auth_type;
  std::optional<std::string> created_by;
  std::optional<std::string> org_id;
  std::optional<bool> is_active;
  std::optional<bool> is_configured;
  std::optional<bool> is_authenticated;
  std::optional<bool> sync_enabled;
  // "agentEnabled"; the server's "isAgentActive" is the flag that
  // /connectors/agents/active filters on (UNCONFIRMED that both mean the same).
  std::optional<bool> agent_enabled;
  // ISO-8601 date-times. The server sends epoch milliseconds instead
  // (createdAtTimestamp, updatedAtTimestamp): when only those are present,
  // created_at/updated_at are filled from them, so both shapes give a date.
  std::optional<std::string> last_sync_at;
  std::optional<std::string> created_at;
  std::optional<std::string> updated_at;
  std::optional<bool> pending_full_sync;
  std::optional<std::int64_t> created_at_timestamp;
  std::optional<std::int64_t> updated_at_timestamp;
  std::optional<std::string> status;  // e.g. "DELETING"
  std::optional<std::string> updated_by;
  std::optional<bool> is_locked;
  std::optional<std::vector<open_enum<connector_auth_type>>> supported_auth_types;
  std::optional<std::string> app_group;
  json config;  // the stored configuration (server, single-get only)
  json extra;   // keys this version of plugboard does not know

  static constexpr auto fields() {
    return field_list(
        field("connectorId", &connector_instance::connector_id).also_accepts("_key"),
        field("connectorType", &connector_instance::connector_type).also_accepts("type"),
        field("instanceName", &connector_instance::instance_name).also_accepts("name"),
        field("scope", &connector_instance::scope),
        field("authType", &connector_instance::auth_type),
        field("createdBy", &connector_instance::created_by),
        field("orgId", &connector_instance::org_id),
        field("isActive", &connector_instance::is_active),
        field("isConfigured", &connector_instance::is_configured),
        field("isAuthenticated", &connector_instance::is_authenticated),
        field("syncEnabled", &connector_instance::sync_enabled),
        field("agentEnabled", &connector_instance::agent_enabled).also_accepts("isAgentActive"),
        field("lastSyncAt", &connector_instance::last_sync_at),
        field("createdAt", &connector_instance::created_at),
        field("updatedAt", &connector_instance::updated_at),
        field("pendingFullSync", &connector_instance::pending_full_sync),
        field("createdAtTimestamp", &connector_instance::created_at_timestamp),
        field("updatedAtTimestamp", &connector_instance::updated_at_timestamp),
        field("status", &connector_instance::status),
        field("updatedBy", &connector_instance::updated_by),
        field("isLocked", &connector_instance::is_locked),
        field("supportedAuthTypes", &connector_instance::supported_auth_types),
        field("appGroup", &connector_instance::app_group),
        field("config", &connector_instance::config), unknown_fields(&connector_instance::extra));
  }

  template <class Reader>
  static void decode_json(const Reader& reader, connector_instance& out) {
    codec::decode_object(reader, out);
    if (!out.created_at && out.created_at_timestamp) {
      out.created_at = detail::iso8601_from_epoch_ms(*out.created_at_timestamp);
    }
    if (!out.updated_at && out.updated_at_timestamp) {
      out.updated_at = detail::iso8601_from_epoch_ms(*out.updated_at_timestamp);
    }
  }
};

// ConnectorPagination. SDK: page, limit, total, hasMore. Server: page, limit,
// totalCount, totalPages, hasPrev, hasNext, prevPage, nextPage (and search).
struct connector_pagination {
  std::optional<int> page;
  std::optional<int> limit;
  std::optional<std::int64_t> total;  // "total" or "totalCount"
  std::optional<bool> has_more;       // "hasMore" or "hasNext"
  std::optional<std::int64_t> total_pages;
  std::optional<bool> has_prev;
  std::optional<int> prev_page;
  std::optional<int> next_page;
  std::optional<std::string> search;
  json extra;

  static constexpr auto fields() {
    return field_list(field("page", &connector_pagination::page),
                      field("limit", &connector_pagination::limit),
                      field("total", &connector_pagination::total).also_accepts("totalCount"),
                      field("hasMore", &connector_pagination::has_more).also_accepts("hasNext"),
                      field("totalPages", &connector_pagination::total_pages),
                      field("hasPrev", &connector_pagination::has_prev),
                      field("prevPage", &connector_pagination::prev_page),
                      field("nextPage", &connector_pagination::next_page),
                      field("search", &connector_pagination::search),
                      unknown_fields(&connector_pagination::extra));
  }
};

// The listing every list call returns: `connectors` and, for the paged calls
// (list, list_configured, list_active_agents), `pagination`.
// The server nests /connectors/configured as
// {"success":..,"connectors":{"connectors":[..],"pagination":{..}}}; that is
// decoded to the same flat result.
struct connector_list {
  std::optional<bool> success;
  std::vector<connector_instance> connectors;
  std::optional<connector_pagination> pagination;
  json extra;

  static constexpr auto fields() {
    return field_list(field("success", &connector_list::success),
                      required_field("connectors", &connector_list::connectors),
                      field("pagination", &connector_list::pagination),
                      unknown_fields(&connector_list::extra));
  }

  template <class Reader>
  static void decode_json(const Reader& reader, connector_list& out) {
    const auto nested =
        reader.kind() == json_kind::object ? reader.find("connectors") : std::nullopt;
    if (!nested || nested->kind() != json_kind::object) {
      codec::decode_object(reader, out);
      return;
    }
    try {
      codec::decode_object(*nested, out);
    } catch (decode_error& e) {
      e.prepend_key("connectors");
      throw;
    }
    // The outer keys besides the nested listing.
    reader.for_each_member([&](std::string_view key, const Reader& value) {
      if (key == "connectors") return;
      if (key == "success") {
        try {
          codec::decode(value, out.success);
        } catch (decode_error& e) {
          e.prepend_key(key);
          throw;
        }
        return;
      }
      if (!out.extra.is_object()) out.extra = json::object();
      out.extra[std::string(key)] = value.take();
    });
  }
};

// The envelope of create, get and update_name: {"success", "connector"} (and
// a "message" on create). The call returns the connector.
struct connector_envelope {
  std::optional<bool> success;
  std::optional<std::string> message;
  connector_instance connector;
  json extra;

  connector_instance unwrap() && { return std::move(connector); }

  static constexpr auto fields() {
    return field_list(field("success", &connector_envelope::success),
                      field("message", &connector_envelope::message),
                      required_field("connector", &connector_envelope::connector),
                      unknown_fields(&connector_envelope::extra));
  }
};

// DeleteConnectorInstanceResponse. The SDK documents success and message (200);
// the server answers 202 and adds connectorId and status "DELETING", since the
// deletion runs in the background.
struct delete_connector_response {
  std::optional<bool> success;
  std::optional<std::string> message;
  std::optional<std::string> connector_id;
  std::optional<std::string> status;
  json extra;

  static constexpr auto fields() {
    return field_list(field("success", &delete_connector_response::success),
                      field("message", &delete_connector_response::message),
                      field("connectorId", &delete_connector_response::connector_id),
                      field("status", &delete_connector_response::status),
                      unknown_fields(&delete_connector_response::extra));
  }
};

}  // namespace plugboard::pipeshub
