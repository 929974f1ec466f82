// SPDX-License-Identifier: MIT
// The Fivetran fake's current API (/v1/connections and what hangs off it,
// connector types) over real HTTP on 127.0.0.1, request by request: state
// transitions, 404s, paging, the contract checks, a sync that ends after N
// polls, the schema config, the connection state, certificates and
// fingerprints. (The webhooks: integration-fivetran-webhooks.cpp.)
#include <doctest/doctest.h>

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/fivetran/contract_checks.hpp"
#include "support/fivetran_raw.hpp"

using nlohmann::json;
using plugboard::sandbox::fivetran_fake;
using plugboard_test::fivetran_raw;

namespace {

const json sheets_config = {{"schema", "sheets"}, {"table", "orders"}};
const json postgres_config = {{"schema_prefix", "pg"},
                              {"host", "db.example.com"},
                              {"port", 5432},
                              {"user", "fivetran"},
                              {"password", "db-password"}};

// Every page of a listing, following the cursor; at most `max_pages`.
std::vector<json> walk(fivetran_raw& f, const std::string& path, std::size_t limit,
                       std::size_t& pages, std::size_t max_pages = 50) {
  std::vector<json> items;
  std::string cursor;
  pages = 0;
  while (pages < max_pages) {
    std::string target = path;
    target.append(path.find('?') == std::string::npos ? "?" : "&")
        .append("limit=")
        .append(std::to_string(limit));
    if (!cursor.empty()) target.append("&cursor=").append(cursor);
    const auto page = f.get(target);
    REQUIRE_MESSAGE(page.status == 200, page.raw);
    ++pages;
    for (const auto& item : page.data().at("items")) items.push_back(item);
    if (!page.data().contains("next_cursor")) break;
    cursor = page.data()["next_cursor"].get<std::string>();
  }
  return items;
}

}  // namespace

TEST_CASE("a connection through /v1/connections: create, details, modify, delete") {
  fivetran_raw f;
  const auto created = f.post("/v1/connections", {{"group_id", "projected_sickle"},
                                                  {"service", "postgres"},
                                                  {"sync_frequency", 60},
                                                  {"data_delay_sensitivity", "HIGH"},
                                                  {"config", postgres_config}});
  REQUIRE_MESSAGE(created.status == 201, created.raw);
  CHECK(created.code() == "Success");
  const auto& data = created.data();
  const std::string id = data.at("id").get<std::string>();
  CHECK(data["service"] == "postgres");
  CHECK(data["schema"] == "pg");
  CHECK(data["sync_frequency"] == 60);
  CHECK(data["data_delay_sensitivity"] == "HIGH");
  // Creating runs the setup tests, as Fivetran does.
  CHECK(data["status"]["setup_state"] == "connected");
  CHECK(data["setup_tests"].size() == 2);
  CHECK(data["config"]["password"] == "******");
  CHECK_FALSE(data.contains("succeeded_at"));  // no null members: the document has no nullable
  CHECK_FALSE(data.contains("failed_at"));

  const auto details = f.get("/v1/connections/" + id);
  REQUIRE(details.status == 200);
  CHECK(details.data()["id"] == id);
  CHECK(details.data()["status"]["sync_state"] == "scheduled");
  // The same object as the old API's connector.
  CHECK(f.get("/v1/connectors/" + id).data()["schema"] == "pg");

  const auto modified =
      f.patch("/v1/connections/" + id, {{"paused", true}, {"config", {{"port", 6543}}}});
  REQUIRE(modified.status == 200);
  CHECK(modified.data()["paused"] == true);
  CHECK(modified.data()["status"]["sync_state"] == "paused");
  CHECK(modified.data()["config"]["port"] == 6543);
  CHECK(modified.data()["config"]["host"] == "db.example.com");

  const auto not_tested = f.post("/v1/connections", {{"group_id", "other_group"},
                                                     {"service", "google_sheets"},
                                                     {"run_setup_tests", false},
                                                     {"config", sheets_config}});
  REQUIRE(not_tested.status == 201);
  CHECK(not_tested.data()["status"]["setup_state"] == "incomplete");

  const auto deleted = f.del("/v1/connections/" + id);
  CHECK(deleted.status == 200);
  CHECK(deleted.message() == "Connection with id '" + id + "' has been deleted");
  for (const auto& gone :
       {f.get("/v1/connections/" + id), f.del("/v1/connections/" + id),
        f.post("/v1/connections/" + id + "/sync"), f.get("/v1/connections/" + id + "/schemas"),
        f.get("/v1/connections/" + id + "/certificates")}) {
    CHECK(gone.status == 404);
    CHECK(gone.code() == "NotFound_Connection");
  }
  const auto no_group =
      f.post("/v1/connections",
             {{"group_id", "missing"}, {"service", "google_sheets"}, {"config", sheets_config}});
  CHECK(no_group.status == 404);
  CHECK(no_group.code() == "NotFound_Group");
}

