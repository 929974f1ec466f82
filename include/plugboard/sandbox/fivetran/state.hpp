// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/detail/civil_date.hpp"
#include "plugboard/sandbox/detail/secret_keys.hpp"
#include "plugboard/sandbox/fivetran/schema_model.hpp"

// What the Fivetran fake remembers, and its settings. One mutex guards all of
// it: the route handlers (sandbox/fivetran/*.hpp) run with it held.

namespace plugboard::sandbox {

// How the last page of a listing says there is no next one.
enum class fivetran_cursor_end { omit, null, empty };

struct fivetran_settings {
  std::string api_key = "sandbox-api-key";
  std::string api_secret = "sandbox-api-secret";
  std::vector<std::string> groups = {"projected_sickle"};
  // "next_cursor" as the real API, or "nextCursor" as the old SDK's spec.
  std::string cursor_key = "next_cursor";
  fivetran_cursor_end last_page = fivetran_cursor_end::omit;
  // A sync started through /v1/connections ends by itself at the Nth
  // connection_details poll after it started (0: only finish_sync() ends it),
  // so that a client's wait-for-sync loop can be tested end to end.
  int sync_polls_until_done = 2;
  // Check each request body of a documented operation against the vendor's
  // schema (400 naming the JSON pointer), and each reply (500: a fake bug).
  bool validate_requests = true;
  bool validate_replies = true;
  // Fivetran wants https:// webhook URLs; a test's receiver on 127.0.0.1 or
  // localhost may be plain http:// when this is on.
  bool allow_http_loopback_webhooks = true;
  // Connect and read timeout of a webhook test delivery.
  std::chrono::milliseconds webhook_timeout{5000};
};

// One webhook test delivery, as the fake made it.
struct fivetran_webhook_delivery {
  std::string webhook_id;
  std::string url;
  std::string event;
  std::string body;       // the exact bytes sent (and signed)
  std::string signature;  // X-Fivetran-Signature-256; empty when the webhook has no secret
  bool sent = false;      // only URLs on 127.0.0.1 or localhost are sent to
  int status = 0;         // the receiver's HTTP status, 0 when nothing answered
  std::string error;      // why it was not sent, or what went wrong
};

namespace detail::fivetran {

// Which API a route belongs to: the old /v1/connectors routes answer as they
// always did; /v1/connections routes answer as the current document says.
enum class generation { connectors, connections };

struct connection {
  nlohmann::json record;  // the public fields, config unmasked
  nlohmann::json auth;
  int syncs_started = 0;
  std::optional<nlohmann::json> last_resync_scope;
  int polls_until_done = 0;  // of a running sync; 0: no automatic end
  bool syncs_fail = false;
  std::optional<nlohmann::json> sdk_state;  // the connection state, once written
  source_catalog catalog;
  schema_config schema;
  std::map<std::string, nlohmann::json> certificates;  // by hash
  std::map<std::string, nlohmann::json> fingerprints;  // by hash
};

class state {
 public:
  explicit state(fivetran_settings s) : settings(std::move(s)) {
    for (const auto& g : settings.groups) groups.insert(g);
  }

  fivetran_settings settings;
  mutable std::mutex mutex;
  std::set<std::string> groups;
  std::map<std::string, connection> connections;
  std::map<std::string, nlohmann::json> metadata;  // by id, the listing order
  std::map<std::string, nlohmann::json> webhooks;  // by id; secrets unmasked
  std::vector<fivetran_webhook_delivery> deliveries;
  int cards = 0;

  // A logical clock: every change moves it one minute on from 2026-01-01.
  std::string tick() {
    const std::int64_t seconds = 1767225600 + 60 * ++ticks_;
    const std::int64_t days = seconds / 86400;
    const std::int64_t rest = seconds % 86400;
    const auto date = plugboard::detail::civil_from_days(days);
    std::string out = std::to_string(date.year);
    append_two(out.append("-"), date.month);
    append_two(out.append("-"), date.day);
    append_two(out.append("T"), rest / 3600);
    append_two(out.append(":"), rest / 60 % 60);
    append_two(out.append(":"), rest % 60);
    return out.append(".000Z");
  }

  // Fivetran-style ids: two words, e.g. "decent_dropsy".
  std::string next_connection_id() {
    static constexpr const char* first[] = {"speak", "decent", "towel", "lunar",
                                            "crisp", "amber",  "quiet", "brisk"};
    static constexpr const char* second[] = {"inexpensive", "dropsy", "oyster", "harbor",
                                             "meadow",      "ripple", "summit", "lantern"};
    for (;;) {
      const std::size_t n = next_connection_++;
      std::string id = std::string(first[n % 8]).append("_").append(second[(n / 8) % 8]);
      if (n >= 64) id.append("_").append(std::to_string(n / 64));
      if (connections.count(id) == 0) return id;
    }
  }
  std::string next_webhook_id() {
    static constexpr const char* first[] = {"program", "velvet", "sturdy", "copper"};
    static constexpr const char* second[] = {"quoth", "ember", "fjord", "pylon"};
    for (;;) {
      const std::size_t n = next_webhook_++;
      std::string id = std::string(first[n % 4]).append("_").append(second[(n / 4) % 4]);
      if (n >= 16) id.append("_").append(std::to_string(n / 16));
      if (webhooks.count(id) == 0) return id;
    }
  }

