// SPDX-License-Identifier: MIT
// How long pieces::discover() takes when no Pieces OS runs: a range of 34
// ports and 2 legacy ports (as many as the defaults), every one held by this
// program (bound, not listening, so each connect is refused at once), against
// a floor measured in the same run: a blocking connect to each of the same 36
// ports, one after the other, with nothing else.
//
//   bench_discovery [--quick]
// prints one JSON object (median and worst of 7 runs, or 3):
//   {"what": "nothing_listens", "ports": 36, "ms": ..., "max_ms": ..., "floor_ms": ...}
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include "../support/reserved_ports.hpp"
#include "plugboard/pieces/discovery.hpp"

namespace {

double milliseconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// One blocking connect per port, as little as a scan can do.
void connect_each(const plugboard_test::reserved_ports& ports, int count) {
  for (int k = 0; k < count; ++k) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(ports.port(k));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);  // refused
    ::close(fd);
  }
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::strcmp(argv[1], "--quick") == 0;
  const int runs = quick ? 3 : 7;
  constexpr int ports_probed = 36;
  auto ports = plugboard_test::reserved_ports::find(ports_probed);
  if (!ports) {
    std::fprintf(stderr, "bench_discovery: no block of %d free loopback ports\n", ports_probed);
    return 1;
  }
  plugboard::pieces::discovery_options options;
  options.environment_variable.clear();
  options.first_port = ports->port(0);
  options.last_port = ports->port(33);
  options.legacy_ports = {ports->port(34), ports->port(35)};

  std::vector<double> discovery;
  std::vector<double> floor;
  for (int run = 0; run < runs; ++run) {
    auto start = std::chrono::steady_clock::now();
    try {
      plugboard::pieces::discover(options);
      std::fprintf(stderr, "bench_discovery: something answered on a held port\n");
      return 1;
    } catch (const plugboard::pieces::discovery_error&) {
    }
    discovery.push_back(milliseconds_since(start));
    start = std::chrono::steady_clock::now();
    connect_each(*ports, ports_probed);
    floor.push_back(milliseconds_since(start));
  }
  std::printf(
      "{\"what\": \"nothing_listens\", \"ports\": %d, \"ms\": %.2f, \"max_ms\": %.2f, "
      "\"floor_ms\": %.3f}\n",
      ports_probed, median(discovery), *std::max_element(discovery.begin(), discovery.end()),
      median(floor));
  return 0;
}
