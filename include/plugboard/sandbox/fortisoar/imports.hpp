// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fortisoar/auth.hpp"
#include "plugboard/sandbox/fortisoar/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Installs: from the Content Hub catalog (POST /api/3/solutionpacks/install)
// through an import job that completes after settings.job_polls polls (or
// fails for a connector marked so), uploads of .tgz archives (multipart;
// installed at once, or through an import job with upload_import_job), and
// the bare import jobs of POST /api/3/import_jobs.

namespace plugboard::sandbox::detail::fortisoar {

class import_routes {
 public:
  explicit import_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto add = [&](const char* verb, const std::string& pattern,
                         reply (import_routes::*member)(const incoming&)) {
      add_authorized(routes, s_, verb, pattern, *this, member);
    };
    add("POST", "/api/3/solutionpacks/install", &import_routes::solutionpack_install);
    add("GET", "/api/3/import_jobs/{uuid}", &import_routes::import_job);
    add("POST", "/api/3/import_jobs", &import_routes::create_import_job);
  }

 private:
  json job_ref(const job_state& job) const {
    return {{"@id", "/api/3/import_jobs/" + job.uuid},
            {"@type", "ImportJob"},
            {"uuid", job.uuid},
            {"status", "import in progress"}};
  }

  reply solutionpack_install(const incoming& in) {
    if (!in.parts.empty() || in.query_value("$type")) return upload(in);
    const auto body = in.json_body();
    if (!body || !body->is_object())
      return hydra_error(400, "The request body must be a JSON object");
    const std::string name = field_text(*body, "name");
    const std::string version = field_text(*body, "version");
    const auto* entry = s_.in_catalog(name, version);
    if (entry == nullptr)
      return hydra_error(404, "Solution pack " + name + " " + version + " not found");
    job_state job{s_.next_uuid("7a3c0f21"), name, version, entry->label};
    json out = {{"@context", "/api/3/contexts/SolutionPack"},
                {"@id", "/api/3/solutionpacks/" + s_.next_uuid("c0ffee00")},
                {"@type", "SolutionPack"},
                {"name", name},
                {"label", entry->label},
                {"version", version},
                {"type", "connector"},
                {"installed", false},
                {"id", 900 + s_.uuids},
                {"uuid", s_.next_uuid("5eed5eed")},
                {"importJob", job_ref(job)}};
    s_.jobs[job.uuid] = std::move(job);
    return reply::json(200, out);
  }

  reply upload(const incoming& in) {
    if (in.query_value("$type") != std::optional<std::string>("connector")) {
      return hydra_error(400, "$type must be connector");
    }
    const bool replace = in.query_value("$replace") == std::optional<std::string>("true");
    const multipart_part* file = nullptr;
    for (const auto& part : in.parts) {
      if (part.name == "file") file = &part;
    }
    if (file == nullptr)
      return hydra_error(400, "No file was uploaded (expected a part named file)");
    s_.last_upload = json{{"filename", file->filename},
                          {"content_type", file->content_type},
                          {"size", file->data.size()}};
    if (file->data.size() < 2 || static_cast<unsigned char>(file->data[0]) != 0x1f ||
        static_cast<unsigned char>(file->data[1]) != 0x8b) {
      return hydra_error(400, "The file is not a gzip-compressed connector archive");
    }
    // "<name>-<version>.tgz": the version starts after the last '-' followed by a digit.
    std::string stem = file->filename;
    for (const char* suffix : {".tgz", ".tar.gz"}) {
      const std::string s(suffix);
      if (stem.size() > s.size() && stem.compare(stem.size() - s.size(), s.size(), s) == 0) {
        stem.resize(stem.size() - s.size());
        break;
      }
    }
    std::size_t dash = std::string::npos;
    for (std::size_t i = 0; i + 1 < stem.size(); ++i) {
      if (stem[i] == '-' && stem[i + 1] >= '0' && stem[i + 1] <= '9') dash = i;
    }
    if (dash == std::string::npos || dash == 0) {
      return hydra_error(400, "Cannot read the connector name and version from " + file->filename);
    }
    const std::string name = stem.substr(0, dash);
    const std::string version = stem.substr(dash + 1);
    if (const auto* existing = s_.find_by_name(name);
        existing != nullptr && existing->row["version"] == version && !replace) {
      return hydra_error(
          409, "Connector " + name + " " + version + " is already installed; use $replace=true");
    }
    if (s_.settings.upload_import_job) {
      job_state job{s_.next_uuid("7a3c0f21"), name, version, name};
      json out = {
          {"name", name}, {"version", version}, {"installed", false}, {"importJob", job_ref(job)}};
      s_.jobs[job.uuid] = std::move(job);
      return reply::json(200, out);
    }
    auto& c = s_.install_connector(name, version, name, {"Utilities"}, json::array());
    json record = s_.detail_view(c);
    record["install_result"] = {{"message", "Installed"}, {"output", ""}};
    record["remote_status"] = {{"message", ""}, {"output", ""}, {"status", "Completed"}};
    record["requirements_installed"] = "In-Progress";
    record["playbook_collections"] = json::array();
    record["uuid"] = s_.next_uuid("b16b00b5");
    record["workspace_connector"] = false;
    return reply::json(200, record);
  }

