// SPDX-License-Identifier: MIT
// Threads sharing one client against one raw client per thread, over
// loopback, on a machine whose every core is also busy:
//
//   bench_threads [--threads 1,4,8] [--calls C] [--rounds R] [--load off|on|both]
//                 [--round-seconds S]
//
// The server (the sandbox's Connector Providers fake) runs in a process of
// its own (this program with --serve), so the client's process holds only
// clients. With the load on, another child (--spin) keeps one busy thread per
// core for as long as the measurement lasts. For each load setting and each
// thread count N, R rounds, each running both sides one after the other (the
// order alternating between rounds):
//   plugboard  N threads sharing one providers::client<> (http_transport,
//              keep-alive pool), each getting a ~1 KB provider and decoding it
//              into the model;
//   raw        N threads each with its own httplib::Client (keep-alive,
//              TCP_NODELAY) doing the same GET, nlohmann::json::parse and the
//              hand-written from_json into the same fields (fixtures.hpp).
// A run is C calls split between the threads, timed from when every thread
// has made one call (its connection is open) to the last call's end, and cut
// short after S seconds. One JSON line per (load, N): median calls/s of each
// side and the median over rounds of the per-round ratio plugboard / raw.
// Exit status 1 when a call failed or returned the wrong provider.
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "../support/child_process.hpp"
#include "fixtures.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"

namespace {

using steady = std::chrono::steady_clock;

const std::string slug = "google-workspace";

// Returns when this process's standard input closes (the parent ended, or
// destroyed its child_process), or after `limit` at most.
void wait_for_stdin_eof(std::chrono::seconds limit) {
  const auto until = steady::now() + limit;
  char buffer[256];
  while (steady::now() < until) {
    pollfd p{0, POLLIN, 0};
    if (::poll(&p, 1, 1000) <= 0) continue;
    if (::read(0, buffer, sizeof buffer) <= 0) return;
  }
}

// --serve: the sandbox on 127.0.0.1, its port on the first line of stdout.
int serve() {
  plugboard::sandbox::server_options so;
  so.max_logged = 16;  // the log is not what is measured
  plugboard::sandbox::server sandbox(so);
  sandbox.mount<plugboard::sandbox::providers_fake>("/providers");
  std::printf("%d\n", sandbox.port());
  std::fflush(stdout);
  wait_for_stdin_eof(std::chrono::hours(1));
  return 0;
}

// --spin: one busy thread per core until stdin closes (at most an hour).
int spin() {
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  std::atomic<bool> stop{false};
  std::vector<std::thread> spinners;
  for (unsigned i = 0; i < cores; ++i) {
    spinners.emplace_back([&stop] {
      volatile unsigned long x = 0;
      while (!stop.load(std::memory_order_relaxed)) {
        for (int k = 0; k < 100000; ++k) x = x * 6364136223846793005ul + 1442695040888963407ul;
      }
    });
  }
  std::printf("%u\n", cores);
  std::fflush(stdout);
  wait_for_stdin_eof(std::chrono::hours(1));
  stop = true;
  for (auto& s : spinners) s.join();
  return 0;
}

struct run_result {
  double calls_per_second = 0;
  long calls = 0;
  bool cut_short = false;
  bool ok = true;
};

// Starts `threads` workers running body(thread_index, stop_at) after one
// warm-up call each, and times them from when all are warm to the last one's
// end. body returns the number of correct calls it made.
template <class Warm, class Body>
run_result timed(int threads, std::chrono::seconds bound, Warm warm, Body body) {
  std::mutex m;
  std::condition_variable cv;
  int ready = 0;
  bool go = false;
  steady::time_point stop_at{};
  std::vector<long> done(static_cast<std::size_t>(threads), 0);
  std::vector<char> failed(static_cast<std::size_t>(threads), 0);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const auto i = static_cast<std::size_t>(t);
      bool counted = false;
      try {
        auto state = warm();
        steady::time_point until;
        {
          std::unique_lock<std::mutex> lock(m);
          ++ready;
          counted = true;
          cv.notify_all();
          cv.wait(lock, [&] { return go; });
          until = stop_at;
        }
        done[i] = body(state, until);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_threads: %s\n", e.what());
        failed[i] = 1;
        std::lock_guard<std::mutex> lock(m);
        if (!counted) ++ready;  // so the start does not wait for this thread
        cv.notify_all();
      }
    });
  }
  steady::time_point start;
  {
    std::unique_lock<std::mutex> lock(m);
    // Bounded: every worker counts itself in, warm or failed.
    cv.wait(lock, [&] { return ready == threads; });
    start = steady::now();
    stop_at = start + bound;
    go = true;
  }
  cv.notify_all();
  for (auto& w : workers) w.join();
  const double seconds = std::chrono::duration<double>(steady::now() - start).count();
  run_result r;
  for (std::size_t i = 0; i < done.size(); ++i) {
    r.calls += done[i];
    r.ok = r.ok && failed[i] == 0;
  }
  r.calls_per_second = static_cast<double>(r.calls) / seconds;
  return r;
}

run_result run_plugboard(const std::string& base, int threads, long calls,
                         std::chrono::seconds bound) {
  plugboard::providers::client<> shared(base);
  const long share = calls / threads;
  run_result r = timed(
      threads, bound,
      [&] {
        auto api = shared.connector_providers();
        if (api.get(slug).provider_slug != slug) throw std::runtime_error("wrong provider");
        return api;
      },
      [&](auto& api, steady::time_point until) {
        long ok = 0;
        for (long i = 0; i < share && steady::now() < until; ++i) {
          ok += api.get(slug).provider_slug == slug;
        }
        return ok;
      });
  r.cut_short = r.calls < share * threads;
  return r;
}

