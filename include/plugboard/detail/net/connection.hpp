// SPDX-License-Identifier: MIT
#pragma once

// One client connection: a non-blocking TCP socket, TLS over it for https,
// and the bytes received beyond the last response.

#include <poll.h>

#include <cerrno>
#include <cstddef>
#include <memory>
#include <utility>

#include "plugboard/core/errors.hpp"
#include "plugboard/detail/http1/response_reader.hpp"
#include "plugboard/detail/net/socket.hpp"
#ifndef PLUGBOARD_NO_TLS
#include "plugboard/detail/net/tls.hpp"
#endif

namespace plugboard::detail::net {

// A template only so that a TU which never opens a connection compiles none of it
// (compile time, issue 19); `connection` is the name to use.
template <class = void>
class basic_connection {
 public:
#ifndef PLUGBOARD_NO_TLS
  basic_connection(socket_handle sock, std::unique_ptr<tls_session> tls) noexcept
      : sock_(std::move(sock)), tls_(std::move(tls)) {}
  ~basic_connection() {
    if (tls_) tls_->close_notify();
  }
#else
  explicit basic_connection(socket_handle sock) noexcept : sock_(std::move(sock)) {}
#endif
  basic_connection(const basic_connection&) = delete;
  basic_connection& operator=(const basic_connection&) = delete;

  int fd() const noexcept { return sock_.get(); }
  http1::read_buffer& inbox() noexcept { return inbox_; }

  // Non-blocking: >0 bytes read, 0 at the end of the stream, -2 when nothing
  // is available yet (`wait_for` says which readiness to wait for), -1 on error.
  long try_read(char* data, std::size_t size, short& wait_for) noexcept {
#ifndef PLUGBOARD_NO_TLS
    if (tls_) return tls_->read_some(data, size, wait_for);
#endif
    wait_for = POLLIN;
    return recv_some(sock_.get(), data, size);
  }

  // Non-blocking: >0 bytes written, -2 when the socket is full, -1 on error.
  long try_write(const char* data, std::size_t size, short& wait_for) noexcept {
#ifndef PLUGBOARD_NO_TLS
    if (tls_) return tls_->write_some(data, size, wait_for);
#endif
    wait_for = POLLOUT;
    const ssize_t n = send_some(sock_.get(), data, size);
    return n == 0 ? -2 : n;
  }

  // Waits within `limit` for at least one byte; 0 at the end of the stream.
  std::size_t read_some(char* data, std::size_t size, const wait_limit& limit) {
    for (;;) {
      short wait_for = POLLIN;
      const long n = try_read(data, size, wait_for);
      if (n >= 0) return static_cast<std::size_t>(n);
      if (n == -1) {
#ifndef PLUGBOARD_NO_TLS
        if (tls_) throw transport_error(transport_failure::read, "the TLS connection broke");
#endif
        throw transport_error(transport_failure::read,
                              "the connection broke while reading (" + errno_text(errno) + ")");
      }
      if (!wait_ready(sock_.get(), wait_for, limit.until)) {
        throw transport_error(limit.on_expiry,
                              expiry_text(limit.on_expiry, "waiting for the response"));
      }
    }
  }

  // True when the connection may carry another request: nothing arrived
  // since the last response and the peer has not closed. A server that
  // closed an idle keep-alive connection left a FIN (or, over TLS, a
  // close_notify) that makes the socket readable; sending on it would fail
  // or, worse, be half-read.
  bool is_clean_idle() {
    if (!inbox_.empty()) return false;
#ifndef PLUGBOARD_NO_TLS
    if (tls_ && tls_->has_buffered()) return false;
#endif
    for (int round = 0; round < 4; ++round) {
      pollfd p{sock_.get(), POLLIN, 0};
      if (::poll(&p, 1, 0) == 0) return true;
      if ((p.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) return false;
#ifndef PLUGBOARD_NO_TLS
      // Over TLS a record that carries no data (a session ticket) also makes
      // the socket readable: consume it and look again.
      if (!tls_) return false;
      char byte;
      short wait_for = POLLIN;
      if (tls_->read_some(&byte, 1, wait_for) != -2) return false;  // data, end or error
#else
      return false;
#endif
    }
    return false;
  }

 private:
  socket_handle sock_;
#ifndef PLUGBOARD_NO_TLS
  std::unique_ptr<tls_session> tls_;
#endif
  http1::read_buffer inbox_;
};

using connection = basic_connection<>;

}  // namespace plugboard::detail::net
