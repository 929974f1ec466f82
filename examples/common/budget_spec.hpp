// SPDX-License-Identifier: MIT
// "SERVICE:CLASS=REQUESTS/WINDOW", a rate budget as the plugboard CLI
// (`batch --budget`) and plugboard-sandbox (`--rate-limit`) take it: at most
// REQUESTS requests of the budget class CLASS ("*" for every request) of
// SERVICE in any WINDOW, a number and a unit (ms, s, m or h). E.g.
// "fivetran:setup_tests=250/1m", "fivetran:*=200/1s".
#pragma once

#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace plugboard_examples {

struct budget_spec {
  std::string service;
  std::string budget_class;
  std::size_t requests = 0;
  std::chrono::milliseconds window{0};
};

namespace detail {

inline long long spec_count(std::string_view text, std::string_view what) {
  if (text.empty() || text.size() > 9) {
    throw std::invalid_argument(std::string(what) + " must be a number from 1 to 999999999");
  }
  long long value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      throw std::invalid_argument(std::string(what) + " must be a number from 1 to 999999999");
    }
    value = value * 10 + (c - '0');
  }
  if (value == 0) throw std::invalid_argument(std::string(what) + " must be at least 1");
  return value;
}

}  // namespace detail

// Throws std::invalid_argument saying what is wrong.
inline budget_spec parse_budget_spec(std::string_view text) {
  const auto colon = text.find(':');
  const auto equals = text.find('=');
  const auto slash = text.rfind('/');
  if (colon == std::string_view::npos || equals == std::string_view::npos ||
      slash == std::string_view::npos || !(colon < equals && equals < slash)) {
    throw std::invalid_argument("expected SERVICE:CLASS=REQUESTS/WINDOW, e.g. fivetran:*=200/1s");
  }
  budget_spec out;
  out.service = std::string(text.substr(0, colon));
  out.budget_class = std::string(text.substr(colon + 1, equals - colon - 1));
  if (out.service.empty() || out.budget_class.empty()) {
    throw std::invalid_argument("the service and the class must not be empty");
  }
  out.requests = static_cast<std::size_t>(
      detail::spec_count(text.substr(equals + 1, slash - equals - 1), "REQUESTS"));
  std::string_view window = text.substr(slash + 1);
  std::size_t digits = 0;
  while (digits < window.size() && window[digits] >= '0' && window[digits] <= '9') ++digits;
  const long long amount = detail::spec_count(window.substr(0, digits), "WINDOW");
  const std::string_view unit = window.substr(digits);
  long long milliseconds = 0;
  if (unit == "ms") {
    milliseconds = amount;
  } else if (unit == "s") {
    milliseconds = amount * 1000;
  } else if (unit == "m") {
    milliseconds = amount * 60 * 1000;
  } else if (unit == "h") {
    milliseconds = amount * 3600 * 1000;
  } else {
    throw std::invalid_argument("WINDOW needs a unit: ms, s, m or h (e.g. 1s)");
  }
  out.window = std::chrono::milliseconds(milliseconds);
  return out;
}

}  // namespace plugboard_examples
