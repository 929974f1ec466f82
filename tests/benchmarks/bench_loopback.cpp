// SPDX-License-Identifier: MIT
// Loopback throughput: sequential (and parallel) keep-alive calls against the
// sandbox, plugboard with http_transport against a raw cpp-httplib client
// doing the same requests and the same JSON parsing.
//
//   bench_loopback --mode plugboard|raw --calls N [--threads T]
// prints: mode threads calls seconds calls_per_second
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"

int main(int argc, char** argv) {
  std::string mode = "plugboard";
  long calls = 20000;
  int threads = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--mode")) mode = argv[i + 1];
    if (!std::strcmp(argv[i], "--calls")) calls = std::atol(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
  }
  plugboard::sandbox::server_options so;
  so.max_logged = 16;  // the log is not what is measured
  plugboard::sandbox::server sandbox(so);
  sandbox.mount<plugboard::sandbox::providers_fake>("/providers");
  const std::string slug = "google-workspace";

  plugboard::providers::client<> shared(sandbox.url("/providers"));
  std::vector<std::thread> workers;
  std::vector<long> checks(static_cast<std::size_t>(threads), 0);
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const long share = calls / threads;
      long ok = 0;
      if (mode == "plugboard") {
        auto api = shared.connector_providers();
        for (long i = 0; i < share; ++i) ok += api.get(slug).provider_slug == slug;
      } else {
        httplib::Client cli("127.0.0.1", sandbox.port());
        cli.set_keep_alive(true);
        cli.set_tcp_nodelay(true);
        const httplib::Headers headers{{"Accept", "application/json"}};
        std::string path = "/providers/v1/admin/connector-providers/";
        bench::by_hand::pct_encode_to(path, slug);
        for (long i = 0; i < share; ++i) {
          auto res = cli.Get(path.c_str(), headers);
          if (!res || res->status != 200) continue;
          auto document = nlohmann::json::parse(res->body);
          bench::by_hand::provider p;
          from_json(document.at("data"), p);
          ok += p.provider_slug == slug;
        }
      }
      checks[static_cast<std::size_t>(t)] = ok;
    });
  }
  for (auto& w : workers) w.join();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  long ok = 0;
  for (long c : checks) ok += c;
  std::printf("%s %d %ld %.3f %.0f\n", mode.c_str(), threads, ok, seconds,
              static_cast<double>(ok) / seconds);
  return ok == (calls / threads) * threads ? 0 : 1;
}
