// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/fivetran/envelope.hpp"

namespace plugboard::fivetran {

namespace detail {

template <class Result>
struct page_item;
template <class Item>
struct page_item<envelope<page<Item>>> {
  using type = Item;
};

template <class Item, class = void>
struct has_string_id : std::false_type {};
template <class Item>
struct has_string_id<Item, std::enable_if_t<std::is_same_v<decltype(Item::id), std::string>>>
    : std::true_type {};

}  // namespace detail

// Every item of a cursor-paged listing E (its result envelope<page<Item>>,
// its `cursor` member the position), fetched lazily as the range is
// iterated, starting from `call` as given (its `limit` is the page size).
// The core must outlive the range. A failed page throws its typed error from
// the iteration, whatever the error policy (try_collect() returns it
// instead); a server whose cursors or pages repeat, or that sends more than
// options.max_pages pages, stops the walk with paging_error. Items with a
// string `id` are compared by it to spot a repeated page.
template <class Core, class E>
paged_range<typename detail::page_item<typename E::result>::type> walk_pages(
    Core& core, E call, call_options options = {}) {
  using item = typename detail::page_item<typename E::result>::type;
  if constexpr (endpoint_traits<E>::has_validate) call.validate();  // a bad limit fails now
  walk_options walk{std::string("fivetran ").append(endpoint_traits<E>::operation),
                    options.max_pages.value_or(default_max_pages)};
  item_key<item> key;
  if constexpr (detail::has_string_id<item>::value) {
    key = [](const item& i) { return i.id; };
  }
  Core* engine = &core;
  return cursor_walk<item>(
      std::move(walk),
      [engine, call = std::move(call),
       options = std::move(options)](const std::optional<std::string>& cursor) mutable {
        call.cursor = cursor;
        auto reply = engine->call_or_throw(call, options);
        return cursor_page<item>{std::move(reply.data.items), std::move(reply.data.next_cursor)};
      },
      std::move(key));
}

}  // namespace plugboard::fivetran