  connection* find(const std::string& id) {
    const auto it = connections.find(id);
    return it == connections.end() ? nullptr : &it->second;
  }

  static outcome not_found(generation g, const std::string& id) {
    if (g == generation::connectors) {
      return failure(404, "NotFound_Connector", "Connector with id '" + id + "' doesn't exist");
    }
    return failure(404, "NotFound_Connection", "Connection with id '" + id + "' doesn't exist");
  }

  // Whether the connection's service is a Database one (its config names a
  // schema_prefix rather than a schema).
  bool is_database(const std::string& service_id) const {
    const auto type = metadata.find(service_id);
    return type != metadata.end() && type->second.value("type", "") == "Database";
  }

  nlohmann::json new_record(const std::string& id, std::string group_id, std::string service_id,
                            std::string schema) {
    return nlohmann::json{{"id", id},
                          {"group_id", std::move(group_id)},
                          {"service", std::move(service_id)},
                          {"service_version", 1},
                          {"schema", std::move(schema)},
                          {"connected_by", "sandbox_user"},
                          {"created_at", tick()},
                          {"succeeded_at", nullptr},
                          {"failed_at", nullptr},
                          {"paused", false},
                          {"pause_after_trial", false},
                          {"sync_frequency", 360},
                          {"daily_sync_time", "03:00"},
                          {"schedule_type", "auto"},
                          {"status",
                           {{"setup_state", "incomplete"},
                            {"sync_state", "scheduled"},
                            {"update_state", "on_schedule"},
                            {"is_historical_sync", true},
                            {"tasks", nlohmann::json::array()},
                            {"warnings", nlohmann::json::array()}}},
                          {"setup_tests", nlohmann::json::array()},
                          {"source_sync_details", nlohmann::json::object()},
                          {"config", nlohmann::json::object()}};
  }

  // A new connection with its source's catalog; `captured`: its schema
  // config exists already (a connection added by a test or a seed, as if it
  // had been set up long ago).
  connection make_connection(const std::string& id, std::string group_id, std::string service_id,
                             std::string schema, bool captured) {
    connection c;
    const bool database = is_database(service_id);
    c.catalog = seed_catalog(database, schema);
    c.record = new_record(id, std::move(group_id), std::move(service_id), schema);
    if (captured) capture_schema(c);
    return c;
  }

  // The source's schema becomes the config (with what was pre-created applied).
  void capture_schema(connection& c) {
    if (c.schema.captured) return;
    const std::string prefix = is_database(c.record.value("service", ""))
                                   ? c.record.value("schema", std::string())
                                   : std::string();
    merge_catalog(c.schema, c.catalog, /*initial=*/true, prefix);
    if (c.schema.pre_created) apply_pre_created(c.schema, *c.schema.pre_created);
    c.schema.pre_created.reset();
    c.schema.captured = true;
  }

  // Starts a sync (sync, resync, table resync).
  void start_sync(connection& c, bool historical) {
    auto& status = c.record["status"];
    status["sync_state"] = "syncing";
    if (historical) status["is_historical_sync"] = true;
    ++c.syncs_started;
    c.polls_until_done = settings.sync_polls_until_done;
    capture_schema(c);
  }

  // Ends a running sync: back to scheduled (or paused), succeeded_at or failed_at set.
  void finish_sync(connection& c, bool succeeded) {
    auto& r = c.record;
    r["status"]["sync_state"] = r["paused"].get<bool>() ? "paused" : "scheduled";
    r["status"]["is_historical_sync"] = false;
    r[succeeded ? "succeeded_at" : "failed_at"] = tick();
    c.polls_until_done = 0;
    if (!succeeded) return;
    for (auto& schema : c.schema.schemas) {
      for (auto& table : schema.second.tables) {
        for (auto& column : table.second.columns) column.second.drop_pending = false;
      }
    }
  }

  // What the old API shows: secrets in config masked.
  static nlohmann::json view(const connection& c) {
    nlohmann::json out = c.record;
    if (!out["config"].is_object()) return out;
    for (auto& item : out["config"].items()) {
      if (detail::is_secret_key(item.key())) item.value() = "******";
    }
    return out;
  }

  // What /v1/connections shows (ConnectorResponseV1): the same, with the
  // fields the current API always has, and without the members that have no
  // value (the document has no nullable fields, Fivetran leaves them out).
  static nlohmann::json view_v1(const connection& c) {
    nlohmann::json out = view(c);
    for (const char* key : {"succeeded_at", "failed_at"}) {
      if (out.contains(key) && out[key].is_null()) out.erase(key);
    }
    if (!out.contains("data_delay_sensitivity")) out["data_delay_sensitivity"] = "NORMAL";
    for (auto& test : out["setup_tests"]) {
      if (test.contains("details") && test["details"].is_null()) test.erase("details");
    }
    return out;
  }

  // A connection as a listing shows it (ConnectorResponse): without its
  // config, which the document types as a map of objects.
  static nlohmann::json list_item(const connection& c) {
    nlohmann::json out = view_v1(c);
    out.erase("config");
    return out;
  }

 private:
  template <class Number>
  static void append_two(std::string& out, Number value) {
    if (value < 10) out.push_back('0');
    out.append(std::to_string(value));
  }

  std::int64_t ticks_ = 0;
  std::size_t next_connection_ = 0;
  std::size_t next_webhook_ = 0;
};

}  // namespace detail::fivetran

}  // namespace plugboard::sandbox