TEST_CASE("listing connections: filters by group and schema, pages by cursor") {
  fivetran_raw f;
  std::set<std::string> in_projected;
  for (int i = 0; i < 7; ++i) {
    in_projected.insert(f.create("google_sheets", {{"schema", "sheet_" + std::to_string(i)}}));
  }
  const auto other =
      f.create("google_sheets", {{"schema", "sheet_0"}}, {{"group_id", "other_group"}});

  std::size_t pages = 0;
  const auto all = walk(f, "/v1/connections", 3, pages);
  CHECK(all.size() == 8);
  CHECK(pages == 3);
  std::set<std::string> seen;
  for (const auto& item : all) {
    seen.insert(item["id"].get<std::string>());
    CHECK_FALSE(item.contains("config"));  // the listing's ConnectorResponse has none
  }
  CHECK(seen.size() == 8);  // no duplicates across pages

  const auto projected = walk(f, "/v1/connections?group_id=projected_sickle", 2, pages);
  CHECK(projected.size() == 7);
  CHECK(pages == 4);
  const auto grouped = walk(f, "/v1/groups/projected_sickle/connections", 100, pages);
  CHECK(grouped.size() == 7);
  CHECK(pages == 1);

  const auto by_schema = f.get("/v1/connections?schema=sheet_0");
  REQUIRE(by_schema.status == 200);
  CHECK(by_schema.data()["items"].size() == 2);
  const auto both = f.get("/v1/groups/other_group/connections?schema=sheet_0");
  REQUIRE(both.data()["items"].size() == 1);
  CHECK(both.data()["items"][0]["id"] == other);
  CHECK_FALSE(both.data().contains("next_cursor"));

  CHECK(f.get("/v1/groups/nope/connections").code() == "NotFound_Group");
  CHECK(f.get("/v1/connections?limit=0").status == 400);
  CHECK(f.get("/v1/connections?limit=1001").status == 400);
  CHECK(f.get("/v1/connections?limit=x").status == 400);
  CHECK(f.get("/v1/connections?cursor=junk").status == 400);
  CHECK(f.get("/v1/connections?limit=1000").status == 200);
}

