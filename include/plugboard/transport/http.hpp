// SPDX-License-Identifier: MIT
#pragma once

// plugboard's HTTP/1.1 transport: its own client over POSIX sockets and
// OpenSSL (cpp-httplib 0.11, Debian's, cannot bound header bytes, skip
// interim responses, detect a stale TLS connection or avoid SIGPIPE).
// Link with OpenSSL (libssl, libcrypto) and zlib; the plugboard CMake,
// meson and pkg-config targets do. Define PLUGBOARD_NO_TLS for http:// only
// (no OpenSSL), PLUGBOARD_NO_ZLIB to neither ask for nor accept compression.

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/detail/http1/request_writer.hpp"
#include "plugboard/detail/http1/response_reader.hpp"
#include "plugboard/detail/net/connection.hpp"
#include "plugboard/detail/net/socket.hpp"

namespace plugboard {

struct http_options {
  // Name lookup, TCP connect and TLS handshake together.
  std::chrono::milliseconds connect_timeout{10000};
  // The longest silence while waiting for or reading a response. The whole
  // exchange is bounded by the call's deadline (request::timeout).
  std::chrono::milliseconds read_timeout{30000};
  // The longest wait for room to send more of the request.
  std::chrono::milliseconds write_timeout{30000};
  // Reuse connections between calls.
  bool keep_alive = true;
  // Without TCP_NODELAY a keep-alive request/response pair on loopback waits
  // for delayed ACKs: ~23 calls/s instead of ~10,000 (measured).
  bool tcp_nodelay = true;
  // The trust anchors for HTTPS, e.g. a private CA: a PEM file, or a
  // c_rehash-style directory. Either REPLACES the system's default CA store;
  // setting both is a usage_error. Neither: the system's default store.
  std::string ca_file;
  std::string ca_dir;
  // Turns certificate AND host name verification off. Only for throwaway test
  // servers: anyone on the path can then read and change the traffic.
  bool insecure_skip_tls_verify = false;
  // Idle connections kept per origin in the shared list; concurrent calls
  // open more as needed. Each calling thread also keeps its own last
  // connection to an origin (up to 32 threads per origin), which it takes
  // back first; 0 keeps none at all.
  std::size_t max_idle_connections = 16;
  // The largest response body accepted, counted after decompression; more is
  // a transport_error of kind too_large, and memory stays near this bound.
  std::size_t max_response_bytes = 64 * 1024 * 1024;
  // The largest response head (status line and header fields, interim 1xx
  // responses and chunked trailers included).
  std::size_t max_header_bytes = 64 * 1024;
  // Ask for gzip/deflate (Accept-Encoding). Off by default: compressing a
  // small JSON answer costs the server more than it saves (cpp-httplib's
  // server compresses every answer, ~1.5 ms each on loopback, measured);
  // worth it for large listings over slow links. A compressed answer is
  // inflated either way.
  bool accept_compressed = false;
};

// HTTP and HTTPS: keep-alive with stale-connection detection, connect /
// read / write timeouts, a per-call deadline, certificate verification on by
// default, size caps. No call raises a signal: writes use MSG_NOSIGNAL (a
// TLS BIO of plugboard's own), so the application's SIGPIPE disposition is
// neither needed nor changed.
//
// Copies share one connection pool. send() is safe to call from several
// threads: each call takes an idle connection or opens a new one. A thread
// gets back the connection it used last (no lock, no hand-over between
// threads); otherwise the most recently used idle one; one lock per call.
//
// A template only so that a TU which never constructs a transport compiles none of it
// (compile time, issue 19); `http_transport` is the name to use.
template <class = void>
class basic_http_transport {
 public:
  basic_http_transport() : basic_http_transport(http_options{}) {}
  // Throws usage_error for contradictory or empty settings.
  explicit basic_http_transport(http_options options)
      : pool_(std::make_shared<pool>(checked(std::move(options)))) {}

