// SPDX-License-Identifier: MIT
#pragma once

// TLS for the HTTP transport, on OpenSSL. OpenSSL's own socket BIO writes
// with write(2), which raises SIGPIPE on a connection the peer has reset
// (cpp-httplib 0.11 died of it inside SSL_shutdown). This BIO sends with
// MSG_NOSIGNAL, so nothing here depends on the process's signal handling.

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "plugboard/core/errors.hpp"
#include "plugboard/detail/net/socket.hpp"

namespace plugboard::detail::net {

namespace tls_detail {

inline int socket_of(BIO* bio) noexcept {
  return static_cast<int>(reinterpret_cast<std::intptr_t>(BIO_get_data(bio)));
}

inline int bio_write(BIO* bio, const char* data, std::size_t size, std::size_t* written) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = send_some(socket_of(bio), data, size);
  if (n > 0) {
    *written = static_cast<std::size_t>(n);
    return 1;
  }
  if (n == 0) BIO_set_retry_write(bio);
  return 0;
}

inline int bio_read(BIO* bio, char* data, std::size_t size, std::size_t* read) {
  BIO_clear_retry_flags(bio);
  const ssize_t n = recv_some(socket_of(bio), data, size);
  if (n > 0) {
    *read = static_cast<std::size_t>(n);
    return 1;
  }
  if (n == -2) BIO_set_retry_read(bio);
  return 0;  // end of stream or error: OpenSSL reports it from SSL_get_error
}

inline long bio_ctrl(BIO*, int command, long, void*) { return command == BIO_CTRL_FLUSH ? 1 : 0; }

inline int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

// Created once, never freed (OpenSSL keeps BIO methods for the process).
inline const BIO_METHOD* socket_method() {
  static BIO_METHOD* const method = [] {
    BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "plugboard socket");
    if (m == nullptr) return m;
    BIO_meth_set_write_ex(m, bio_write);
    BIO_meth_set_read_ex(m, bio_read);
    BIO_meth_set_ctrl(m, bio_ctrl);
    BIO_meth_set_create(m, bio_create);
    return m;
  }();
  return method;
}

// The first error on this thread's OpenSSL queue, as text; clears the queue.
inline std::string last_error_text() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "";
  char buffer[256];
  ERR_error_string_n(code, buffer, sizeof buffer);
  return buffer;
}

}  // namespace tls_detail

