// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <utility>

#include "plugboard/core/rate_budget.hpp"
#include "plugboard/transport/http.hpp"
#include "plugboard/transport/rate_limited.hpp"

namespace plugboard::fivetran {

// Which of Fivetran's published limits apply: they differ by plan.
enum class account_plan { paid, trial };

// Fivetran's published rate budgets (docs/api/fivetran.md, "Rate limits";
// account level, rolling windows), by the budget classes its descriptors
// declare: every request 20,000 per hour (trial 500); "setup_tests" 250 per
// minute and 2,500 per hour (trial 50 per hour), each also a source
// interaction; "source_interaction" 500 per minute and 5,000 per hour
// (trial 25 per minute, 250 per hour). X-Rate-Limit-Remaining counts every
// request. Fivetran has changed these before: change the returned value to
// override any of them.
inline rate_budgets published_rate_budgets(account_plan plan = account_plan::paid) {
  using std::chrono::hours;
  using std::chrono::minutes;
  const bool paid = plan == account_plan::paid;
  rate_budgets budgets;
  budgets.every_request = {{paid ? 20000u : 500u, hours(1)}};
  budget_class_limits& setup_tests = budgets.classes["setup_tests"];
  setup_tests.limits = paid ? std::vector<rate_limit>{{250, minutes(1)}, {2500, hours(1)}}
                            : std::vector<rate_limit>{{50, hours(1)}};
  setup_tests.also_counts_against = {"source_interaction"};
  budgets.classes["source_interaction"].limits =
      paid ? std::vector<rate_limit>{{500, minutes(1)}, {5000, hours(1)}}
           : std::vector<rate_limit>{{25, minutes(1)}, {250, hours(1)}};
  budgets.headers = rate_headers_scope::every_request;
  return budgets;
}

// http_transport kept within Fivetran's published budgets (by default a
// paid plan's): plugboard::fivetran::client<fivetran::rate_limited_http>.
// Copies share the budgets, so one account's clients can share one.
class rate_limited_http : public rate_limited_transport<http_transport> {
 public:
  rate_limited_http() : rate_limited_http(published_rate_budgets()) {}
  explicit rate_limited_http(rate_budgets budgets, http_transport inner = http_transport())
      : rate_limited_transport<http_transport>(std::move(inner), std::move(budgets)) {}
};

}  // namespace plugboard::fivetran