  // Sends `req` and returns the final response (interim 1xx responses are
  // skipped). Throws transport_error; usage_error for a request that cannot
  // be written safely (a control byte in the target, a framing header).
  response send(const request& req) {
    const auto deadline = req.timeout.count() > 0 ? detail::net::steady_clock::now() + req.timeout
                                                  : detail::net::steady_clock::time_point::max();
    origin& to = pool_->origin_for(req.origin);
    const http_options& o = pool_->options;
    // A small request goes out in one write (one segment, one TLS record):
    // the body is appended to the head, rendered once for every attempt.
    const bool one_write = req.body.size() <= one_write_limit;
    std::string head = detail::http1::render_head(
        req, {to.host_header, o.keep_alive, o.accept_compressed}, one_write ? req.body.size() : 0);
    if (one_write) head.append(req.body);
    const std::string_view body_after_head =
        one_write ? std::string_view() : std::string_view(req.body);
    for (int round = 0;; ++round) {
      // The retry below always takes a new connection.
      std::unique_ptr<detail::net::connection> conn = round == 0 ? pool_->take_idle(to) : nullptr;
      const bool reused = conn != nullptr;
      if (!conn) conn = pool_->open(to, deadline);
      progress done;
      try {
        detail::http1::read_result result =
            exchange(*conn, head, body_after_head, req.verb, deadline, done);
        if (result.reusable && o.keep_alive) pool_->put_idle(to, std::move(conn));
        return std::move(result.reply);
      } catch (const transport_error& e) {
        // A kept-alive connection the server gave up on while it was idle:
        // when no answer started, try once on a new connection, provided
        // that cannot deliver the request twice (nothing was written, or
        // the method is idempotent).
        if (reused && !done.response_started &&
            (!done.request_started || is_idempotent(req.verb)) &&
            (e.failure() == transport_failure::read || e.failure() == transport_failure::write)) {
          continue;
        }
        throw;
      }
    }
  }

  const http_options& options() const noexcept { return pool_->options; }

 private:
  // Per origin, one slot per calling thread (threads beyond the count share
  // slots): a thread's last connection, exchanged atomically, so the common
  // case of a thread calling in a loop takes no lock and keeps its own
  // connection.
  static constexpr std::size_t home_slots = 32;

  struct origin {
    origin() {
      for (auto& home : homes) home.store(nullptr, std::memory_order_relaxed);
    }
    origin(const origin&) = delete;
    origin& operator=(const origin&) = delete;
    ~origin() {
      for (auto& home : homes) delete home.exchange(nullptr, std::memory_order_acquire);
    }

    bool https = false;
    std::string host;
    int port = 0;
    std::string host_header;
    std::vector<std::unique_ptr<detail::net::connection>> idle;  // under pool::mutex
    std::array<std::atomic<detail::net::connection*>, home_slots> homes;
  };

  // This thread's slot index, fixed at its first call.
  static std::size_t home_of_this_thread() noexcept {
    static std::atomic<std::size_t> next{0};
    thread_local const std::size_t mine = next.fetch_add(1, std::memory_order_relaxed) % home_slots;
    return mine;
  }

  static constexpr std::size_t one_write_limit = 16384;

  struct progress {
    bool request_started = false;   // some bytes of the request were written
    bool response_started = false;  // some bytes of an answer arrived
  };

  static http_options checked(http_options options) {
    if (!options.ca_file.empty() && !options.ca_dir.empty()) {
      throw usage_error("ca_dir",
                        "cannot be combined with ca_file (only one trust store is used); put "
                        "every CA certificate in one PEM file");
    }
    if (options.max_response_bytes == 0)
      throw usage_error("max_response_bytes", "must be positive");
    if (options.max_header_bytes < 256)
      throw usage_error("max_header_bytes", "must be at least 256");
    const auto positive = [](std::chrono::milliseconds d, const char* name) {
      if (d.count() <= 0) throw usage_error(name, "must be positive");
    };
    positive(options.connect_timeout, "connect_timeout");
    positive(options.read_timeout, "read_timeout");
    positive(options.write_timeout, "write_timeout");
    return options;
  }

