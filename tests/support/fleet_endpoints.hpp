// SPDX-License-Identifier: MIT
// Small descriptors of a made-up service for the fleet-scale tests (bulk
// executor, rate budgets, futures): one per budget class, answered by
// mock_transport or the sandbox's providers fake.
#pragma once

#include <string>
#include <string_view>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/providers/models.hpp"

namespace fleet_test {

constexpr plugboard::endpoint_defaults defaults_for_endpoints(const void*) noexcept {
  return {"fleet"};
}

using plugboard::providers::provider;

// GET: the "default" budget class, idempotent.
struct get_item {
  std::string id;

  static constexpr std::string_view operation = "get_item";
  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = "/items/{id}";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &get_item::id));
  }
  using response_model = plugboard::providers::data_or_bare<provider>;
  using result = provider;
};

// POST, not idempotent, in the "setup_tests" class.
struct test_item {
  std::string id;

  static constexpr std::string_view operation = "test_item";
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/items/{id}/test";
  static constexpr std::string_view budget_class = "setup_tests";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &test_item::id));
  }
  using response_model = plugboard::providers::data_or_bare<provider>;
  using result = provider;
};

// POST in the "source_interaction" class.
struct reload_item {
  std::string id;

  static constexpr std::string_view operation = "reload_item";
  static constexpr plugboard::method verb = plugboard::method::post;
  static constexpr std::string_view path = "/items/{id}/reload";
  static constexpr std::string_view budget_class = "source_interaction";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &reload_item::id));
  }
  using response_model = plugboard::providers::data_or_bare<provider>;
  using result = provider;
};

// "s" and 7 give "s7". Built by appending: g++ 12 at -O3 takes
// "text" + std::to_string(i) for an overflow (-Wrestrict).
inline std::string numbered(std::string_view prefix, long long i) {
  std::string out(prefix);
  out.append(std::to_string(i));
  return out;
}

// The answer of every descriptor above for item `id`.
inline std::string item_json(std::string_view id) {
  std::string body = R"({"id":"id-)";
  body.append(id).append(R"(","provider_slug":")").append(id).append("\"}");
  return body;
}

}  // namespace fleet_test
