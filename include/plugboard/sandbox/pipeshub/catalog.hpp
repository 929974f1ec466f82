// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

// The connector types the Pipeshub fake's registry offers: what each
// authenticates with, which auth values it needs, and its filter fields (one
// sync filter is required for some types: sync cannot be enabled before it
// is saved).

namespace plugboard::sandbox::detail::pipeshub {

struct filter_option {
  std::string id;
  std::string label;
};

struct filter_field {
  std::string name;
  std::string display_name;
  std::string filter_type;  // the document's filterType
  std::string category;     // sync or indexing
  bool required = false;
  std::vector<std::string> operators;
  std::string option_source;  // manual, static or dynamic
  std::vector<filter_option> options;
};

struct connector_type {
  std::string type;
  std::string display_name;
  std::string app_group;
  std::string description;
  std::vector<std::string> categories;
  std::vector<std::string> auth_types;  // the first is the default
  bool supports_agent = true;
  std::vector<std::string> token_fields;  // the auth values API_TOKEN needs
  std::vector<filter_field> filters;
};

inline const std::vector<connector_type>& catalog() {
  static const std::vector<connector_type> types = {
      {"confluence",
       "Confluence",
       "Atlassian",
       "Sync pages and spaces from Confluence",
       {"Knowledge Management"},
       {"API_TOKEN", "OAUTH"},
       true,
       {"email", "apiToken"},
       {{"spaces",
         "Spaces",
         "multiselect",
         "sync",
         true,
         {"in", "not_in"},
         "dynamic",
         {{"ENG", "Engineering"}, {"OPS", "Operations"}, {"HR", "People"}, {"SALES", "Sales"}}},
        {"enableManualSync",
         "Index manually",
         "boolean",
         "indexing",
         false,
         {"is"},
         "manual",
         {}}}},
      {"jira",
       "Jira",
       "Atlassian",
       "Sync issues from Jira",
       {"Project Management"},
       {"API_TOKEN", "OAUTH"},
       true,
       {"email", "apiToken"},
       {{"projects",
         "Projects",
         "multiselect",
         "sync",
         false,
         {"in"},
         "dynamic",
         {{"PLAT", "Platform"}, {"WEB", "Web"}}}}},
      {"google-drive",
       "Google Drive",
       "Google Workspace",
       "Sync files from Google Drive",
       {"Storage"},
       {"OAUTH", "OAUTH_ADMIN_CONSENT", "SERVICE_ACCOUNT"},
       true,
       {},
       {{"fileTypes",
         "File types",
         "multiselect",
         "sync",
         false,
         {"in"},
         "static",
         {{"pdf", "PDF"}, {"docx", "Word"}, {"md", "Markdown"}}}}},
      {"slack",
       "Slack",
       "Slack",
       "Sync messages from Slack channels",
       {"Communication"},
       {"OAUTH", "API_TOKEN"},
       false,
       {"botToken"},
       {{"channels",
         "Channels",
         "multiselect",
         "sync",
         false,
         {"in"},
         "dynamic",
         {{"C01", "#general"}, {"C02", "#eng"}}}}},
  };
  return types;
}

inline const connector_type* find_type(const std::string& type) {
  for (const auto& t : catalog()) {
    if (t.type == type) return &t;
  }
  return nullptr;
}

inline bool is_oauth(const std::string& auth_type) {
  return auth_type == "OAUTH" || auth_type == "OAUTH_ADMIN_CONSENT";
}

// The document's ConnectorType. Its authTypes are the response enum
// ConnectorAuthType, which has no SERVICE_ACCOUNT (a request value only):
// that one is left out here.
inline nlohmann::json registry_entry(const connector_type& t) {
  std::vector<std::string> auth_types;
  for (const auto& a : t.auth_types) {
    if (a != "SERVICE_ACCOUNT") auth_types.push_back(a);
  }
  return {{"connectorType", t.type},
          {"displayName", t.display_name},
          {"appGroup", t.app_group},
          {"authTypes", auth_types},
          {"supportedScopes", {"personal", "team"}},
          {"supportsSync", true},
          {"supportsAgent", t.supports_agent},
          {"supportsRealtime", false},
          {"iconPath", "/assets/icons/connectors/" + t.type + ".svg"},
          {"categories", t.categories},
          {"isBeta", false}};
}

// The document's FilterOptions field.
inline nlohmann::json filter_view(const filter_field& f) {
  nlohmann::json options = nlohmann::json::array();
  for (const auto& o : f.options) {
    options.push_back({{"id", o.id}, {"value", o.id}, {"label", o.label}});
  }
  return {{"name", f.name},
          {"displayName", f.display_name},
          {"filterType", f.filter_type},
          {"category", f.category},
          {"required", f.required},
          {"operators", f.operators},
          {"optionSourceType", f.option_source},
          {"options", std::move(options)}};
}

// The document's ConnectorSchema: auth fields per auth type, sync
// strategies, filter fields, and the values auth config must give.
inline nlohmann::json schema_view(const connector_type& t) {
  nlohmann::json auth = nlohmann::json::object();
  for (const auto& a : t.auth_types) {
    nlohmann::json fields = nlohmann::json::array();
    if (is_oauth(a)) {
      fields.push_back({{"name", "clientId"}, {"required", true}});
      fields.push_back({{"name", "clientSecret"}, {"required", true}});
    } else if (a == "API_TOKEN") {
      for (const auto& f : t.token_fields) fields.push_back({{"name", f}, {"required", true}});
    } else {
      fields.push_back({{"name", "serviceAccountJson"}, {"required", true}});
    }
    auth[a] = {{"fields", std::move(fields)}};
  }
  nlohmann::json filters = nlohmann::json::array();
  for (const auto& f : t.filters) filters.push_back(filter_view(f));
  std::vector<std::string> required;
  for (const auto& f : t.filters) {
    if (f.required) required.push_back("filters." + f.name);
  }
  return {{"connectorType", t.type},
          {"authSchema", std::move(auth)},
          {"syncSchema", {{"strategies", {"MANUAL", "SCHEDULED"}}}},
          {"filterSchema", {{"fields", std::move(filters)}}},
          {"requiredFields", std::move(required)}};
}

}  // namespace plugboard::sandbox::detail::pipeshub
