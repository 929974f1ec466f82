// SPDX-License-Identifier: MIT
// plugboard-sandbox: a fake of every service of the registry
// (plugboard/services.hpp, plugboard/sandbox/fakes.hpp) on one local port,
// for tests written in any language. See README.md, "Standalone sandbox".
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "../common/budget_spec.hpp"
#include "fault_spec.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/rate_budget.hpp"
#include "plugboard/core/service.hpp"
#include "plugboard/sandbox/fakes.hpp"
#include "plugboard/sandbox/server.hpp"
#include "plugboard/services.hpp"

namespace {

constexpr const char* footer =
    "Output: the first line of stdout is exactly\n"
    "  plugboard-sandbox listening on URL\n"
    "where URL is http://HOST:PORT (https:// with --tls-cert), no trailing slash: with\n"
    "--port 0 a script reads the chosen port from it, e.g. `read -r _ _ _ url`. Lines\n"
    "naming each service's base URL and credentials follow. With --log, one line per\n"
    "request follows them: METHOD TARGET STATUS, e.g.\n"
    "  GET /fivetran/v1/metadata/connectors?cursor=[REDACTED] 200\n"
    "(query values redacted, bytes outside printable ASCII percent-encoded; stdout must\n"
    "be read, or the sandbox waits for it). Errors go to stderr; a port in use exits 1.\n"
    "\n"
    "Fault SPEC: comma-separated items, each applied to the next matching requests:\n"
    "  status=CODE      answer CODE instead of the fake (retry-after=V adds Retry-After)\n"
    "  delay=MS         wait MS milliseconds, then answer normally\n"
    "  drop             send half the answer, then close the connection\n"
    "  truncate         answer normally but cut the body in half\n"
    "  body=TEXT        answer with TEXT as the body (last item: TEXT may hold commas;\n"
    "                   type=MEDIA sets its Content-Type, default application/json)\n"
    "  times=N|always   how many matching requests (default 1)\n"
    "  path=PREFIX      only targets starting with PREFIX, e.g. path=/fivetran\n"
    "  e.g. --fault status=503,times=3,path=/fivetran --fault delay=2000 --fault drop\n"
    "\n"
    "Seed FILE: a JSON object whose keys are service names (--list-services), each value\n"
    "passed to that fake's seed() (README.md, \"Standalone sandbox\").\n"
    "\n"
    "Rate limit SPEC: SERVICE:CLASS=REQUESTS/WINDOW, at most REQUESTS requests of the\n"
    "budget class CLASS (as the service's descriptors declare it; * for every request)\n"
    "in any WINDOW (e.g. 500ms, 1s, 1m, 1h); more are answered 429 with Retry-After.\n"
    "Answers carry X-Rate-Limit and X-Rate-Limit-Remaining.\n"
    "  e.g. --rate-limit 'fivetran:*=200/1s' --rate-limit fivetran:setup_tests=5/1s\n";

template <class S, class = void>
struct has_published_budgets : std::false_type {};
template <class S>
struct has_published_budgets<S, std::void_t<decltype(S::published_budgets())>> : std::true_type {};

// The rate-limit mode of S's fake for `specs`: the routes of each budget
// class from S's descriptors (their paths below the fake's mount), and the
// classes that count against others as S publishes them.
template <class S>
plugboard::sandbox::rate_limit_mode rate_mode_of(
    const std::vector<plugboard_examples::budget_spec>& specs) {
  plugboard::sandbox::rate_limit_mode mode;
  mode.rate_headers = true;
  for (const auto& spec : specs) {
    if (spec.service == S::name) {
      mode.budgets.push_back({spec.budget_class, spec.requests, spec.window});
    }
  }
  // The base path below the mount prefix, e.g. "/api/v1" for pipeshub.
  const std::string below = std::string(S::sandbox_base_path.substr(S::sandbox_prefix.size()));
  plugboard::for_each_type(typename S::endpoints{}, [&](auto tag) {
    using traits = plugboard::endpoint_traits<typename decltype(tag)::type>;
    if (traits::budget_class == "default") return;
    mode.routes.push_back({std::string(plugboard::to_string(traits::verb)),
                           below + std::string(traits::path), std::string(traits::budget_class)});
  });
  if constexpr (has_published_budgets<S>::value) {
    for (const auto& entry : S::published_budgets().classes) {
      mode.also_counts_against[entry.first] = entry.second.also_counts_against;
    }
  }
  return mode;
}

nlohmann::json read_seed(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::invalid_argument("cannot read the seed file '" + path + "'");
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  auto seed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (seed.is_discarded() || !seed.is_object()) {
    throw std::invalid_argument("the seed file '" + path + "' is not a JSON object");
  }
  return seed;
}

// Every open connection holds a descriptor; the common default soft limit of
// 1,024 would leave a few thousand clients waiting in the accept queue.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = 65536;
  const rlim_t target =
      limit.rlim_max == RLIM_INFINITY || limit.rlim_max > wanted ? wanted : limit.rlim_max;
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= target) return;
  limit.rlim_cur = target;
  setrlimit(RLIMIT_NOFILE, &limit);  // best effort: the sandbox works without it
}

