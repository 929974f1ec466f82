// SPDX-License-Identifier: MIT
// Fivetran's generated client and its flows against the sandbox's fake over
// real HTTP on 127.0.0.1: wait_for_sync until the fake's sync ends (on a fake
// clock), a webhook test delivery checked with verify_webhook_signature, the
// schema config and the listings decoded from what the fake sends.
#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "plugboard/fivetran/client.hpp"
#include "plugboard/fivetran/generated/connections.hpp"
#include "plugboard/fivetran/generated/metadata.hpp"
#include "plugboard/fivetran/generated/webhooks.hpp"
#include "plugboard/fivetran/schema_copy.hpp"
#include "plugboard/fivetran/sync_wait.hpp"
#include "plugboard/fivetran/webhook_signature.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/server.hpp"
#include "plugboard/testing/fake_clock.hpp"

using namespace std::chrono_literals;
using plugboard::sandbox::fivetran_fake;
using plugboard::testing::fake_clock;
namespace fivetran = plugboard::fivetran;
namespace api = plugboard::fivetran::api;
namespace sandbox = plugboard::sandbox;

namespace {

constexpr const char* key = "flow-key";
constexpr const char* secret = "flow-secret";

struct fixture {
  sandbox::server server;
  fivetran_fake& fake;
  fake_clock clock;
  fivetran::client<> client;

  static fivetran_fake::settings settings(int polls) {
    fivetran_fake::settings s;
    s.api_key = key;
    s.api_secret = secret;
    s.sync_polls_until_done = polls;
    return s;
  }
  static plugboard::client_options options(const std::string& url, const fake_clock& clock) {
    plugboard::client_options o(url);
    o.clock = clock.hooks();
    return o;
  }
  explicit fixture(int polls = 2)
      : fake(server.mount<fivetran_fake>("/fivetran", settings(polls))),
        client(options(server.url("/fivetran"), clock), fivetran::api_key(key, secret)) {}

  // A PostgreSQL connection whose setup tests ran, so its schema config (the
  // fake's database catalog: public.orders, public.customers, sales.invoices)
  // is captured.
  std::string create_postgres(const std::string& prefix) {
    api::new_connection_request r;
    r.group_id = "projected_sickle";
    r.service = "postgres";
    r.extra = {{"config", {{"schema_prefix", prefix}, {"host", "db.example"}, {"port", 5432}}}};
    return client.connections().create_connection(r).data.id;
  }

  std::string create_sheets(const std::string& schema) {
    api::new_connection_request r;
    r.group_id = "projected_sickle";
    r.service = "google_sheets";
    r.extra = {{"config", {{"schema", schema}}}};
    return client.connections().create_connection(r).data.id;
  }
};

class receiver : public sandbox::service {
 public:
  void install(sandbox::router& routes) override {
    routes.add("POST", "/hook", [this](const sandbox::incoming& in) {
      std::lock_guard<std::mutex> lock(mutex_);
      bodies_.push_back(in.body);
      signatures_.emplace_back(in.header("X-Fivetran-Signature-256"));
      return sandbox::reply::json(204, nullptr);
    });
  }
  std::vector<std::string> bodies() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bodies_;
  }
  std::vector<std::string> signatures() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return signatures_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::string> bodies_;
  std::vector<std::string> signatures_;
};

}  // namespace

