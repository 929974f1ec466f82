// SPDX-License-Identifier: MIT
#pragma once

// TCP sockets for the HTTP transport: name lookup and connect bounded in
// time, waits that end at a deadline, and writes that can never raise
// SIGPIPE (MSG_NOSIGNAL), so no call changes or depends on the process's
// signal dispositions.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "plugboard/core/errors.hpp"

namespace plugboard::detail::net {

using steady_clock = std::chrono::steady_clock;

// When a wait must end: the earlier of the call's deadline and the
// operation's own timeout, and which of the two that was, so an expiry is
// reported as the right transport_failure.
struct wait_limit {
  steady_clock::time_point until;
  transport_failure on_expiry;

  static wait_limit of(steady_clock::time_point deadline, std::chrono::milliseconds timeout,
                       transport_failure timeout_failure) {
    const auto now = steady_clock::now();
    // Saturates instead of overflowing for huge timeouts.
    const auto by_timeout = timeout >= std::chrono::duration_cast<std::chrono::milliseconds>(
                                           steady_clock::time_point::max() - now)
                                ? steady_clock::time_point::max()
                                : now + timeout;
    if (deadline <= by_timeout) return {deadline, transport_failure::deadline};
    return {by_timeout, timeout_failure};
  }
};

inline std::string errno_text(int code) {
  char buffer[128];
  // The GNU strerror_r returns a pointer that may or may not be `buffer`.
#if defined(__GLIBC__) && defined(_GNU_SOURCE)
  return ::strerror_r(code, buffer, sizeof buffer);
#else
  return ::strerror_r(code, buffer, sizeof buffer) == 0 ? buffer : "error " + std::to_string(code);
#endif
}

inline std::string expiry_text(transport_failure failure, const char* what) {
  std::string text = failure == transport_failure::deadline ? "the call's deadline passed while "
                                                            : "timed out while ";
  return text + what;
}

// Waits until `fd` is ready for any of `events` (POLLIN, POLLOUT) and
// returns what poll() reported, or 0 when `until` passes first. Errors and
// hang-ups count as ready: the next read or write reports them.
inline short wait_events(int fd, short events, steady_clock::time_point until) {
  for (;;) {
    const auto now = steady_clock::now();
    if (now >= until) return 0;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - now).count();
    // Rounded up, so a wait of 0.4 ms does not spin; capped for poll's int.
    const int ms = left >= 86400000 ? 86400000 : static_cast<int>(left) + 1;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, ms);
    if (n > 0) return p.revents;
    if (n < 0 && errno != EINTR) return POLLERR;  // let the I/O call report it
  }
}

inline bool wait_ready(int fd, short events, steady_clock::time_point until) {
  return wait_events(fd, events, until) != 0;
}