// The services of the registry with what a client needs to reach each fake:
// mount prefix, base path and the credential variables the fake accepts.
nlohmann::json services_json() {
  nlohmann::json out = nlohmann::json::array();
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
    using S = typename decltype(tag)::type;
    nlohmann::json entry = {{"name", std::string(S::name)},
                            {"prefix", std::string(S::sandbox_prefix)},
                            {"base_path", std::string(S::sandbox_base_path)},
                            {"base_url_variable", std::string(S::base_url_variable)},
                            {"credentials", nlohmann::json::object()}};
    nlohmann::json variables = nlohmann::json::array();
    for (const auto& variable : S::credentials) variables.push_back(std::string(variable.name));
    entry["credential_variables"] = std::move(variables);
    plugboard::sandbox::fakes::visit(S::name, [&](auto* fake) {
      using fake_type = std::remove_pointer_t<decltype(fake)>;
      for (const auto& [name, value] : fake_type::default_credentials()) {
        entry["credentials"][name] = value;
      }
    });
    out.push_back(std::move(entry));
  });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  namespace sandbox = plugboard::sandbox;
  CLI::App app(
      "plugboard-sandbox: a fake of every service plugboard has (--list-services) on one local "
      "port, for your own tests. Ctrl-C (SIGINT) or SIGTERM stops it.",
      "plugboard-sandbox");
  sandbox::server_options options;
  std::string seed_file;
  std::vector<std::string> fault_specs;
  app.add_option("--port", options.port, "the port; 0 lets the OS choose (the URL is printed)")
      ->check(CLI::Range(0, 65535))
      ->default_str("0");
  app.add_option("--host", options.host, "the address to listen on")->default_str("127.0.0.1");
  app.add_option("--seed", seed_file, "preload state from a JSON file")->type_name("FILE");
  app.add_option("--fault", fault_specs, "inject a fault; repeatable (see below)")
      ->type_name("SPEC");
  std::vector<std::string> rate_specs;
  app.add_option("--rate-limit", rate_specs,
                 "answer 429 beyond a rate budget of a service's class; repeatable (see below)")
      ->type_name("SPEC");
  bool log_requests = false;
  app.add_flag("--log", log_requests, "print one line per request to stdout (see below)");
  auto* cert = app.add_option("--tls-cert", options.tls_cert_file,
                              "serve HTTPS with this PEM certificate (chain)")
                   ->type_name("FILE");
  app.add_option("--tls-key", options.tls_key_file, "the PEM private key of --tls-cert")
      ->type_name("FILE")
      ->needs(cert);
  cert->needs("--tls-key");
  app.add_flag_callback(
      "--list-services",
      [] {
        std::puts(services_json().dump().c_str());
        throw CLI::Success();
      },
      "print each service's mount prefix, base path and credentials as JSON and exit");
  app.footer(footer);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  std::vector<sandbox::fault> faults;
  std::vector<plugboard_examples::budget_spec> rate_limits;
  nlohmann::json seed = nlohmann::json::object();
  try {
    for (const auto& spec : rate_specs) {
      try {
        rate_limits.push_back(plugboard_examples::parse_budget_spec(spec));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("--rate-limit '" + spec + "': " + e.what());
      }
      bool known = false;
      plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
        known = known || decltype(tag)::type::name == rate_limits.back().service;
      });
      if (!known) {
        throw std::invalid_argument("--rate-limit '" + spec + "': no service is called '" +
                                    rate_limits.back().service + "'");
      }
    }
    for (const auto& spec : fault_specs) {
      try {
        faults.push_back(plugboard_sandbox::parse_fault(spec));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("--fault '" + spec + "': " + e.what());
      }
    }
    if (!seed_file.empty()) seed = read_seed(seed_file);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plugboard-sandbox: %s\n", e.what());
    return 2;
  }

  // SIGINT and SIGTERM are blocked in every thread (the server's threads
  // inherit this mask) and taken by sigwait below: no signal handler runs at
  // all, so nothing has to be async-signal-safe.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  raise_descriptor_limit();
