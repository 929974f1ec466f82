// SPDX-License-Identifier: MIT
// The fleet-scale tests' and benchmarks' Fivetran: the sandbox's fake in
// rate-limit mode with the budget classes Fivetran's descriptors declare,
// its connectors, and the mixed calls a fleet script makes on them.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include "plugboard/bulk/batch.hpp"
#include "plugboard/core/rate_budget.hpp"
#include "plugboard/fivetran/client.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/server.hpp"
#include "support/fleet_endpoints.hpp"

namespace fleet_test {

constexpr const char* fivetran_key = "fleet-key";
constexpr const char* fivetran_secret = "fleet-secret";

inline plugboard::sandbox::fivetran_fake::settings fivetran_settings() {
  plugboard::sandbox::fivetran_fake::settings s;
  s.api_key = fivetran_key;
  s.api_secret = fivetran_secret;
  return s;
}

// Connector ids c00, c01, ... added to the fake.
inline std::vector<std::string> add_connectors(plugboard::sandbox::fivetran_fake& fake, int n) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    std::string id = fleet_test::numbered(i < 10 ? "c0" : "c", i);
    fake.add_connector(id, "google_sheets");
    ids.push_back(std::move(id));
  }
  return ids;
}

// The sandbox's rate-limit mode: `per_second` requests a second of every
// kind ("*"), and `setup_tests_per_second` of setup tests (also source
// interactions, as Fivetran counts them).
inline plugboard::sandbox::rate_limit_mode fivetran_rate_mode(std::size_t per_second,
                                                              std::size_t setup_tests_per_second) {
  plugboard::sandbox::rate_limit_mode mode;
  mode.budgets = {{"*", per_second, std::chrono::seconds(1)},
                  {"setup_tests", setup_tests_per_second, std::chrono::seconds(1)}};
  mode.routes = {{"POST", "/v1/connectors/{connector_id}/test", "setup_tests"}};
  mode.also_counts_against["setup_tests"] = {"source_interaction"};
  return mode;
}

// The client's budgets for the same numbers.
inline plugboard::rate_budgets fivetran_budgets(std::size_t per_second,
                                                std::size_t setup_tests_per_second) {
  plugboard::rate_budgets budgets;
  budgets.every_request = {{per_second, std::chrono::seconds(1)}};
  budgets.classes["setup_tests"].limits = {{setup_tests_per_second, std::chrono::seconds(1)}};
  budgets.classes["setup_tests"].also_counts_against = {"source_interaction"};
  return budgets;
}

// The request id of item `i` (X-Request-Id, which the sandbox's log keeps).
inline std::string request_id(std::size_t i) {
  return numbered("item-", static_cast<long long>(i));
}

// Adds `n` mixed calls across `ids` to `work`, item i tagged request_id(i):
// details (GET), sync (POST), setup tests (POST, their own budget), and a
// modify (PATCH) that pauses the connector.
template <class Client>
void add_mixed_calls(plugboard::batch& work, Client& client, const std::vector<std::string>& ids,
                     std::size_t n) {
  namespace endpoints = plugboard::fivetran::endpoints;
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& id = ids[i % ids.size()];
    plugboard::call_options tagged;
    tagged.headers.set("X-Request-Id", request_id(i));
    switch (i % 4) {
      case 0: work.add(client, endpoints::connector_details{id}, tagged); break;
      case 1: {
        endpoints::sync_connector sync;
        sync.connector_id = id;
        work.add(client, sync, tagged);
        break;
      }
      case 2: {
        endpoints::run_setup_tests test;
        test.connector_id = id;
        work.add(client, test, tagged);
        break;
      }
      default: {
        endpoints::modify_connector modify;
        modify.connector_id = id;
        modify.body.paused = true;
        work.add(client, modify, tagged);
        break;
      }
    }
  }
}

}  // namespace fleet_test
