// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/contract_checks.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Records: local file events applied to an instance (as JSON, or as a
// multipart upload with the files' content; all or nothing), a record's
// content, the lookup of records by identifier, and the knowledge graph
// navigation (the instances at the root, their records below them).

namespace plugboard::sandbox::detail::pipeshub {

inline std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

class record_routes {
 public:
  explicit record_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const std::string base = connectors_path;
    const auto per_instance = [&](const char* verb, const std::string& suffix,
                                  const char* operation, auto member) {
      add_per_instance(routes, s_, *this, verb, suffix, operation, member);
    };
    routes.add("GET", base + "/navigate", [this](const incoming& in) {
      return s_.documented(in, "navigateKnowledgeGraph",
                           [&](const caller& who) { return navigate(in, who); });
    });
    routes.add("GET", base + "/record/lookup", [this](const incoming& in) {
      return s_.documented(in, "lookupRecordByIdentifier",
                           [&](const caller& who) { return lookup(in, who); });
    });
    routes.add("GET", base + "/record/{record_id}/content", [this](const incoming& in) {
      return s_.documented(in, "getRecordContent", [&](const caller& who) {
        return record_content(in.param("record_id"), who);
      });
    });
    per_instance("POST", "/file-events", "submitConnectorFileEvents", &record_routes::file_events);
    per_instance("POST", "/file-events/upload", "submitConnectorFileEventUploads",
                 &record_routes::file_event_uploads);
  }

 private:
  record* record_at(const std::string& connector_id, const std::string& path) {
    for (auto& r : s_.records) {
      if (r.connector_id == connector_id && r.path == path) return &r;
    }
    return nullptr;
  }

  // Applies a LocalFsFileEventBatchRequest, all or nothing: every event is
  // checked first (422 naming the first bad one). `files`: upload parts by name.
  reply apply_events(instance& i, const nlohmann::json& batch,
                     const std::map<std::string, std::string>* files) {
    const nlohmann::json& events = batch["events"];
    for (std::size_t k = 0; k < events.size(); ++k) {
      const auto& e = events[k];
      const std::string type = e.value("type", std::string());
      const std::string where =
          "event " + std::to_string(k) + " (" + e.value("path", std::string()) + ")";
      if (type != "CREATED" && type != "MODIFIED" && type != "DELETED" && type != "RENAMED" &&
          type != "MOVED") {
        return s_.error_reply(422, "Unknown event type '" + type + "' in " + where);
      }
      if ((type == "RENAMED" || type == "MOVED") &&
          (!e.contains("oldPath") || !e["oldPath"].is_string())) {
        return s_.error_reply(422, "A " + type + " event needs oldPath, in " + where);
      }
      if (files != nullptr && e.contains("contentField") && e["contentField"].is_string() &&
          files->count(e["contentField"].get<std::string>()) == 0) {
        return s_.error_reply(
            422, "No file part '" + e["contentField"].get<std::string>() + "' for " + where);
      }
    }
    if (batch.value("resetBeforeApply", false)) {
      s_.records.erase(std::remove_if(s_.records.begin(), s_.records.end(),
                                      [&](const record& r) { return r.connector_id == i.id; }),
                       s_.records.end());
    }
    std::int64_t processed = 0;
    std::int64_t deleted = 0;
    for (const auto& e : events) {
      const std::string type = e["type"].get<std::string>();
      const std::string path = e["path"].get<std::string>();
      ++processed;
      if (e.value("isDirectory", false)) continue;
      if (type == "DELETED") {
        const auto before = s_.records.size();
        s_.records.erase(std::remove_if(s_.records.begin(), s_.records.end(),
                                        [&](const record& r) {
                                          return r.connector_id == i.id && r.path == path;
                                        }),
                         s_.records.end());
        deleted += static_cast<std::int64_t>(before - s_.records.size());
        continue;
      }
      record* r = type == "CREATED" || type == "MODIFIED"
                      ? record_at(i.id, path)
                      : record_at(i.id, e["oldPath"].get<std::string>());
      if (r == nullptr) {
        s_.records.push_back(record{});
        r = &s_.records.back();
        r->id = s_.next_record_id();
        r->connector_id = i.id;
        r->created_ms = s_.tick();
      }
      r->path = path;
      r->name = base_name(path);
      r->status = "QUEUED";
      r->modified_ms = e.value("timestamp", std::int64_t{0});
      if (e.contains("mimeType") && e["mimeType"].is_string())
        r->mime_type = e["mimeType"].get<std::string>();
      if (files != nullptr && e.contains("contentField") && e["contentField"].is_string()) {
        r->content = files->at(e["contentField"].get<std::string>());
      }
    }
    i.updated_ms = s_.tick();
    return s_.respond(200, {{"success", true},
                            {"connectorId", i.id},
                            {"batchId", batch["batchId"]},
                            {"stats", {{"processed", processed}, {"deleted", deleted}}}});
  }

