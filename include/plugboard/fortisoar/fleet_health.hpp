// SPDX-License-Identifier: MIT
// Across installed connectors: healthcheck_all (every connector's
// healthcheck in one typed summary, a few at a time on a bulk_executor) and
// ensure_version (install or upgrade a connector to a version and wait for
// its import job, on the client's clock). An opt-in header: it brings in the
// bulk executor (threads, futures), which fortisoar/client.hpp does not.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <exception>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/bulk/executor.hpp"
#include "plugboard/core/call_options.hpp"
#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/fortisoar/detail/connector_cache.hpp"
#include "plugboard/fortisoar/detail/import_job_wait.hpp"
#include "plugboard/fortisoar/detail/installed_connectors_walk.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"
#include "plugboard/fortisoar/options.hpp"

namespace plugboard::fortisoar {

// One connector's healthcheck.
struct connector_health {
  std::string name;
  std::string version;
  bool healthy = false;  // the server said "Available"
  std::string status;    // the server's status, "no-config" on a 404, "error" on another failure
  std::string message;
  std::optional<int> http_status;  // set when the healthcheck failed with an HTTP error
};

struct fleet_health {
  std::vector<connector_health> connectors;  // in list_configured order

  std::size_t healthy_count() const noexcept {
    std::size_t n = 0;
    for (const auto& c : connectors) n += c.healthy ? 1 : 0;
    return n;
  }
  std::vector<std::string> unhealthy() const {
    std::vector<std::string> out;
    for (const auto& c : connectors) {
      if (!c.healthy) out.push_back(c.name);
    }
    return out;
  }
  bool all_healthy() const noexcept { return healthy_count() == connectors.size(); }
};

struct healthcheck_all_options {
  // Healthchecks in flight at once, on threads of the call's own
  // bulk_executor; 1: one after the other on the calling thread.
  std::size_t parallel = 4;
};

namespace detail {

// One connector's healthcheck: an HTTP error is its answer, anything else
// (transport, decode) is thrown.
template <class Core>
connector_health check_health(Core& core, const installed_connector& row,
                              const call_options& options) {
  connector_health h;
  h.name = row.name;
  h.version = row.version;
  try {
    const auto answer =
        core.call_or_throw(endpoints::healthcheck{row.name, row.version, {}}, options);
    h.healthy = answer.available();
    h.status = answer.status;
    h.message = answer.message.value_or("");
  } catch (const api_error& e) {
    h.status = e.status() == 404 ? "no-config" : "error";
    h.message = e.service_message();
    h.http_status = e.status();
  }
  return h;
}

}  // namespace detail

// Checks every installed connector's default configuration, up to
// settings.parallel at a time, under one deadline (the call's timeout or
// deadline covers the listing and every check). The summary is in the
// listing's order whatever the order the checks end in. A connector whose
// check answers an HTTP error is reported unhealthy with that status; the
// others still run. Any other failure (transport, decode) ends the whole
// call with that error: no further check starts, the checks in flight
// finish (their waits between retries are canceled), and the first such
// failure is the call's error. usage_error for parallel 0.
template <class Client>
auto healthcheck_all(Client& client, const healthcheck_all_options& settings,
                     const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<fleet_health>([&] {
    if (settings.parallel == 0) throw usage_error("parallel", "must be at least 1");
    call_options pinned = core.with_deadline(options);
    const auto rows = detail::walk_installed_connectors(core, pinned);
    fleet_health out;
    const std::size_t lanes = std::min(settings.parallel, rows.size());
    if (lanes <= 1) {
      for (const auto& row : rows)
        out.connectors.push_back(detail::check_health(core, row, pinned));
      return out;
    }
    out.connectors.resize(rows.size());
    // The first failure stops the rest: lanes take no further row, and the
    // calls in flight stop waiting (the caller's own token still counts).
    cancellation_source stop(pinned.cancel);
    pinned.cancel = stop.token();
    std::atomic<bool> failing{false};
    std::mutex failure_mutex;
    std::exception_ptr failure;
    std::atomic<std::size_t> next{0};
    const auto lane = [&] {
      for (std::size_t i = next++; i < rows.size() && !failing.load(); i = next++) {
        try {
          out.connectors[i] = detail::check_health(core, rows[i], pinned);
        } catch (...) {
          std::lock_guard<std::mutex> lock(failure_mutex);
          if (!failure) failure = std::current_exception();
          failing.store(true);
          stop.cancel();
        }
      }
    };
    {
      bulk_executor executor(lanes);
      std::vector<std::future<void>> done;
      done.reserve(lanes);
      for (std::size_t k = 0; k < lanes; ++k) done.push_back(executor.submit(lane));
      for (auto& lane_done : done) lane_done.wait();
    }
    if (failure) std::rethrow_exception(failure);
    return out;
  });
}

// healthcheck_all with the default settings (4 at a time).
template <class Client>
auto healthcheck_all(Client& client, const call_options& options = {}) {
  return healthcheck_all(client, healthcheck_all_options{}, options);
}

enum class version_outcome {
  already,    // installed at that version: nothing was sent
  installed,  // was not installed, now is
  upgraded,   // was at another version, now at this one
  failed,     // the import job failed
  timed_out,  // the import job was still running when the wait ended
};

constexpr std::string_view to_string(version_outcome o) noexcept {
  switch (o) {
    case version_outcome::already: return "already";
    case version_outcome::installed: return "installed";
    case version_outcome::upgraded: return "upgraded";
    case version_outcome::failed: return "failed";
    case version_outcome::timed_out: return "timed_out";
  }
  return "failed";
}

struct ensure_version_result {
  version_outcome outcome = version_outcome::already;
  std::optional<std::string> previous_version;  // none: it was not installed
  std::optional<install_result> install;        // none when nothing was sent
};

struct ensure_version_options {
  std::chrono::milliseconds interval{3000};
  std::chrono::milliseconds timeout{300000};
  import_job_observer on_poll{};
};

// Makes `name` installed at `version`: nothing when it already is; else
// installs that version from Content Hub and polls the import job (at once,
// then every interval, on the client's clock: client_options::clock) until
// it ends or the timeout or the call's deadline runs out. A job that reports
// success while the connector is not at `version` afterwards is `failed`.
template <class Client>
auto ensure_version(Client& client, std::string name, std::string version,
                    const ensure_version_options& settings = {}, const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<ensure_version_result>([&] {
    require_non_empty("name", name);
    require_non_empty("version", version);
    if (settings.interval.count() <= 0) throw usage_error("interval", "must be positive");
    if (settings.timeout.count() < 0) throw usage_error("timeout", "must not be negative");
    const call_options pinned = core.with_deadline(options);
    ensure_version_result out;
    {
      const auto rows = detail::walk_installed_connectors(core, pinned);
      if (const auto* row = detail::find_row(rows, name)) {
        if (row->version == version) return out;
        out.previous_version = row->version;
      }
    }
    client.clear_cache();
    install_result job;
    job.response = core.call_or_throw(endpoints::install{{name, version}}, pinned);
    detail::await_import_job(core, job,
                             {true, settings.interval, settings.timeout, settings.on_poll}, pinned);
    const auto state = job.state;
    out.install = std::move(job);
    if (state == install_state::failed) {
      out.outcome = version_outcome::failed;
      return out;
    }
    if (state == install_state::timed_out) {
      out.outcome = version_outcome::timed_out;
      return out;
    }
    const auto rows = detail::walk_installed_connectors(core, pinned);
    const auto* row = detail::find_row(rows, name);
    if (row == nullptr || row->version != version) {
      out.outcome = version_outcome::failed;
    } else {
      out.outcome = out.previous_version ? version_outcome::upgraded : version_outcome::installed;
    }
    return out;
  });
}

}  // namespace plugboard::fortisoar
