// SPDX-License-Identifier: MIT
// The ways to extend and reconfigure plugboard: named policy overrides,
// retries chosen at run time, transport decorators and the call context they
// receive, descriptor traits and parameter visits, and the service registry.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/core/call_context.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/fivetran/client.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/services.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "plugboard/testing/mock_transport.hpp"

using namespace std::chrono_literals;
using plugboard::testing::fake_clock;
using plugboard::testing::mock_transport;

namespace {

namespace fe = plugboard::fivetran::endpoints;
namespace pe = plugboard::providers::endpoints;

// What a decorator saw of one send.
struct seen_send {
  std::string operation;
  std::string service;
  std::string path;
  plugboard::method verb;
  bool idempotent;
  int attempt;
  bool sent_by_auth;
  std::string target;
  std::string request_id;  // a call_options header, as the decorator sees the options
};

// A transport decorator: records the context of every request, then sends it
// through the transport it wraps.
struct recording_transport {
  mock_transport next;
  std::shared_ptr<std::vector<seen_send>> seen = std::make_shared<std::vector<seen_send>>();
  std::shared_ptr<plugboard::clock_hooks::steady_time> last_deadline =
      std::make_shared<plugboard::clock_hooks::steady_time>();

  plugboard::response send(const plugboard::request& req, const plugboard::call_context& call) {
    seen->push_back({std::string(call.endpoint.operation), std::string(call.endpoint.service),
                     std::string(call.endpoint.path), call.endpoint.verb, call.idempotent,
                     call.attempt, call.sent_by_auth, req.target,
                     std::string(call.options.headers.get("X-Request-Id"))});
    *last_deadline = call.deadline;
    return plugboard::send_through(next, req, call);
  }
};

plugboard::backoff_retry no_wait_backoff(int attempts) {
  plugboard::backoff_retry b;
  b.jitter = 0;
  b.initial_interval = 10ms;
  b.max_attempts = attempts;
  return b;
}

}  // namespace

TEST_CASE("named overrides change only the policy they name, in any order") {
  using defaults = plugboard::fivetran::client<>;
  static_assert(std::is_same_v<defaults::retry_type, plugboard::no_retry>);
  static_assert(std::is_same_v<defaults::errors_type, plugboard::throw_errors>);
  static_assert(std::is_same_v<defaults::transport_type, plugboard::http_transport>);

  using retrying = plugboard::fivetran::client<plugboard::with_retry<plugboard::backoff_retry>>;
  static_assert(std::is_same_v<retrying::retry_type, plugboard::backoff_retry>);
  static_assert(std::is_same_v<retrying::transport_type, plugboard::http_transport>);
  static_assert(std::is_same_v<retrying::auth_type, defaults::auth_type>);

  // A bare policy type takes the role it meets, wherever it is named.
  using safe = plugboard::fivetran::client<plugboard::return_errors>;
  static_assert(std::is_same_v<safe::errors_type, plugboard::return_errors>);
  static_assert(std::is_same_v<safe::transport_type, plugboard::http_transport>);
  using mocked = plugboard::fivetran::client<plugboard::return_errors, mock_transport>;
  static_assert(std::is_same_v<mocked::errors_type, plugboard::return_errors>);
  static_assert(std::is_same_v<mocked::transport_type, mock_transport>);
  static_assert(std::is_same_v<mocked::retry_type, plugboard::no_retry>);

  // ... and with_errors<return_errors> really returns errors.
  mock_transport mock;
  mock.enqueue_json(404, R"({"code":"NotFound_Connector","message":"gone"})");
  mocked c("http://svc.test", plugboard::fivetran::api_key("k", "s"), mock);
  const auto r = c.connector_management().connector_details("c-1");
  REQUIRE_FALSE(r);
  CHECK(r.error().status() == 404);
}

TEST_CASE("client_options::retry turns retries on at run time; call_options::retry wins") {
  fake_clock clock;
  mock_transport mock;
  plugboard::client_options o("http://svc.test");
  o.clock = clock.hooks();
  o.retry = no_wait_backoff(3);
  plugboard::providers::client<mock_transport> c(o, plugboard::providers::api_key(""), mock);
  static_assert(std::is_same_v<decltype(c)::retry_type, plugboard::no_retry>);

  for (int i = 0; i < 2; ++i) mock.enqueue_json(503, "{}");
  mock.enqueue_json(200, R"({"data":[]})");
  CHECK(c.connector_providers().list().empty());
  CHECK(mock.call_count() == 3);

  // One call's own policy replaces the client's: here, no retry at all.
  mock.enqueue_json(503, "{}");
  plugboard::call_options once;
  once.retry = plugboard::no_retry{};
  CHECK_THROWS_AS(c.connector_providers().list(once), plugboard::api_error);
  CHECK(mock.call_count() == 4);

  // any_retry gives access to the policy it holds.
  plugboard::any_retry held = no_wait_backoff(7);
  REQUIRE(held.get<plugboard::backoff_retry>() != nullptr);
  CHECK(held.get<plugboard::backoff_retry>()->max_attempts == 7);
  CHECK(held.get<plugboard::no_retry>() == nullptr);
}

