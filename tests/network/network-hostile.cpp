// SPDX-License-Identifier: MIT
// plugboard's HTTP transport against servers that misbehave, over plain
// HTTP and over TLS. The servers (tests/network/hostile_server.py) run in
// processes of their own and this process never constructs an
// httplib::Server, so nothing here masks SIGPIPE: a signal would kill the
// test, as it would kill a user's program.
#include <doctest/doctest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "plugboard/core/errors.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/transport/http.hpp"
#include "support/hostile_server.hpp"

namespace {

using namespace std::chrono_literals;
using network_test::for_http_and_tls;
using network_test::hostile;
using network_test::server;
using plugboard::method;
using plugboard::transport_failure;

bool sigpipe_is_default() {
  struct sigaction current {};
  ::sigaction(SIGPIPE, nullptr, &current);
  return current.sa_handler == SIG_DFL;
}

plugboard::transport_error send_failure(plugboard::http_transport& t, const plugboard::request& r) {
  try {
    t.send(r);
  } catch (const plugboard::transport_error& e) {
    return e;
  }
  FAIL("expected a transport_error");
  return plugboard::transport_error(transport_failure::other, "");
}

// Peak resident memory of this process since the last reset_peak_memory().
long peak_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}
void reset_peak_memory() { std::ofstream("/proc/self/clear_refs") << "5"; }

// Sanitizers keep shadow memory and quarantines that dwarf what is measured.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool rss_is_meaningful = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool rss_is_meaningful = false;
#else
constexpr bool rss_is_meaningful = true;
#endif
#else
constexpr bool rss_is_meaningful = true;
#endif

}  // namespace

TEST_CASE("this process has SIGPIPE at its default disposition, so a stray signal would kill it") {
  CHECK(sigpipe_is_default());
}

TEST_CASE(
    "a call after the server reset an idle keep-alive connection succeeds, without a signal") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    for (const method verb : {method::get, method::post}) {
      const std::string path = std::string("/idle-reset/100/") + (tls ? "tls" : "plain") +
                               (verb == method::get ? "/get" : "/post");
      CHECK(t.send(s.make(verb, path, "{}")).status == 200);
      std::this_thread::sleep_for(400ms);  // the server resets at 100 ms
      CHECK(t.send(s.make(verb, path, "{}")).status == 200);
      CHECK(s.received(path) == 2);  // a POST reached the server exactly once per call
    }
    CHECK(sigpipe_is_default());
  });
}

TEST_CASE("a call after the server closed an idle connection (FIN, close_notify) succeeds") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    for (const method verb : {method::get, method::post}) {
      const std::string path = std::string("/idle-close/100/") + (tls ? "tls" : "plain") +
                               (verb == method::get ? "/get" : "/post");
      CHECK(t.send(s.make(verb, path, "{}")).status == 200);
      std::this_thread::sleep_for(400ms);
      CHECK(t.send(s.make(verb, path, "{}")).status == 200);
      CHECK(s.received(path) == 2);
    }
  });
}

TEST_CASE("bytes after a bodiless response never become the next call's answer") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    for (const std::string status : {"204", "304"}) {
      CAPTURE(status);
      CHECK(t.send(s.make(method::get, std::string("/no-body-then-more/") + status)).status ==
            std::stoi(status));
      const auto next = nlohmann::json::parse(t.send(s.make(method::get, "/ok")).body);
      CHECK(next.at("ok") == true);
      std::this_thread::sleep_for(100ms);  // the illegal body has surely arrived by now
      CHECK(nlohmann::json::parse(t.send(s.make(method::get, "/ok")).body).at("ok") == true);
    }
    // A HEAD answered with a body.
    const auto head = t.send(s.make(method::head, "/ok"));
    CHECK(head.status == 200);
    CHECK(head.body.empty());
    CHECK(nlohmann::json::parse(t.send(s.make(method::get, "/ok")).body).at("path") == "/ok");
  });
}

TEST_CASE("responses beyond the size caps end as too_large, with memory bounded") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_options o = s.options();
    o.max_response_bytes = 8 * 1024 * 1024;
    plugboard::http_transport t(o);

    const auto started = std::chrono::steady_clock::now();
    CHECK(send_failure(t, s.make(method::get, "/huge-length")).failure() ==
          transport_failure::too_large);
    // Refused from its Content-Length, not after reading 200 MB.
    CHECK(std::chrono::steady_clock::now() - started < 5s);

    for (const std::string path : {"/endless-chunked", "/gzip-bomb", "/endless-headers"}) {
      CAPTURE(path);
      reset_peak_memory();
      const long before = peak_rss_kib();
      const auto e = send_failure(t, s.make(method::get, path));
      CHECK(e.failure() == transport_failure::too_large);
      // The cap is 8 MiB (64 KiB of headers): allow twice that and slack.
      if (rss_is_meaningful) CHECK(peak_rss_kib() - before < 24 * 1024);
    }
    // A compressed answer within the cap is inflated.
    CHECK(nlohmann::json::parse(t.send(s.make(method::get, "/gzip")).body).at("compressed") ==
          true);
  });
}