TEST_CASE("a sync ends by itself after the configured number of detail polls") {
  auto settings = fivetran_raw::default_settings();
  settings.sync_polls_until_done = 3;
  fivetran_raw f(settings);
  const auto id = f.create("google_sheets", sheets_config);
  const std::string path = "/v1/connections/" + id;

  const auto triggered = f.post(path + "/sync", {{"force", false}});
  REQUIRE(triggered.status == 200);
  CHECK(triggered.message() ==
        "Sync has been successfully triggered for connection with id '" + id + "'");
  CHECK(f.get(path).data()["status"]["sync_state"] == "syncing");  // poll 1
  CHECK(f.get(path).data()["status"]["sync_state"] == "syncing");  // poll 2
  const auto done = f.get(path).data();                            // poll 3
  CHECK(done["status"]["sync_state"] == "scheduled");
  REQUIRE(done.contains("succeeded_at"));
  CHECK_FALSE(done.contains("failed_at"));
  CHECK(f.fake.syncs_started(id) == 1);

  // The old API's details do not move time on.
  f.post(path + "/sync");
  for (int i = 0; i < 5; ++i) {
    CHECK(f.get("/v1/connectors/" + id).data()["status"]["sync_state"] == "syncing");
  }
  f.fake.finish_sync(id);  // still ends it, as before
  CHECK(f.get("/v1/connectors/" + id).data()["status"]["sync_state"] == "scheduled");

  // A connection marked to fail ends its sync with failed_at.
  f.fake.set_syncs_fail(id);
  const std::string before = f.get(path).data()["succeeded_at"].get<std::string>();
  f.post(path + "/resync", {{"scope", {{"sheets", {"orders"}}}}});
  json last;
  for (int poll = 0; poll < 10; ++poll) {
    last = f.get(path).data();
    if (last["status"]["sync_state"] != "syncing") break;
  }
  CHECK(last["status"]["sync_state"] == "scheduled");
  REQUIRE(last.contains("failed_at"));
  CHECK(last["succeeded_at"] == before);
  CHECK(f.fake.last_resync_scope(id) == json{{"sheets", {"orders"}}});
}

TEST_CASE("with sync_polls_until_done = 0 only finish_sync() ends a sync") {
  auto settings = fivetran_raw::default_settings();
  settings.sync_polls_until_done = 0;
  fivetran_raw f(settings);
  const auto id = f.create("google_sheets", sheets_config);
  f.post("/v1/connections/" + id + "/sync");
  for (int i = 0; i < 5; ++i) {
    CHECK(f.get("/v1/connections/" + id).data()["status"]["sync_state"] == "syncing");
  }
  const auto resync = f.post("/v1/connections/" + id + "/resync");
  CHECK(resync.status == 409);
  CHECK(resync.code() == "Conflict");
  f.fake.finish_sync(id);
  CHECK(f.get("/v1/connections/" + id).data()["status"]["sync_state"] == "scheduled");
}

TEST_CASE("request bodies are checked against the document: 400 naming the JSON pointer") {
  fivetran_raw f;
  const auto frequency = f.post("/v1/connections", {{"group_id", "projected_sickle"},
                                                    {"service", "google_sheets"},
                                                    {"sync_frequency", 7},
                                                    {"config", sheets_config}});
  CHECK(frequency.status == 400);
  CHECK(frequency.code() == "InvalidInput");
  CHECK(frequency.message().find("'/sync_frequency'") != std::string::npos);

  const auto missing = f.post("/v1/connections", {{"service", "google_sheets"}});
  CHECK(missing.status == 400);
  CHECK(missing.message().find("'/group_id'") != std::string::npos);
  CHECK(missing.message().find("Missing required property") != std::string::npos);

  const auto id = f.create("google_sheets", sheets_config);
  const auto force = f.post("/v1/connections/" + id + "/sync", {{"force", "yes"}});
  CHECK(force.status == 400);
  CHECK(force.message().find("'/force'") != std::string::npos);
  const auto nested = f.patch(
      "/v1/connections/" + id + "/schemas",
      {{"schemas", {{"sheets", {{"enabled", true}, {"tables", {{"users", {{"enabled", 1}}}}}}}}}});
  CHECK(nested.status == 400);
  CHECK(nested.message().find("'/schemas/sheets/tables/users/enabled'") != std::string::npos);
  CHECK(f.post_raw("/v1/connections/" + id + "/sync", "[1]").status == 400);  // not an object

  // Fivetran refuses setup tests without any body; {} is fine.
  CHECK(f.post_raw("/v1/connections/" + id + "/test", "").status == 400);
  CHECK(f.post("/v1/connections/" + id + "/test").status == 200);

  // Switched off, the fake's own checks answer instead.
  auto lenient = fivetran_raw::default_settings();
  lenient.validate_requests = false;
  fivetran_raw g(lenient);
  const auto own = g.post("/v1/connections", {{"group_id", "projected_sickle"},
                                              {"service", "google_sheets"},
                                              {"sync_frequency", 7},
                                              {"config", sheets_config}});
  CHECK(own.status == 400);
  CHECK(own.message().rfind("'sync_frequency' must be one of", 0) == 0);
}