  reply import_job(const incoming& in) {
    const auto it = s_.jobs.find(in.param("uuid"));
    if (it == s_.jobs.end()) return hydra_error(404, "Not Found");
    job_state& job = it->second;
    if (!job.done) {
      ++job.polls;
      if (s_.settings.job_polls > 0 && job.polls >= s_.settings.job_polls) {
        job.done = true;
        job.failed = s_.failing.count(job.name) != 0;
        if (!job.failed && job.installs)
          s_.install_connector(job.name, job.version, job.label, {"Utilities"}, json::array());
      }
    }
    json record = {
        {"status", job.done ? (job.failed ? "Failed" : "Import Complete") : "Import In Progress"},
        {"progressPercent",
         job.done ? 100
                  : (s_.settings.job_polls > 0 ? job.polls * 100 / s_.settings.job_polls : 0)},
        {"errorMessage",
         job.failed ? json("Connector requirements could not be installed") : json()},
        {"currentlyImporting", job.done ? json() : json(job.name)},
        {"file", {{"filename", job.name + "-" + job.version + ".tgz"}}},
        {"options", json::object()}};
    json out = {{"@context", "/api/3/contexts/ImportJob"},
                {"@id", "/api/3/import_jobs/" + job.uuid},
                {"@type", "ImportJob"},
                {"uuid", job.uuid}};
    // __selectFields narrows the record, as on the real server.
    const auto select = in.query_value("__selectFields");
    for (const auto& item : record.items()) {
      if (!select || ("," + *select + ",").find("," + item.key() + ",") != std::string::npos) {
        out[item.key()] = item.value();
      }
    }
    return reply::json(200, out);
  }

  reply create_import_job(const incoming& in) {
    const auto body = in.json_body();
    if (!body || !body->is_object()) return message(400, "The request body must be a JSON object");
    if (auto refused = s_.contract_refusal("create_import_job", *body)) return *refused;
    job_state job{s_.next_uuid("1b0b1b0b"), "", "", ""};
    job.installs = false;
    json out = {{"@context", "/api/3/contexts/ImportJob"},
                {"@id", "/api/3/import_jobs/" + job.uuid},
                {"@type", "ImportJob"},
                {"uuid", job.uuid},
                {"file", (*body)["file"]},
                {"type", (*body)["type"]},
                {"options", body->value("options", json::object())},
                {"status", "Queued"}};
    s_.jobs[job.uuid] = std::move(job);
    return s_.checked("create_import_job", reply::json(200, out));
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fortisoar
