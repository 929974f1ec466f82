// SPDX-License-Identifier: MIT
// What every command of the `plugboard` tool shares: the global options,
// where a service's base URL and credentials come from, retries, the request
// log and progress on stderr, and the exit codes.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "common/environment.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/retry.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard_cli {

// The process exit status says what kind of outcome it was (README.md, "In
// scripts and CI"; `plugboard --help` lists them too).
enum exit_status : int {
  exit_ok = 0,
  exit_internal = 1,   // the tool failed: its output could not be written, or a bug
  exit_usage = 2,      // bad arguments or environment: nothing was sent
  exit_api = 3,        // the service answered with a status outside 2xx
  exit_transport = 4,  // no HTTP answer (refused, timeout, TLS, broken connection)
  exit_decode = 5,     // the answer did not fit the typed result
  exit_failed = 6,     // the call worked, but the operation it started or ran failed
  exit_timed_out = 7,  // --wait gave up before the operation ended (it may still end)
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

// Thrown by a command whose call worked but whose result says the operation
// did not succeed (an install job that failed, a connector operation whose
// status is not Success): the result still goes to stdout.
class unsuccessful : public std::runtime_error {
 public:
  unsuccessful(exit_status status, std::string kind, const std::string& message,
               plugboard::json result)
      : std::runtime_error(message),
        status_(status),
        kind_(std::move(kind)),
        result_(std::move(result)) {}

  exit_status status() const noexcept { return status_; }
  const std::string& kind() const noexcept { return kind_; }  // "failed", "timed_out"
  const plugboard::json& result() const noexcept { return result_; }

 private:
  exit_status status_;
  std::string kind_;
  plugboard::json result_;
};

using plugboard_examples::environment;
using plugboard_examples::required_environment;

// The options given before or after the sub-commands.
struct global_options {
  std::string base_url;               // --base-url; empty: the service's variable or default
  std::string output = "pretty";      // pretty | compact | json
  std::string ca_file;                // extra trust anchors for HTTPS
  bool insecure = false;              // no certificate verification (throwaway servers only)
  double timeout_seconds = 30;        // one call, connecting and waiting included
  int retries = 0;                    // extra attempts after a 429, a 5xx or a failed connection
  bool retry_non_idempotent = false;  // also repeat POST and PATCH calls
  bool verbose = false;               // a line on stderr per request, and per poll
};

class session {
 public:
  // How long --retries may keep retrying one call.
  static constexpr std::chrono::minutes retry_budget{5};

  global_options options;

  // The command chosen on the command line (set while parsing, run after it):
  // returns the typed result as JSON.
  std::function<plugboard::json()> action;
  // `plugboard batch` instead (batch.cpp): prints its own lines and returns
  // the exit status.
  std::function<int()> batch;

  // --output json: results on one line, and errors, the request log and
  // progress as JSON objects on stderr, one per line.
  bool json_output() const noexcept { return options.output == "json"; }

  // Long-running commands (--wait, --all) turn this on: each request then
  // shows as a progress line on stderr, when stderr is a terminal.
  void show_progress() noexcept { progress_ = true; }

  // Whether --base-url or $variable names the base URL.
  bool base_url_given(std::string_view variable) const {
    return !options.base_url.empty() || environment(std::string(variable).c_str()).has_value();
  }

  // --base-url, else $variable, else the service's default; a usage error
  // when there is none.
  std::string base_url(std::string_view variable, std::string_view fallback = {}) const {
    if (!options.base_url.empty()) return options.base_url;
    if (auto value = environment(std::string(variable).c_str())) return *value;
    if (!fallback.empty()) return std::string(fallback);
    throw plugboard::usage_error(
        "--base-url", "is required (or set " + std::string(variable) + " in the environment)");
  }

  // --timeout: connecting, and each silence while sending or waiting for an
  // answer; a call as a whole (client_options::call_timeout) gets as long.
  std::chrono::milliseconds http_timeout() const {
    return std::chrono::milliseconds(static_cast<long long>(options.timeout_seconds * 1000));
  }

  plugboard::client_options client_options(std::string url) const {
    plugboard::client_options out(std::move(url));
    out.user_agent = "plugboard-cli/" PLUGBOARD_VERSION_STRING;
    // A call (its retries included) ends within --timeout, plus the retry
    // budget with --retries; an install that waits sets its own (call_for_wait).
    out.call_timeout = http_timeout() + retry_allowance();
    out.retry = retry();
    if (options.verbose) {
      const bool json = json_output();
      // The record is sanitized by the client: query values and every header
      // outside a small allow-list are redacted, and bodies are not in it.
      out.on_exchange = [json](const plugboard::exchange_record& record) {
        log_exchange(record, json);
      };
    } else if (progress_ && ::isatty(STDERR_FILENO) == 1) {
      auto shown = progress_lines_;
      out.on_exchange = [shown](const plugboard::exchange_record& record) {
        draw_progress(*shown, std::string(plugboard::to_string(record.verb)) + " " + record.url +
                                  " -> " + outcome_of(record));
      };
    }
    return out;
  }