  reply file_events(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    return apply_events(i, object_of(in), nullptr);
  }

  reply file_event_uploads(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    std::map<std::string, std::string> files;
    std::optional<std::string> manifest;
    for (const auto& part : in.parts) {
      if (part.name == "manifest") {
        manifest = part.data;
      } else {
        files[part.name] = part.data;
      }
    }
    if (!manifest) return s_.error_reply(400, "The multipart body needs a 'manifest' part");
    const auto batch = nlohmann::json::parse(*manifest, nullptr, /*allow_exceptions=*/false);
    if (batch.is_discarded() || !batch.is_object()) {
      return s_.error_reply(400, "The manifest part is not a JSON object");
    }
    if (auto problem = detail::pipeshub::request_problem("submitConnectorFileEvents", batch)) {
      return s_.error_reply(400, "manifest: " + *problem);
    }
    return apply_events(i, batch, &files);
  }

  reply record_content(const std::string& id, const caller& who) const {
    const record* r = s_.visible_record(id, who);
    if (r == nullptr) return s_.error_reply(404, "Record not found");
    return s_.respond(200, {{"content", r->content}});
  }

  reply lookup(const incoming& in, const caller& who) const {
    std::vector<std::string> identifiers;
    for (const auto& q : in.query) {
      if (q.first == "identifiers" && !q.second.empty()) identifiers.push_back(q.second);
    }
    if (identifiers.empty()) return s_.error_reply(400, "identifiers is required");
    const std::string connector = in.query_value("connectorName").value_or("");
    nlohmann::json matches = nlohmann::json::array();
    nlohmann::json not_found = nlohmann::json::array();
    nlohmann::json searched = nlohmann::json::object();
    bool ambiguous = false;
    for (const auto& i : s_.instances) {
      if (!visible(i, who)) continue;
      if (!connector.empty() && !name_matches(i.type, connector) && i.name != connector) continue;
      searched[i.type].push_back(i.id);
    }
    for (const auto& id : identifiers) {
      int found = 0;
      for (const auto& r : s_.records) {
        const instance* owner = nullptr;
        for (const auto& i : s_.instances) {
          if (i.id == r.connector_id) owner = &i;
        }
        if (owner == nullptr || !visible(*owner, who)) continue;
        if (!connector.empty() && !name_matches(owner->type, connector) &&
            owner->name != connector) {
          continue;
        }
        if (r.id != id && r.path != id && r.name != id) continue;
        ++found;
        matches.push_back({{"id", r.id},
                           {"name", r.name},
                           {"record_type", r.record_type},
                           {"connector_name", owner->type},
                           {"web_url", s_.web_url(r)},
                           {"indexing_status", r.status},
                           {"identifier_used", id}});
      }
      if (found == 0) not_found.push_back(id);
      if (found > 1) ambiguous = true;
    }
    const std::string text = std::to_string(matches.size()) + " match(es), " +
                             std::to_string(not_found.size()) + " not found";
    return s_.respond(200, {{"matches", std::move(matches)},
                            {"ambiguous", ambiguous},
                            {"not_found_identifiers", std::move(not_found)},
                            {"searched_connectors", std::move(searched)},
                            {"text", text}});
  }

