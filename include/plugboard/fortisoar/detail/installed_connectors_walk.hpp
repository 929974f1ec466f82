// SPDX-License-Identifier: MIT
// Every page of list_configured, through the generic pager (core/paging.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar::detail {

// Pages end when one is empty, when `totalItems` rows have arrived, or,
// without totalItems, when nextPage is null and the page is short. A server
// that never ends its pages (a page sent twice, more than
// options.max_pages) throws paging_error.
template <class Core>
std::vector<installed_connector> walk_installed_connectors(Core& core,
                                                           const call_options& options) {
  constexpr std::int64_t page_size = 100;
  std::int64_t received = 0;  // the walk is collected before this returns
  const auto fetch = [&](std::int64_t page) {
    auto reply = core.call_or_throw(endpoints::list_configured{page, page_size}, options);
    const auto count = static_cast<std::int64_t>(reply.data.size());
    received += count;
    bool more = count > 0;
    if (reply.total_items) {
      more = more && received < *reply.total_items;
    } else if (!reply.next_page) {
      more = more && count >= page_size;
    }
    return listing_page<installed_connector>{std::move(reply.data), more};
  };
  const auto key = [](const installed_connector& row) {
    return std::to_string(row.id) + '/' + row.name;
  };
  const walk_options walk{"fortisoar list_configured",
                          options.max_pages.value_or(default_max_pages)};
  return page_walk<installed_connector>(walk, 1, fetch, key).collect();
}

}  // namespace plugboard::fortisoar::detail