TEST_CASE("wait_for_sync against the fake: the sync ends at the configured poll") {
  fixture f(3);
  const auto id = f.create_sheets("sheets");
  fivetran::sync_wait_options how;
  how.interval = 30s;
  const auto done = fivetran::wait_for_sync(f.client, id, how);
  CHECK(done.outcome == fivetran::sync_outcome::succeeded);
  CHECK(done.polls == 3);
  CHECK(done.connection.status.sync_state == "scheduled");
  CHECK(done.connection.succeeded_at.has_value());
  CHECK(f.clock.sleeps() == std::vector<std::chrono::milliseconds>{30s, 30s, 30s});
  CHECK(f.fake.syncs_started(id) == 1);

  f.fake.set_syncs_fail(id);
  const auto failed = fivetran::wait_for_sync(f.client, id, how);
  CHECK(failed.outcome == fivetran::sync_outcome::failed);
  CHECK(failed.connection.failed_at.has_value());

  // A sync that never ends within the timeout.
  fixture slow(0);
  const auto stuck = slow.create_sheets("stuck");
  how.timeout = 2min;
  const auto timed_out = fivetran::wait_for_sync(slow.client, stuck, how);
  CHECK(timed_out.outcome == fivetran::sync_outcome::timed_out);
  CHECK(timed_out.polls == 4);
}

TEST_CASE("copy_schema_selection against the fake: the target syncs what the source does") {
  fixture f;
  const auto source = f.create_postgres("pg_source");
  const auto target = f.create_postgres("pg_target");
  auto connections = f.client.connections();
  api::table_update_request off;
  off.enabled = false;
  connections.modify_connection_table_config(source, "sales", "invoices", off);
  api::column_update_request hashed;
  hashed.enabled = true;
  hashed.hashed = true;
  connections.modify_connection_column_config(source, "public", "customers", "email", hashed);

  const auto report = fivetran::copy_schema_selection(f.client, source, target);
  CHECK(report.result.schemas.at("sales").tables.at("invoices").enabled == false);
  CHECK(report.result.schemas.at("public").tables.at("customers").columns.at("email").hashed);
  // What the fake keeps agrees with the PATCH's answer.
  const auto after = connections.connection_schema_config(target).data;
  CHECK_FALSE(after.schemas.at("sales").tables.at("invoices").enabled);
  CHECK(after.schemas.at("public").tables.at("customers").columns.at("email").hashed);
  CHECK(after.schemas.at("public").tables.at("orders").enabled);
  // The fake's system table is locked in both (enabled_patch_settings.allowed false).
  CHECK(report.skipped == std::vector<std::string>{"public.schema_migrations"});
}

TEST_CASE("the generated client decodes what the fake sends: listings and the schema config") {
  fixture f;
  for (const char* schema : {"a", "b", "c", "d", "e"}) f.create_sheets(schema);
  std::vector<std::string> ids;
  for (const auto& c : f.client.connections().list_connections_all(std::nullopt, std::nullopt, 2)) {
    ids.push_back(c.id);
  }
  CHECK(ids.size() == 5);

  const auto config = f.client.connections().connection_schema_config(ids.front()).data;
  REQUIRE(config.schemas.size() == 1);
  const auto& schema = config.schemas.begin()->second;
  CHECK(schema.enabled);
  CHECK(schema.tables.count("users") == 1);

  std::size_t types = 0;
  for (const auto& type : f.client.metadata().list_connector_types_all(10)) {
    CHECK_FALSE(type.id.empty());
    ++types;
  }
  CHECK(types == f.fake.metadata_count());
}

TEST_CASE("a webhook made with the client; its test delivery verifies") {
  fixture f;
  sandbox::server hooks;
  auto& inbox = hooks.mount<receiver>("/inbox");
  api::webhook_request request;
  request.url = hooks.url("/inbox/hook");
  request.events = {"sync_start", "sync_end"};
  request.secret = "whsec-flow";
  const auto webhook = f.client.webhooks().create_account_webhook(request).data;
  CHECK(webhook.secret == "******");
  api::webhook_test_request event;
  event.event = "sync_start";
  const auto tested = f.client.webhooks().test_webhook(webhook.id, event).data;
  CHECK(tested.succeed);
  CHECK(tested.status == 204);
  REQUIRE(inbox.bodies().size() == 1);
  CHECK(fivetran::verify_webhook_signature(inbox.bodies()[0], "whsec-flow", inbox.signatures()[0]));
}
