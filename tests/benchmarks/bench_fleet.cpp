// SPDX-License-Identifier: MIT
// Fleet scale against the sandbox's Fivetran fake, in process.
//
// --scenario budget: the fake in rate-limit mode (--rate calls per second for
// every request, --setup-rate for setup tests), each answer --latency-ms late
// (a network's round trip; 0: loopback's); --calls mixed calls (details,
// sync, setup tests, modify) across --connectors connections, made by
//   --mode executor    bulk_executor with --workers threads, the client's
//                      transport a rate_limited_transport with the server's
//                      published budgets
//   --mode learning    the same with no budgets: it learns them from 429s
//   --mode sequential  a plain loop, sleeping each 429's Retry-After
//   --mode naive       --workers threads taking the next call, each sleeping
//                      its own 429's Retry-After and trying again
// --scenario unlimited: --calls connector_details on an unlimited fake,
//   --mode executor (bulk_executor, --workers threads) or --mode raw (a
//   hand-written --workers-thread loop over cpp-httplib, parsing the same JSON).
//
// Prints one JSON line: throughput, the 429s the fake answered, the calls it
// lost (never admitted) or admitted twice (counted by X-Request-Id in its
// log), and the process's peak RSS (client and in-process sandbox) and its
// growth during the run.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "plugboard/bulk/executor.hpp"
#include "plugboard/fivetran/client.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/transport/rate_limited.hpp"

namespace {

constexpr const char* key = "bench-key";
constexpr const char* secret = "bench-secret";

struct settings {
  std::string scenario = "budget";
  std::string mode = "executor";
  std::size_t calls = 2000;
  std::size_t connectors = 50;
  std::size_t workers = 8;
  std::size_t rate = 200;
  std::size_t setup_rate = 60;
  int latency_ms = 0;
};

long rss_kb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

// The peak of this process's own memory (VmHWM): getrusage's ru_maxrss also
// counts what the parent used before exec (e.g. python's, running run.py).
long peak_rss_kb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  }
  return -1;
}

// Appended: g++ 12 at -O3 takes "text" + std::to_string(i) for an overflow.
std::string numbered(const char* prefix, std::size_t i) {
  std::string out(prefix);
  out.append(std::to_string(i));
  return out;
}
std::string connector_id(std::size_t i) { return numbered("conn_", i); }
std::string request_id(std::size_t i) { return numbered("item-", i); }

plugboard::call_options tagged(std::size_t i) {
  plugboard::call_options o;
  o.headers.set("X-Request-Id", request_id(i));
  return o;
}

// Calls i % 4: details, sync, setup tests (their own budget), modify.
template <class Client>
void call_mixed(Client& client, std::size_t i, std::size_t connectors) {
  namespace endpoints = plugboard::fivetran::endpoints;
  const std::string id = connector_id(i % connectors);
  auto& core = client.core();
  switch (i % 4) {
    case 0: core.call(endpoints::connector_details{id}, tagged(i)); break;
    case 1: {
      endpoints::sync_connector sync;
      sync.connector_id = id;
      core.call(sync, tagged(i));
      break;
    }
    case 2: {
      endpoints::run_setup_tests test;
      test.connector_id = id;
      core.call(test, tagged(i));
      break;
    }
    default: {
      endpoints::modify_connector modify;
      modify.connector_id = id;
      modify.body.paused = true;
      core.call(modify, tagged(i));
    }
  }
}

template <class Client>
void add_mixed(plugboard::batch& work, Client& client, std::size_t i, std::size_t connectors) {
  namespace endpoints = plugboard::fivetran::endpoints;
  const std::string id = connector_id(i % connectors);
  switch (i % 4) {
    case 0: work.add(client, endpoints::connector_details{id}, tagged(i)); break;
    case 1: {
      endpoints::sync_connector sync;
      sync.connector_id = id;
      work.add(client, sync, tagged(i));
      break;
    }
    case 2: {
      endpoints::run_setup_tests test;
      test.connector_id = id;
      work.add(client, test, tagged(i));
      break;
    }
    default: {
      endpoints::modify_connector modify;
      modify.connector_id = id;
      modify.body.paused = true;
      work.add(client, modify, tagged(i));
    }
  }
}

