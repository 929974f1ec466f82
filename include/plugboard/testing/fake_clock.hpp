// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "plugboard/core/clock.hpp"

namespace plugboard::testing {

// A clock that only moves when plugboard sleeps: retry and polling tests take
// no wall time, and can assert exactly how long the client chose to wait.
// Copies share one timeline.
class fake_clock {
 public:
  fake_clock() : state_(std::make_shared<state>()) {}

  // Hooks to put in client_options::clock.
  clock_hooks hooks() const {
    clock_hooks h;
    auto s = state_;
    h.now = [s] {
      std::lock_guard<std::mutex> lock(s->mutex);
      return clock_hooks::steady_time(s->elapsed);
    };
    h.wall_now = [s] {
      std::lock_guard<std::mutex> lock(s->mutex);
      return s->wall_start +
             std::chrono::duration_cast<clock_hooks::wall_time::duration>(s->elapsed);
    };
    h.sleep = [s](std::chrono::milliseconds d) {
      std::lock_guard<std::mutex> lock(s->mutex);
      s->elapsed += d;
      s->sleeps.push_back(d);
    };
    return h;
  }

  void advance(std::chrono::milliseconds d) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->elapsed += d;
  }
  // Sets the wall-clock time that corresponds to elapsed zero.
  void set_wall_start(clock_hooks::wall_time t) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->wall_start = t;
  }
  std::chrono::milliseconds elapsed() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return std::chrono::duration_cast<std::chrono::milliseconds>(state_->elapsed);
  }
  // Every sleep requested, in order.
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->sleeps;
  }

 private:
  struct state {
    std::mutex mutex;
    std::chrono::steady_clock::duration elapsed{0};
    clock_hooks::wall_time wall_start{std::chrono::seconds(1767225600)};  // 2026-01-01T00:00:00Z
    std::vector<std::chrono::milliseconds> sleeps;
  };
  std::shared_ptr<state> state_;
};

}  // namespace plugboard::testing
