// SPDX-License-Identifier: MIT
// Finding a running Pieces OS, and its version.
//
// Pieces OS 5.x listens on the first free port of 39300-39333, not on the
// 1000 of older releases. discover() looks, in this order, and stops at the
// first step that finds one:
//   1. discovery_options::url, when given;
//   2. the environment variable (PIECES_BASE_URL), when set;
//   3. every port of first_port..last_port on `host`, in parallel;
//   4. the legacy ports (1000, then 5323), in parallel.
// Each probe is HEAD /.well-known/health: a TCP connect within
// connect_timeout, then the answer within health_timeout more; 200 means
// Pieces OS (in a step of several ports, the lowest such port wins), as the
// official Python client does. Then GET /.well-known/version gives the
// version (nullopt when it does not answer within version_timeout).
//
// When nothing is found it throws discovery_error (a transport_error of kind
// `connect`), which lists every probe and what happened to it. With nothing
// listening it takes a few milliseconds; at worst (every port silent, so
// every probe waits its whole time) four rounds of connect_timeout +
// health_timeout: 600 ms with the defaults. A malformed url option or
// environment value is a usage_error that names the option or the variable,
// never the value.
//
//   const pieces::discovered found = pieces::discover();
//   pieces::client<> os(found);  // its base URL, and its version for the guard
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/call_context.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/pieces/endpoints.hpp"
#include "plugboard/pieces/version.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"
#include "plugboard/version.hpp"

namespace plugboard::pieces {

// The ports Pieces OS 5.x picks from (the official Python client scans them).
inline constexpr std::uint16_t first_scanned_port = 39300;
inline constexpr std::uint16_t last_scanned_port = 39333;
// Where older releases listened: 1000 (the 4.x clients' default) and 5323
// (the 5.x generated configuration's default).
inline constexpr std::uint16_t legacy_port_4x = 1000;
inline constexpr std::uint16_t legacy_port_generated = 5323;

// The step of discover() that a URL came from.
enum class discovery_source { url_option, environment, port_scan, legacy_port };

constexpr std::string_view to_string(discovery_source s) noexcept {
  switch (s) {
    case discovery_source::url_option: return "url option";
    case discovery_source::environment: return "environment";
    case discovery_source::port_scan: return "port scan";
    case discovery_source::legacy_port: return "legacy port";
  }
  return "url option";
}

struct discovery_options {
  // Tried first when not empty, e.g. a URL from the user's settings.
  std::string url;
  // Then this variable's value, when it is set; "" reads none.
  std::string environment_variable = "PIECES_BASE_URL";
  // Then first_port..last_port on `host`, then the legacy ports.
  std::string host = "127.0.0.1";
  std::uint16_t first_port = first_scanned_port;
  std::uint16_t last_port = last_scanned_port;
  std::vector<std::uint16_t> legacy_ports{legacy_port_4x, legacy_port_generated};
  // A probe: the TCP connect, then the whole probe (connect and answer).
  std::chrono::milliseconds connect_timeout{50};
  std::chrono::milliseconds health_timeout{100};
  // GET /.well-known/version on the URL found.
  std::chrono::milliseconds version_timeout{1000};
  // Probes in flight at once (threads); the default probes the whole range at once.
  std::size_t max_parallel = 34;
};

// What one probe found.
enum class probe_outcome {
  healthy,          // HEAD /.well-known/health answered 200
  no_connection,    // the connection was refused (nothing listens) or failed
  connect_timeout,  // no connection within connect_timeout
  no_answer,        // connected, but no answer in time (or the connection closed)
  unhealthy,        // an answer other than 200
  failed,           // anything else (not HTTP, TLS, ...)
};

struct discovery_attempt {
  std::string url;  // the base URL probed
  discovery_source source = discovery_source::port_scan;
  probe_outcome outcome = probe_outcome::failed;
  int status = 0;        // the health call's status, when it answered
  std::string detail{};  // what happened, in words ("could not connect (Connection refused)")
};

struct discovered {
  std::string url;                     // the base URL to give pieces::client
  std::optional<std::string> version;  // what /.well-known/version said, if it answered
  discovery_source source = discovery_source::port_scan;
  std::vector<discovery_attempt> attempts;  // every probe made, in order
};

// No Pieces OS answered. what() lists what was tried; attempts() has each probe.
class discovery_error : public transport_error {
 public:
  discovery_error(std::vector<discovery_attempt> attempts, const std::string& note)
      : transport_error(transport_failure::connect, describe(attempts, note)),
        attempts_(std::move(attempts)) {}

