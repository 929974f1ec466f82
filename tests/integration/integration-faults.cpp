// The sandbox's fault injection against the real httplib transport: each
// fault gives the documented outcome, never a crash or a hang. Waits between
// retries go through a fake clock, so no test sleeps.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "plugboard/testing/fake_clock.hpp"

using namespace std::chrono_literals;
using plugboard::sandbox::fault;

namespace {

using retrying_client =
    plugboard::providers::client<plugboard::http_transport, plugboard::api_key_header,
                                 plugboard::json_serializer, plugboard::backoff_retry>;

struct fixture {
  plugboard::sandbox::server server;
  plugboard::testing::fake_clock clock;
  retrying_client client;

  explicit fixture(plugboard::http_options transport = {})
      : client(options(), {}, plugboard::http_transport(transport), retry()) {
    server.mount<plugboard::sandbox::providers_fake>("/providers");
  }

  plugboard::client_options options() {
    plugboard::client_options o(server.url("/providers"));
    o.clock = clock.hooks();
    return o;
  }
  static plugboard::backoff_retry retry() {
    plugboard::backoff_retry r;
    r.jitter = 0;
    r.initial_interval = 250ms;
    r.max_attempts = 4;
    return r;
  }
};

}  // namespace

TEST_CASE("500/502/503 bursts are retried until success") {
  fixture f;
  f.server.inject(fault::http_status(500));
  f.server.inject(fault::http_status(502));
  f.server.inject(fault::http_status(503));
  CHECK(f.client.connector_providers().get("github").provider_slug == "github");
  CHECK(f.server.request_count() == 4);
  CHECK(f.clock.sleeps() == std::vector<std::chrono::milliseconds>{250ms, 500ms, 1000ms});
}

TEST_CASE("a burst longer than the retry budget ends in api_error with the last status") {
  fixture f;
  f.server.inject(fault::http_status(503).times(10));
  try {
    f.client.connector_providers().list();
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 503);
    CHECK(e.attempts() == 4);
    CHECK(e.service_code() == "injected_fault");
  }
  CHECK(f.server.request_count() == 4);
}

TEST_CASE("429 with Retry-After in seconds and as an HTTP-date") {
  fixture f;
  f.clock.set_wall_start(std::chrono::system_clock::time_point(std::chrono::seconds(1767225600)));
  f.server.inject(fault::http_status(429, "3"));
  f.server.inject(fault::http_status(429, "Thu, 01 Jan 2026 00:00:08 GMT"));
  CHECK(f.client.connector_providers().list().size() == 4);
  // 3 s, then the date is 8 s after the fake wall clock's start, 3 s of which have passed.
  CHECK(f.clock.sleeps() == std::vector<std::chrono::milliseconds>{3000ms, 5000ms});
}

TEST_CASE("a non-idempotent call is never sent twice by default") {
  fixture f;
  f.server.inject(fault::http_status(503).times(3));
  CHECK_THROWS_AS(
      f.client.connector_providers().setup("github", {{"client_id", "a"}, {"client_secret", "b"}}),
      plugboard::api_error);
  CHECK(f.server.request_count() == 1);
  plugboard::call_options opt_in;
  opt_in.idempotent = true;
  f.server.clear_faults();
  f.server.inject(fault::http_status(503));
  CHECK(f.client.connector_providers()
            .setup("github", {{"client_id", "a"}, {"client_secret", "b"}}, opt_in)
            .setup_complete);
  CHECK(f.server.request_count() == 3);
}

TEST_CASE("connection refused is a connect transport_error after the retries") {
  int closed_port = 0;
  {
    plugboard::sandbox::server gone;
    closed_port = gone.port();
  }
  plugboard::testing::fake_clock clock;
  plugboard::client_options o("http://127.0.0.1:" + std::to_string(closed_port));
  o.clock = clock.hooks();
  retrying_client c(o, {}, {}, fixture::retry());
  try {
    c.connector_providers().list();
    FAIL("no error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == plugboard::transport_failure::connect);
    CHECK(e.attempts() == 4);
    CHECK_FALSE(e.request_may_have_been_sent());
  }
}

TEST_CASE("a connection reset mid-response is a read error, retried for a GET") {
  fixture f;
  f.server.inject(fault::drop_connection());
  CHECK(f.client.connector_providers().get("slack").provider_slug == "slack");
  CHECK(f.server.request_count() == 2);

  f.server.inject(fault::drop_connection());
  try {
    f.client.connector_providers().setup("slack", {{"client_id", "a"}, {"client_secret", "b"}});
    FAIL("no error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == plugboard::transport_failure::read);
    CHECK(e.attempts() == 1);  // the POST may have been processed: not repeated
  }
}

TEST_CASE("a server that never answers hits the read timeout") {
  plugboard::http_options quick;
  quick.read_timeout = 300ms;
  fixture f(quick);
  f.server.inject(fault::delay(5s).times(4));
  try {
    f.client.connector_providers().list();
    FAIL("no error");
  } catch (const plugboard::transport_error& e) {
    CHECK(e.failure() == plugboard::transport_failure::read_timeout);
    CHECK(e.attempts() == 4);
  }
}

TEST_CASE("truncated, non-JSON and wrongly shaped bodies are decode errors") {
  fixture f;
  f.server.inject(fault::truncated_body());
  CHECK_THROWS_AS(f.client.connector_providers().get("github"), plugboard::decode_error);
  f.server.inject(fault::replace_body("<html>gateway</html>", "text/html"));
  CHECK_THROWS_AS(f.client.connector_providers().get("github"), plugboard::decode_error);
  f.server.inject(fault::replace_body(R"({"data":{"provider_slug":42}})"));
  try {
    f.client.connector_providers().get("github");
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "data.provider_slug");
  }
  f.server.inject(fault::replace_body(""));
  CHECK_THROWS_AS(f.client.connector_providers().get("github"), plugboard::decode_error);
  CHECK(f.server.request_count() == 4);  // decode errors are not retried
}

TEST_CASE("a fault can target one path prefix") {
  fixture f;
  f.server.inject(fault::http_status(404).on("/providers/v1/admin/connector-providers/slack"));
  CHECK(f.client.connector_providers().get("github").provider_slug == "github");
  CHECK_THROWS_AS(f.client.connector_providers().get("slack"), plugboard::api_error);
}