// A call made by hand-written code: on 429, sleep Retry-After and try again.
template <class Client>
bool with_own_429_handling(Client& client, std::size_t i, std::size_t connectors) {
  for (int attempt = 0; attempt < 1000; ++attempt) {
    try {
      call_mixed(client, i, connectors);
      return true;
    } catch (const plugboard::api_error& e) {
      if (e.status() != 429) return false;
      std::this_thread::sleep_for(e.retry_after().value_or(std::chrono::seconds(1)));
    } catch (const plugboard::error&) {
      return false;
    }
  }
  return false;
}

plugboard::rate_budgets budgets_of(const settings& s) {
  plugboard::rate_budgets b;
  b.every_request = {{s.rate, std::chrono::seconds(1)}};
  b.classes["setup_tests"].limits = {{s.setup_rate, std::chrono::seconds(1)}};
  b.classes["setup_tests"].also_counts_against = {"source_interaction"};
  return b;
}

std::string basic_header() {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = std::string(key) + ":" + secret;
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (unsigned(static_cast<unsigned char>(in[i])) << 16) |
                       (unsigned(static_cast<unsigned char>(in[i + 1])) << 8) |
                       unsigned(static_cast<unsigned char>(in[i + 2]));
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += alphabet[(v >> 6) & 63];
    out += alphabet[v & 63];
  }
  if (i < in.size()) {
    unsigned v = unsigned(static_cast<unsigned char>(in[i])) << 16;
    if (i + 1 < in.size()) v |= unsigned(static_cast<unsigned char>(in[i + 1])) << 8;
    out += alphabet[(v >> 18) & 63];
    out += alphabet[(v >> 12) & 63];
    out += i + 1 < in.size() ? alphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return "Basic " + out;
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--scenario") s.scenario = value;
    if (flag == "--mode") s.mode = value;
    if (flag == "--calls") s.calls = std::stoul(value);
    if (flag == "--connectors") s.connectors = std::stoul(value);
    if (flag == "--workers") s.workers = std::stoul(value);
    if (flag == "--rate") s.rate = std::stoul(value);
    if (flag == "--setup-rate") s.setup_rate = std::stoul(value);
    if (flag == "--latency-ms") s.latency_ms = std::stoi(value);
  }
  const bool budget = s.scenario == "budget";
  plugboard::sandbox::server_options so;
  // The budget scenario counts what the fake admitted in its log.
  so.max_logged = budget ? 1000000 : 16;
  so.max_log_bytes = 256u * 1024 * 1024;
  plugboard::sandbox::server sandbox(so);
  plugboard::sandbox::fivetran_fake::settings fs;
  fs.api_key = key;
  fs.api_secret = secret;
  auto& fake = sandbox.mount<plugboard::sandbox::fivetran_fake>("/fivetran", fs);
  for (std::size_t i = 0; i < s.connectors; ++i)
    fake.add_connector(connector_id(i), "google_sheets");
  if (budget) {
    plugboard::sandbox::rate_limit_mode mode;
    mode.budgets = {{"*", s.rate, std::chrono::seconds(1)},
                    {"setup_tests", s.setup_rate, std::chrono::seconds(1)}};
    mode.routes = {{"POST", "/v1/connectors/{connector_id}/test", "setup_tests"}};
    sandbox.limit_rate("/fivetran", mode);
  }
  if (s.latency_ms > 0) {
    sandbox.inject(plugboard::sandbox::fault::delay(std::chrono::milliseconds(s.latency_ms))
                       .times(std::numeric_limits<int>::max()));
  }
  plugboard::client_options options(sandbox.url("/fivetran"));
  options.call_timeout = std::chrono::minutes(10);
  const auto auth = plugboard::fivetran::api_key(key, secret);

  const long rss_before = rss_kb();
  std::size_t ok = 0;
  std::size_t client_429s = 0;
  const auto start = std::chrono::steady_clock::now();
  if (s.mode == "executor" || s.mode == "learning") {
    using limited = plugboard::rate_limited_transport<plugboard::http_transport>;
    plugboard::rate_budgets b =
        s.mode == "executor" && budget ? budgets_of(s) : plugboard::rate_budgets();
    b.resends_after_429 = 1000;
    plugboard::fivetran::client<plugboard::with_transport<limited>> client(
        options, auth, limited(plugboard::http_transport(), b));
    plugboard::bulk_executor executor(s.workers);
    plugboard::batch work;
    work.reserve(s.calls);
    for (std::size_t i = 0; i < s.calls; ++i) {
      if (budget) {
        add_mixed(work, client, i, s.connectors);
      } else {
        work.add(client,
                 plugboard::fivetran::endpoints::connector_details{connector_id(i % s.connectors)});
      }
    }
    plugboard::batch_options run;
    run.parallel = s.workers;
    const auto report = executor.run(work, run);
    ok = report.counts.succeeded;
    client_429s = client.core().transport().stats().replies_429;
  } else if (s.mode == "sequential" || s.mode == "naive") {
    plugboard::fivetran::client<> client(options, auth);
    const std::size_t threads = s.mode == "naive" ? s.workers : 1;
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&] {
        for (std::size_t i = next++; i < s.calls; i = next++) {
          if (with_own_429_handling(client, i, s.connectors)) ++done;
        }
      });
    }
    for (auto& t : pool) t.join();
    ok = done;
  } else if (s.mode == "raw") {
    const std::string authorization = basic_header();
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < s.workers; ++t) {
      pool.emplace_back([&] {
        httplib::Client cli("127.0.0.1", sandbox.port());
        cli.set_keep_alive(true);
        cli.set_tcp_nodelay(true);
        const httplib::Headers headers{{"Accept", "application/json;version=2"},
                                       {"Authorization", authorization}};
        for (std::size_t i = next++; i < s.calls; i = next++) {
          const std::string path = "/fivetran/v1/connectors/" + connector_id(i % s.connectors);
          auto res = cli.Get(path.c_str(), headers);
          if (!res || res->status != 200) continue;
          const auto body = nlohmann::json::parse(res->body);
          if (body.at("data").at("id").get<std::string>() == connector_id(i % s.connectors)) ++done;
        }
      });
    }
    for (auto& t : pool) t.join();
    ok = done;
  } else {
    std::fprintf(stderr, "unknown --mode %s\n", s.mode.c_str());
    return 2;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::size_t lost = 0;
  std::size_t duplicated = 0;
  if (budget) {
    std::map<std::string, int> admitted;
    for (const auto& logged : sandbox.requests()) {
      if (logged.status != 429) ++admitted[std::string(logged.headers.get("X-Request-Id"))];
    }
    for (std::size_t i = 0; i < s.calls; ++i) {
      const int n = admitted[request_id(i)];
      lost += n == 0;
      duplicated += n > 1;
    }
  }
  nlohmann::json line{{"scenario", s.scenario},
                      {"mode", s.mode},
                      {"calls", s.calls},
                      {"succeeded", ok},
                      {"workers", s.mode == "sequential" ? 1 : s.workers},
                      {"seconds", seconds},
                      {"calls_per_second", static_cast<double>(ok) / seconds},
                      {"server_budget_per_second", budget ? s.rate : 0},
                      {"latency_ms", s.latency_ms},
                      {"replies_429", sandbox.rate_limited_count()},
                      {"client_saw_429", client_429s},
                      {"lost", lost},
                      {"duplicated", duplicated},
                      {"peak_rss_kb", peak_rss_kb()},
                      {"rss_growth_kb", rss_kb() - rss_before}};
  std::printf("%s\n", line.dump().c_str());
  return ok == s.calls ? 0 : 1;
}
