// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/pipeshub/catalog.hpp"
#include "plugboard/sandbox/pipeshub/state.hpp"
#include "plugboard/sandbox/server.hpp"

// An instance's filters: the filter fields of its type, saving filters
// (checked against those fields and their options), and the options of one
// field, paged by a cursor.

namespace plugboard::sandbox::detail::pipeshub {

class filter_routes {
 public:
  explicit filter_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const auto per_instance = [&](const char* verb, const std::string& suffix,
                                  const char* operation, auto member) {
      add_per_instance(routes, s_, *this, verb, suffix, operation, member);
    };
    per_instance("GET", "/filters", "getConnectorFilters", &filter_routes::get_filters);
    per_instance("POST", "/filters", "saveConnectorFilters", &filter_routes::save_filters);
    per_instance("GET", "/filters/{filter_key}/options", "getFilterFieldOptions",
                 &filter_routes::filter_options);
  }

 private:
  reply get_filters(instance& i, const incoming&, const caller&) {
    nlohmann::json fields = nlohmann::json::array();
    for (const auto& f : filters_of(i.type)) {
      fields.push_back(detail::pipeshub::filter_view(f));
    }
    return s_.respond(200,
                      {{"success", true}, {"filterOptions", {{"filters", std::move(fields)}}}});
  }

  reply save_filters(instance& i, const incoming& in, const caller& who) {
    if (auto refused = s_.may_change(i, who)) return *refused;
    const nlohmann::json body = object_of(in);
    if (auto bad = s_.check_filters(i, body["filters"])) return *bad;
    i.filters = body["filters"];
    nlohmann::json config = nlohmann::json::object();
    for (auto it = i.filters.begin(); it != i.filters.end(); ++it) {
      config[it.key()] = {{"values", *it}};
    }
    i.config["filters"] = std::move(config);
    s_.touch(i, who);
    return s_.respond(200, {{"success", true}, {"message", "Filters saved successfully"}});
  }

  // Options of one filter field, `limit` at a time from the cursor (an offset).
  reply filter_options(instance& i, const incoming& in, const caller&) {
    const std::string& key = in.param("filter_key");
    const detail::pipeshub::filter_field* field = nullptr;
    for (const auto& f : filters_of(i.type)) {
      if (f.name == key) field = &f;
    }
    if (field == nullptr) return s_.error_reply(404, "Filter '" + key + "' not found");
    reply bad;
    const auto q = s_.read_query(in, bad);
    if (!q) return bad;
    std::size_t offset = static_cast<std::size_t>(q->page - 1) * static_cast<std::size_t>(q->limit);
    if (const auto cursor = in.query_value("cursor"); cursor && !cursor->empty()) {
      offset = 0;
      for (char c : *cursor) {
        if (c < '0' || c > '9' || offset > 1000000) return s_.error_reply(400, "Invalid cursor");
        offset = offset * 10 + static_cast<std::size_t>(c - '0');
      }
    }
    std::vector<const detail::pipeshub::filter_option*> matched;
    for (const auto& o : field->options) {
      if (name_matches(o.label, q->search) || name_matches(o.id, q->search)) matched.push_back(&o);
    }
    nlohmann::json options = nlohmann::json::array();
    for (std::size_t k = offset;
         k < matched.size() && k < offset + static_cast<std::size_t>(q->limit); ++k) {
      options.push_back(
          {{"id", matched[k]->id}, {"value", matched[k]->id}, {"label", matched[k]->label}});
    }
    const std::size_t next = offset + static_cast<std::size_t>(q->limit);
    nlohmann::json pagination = {
        {"page", q->page}, {"limit", q->limit}, {"hasMore", next < matched.size()}};
    if (next < matched.size()) pagination["cursor"] = std::to_string(next);
    return s_.respond(200, {{"success", true},
                            {"options", std::move(options)},
                            {"pagination", std::move(pagination)}});
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::pipeshub
