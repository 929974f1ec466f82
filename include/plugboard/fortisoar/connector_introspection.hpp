// SPDX-License-Identifier: MIT
// What an installed connector needs and gives: its dependency check and the
// output schema of one of its operations.
#pragma once

#include <string>
#include <string_view>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/fortisoar/configuration_endpoints.hpp"
#include "plugboard/fortisoar/detail/connector_cache.hpp"
#include "plugboard/fortisoar/detail/installed_connectors_walk.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar {

// Whether the dependencies of `name` at `version` are installed.
template <class Client>
auto dependencies_check(Client& client, std::string name, std::string version,
                        const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<dependencies_status>([&] {
    require_non_empty("name", name);
    require_non_empty("version", version);
    return core.call_or_throw(endpoints::dependencies_check{std::move(name), std::move(version)},
                              options);
  });
}

// The output_schema of `operation` of installed connector `connector`
// (from its detail). An operation it does not have is a usage_error naming
// the ones it has.
template <class Client>
auto operation_output_schema(Client& client, std::string_view connector, std::string_view operation,
                             const call_options& options = {}) {
  auto& core = client.core();
  return core.template under_error_policy<json>([&] {
    require_non_empty("connector", connector);
    require_non_empty("operation", operation);
    const call_options pinned = core.with_deadline(options);
    const auto rows = detail::walk_installed_connectors(core, pinned);
    const auto* row = detail::find_row(rows, connector);
    if (row == nullptr) detail::not_installed(connector);
    const auto record = core.call_or_throw(endpoints::connector_detail{row->id}, pinned);
    std::string names;
    for (const auto& op : record.operations) {
      if (op.operation == operation) return op.output_schema;
      if (!names.empty()) names += ", ";
      names += op.operation;
    }
    throw usage_error("operation", "'" + std::string(connector) + "' has no operation '" +
                                       std::string(operation) + "' (it has: " + names + ")");
  });
}

}  // namespace plugboard::fortisoar