  // The knowledge graph as the fake has it: the connectors (apps) at the
  // root, their records below them.
  reply navigate(const incoming& in, const caller& who) const {
    const auto number = [&](const char* name, int fallback, int low,
                            int high) -> std::optional<int> {
      const auto text = in.query_value(name);
      if (!text) return fallback;
      if (text->empty() || text->size() > 6) return std::nullopt;
      int value = 0;
      for (char c : *text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
      }
      if (value < low || value > high) return std::nullopt;
      return value;
    };
    const auto page = number("page", 1, 1, 1000000);
    const auto limit = number("limit", 50, 50, 200);
    if (!page || !limit) return s_.error_reply(400, "page must be at least 1 and limit 50..200");
    std::vector<std::string> node_types;
    for (const auto& q : in.query) {
      if (q.first == "nodeTypes") node_types.push_back(q.second);
    }
    const auto wanted = [&](const char* type) {
      return node_types.empty() ||
             std::find(node_types.begin(), node_types.end(), type) != node_types.end();
    };
    const auto app_ref = [](const instance& i) {
      return nlohmann::json{{"id", i.id},
                            {"name", i.name},
                            {"node_type", "app"},
                            {"sub_type", i.type},
                            {"is_record", false}};
    };
    const auto record_row = [&](const record& r) {
      return nlohmann::json{{"id", r.id},
                            {"name", r.name},
                            {"node_type", "record"},
                            {"sub_type", r.record_type},
                            {"is_record", true},
                            {"has_children", false},
                            {"detail", r.path},
                            {"web_url", s_.web_url(r)},
                            {"indexing_status", r.status},
                            {"source_created_at", r.created_ms},
                            {"source_modified_at", r.modified_ms},
                            {"level", 1}};
    };
    nlohmann::json current = nullptr;
    nlohmann::json breadcrumbs = nlohmann::json::array();
    std::vector<nlohmann::json> rows;
    nlohmann::json connector = nullptr;
    nlohmann::json url = nullptr;
    nlohmann::json status = nullptr;
    const std::string node = in.query_value("nodeId").value_or("");
    if (node.empty()) {
      for (const auto& i : s_.instances) {
        if (!visible(i, who) || !wanted("app")) continue;
        const bool children = std::any_of(s_.records.begin(), s_.records.end(),
                                          [&](const record& r) { return r.connector_id == i.id; });
        rows.push_back({{"id", i.id},
                        {"name", i.name},
                        {"node_type", "app"},
                        {"sub_type", i.type},
                        {"is_record", false},
                        {"has_children", children},
                        {"detail", nullptr},
                        {"level", 0}});
      }
    } else if (const instance* app = [&]() -> const instance* {
                 for (const auto& i : s_.instances) {
                   if (i.id == node && visible(i, who)) return &i;
                 }
                 return nullptr;
               }()) {
      current = app_ref(*app);
      connector = app->type;
      for (const auto& r : s_.records) {
        if (r.connector_id == app->id && wanted("record")) rows.push_back(record_row(r));
      }
    } else if (const record* r = s_.visible_record(node, who)) {
      for (const auto& i : s_.instances) {
        if (i.id == r->connector_id) {
          breadcrumbs.push_back(app_ref(i));
          connector = i.type;
        }
      }
      current = {{"id", r->id},
                 {"name", r->name},
                 {"node_type", "record"},
                 {"sub_type", r->record_type},
                 {"is_record", true}};
      url = s_.web_url(*r);
      status = r->status;
    } else {
      return s_.error_reply(404, "Node '" + node + "' not found");
    }
    const auto total = static_cast<std::int64_t>(rows.size());
    const std::int64_t first = static_cast<std::int64_t>(*page - 1) * *limit;
    nlohmann::json shown = nlohmann::json::array();
    for (std::int64_t k = first; k < total && k < first + *limit; ++k) {
      shown.push_back(rows[static_cast<std::size_t>(k)]);
    }
    const std::string text =
        (current.is_null() ? std::string("Root") : current["name"].get<std::string>()) + ": " +
        std::to_string(total) + " item(s)";
    return s_.respond(200, {{"current", std::move(current)},
                            {"breadcrumbs", std::move(breadcrumbs)},
                            {"rows", std::move(shown)},
                            {"related", nlohmann::json::array()},
                            {"pagination",
                             {{"page", *page},
                              {"limit", *limit},
                              {"total", total},
                              {"has_next", first + *limit < total},
                              {"has_prev", *page > 1}}},
                            {"web_url", std::move(url)},
                            {"indexing_status", std::move(status)},
                            {"connector", std::move(connector)},
                            {"text", text}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::pipeshub
