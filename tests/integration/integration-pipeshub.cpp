// SPDX-License-Identifier: MIT
// Pipeshub connector instances over real HTTP against the sandbox on
// 127.0.0.1, in both response shapes: the current server's and the SDK's.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "plugboard/pipeshub/client.hpp"
#include "plugboard/sandbox/pipeshub.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "support/pipeshub_fixture.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::sandbox::fault;
using plugboard::sandbox::pipeshub_fake;
using plugboard::testing::fake_clock;
namespace pipeshub = plugboard::pipeshub;

namespace {

using fixture = plugboard_test::pipeshub_fixture;

const char* name_of(pipeshub_fake::shape shape) {
  return shape == pipeshub_fake::shape::server ? "server shapes" : "SDK shapes";
}

std::vector<std::string> names(const pipeshub::connector_list& list) {
  std::vector<std::string> out;
  for (const auto& c : list.connectors) out.push_back(c.instance_name);
  return out;
}

template <class Call>
plugboard::api_error api_error_of(Call&& call) {
  try {
    call();
  } catch (const plugboard::api_error& e) {
    return e;
  }
  FAIL("no api_error");
  return plugboard::api_error(0, {}, "", "");
}

}  // namespace

TEST_CASE("all nine operations, in the server's shapes and in the SDK's") {
  for (const auto shape : {pipeshub_fake::shape::server, pipeshub_fake::shape::sdk}) {
    CAPTURE(name_of(shape));
    const bool server_shape = shape == pipeshub_fake::shape::server;
    fixture f(shape);
    auto admin_client = f.as("admin-token");
    auto member_client = f.as("member-token");
    auto admin = admin_client.connector_instances();
    auto member = member_client.connector_instances();

    // list: the three seeded team instances (the member's personal one is hidden).
    const auto listed = admin.list();
    CHECK(names(listed) ==
          std::vector<std::string>{"Engineering Confluence", "Company Slack", "Marketing Drive"});
    REQUIRE(listed.pagination.has_value());
    CHECK(listed.pagination->total == 3);
    CHECK(listed.pagination->has_more == false);
    CHECK(listed.connectors[0].connector_type == "confluence");
    CHECK(listed.connectors[0].scope == pipeshub::connector_scope::team);
    CHECK(listed.connectors[0].created_by == "user-admin");
    CHECK(listed.connectors[0].created_at.has_value());
    CHECK(f.server.requests().back().target == "/pipeshub/api/v1/connectors?page=1&limit=20");

    // create: a personal instance with credentials, so it is configured.
    pipeshub::create_connector_request request{"confluence", "Docs Wiki",
                                               pipeshub::connector_scope::personal};
    request.auth_type = pipeshub::auth_type::api_token;
    auto& config = request.config.emplace();
    config.auth.emplace().values = {{"apiToken", "atl-token"}, {"email", "me@example.com"}};
    config.sync.emplace().scheduled_config.emplace();
    const auto created = member.create(request);
    CHECK(f.last_status() == (server_shape ? 200 : 201));
    CHECK_FALSE(created.connector_id.empty());
    CHECK(created.connector_type == "confluence");
    CHECK(created.instance_name == "Docs Wiki");
    CHECK(created.scope == pipeshub::connector_scope::personal);
    CHECK(created.created_by == "user-member");
    CHECK(created.is_configured == true);
    const auto stored = f.fake.lookup(created.connector_id);
    REQUIRE(stored.has_value());
    CHECK(stored->config["sync"]["selectedStrategy"] == "MANUAL");
    CHECK(stored->config["sync"]["scheduledConfig"]["intervalMinutes"] == 60);
    CHECK(stored->config["sync"]["scheduledConfig"]["timezone"] == "UTC");

    // list_active / list_inactive: the new instance starts inactive.
    CHECK(names(member.list_active()) ==
          std::vector<std::string>{"Engineering Confluence", "Company Slack", "My Jira"});
    CHECK(names(member.list_inactive()) ==
          std::vector<std::string>{"Marketing Drive", "Docs Wiki"});
    CHECK_FALSE(member.list_inactive().pagination.has_value());

    // list_configured (nested by the server) and list_active_agents.
    const auto configured = member.list_configured();
    CHECK(names(configured) == std::vector<std::string>{"Engineering Confluence", "Company Slack",
                                                        "My Jira", "Docs Wiki"});
    CHECK(configured.pagination->total == 4);
    pipeshub::list_params personal;
    personal.scope = pipeshub::connector_scope::personal;
    CHECK(names(member.list_configured(personal)) ==
          std::vector<std::string>{"My Jira", "Docs Wiki"});
    CHECK(names(member.list_active_agents()) ==
          std::vector<std::string>{"Engineering Confluence", "My Jira"});

    // get: the creator sees it; for another caller a personal instance does not exist.
    const auto got = member.get(created.connector_id);
    CHECK(got.connector_id == created.connector_id);
    CHECK(got.instance_name == "Docs Wiki");
    CHECK(got.auth_type == pipeshub::connector_auth_type::api_token);
    CHECK(got.is_active == false);
    CHECK(got.updated_at.has_value());
    if (server_shape) CHECK(got.config["auth"]["values"]["email"] == "me@example.com");
    CHECK(api_error_of([&] { admin.get(created.connector_id); }).status() == 404);

    // update_name.
    const auto renamed = member.update_name(created.connector_id, "Team Wiki");
    CHECK(renamed.connector_id == created.connector_id);
    CHECK(renamed.instance_name == "Team Wiki");
    CHECK(member.get(created.connector_id).instance_name == "Team Wiki");

    // delete_.
    const auto deleted = member.delete_(created.connector_id);
    CHECK(deleted.success == true);
    if (server_shape) {
      CHECK(f.last_status() == 202);
      CHECK(deleted.status == "DELETING");
      CHECK(deleted.connector_id == created.connector_id);
    } else {
      CHECK(f.last_status() == 200);
      CHECK(deleted.message == "Connector instance deleted");
    }
    CHECK(api_error_of([&] { member.get(created.connector_id); }).status() == 404);
    CHECK(f.fake.size() == 4);
  }
}