TEST_CASE("a server trickling its answer is stopped by the call's deadline") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());  // read_timeout 5 s: each byte comes in time
    auto req = s.make(method::get, "/trickle/100");
    req.timeout = 700ms;
    const auto started = std::chrono::steady_clock::now();
    const auto e = send_failure(t, req);
    CHECK(e.failure() == transport_failure::deadline);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(took >= 650ms);
    CHECK(took < 4s);  // a liveness bound, not a speed measurement
  });
}

TEST_CASE("the client's call timeout bounds a trickling call through a service client") {
  const hostile& s = server(false);
  plugboard::client_options options(s.origin + "/trickle/50");
  options.call_timeout = 500ms;
  plugboard::providers::client<> admin(options, {}, plugboard::http_transport(s.options()));
  try {
    admin.connector_providers().list();
    FAIL("expected a transport_error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == transport_failure::deadline);
  }
}

TEST_CASE("interim 1xx responses, with and without fields, are skipped") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    const auto reply = t.send(s.make(method::get, "/interim"));
    CHECK(reply.status == 200);
    CHECK(nlohmann::json::parse(reply.body).at("after") == "interim");
    CHECK_FALSE(reply.headers.contains("Link"));  // fields of the 103 are not the answer's
  });
}

TEST_CASE("an early 413 during an upload is reported as the server's answer") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    const auto reply = t.send(s.make(method::post, "/early-413", std::string(16 << 20, 'u')));
    CHECK(reply.status == 413);
    CHECK(nlohmann::json::parse(reply.body).at("error").at("code") == "too_large");
    CHECK(sigpipe_is_default());
  });
}

TEST_CASE("a reset in the middle of an upload is a write error, not a signal") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    const auto e =
        send_failure(t, s.make(method::post, "/reset-mid-write", std::string(16 << 20, 'u')));
    CHECK((e.failure() == transport_failure::write || e.failure() == transport_failure::read));
    CHECK(sigpipe_is_default());
  });
}

TEST_CASE("a reply that is not valid HTTP/1.1 is a protocol error") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    for (const std::string path : {"/garbage", "/bad-chunk", "/length-conflict"}) {
      CAPTURE(path);
      CHECK(send_failure(t, s.make(method::get, path)).failure() == transport_failure::protocol);
    }
  });
}

TEST_CASE("chunked bodies with trailers and bodies delimited by the close are read") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    CHECK(nlohmann::json::parse(t.send(s.make(method::get, "/chunked")).body).at("ok") == true);
    CHECK(
        nlohmann::json::parse(t.send(s.make(method::get, "/close-delimited")).body).at("framing") ==
        "close");
  });
}

TEST_CASE("framing headers cannot be smuggled into a request") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    for (const std::string name : {"Content-Length", "Transfer-Encoding", "Connection", "Host",
                                   "Upgrade", "TE", "Trailer", "content-length"}) {
      CAPTURE(name);
      auto req = s.make(method::post, "/raw", "{\"a\":1}");
      req.headers.add(name, "0");
      CHECK_THROWS_AS(t.send(req), plugboard::usage_error);
    }
    // What goes on the wire: one Content-Length, the right one, nothing after the body.
    const auto echoed =
        nlohmann::json::parse(t.send(s.make(method::post, "/raw", "{\"a\":1}")).body);
    const std::string raw = echoed.at("raw").get<std::string>();
    CHECK(raw.find("Content-Length: 7\r\n") != std::string::npos);
    CHECK(raw.find("Content-Length", raw.find("Content-Length") + 1) == std::string::npos);
    CHECK(echoed.at("after") == "");
  });
}

TEST_CASE(
    "a server that closes or resets without answering: retried once for GET, never for POST") {
  for_http_and_tls([&](bool tls) {
    const hostile& s = server(tls);
    plugboard::http_transport t(s.options());
    for (const std::string how :
         {"/close-without-answer", "/reset-without-answer", "/close-notify-then-reset"}) {
      CAPTURE(how);
      const std::string tag = std::string(how) + (tls ? "/tls" : "/plain");
      // A fresh connection: the failure is reported as it is.
      CHECK(send_failure(t, s.make(method::get, tag + "/fresh")).failure() ==
            transport_failure::read);
      CHECK(s.received(tag + "/fresh") == 1);
      // On a reused connection the server may have given up on it: a GET is
      // tried once more on a new connection, a POST is not.
      CHECK(t.send(s.make(method::get, "/ok")).status == 200);
      CHECK(send_failure(t, s.make(method::get, tag + "/get")).failure() ==
            transport_failure::read);
      CHECK(s.received(tag + "/get") == 2);
      CHECK(t.send(s.make(method::get, "/ok")).status == 200);
      CHECK(send_failure(t, s.make(method::post, tag + "/post", "{}")).failure() ==
            transport_failure::read);
      CHECK(s.received(tag + "/post") == 1);
      CHECK(sigpipe_is_default());
    }
  });
}

TEST_CASE("TLS: the certificate is verified by default") {
  const hostile& s = server(true);
  plugboard::http_options no_ca = s.options();
  no_ca.ca_file.clear();
  plugboard::http_transport t(no_ca);
  CHECK(send_failure(t, s.make(method::get, "/ok")).failure() == transport_failure::tls);
  plugboard::http_transport trusting(s.options());
  CHECK(trusting.send(s.make(method::get, "/ok")).status == 200);
}
