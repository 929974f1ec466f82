// SPDX-License-Identifier: MIT
// One client shared by many threads over real HTTP with keep-alive: every
// response matches its request, no call is lost (counted at the sandbox),
// and, in the ThreadSanitizer build (tools/sanitize.sh), no data race.
#include <doctest/doctest.h>

#include <atomic>
#include <cstddef>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
#include "plugboard/pipeshub/client.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/fortisoar.hpp"
#include "plugboard/sandbox/pipeshub.hpp"
#include "plugboard/sandbox/providers.hpp"

using plugboard::json;
namespace sandbox = plugboard::sandbox;

namespace {

constexpr int thread_count = 8;
constexpr int calls_per_thread = 1000;

std::string slug_of(int thread, int call) {
  return "t" + std::to_string(thread) + "-c" + std::to_string(call);
}

// Runs body(thread) on `thread_count` threads that start together.
template <class Body>
void on_threads(Body body) {
  std::atomic<int> ready{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([&, t] {
      ++ready;
      while (ready.load() < thread_count) std::this_thread::yield();
      body(t);
    });
  }
  for (auto& t : threads) t.join();
}

}  // namespace

TEST_CASE("8 threads x 1,000 calls on one client: every answer matches, none is lost") {
  sandbox::server server;
  auto& fake = server.mount<sandbox::providers_fake>("/providers");
  // One provider per call, so every answer names exactly one request.
  for (int t = 0; t < thread_count; ++t) {
    for (int c = 0; c < calls_per_thread; ++c) {
      fake.add_provider({{"id", "id-" + slug_of(t, c)}, {"provider_slug", slug_of(t, c)}});
    }
  }

  std::atomic<int> exchanges{0};
  std::atomic<int> retried{0};
  plugboard::client_options options(server.url("/providers"));
  options.on_exchange = [&](const plugboard::exchange_record& record) {
    ++exchanges;
    if (record.attempt != 1 || record.status != 200) ++retried;
  };
  plugboard::providers::client<> client(options, plugboard::providers::api_key("shared-key"));

  std::atomic<int> matched{0};
  std::atomic<int> mismatched{0};
  std::atomic<int> failed{0};
  on_threads([&](int t) {
    for (int c = 0; c < calls_per_thread; ++c) {
      const std::string slug = slug_of(t, c);
      try {
        const auto p = client.connector_providers().get(slug);
        if (p.provider_slug == slug && p.id == "id-" + slug) {
          ++matched;
        } else {
          ++mismatched;
        }
      } catch (const plugboard::error&) {
        ++failed;
      }
    }
  });

  const int total = thread_count * calls_per_thread;
  CHECK(matched == total);
  CHECK(mismatched == 0);
  CHECK(failed == 0);
  CHECK(exchanges == total);
  CHECK(retried == 0);
  // Counted at the sandbox: every call arrived exactly once.
  CHECK(server.request_count() == static_cast<std::size_t>(total));
  std::map<std::string, int> seen;
  for (const auto& logged : server.requests()) ++seen[logged.target];
  CHECK(seen.size() == static_cast<std::size_t>(total));
  bool each_once = true;
  for (const auto& entry : seen) each_once = each_once && entry.second == 1;
  CHECK(each_once);
  // Keep-alive: a handful of connections carried all of it.
  const std::size_t connections = server.connection_count();
  MESSAGE(total << " calls over " << connections << " connections");
  CHECK(connections >= 1);
  CHECK(connections <= 2 * thread_count);
}

