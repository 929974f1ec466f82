// SPDX-License-Identifier: MIT
// The sandbox's worker pool: grows while tasks block, never beyond its cap,
// shrinks back when idle, and runs every queued task before shutdown returns.
// Waits are bounded liveness checks, never speed assertions.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <thread>

#include "plugboard/sandbox/elastic_pool.hpp"

using namespace std::chrono_literals;
using plugboard::sandbox::detail::elastic_pool;

namespace {

// Tasks that block until released, counting how many run at once.
struct gate {
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t running = 0;
  std::size_t most = 0;
  std::size_t done = 0;
  bool open = false;

  void task() {
    std::unique_lock<std::mutex> lock(mutex);
    ++running;
    if (running > most) most = running;
    changed.notify_all();
    changed.wait_for(lock, 30s, [this] { return open; });
    --running;
    ++done;
    changed.notify_all();
  }
  // Waits (at most 30 s) until `predicate` holds.
  template <class Predicate>
  bool wait(Predicate predicate) {
    std::unique_lock<std::mutex> lock(mutex);
    return changed.wait_for(lock, 30s, [&] { return predicate(*this); });
  }
  void release() {
    std::lock_guard<std::mutex> lock(mutex);
    open = true;
    changed.notify_all();
  }
};

// Polls `condition` for at most 30 s.
template <class Condition>
bool eventually(Condition condition) {
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

}  // namespace

TEST_CASE("a worker is added for each blocked task, and the extras leave when idle") {
  gate g;
  elastic_pool pool(2, 64, 20ms);
  CHECK(pool.threads() == 2);
  for (int i = 0; i < 40; ++i) pool.enqueue([&g] { g.task(); });
  CHECK(g.wait([](const gate& s) { return s.running == 40; }));  // all at once
  CHECK(pool.threads() >= 40);  // two more when the first two had not started yet
  g.release();
  CHECK(g.wait([](const gate& s) { return s.done == 40; }));
  CHECK(eventually([&] { return pool.threads() == 2; }));
}

TEST_CASE("never more workers than the cap: the other tasks wait their turn") {
  gate g;
  elastic_pool pool(1, 4, 20ms);
  for (int i = 0; i < 10; ++i) pool.enqueue([&g] { g.task(); });
  CHECK(g.wait([](const gate& s) { return s.running == 4; }));
  std::this_thread::sleep_for(50ms);  // give a fifth worker the chance to appear
  CHECK(pool.threads() == 4);
  g.release();
  CHECK(g.wait([](const gate& s) { return s.done == 10; }));
  CHECK(g.most == 4);
}

TEST_CASE("shutdown runs the queued tasks, then joins every worker; a throwing task is contained") {
  std::atomic<int> ran{0};
  {
    elastic_pool pool(1, 1);
    pool.enqueue([] { throw 42; });
    for (int i = 0; i < 100; ++i) pool.enqueue([&ran] { ++ran; });
    pool.shutdown();
    CHECK(ran == 100);
    CHECK(pool.threads() == 0);
    pool.enqueue([&ran] { ++ran; });  // ignored once stopped
    pool.shutdown();                  // idempotent
  }
  CHECK(ran == 100);
}
