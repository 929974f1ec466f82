// SPDX-License-Identifier: MIT
// http_transport's own cost per call over loopback, against a cpp-httplib
// server in the same process serving canned bodies:
//
//   bench_transport --repeat small|big|big_decoded N
//       N sends of a ~1 KB (small) or ~1 MB (big) answer, for callgrind with
//       --toggle-collect='plugboard::http_transport::send*' (the client's
//       instructions only; the server runs on other threads); big_decoded
//       also decodes each answer with simdjson_serializer
//       (--toggle-collect='*fetch_list*')
//   bench_transport --big N [--rounds R]
//       N sends of the ~1 MB answer, each decoded with simdjson_serializer;
//       prints JSON: the calling thread's minor page faults per call
//       (getrusage RUSAGE_THREAD: the server's faults are not counted) and
//       calls per second, the best of R rounds
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "fixtures.hpp"
#include "plugboard/providers/models.hpp"
#include "plugboard/serializer/simdjson.hpp"
#include "plugboard/transport/http.hpp"

namespace {

long minor_faults(int who = RUSAGE_THREAD) {
  rusage usage{};
  getrusage(who, &usage);
  return usage.ru_minflt;
}

struct server {
  httplib::Server http;
  std::thread thread;
  int port = 0;

  server(const std::string& small, const std::string& big) {
    http.set_tcp_nodelay(true);
    http.set_keep_alive_max_count(1000000);
    http.Get("/small", [&small](const httplib::Request&, httplib::Response& res) {
      res.set_content(small, "application/json");
    });
    http.Get("/big", [&big](const httplib::Request&, httplib::Response& res) {
      res.set_content(big, "application/json");
    });
    port = http.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { http.listen_after_bind(); });
    // The socket listens already; wait (at most 2 s) so stop() finds it running.
    for (int i = 0; i < 200 && !http.is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~server() {
    http.stop();
    thread.join();
  }
};

using list = plugboard::providers::data_or_bare<std::vector<plugboard::providers::provider>>;

// One call as an application makes it: send, then decode with simdjson. Not
// inlined, so callgrind can collect exactly this (--toggle-collect=*fetch_list*).
[[gnu::noinline]] std::size_t fetch_list(plugboard::http_transport& transport,
                                         const plugboard::request& req) {
  return plugboard::simdjson_serializer{}.decode<list>(transport.send(req).body).value.size();
}

plugboard::request get(int port, const char* path) {
  plugboard::request req;
  req.origin = "http://127.0.0.1:" + std::to_string(port);
  req.target = path;
  req.headers.add("Accept", "application/json");
  return req;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string small = bench::one_provider_body();
  // ~1 MB: 1,700 providers of ~600 bytes.
  const std::string big = bench::provider_list_body(1700);
  server srv(small, big);
  plugboard::http_transport transport;

  if (argc == 4 && std::strcmp(argv[1], "--repeat") == 0) {
    const bool decoded = std::strcmp(argv[2], "big_decoded") == 0;
    const bool is_big = decoded || std::strcmp(argv[2], "big") == 0;
    const plugboard::request req = get(srv.port, is_big ? "/big" : "/small");
    const long n = std::atol(argv[3]);
    std::size_t sink = 0;
    for (long i = 0; i < n; ++i) {
      sink += decoded ? fetch_list(transport, req) : transport.send(req).body.size();
    }
    return sink == 42 ? 1 : 0;
  }
  if (argc >= 3 && std::strcmp(argv[1], "--big") == 0) {
    const long n = std::atol(argv[2]);
    const int rounds = argc >= 5 ? std::atoi(argv[4]) : 3;
    const plugboard::request req = get(srv.port, "/big");
    std::size_t items = 0;
    double best = 0;
    long faults = 0;
    long process_faults = 0;
    // On a thread of its own, as in a worker pool: glibc gives it its own
    // arena, which hands freed pages back to the system.
    std::thread([&] {
      for (int warm = 0; warm < 3; ++warm) {
        items += fetch_list(transport, req);
      }
      for (int r = 0; r < rounds; ++r) {
        const long before = minor_faults();
        const long process_before = minor_faults(RUSAGE_SELF);
        const auto start = std::chrono::steady_clock::now();
        for (long i = 0; i < n; ++i) {
          items += fetch_list(transport, req);
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const long round_faults = minor_faults() - before;
        process_faults = minor_faults(RUSAGE_SELF) - process_before;
        if (r == 0 || round_faults < faults) faults = round_faults;
        if (static_cast<double>(n) / seconds > best) best = static_cast<double>(n) / seconds;
      }
    }).join();
    std::printf(
        "{\"bytes\": %zu, \"faults_per_call\": %.1f, \"process_faults_per_call\": %.1f, "
        "\"calls_per_second\": %.1f}\n",
        big.size(), static_cast<double>(faults) / static_cast<double>(n),
        static_cast<double>(process_faults) / static_cast<double>(n), best);
    return items == 0 ? 1 : 0;
  }
  std::fprintf(stderr, "usage: bench_transport --repeat small|big N | --big N [--rounds R]\n");
  return 2;
}
