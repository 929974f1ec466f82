// SPDX-License-Identifier: MIT
// The fault matrix: every fault the sandbox can inject, against every
// service, over real HTTP. Each row writes down its expected outcome
// (success after N attempts, or the typed error) and the waits the client
// chose; nothing may crash or hang, a non-idempotent call is never sent twice
// unless the caller opted in, and no call waits longer than its retry budget
// (measured with the fake clock, never with wall time).
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/sandbox/fakes.hpp"
#include "plugboard/services.hpp"
#include "plugboard/testing/fake_clock.hpp"
#include "support/registry_sweep.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::sandbox::fault;
using ms = std::chrono::milliseconds;

namespace {

namespace sandbox = plugboard::sandbox;

// The same retry policy for every service: 250 ms, 500 ms, 1 s; 4 attempts.
plugboard::backoff_retry matrix_retry() {
  plugboard::backoff_retry r;
  r.jitter = 0;
  r.initial_interval = 250ms;
  r.max_attempts = 4;
  r.max_elapsed_time = 10s;
  return r;
}

// A response big enough to matter: 10 MiB.
constexpr std::size_t ten_mib = 10u * 1024 * 1024;

// ---- one adapter per service ------------------------------------------------------
// One per service of the registry (a registered service without one does not
// compile); the mount point, base path and fake come from the registry. Each
// names a read (an idempotent call) that
// returns a string identifying the answer, a write (a call that must not be
// repeated), and where in the read's answer a field can be broken.

template <class Service>
struct adapter;

template <>
struct adapter<plugboard::providers::service> {
  using client_type =
      plugboard::providers::client<plugboard::http_transport, plugboard::api_key_header,
                                   plugboard::default_serializer, plugboard::backoff_retry>;
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          plugboard::backoff_retry r) {
    return client_type(std::move(o), plugboard::providers::api_key(""),
                       plugboard::http_transport(t), r);
  }
  static void prepare(client_type&) {}
  static std::string read(client_type& c, const plugboard::call_options& o = {}) {
    return c.connector_providers().get("github", o).provider_slug;
  }
  static constexpr const char* read_answer = "github";
  static void write(client_type& c, const plugboard::call_options& o = {}) {
    c.connector_providers().setup("github", {{"client_id", "a"}, {"client_secret", "b"}}, o);
  }
  static void break_field(json& j) { j["data"]["provider_slug"] = 42; }
  static constexpr const char* broken_field = "data.provider_slug";
  // No documented enum: an unknown key is the nearest thing, and is kept.
  static void unknown_value(json& j) { j["data"]["tier"] = "platinum"; }
  static constexpr const char* unknown_value_path =
      "/providers/v1/admin/connector-providers/github";
  static bool kept_unknown_value(client_type& c) {
    const auto p = c.connector_providers().get("github");
    return p.provider_slug == "github" && p.extra.value("tier", "") == "platinum";
  }
};

template <>
struct adapter<plugboard::fivetran::service> {
  using client_type =
      plugboard::fivetran::client<plugboard::http_transport, plugboard::basic_auth,
                                  plugboard::default_serializer, plugboard::backoff_retry>;
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          plugboard::backoff_retry r) {
    return client_type(std::move(o),
                       plugboard::fivetran::api_key("sandbox-api-key", "sandbox-api-secret"),
                       plugboard::http_transport(t), r);
  }
  static void prepare(client_type&) {}
  static std::string read(client_type& c, const plugboard::call_options& o = {}) {
    return c.connector_management().metadata_connector_config("google_sheets", o).data.id;
  }
  static constexpr const char* read_answer = "google_sheets";
  static void write(client_type& c, const plugboard::call_options& o = {}) {
    plugboard::fivetran::new_connector_request r;
    r.group_id = "projected_sickle";
    r.service = "google_sheets";
    r.config = {{"schema", "sheets"}};
    c.connector_management().create_connector(r, o);
  }
  static void break_field(json& j) { j["data"]["icons"] = "not-a-list"; }
  static constexpr const char* broken_field = "data.icons";
  static void unknown_value(json& j) { j["data"]["type"] = "QuantumStorage"; }
  static constexpr const char* unknown_value_path = "/fivetran/v1/metadata/";
  static bool kept_unknown_value(client_type& c) {
    const auto m = c.connector_management().metadata_connector_config("google_sheets").data;
    return m.type == plugboard::fivetran::metadata_type{} && m.type.wire() == "QuantumStorage";
  }
};