TEST_CASE("a reply that does not match the document is a loud 500") {
  fivetran_raw f;
  // A connection whose stored fields break the schema: a fake bug, as it were.
  f.fake.add_connector("broken", "google_sheets", {{"paused", "not a boolean"}});
  const auto details = f.get("/v1/connections/broken");
  CHECK(details.status == 500);
  CHECK(details.code() == "SandboxContractViolation");
  CHECK(details.message().find("connection_details") != std::string::npos);
  CHECK(details.message().find("'/data/paused'") != std::string::npos);
  // The old API is not in the document and answers as it always did.
  CHECK(f.get("/v1/connectors/broken").status == 200);

  auto lenient = fivetran_raw::default_settings();
  lenient.validate_replies = false;
  fivetran_raw g(lenient);
  g.fake.add_connector("broken", "google_sheets", {{"paused", "not a boolean"}});
  CHECK(g.get("/v1/connections/broken").status == 200);
}

TEST_CASE("every documented operation has a route, and its answer to a stranger is documented") {
  fivetran_raw f;
  const auto& contract = plugboard::sandbox::detail::fivetran::fivetran_contract();
  const auto operations = contract.operations();
  CHECK(operations.size() == 40);
  for (const auto& operation : operations) {
    CAPTURE(operation);
    auto [method, path] = contract.route_of(operation);
    // Every placeholder names something that does not exist.
    for (auto open = path.find('{'); open != std::string::npos; open = path.find('{')) {
      path.replace(open, path.find('}', open) - open + 1, "nothing_here");
    }
    const auto answer = f.send(method, path);
    CAPTURE(answer.raw);
    const bool unrouted =
        (answer.status == 404 && answer.raw == R"({"detail":"Not Found"})") || answer.status == 405;
    CHECK_FALSE(unrouted);
    CHECK(answer.status != 500);
    CHECK(answer.body.contains("code"));
  }
}

TEST_CASE("connector types on the documented paths, checked against the document") {
  fivetran_raw f;
  std::size_t pages = 0;
  const auto types = walk(f, "/v1/metadata/connector-types", 10, pages);
  CHECK(types.size() == f.fake.metadata_count());
  CHECK(pages == 4);
  const auto openai = f.get("/v1/metadata/connector-types/openai");
  REQUIRE(openai.status == 200);  // outside the document's enum on purpose, and allowed
  CHECK(openai.data()["type"] == "ArtificialIntelligence");
  CHECK(openai.data()["config"].is_object());
  CHECK(f.get("/v1/metadata/connector-types/nope").code() == "NotFound_Service");
  CHECK(f.get("/v1/metadata/connector-types?cursor=m6e6f7065").status == 400);
}

