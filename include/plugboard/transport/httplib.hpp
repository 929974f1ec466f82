#pragma once

// The only plugboard header that includes <httplib.h>.
//
// Debian's cpp-httplib is a compiled library built with
// CPPHTTPLIB_OPENSSL_SUPPORT (and ZLIB, BROTLI); code compiled without the
// same macros links but disagrees on class layouts and corrupts memory. Take
// the flags from `pkg-config --cflags cpp-httplib` (plugboard's CMake and
// meson targets do). Users of a header-only httplib without TLS may define
// PLUGBOARD_HTTPLIB_WITHOUT_TLS to accept http:// only.
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT) && !defined(PLUGBOARD_HTTPLIB_WITHOUT_TLS)
#error \
    "plugboard: compile with the flags from `pkg-config --cflags cpp-httplib` (they define CPPHTTPLIB_OPENSSL_SUPPORT); see plugboard/transport/httplib.hpp"
#endif

#include <chrono>
#include <cstddef>
#include <ctime>
#include <iterator>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <httplib.h>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"

namespace plugboard {

struct httplib_options {
  std::chrono::milliseconds connect_timeout{10000};
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  // Reuse connections (httplib's default is off).
  bool keep_alive = true;
  // Without TCP_NODELAY a keep-alive request/response pair on loopback waits
  // for delayed ACKs: ~23 calls/s instead of ~10,000 (measured).
  bool tcp_nodelay = true;
  // The trust anchors for HTTPS, e.g. a private CA: a PEM file, or a
  // c_rehash-style directory. Either one REPLACES the system's default CA
  // store (cpp-httplib loads only one of them); setting both is a usage_error,
  // since cpp-httplib would silently ignore ca_dir. Neither: the default store.
  std::string ca_file;
  std::string ca_dir;
  // Turns certificate AND host name verification off. Only for throwaway test
  // servers: anyone on the path can then read and change the traffic.
  bool insecure_skip_tls_verify = false;
  // Idle connections kept per origin; concurrent calls open more as needed.
  std::size_t max_idle_connections = 16;
};

// HTTP and HTTPS through cpp-httplib (0.11 and later): keep-alive,
// connect/read/write timeouts, certificate verification on by default.
//
// Copies share one connection pool. send() is safe to call from several
// threads: each call takes an idle connection or opens a new one, so calls
// run in parallel instead of queueing on one socket.
class httplib_transport {
 public:
  httplib_transport() : httplib_transport(httplib_options{}) {}
  // Throws usage_error when both ca_file and ca_dir are set.
  explicit httplib_transport(httplib_options options)
      : pool_(std::make_shared<pool>(checked(std::move(options)))) {}

  response send(const request& req) {
    std::unique_ptr<httplib::Client> client = pool_->acquire(req.origin);

    httplib::Request out;
    out.method = std::string(to_string(req.verb));
    out.path = req.target;
    for (const auto& field : req.headers) out.headers.emplace(field.first, field.second);
    out.body = req.body;

    const auto started = std::chrono::steady_clock::now();
    httplib::Result result = client->send(out);
    if (!result) {
      const auto waited = std::chrono::steady_clock::now() - started;
      const transport_failure failure = classify(result.error(), waited);
      throw transport_error(
          failure, describe(failure) + " (httplib: " + httplib::to_string(result.error()) + ")");
    }
    response in;
    in.status = result->status;
    in.headers.reserve(result->headers.size());
    for (const auto& field : result->headers) in.headers.add(field.first, field.second);
    in.body = std::move(result->body);
    pool_->release(req.origin, std::move(client));
    return in;
  }

  const httplib_options& options() const noexcept { return pool_->options; }

 private:
  static httplib_options checked(httplib_options options) {
    if (!options.ca_file.empty() && !options.ca_dir.empty()) {
      throw usage_error("ca_dir",
                        "cannot be combined with ca_file (cpp-httplib reads only the "
                        "file); put every CA certificate in one PEM file");
    }
    return options;
  }

