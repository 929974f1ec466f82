// SPDX-License-Identifier: MIT
// The tour: every documented operation of every service, against the
// embedded sandbox, one line per call. With PLUGBOARD_TOUR_SERVICE it walks
// one service of a real deployment instead, and skips the calls that change
// something unless --allow-writes is given.
#pragma once

#include <cstdio>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/environment.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/service.hpp"
#include "plugboard/sandbox/server.hpp"
#include "plugboard/testing/recording_transport.hpp"
#include "plugboard/transport/http.hpp"

namespace tour {

// Every tour client sends through this, so each line can show the wire.
using wire = plugboard::testing::recording_transport<plugboard::http_transport>;

// Thrown by a step that cannot run, e.g. because the call that would have
// made its input was a skipped write. It counts as skipped, not failed.
struct skipped {
  std::string reason;
};

class reporter {
 public:
  explicit reporter(bool allow_writes = true) : allow_writes_(allow_writes) {}

  // Runs one call that only reads; `call` returns a short summary of the typed result.
  template <class Call>
  void step(std::string_view service, std::string_view operation, wire& w, Call&& call) {
    w.clear();
    ++total_;
    toured_.emplace(service, operation);
    std::string summary;
    try {
      summary = std::forward<Call>(call)();
      ++ok_;
    } catch (const skipped& s) {
      ++skipped_;
      print(service, operation, "-", "-", "-", "skipped (" + s.reason + ")");
      return;
    } catch (const plugboard::error& e) {
      summary = std::string("FAILED: ") + e.what();
    }
    std::string method = "-", path = "-", status = "-";
    const auto exchanges = w.exchanges();
    if (!exchanges.empty()) {
      const auto& last = exchanges.back();
      method = std::string(plugboard::to_string(last.sent.verb));
      path = std::string(last.sent.path());
      status = last.received ? std::to_string(last.received->status) : "---";
    }
    print(service, operation, method, path, status, summary);
  }

  // A call that changes something (create, modify, delete, sync, install,
  // execute, ...): against a real deployment it runs only with --allow-writes.
  template <class Call>
  void write(std::string_view service, std::string_view operation, wire& w, Call&& call) {
    if (allow_writes_) return step(service, operation, w, std::forward<Call>(call));
    step(service, operation, w, []() -> std::string { throw skipped{"needs --allow-writes"}; });
  }

  int total() const noexcept { return total_; }
  // Whether a step of `service` was named `operation`.
  bool toured(std::string_view service, std::string_view operation) const {
    return toured_.count({std::string(service), std::string(operation)}) > 0;
  }
  int ok() const noexcept { return ok_; }
  int skipped_count() const noexcept { return skipped_; }

 private:
  static void print(std::string_view service, std::string_view operation, const std::string& method,
                    const std::string& path, const std::string& status,
                    const std::string& summary) {
    std::printf("%-10.*s %-26.*s %-6s %-58s %s  %s\n", static_cast<int>(service.size()),
                service.data(), static_cast<int>(operation.size()), operation.data(),
                method.c_str(), path.c_str(), status.c_str(), summary.c_str());
  }

  bool allow_writes_;
  std::set<std::pair<std::string, std::string>> toured_;
  int total_ = 0;
  int ok_ = 0;
  int skipped_ = 0;
};

// Where a service's calls go: the embedded sandbox, or the real deployment
// whose base URL and credentials are in the environment.
struct context {
  plugboard::sandbox::server* sandbox;  // null against a real deployment
  reporter& report;

  bool embedded() const noexcept { return sandbox != nullptr; }

  // The base URL of the service S: its fake in the sandbox, or its base URL
  // variable (else its default).
  template <class S>
  std::string base_url() const {
    if (embedded()) return sandbox->url(std::string(S::sandbox_base_path));
    if (auto url = plugboard_examples::environment(std::string(S::base_url_variable).c_str())) {
      return *url;
    }
    if (!S::default_base_url.empty()) return std::string(S::default_base_url);
    throw plugboard::usage_error(std::string(S::base_url_variable),
                                 "must be set to the service's base URL");
  }
  // The auth of the service S: from `sandbox_values` (credential variable
  // -> value) against the sandbox, from the environment against a real one.
  template <class S>
  typename S::auth_type auth(
      const std::vector<std::pair<std::string, std::string>>& sandbox_values = {}) const {
    if (!embedded()) {
      return S::make_auth([](std::string_view name) {
        return plugboard_examples::environment(std::string(name).c_str());
      });
    }
    return S::make_auth([&](std::string_view name) -> std::optional<std::string> {
      for (const auto& [variable, value] : sandbox_values) {
        if (variable == name) return value;
      }
      return std::nullopt;
    });
  }
};

// A chapter of the tour: every operation of one service of the registry.
// Each service's file registers its own, at static initialization:
//   const tour::chapter<plugboard::fivetran::service> registered(&tour_every_operation);
using chapter_function = void (*)(context&);

template <class S>
std::optional<chapter_function>& chapter_of() {
  static std::optional<chapter_function> registered;
  return registered;
}

template <class S>
struct chapter {
  explicit chapter(chapter_function run) { chapter_of<S>() = run; }
};

}  // namespace tour