  // Reads from a connection for the response reader: each wait bounded by
  // the read timeout and the call's deadline.
  struct reply_source {
    detail::net::connection& conn;
    std::chrono::milliseconds read_timeout;
    detail::net::steady_clock::time_point deadline;

    std::size_t read_some(char* data, std::size_t size) {
      return conn.read_some(
          data, size,
          detail::net::wait_limit::of(deadline, read_timeout, transport_failure::read_timeout));
    }
  };

  enum class write_outcome { complete, answered_early, broken };

  detail::http1::read_result exchange(detail::net::connection& conn, std::string_view head,
                                      std::string_view body, method verb,
                                      detail::net::steady_clock::time_point deadline,
                                      progress& done) const {
    const write_outcome written = write_request(conn, head, body, deadline, done);
    reply_source source{conn, pool_->options.read_timeout, deadline};
    const detail::http1::response_limits limits{pool_->options.max_header_bytes,
                                                pool_->options.max_response_bytes};
    detail::http1::response_reader<reply_source> reader(source, conn.inbox(), limits);
    try {
      detail::http1::read_result result = reader.read(verb);
      // A server that answered before taking the whole body (an early 413)
      // left the connection in an unknown state.
      if (written != write_outcome::complete) result.reusable = false;
      return result;
    } catch (const transport_error& e) {
      done.response_started = reader.started();
      // Nothing to read after a failed write: report the write.
      if (written == write_outcome::broken && !reader.started()) {
        throw transport_error(transport_failure::write,
                              "the connection closed while the request was being sent");
      }
      throw;
    }
  }

  // Writes the head and body. While the socket is full it also watches for
  // an early answer (a 413 before the whole upload), which ends the writing.
  write_outcome write_request(detail::net::connection& conn, std::string_view head,
                              std::string_view body, detail::net::steady_clock::time_point deadline,
                              progress& done) const {
    const std::string_view parts[2] = {head, body};
    for (std::string_view part : parts) {
      while (!part.empty()) {
        short wait_for = POLLOUT;
        const long n = conn.try_write(part.data(), part.size(), wait_for);
        if (n > 0) {
          done.request_started = true;
          part.remove_prefix(static_cast<std::size_t>(n));
          continue;
        }
        if (n == -1) return write_outcome::broken;
        const auto limit = detail::net::wait_limit::of(deadline, pool_->options.write_timeout,
                                                       transport_failure::write);
        const short ready = detail::net::wait_events(conn.fd(), wait_for | POLLIN, limit.until);
        if (ready == 0) {
          throw transport_error(limit.on_expiry,
                                detail::net::expiry_text(limit.on_expiry, "sending the request"));
        }
        if ((ready & POLLIN) != 0) {
          switch (peek_answer(conn)) {
            case 1:
              if (!done.request_started) {
                throw transport_error(transport_failure::protocol,
                                      "the server sent data before the request");
              }
              return write_outcome::answered_early;
            case -1: return write_outcome::broken;
            default: break;  // a TLS record without data: keep writing
          }
        }
      }
    }
    return write_outcome::complete;
  }

  // Reads what has arrived into the connection's inbox: 1 when an answer
  // began, 0 when nothing usable came, -1 when the connection ended.
  static int peek_answer(detail::net::connection& conn) {
    detail::http1::read_buffer& inbox = conn.inbox();
    constexpr std::size_t chunk = 16384;
    if (inbox.bytes.size() < inbox.end + chunk) inbox.bytes.resize(inbox.end + chunk);
    short wait_for = POLLIN;
    const long n = conn.try_read(&inbox.bytes[inbox.end], chunk, wait_for);
    if (n > 0) {
      inbox.end += static_cast<std::size_t>(n);
      return 1;
    }
    return n == -2 ? 0 : -1;
  }

  struct pool {
    explicit pool(http_options o) : options(std::move(o)) {}

