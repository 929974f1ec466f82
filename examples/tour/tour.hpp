// The tour: every documented operation of every service, against the
// embedded sandbox, one line per call. With PLUGBOARD_TOUR_SERVICE it walks
// one service of a real deployment instead, and skips the calls that change
// something unless --allow-writes is given.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "common/environment.hpp"
#include "plugboard/core/errors.hpp"
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

  // The sandbox's mount point, or $variable (else `fallback`).
  std::string base_url(std::string_view mount, const char* variable,
                       std::string_view fallback = {}) const {
    if (embedded()) return sandbox->url(mount);
    if (auto url = plugboard_examples::environment(variable)) return *url;
    if (!fallback.empty()) return std::string(fallback);
    throw plugboard::usage_error(variable, "must be set to the service's base URL");
  }
  // The sandbox's credential, or $variable (required).
  std::string credential(std::string sandbox_value, const char* variable) const {
    if (embedded()) return sandbox_value;
    return plugboard_examples::required_environment(variable, "the service's credential");
  }
};

// One function per service, each in its own file.
void providers(context& ctx);
void fivetran(context& ctx);
void pipeshub(context& ctx);
void pieces(context& ctx);
void fortisoar(context& ctx);

}  // namespace tour