// The trust settings of a transport, shared by all its connections.
// A template only so that a TU which never opens an HTTPS connection compiles none of it
// (compile time, issue 19); `tls_context` is the name to use.
template <class = void>
class basic_tls_context {
 public:
  // ca_file / ca_dir replace the system's CA store when set.
  basic_tls_context(const std::string& ca_file, const std::string& ca_dir, bool verify)
      : ctx_(SSL_CTX_new(TLS_client_method())), verify_(verify) {
    if (!ctx_) throw transport_error(transport_failure::tls, "cannot create a TLS context");
    SSL_CTX_set_min_proto_version(ctx_.get(), TLS1_2_VERSION);
    // A peer that closes without close_notify ends the stream; responses
    // carry their own framing, so truncation is still detected.
    SSL_CTX_set_options(ctx_.get(), SSL_OP_IGNORE_UNEXPECTED_EOF);
    SSL_CTX_set_mode(ctx_.get(), SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
    if (!verify) return;
    SSL_CTX_set_verify(ctx_.get(), SSL_VERIFY_PEER, nullptr);
    const bool loaded =
        ca_file.empty() && ca_dir.empty()
            ? SSL_CTX_set_default_verify_paths(ctx_.get()) == 1
            : SSL_CTX_load_verify_locations(ctx_.get(), ca_file.empty() ? nullptr : ca_file.c_str(),
                                            ca_dir.empty() ? nullptr : ca_dir.c_str()) == 1;
    if (!loaded) {
      ERR_clear_error();
      throw transport_error(transport_failure::tls,
                            "cannot load the trusted CA certificates (ca_file / ca_dir)");
    }
  }

  SSL_CTX* get() const noexcept { return ctx_.get(); }
  bool verifies() const noexcept { return verify_; }

 private:
  struct deleter {
    void operator()(SSL_CTX* ctx) const noexcept { SSL_CTX_free(ctx); }
  };
  std::unique_ptr<SSL_CTX, deleter> ctx_;
  bool verify_;
};

using tls_context = basic_tls_context<>;

// One TLS session over a connected non-blocking socket (a template as
// basic_tls_context is).
template <class = void>
class basic_tls_session {
 public:
  // Runs the handshake within `limit`, verifying that the certificate names
  // `host` (a DNS name or an IP literal) unless the context does not verify.
  basic_tls_session(const tls_context& context, int fd, const std::string& host,
                    const wait_limit& limit)
      : ssl_(SSL_new(context.get())), fd_(fd) {
    if (!ssl_) throw transport_error(transport_failure::tls, "cannot create a TLS session");
    const BIO_METHOD* method = tls_detail::socket_method();
    BIO* bio = method == nullptr ? nullptr : BIO_new(method);
    if (bio == nullptr) throw transport_error(transport_failure::tls, "cannot create a TLS BIO");
    BIO_set_data(bio, reinterpret_cast<void*>(static_cast<std::intptr_t>(fd)));
    SSL_set_bio(ssl_.get(), bio, bio);  // the session owns the BIO now
    const bool ip = is_ip_literal(host);
    if (!ip) SSL_set_tlsext_host_name(ssl_.get(), host.c_str());
    if (context.verifies()) {
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl_.get());
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      const int ok = ip ? X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str())
                        : X509_VERIFY_PARAM_set1_host(param, host.c_str(), host.size());
      if (ok != 1) throw transport_error(transport_failure::tls, "cannot set the host to verify");
    }
    ERR_clear_error();
    for (;;) {
      const int rc = SSL_connect(ssl_.get());
      if (rc == 1) return;
      const int code = SSL_get_error(ssl_.get(), rc);
      if (code == SSL_ERROR_WANT_READ || code == SSL_ERROR_WANT_WRITE) {
        const short events = code == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT;
        if (!wait_ready(fd_, events, limit.until)) {
          throw transport_error(limit.on_expiry == transport_failure::deadline
                                    ? transport_failure::deadline
                                    : transport_failure::connect_timeout,
                                expiry_text(limit.on_expiry, "in the TLS handshake"));
        }
        continue;
      }
      const long verify = SSL_get_verify_result(ssl_.get());
      std::string why = verify != X509_V_OK ? std::string("certificate verification failed: ") +
                                                  X509_verify_cert_error_string(verify)
                                            : tls_detail::last_error_text();
      ERR_clear_error();
      throw transport_error(transport_failure::tls,
                            "TLS handshake failed" + (why.empty() ? "" : " (" + why + ")"));
    }
  }

  // Reads up to `size` bytes: >0 read, 0 at the end of the stream (close_notify or
  // the peer closed), -2 when nothing is available yet, -1 on an error.
  long read_some(char* data, std::size_t size, short& wait_for) noexcept {
    ERR_clear_error();
    std::size_t n = 0;
    const int rc = SSL_read_ex(ssl_.get(), data, size, &n);
    if (rc == 1) return static_cast<long>(n);
    switch (SSL_get_error(ssl_.get(), rc)) {
      case SSL_ERROR_WANT_READ: wait_for = POLLIN; return -2;
      case SSL_ERROR_WANT_WRITE: wait_for = POLLOUT; return -2;
      case SSL_ERROR_ZERO_RETURN: return 0;
      default: ERR_clear_error(); return -1;
    }
  }

  // Writes up to `size` bytes: >0 written, -2 when the socket is full, -1 on an error.
  long write_some(const char* data, std::size_t size, short& wait_for) noexcept {
    ERR_clear_error();
    std::size_t n = 0;
    const int rc = SSL_write_ex(ssl_.get(), data, size, &n);
    if (rc == 1) return static_cast<long>(n);
    switch (SSL_get_error(ssl_.get(), rc)) {
      case SSL_ERROR_WANT_READ: wait_for = POLLIN; return -2;
      case SSL_ERROR_WANT_WRITE: wait_for = POLLOUT; return -2;
      default: ERR_clear_error(); return -1;
    }
  }

  // Decrypted bytes already buffered inside OpenSSL.
  bool has_buffered() const noexcept { return SSL_pending(ssl_.get()) > 0; }

  // A best-effort close_notify: never waits, never raises a signal.
  void close_notify() noexcept {
    ERR_clear_error();
    SSL_shutdown(ssl_.get());
    ERR_clear_error();
  }

 private:
  struct deleter {
    void operator()(SSL* ssl) const noexcept { SSL_free(ssl); }
  };
  std::unique_ptr<SSL, deleter> ssl_;
  int fd_;
};

using tls_session = basic_tls_session<>;

}  // namespace plugboard::detail::net
