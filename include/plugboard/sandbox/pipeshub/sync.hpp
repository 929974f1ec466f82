// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Syncing an instance: toggling sync (only once it is configured,
// authenticated and has its required filters; the first sync brings in
// three records) or its agent, its stats, reindex and resync, and the
// admins' list of scheduled instances.

namespace plugboard::sandbox::detail::pipeshub {

class sync_routes {
 public:
  explicit sync_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const std::string base = connectors_path;
    const auto per_instance = [&](const char* verb, const std::string& suffix,
                                  const char* operation, auto member) {
      add_per_instance(routes, s_, *this, verb, suffix, operation, member);
    };
    routes.add("GET", base + "/internal/all-scheduled", [this](const incoming& in) {
      return s_.documented(in, "getAllScheduledConnectorInstancesInternal",
                           [&](const caller& who) { return all_scheduled(in, who); });
    });
    per_instance("GET", "/stats", "getConnectorStats", &sync_routes::stats);
    per_instance("POST", "/reindex", "reindexConnector", &sync_routes::reindex);
    per_instance("POST", "/resync", "resyncConnector", &sync_routes::resync);
    per_instance("POST", "/toggle", "toggleConnector", &sync_routes::toggle);
  }

 private:
  // The required sync filters not saved yet, comma-separated ("" when none).
  std::string missing_filters(const instance& i) const {
    std::string missing;
    for (const auto& f : filters_of(i.type)) {
      if (!f.required) continue;
      const auto category = i.filters.find(f.category);
      if (category != i.filters.end() && category->is_object() && category->contains(f.name)) {
        continue;
      }
      if (!missing.empty()) missing += ", ";
      missing += f.name;
    }
    return missing;
  }

  reply toggle(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    const std::string type = string_member(object_of(in), "type");
    const connector_type* t = find_type(i.type);
    std::string message;
    if (type == "agent") {
      if (t != nullptr && !t->supports_agent) return s_.error_reply(400, "Agent not supported");
      if (!i.is_configured) return s_.error_reply(400, "Connector not configured");
      i.is_agent_active = !i.is_agent_active;
      message = i.is_agent_active ? "Agent enabled successfully" : "Agent disabled successfully";
    } else {
      if (!i.is_active) {
        // The server's reasons, in the order it checks them.
        if (!i.is_configured) return s_.error_reply(400, "Connector not configured");
        if (detail::pipeshub::is_oauth(i.auth_type) && !i.is_authenticated) {
          return s_.error_reply(400, "OAuth not authenticated");
        }
        const std::string missing = missing_filters(i);
        if (!missing.empty()) {
          return s_.error_reply(400, "Required filters not configured: " + missing);
        }
        i.is_active = true;
        first_sync(i);
      } else {
        i.is_active = false;
      }
      message = i.is_active ? "Sync enabled successfully" : "Sync disabled successfully";
    }
    s_.touch(i, who);
    return s_.respond(200, {{"success", true}, {"message", message}, {"connector", s_.view(i)}});
  }

  // Enabling sync on an instance without records brings in three.
  void first_sync(instance& i) {
    const bool has_records = std::any_of(s_.records.begin(), s_.records.end(),
                                         [&](const record& r) { return r.connector_id == i.id; });
    if (!has_records) {
      for (int k = 1; k <= 3; ++k) {
        record r;
        r.id = s_.next_record_id();
        r.connector_id = i.id;
        r.path = "/" + i.type + "/item-" + std::to_string(k);
        r.name = i.name + " item " + std::to_string(k);
        r.content = "Item " + std::to_string(k) + " of " + i.name;
        r.mime_type = "text/plain";
        r.created_ms = r.modified_ms = s_.tick();
        s_.records.push_back(std::move(r));
      }
    }
    i.last_sync_ms = s_.tick();
  }

