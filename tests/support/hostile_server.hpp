// SPDX-License-Identifier: MIT
// tests/network/hostile_server.py, a misbehaving HTTP/1.1 server in a
// process of its own (plain HTTP or TLS), as the network tests reach it.
#pragma once

#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/transport/http.hpp"
#include "support/child_process.hpp"

namespace network_test {

using plugboard::method;

// One hostile server process, started on first use and stopped at exit.
struct hostile {
  std::unique_ptr<plugboard_test::child_process> process;
  std::string origin;
  std::string ca_file;

  explicit hostile(bool tls) {
    const char* python = std::getenv("PLUGBOARD_PYTHON");
    const char* script = std::getenv("PLUGBOARD_HOSTILE_SERVER");
    REQUIRE_MESSAGE(script != nullptr, "set PLUGBOARD_HOSTILE_SERVER (CTest does)");
    std::vector<std::string> argv{python ? python : "python3", script};
    if (tls) argv.push_back("--tls");
    process = std::make_unique<plugboard_test::child_process>(argv);
    const auto hello = nlohmann::json::parse(process->read_line(std::chrono::seconds(60)));
    origin = std::string(tls ? "https" : "http") +
             "://127.0.0.1:" + std::to_string(hello.at("port").get<int>());
    if (hello.at("ca_file").is_string()) ca_file = hello.at("ca_file").get<std::string>();
  }

  plugboard::http_options options() const {
    plugboard::http_options o;
    o.ca_file = ca_file;
    o.connect_timeout = std::chrono::seconds(5);
    o.read_timeout = std::chrono::seconds(5);
    o.write_timeout = std::chrono::seconds(5);
    return o;
  }
  plugboard::request make(method verb, std::string target, std::string body = {}) const {
    plugboard::request req;
    req.verb = verb;
    req.origin = origin;
    req.target = std::move(target);
    req.body = std::move(body);
    req.timeout = std::chrono::seconds(20);
    return req;
  }
  // How many requests the server received for `path`.
  int received(const std::string& path) const {
    plugboard::http_transport t(options());
    const auto stats = nlohmann::json::parse(t.send(make(method::get, "/_stats")).body);
    const auto& counts = stats.at("requests");
    return counts.contains(path) ? counts.at(path).get<int>() : 0;
  }
};

inline hostile& server(bool tls) {
  static hostile plain(false);
  static hostile secure(true);
  return tls ? secure : plain;
}

// Runs `body` against the plain HTTP server, then against the HTTPS one.
template <class Body>
void for_http_and_tls(Body&& body) {
  for (const bool tls : {false, true}) {
    CAPTURE(tls);
    body(tls);
  }
}

}  // namespace network_test
