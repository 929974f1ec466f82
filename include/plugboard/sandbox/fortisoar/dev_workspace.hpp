// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/auth.hpp"
#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

// The Connector Studio dev workspace: entities with their files, edit
// (clones a dev twin of an installed connector), read and write a file, and
// publish (info.json decides the version installed).

namespace plugboard::sandbox::detail::fortisoar {

class dev_workspace_routes {
 public:
  explicit dev_workspace_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto add = [&](const char* verb, const std::string& pattern,
                         reply (dev_workspace_routes::*member)(const incoming&)) {
      add_authorized(routes, s_, verb, pattern, *this, member);
    };
    const std::string entity = "/api/integration/connector/development/entity";
    add("GET", entity + "/", &dev_workspace_routes::dev_list);
    add("POST", entity + "/{id}/", &dev_workspace_routes::dev_edit);
    add("POST", entity + "/{id}/files/", &dev_workspace_routes::dev_read_file);
    add("PUT", entity + "/{id}/files/", &dev_workspace_routes::dev_write_file);
    add("POST", entity + "/{id}/publish/", &dev_workspace_routes::dev_publish);
  }

 private:
  reply dev_list(const incoming&) {
    json members = json::array();
    for (const auto& e : s_.dev) members.push_back(e.second.record);
    // The spec documents a Hydra collection.
    return reply::json(200, {{"@context", "/api/3/contexts/ConnectorDevelopment"},
                             {"@type", "hydra:Collection"},
                             {"hydra:member", members},
                             {"hydra:totalItems", members.size()}});
  }

  reply dev_edit(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return reply::json(415, {{"detail", "Unsupported media type \"\" in request."}});
    const std::string& id = in.param("id");
    if (const auto e = s_.dev.find(id); e != s_.dev.end())
      return reply::json(200, s_.dev_view(e->second));
    auto* c = s_.find_by_id(id);
    if (c == nullptr) return message(404, "Connector not found");
    // Editing an installed connector clones (or reuses) its dev twin.
    const std::string name = c->row["name"].get<std::string>();
    for (const auto& e : s_.dev) {
      if (e.second.record["name"] == name) return reply::json(200, s_.dev_view(e.second));
    }
    const auto& twin = s_.add_dev_entity(name, c->row["version"].get<std::string>(),
                                         c->row["label"].get<std::string>());
    return reply::json(200, s_.dev_view(twin));
  }

  reply dev_read_file(const incoming& in) {
    const auto e = s_.dev.find(in.param("id"));
    if (e == s_.dev.end()) return message(404, "Development entity not found");
    const auto body = in.json_body();
    const std::string xpath = body ? field_text(*body, "xpath") : std::string();
    if (xpath.empty()) return message(400, "xpath is required");
    const auto f = e->second.files.find(xpath);
    if (f == e->second.files.end()) return message(404, "File not found: " + xpath);
    return reply::json(200, {{"fileContent", f->second}});
  }

  reply dev_write_file(const incoming& in) {
    const auto e = s_.dev.find(in.param("id"));
    if (e == s_.dev.end()) return message(404, "Development entity not found");
    const auto body = in.json_body();
    if (!body || !body->is_object() || !body->contains("fileData") ||
        !(*body)["fileData"].is_object()) {
      return message(400, "fileData is required");
    }
    // Both inner shapes: the spec's {xpath, fileContent} and pyfsr's {path, content}.
    const json& data = (*body)["fileData"];
    std::string xpath = field_text(data, "xpath");
    if (xpath.empty()) xpath = field_text(data, "path");
    const bool has_content = (data.contains("fileContent") && data["fileContent"].is_string()) ||
                             (data.contains("content") && data["content"].is_string());
    if (xpath.empty() || !has_content) return message(400, "fileData needs xpath and fileContent");
    e->second.files[xpath] = data.contains("fileContent") ? data["fileContent"].get<std::string>()
                                                          : data["content"].get<std::string>();
    return reply::json(200, s_.dev_view(e->second));
  }

  reply dev_publish(const incoming& in) {
    const auto e = s_.dev.find(in.param("id"));
    if (e == s_.dev.end()) return message(404, "Development entity not found");
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return reply::json(415, {{"detail", "Unsupported media type \"\" in request."}});
    const bool replace = body->value("replace", false);
    const bool discard = body->value("discard", false);
    const json& record = e->second.record;
    const std::string name = record["name"].get<std::string>();
    std::string version = record["version"].get<std::string>();
    std::string label = record["label"].get<std::string>();
    // info.json decides what is published, as in Connector Studio.
    const auto info = e->second.files.find(record["dev_path"].get<std::string>() + "/info.json");
    if (info != e->second.files.end()) {
      const auto parsed = json::parse(info->second, nullptr, false);
      if (parsed.is_object()) {
        version = parsed.value("version", version);
        label = parsed.value("label", label);
      }
    }
    if (const auto* existing = s_.find_by_name(name);
        existing != nullptr && existing->row["version"] == version && !replace) {
      return message(400, "CS-INTEGRATION-7: Connector " + name + " " + version +
                              " is already installed; publish with replace");
    }
    auto& published = s_.install_connector(name, version, label, {"Utilities"}, json::array());
    json view = s_.detail_view(published);
    view["development"] = false;
    if (discard) s_.dev.erase(e);
    return reply::json(200, view);
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fortisoar
