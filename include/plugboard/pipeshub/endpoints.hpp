// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/pipeshub/models.hpp"

// One descriptor per operation of the SDK's `connector_instances` group.
// Paths are relative to the base URL, which includes `/api/v1` (the SDK's
// only server is the relative "/api/v1"). Any 2xx is success: the SDK
// expects 201 from create and 200 from delete, the current server answers
// 200 and 202.
namespace plugboard::pipeshub::endpoints {

// The service these descriptors belong to (core/endpoint.hpp, endpoint_defaults).
constexpr endpoint_defaults defaults_for_endpoints(const void*) noexcept { return {"pipeshub"}; }

namespace detail {

// The SDK's documented bounds, checked before anything is sent.
inline void validate_paging(const std::optional<int>& page, const std::optional<int>& limit) {
  if (page && *page < 1) throw usage_error("page", "must be at least 1");
  if (limit && (*limit < 1 || *limit > 200)) {
    throw usage_error("limit", "must be between 1 and 200");
  }
}

// Characters as the server counts them (Unicode code points, not bytes).
inline std::size_t utf8_length(std::string_view text) noexcept {
  std::size_t count = 0;
  for (char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0u) != 0x80u) ++count;
  }
  return count;
}

inline void validate_instance_name(std::string_view name) {
  if (name.empty()) throw usage_error("instance_name", "must not be empty");
  if (utf8_length(name) > 100) {
    throw usage_error("instance_name", "must be at most 100 characters");
  }
}

}  // namespace detail

// GET /connectors: the instances the caller can see, one page.
struct list {
  std::optional<open_enum<connector_scope>> scope;
  std::optional<int> page = 1;        // the SDK always sends page=1&limit=20 by default
  std::optional<int> limit = 20;      // 1..200
  std::optional<std::string> search;  // matched against the instance name

  static constexpr std::string_view operation = "list";
  static constexpr std::string_view summary = "List connector instances (one page)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/connectors";
  static constexpr auto params() {
    return param_list(query_param("scope", &list::scope), query_param("page", &list::page),
                      query_param("limit", &list::limit), query_param("search", &list::search));
  }
  using result = connector_list;

  void validate() const { detail::validate_paging(page, limit); }
};

// POST /connectors: creates an instance (team scope needs an admin).
struct create {
  create_connector_request body;

  static constexpr std::string_view operation = "create";
  static constexpr std::string_view summary = "Create a connector instance";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/connectors";
  static constexpr auto params() { return param_list(body_param(&create::body)); }
  using response_model = connector_envelope;
  using result = connector_instance;

  void validate() const {
    require_non_empty("connector_type", body.connector_type);
    detail::validate_instance_name(body.instance_name);
    if (body.scope.empty()) throw usage_error("scope", "must be team or personal");
  }
};

// GET /connectors/active: every active instance (no paging).
struct list_active {
  static constexpr std::string_view operation = "list_active";
  static constexpr std::string_view summary = "List active connector instances";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/connectors/active";
  using result = connector_list;
};

// GET /connectors/inactive: every inactive instance (no paging).
struct list_inactive {
  static constexpr std::string_view operation = "list_inactive";
  static constexpr std::string_view summary = "List inactive connector instances";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/connectors/inactive";
  using result = connector_list;
};

// GET /connectors/configured: configured instances, one page.
struct list_configured {
  std::optional<open_enum<connector_scope>> scope;
  std::optional<int> page = 1;
  std::optional<int> limit = 20;
  std::optional<std::string> search;

  static constexpr std::string_view operation = "list_configured";
  static constexpr std::string_view summary = "List configured connector instances (one page)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/connectors/configured";
  static constexpr auto params() {
    return param_list(query_param("scope", &list_configured::scope),
                      query_param("page", &list_configured::page),
                      query_param("limit", &list_configured::limit),
                      query_param("search", &list_configured::search));
  }
  using result = connector_list;

  void validate() const { detail::validate_paging(page, limit); }
};

// GET /connectors/agents/active: instances enabled for agents, one page.
struct list_active_agents {
  std::optional<open_enum<connector_scope>> scope;
  std::optional<int> page = 1;
  std::optional<int> limit = 20;
  std::optional<std::string> search;

  static constexpr std::string_view operation = "list_active_agents";
  static constexpr std::string_view summary =
      "List connector instances active for agents (one page)";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/connectors/agents/active";
  static constexpr auto params() {
    return param_list(query_param("scope", &list_active_agents::scope),
                      query_param("page", &list_active_agents::page),
                      query_param("limit", &list_active_agents::limit),
                      query_param("search", &list_active_agents::search));
  }
  using result = connector_list;

  void validate() const { detail::validate_paging(page, limit); }
};

// GET /connectors/{connectorId}.
struct get {
  std::string connector_id;

  static constexpr std::string_view operation = "get";
  static constexpr std::string_view summary = "Get one connector instance";
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/connectors/{connector_id}";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &get::connector_id));
  }
  using response_model = connector_envelope;
  using result = connector_instance;
};

// DELETE /connectors/{connectorId}. The SDK's `delete`, spelled `delete_`
// because `delete` is a C++ keyword.
struct delete_ {
  std::string connector_id;

  static constexpr std::string_view operation = "delete";
  static constexpr std::string_view summary = "Delete a connector instance";
  static constexpr method verb = method::delete_;
  static constexpr std::string_view path = "/connectors/{connector_id}";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &delete_::connector_id));
  }
  using result = delete_connector_response;
};

// PUT /connectors/{connectorId}/name.
struct update_name {
  std::string connector_id;
  update_connector_name_request body;

  static constexpr std::string_view operation = "update_name";
  static constexpr std::string_view summary = "Rename a connector instance";
  static constexpr method verb = method::put;
  static constexpr std::string_view path = "/connectors/{connector_id}/name";
  static constexpr auto params() {
    return param_list(path_param("connector_id", &update_name::connector_id),
                      body_param(&update_name::body));
  }
  using response_model = connector_envelope;
  using result = connector_instance;

  void validate() const {
    require_non_empty("connector_id", connector_id);
    detail::validate_instance_name(body.instance_name);
  }
};

}  // namespace plugboard::pipeshub::endpoints
