// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/fivetran/models.hpp"

// One descriptor per operation of the SDK's `connector_management` group.
// Every one asks for the v2 connector shape with `Accept:
// application/json;version=2` (the Python SDK documents that value but never
// sends it); call_options::headers can replace it for one call.
namespace plugboard::fivetran::endpoints {

inline constexpr std::string_view accept_v2 = "application/json;version=2";

// What every descriptor here declares unless it says otherwise (core/endpoint.hpp).
constexpr endpoint_defaults defaults_for_endpoints(const void*) noexcept {
  return {"fivetran", accept_v2};
}

namespace detail {

// The page size metadata_connectors accepts.
inline void check_limit(const std::optional<int>& limit) {
  if (limit && (*limit < 1 || *limit > 1000)) {
    throw usage_error("limit", "must be between 1 and 1000");
  }
}

// `config` and `auth` on create are objects when given.
inline void check_object_or_null(const char* name, const json& value) {
  if (!value.is_null() && !value.is_object()) throw usage_error(name, "must be a JSON object");
}

}  // namespace detail

// POST /v1/connectors/{connector_id}/connect-card
struct connect_card {
  std::string connector_id;
  connect_card_config_request body;

  static constexpr std::string_view operation = "connect_card";
  static constexpr std::string_view summary = "Generate a Connect Card URI for a connector";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}/connect-card";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &connect_card::connector_id),
                      body_param(&connect_card::body));
  }
  using result = envelope<connector_connect_card>;
};

// GET /v1/connectors/{connector_id}; 404 NotFound_Connector when missing.
struct connector_details {
  std::string connector_id;

  static constexpr std::string_view operation = "connector_details";
  static constexpr std::string_view summary = "Retrieve a connector's details and status";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &connector_details::connector_id));
  }
  using result = envelope<connector>;
};

// POST /v1/connectors; 201 with the new connector (and setup_tests when they
// ran), 400 for a bad request such as an unsupported service.
struct create_connector {
  new_connector_request body;

  static constexpr std::string_view operation = "create_connector";
  static constexpr std::string_view summary = "Create a connector in a group";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/connectors";
  static constexpr auto params() { return param_list(body_param(&create_connector::body)); }
  using result = envelope<connector>;
  // The setup-test budget when the tests run (the API's default), as the
  // generated create_connection.
  std::string_view call_budget_class() const noexcept {
    return body.run_setup_tests.value_or(true) ? std::string_view("setup_tests")
                                               : endpoint_traits<create_connector>::budget_class;
  }

  void validate() const {
    require_non_empty("group_id", body.group_id);
    require_non_empty("service", body.service);
    detail::check_object_or_null("config", body.config);
    detail::check_object_or_null("auth", body.auth);
  }
};

// DELETE /v1/connectors/{connector_id}; 200 {code, message}, 404 when
// missing. Empty on 204, which the docs mention generically (UNCONFIRMED
// for this call; both are accepted).
struct delete_connector {
  std::string connector_id;

  static constexpr std::string_view operation = "delete_connector";
  static constexpr std::string_view summary = "Delete a connector";
  static constexpr method verb = method::delete_;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &delete_connector::connector_id));
  }
  using result = std::optional<acknowledgement>;
};

// GET /v1/metadata/{name}/{service}: one connector type with the JSON
// schemas of its config and auth. `name` is the SDK's generic slot, in
// practice "connectors" (newer docs: "connector-types"); sent as given.
struct metadata_connector_config {
  std::string service;
  std::string name = "connectors";

  static constexpr std::string_view operation = "metadata_connector_config";
  static constexpr std::string_view summary =
      "Retrieve a connector type's config and auth parameters";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/metadata/{name}/{service}";
  static constexpr auto params() {
    return param_list(path_param("name", &metadata_connector_config::name),
                      path_param("service", &metadata_connector_config::service));
  }
  using result = envelope<metadata>;
};

// GET /v1/metadata/{name}?cursor=&limit=: one page of connector types. The
// first page is asked for without a cursor; `limit` is 1..1000 (server
// default 100).
struct metadata_connectors {
  std::optional<std::string> cursor;
  std::optional<int> limit;
  std::string name = "connectors";

  static constexpr std::string_view operation = "metadata_connectors";
  static constexpr std::string_view summary = "List the available connector types, one page";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/metadata/{name}";
  static constexpr auto params() {
    return param_list(path_param("name", &metadata_connectors::name),
                      query_param("cursor", &metadata_connectors::cursor),
                      query_param("limit", &metadata_connectors::limit));
  }
  using result = envelope<metadata_page>;

  void validate() const {
    detail::check_limit(limit);
    if (cursor && cursor->empty()) {
      throw usage_error("cursor", "must not be empty (leave it unset for the first page)");
    }
  }
};

// PATCH /v1/connectors/{connector_id}: changes only the fields given.
struct modify_connector {
  std::string connector_id;
  update_connector_request body;

  static constexpr std::string_view operation = "modify_connector";
  static constexpr std::string_view summary = "Modify a connector (only the fields given)";
  static constexpr method verb = method::patch;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &modify_connector::connector_id),
                      body_param(&modify_connector::body));
  }
  using result = envelope<connector>;
  // The setup-test budget only when asked for, as modify_connection.
  std::string_view call_budget_class() const noexcept {
    return body.run_setup_tests.value_or(false) ? std::string_view("setup_tests")
                                                : endpoint_traits<modify_connector>::budget_class;
  }
};

// POST /v1/connectors/{connector_id}/resync: a historical re-sync of the
// whole connector or of the tables in `scope`. 409 when a running sync
// cannot be completed first.
struct resync_connector {
  std::string connector_id;
  resync_connector_request body;

  static constexpr std::string_view operation = "resync_connector";
  static constexpr std::string_view summary = "Re-sync a connector's data (historical sync)";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}/resync";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &resync_connector::connector_id),
                      body_param(&resync_connector::body));
  }
  using result = acknowledgement;

  void validate() const {
    if (body.scope && body.scope->empty()) {
      throw usage_error("scope", "must name at least one schema (leave it unset for everything)");
    }
  }
};

// POST /v1/connectors/{connector_id}/test: runs the setup tests and answers
// with the connector and its setup_tests.
struct run_setup_tests {
  std::string connector_id;
  run_setup_tests_request body;

  static constexpr std::string_view operation = "run_setup_tests";
  static constexpr std::string_view summary = "Run a connector's setup tests";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}/test";
  // Fivetran's setup-test budget (fivetran/rate_budgets.hpp), like the
  // generated run_connection_setup_tests.
  static constexpr std::string_view budget_class = "setup_tests";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &run_setup_tests::connector_id),
                      body_param(&run_setup_tests::body));
  }
  using result = envelope<connector>;
};

// POST /v1/connectors/{connector_id}/sync: starts a sync now.
struct sync_connector {
  std::string connector_id;
  sync_connector_request body;

  static constexpr std::string_view operation = "sync_connector";
  static constexpr std::string_view summary = "Start a connector's data sync now";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/connectors/{connector_id}/sync";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &sync_connector::connector_id),
                      body_param(&sync_connector::body));
  }
  using result = acknowledgement;
};

}  // namespace plugboard::fivetran::endpoints
