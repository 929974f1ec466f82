// SPDX-License-Identifier: MIT
// Pipeshub's generated `records` group (record content, lookup by
// identifier, knowledge-graph navigation): the exact request of each
// operation through client.records() and its answer decoded; bounds checked
// before sending. Written from Pipeshub's OpenAPI document.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "plugboard/pipeshub/client.hpp"
#include "plugboard/pipeshub/generated/records.hpp"
#include "plugboard/testing/mock_transport.hpp"
#include "support/test_support.hpp"

using plugboard::method;
using plugboard::testing::mock_transport;
namespace pipeshub = plugboard::pipeshub;
namespace api = plugboard::pipeshub::api;

namespace {

using client_t = pipeshub::client<mock_transport>;

client_t make(mock_transport& mock) {
  return client_t("https://pipeshub.example.com/api/v1", plugboard::bearer_auth("tok-123"), mock);
}

void check_get(const plugboard::request& req, const std::string& target) {
  CHECK(req.verb == method::get);
  CHECK(req.origin == "https://pipeshub.example.com");
  CHECK(req.target == target);
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("Authorization") == "Bearer tok-123");
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

}  // namespace

TEST_CASE("get_record_content: GET /connectors/record/{recordId}/content") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"content":"# Title\nBody","mimeType":"text/markdown"})");
  auto c = make(mock);
  const auto out = c.records().get_record_content("r 1");
  check_get(mock.last_request(), "/api/v1/connectors/record/r%201/content");
  CHECK(out.content == "# Title\nBody");
  CHECK(out.extra["mimeType"] == "text/markdown");
}

TEST_CASE("navigate_knowledge_graph: GET /connectors/navigate with every filter") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"current":{"id":"n-1","name":"Eng","node_type":"folder",
    "is_record":false},"breadcrumbs":[{"id":"root","name":"Root","node_type":"app",
    "is_record":false}],"rows":[{"id":"r-1","name":"a.md","node_type":"record","is_record":true,
    "has_children":false,"web_url":"https://x/a.md","level":1}],"related":[],
    "pagination":{"page":1,"limit":50,"total":1,"has_next":false,"has_prev":false},
    "text":"Eng: 1 item"})");
  auto c = make(mock);
  const auto out = c.records().navigate_knowledge_graph(
      std::string("n-1"), 1, 50, 2, {"record", "folder"}, std::string("2026-01-01"),
      std::string("2026-02-01"), std::string("2026-01-15"), std::string("2026-01-31"));
  check_get(mock.last_request(),
            "/api/v1/connectors/navigate?nodeId=n-1&page=1&limit=50&depth=2&nodeTypes=record"
            "&nodeTypes=folder&createdAfter=2026-01-01&createdBefore=2026-02-01"
            "&modifiedAfter=2026-01-15&modifiedBefore=2026-01-31");
  REQUIRE(out.current.has_value());
  CHECK(out.current->node_type == "folder");
  CHECK(out.breadcrumbs.at(0).id == "root");
  CHECK(out.rows.at(0).is_record);
  CHECK(out.rows.at(0).level == 1);
  CHECK(out.pagination->total == 1);
  CHECK(out.text == "Eng: 1 item");

  // The document's bounds: limit 50..200, depth 1..3.
  CHECK_THROWS_AS(c.records().navigate_knowledge_graph(std::nullopt, 1, 10),
                  plugboard::usage_error);
  CHECK_THROWS_AS(c.records().navigate_knowledge_graph(std::nullopt, 1, 50, 4),
                  plugboard::usage_error);
  CHECK(mock.requests().size() == 1);
}

TEST_CASE("navigate_knowledge_graph: a missing required key is a decode_error") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"breadcrumbs":[],"rows":[],"related":[]})");  // no "text"
  auto c = make(mock);
  CHECK_THROWS_AS(c.records().navigate_knowledge_graph(), plugboard::decode_error);
  CHECK(mock.last_request().target == "/api/v1/connectors/navigate");
}

TEST_CASE("lookup_record_by_identifier: the identifiers repeat, the connector narrows") {
  mock_transport mock;
  mock.enqueue_json(200, R"({"matches":[{"id":"r-1","name":"Spec","identifier_used":"JIRA-1",
    "connector_name":"JIRA","web_url":"https://jira/JIRA-1"}],"ambiguous":false,
    "not_found_identifiers":["JIRA-404"],"searched_connectors":{"JIRA":["c-1"]},
    "text":"1 match"})");
  auto c = make(mock);
  const auto out =
      c.records().lookup_record_by_identifier({"JIRA-1", "JIRA-404"}, std::string("JIRA"));
  check_get(mock.last_request(),
            "/api/v1/connectors/record/lookup?identifiers=JIRA-1&identifiers=JIRA-404"
            "&connectorName=JIRA");
  REQUIRE(out.matches.size() == 1);
  CHECK(out.matches[0].identifier_used == "JIRA-1");
  CHECK(out.not_found_identifiers == std::vector<std::string>{"JIRA-404"});
  CHECK(out.searched_connectors->at("JIRA").at(0) == "c-1");
  CHECK_FALSE(out.ambiguous);
}