template <>
struct adapter<plugboard::pipeshub::service> {
  using client_type =
      plugboard::pipeshub::client<plugboard::http_transport, plugboard::bearer_auth,
                                  plugboard::default_serializer, plugboard::backoff_retry>;
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          plugboard::backoff_retry r) {
    return client_type(std::move(o), plugboard::bearer_auth("admin-token"),
                       plugboard::http_transport(t), r);
  }
  static void prepare(client_type&) {}
  static std::string read(client_type& c, const plugboard::call_options& o = {}) {
    return c.connector_instances().list_active(o).connectors.at(0).instance_name;
  }
  static constexpr const char* read_answer = "Engineering Confluence";
  static void write(client_type& c, const plugboard::call_options& o = {}) {
    c.connector_instances().create("jira", "Ops Jira", plugboard::pipeshub::connector_scope::team,
                                   o);
  }
  static void break_field(json& j) { j["connectors"][0]["isActive"] = "yes"; }
  static constexpr const char* broken_field = "connectors[0].isActive";
  static void unknown_value(json& j) { j["connectors"][0]["scope"] = "galactic"; }
  static constexpr const char* unknown_value_path = "/pipeshub/api/v1/connectors/active";
  static bool kept_unknown_value(client_type& c) {
    const auto first = c.connector_instances().list_active().connectors.at(0);
    return first.scope == plugboard::pipeshub::connector_scope{} &&
           first.scope.wire() == "galactic";
  }
};

template <>
struct adapter<plugboard::pieces::service> {
  using client_type =
      plugboard::pieces::client<plugboard::http_transport, plugboard::api_key_header,
                                plugboard::default_serializer, plugboard::backoff_retry>;
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          plugboard::backoff_retry r) {
    return client_type(std::move(o), plugboard::pieces::application_id(""),
                       plugboard::http_transport(t), r);
  }
  static plugboard::pieces::seeded_connector_connection plugin() {
    plugboard::pieces::seeded_connector_connection c;
    c.application.name = plugboard::pieces::application_name_enum::open_source;
    c.application.version = "1.0.0";
    c.application.platform = plugboard::pieces::platform_enum::linux_;
    return c;
  }
  // Every call but connect names the application connect registered.
  static inline std::string application;
  static void prepare(client_type& c) {
    application = c.connector().connect(plugin()).application.id;
  }
  // suggest is a question, declared idempotent although it is a POST.
  static std::string read(client_type& c, const plugboard::call_options& o = {}) {
    const auto snippet =
        plugboard::pieces::seeded_connector_asset::from_code("int main() {}", "cpp");
    const auto s = c.connector().suggest(application,
                                         plugboard::pieces::seeded_connector_creation{snippet}, o);
    return s.save.suggested ? "save" : "no-save";
  }
  static constexpr const char* read_answer = "save";
  static void write(client_type& c, const plugboard::call_options& o = {}) {
    c.connector().track(application, plugboard::pieces::seeded_connector_tracking{}, o);
  }
  static void break_field(json& j) { j["save"]["suggested"] = "maybe"; }
  static constexpr const char* broken_field = "save.suggested";
  static void unknown_value(json& j) { j["application"]["platform"] = "PLAN9"; }
  static constexpr const char* unknown_value_path = "/pieces/connect";
  static bool kept_unknown_value(client_type& c) {
    const auto ctx = c.connector().connect(plugin());
    return ctx.application.platform == plugboard::pieces::platform_enum{} &&
           ctx.application.platform.wire() == "PLAN9";
  }
};