  const std::vector<discovery_attempt>& attempts() const noexcept { return attempts_; }

 private:
  // "Pieces OS not found; tried http://127.0.0.1:8080 (url option): ...;
  // ports 39300-39333 on 127.0.0.1: could not connect (Connection refused)
  // x33, no answer ... (39310); legacy ports 1000, 5323 on 127.0.0.1: ..."
  static std::string describe(const std::vector<discovery_attempt>& attempts,
                              const std::string& note) {
    std::string text = "Pieces OS not found; tried ";
    if (attempts.empty()) text.append("nothing");
    std::size_t i = 0;
    bool first_group = true;
    while (i < attempts.size()) {
      const discovery_source source = attempts[i].source;
      std::size_t end = i;
      while (end < attempts.size() && attempts[end].source == source) ++end;
      if (!first_group) text.append("; ");
      first_group = false;
      const bool one_url =
          source == discovery_source::url_option || source == discovery_source::environment;
      if (one_url) {
        text.append(attempts[i].url).append(" (").append(to_string(source)).append(")");
      } else {
        text.append(source == discovery_source::port_scan ? "ports " : "legacy ports ");
        if (source == discovery_source::port_scan || end - i <= 2) {
          text.append(port_of(attempts[i].url));
          if (end - i > 1) {
            text.append(source == discovery_source::port_scan ? "-" : ", ");
            text.append(port_of(attempts[end - 1].url));
          }
        } else {
          for (std::size_t k = i; k < end; ++k) {
            if (k > i) text.append(", ");
            text.append(port_of(attempts[k].url));
          }
        }
        text.append(" on ").append(host_of(attempts[i].url));
      }
      text.append(": ");
      // Each distinct result once, with how many or which ports gave it.
      std::vector<std::pair<std::string, std::vector<std::size_t>>> results;
      for (std::size_t k = i; k < end; ++k) {
        auto found = std::find_if(results.begin(), results.end(),
                                  [&](const auto& r) { return r.first == attempts[k].detail; });
        if (found == results.end()) {
          results.emplace_back(attempts[k].detail, std::vector<std::size_t>{k});
        } else {
          found->second.push_back(k);
        }
      }
      for (std::size_t r = 0; r < results.size(); ++r) {
        if (r > 0) text.append(", ");
        text.append(results[r].first);
        const auto& which = results[r].second;
        if (one_url || results.size() == 1) {
          if (which.size() > 1) text.append(" x").append(std::to_string(which.size()));
        } else if (which.size() > 5) {
          text.append(" x").append(std::to_string(which.size()));
        } else {
          text.append(" (");
          for (std::size_t w = 0; w < which.size(); ++w) {
            if (w > 0) text.append(", ");
            text.append(port_of(attempts[which[w]].url));
          }
          text.append(")");
        }
      }
      i = end;
    }
    if (!note.empty()) text.append("; ").append(note);
    return text;
  }

  // The port and the host of a scanned URL, "http://HOST:PORT".
  static std::string port_of(const std::string& url) {
    const auto colon = url.rfind(':');
    return colon == std::string::npos ? url : url.substr(colon + 1);
  }
  static std::string host_of(const std::string& url) {
    const auto start = url.find("://");
    const auto colon = url.rfind(':');
    if (start == std::string::npos || colon == std::string::npos || colon < start + 3) return url;
    return url.substr(start + 3, colon - start - 3);
  }

