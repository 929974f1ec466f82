// What every command of the `plugboard` tool shares: the global options,
// where a service's base URL and credentials come from, the output, progress
// on stderr and the exit codes.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/environment.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard_cli {

// The process exit status says what kind of failure it was.
enum exit_status : int {
  exit_ok = 0,
  exit_internal = 1,   // a bug in the tool, not in the call
  exit_usage = 2,      // bad arguments or environment: nothing was sent
  exit_api = 3,        // the service answered with a status outside 2xx
  exit_transport = 4,  // no HTTP answer (refused, timeout, TLS, broken connection)
  exit_decode = 5,     // the answer did not fit the typed result
};

inline int exit_status_of(plugboard::error_kind kind) noexcept {
  switch (kind) {
    case plugboard::error_kind::usage: return exit_usage;
    case plugboard::error_kind::api: return exit_api;
    case plugboard::error_kind::transport: return exit_transport;
    case plugboard::error_kind::decode: return exit_decode;
  }
  return exit_internal;
}

using plugboard_examples::environment;
using plugboard_examples::required_environment;

// The options given before or after the sub-commands.
struct global_options {
  std::string base_url;           // --base-url; empty: the service's variable or default
  std::string output = "pretty";  // pretty | compact
  std::string ca_file;            // extra trust anchors for HTTPS
  bool insecure = false;          // no certificate verification (throwaway servers only)
  double timeout_seconds = 30;    // read and write timeout of one request
};

class session {
 public:
  global_options options;

  // The command chosen on the command line (set while parsing, run after it):
  // returns the typed result as JSON.
  std::function<plugboard::json()> action;

  // Long-running commands (--wait, --all) turn this on: each request then
  // shows as a progress line on stderr, when stderr is a terminal.
  void show_progress() noexcept { progress_ = true; }

  // --base-url, else $variable, else the service's default; a usage error
  // when there is none.
  std::string base_url(const char* variable, std::string_view fallback = {}) const {
    if (!options.base_url.empty()) return options.base_url;
    if (auto value = environment(variable)) return *value;
    if (!fallback.empty()) return std::string(fallback);
    throw plugboard::usage_error(
        "--base-url", std::string("is required (or set ") + variable + " in the environment)");
  }

  plugboard::client_options client_options(std::string url) const {
    plugboard::client_options out(std::move(url));
    out.user_agent = "plugboard-cli/" PLUGBOARD_VERSION_STRING;
    if (progress_ && ::isatty(STDERR_FILENO) == 1) {
      auto shown = progress_lines_;
      out.on_exchange = [shown](const plugboard::exchange_record& record) {
        ++*shown;
        const std::string status = record.failure
                                       ? std::string(plugboard::to_string(*record.failure))
                                       : std::to_string(record.status);
        std::fprintf(stderr, "\r\033[K[%d] %s %s -> %s", *shown,
                     std::string(plugboard::to_string(record.verb)).c_str(), record.url.c_str(),
                     status.c_str());
        std::fflush(stderr);
      };
    }
    return out;
  }

  plugboard::http_transport transport() const {
    plugboard::http_options how;
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(
        (options.timeout_seconds > 0 ? options.timeout_seconds : 30) * 1000));
    how.read_timeout = timeout;
    how.write_timeout = timeout;
    how.ca_file = options.ca_file;
    how.insecure_skip_tls_verify = options.insecure;
    return plugboard::http_transport(how);
  }

  // Ends the progress line, if one was drawn.
  void finish_progress() const {
    if (*progress_lines_ > 0) std::fputs("\r\033[K", stderr);
  }

 private:
  bool progress_ = false;
  std::shared_ptr<int> progress_lines_ = std::make_shared<int>(0);
};

}  // namespace plugboard_cli