  transport_failure classify(httplib::Error error,
                             std::chrono::steady_clock::duration waited) const {
    switch (error) {
      case httplib::Error::Connection: return transport_failure::connect;
      case httplib::Error::ConnectionTimeout: return transport_failure::connect_timeout;
      case httplib::Error::SSLConnection:
      case httplib::Error::SSLLoadingCerts:
      case httplib::Error::SSLServerVerification: return transport_failure::tls;
      case httplib::Error::Write: return transport_failure::write;
      case httplib::Error::Canceled: return transport_failure::canceled;
      case httplib::Error::Read:
        // httplib 0.11 reports a read timeout as a plain read error.
        return waited >= pool_->options.read_timeout * 9 / 10 ? transport_failure::read_timeout
                                                              : transport_failure::read;
      default: return transport_failure::other;
    }
  }

  static std::string describe(transport_failure failure) {
    switch (failure) {
      case transport_failure::connect: return "could not connect (refused or unreachable)";
      case transport_failure::connect_timeout: return "no connection within the connect timeout";
      case transport_failure::tls: return "TLS handshake or certificate verification failed";
      case transport_failure::write: return "the request could not be sent completely";
      case transport_failure::read: return "the connection closed before the response was complete";
      case transport_failure::read_timeout: return "no response within the read timeout";
      case transport_failure::canceled: return "the request was canceled";
      case transport_failure::other: break;
    }
    return "the exchange failed";
  }

  struct pool {
    explicit pool(httplib_options o) : options(std::move(o)) {}

    std::unique_ptr<httplib::Client> acquire(const std::string& origin) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        for (auto it = idle.rbegin(); it != idle.rend(); ++it) {
          if (it->first != origin) continue;
          auto client = std::move(it->second);
          idle.erase(std::next(it).base());
          return client;
        }
      }
      std::unique_ptr<httplib::Client> client;
      try {
        client = std::make_unique<httplib::Client>(origin);
      } catch (const std::exception&) {
        client.reset();
      }
      if (!client || !client->is_valid()) {
        throw transport_error(transport_failure::other, "cannot create a client for " + origin);
      }
      const auto micros = [](std::chrono::milliseconds d) {
        return std::pair<std::time_t, std::time_t>(
            static_cast<std::time_t>(d.count() / 1000),
            static_cast<std::time_t>((d.count() % 1000) * 1000));
      };
      auto [cs, cu] = micros(options.connect_timeout);
      client->set_connection_timeout(cs, cu);
      auto [rs, ru] = micros(options.read_timeout);
      client->set_read_timeout(rs, ru);
      auto [ws, wu] = micros(options.write_timeout);
      client->set_write_timeout(ws, wu);
      client->set_keep_alive(options.keep_alive);
      client->set_tcp_nodelay(options.tcp_nodelay);
      client->set_follow_location(false);
      client->set_url_encode(false);  // plugboard encodes paths itself
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
      client->enable_server_certificate_verification(!options.insecure_skip_tls_verify);
      if (!options.ca_file.empty() || !options.ca_dir.empty()) {
        client->set_ca_cert_path(options.ca_file, options.ca_dir);
      }
#endif
      return client;
    }

    void release(const std::string& origin, std::unique_ptr<httplib::Client> client) {
      std::lock_guard<std::mutex> lock(mutex);
      std::size_t same_origin = 0;
      for (const auto& entry : idle) same_origin += entry.first == origin ? 1 : 0;
      if (same_origin < options.max_idle_connections) idle.emplace_back(origin, std::move(client));
    }

    const httplib_options options;
    std::mutex mutex;
    // Idle connections with their origin; a flat list, since a client rarely
    // talks to more than one origin.
    std::vector<std::pair<std::string, std::unique_ptr<httplib::Client>>> idle;
  };

  std::shared_ptr<pool> pool_;
};

}  // namespace plugboard