TEST_CASE("a thread keeps its own connection, and a later thread reuses an idle one") {
  sandbox::server server;
  auto& fake = server.mount<sandbox::providers_fake>("/providers");
  fake.add_provider({{"id", "id-p"}, {"provider_slug", "p"}});
  plugboard::providers::client<> client(server.url("/providers"),
                                        plugboard::providers::api_key("k"));
  const auto calls = [&](int n) {
    int ok = 0;
    for (int i = 0; i < n; ++i) ok += client.connector_providers().get("p").provider_slug == "p";
    return ok;
  };
  CHECK(calls(100) == 100);
  CHECK(server.connection_count() == 1);
  // A new thread finds no connection of its own and takes the idle one.
  int later = 0;
  std::thread([&] { later = calls(100); }).join();
  CHECK(later == 100);
  CHECK(server.connection_count() == 1);
  // Threads calling together each keep one: at most one more per thread.
  std::atomic<int> together{0};
  on_threads([&](int) { together += calls(100); });
  CHECK(together == thread_count * 100);
  CHECK(server.connection_count() <= 1 + static_cast<std::size_t>(thread_count));
}

TEST_CASE("8 threads mixing reads and writes on one Pipeshub client with a rotating token") {
  sandbox::server server;
  auto& fake = server.mount<sandbox::pipeshub_fake>("/pipeshub");
  std::atomic<int> token_calls{0};
  // A token source called before every attempt, from every thread at once.
  plugboard::pipeshub::client<> client(server.url("/pipeshub/api/v1"), plugboard::bearer_auth([&] {
                                         ++token_calls;
                                         return std::string("admin-token");
                                       }));
  constexpr int per_thread = 100;
  const std::size_t before = fake.size();
  std::atomic<int> failed{0};
  std::mutex ids_mutex;
  std::set<std::string> ids;
  on_threads([&](int t) {
    auto api = client.connector_instances();
    for (int c = 0; c < per_thread; ++c) {
      try {
        const std::string name = "inst " + slug_of(t, c);
        const auto created = api.create("jira", name, plugboard::pipeshub::connector_scope::team);
        const auto fetched = api.get(created.connector_id);
        const auto renamed = api.update_name(created.connector_id, name + " (renamed)");
        if (fetched.instance_name != name || renamed.instance_name != name + " (renamed)") {
          ++failed;
        }
        std::lock_guard<std::mutex> lock(ids_mutex);
        ids.insert(created.connector_id);
      } catch (const plugboard::error&) {
        ++failed;
      }
    }
  });
  CHECK(failed == 0);
  CHECK(ids.size() == static_cast<std::size_t>(thread_count * per_thread));
  CHECK(fake.size() == before + ids.size());
  CHECK(token_calls == 3 * thread_count * per_thread);
  CHECK(server.request_count() == static_cast<std::size_t>(3 * thread_count * per_thread));
}

TEST_CASE("8 threads on one FortiSOAR client: shared login, re-login after expiry, shared cache") {
  sandbox::server server;
  auto& fake = server.mount<sandbox::fortisoar_fake>("/fortisoar");
  plugboard::fortisoar::client<plugboard::http_transport, plugboard::fortisoar::password_auth> soar(
      server.url("/fortisoar"), plugboard::fortisoar::password_auth("csadmin", "changeme"));
  constexpr int per_thread = 100;
  std::atomic<int> failed{0};
  std::atomic<int> wrong{0};
  on_threads([&](int t) {
    auto connectors = soar.connectors();
    for (int c = 0; c < per_thread; ++c) {
      try {
        if (t == 0 && c == per_thread / 2) fake.expire_tokens();
        // Name resolution reads the shared cache; execute resolves the version.
        if (connectors.resolve_version("virustotal").value_or("") != "3.1.0") ++wrong;
        const auto r = connectors.execute("virustotal", "get_reputation_ip",
                                          {{"ip", "192.0.2." + std::to_string(c)}});
        if (!r.ok()) ++wrong;
        if (c % 10 == 0) connectors.clear_cache();
      } catch (const plugboard::error&) {
        ++failed;
      }
    }
  });
  CHECK(failed == 0);
  CHECK(wrong == 0);
  // One login at the start and one after the expiry: the calls that raced
  // it replayed with the new token instead of logging in again.
  CHECK(soar.core().auth().logins() == 2);
}