  std::vector<discovery_attempt> attempts_;
};

namespace detail {

// A URL given by the caller or the environment, checked like a client's base
// URL; the usage_error names `argument` (the option or the variable), never
// the value, which may be anything.
inline base_url discovery_url(const std::string& text, const std::string& argument) {
  try {
    return base_url::parse(text);
  } catch (const usage_error& e) {
    throw usage_error(argument, e.problem());
  }
}

inline base_url scanned_url(const std::string& host, std::uint16_t port) {
  base_url out;
  out.scheme = "http";
  out.host = host;
  out.port = port;
  out.origin = "http://";
  if (host.find(':') != std::string::npos) {
    out.origin.append("[").append(host).append("]");
  } else {
    out.origin.append(host);
  }
  out.origin.append(":").append(std::to_string(port));
  return out;
}

// Runs probe(0) .. probe(count - 1), at most `parallel` at once: this thread
// and up to parallel - 1 more. When no thread can be started, this thread
// does all of them. `probe` must not throw.
template <class Probe>
void run_bounded(std::size_t count, std::size_t parallel, Probe&& probe) {
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next.fetch_add(1); i < count; i = next.fetch_add(1)) probe(i);
  };
  std::vector<std::thread> helpers;
  const std::size_t wanted = std::min(count, parallel);
  try {
    for (std::size_t k = 1; k < wanted; ++k) helpers.emplace_back(worker);
  } catch (const std::system_error&) {
    // Fewer threads: the ones running take the rest.
  }
  worker();
  for (auto& helper : helpers) helper.join();
}

// HEAD /.well-known/health on `url` through `transport`, as one attempt.
template <class Transport>
discovery_attempt probe_health(Transport& transport, const base_url& url, discovery_source source,
                               const discovery_options& options) noexcept {
  discovery_attempt out;
  try {
    out.url = url.origin + url.prefix;
    out.source = source;
    request req;
    req.verb = method::head;
    req.origin = url.origin;
    req.target = url.prefix + "/.well-known/health";
    req.headers.set("User-Agent", "plugboard/" PLUGBOARD_VERSION_STRING);
    // The connect is bounded by the transport's connect timeout (discover()
    // sets it); connecting and the answer together by this.
    req.timeout = options.connect_timeout + options.health_timeout;
    static constexpr endpoint_identity identity{
        "get_well_known_health", "pieces", "/.well-known/health", "default", method::head, true};
    const call_options none{};
    const clock_hooks clock{};
    const call_context context{identity, none, clock, clock.now() + req.timeout, true};
    try {
      const response res = send_through(transport, req, context);
      out.status = res.status;
      out.outcome = res.status == 200 ? probe_outcome::healthy : probe_outcome::unhealthy;
      if (res.status == 200) {
        out.detail = "healthy";
      } else {
        out.detail.append("HTTP ")
            .append(std::to_string(res.status))
            .append(" to HEAD /.well-known/health");
      }
    } catch (const transport_error& e) {
      switch (e.failure()) {
        case transport_failure::connect:
          out.outcome = probe_outcome::no_connection;
          out.detail = e.detail();
          break;
        case transport_failure::connect_timeout:
          out.outcome = probe_outcome::connect_timeout;
          out.detail.append("no connection within ")
              .append(std::to_string(options.connect_timeout.count()))
              .append(" ms");
          break;
        case transport_failure::read:
          out.outcome = probe_outcome::no_answer;
          out.detail = "the connection closed without an answer";
          break;
        case transport_failure::read_timeout:
        case transport_failure::deadline:
          out.outcome = probe_outcome::no_answer;
          out.detail.append("no answer to HEAD /.well-known/health within ")
              .append(std::to_string((options.connect_timeout + options.health_timeout).count()))
              .append(" ms");
          break;
        default:
          out.outcome = probe_outcome::failed;
          out.detail = std::string(to_string(e.failure()));
          out.detail.append(" (").append(e.detail()).append(")");
          break;
      }
    }
  } catch (const std::exception& e) {
    out.outcome = probe_outcome::failed;
    out.detail = e.what();
  } catch (...) {
    out.outcome = probe_outcome::failed;
    out.detail = "unknown failure";
  }
  return out;
}

}  // namespace detail