template <>
struct adapter<plugboard::fortisoar::service> {
  using client_type =
      plugboard::fortisoar::client<plugboard::http_transport, plugboard::api_key_header,
                                   plugboard::default_serializer, plugboard::backoff_retry>;
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          plugboard::backoff_retry r) {
    return client_type(std::move(o), plugboard::fortisoar::api_key("sandbox-api-key"),
                       plugboard::http_transport(t), r);
  }
  static void prepare(client_type&) {}
  // Every page of installed connectors (one here), bypassing the cache.
  static std::string read(client_type& c, const plugboard::call_options& o = {}) {
    return c.connectors().list_configured(/*refresh=*/true, o).at(0).name;
  }
  static constexpr const char* read_answer = "smtp";
  static void write(client_type& c, const plugboard::call_options& o = {}) {
    plugboard::fortisoar::execute_options how;
    how.version = "3.1.0";
    c.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "192.0.2.1"}}, how, o);
  }
  static void break_field(json& j) { j["data"][0]["id"] = "three"; }
  static constexpr const char* broken_field = "data[0].id";
  // Job statuses are open strings: one never seen before is neither success
  // nor failure, so an install keeps polling until its timeout.
  static void unknown_value(json& j) { j["status"] = "Quarantined by policy"; }
  static constexpr const char* unknown_value_path = "/fortisoar/api/3/import_jobs/";
  static bool kept_unknown_value(client_type& c) {
    plugboard::fortisoar::install_options how;
    how.wait = true;
    how.interval = 1s;
    how.timeout = 5s;
    const auto out = c.connectors().install("abuseipdb", "2.0.0", how);
    return out.state == plugboard::fortisoar::install_state::timed_out && out.job &&
           out.job->status == "Quarantined by policy" && out.polls == 6;
  }
};

// ---- the matrix -------------------------------------------------------------------

enum class call_kind { read, write, write_opted_in };
enum class outcome_kind { success, api_error, transport_error, decode_error, other };

const char* to_text(outcome_kind k) {
  switch (k) {
    case outcome_kind::success: return "success";
    case outcome_kind::api_error: return "api_error";
    case outcome_kind::transport_error: return "transport_error";
    case outcome_kind::decode_error: return "decode_error";
    case outcome_kind::other: return "other";
  }
  return "?";
}

struct outcome {
  outcome_kind kind = outcome_kind::other;
  int status = 0;                                       // api_error
  std::optional<plugboard::transport_failure> failure;  // transport_error
  int attempts = 0;                                     // from the error
  std::string field;                                    // decode_error
  std::string answer;                                   // success of a read
  std::string what;
};

struct row {
  row(const char* name, std::vector<fault> injected, call_kind what = call_kind::read)
      : fault_name(name), faults(std::move(injected)), call(what) {}

  const char* fault_name;
  std::vector<fault> faults;  // injected in order, each on the service's prefix
  call_kind call = call_kind::read;
  // Expected:
  outcome_kind kind = outcome_kind::success;
  std::size_t sent = 1;      // requests the sandbox receives
  std::vector<ms> sleeps{};  // the waits the client chose
  int status = 0;
  std::optional<plugboard::transport_failure> failure{};
  int attempts = 0;      // the error's attempt count (0: not checked)
  std::string field{};   // decode_error::field() ("": not checked)
  bool refused = false;  // the client talks to a closed port
  ms read_timeout = 10s;
};

template <class S>
struct fixture {
  plugboard::testing::fake_clock clock;
  sandbox::server server;
  typename adapter<S>::client_type client;

  fixture(const row& r)
      : client(adapter<S>::make(
            options(r.refused ? closed_port_url() : server.url(S::sandbox_base_path)), transport(r),
            matrix_retry())) {
    plugboard_test::mount_fake<S>(server);
  }

  plugboard::client_options options(std::string url) const {
    plugboard::client_options o(std::move(url));
    o.clock = clock.hooks();
    return o;
  }
  static plugboard::http_options transport(const row& r) {
    plugboard::http_options t;
    t.read_timeout = r.read_timeout;
    t.connect_timeout = 2s;
    return t;
  }
  static std::string closed_port_url() {
    int port = 0;
    {
      sandbox::server gone;
      port = gone.port();
    }
    return "http://127.0.0.1:" + std::to_string(port) + std::string(S::sandbox_base_path);
  }
};

