// SPDX-License-Identifier: MIT
// A stand-in Pieces OS in a process of its own, for the discovery test
// (tests/network/network-pieces-discovery.cpp): the sandbox's Pieces fake
// mounted at the root, as a real Pieces OS serves, and optionally a port
// that accepts connections but never answers them.
//
//   pieces_os_process [--release 4|5] [--port N] [--silent-port M]
//
// Prints one line of JSON, {"port": N, "silent_port": M} (M is 0 without
// --silent-port; --port 0, the default, lets the OS choose), or
// {"error": "..."} and exits 1 when it cannot listen. Then serves until its
// standard input closes: the test that started it ended, however it ended.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "plugboard/sandbox/pieces.hpp"
#include "plugboard/sandbox/server.hpp"

namespace {

int fail(const std::string& problem) {
  std::printf("{\"error\": \"%s\"}\n", problem.c_str());
  std::fflush(stdout);
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  namespace sandbox = plugboard::sandbox;
  int port = 0;
  int silent_port = 0;
  auto release = sandbox::pieces_fake::os_release::v5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    const int value = std::atoi(argv[i + 1]);
    if (option == "--port") {
      port = value;
    } else if (option == "--silent-port") {
      silent_port = value;
    } else if (option == "--release" && (value == 4 || value == 5)) {
      release =
          value == 4 ? sandbox::pieces_fake::os_release::v4 : sandbox::pieces_fake::os_release::v5;
    } else {
      return fail("usage: pieces_os_process [--release 4|5] [--port N] [--silent-port M]");
    }
  }

  // Listens but never accepts: the kernel completes each connection and
  // keeps what the client sends, and no answer ever comes.
  int silent = -1;
  if (silent_port != 0) {
    silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (silent < 0) return fail(std::string("no socket: ") + std::strerror(errno));
    const int yes = 1;
    ::setsockopt(silent, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(silent_port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(silent, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(silent, 16) != 0) {
      return fail(std::string("cannot listen on the silent port: ") + std::strerror(errno));
    }
  }

  std::unique_ptr<sandbox::server> server;
  try {
    sandbox::server_options options;
    options.port = port;
    server = std::make_unique<sandbox::server>(options);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  sandbox::pieces_fake::settings settings;
  settings.release = release;
  server->mount<sandbox::pieces_fake>("", settings);
  std::printf("{\"port\": %d, \"silent_port\": %d}\n", server->port(), silent_port);
  std::fflush(stdout);

  char buffer[256];
  while (::read(0, buffer, sizeof buffer) > 0) {
  }
  if (silent >= 0) ::close(silent);
  return 0;
}
