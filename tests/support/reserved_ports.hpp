// SPDX-License-Identifier: MIT
#pragma once

// Loopback ports nothing answers on, for the discovery test and benchmark:
// each is bound by this process and not listening, so a connect to it is
// refused at once, and no other program can take it meanwhile.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace plugboard_test {

// `count` consecutive loopback ports, each bound (not listening) by this
// process until release() or the end.
class reserved_ports {
 public:
  // nullopt when no such block was found in 200 tries.
  static std::optional<reserved_ports> find(int count) {
    for (int attempt = 0; attempt < 200; ++attempt) {
      reserved_ports block;
      const int first_fd = bound_socket(0);
      if (first_fd < 0) continue;
      block.fds_.push_back(first_fd);
      block.first_ = local_port(first_fd);
      if (block.first_ <= 0 || block.first_ + count > 65535) continue;
      bool complete = true;
      for (int k = 1; k < count && complete; ++k) {
        const int fd = bound_socket(block.first_ + k);
        complete = fd >= 0;
        if (complete) block.fds_.push_back(fd);
      }
      if (complete) return block;
    }
    return std::nullopt;
  }

  reserved_ports(reserved_ports&& other) noexcept
      : fds_(std::move(other.fds_)), first_(other.first_) {
    other.fds_.clear();
  }
  reserved_ports(const reserved_ports&) = delete;
  reserved_ports& operator=(const reserved_ports&) = delete;
  reserved_ports& operator=(reserved_ports&& other) noexcept {
    std::swap(fds_, other.fds_);
    std::swap(first_, other.first_);
    return *this;
  }
  ~reserved_ports() {
    for (const int fd : fds_) {
      if (fd >= 0) ::close(fd);
    }
  }

  std::uint16_t port(int k) const { return static_cast<std::uint16_t>(first_ + k); }
  // Frees port(k) for another process to listen on.
  void release(int k) {
    auto& fd = fds_.at(static_cast<std::size_t>(k));
    if (fd >= 0) ::close(fd);
    fd = -1;
  }

 private:
  reserved_ports() = default;

  static int bound_socket(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      ::close(fd);
      return -1;
    }
    return fd;
  }
  static int local_port(int fd) {
    sockaddr_in address{};
    socklen_t size = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0) return -1;
    return ntohs(address.sin_port);
  }

  std::vector<int> fds_;
  int first_ = 0;
};

}  // namespace plugboard_test