TEST_CASE("the connection state: Function connections only, written while paused") {
  fivetran_raw f;
  const auto id = f.create("aws_lambda", {{"schema", "lambda"}});
  const std::string state = "/v1/connections/" + id + "/state";

  const auto unwritten = f.get(state);
  CHECK(unwritten.status == 400);  // as the document says, before any state is written
  CHECK(unwritten.code() == "InvalidInput");

  const json cursor = {{"cursor", "2026-01-01T00:00:00Z"}, {"pages", {1, 2}}};
  CHECK(f.patch(state, {{"state", cursor}}).status == 400);  // not paused
  f.patch("/v1/connections/" + id, {{"paused", true}});
  const auto written = f.patch(state, {{"state", cursor}});
  REQUIRE_MESSAGE(written.status == 200, written.raw);
  CHECK(written.data()["state"] == cursor);
  CHECK(f.get(state).data()["state"] == cursor);
  CHECK(f.fake.connection_state(id) == cursor);
  CHECK(f.patch(state, {{"state", "text"}}).status == 400);  // the document: an object

  f.post("/v1/connections/" + id + "/sync");
  const auto during = f.patch(state, {{"state", json::object()}});
  CHECK(during.status == 409);
  CHECK(f.get(state).data()["state"] == cursor);

  const auto sheets = f.create("google_sheets", sheets_config);
  const auto unsupported = f.get("/v1/connections/" + sheets + "/state");
  CHECK(unsupported.status == 400);
  CHECK(unsupported.message().find("does not support state") != std::string::npos);
  CHECK(f.get("/v1/connections/nope/state").code() == "NotFound_Connection");
}