template <class S>
outcome run_call(typename adapter<S>::client_type& client, call_kind kind) {
  outcome out;
  try {
    if (kind == call_kind::read) {
      out.answer = adapter<S>::read(client);
    } else {
      plugboard::call_options opted_in;
      if (kind == call_kind::write_opted_in) opted_in.idempotent = true;
      adapter<S>::write(client, opted_in);
    }
    out.kind = outcome_kind::success;
  } catch (const plugboard::api_error& e) {
    out.kind = outcome_kind::api_error;
    out.status = e.status();
    out.attempts = e.attempts();
    out.what = e.what();
  } catch (const plugboard::transport_error& e) {
    out.kind = outcome_kind::transport_error;
    out.failure = e.failure();
    out.attempts = e.attempts();
    out.what = e.what();
  } catch (const plugboard::decode_error& e) {
    out.kind = outcome_kind::decode_error;
    out.field = e.field();
    out.what = e.what();
  } catch (const std::exception& e) {
    out.kind = outcome_kind::other;
    out.what = e.what();
  }
  return out;
}

template <class S>
std::vector<row> matrix() {
  const auto http_date_in_5s = "Thu, 01 Jan 2026 00:00:05 GMT";  // fake wall clock + 5 s
  std::vector<row> rows;
  const auto add = [&](row r) { rows.push_back(std::move(r)); };

  row r("500, 502, 503, then success",
        {fault::http_status(500), fault::http_status(502), fault::http_status(503)});
  r.sent = 4;
  r.sleeps = {250ms, 500ms, 1000ms};
  add(r);

  r = row("504 longer than the attempt budget", {fault::http_status(504).times(10)});
  r.kind = outcome_kind::api_error;
  r.status = 504;
  r.attempts = 4;
  r.sent = 4;
  r.sleeps = {250ms, 500ms, 1000ms};
  add(r);

  r = row("429, Retry-After in seconds", {fault::http_status(429, "3")});
  r.sent = 2;
  r.sleeps = {3000ms};
  add(r);

  r = row("429, Retry-After as an HTTP-date", {fault::http_status(429, http_date_in_5s)});
  r.sent = 2;
  r.sleeps = {5000ms};
  add(r);

  r = row("429, Retry-After beyond the time budget", {fault::http_status(429, "120").times(10)});
  r.kind = outcome_kind::api_error;
  r.status = 429;
  r.attempts = 2;
  r.sent = 2;
  r.sleeps = {10000ms};  // clamped to max_elapsed_time, then the budget is spent
  add(r);

  r = row("503 on a non-idempotent call", {fault::http_status(503).times(3)}, call_kind::write);
  r.kind = outcome_kind::api_error;
  r.status = 503;
  r.attempts = 1;
  r.sent = 1;
  add(r);

  r = row("503 on a non-idempotent call the caller marked idempotent", {fault::http_status(503)},
          call_kind::write_opted_in);
  r.sent = 2;
  r.sleeps = {250ms};
  add(r);

  r = row("connection refused", {});
  r.refused = true;
  r.kind = outcome_kind::transport_error;
  r.failure = plugboard::transport_failure::connect;
  r.attempts = 4;
  r.sent = 0;
  r.sleeps = {250ms, 500ms, 1000ms};
  add(r);

  // Nothing reached a server, so even a write may be sent again.
  r = row("connection refused on a non-idempotent call", {}, call_kind::write);
  r.refused = true;
  r.kind = outcome_kind::transport_error;
  r.failure = plugboard::transport_failure::connect;
  r.attempts = 4;
  r.sent = 0;
  r.sleeps = {250ms, 500ms, 1000ms};
  add(r);

  r = row("connection reset mid-response", {fault::drop_connection()});
  r.sent = 2;
  r.sleeps = {250ms};
  add(r);

  r = row("connection reset mid-response on a non-idempotent call", {fault::drop_connection()},
          call_kind::write);
  r.kind = outcome_kind::transport_error;
  r.failure = plugboard::transport_failure::read;
  r.attempts = 1;
  r.sent = 1;
  add(r);

  r = row("a server that accepts and never answers", {fault::delay(30s).times(4)});
  r.read_timeout = 200ms;
  r.kind = outcome_kind::transport_error;
  r.failure = plugboard::transport_failure::read_timeout;
  r.attempts = 4;
  r.sent = 4;
  r.sleeps = {250ms, 500ms, 1000ms};
  add(r);

  r = row("a server that never answers a non-idempotent call", {fault::delay(30s).times(4)},
          call_kind::write);
  r.read_timeout = 200ms;
  r.kind = outcome_kind::transport_error;
  r.failure = plugboard::transport_failure::read_timeout;
  r.attempts = 1;
  r.sent = 1;
  add(r);

  r = row("a truncated body", {fault::truncated_body()});
  r.kind = outcome_kind::decode_error;
  add(r);

  r = row("a body that is not JSON",
          {fault::replace_body("<html>502 Bad Gateway</html>", "text/html")});
  r.kind = outcome_kind::decode_error;
  add(r);

  r = row("JSON of the wrong shape", {fault::edit_json(adapter<S>::break_field)});
  r.kind = outcome_kind::decode_error;
  r.field = adapter<S>::broken_field;
  add(r);

  r = row("JSON of another type altogether", {fault::replace_body("[1, 2, 3]")});
  r.kind = outcome_kind::decode_error;
  add(r);

  r = row("JSON with a number too large for a double", {fault::replace_body("{\"n\": 1e400}")});
  r.kind = outcome_kind::decode_error;
  add(r);

  r = row("an empty 200 where JSON is expected", {fault::replace_body("")});
  r.kind = outcome_kind::decode_error;
  add(r);

  r = row("a 10 MiB response", {fault::padded_body(ten_mib)});
  add(r);

  r = row("a 10 MiB error body", {fault::http_status(422)});
  r.faults.front().body = std::string(ten_mib, 'e');
  r.kind = outcome_kind::api_error;
  r.status = 422;
  r.attempts = 1;
  add(r);

  for (auto& each : rows) {
    for (auto& f : each.faults) f.on(std::string(S::sandbox_prefix));
  }
  return rows;
}