// An open socket, closed on destruction.
class socket_handle {
 public:
  socket_handle() = default;
  explicit socket_handle(int fd) noexcept : fd_(fd) {}
  socket_handle(socket_handle&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  socket_handle& operator=(socket_handle&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  socket_handle(const socket_handle&) = delete;
  socket_handle& operator=(const socket_handle&) = delete;
  ~socket_handle() { reset(); }

  int get() const noexcept { return fd_; }
  explicit operator bool() const noexcept { return fd_ >= 0; }
  void reset() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

struct addrinfo_deleter {
  void operator()(addrinfo* list) const noexcept { ::freeaddrinfo(list); }
};
using addrinfo_list = std::unique_ptr<addrinfo, addrinfo_deleter>;

// Resolves `host`. getaddrinfo cannot be interrupted, so a name (not a
// numeric address) is looked up on a thread of its own, which is left to
// finish in the background when it outlasts `limit`. (A template, as the
// connection is: only a TU that connects compiles the thread it starts.)
template <class = void>
addrinfo_list resolve(const std::string& host, int port, const wait_limit& limit) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG;
  const std::string service = std::to_string(port);

  const auto lookup = [](const std::string& name, const std::string& serv, addrinfo hint,
                         addrinfo_list& out) {
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(name.c_str(), serv.c_str(), &hint, &list);
    out.reset(list);
    return rc;
  };
  const auto failed = [&](int rc) {
    return transport_error(transport_failure::connect, "cannot resolve the host name (" +
                                                           std::string(::gai_strerror(rc)) + ")");
  };

  addrinfo numeric = hints;
  numeric.ai_flags |= AI_NUMERICHOST;
  numeric.ai_flags &= ~AI_ADDRCONFIG;
  addrinfo_list out;
  if (lookup(host, service, numeric, out) == 0) return out;

  struct shared_lookup {
    std::mutex mutex;
    std::condition_variable done;
    bool finished = false;
    int rc = 0;
    addrinfo_list result;
  };
  auto state = std::make_shared<shared_lookup>();
  std::thread([state, host, service, hints, lookup] {
    addrinfo_list result;
    const int rc = lookup(host, service, hints, result);
    std::lock_guard<std::mutex> lock(state->mutex);
    state->rc = rc;
    state->result = std::move(result);
    state->finished = true;
    state->done.notify_all();
  }).detach();
  std::unique_lock<std::mutex> lock(state->mutex);
  if (!state->done.wait_until(lock, limit.until, [&] { return state->finished; })) {
    throw transport_error(limit.on_expiry == transport_failure::deadline
                              ? transport_failure::deadline
                              : transport_failure::connect_timeout,
                          expiry_text(limit.on_expiry, "resolving the host name"));
  }
  if (state->rc != 0) throw failed(state->rc);
  return std::move(state->result);
}

// Connects to `host`:`port`, trying each address in turn, within `limit`.
// The socket is non-blocking, close-on-exec, and has TCP_NODELAY when asked:
// without it a keep-alive exchange on loopback waits ~40 ms for delayed ACKs.
template <class = void>
socket_handle connect_tcp(const std::string& host, int port, bool nodelay,
                          const wait_limit& limit) {
  const addrinfo_list addresses = resolve(host, port, limit);
  int last_error = ECONNREFUSED;
  for (const addrinfo* a = addresses.get(); a != nullptr; a = a->ai_next) {
    socket_handle sock(
        ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (!sock) {
      last_error = errno;
      continue;
    }
    if (nodelay) {
      const int on = 1;
      ::setsockopt(sock.get(), IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    }
    int rc = ::connect(sock.get(), a->ai_addr, a->ai_addrlen);
    if (rc != 0 && errno == EINPROGRESS) {
      if (!wait_ready(sock.get(), POLLOUT, limit.until)) {
        throw transport_error(limit.on_expiry == transport_failure::deadline
                                  ? transport_failure::deadline
                                  : transport_failure::connect_timeout,
                              expiry_text(limit.on_expiry, "connecting"));
      }
      int error = 0;
      socklen_t size = sizeof error;
      ::getsockopt(sock.get(), SOL_SOCKET, SO_ERROR, &error, &size);
      rc = error == 0 ? 0 : -1;
      errno = error;
    }
    if (rc == 0) return sock;
    last_error = errno;
  }
  throw transport_error(transport_failure::connect,
                        "could not connect (" + errno_text(last_error) + ")");
}

// Writes without ever raising SIGPIPE; returns the bytes written, 0 when the
// socket would block, or -1 with errno set.
inline ssize_t send_some(int fd, const char* data, std::size_t size) noexcept {
  for (;;) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    return -1;
  }
}

// Reads what is available; returns the bytes read, 0 at the peer's end of
// stream, -2 when the socket would block, or -1 with errno set.
inline ssize_t recv_some(int fd, char* data, std::size_t size) noexcept {
  for (;;) {
    const ssize_t n = ::recv(fd, data, size, 0);
    if (n >= 0) return n;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return -2;
    return -1;
  }
}

// True for an IPv4 or IPv6 literal (which gets no SNI and is verified
// against the certificate's IP addresses instead of its DNS names).
inline bool is_ip_literal(const std::string& host) noexcept {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

}  // namespace plugboard::detail::net