struct raw_client {
  std::unique_ptr<httplib::Client> http;
  std::string path;
  httplib::Headers headers{{"Accept", "application/json"}};

  explicit raw_client(int port) : http(std::make_unique<httplib::Client>("127.0.0.1", port)) {
    http->set_keep_alive(true);
    http->set_tcp_nodelay(true);
    path = "/providers/v1/admin/connector-providers/";
    bench::by_hand::pct_encode_to(path, slug);
  }

  // The same work as api.get(slug): GET, parse, from_json into the fields.
  bool get() {
    auto res = http->Get(path.c_str(), headers);
    if (!res || res->status != 200) return false;
    auto document = nlohmann::json::parse(res->body);
    bench::by_hand::provider p;
    from_json(document.at("data"), p);
    return p.provider_slug == slug;
  }
};

run_result run_raw(int port, int threads, long calls, std::chrono::seconds bound) {
  const long share = calls / threads;
  run_result r = timed(
      threads, bound,
      [&] {
        raw_client c(port);
        if (!c.get()) throw std::runtime_error("raw GET failed");
        return c;
      },
      [&](raw_client& c, steady::time_point until) {
        long ok = 0;
        for (long i = 0; i < share && steady::now() < until; ++i) ok += c.get();
        return ok;
      });
  r.cut_short = r.calls < share * threads;
  return r;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string list(const std::vector<double>& v) {
  std::string out = "[";
  for (std::size_t i = 0; i < v.size(); ++i) {
    char number[32];
    std::snprintf(number, sizeof number, "%s%.0f", i ? ", " : "", v[i]);
    out += number;
  }
  return out + "]";
}

std::vector<int> thread_counts(const char* text) {
  std::vector<int> out;
  for (const char* p = text; *p;) {
    char* end = nullptr;
    const long n = std::strtol(p, &end, 10);
    if (end == p || n < 1 || n > 256) throw std::runtime_error("--threads: e.g. 1,4,8");
    out.push_back(static_cast<int>(n));
    p = *end == ',' ? end + 1 : end;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && !std::strcmp(argv[1], "--serve")) return serve();
  if (argc == 2 && !std::strcmp(argv[1], "--spin")) return spin();

  std::vector<int> counts{1, 4, 8};
  long calls = 20000;
  int rounds = 7;
  std::string load = "both";
  long round_seconds = 30;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      if (!std::strcmp(argv[i], "--threads")) counts = thread_counts(argv[i + 1]);
      if (!std::strcmp(argv[i], "--calls")) calls = std::atol(argv[i + 1]);
      if (!std::strcmp(argv[i], "--rounds")) rounds = std::atoi(argv[i + 1]);
      if (!std::strcmp(argv[i], "--load")) load = argv[i + 1];
      if (!std::strcmp(argv[i], "--round-seconds")) round_seconds = std::atol(argv[i + 1]);
    }
    if (calls < 1 || rounds < 1 || round_seconds < 1 ||
        (load != "on" && load != "off" && load != "both")) {
      throw std::runtime_error("--calls, --rounds, --round-seconds positive; --load off|on|both");
    }

    plugboard_test::child_process server({"/proc/self/exe", "--serve"});
    const int port = std::stoi(server.read_line(std::chrono::seconds(10)));
    const std::string base = "http://127.0.0.1:" + std::to_string(port) + "/providers";
    const std::chrono::seconds bound(round_seconds);

    bool all_ok = true;
    std::vector<bool> loads;
    if (load != "on") loads.push_back(false);
    if (load != "off") loads.push_back(true);
    for (const bool busy : loads) {
      std::unique_ptr<plugboard_test::child_process> spinner;
      int spinning = 0;
      if (busy) {
        spinner = std::make_unique<plugboard_test::child_process>(
            std::vector<std::string>{"/proc/self/exe", "--spin"});
        spinning = std::stoi(spinner->read_line(std::chrono::seconds(10)));
      }
      for (const int n : counts) {
        std::vector<double> p;
        std::vector<double> r;
        std::vector<double> ratio;
        bool cut = false;
        for (int round = 0; round < rounds; ++round) {
          run_result a;
          run_result b;
          if (round % 2 == 0) {
            a = run_plugboard(base, n, calls, bound);
            b = run_raw(port, n, calls, bound);
          } else {
            b = run_raw(port, n, calls, bound);
            a = run_plugboard(base, n, calls, bound);
          }
          all_ok = all_ok && a.ok && b.ok;
          cut = cut || a.cut_short || b.cut_short;
          p.push_back(a.calls_per_second);
          r.push_back(b.calls_per_second);
          ratio.push_back(a.calls_per_second / b.calls_per_second);
        }
        std::printf(
            "{\"load\": %s, \"spinning_threads\": %d, \"threads\": %d, \"calls\": %ld, "
            "\"rounds\": %d, \"plugboard\": %.0f, \"raw\": %.0f, \"ratio\": %.3f, "
            "\"cut_short\": %s, \"plugboard_rounds\": %s, \"raw_rounds\": %s}\n",
            busy ? "true" : "false", spinning, n, calls, rounds, median(p), median(r),
            median(ratio), cut ? "true" : "false", list(p).c_str(), list(r).c_str());
        std::fflush(stdout);
      }
    }
    return all_ok ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_threads: %s\n", e.what());
    return 2;
  }
}