  reply stats(instance& i, const incoming&, const caller&) {
    std::map<std::string, std::int64_t> by_status;
    std::map<std::string, std::int64_t> by_type;
    std::int64_t total = 0;
    for (const auto& r : s_.records) {
      if (r.connector_id != i.id) continue;
      ++total;
      ++by_status[r.status];
      ++by_type[r.record_type];
    }
    nlohmann::json types = nlohmann::json::array();
    for (const auto& entry : by_type) {
      types.push_back({{"recordType", entry.first}, {"total", entry.second}});
    }
    return s_.respond(200, {{"success", true},
                            {"data",
                             {{"orgId", s_.settings.org_id},
                              {"connectorId", i.id},
                              {"origin", "CONNECTOR"},
                              {"stats", {{"total", total}, {"indexingStatus", by_status}}},
                              {"byRecordType", std::move(types)}}}});
  }

  reply reindex(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    if (!i.is_active) return s_.error_reply(409, "Sync is disabled: enable it before reindexing");
    const nlohmann::json body = object_of(in);
    const nlohmann::json filters = body.value("statusFilters", nlohmann::json::array());
    std::int64_t queued = 0;
    for (auto& r : s_.records) {
      if (r.connector_id != i.id) continue;
      if (!filters.empty() &&
          std::find(filters.begin(), filters.end(), r.status) == filters.end()) {
        continue;
      }
      r.status = "QUEUED";
      ++queued;
    }
    return s_.respond(200, {{"success", true},
                            {"message", "Reindexing " + std::to_string(queued) + " records"},
                            {"connectorId", i.id},
                            {"connector", i.type},
                            {"eventPublished", queued > 0}});
  }

  reply resync(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    if (!i.is_active) return s_.error_reply(400, "Sync is disabled: enable sync before resyncing");
    const nlohmann::json body = object_of(in);
    const bool full = body.value("fullSync", false);
    std::int64_t queued = 0;
    for (auto& r : s_.records) {
      if (r.connector_id == i.id && full) {
        r.status = "QUEUED";
        ++queued;
      }
    }
    i.last_sync_ms = s_.tick();
    return s_.respond(200, {{"resyncConnectorResponse",
                             {{"success", true},
                              {"connectorId", i.id},
                              {"connectorName", body.value("connectorName", std::string())},
                              {"fullSync", full},
                              {"queued", queued}}}});
  }

  reply all_scheduled(const incoming& in, const caller& who) const {
    if (!who.admin) return s_.error_reply(403, "Only administrators can list scheduled connectors");
    reply bad;
    const auto q = s_.read_query(in, bad);
    if (!q) return bad;
    std::vector<const instance*> matched;
    for (const auto& i : s_.instances) {
      const nlohmann::json sync = i.config.value("sync", nlohmann::json::object());
      if (sync.is_object() && sync.value("selectedStrategy", std::string()) == "SCHEDULED") {
        matched.push_back(&i);
      }
    }
    const std::size_t first =
        static_cast<std::size_t>(q->page - 1) * static_cast<std::size_t>(q->limit);
    nlohmann::json items = nlohmann::json::array();
    for (std::size_t k = first;
         k < matched.size() && k < first + static_cast<std::size_t>(q->limit); ++k) {
      const instance& i = *matched[k];
      const nlohmann::json schedule =
          i.config["sync"].value("scheduledConfig", nlohmann::json::object());
      items.push_back({{"connectorId", i.id},
                       {"type", i.type},
                       {"orgId", s_.settings.org_id},
                       {"ownerUserId", i.created_by},
                       {"isActive", i.is_active},
                       {"sync",
                        {{"selectedStrategy", "SCHEDULED"},
                         {"scheduledConfig",
                          {{"intervalMinutes", schedule.value("intervalMinutes", 60)},
                           {"timezone", schedule.value("timezone", std::string("UTC"))}}}}}});
    }
    return s_.respond(200,
                      {{"success", true},
                       {"items", std::move(items)},
                       {"hasMore", first + static_cast<std::size_t>(q->limit) < matched.size()}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::pipeshub
