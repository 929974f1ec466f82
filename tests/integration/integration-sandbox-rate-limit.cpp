// SPDX-License-Identifier: MIT
// The sandbox's rate-limit mode, in process, with a plain HTTP client: a
// budget per class of routes (below the mount), "*" for every request, a
// class that also counts against another, 429 with Retry-After beyond a
// budget (never reaching the fake, never counted), X-Rate-Limit headers,
// per mount, and off again.
#include <doctest/doctest.h>

#include <httplib.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

#include "plugboard/sandbox/pipeshub.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "plugboard/sandbox/server.hpp"

using namespace std::chrono_literals;
namespace sandbox = plugboard::sandbox;

namespace {

constexpr const char* catalogue = "/providers/v1/admin/connector-providers";

std::unique_ptr<httplib::Client> client_of(const sandbox::server& server) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", server.port());
  c->set_connection_timeout(10, 0);
  c->set_read_timeout(30, 0);
  return c;
}

int status_of(const httplib::Result& result) { return result ? result->status : -1; }

int setup(httplib::Client& c, const std::string& slug) {
  return status_of(c.Post((std::string(catalogue) + "/" + slug + "/setup").c_str(),
                          R"({"client_id":"x"})", "application/json"));
}

// An hour-long window: nothing leaves it while the test runs.
sandbox::rate_limit_mode hourly(std::size_t all, std::size_t setups) {
  sandbox::rate_limit_mode mode;
  mode.budgets = {{"*", all, 1h}, {"setup", setups, 1h}};
  mode.routes = {{"POST", "/v1/admin/connector-providers/{provider_slug}/setup", "setup"}};
  return mode;
}

}  // namespace

TEST_CASE("beyond a class's budget: 429 with Retry-After, the fake never sees it") {
  sandbox::server server;
  server.mount<sandbox::providers_fake>("/providers");
  server.limit_rate("/providers", hourly(100, 2));
  auto c = client_of(server);
  // Answered by the fake (which judges the configuration), not refused.
  CHECK(setup(*c, "github") != 429);
  CHECK(setup(*c, "github") != 429);
  const auto refused =
      c->Post((std::string(catalogue) + "/github/setup").c_str(), "{}", "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 429);
  const int retry_after = std::stoi(refused->get_header_value("Retry-After"));
  CHECK(retry_after > 3500);
  CHECK(retry_after <= 3600);
  CHECK(refused->body.find("TooManyRequests") != std::string::npos);
  // Another class still has room; the refusal was not counted.
  CHECK(status_of(c->Get(catalogue)) == 200);
  CHECK(server.rate_limited_count() == 1);
  CHECK(server.request_count() == 4);
}

TEST_CASE("'*' counts every request of the mount; a class may count against another") {
  sandbox::server server;
  server.mount<sandbox::providers_fake>("/providers");
  server.mount<sandbox::pipeshub_fake>("/pipeshub");
  sandbox::rate_limit_mode mode = hourly(3, 10);
  mode.budgets.push_back({"source", 1, 1h});
  mode.also_counts_against["setup"] = {"source"};
  mode.rate_headers = true;
  server.limit_rate("/providers", mode);
  auto c = client_of(server);
  const auto first = c->Get(catalogue);
  REQUIRE(first);
  CHECK(first->status == 200);
  CHECK(first->get_header_value("X-Rate-Limit") == "3");
  CHECK(first->get_header_value("X-Rate-Limit-Remaining") == "2");
  CHECK(setup(*c, "github") != 429);
  // The one source interaction is spent by the setup.
  CHECK(setup(*c, "github") == 429);
  CHECK(status_of(c->Get(catalogue)) == 200);
  CHECK(status_of(c->Get(catalogue)) == 429);
  // Another mount has no mode.
  for (int i = 0; i < 5; ++i) {
    CHECK(status_of(c->Get("/pipeshub/api/v1/connectors/instances")) != 429);
  }
  // Off again.
  server.limit_rate("/providers", {});
  CHECK(status_of(c->Get(catalogue)) == 200);
  CHECK(server.rate_limited_count() == 2);
}

TEST_CASE("rate-limit mode: an unknown mount or a malformed budget is refused") {
  sandbox::server server;
  server.mount<sandbox::providers_fake>("/providers");
  CHECK_THROWS_AS(server.limit_rate("/nothing", hourly(1, 1)), std::invalid_argument);
  sandbox::rate_limit_mode empty_budget;
  empty_budget.budgets = {{"default", 0, 1h}};
  CHECK_THROWS_AS(server.limit_rate("/providers", empty_budget), std::invalid_argument);
  sandbox::rate_limit_mode no_window;
  no_window.budgets = {{"default", 5, 0ms}};
  CHECK_THROWS_AS(server.limit_rate("/providers/", no_window), std::invalid_argument);
}