template <class S>
void run_matrix() {
  for (const row& r : matrix<S>()) {
    const std::string service(S::name), fault_name = r.fault_name;
    CAPTURE(service);
    CAPTURE(fault_name);
    fixture<S> f(r);
    if (!r.refused) adapter<S>::prepare(f.client);
    const std::size_t before = f.server.request_count();
    for (const auto& each : r.faults) f.server.inject(each);

    const outcome got = run_call<S>(f.client, r.call);

    CAPTURE(got.what);
    CHECK(std::string(to_text(got.kind)) == to_text(r.kind));
    CHECK(f.server.request_count() - before == r.sent);
    CHECK(f.clock.sleeps() == r.sleeps);
    // Never past the budget, whatever the server asked for.
    CHECK(f.clock.elapsed() <= matrix_retry().max_elapsed_time);
    if (r.kind == outcome_kind::success && r.call == call_kind::read) {
      CHECK(got.answer == adapter<S>::read_answer);
    }
    if (r.kind == outcome_kind::api_error) {
      CHECK(got.status == r.status);
      // what() stays short even when the body is huge.
      CHECK(got.what.size() < plugboard::api_error::message_cap + 500);
    }
    if (r.failure) CHECK(got.failure == r.failure);
    if (r.attempts != 0) CHECK(got.attempts == r.attempts);
    if (!r.field.empty()) CHECK(got.field == r.field);
  }
}

}  // namespace

// Every service of the registry.
TEST_CASE_TEMPLATE_DEFINE("the fault matrix", S, fault_matrix) {
  CHECK(matrix<S>().size() == 21);
  run_matrix<S>();
}

TEST_CASE_TEMPLATE_DEFINE("an unknown enum value (or key) is kept, never an error", S,
                          unknown_value) {
  const std::string service(S::name);
  CAPTURE(service);
  const row none("unknown value", {});
  fixture<S> f(none);
  adapter<S>::prepare(f.client);
  f.server.inject(
      fault::edit_json(adapter<S>::unknown_value).times(100).on(adapter<S>::unknown_value_path));
  CHECK(adapter<S>::kept_unknown_value(f.client));
}
TEST_CASE_TEMPLATE_APPLY(fault_matrix, plugboard_test::as_tuple_t<plugboard::services>);
TEST_CASE_TEMPLATE_APPLY(unknown_value, plugboard_test::as_tuple_t<plugboard::services>);
