// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/detail/hex.hpp"
#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/server.hpp"

// Fivetran's paging: `limit` (1..1000, default 100) and an opaque `cursor`;
// a page's `next_cursor` (or the key the settings name) points at the next
// page, and the last page says so as the settings choose. The fake's cursor
// is a letter for the listing and the hex of the first key of the page.

namespace plugboard::sandbox::detail::fivetran {

struct page_request {
  std::size_t limit = 100;
  std::optional<std::string> start;  // the key the page starts at
};

inline std::string hex_of(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned>(static_cast<unsigned char>(c));
    out.push_back("0123456789abcdef"[byte >> 4]);
    out.push_back("0123456789abcdef"[byte & 15u]);
  }
  return out;
}

inline std::optional<std::string> unhex(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  for (std::size_t i = 0; i < text.size(); i += 2) {
    const int hi = hex_value(text[i]);
    const int lo = hex_value(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// The limit and cursor of `in` for a listing whose cursors start with
// `letter`, or the 400 for a bad one.
inline std::variant<page_request, outcome> read_page_request(const incoming& in, char letter) {
  page_request page;
  if (const auto text = in.query_value("limit")) {
    bool ok = !text->empty() && text->size() <= 6;
    for (const char c : *text) ok = ok && c >= '0' && c <= '9';
    const long value = ok ? std::stol(*text) : 0;
    if (value < 1 || value > 1000) {
      return bad_request("'limit' must be an integer between 1 and 1000");
    }
    page.limit = static_cast<std::size_t>(value);
  }
  if (const auto cursor = in.query_value("cursor")) {
    auto key = cursor->size() > 1 && cursor->front() == letter
                   ? unhex(std::string_view(*cursor).substr(1))
                   : std::nullopt;
    if (!key) return bad_request("Invalid cursor");
    page.start = std::move(key);
  }
  return page;
}

// {"items": [...], "next_cursor": ...}: `next` is the first key of the next
// page, if there is one.
inline nlohmann::json page_data(const fivetran_settings& settings, nlohmann::json items,
                                const std::optional<std::string>& next, char letter) {
  nlohmann::json data = {{"items", std::move(items)}};
  if (next) {
    std::string cursor(1, letter);
    data[settings.cursor_key] = cursor.append(hex_of(*next));
  } else if (settings.last_page == fivetran_cursor_end::null) {
    data[settings.cursor_key] = nullptr;
  } else if (settings.last_page == fivetran_cursor_end::empty) {
    data[settings.cursor_key] = "";
  }
  return data;
}

// One page of `entries` (a map ordered by key) from the request's cursor on,
// with the entries `keep` accepts, each shown by `show`. A cursor whose entry
// has gone since starts at the next one.
template <class Map, class Keep, class Show>
nlohmann::json page_of(const fivetran_settings& settings, const Map& entries,
                       const page_request& page, char letter, Keep&& keep, Show&& show) {
  auto it = page.start ? entries.lower_bound(*page.start) : entries.begin();
  nlohmann::json items = nlohmann::json::array();
  for (; it != entries.end(); ++it) {
    if (!keep(it->second)) continue;
    if (items.size() == page.limit) break;
    items.push_back(show(it->second));
  }
  std::optional<std::string> next;
  if (it != entries.end()) next = it->first;
  return page_data(settings, std::move(items), next, letter);
}

}  // namespace plugboard::sandbox::detail::fivetran
