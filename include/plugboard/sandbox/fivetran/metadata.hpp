// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/paging.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/fivetran/wire.hpp"
#include "plugboard/sandbox/server.hpp"

// Connector types: GET /v1/metadata/connector-types[/{service}] (documented)
// and the old /v1/metadata/{name}[/{service}] with name "connectors". 33
// types, paged by `limit` and `cursor`; the listing leaves out each type's
// config and auth schemas. One type has a category outside the SDK's and
// the document's enum, to exercise open enums.

namespace plugboard::sandbox::detail::fivetran {

inline void seed_metadata(std::map<std::string, nlohmann::json>& metadata) {
  struct seed {
    const char* id;
    const char* name;
    const char* type;
    const char* status;
  };
  static constexpr seed seeds[] = {
      {"adls", "Azure Data Lake Storage", "File", "general_availability"},
      {"amazon_ads", "Amazon Ads", "Marketing", "general_availability"},
      {"asana", "Asana", "Productivity", "general_availability"},
      {"aws_lambda", "AWS Lambda", "Function", "general_availability"},
      {"azure_blob_storage", "Azure Blob Storage", "File", "general_availability"},
      {"bamboohr", "BambooHR", "HumanResources", "general_availability"},
      {"dynamodb", "DynamoDB", "Database", "general_availability"},
      {"facebook_ad_account", "Facebook Ad Account", "Marketing", "general_availability"},
      {"gcs", "Google Cloud Storage", "File", "general_availability"},
      {"github", "GitHub", "Engineering", "general_availability"},
      {"google_analytics_4", "Google Analytics 4", "Marketing", "general_availability"},
      {"google_sheets", "Google Sheets", "File", "general_availability"},
      {"greenhouse", "Greenhouse", "HumanResources", "general_availability"},
      {"hubspot", "HubSpot", "Marketing", "general_availability"},
      {"intercom", "Intercom", "Support", "general_availability"},
      {"jira", "Jira", "Engineering", "general_availability"},
      {"linkedin_ads", "LinkedIn Ad Analytics", "Marketing", "general_availability"},
      {"marketo", "Marketo", "Marketing", "general_availability"},
      {"mongo", "MongoDB", "Database", "general_availability"},
      {"mysql", "MySQL", "Database", "general_availability"},
      {"netsuite_suiteanalytics", "NetSuite SuiteAnalytics", "Finance", "general_availability"},
      {"openai", "OpenAI", "ArtificialIntelligence", "beta"},  // not in the SDK's enum
      {"oracle", "Oracle", "Database", "general_availability"},
      {"postgres", "PostgreSQL", "Database", "general_availability"},
      {"quickbooks", "QuickBooks", "Finance", "general_availability"},
      {"s3", "Amazon S3", "File", "general_availability"},
      {"salesforce", "Salesforce", "Sales", "general_availability"},
      {"shopify", "Shopify", "API", "general_availability"},
      {"snowflake_db", "Snowflake", "Database", "private_preview"},
      {"sql_server", "SQL Server", "Database", "general_availability"},
      {"stripe", "Stripe", "Finance", "general_availability"},
      {"webhooks", "Webhooks", "Events", "general_availability"},
      {"zendesk", "Zendesk Support", "Support", "general_availability"},
  };
  const auto string_prop = [] { return nlohmann::json{{"type", "string"}}; };
  for (const auto& s : seeds) {
    const bool database = std::string_view(s.type) == "Database";
    nlohmann::json config_schema = {{"type", "object"}};
    nlohmann::json auth_schema = {{"type", "object"}};
    if (database) {
      config_schema["properties"] = {{"schema_prefix", string_prop()}, {"host", string_prop()},
                                     {"port", {{"type", "integer"}}},  {"database", string_prop()},
                                     {"user", string_prop()},          {"password", string_prop()}};
      config_schema["required"] = {"schema_prefix", "host", "port", "user", "password"};
    } else {
      config_schema["properties"] = {{"schema", string_prop()}, {"table", string_prop()}};
      config_schema["required"] = {"schema"};
      auth_schema["properties"] = {
          {"client_access",
           {{"type", "object"},
            {"properties", {{"client_id", string_prop()}, {"client_secret", string_prop()}}}}},
          {"refresh_token", string_prop()}};
    }
    const std::string id = s.id;
    nlohmann::json item = {
        {"id", id},
        {"name", s.name},
        {"type", s.type},
        {"description", std::string("Replicates data from ") + s.name + " to your destination"},
        {"icon_url", "https://fivetran.com/integrations/" + id + "/resources/" + id + ".svg"},
        {"icons", {"https://fivetran.com/integrations/" + id + "/resources/" + id + ".svg"}},
        {"link_to_docs", "https://fivetran.com/docs/connectors/" + id},
        {"service_status", s.status},
        {"config", std::move(config_schema)},
        {"auth", std::move(auth_schema)}};
    if (!database)
      item["link_to_erd"] = "https://fivetran.com/docs/connectors/" + id + "#schemainformation";
    metadata[id] = std::move(item);
  }
}

class metadata_routes {
 public:
  explicit metadata_routes(state& s) : s_(s) {}

  // Before the connection routes' generic ones: the documented paths first.
  void install(router& routes) {
    routes.add("GET", "/v1/metadata/connector-types", [this](const incoming& in) {
      return serve(s_, in, "metadata_connectors", [&](const nlohmann::json&) { return list(in); });
    });
    routes.add("GET", "/v1/metadata/connector-types/{service}", [this](const incoming& in) {
      return serve(s_, in, "metadata_connector_config",
                   [&](const nlohmann::json&) { return one(in.param("service")); });
    });
    routes.add("GET", "/v1/metadata/{name}", [this](const incoming& in) {
      return serve_undocumented(s_, in, [&] {
        if (!known(in.param("name"))) return unknown(in.param("name"));
        return list(in);
      });
    });
    routes.add("GET", "/v1/metadata/{name}/{service}", [this](const incoming& in) {
      return serve_undocumented(s_, in, [&] {
        if (!known(in.param("name"))) return unknown(in.param("name"));
        return one(in.param("service"));
      });
    });
  }

 private:
  static bool known(const std::string& name) {
    return name == "connectors" || name == "connector-types";
  }
  static outcome unknown(const std::string& name) {
    return failure(404, "NotFound", "Unknown metadata '" + name + "'");
  }

  outcome list(const incoming& in) const {
    const auto page = read_page_request(in, 'm');
    if (const auto* refusal = std::get_if<outcome>(&page)) return *refusal;
    const auto& request = std::get<page_request>(page);
    // Connector types are never removed: a cursor must name one.
    if (request.start && s_.metadata.count(*request.start) == 0)
      return bad_request("Invalid cursor");
    return success(
        200, "Operation performed.",
        page_of(
            s_.settings, s_.metadata, request, 'm', [](const nlohmann::json&) { return true; },
            [](const nlohmann::json& type) {
              nlohmann::json item = type;
              item.erase("config");
              item.erase("auth");
              return item;
            }));
  }

  outcome one(const std::string& service_id) const {
    const auto it = s_.metadata.find(service_id);
    if (it == s_.metadata.end()) {
      return failure(404, "NotFound_Service", "Connector type '" + service_id + "' doesn't exist");
    }
    return success(200, "Operation performed.", it->second);
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fivetran