TEST_CASE("a transport decorator sees each send's endpoint, attempt, options and deadline") {
  fake_clock clock;
  recording_transport transport;
  plugboard::client_options o("http://svc.test/base");
  o.clock = clock.hooks();
  o.call_timeout = 90s;
  plugboard::fivetran::client<plugboard::with_transport<recording_transport>,
                              plugboard::with_retry<plugboard::backoff_retry>>
      c(o, plugboard::fivetran::api_key("k", "s"), transport, no_wait_backoff(3));

  transport.next.enqueue_json(503, "{}");
  transport.next.enqueue_json(200, R"({"code":"Success","data":{"id":"c-1"}})");
  plugboard::call_options options;
  options.headers.set("X-Request-Id", "r-7");
  c.connector_management().connector_details("c-1", options);
  transport.next.enqueue_json(200, R"({"code":"Success","message":"Sync has been triggered"})");
  c.connector_management().sync_connector("c-1");

  const auto& seen = *transport.seen;
  REQUIRE(seen.size() == 3);
  CHECK(seen[0].operation == "connector_details");
  CHECK(seen[0].service == "fivetran");
  CHECK(seen[0].path == "/v1/connectors/{connector_id}");
  CHECK(seen[0].verb == plugboard::method::get);
  CHECK(seen[0].idempotent);
  CHECK(seen[0].attempt == 1);
  CHECK(seen[1].attempt == 2);  // the retry after the 503
  CHECK(seen[1].target == "/base/v1/connectors/c-1");
  CHECK(seen[1].request_id == "r-7");
  CHECK(seen[2].operation == "sync_connector");
  CHECK(seen[2].verb == plugboard::method::post);
  CHECK_FALSE(seen[2].idempotent);
  CHECK(seen[2].attempt == 1);
  CHECK(seen[2].request_id.empty());
  CHECK_FALSE(seen[2].sent_by_auth);
  // The deadline is the call's, on the client's own clock.
  CHECK(*transport.last_deadline == clock.hooks().now() + 90s);
}

TEST_CASE("an auth policy's own requests reach the decorator marked sent_by_auth") {
  struct login_auth {
    std::shared_ptr<std::string> token = std::make_shared<std::string>();
    void apply(plugboard::request& req, const plugboard::auth_context& ctx) {
      if (token->empty()) {
        auto login = ctx.make_request(plugboard::method::post, "/login");
        ctx.send(login);
        *token = "jwt";
      }
      req.headers.set("Authorization", "Bearer " + *token);
    }
  };
  recording_transport transport;
  transport.next.enqueue_json(200, "{}");
  transport.next.enqueue_json(200, R"({"data":[]})");
  plugboard::basic_client<recording_transport, login_auth, plugboard::json_serializer> c(
      "http://svc.test", login_auth{}, transport);
  c.call(pe::list{});
  const auto& seen = *transport.seen;
  REQUIRE(seen.size() == 2);
  CHECK(seen[0].sent_by_auth);
  CHECK(seen[0].target == "/login");
  CHECK_FALSE(seen[0].idempotent);     // a login is never sent twice by the decorator's say-so
  CHECK(seen[0].operation == "list");  // the call the login was made for
  CHECK_FALSE(seen[1].sent_by_auth);
}

TEST_CASE("endpoint_traits fills in the defaults; visit_params names every parameter") {
  using sync = plugboard::endpoint_traits<fe::sync_connector>;
  static_assert(sync::operation == "sync_connector");
  static_assert(sync::service == "fivetran");
  static_assert(sync::accept == "application/json;version=2");  // Fivetran's namespace default
  static_assert(!sync::idempotent);
  static_assert(sync::uses_auth);
  using create = plugboard::endpoint_traits<pe::create_collection_connector>;
  static_assert(create::idempotent);  // a POST, made safe by its Idempotency-Key
  static_assert(create::accept == "application/json");

  std::vector<std::pair<plugboard::param_kind, std::string>> params;
  plugboard::visit_params<pe::create_collection_connector>([&](const auto& p) {
    params.emplace_back(std::decay_t<decltype(p)>::kind, std::string(p.name));
  });
  const std::vector<std::pair<plugboard::param_kind, std::string>> expected{
      {plugboard::param_kind::path, "space_id"},
      {plugboard::param_kind::path, "collection_id"},
      {plugboard::param_kind::header, "Idempotency-Key"},
      {plugboard::param_kind::body, ""}};
  CHECK(params == expected);

  fe::connector_details details{"c-42"};
  std::string value;
  plugboard::visit_params(details, [&](const auto& p, const auto& member) {
    if constexpr (std::is_same_v<std::decay_t<decltype(member)>, std::string>) {
      if (p.name == "connector_id") value = member;
    }
  });
  CHECK(value == "c-42");
}

TEST_CASE("the registry: unique names, each descriptor in its own service, counts add up") {
  std::set<std::string> names;
  std::size_t operations = 0;
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
    using S = typename decltype(tag)::type;
    CHECK_MESSAGE(names.insert(std::string(S::name)).second, S::name);
    CHECK(S::sandbox_prefix.front() == '/');
    std::set<std::string> in_service;
    plugboard::for_each_type(typename S::endpoints{}, [&](auto endpoint) {
      using traits = plugboard::endpoint_traits<typename decltype(endpoint)::type>;
      ++operations;
      // A descriptor declared in another service's namespace, or listed twice, is caught here.
      CHECK_MESSAGE(traits::service == S::name, traits::operation);
      CHECK_MESSAGE(in_service.insert(std::string(traits::operation)).second, traits::operation);
      CHECK_FALSE(traits::summary.empty());
    });
  });
  CHECK(names.size() == plugboard::services::size);
  CHECK(operations == plugboard::operation_count(plugboard::services{}));
  CHECK(operations > 40);
}