// Finds a running Pieces OS through `transport` (which must allow calls from
// several threads at once, as http_transport and testing::mock_transport do).
// The transport's own timeouts apply besides the options': discover(options)
// below makes one with the options' connect timeout.
template <class Transport>
discovered discover(const discovery_options& options, Transport transport) {
  const auto positive = [](std::chrono::milliseconds d, const char* name) {
    if (d.count() <= 0) throw usage_error(name, "must be positive");
  };
  positive(options.connect_timeout, "connect_timeout");
  positive(options.health_timeout, "health_timeout");
  positive(options.version_timeout, "version_timeout");
  if (options.max_parallel == 0) throw usage_error("max_parallel", "must be positive");
  if (options.last_port < options.first_port) {
    throw usage_error("last_port", "must not be below first_port");
  }
  if (options.host.empty()) throw usage_error("host", "must not be empty");

  struct step {
    discovery_source source;
    std::vector<base_url> urls;
  };
  std::vector<step> steps;
  std::string note;
  if (!options.url.empty()) {
    steps.push_back({discovery_source::url_option, {detail::discovery_url(options.url, "url")}});
  }
  if (!options.environment_variable.empty()) {
    const char* value = std::getenv(options.environment_variable.c_str());
    if (value != nullptr && *value != '\0') {
      steps.push_back({discovery_source::environment,
                       {detail::discovery_url(value, options.environment_variable)}});
    } else {
      note = options.environment_variable + " is not set";
    }
  }
  step scan{discovery_source::port_scan, {}};
  for (std::uint32_t port = options.first_port; port <= options.last_port; ++port) {
    scan.urls.push_back(detail::scanned_url(options.host, static_cast<std::uint16_t>(port)));
  }
  steps.push_back(std::move(scan));
  step legacy{discovery_source::legacy_port, {}};
  for (const std::uint16_t port : options.legacy_ports) {
    legacy.urls.push_back(detail::scanned_url(options.host, port));
  }
  if (!legacy.urls.empty()) steps.push_back(std::move(legacy));

  std::vector<discovery_attempt> attempts;
  for (const step& s : steps) {
    std::vector<discovery_attempt> results(s.urls.size());
    detail::run_bounded(s.urls.size(), options.max_parallel, [&](std::size_t i) {
      results[i] = detail::probe_health(transport, s.urls[i], s.source, options);
    });
    const auto found = std::find_if(results.begin(), results.end(), [](const auto& r) {
      return r.outcome == probe_outcome::healthy;
    });
    const std::size_t index = static_cast<std::size_t>(found - results.begin());
    attempts.insert(attempts.end(), std::make_move_iterator(results.begin()),
                    std::make_move_iterator(results.end()));
    if (index == s.urls.size()) continue;

    discovered out;
    out.url = s.urls[index].origin + s.urls[index].prefix;
    out.source = s.source;
    out.attempts = std::move(attempts);
    try {
      basic_client<Transport, no_auth, default_serializer> reader(out.url, no_auth(), transport);
      call_options within;
      within.timeout = options.version_timeout;
      out.version = detail::version_text(reader.call(endpoints::get_well_known_version{}, within));
      if (out.version->empty()) out.version.reset();
    } catch (const std::exception&) {
      // Found, but its version is unknown: the guard then lets every call through.
    }
    return out;
  }
  throw discovery_error(std::move(attempts), note);
}

// The same over plugboard's HTTP transport, with the options' connect timeout.
// (A template only so that a program that never calls it does not compile it.)
template <class Transport = http_transport>
discovered discover(const discovery_options& options = {}) {
  static_assert(std::is_same_v<Transport, http_transport>,
                "plugboard: pass your own transport as discover(options, transport)");
  http_options http;
  http.connect_timeout = options.connect_timeout;
  http.read_timeout = std::max(options.health_timeout, options.version_timeout);
  http.write_timeout = http.read_timeout;
  http.keep_alive = false;  // a probe's connection is not reused
  if (options.connect_timeout.count() <= 0) {
    throw usage_error("connect_timeout", "must be positive");
  }
  return discover(options, http_transport(std::move(http)));
}

}  // namespace plugboard::pieces