TEST_CASE("search by name and lazy walks over every page, in both shapes") {
  for (const auto shape : {pipeshub_fake::shape::server, pipeshub_fake::shape::sdk}) {
    CAPTURE(name_of(shape));
    fixture f(shape);
    for (int i = 1; i <= 23; ++i) {
      pipeshub_fake::instance bulk;
      bulk.type = "slack";
      bulk.name = "Bulk Slack " + std::to_string(i);
      bulk.scope = "team";
      bulk.created_by = "user-admin";
      bulk.auth_type = "OAUTH";
      bulk.is_configured = i % 2 == 0;
      bulk.is_agent_active = i % 3 == 0;
      f.fake.add(bulk);
    }
    auto c = f.as("member-token");
    auto api = c.connector_instances();

    pipeshub::list_params search;
    search.search = "bulk slack 1";
    CHECK(api.list(search).connectors.size() == 11);  // 1, 10..19

    pipeshub::list_params pages;
    pages.limit = 5;
    f.server.clear_requests();
    auto all = api.list_all(pages);
    CHECK(f.server.requests().empty());  // nothing until iterated
    CHECK(all.collect().size() == 27);   // 3 team + 1 personal + 23
    CHECK(f.server.requests().size() == 6);
    CHECK(f.server.requests().back().target == "/pipeshub/api/v1/connectors?page=6&limit=5");

    pages.search = "bulk";
    CHECK(api.list_configured_all(pages).collect().size() == 11);
    CHECK(api.list_active_agents_all(pages).collect().size() == 7);
    pages.limit = 200;
    pages.search.reset();
    CHECK(api.list_all(pages).collect().size() == 27);
  }
}

TEST_CASE("a per-call retry rides out a 503 burst over HTTP, honouring Retry-After") {
  fixture f;
  fake_clock clock;
  plugboard::client_options options(f.server.url("/pipeshub/api/v1"));
  options.clock = clock.hooks();
  pipeshub::client<> c(options, plugboard::bearer_auth("admin-token"));
  const pipeshub::retry_config retries{"backoff", {250ms, 2000ms, 2.0, 60000ms}, false};

  f.server.inject(fault::http_status(503).times(3).on("/pipeshub/api/v1/connectors"));
  CHECK(c.connector_instances().list_active(retries).connectors.size() == 2);
  CHECK(f.server.request_count() == 4);
  CHECK(clock.sleeps() == std::vector<std::chrono::milliseconds>{250ms, 500ms, 1000ms});

  f.server.inject(fault::http_status(429, "4").on("/pipeshub/api/v1/connectors"));
  CHECK(c.connector_instances().list(pipeshub::list_params{}, retries).connectors.size() == 3);
  CHECK(clock.sleeps().back() == 4000ms);

  // Without the override the client's own policy (no retries) applies.
  f.server.inject(fault::http_status(503).on("/pipeshub/api/v1/connectors"));
  const auto e = api_error_of([&] { c.connector_instances().list_active(); });
  CHECK(e.status() == 503);
  CHECK(e.attempts() == 1);
  CHECK(f.server.request_count() == 7);
}

TEST_CASE("401 for a wrong or missing token, and the token never leaks") {
  fixture f;
  for (const std::string& token : {std::string(plugboard_test::canary_token), std::string()}) {
    auto intruder = f.as(token);
    const auto e = api_error_of([&] { intruder.connector_instances().list(); });
    CHECK(e.status() == 401);
    CHECK(e.service_code() == "HTTP_UNAUTHORIZED");
    CHECK(e.service_message() == "Invalid or expired token");
    CHECK_FALSE(plugboard_test::mentions_canary(e.what()));
    CHECK_FALSE(plugboard_test::mentions_canary(e.body()));
  }
  for (const auto& logged : f.server.requests()) {
    CHECK_FALSE(plugboard_test::mentions_canary(logged.headers.get("Authorization")));
  }
}