TEST_CASE("the schema config: pre-created, captured, changed, reloaded, columns dropped") {
  fivetran_raw f;
  const auto id = f.create("postgres", postgres_config, {{"run_setup_tests", false}});
  const std::string schemas = "/v1/connections/" + id + "/schemas";

  CHECK(f.get(schemas).code() == "NotFound_SchemaConfig");  // not captured yet
  CHECK(f.patch(schemas, {{"schema_change_handling", "BLOCK_ALL"}}).status == 404);
  const auto pre =
      f.post(schemas,
             {{"schema_change_handling", "ALLOW_COLUMNS"},
              {"schemas",
               {{"public", {{"enabled", true}, {"tables", {{"customers", {{"enabled", false}}}}}}},
                {"not_in_source", {{"enabled", false}}}}}});
  REQUIRE_MESSAGE(pre.status == 200, pre.raw);
  CHECK(pre.data()["schemas"]["public"]["tables"]["customers"]["enabled"] == false);
  CHECK(pre.data()["schema_change_handling"] == "ALLOW_COLUMNS");

  // The setup tests capture the source's schema, with the pre-created settings applied.
  REQUIRE(f.post("/v1/connections/" + id + "/test").status == 200);
  const auto captured = f.get(schemas);
  REQUIRE_MESSAGE(captured.status == 200, captured.raw);
  const auto& config = captured.data();
  CHECK(config["schema_change_handling"] == "ALLOW_COLUMNS");
  CHECK(config["enable_new_by_default"] == false);
  CHECK(config["schemas"]["public"]["name_in_destination"] == "pg_public");
  CHECK(config["schemas"]["public"]["tables"]["customers"]["enabled"] == false);
  CHECK(config["schemas"]["public"]["tables"]["orders"]["enabled"] == true);
  CHECK_FALSE(config["schemas"].contains("not_in_source"));  // ignored, as Fivetran does
  CHECK(config["schemas"]["public"]["tables"]["orders"]["columns"].empty());  // none set yet
  CHECK(f.post(schemas, {{"schemas", json::object()}}).status == 409);        // exists already

  // Per column: shown once set.
  const std::string orders = schemas + "/public/tables/orders";
  const auto hashed = f.patch(orders + "/columns/amount", {{"enabled", true}, {"hashed", true}});
  REQUIRE_MESSAGE(hashed.status == 200, hashed.raw);
  const auto& amount = hashed.data()["schemas"]["public"]["tables"]["orders"]["columns"]["amount"];
  CHECK(amount["hashed"] == true);
  CHECK(amount["enabled_patch_settings"]["allowed"] == true);
  const auto key = f.patch(orders + "/columns/id", {{"enabled", false}});
  CHECK(key.status == 400);  // a primary key cannot be disabled
  CHECK(f.patch(orders + "/columns/nope", {{"enabled", false}}).code() == "NotFound_Column");
  CHECK(f.patch(schemas + "/public/tables/nope", {{"enabled", false}}).code() == "NotFound_Table");
  CHECK(f.patch(schemas + "/nope", {{"enabled", false}}).code() == "NotFound_Schema");
  // Fivetran's own table cannot be disabled; the whole change is refused.
  const auto system = f.patch(
      schemas,
      {{"schemas",
        {{"sales", {{"enabled", false}}},
         {"public",
          {{"enabled", true}, {"tables", {{"schema_migrations", {{"enabled", false}}}}}}}}}});
  CHECK(system.status == 400);
  CHECK(f.get(schemas).data()["schemas"]["sales"]["enabled"] == true);  // nothing applied

  const auto table = f.patch(orders, {{"enabled", true}, {"sync_mode", "HISTORY"}});
  REQUIRE(table.status == 200);
  CHECK(table.data()["schemas"]["public"]["tables"]["orders"]["sync_mode"] == "HISTORY");
  const auto schema = f.patch(schemas + "/sales", {{"enabled", false}});
  CHECK(schema.data()["schemas"]["sales"]["enabled"] == false);

  // Dropping: only a blocked column, at the next sync.
  CHECK(f.del(orders + "/columns/currency").status == 409);
  f.patch(orders + "/columns/currency", {{"enabled", false}});
  CHECK(f.del(orders + "/columns/currency").status == 200);
  const auto many = f.post(
      schemas + "/drop-columns",
      {{"schemas",
        {{"public", {{"tables", {{"orders", {{"columns", {"currency", "created_at"}}}}}}}}}}});
  CHECK(many.status == 409);  // created_at is not blocked: nothing is marked
  CHECK(f.fake.columns_to_drop(id) == std::vector<std::string>{"public.orders.currency"});

  // Reloading finds what the source has gained; new tables follow ALLOW_COLUMNS (off).
  f.fake.add_source_table(id, "public", "refunds", {"id", "order_id", "amount"});
  const auto reloaded = f.post(schemas + "/reload", {{"exclude_mode", "PRESERVE"}});
  REQUIRE(reloaded.status == 200);
  CHECK(reloaded.data()["schemas"]["public"]["tables"]["refunds"]["enabled"] == false);
  CHECK(reloaded.data()["schemas"]["public"]["tables"]["orders"]["sync_mode"] == "HISTORY");
  CHECK(f.post(schemas + "/reload", {{"exclude_mode", "SOMETIMES"}}).status == 400);

  // The column listing shows every source column, set or not.
  const auto columns = f.get("/v1/connections/" + id + "/schemas/public/tables/orders/columns");
  REQUIRE(columns.status == 200);
  CHECK(columns.data()["columns"].size() == 5);
  CHECK(columns.data()["columns"]["id"]["is_primary_key"] == true);
  CHECK(columns.data()["columns"]["id"]["enabled_patch_settings"]["allowed"] == false);
  CHECK(columns.data()["columns"]["currency"]["enabled"] == false);

  // A sync drops the marked columns; table re-syncs start one.
  const auto resync = f.post(schemas + "/tables/resync", {{"public", {"orders", "refunds"}}});
  REQUIRE_MESSAGE(resync.status == 200, resync.raw);
  CHECK(f.post(schemas + "/tables/resync", {{"public", {"orders"}}}).status == 409);  // syncing
  f.fake.finish_sync(id);
  CHECK(f.fake.columns_to_drop(id).empty());
  CHECK(f.post(schemas + "/tables/resync", {{"public", {"nope"}}}).code() == "NotFound_Table");
  CHECK(f.fake.last_resync_scope(id) == json{{"public", {"orders", "refunds"}}});

  const auto excluded = f.post(schemas + "/reload", {{"exclude_mode", "EXCLUDE"}});
  CHECK(excluded.data()["schemas"]["public"]["enabled"] == false);
  CHECK(excluded.data()["schemas"]["public"]["tables"]["orders"]["enabled"] == false);
  CHECK(excluded.data()["schemas"]["public"]["tables"]["schema_migrations"]["enabled"] == true);
}

