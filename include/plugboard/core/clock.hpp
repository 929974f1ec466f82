// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace plugboard {

// Where plugboard reads the time and how it waits: retry backoff and polling
// go through these hooks, so tests can swap in a fake clock and take no wall
// time (see plugboard/testing/fake_clock.hpp).
struct clock_hooks {
  using steady_time = std::chrono::steady_clock::time_point;
  using wall_time = std::chrono::system_clock::time_point;

  std::function<steady_time()> now = [] { return std::chrono::steady_clock::now(); };
  // Only used to turn an HTTP-date Retry-After into a delay.
  std::function<wall_time()> wall_now = [] { return std::chrono::system_clock::now(); };
  std::function<void(std::chrono::milliseconds)> sleep = [](std::chrono::milliseconds d) {
    std::this_thread::sleep_for(d);
  };
};

}  // namespace plugboard