TEST_CASE("403 for team creation or team deletion without an admin token") {
  for (const auto shape : {pipeshub_fake::shape::server, pipeshub_fake::shape::sdk}) {
    CAPTURE(name_of(shape));
    fixture f(shape);
    auto member_client = f.as("member-token");
    auto member = member_client.connector_instances();
    const auto e = api_error_of(
        [&] { member.create("slack", "Everyone's Slack", pipeshub::connector_scope::team); });
    CHECK(e.status() == 403);
    CHECK(e.service_code() == "HTTP_FORBIDDEN");
    CHECK(e.service_message() == "Only administrators can create team connectors");
    CHECK(f.fake.size() == 4);

    const auto team_id = member.list_all().collect().at(0).connector_id;
    CHECK(api_error_of([&] { member.delete_(team_id); }).status() == 403);

    auto admin_client = f.as("admin-token");
    const auto made = admin_client.connector_instances().create("slack", "Everyone's Slack",
                                                                pipeshub::connector_scope::team);
    CHECK(made.scope == pipeshub::connector_scope::team);
    CHECK(member.get(made.connector_id).instance_name == "Everyone's Slack");  // team: visible
  }
}

TEST_CASE("404 for an unknown id, 400 for what the server refuses") {
  for (const auto shape : {pipeshub_fake::shape::server, pipeshub_fake::shape::sdk}) {
    CAPTURE(name_of(shape));
    fixture f(shape);
    auto c = f.as("admin-token");
    auto api = c.connector_instances();
    for (const auto& e : {api_error_of([&] { api.get("no-such-id"); }),
                          api_error_of([&] { api.delete_("no-such-id"); }),
                          api_error_of([&] { api.update_name("no-such-id", "x"); })}) {
      CHECK(e.status() == 404);
      CHECK(e.service_code() == "HTTP_NOT_FOUND");
      CHECK(e.service_message() == "Connector instance not found");
    }
    // An adversarial id stays one segment: a 404, not another route.
    CHECK(api_error_of([&] { api.get("../connectors/active"); }).status() == 404);

    const auto duplicate = api_error_of([&] {
      api.create("confluence", "Engineering Confluence", pipeshub::connector_scope::team);
    });
    CHECK(duplicate.status() == 400);
    CHECK(duplicate.service_code() == "HTTP_BAD_REQUEST");
    pipeshub::create_connector_request wrong_auth{"slack", "Chat",
                                                  pipeshub::connector_scope::personal};
    wrong_auth.auth_type = pipeshub::auth_type::service_account;
    CHECK(api_error_of([&] { api.create(wrong_auth); }).status() == 400);
    const auto unknown_type =
        api_error_of([&] { api.create("gopher", "Holes", pipeshub::connector_scope::personal); });
    CHECK(unknown_type.status() == (shape == pipeshub_fake::shape::server ? 404 : 400));
  }
}

TEST_CASE("a non-JSON error body over HTTP is still an api_error") {
  fixture f;
  auto c = f.as("admin-token");
  fault html = fault::http_status(502);
  html.body = "<html><head><title>502 Bad Gateway</title></head></html>\n<center>nginx</center>";
  f.server.inject(html);
  const auto e = api_error_of([&] { c.connector_instances().list_configured(); });
  CHECK(e.status() == 502);
  CHECK(e.service_message() == "<html><head><title>502 Bad Gateway</title></head></html>");
  CHECK(e.body().find("nginx") != std::string::npos);
}

TEST_CASE("bad input never reaches the server") {
  fixture f;
  auto c = f.as("admin-token");
  auto api = c.connector_instances();
  CHECK_THROWS_AS(api.get(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.delete_(""), plugboard::usage_error);
  CHECK_THROWS_AS(api.update_name("x", ""), plugboard::usage_error);
  CHECK_THROWS_AS(api.update_name("x", std::string(101, 'n')), plugboard::usage_error);
  CHECK_THROWS_AS(api.create("slack", std::string(101, 'n'), pipeshub::connector_scope::personal),
                  plugboard::usage_error);
  CHECK_THROWS_AS(api.create("slack", "", pipeshub::connector_scope::personal),
                  plugboard::usage_error);
  pipeshub::list_params params;
  params.limit = 500;
  CHECK_THROWS_AS(api.list(params), plugboard::usage_error);
  CHECK(f.server.request_count() == 0);
  // The fake refuses what the client would have refused.
  CHECK(api.create("slack", std::string(100, 'n'), pipeshub::connector_scope::personal)
            .instance_name.size() == 100);
}