TEST_CASE("the column listing needs a connected connection") {
  fivetran_raw f;
  const auto id = f.create("google_sheets", sheets_config, {{"run_setup_tests", false}});
  CHECK(f.get("/v1/connections/" + id + "/schemas/sheets/tables/users/columns").status == 400);
  f.post("/v1/connections/" + id + "/test");
  const auto columns = f.get("/v1/connections/" + id + "/schemas/sheets/tables/users/columns");
  REQUIRE(columns.status == 200);
  CHECK(columns.data()["columns"].size() == 4);
  CHECK(f.get("/v1/connections/" + id + "/schemas/nope/tables/users/columns").code() ==
        "NotFound_Schema");
}

TEST_CASE("certificates and fingerprints: approve, list by pages, read, revoke") {
  fivetran_raw f;
  const auto id = f.create("postgres", postgres_config);
  const std::string base = "/v1/connections/" + id;

  for (int i = 0; i < 3; ++i) {
    const std::string hash = "cert-hash-" + std::to_string(i);
    const auto approved = f.post(
        base + "/certificates", {{"hash", hash}, {"encoded_cert", "c2FuZGJveCBjZXJ0aWZpY2F0ZQ=="}});
    REQUIRE_MESSAGE(approved.status == 200, approved.raw);
    CHECK(approved.data()["hash"] == hash);
    CHECK(approved.data()["sha256"].get<std::string>().size() == 64);
  }
  CHECK(f.post(base + "/certificates", {{"hash", "h"}, {"encoded_cert", "not base64!"}}).status ==
        400);
  CHECK(f.post(base + "/certificates", {{"hash", "h"}}).message().find("'/encoded_cert'") !=
        std::string::npos);

  std::size_t pages = 0;
  const auto listed = walk(f, base + "/certificates", 2, pages);
  CHECK(listed.size() == 3);
  CHECK(pages == 2);
  CHECK(f.get(base + "/certificates/cert-hash-1").data()["hash"] == "cert-hash-1");
  CHECK(f.del(base + "/certificates/cert-hash-1").status == 200);
  const auto revoked = f.get(base + "/certificates/cert-hash-1");
  CHECK(revoked.status == 404);
  CHECK(revoked.code() == "NotFound_Certificate");

  // An id-like hash with '/' and '+' reaches the fake as one segment.
  const std::string hash = "eUtP+rI6/yy=";
  const auto fingerprint =
      f.post(base + "/fingerprints", {{"hash", hash}, {"public_key", "ssh-rsa AAAA sandbox"}});
  REQUIRE_MESSAGE(fingerprint.status == 201, fingerprint.raw);  // 201, in the usual envelope
  CHECK(fingerprint.code() == "Success");
  CHECK(fingerprint.data()["public_key"] == "ssh-rsa AAAA sandbox");
  CHECK(f.get(base + "/fingerprints").data()["items"].size() == 1);
  CHECK(f.get(base + "/fingerprints/eUtP%2BrI6%2Fyy%3D").data()["hash"] == hash);
  CHECK(f.del(base + "/fingerprints/eUtP%2BrI6%2Fyy%3D").status == 200);
  CHECK(f.get(base + "/fingerprints/eUtP%2BrI6%2Fyy%3D").code() == "NotFound_Fingerprint");

  // Setup tests with trust_certificates approve the source's certificate.
  const auto before = f.get(base + "/certificates").data()["items"].size();
  CHECK(f.post(base + "/test", {{"trust_certificates", true}}).status == 200);
  CHECK(f.get(base + "/certificates").data()["items"].size() == before + 1);
}