#if defined(__GLIBC__)
  // Buffers of a megabyte or more (large bodies) come straight from the
  // system and go back when freed, instead of staying in glibc's arenas.
  mallopt(M_MMAP_THRESHOLD, 1024 * 1024);
#endif
  // Request lines wait until the banner is out: the URL stays the first line.
  std::mutex stdout_mutex;
  std::unique_lock<std::mutex> banner(stdout_mutex);
  if (log_requests) {
    options.on_request = [&stdout_mutex](const sandbox::logged_request& request) {
      const std::string line = sandbox::summary(request) + '\n';
      std::lock_guard<std::mutex> lock(stdout_mutex);
      std::fputs(line.c_str(), stdout);
      std::fflush(stdout);
    };
  }
  std::unique_ptr<sandbox::server> server;
  try {
    server = std::make_unique<sandbox::server>(options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  // Every service of the registry, each fake at its mount prefix.
  std::map<std::string, std::function<void(const nlohmann::json&)>, std::less<>> seeders;
  std::string missing;
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
    using S = typename decltype(tag)::type;
    const bool found = sandbox::fakes::visit(S::name, [&](auto* fake) {
      using fake_type = std::remove_pointer_t<decltype(fake)>;
      auto& mounted = server->mount<fake_type>(std::string(S::sandbox_prefix));
      auto mode = rate_mode_of<S>(rate_limits);
      if (!mode.budgets.empty())
        server->limit_rate(std::string(S::sandbox_prefix), std::move(mode));
      seeders[std::string(S::name)] = [&mounted](const nlohmann::json& state) {
        mounted.seed(state);
      };
    });
    if (!found) missing += " " + std::string(S::name);
  });
  if (!missing.empty()) {
    std::fprintf(stderr, "plugboard-sandbox: no fake for:%s\n", missing.c_str());
    return 1;
  }
  try {
    for (auto it = seed.begin(); it != seed.end(); ++it) {
      try {
        const auto seeder = seeders.find(it.key());
        if (seeder == seeders.end()) throw std::invalid_argument("no fake is called that");
        seeder->second(it.value());
      } catch (const std::exception& e) {
        throw std::invalid_argument("seed '" + it.key() + "': " + e.what());
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "plugboard-sandbox: %s\n", e.what());
    return 2;
  }
  for (auto& f : faults) server->inject(std::move(f));

  std::printf("plugboard-sandbox listening on %s\n", server->url().c_str());
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
    using S = typename decltype(tag)::type;
    sandbox::fakes::visit(S::name, [&](auto* fake) {
      using fake_type = std::remove_pointer_t<decltype(fake)>;
      std::printf("  %-10s %-44s %s\n", std::string(S::name).c_str(),
                  server->url(std::string(S::sandbox_base_path)).c_str(),
                  std::string(fake_type::credentials_help).c_str());
    });
  });
  std::printf("Ctrl-C stops it.\n");
  std::fflush(stdout);
  banner.unlock();

  int received = 0;
  sigwait(&stop_signals, &received);
  std::fprintf(stderr, "plugboard-sandbox: %s, stopping\n",
               received == SIGINT ? "SIGINT" : "SIGTERM");
  server->stop();
  return 0;
}