  plugboard::http_transport transport() const {
    plugboard::http_options http;
    const auto timeout = http_timeout();
    http.connect_timeout = timeout;
    http.read_timeout = timeout;
    http.write_timeout = timeout;
    http.ca_file = options.ca_file;
    http.insecure_skip_tls_verify = options.insecure;
    return plugboard::http_transport(http);
  }

  // No retries unless --retries N: then N more attempts after a 429, a 500,
  // 502, 503 or 504, or a failed connection, waiting as Retry-After says or
  // with backoff. POST and PATCH calls are repeated only with
  // --retry-non-idempotent (or when nothing was sent). Every client gets it
  // at run time, through client_options::retry.
  plugboard::backoff_retry retry() const {
    plugboard::backoff_retry policy;
    policy.max_attempts = options.retries + 1;
    policy.retry_non_idempotent = options.retry_non_idempotent;
    policy.max_elapsed_time = retry_budget;
    return policy;
  }

  // The options of a call that waits up to `wait` (an install's --wait-timeout)
  // besides its own requests: its deadline must not cut the wait short.
  plugboard::call_options call_for_wait(std::chrono::milliseconds wait) const {
    plugboard::call_options out;
    out.timeout = wait + http_timeout() * 2 + retry_allowance();
    return out;
  }

  // A step of a long operation (the state of an install's import job): a
  // log line with --verbose, else a progress line on a terminal.
  void report_progress(const std::string& text, const plugboard::json& detail) const {
    if (options.verbose) {
      if (json_output()) {
        plugboard::json line = {{"event", "progress"}, {"message", text}};
        line.update(detail);
        print_line(line.dump(-1, ' ', false, plugboard::json::error_handler_t::replace));
      } else {
        print_line("plugboard: " + text);
      }
    } else if (::isatty(STDERR_FILENO) == 1) {
      draw_progress(*progress_lines_, text);
    }
  }

  // Ends the progress line, if one was drawn.
  void finish_progress() const {
    if (*progress_lines_ > 0) std::fputs("\r\033[K", stderr);
  }

 private:
  // What --retries adds to a call's deadline.
  std::chrono::milliseconds retry_allowance() const {
    return options.retries > 0 ? retry_budget : std::chrono::milliseconds(0);
  }

  static std::string outcome_of(const plugboard::exchange_record& record) {
    return record.failure ? std::string(plugboard::to_string(*record.failure))
                          : std::to_string(record.status);
  }

  static void print_line(const std::string& line) {
    std::fprintf(stderr, "%s\n", line.c_str());
    std::fflush(stderr);
  }

  static void draw_progress(int& shown, const std::string& text) {
    ++shown;
    std::fprintf(stderr, "\r\033[K[%d] %s", shown, text.c_str());
    std::fflush(stderr);
  }

  static void log_exchange(const plugboard::exchange_record& record, bool json) {
    const std::string verb(plugboard::to_string(record.verb));
    const auto milliseconds =
        std::chrono::duration_cast<std::chrono::milliseconds>(record.duration).count();
    if (json) {
      plugboard::json line = {{"event", "request"},
                              {"method", verb},
                              {"url", record.url},
                              {"status", nullptr},
                              {"failure", nullptr},
                              {"attempt", record.attempt},
                              {"milliseconds", milliseconds},
                              {"request_headers", plugboard::json::object()},
                              {"response_headers", plugboard::json::object()}};
      if (record.failure) {
        line["failure"] = std::string(plugboard::to_string(*record.failure));
      } else {
        line["status"] = record.status;
      }
      for (const auto& field : record.request_headers)
        line["request_headers"][field.first] = field.second;
      for (const auto& field : record.response_headers)
        line["response_headers"][field.first] = field.second;
      print_line(line.dump(-1, ' ', false, plugboard::json::error_handler_t::replace));
      return;
    }
    std::string text = "plugboard: " + verb + " " + record.url + " -> " + outcome_of(record) +
                       " (" + std::to_string(milliseconds) + " ms, attempt " +
                       std::to_string(record.attempt) + ")";
    for (const auto& field : record.request_headers)
      text += "\n  > " + field.first + ": " + field.second;
    for (const auto& field : record.response_headers)
      text += "\n  < " + field.first + ": " + field.second;
    print_line(text);
  }

  bool progress_ = false;
  std::shared_ptr<int> progress_lines_ = std::make_shared<int>(0);
};

}  // namespace plugboard_cli