    origin& origin_for(const std::string& name) {
      std::lock_guard<std::mutex> lock(mutex);
      auto found = origins.find(name);
      if (found != origins.end()) return *found->second;
      const base_url url = base_url::parse(name);
      if (!url.prefix.empty()) throw usage_error("origin", "must not contain a path");
      auto entry = std::make_unique<origin>();
      entry->https = url.scheme == "https";
      entry->host = url.host;
      entry->port = url.port;
      const bool v6 = url.host.find(':') != std::string::npos;
      entry->host_header = v6 ? "[" + url.host + "]" : url.host;
      if (url.port != (entry->https ? 443 : 80))
        entry->host_header.append(":").append(std::to_string(url.port));
      origin& ref = *entry;
      origins.emplace(name, std::move(entry));
      return ref;
    }

    // This thread's own last connection if it is still clean, else the most
    // recently used clean one of the shared list, or null.
    std::unique_ptr<detail::net::connection> take_idle(origin& to) {
      std::unique_ptr<detail::net::connection> own(
          to.homes[home_of_this_thread()].exchange(nullptr, std::memory_order_acq_rel));
      if (own && own->is_clean_idle()) return own;
      own.reset();  // the server closed it, or sent something: not reusable
      for (;;) {
        std::unique_ptr<detail::net::connection> conn;
        {
          std::lock_guard<std::mutex> lock(mutex);
          if (to.idle.empty()) break;
          conn = std::move(to.idle.back());
          to.idle.pop_back();
        }
        if (conn->is_clean_idle()) return conn;
      }
      // Nothing shared: another thread's last connection (a thread that has
      // finished, or one per call) rather than a new one.
      for (auto& home : to.homes) {
        std::unique_ptr<detail::net::connection> other(
            home.exchange(nullptr, std::memory_order_acq_rel));
        if (other && other->is_clean_idle()) return other;
      }
      return nullptr;
    }

    // O(1): into this thread's slot when it is free (no lock), else onto the
    // shared list while it has room.
    void put_idle(origin& to, std::unique_ptr<detail::net::connection> conn) {
      if (options.max_idle_connections == 0) return;
      detail::net::connection* empty = nullptr;
      if (to.homes[home_of_this_thread()].compare_exchange_strong(
              empty, conn.get(), std::memory_order_acq_rel, std::memory_order_relaxed)) {
        conn.release();  // owned by the slot now
        return;
      }
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (to.idle.size() < options.max_idle_connections) {
          to.idle.push_back(std::move(conn));
          return;
        }
      }
      // Over the limit: `conn` closes here, outside the lock.
    }

    std::unique_ptr<detail::net::connection> open(const origin& to,
                                                  detail::net::steady_clock::time_point deadline) {
      const auto limit = detail::net::wait_limit::of(deadline, options.connect_timeout,
                                                     transport_failure::connect_timeout);
      detail::net::socket_handle sock =
          detail::net::connect_tcp(to.host, to.port, options.tcp_nodelay, limit);
#ifndef PLUGBOARD_NO_TLS
      std::unique_ptr<detail::net::tls_session> session;
      if (to.https) {
        session =
            std::make_unique<detail::net::tls_session>(*tls_context(), sock.get(), to.host, limit);
      }
      return std::make_unique<detail::net::connection>(std::move(sock), std::move(session));
#else
      if (to.https) {
        throw usage_error("origin", "https needs TLS support (PLUGBOARD_NO_TLS is defined)");
      }
      return std::make_unique<detail::net::connection>(std::move(sock));
#endif
    }

#ifndef PLUGBOARD_NO_TLS
    // Created at the first HTTPS connection; a failure is not remembered.
    std::shared_ptr<detail::net::tls_context> tls_context() {
      std::lock_guard<std::mutex> lock(mutex);
      if (!shared_tls) {
        shared_tls = std::make_shared<detail::net::tls_context>(options.ca_file, options.ca_dir,
                                                                !options.insecure_skip_tls_verify);
      }
      return shared_tls;
    }
    std::shared_ptr<detail::net::tls_context> shared_tls;
#endif

    const http_options options;
    std::mutex mutex;
    std::unordered_map<std::string, std::unique_ptr<origin>> origins;
  };

  std::shared_ptr<pool> pool_;
};

using http_transport = basic_http_transport<>;

}  // namespace plugboard
