// SPDX-License-Identifier: MIT
// The arguments of FortiSOAR's facade calls (client.hpp).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar {

struct list_configurations_options {
  std::optional<std::string> name{};  // the CONFIGURATION's name (a connector name matches nothing)
  std::optional<std::string> connector{};      // a connector NAME, resolved to its install id
  std::optional<std::int64_t> connector_id{};  // or the install id itself
  std::optional<bool> active{};
  std::int64_t page = 1;
  std::int64_t page_size = 100;
};

struct healthcheck_options {
  std::optional<std::string> version{};  // default: the installed version
  std::optional<std::string> config{};   // a configuration uuid or name; default: the default one
};

struct execute_options {
  std::optional<std::string> version{};  // default: the installed version
  std::optional<std::string> config{};   // default: the connector's default configuration
};

struct dev_publish_options {
  bool replace = false;  // overwrite an installed connector of the same name and version
  bool discard = false;  // delete the dev twin after a successful publish
};

// Called with the import job after each poll of a waiting install, e.g. to
// show its status and progress.
using import_job_observer = std::function<void(const import_job&)>;

struct install_options {
  bool wait = false;  // poll the import job until it ends or `timeout` runs out
  std::chrono::milliseconds interval{3000};
  std::chrono::milliseconds timeout{300000};
  import_job_observer on_poll{};
};

struct install_from_file_options {
  bool replace = false;  // sends $replace=true (overwrites the same name and version)
  bool wait = false;
  std::chrono::milliseconds interval{3000};
  std::chrono::milliseconds timeout{300000};
  // A larger file is refused before it is read (connector archives are a few MB).
  std::size_t max_archive_bytes = 256 * 1024 * 1024;
  import_job_observer on_poll{};
};

// A connector archive already in memory.
struct connector_archive {
  std::string filename{};      // e.g. "hello-world-1.0.0.tgz"
  std::string data{};          // the .tgz bytes
  std::string content_type{};  // empty: from the file name (application/gzip for .tgz)
};

struct install_connector_options {
  std::string name{};
  std::string version{};
  std::optional<std::string> label{};  // default: the name
  std::vector<std::string> category{};
  std::string description{};
  std::string publisher = "Fortinet";
  std::string rpm_full_name{};
};

struct agent_connector {
  std::string name{};
  std::string version{};
};

}  // namespace plugboard::fortisoar
