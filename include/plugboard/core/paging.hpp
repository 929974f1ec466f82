// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "plugboard/core/error_policy.hpp"
#include "plugboard/core/paging_error.hpp"
#include "plugboard/core/result.hpp"

namespace plugboard {

// A lazy, single-pass range over the items of every page of a listing. The
// service supplies `fetch`, which requests the next page (keeping its own
// cursor or page number) and returns false once there are no more pages;
// nothing is requested until the range is iterated, and each page only when
// the previous one is used up. Errors from `fetch` propagate from begin() or
// operator++. The walks below build one with a guard against endless
// listings; a raw `fetch` has none.
//
//   for (const auto& item : client.connector_management().metadata_connectors_all()) ...
template <class Item>
class paged_range {
  struct state;

 public:
  using fetch_page = std::function<bool(std::vector<Item>& page)>;

  explicit paged_range(fetch_page fetch) : state_(std::make_shared<state>(std::move(fetch))) {}

  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Item;
    using difference_type = std::ptrdiff_t;
    using pointer = const Item*;
    using reference = const Item&;

    iterator() = default;
    reference operator*() const { return state_->page[state_->index]; }
    pointer operator->() const { return &state_->page[state_->index]; }
    iterator& operator++() {
      ++state_->index;
      state_->settle();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.done() == b.done();
    }
    friend bool operator!=(const iterator& a, const iterator& b) noexcept { return !(a == b); }

   private:
    friend class paged_range;
    explicit iterator(std::shared_ptr<state> s) : state_(std::move(s)) {}
    bool done() const noexcept { return !state_ || state_->finished; }

    std::shared_ptr<state> state_;
  };

  // Fetches the first page (once); iterating again continues where it stopped.
  iterator begin() {
    state_->settle();
    return iterator(state_);
  }
  iterator end() { return iterator(); }

  // Every remaining item, fetching every remaining page.
  std::vector<Item> collect() {
    std::vector<Item> out;
    for (auto it = begin(); it != end(); ++it) out.push_back(*it);
    return out;
  }

  // Every remaining item, or the error that stopped the walk, whatever the
  // client's error policy: no exception escapes.
  result<std::vector<Item>> try_collect() noexcept {
    return return_errors::invoke<std::vector<Item>>([this] { return collect(); });
  }

  // Pages fetched so far.
  std::size_t pages_fetched() const noexcept { return state_->pages; }

 private:
  struct state {
    explicit state(fetch_page f) : fetch(std::move(f)) {}

    // Moves to the next available item, fetching pages as needed (an empty
    // page that claims more is followed by the next one).
    void settle() {
      while (!finished && index >= page.size()) {
        page.clear();
        index = 0;
        if (exhausted || !fetch(page)) exhausted = true;
        if (!page.empty()) ++pages;
        if (exhausted && page.empty()) finished = true;
      }
    }

    fetch_page fetch;
    std::vector<Item> page;
    std::size_t index = 0;
    std::size_t pages = 0;
    bool exhausted = false;
    bool finished = false;
  };

  std::shared_ptr<state> state_;
};

// ---- the generic pager: one guard for every kind of listing -----------------

// The page cap of a walk unless call_options::max_pages says otherwise: far
// beyond any real listing (a million items at 100 a page), yet it stops a
// server that never ends its pages within minutes.
inline constexpr std::size_t default_max_pages = 10000;

struct walk_options {
  std::string name = "listing";  // quoted by paging_error, e.g. "pipeshub list_all"
  std::size_t max_pages = default_max_pages;
};

// What an item is called, to tell pages apart; an empty key means "unknown".
template <class Item>
using item_key = std::function<std::string(const Item&)>;

// One page of a cursor listing: the next cursor is empty or absent on the last.
template <class Item>
struct cursor_page {
  std::vector<Item> items;
  std::optional<std::string> next_cursor;
};

// One page of a page-number or offset listing.
template <class Item>
struct listing_page {
  std::vector<Item> items;
  bool more = false;  // the server says another page follows
};

namespace detail {

inline std::uint64_t fnv1a(std::string_view text,
                           std::uint64_t hash = 0xcbf29ce484222325ull) noexcept {
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ull;
  }
  return hash;
}

// Stops a walk that would never end: a position (cursor, page number,
// offset) sent twice, a page identical to an earlier one, or more pages than
// the cap. Positions and pages are remembered as 64-bit hashes, so memory
// stays small whatever the server sends.
class walk_guard {
 public:
  explicit walk_guard(walk_options options) : options_(std::move(options)) {}

  // Before requesting the page at `position`.
  void before_fetch(std::string_view position) {
    if (pages_ >= options_.max_pages) fail(paging_failure::page_limit);
    if (!positions_.insert(fnv1a(position)).second) fail(paging_failure::repeated_cursor);
  }

  // After a page arrives. Only pages whose every item has a key are compared.
  template <class Item>
  void received(const std::vector<Item>& items, const item_key<Item>& key) {
    ++pages_;
    if (items.empty() || !key) return;
    std::uint64_t hash = fnv1a({});
    for (const auto& item : items) {
      const std::string name = key(item);
      if (name.empty()) return;
      hash = fnv1a(std::string_view("\0", 1), fnv1a(name, hash));
    }
    if (!pages_seen_.insert(hash).second) fail(paging_failure::repeated_page);
  }

 private:
  [[noreturn]] void fail(paging_failure failure) const {
    throw paging_error(options_.name, failure, pages_, options_.max_pages);
  }

  walk_options options_;
  std::size_t pages_ = 0;
  std::unordered_set<std::uint64_t> positions_;
  std::unordered_set<std::uint64_t> pages_seen_;
};

// How a position is remembered by walk_guard.
inline std::string_view position_text(const std::optional<std::string>& cursor) noexcept {
  return cursor ? std::string_view(*cursor) : std::string_view();
}
inline std::string position_text(std::int64_t number) { return std::to_string(number); }

// The range behind every walk: `fetch(position)` returns a page, and
// `advance(position, page)` moves to the next position or returns false on
// the last page.
template <class Item, class Position, class Fetch, class Advance>
paged_range<Item> guarded_walk(walk_options options, Position first, Fetch fetch, Advance advance,
                               item_key<Item> key) {
  if (options.max_pages == 0) throw usage_error("max_pages", "must be at least 1");
  struct state {
    walk_guard guard;
    Position position;
    Fetch fetch;
    Advance advance;
    item_key<Item> key;
  };
  auto walk = std::make_shared<state>(state{walk_guard(std::move(options)), std::move(first),
                                            std::move(fetch), std::move(advance), std::move(key)});
  return paged_range<Item>([walk](std::vector<Item>& items) {
    walk->guard.before_fetch(position_text(walk->position));
    auto page = walk->fetch(std::as_const(walk->position));
    walk->guard.received(page.items, walk->key);
    const bool more = walk->advance(walk->position, page);
    items = std::move(page.items);
    return more;
  });
}

}  // namespace detail

// Cursor listings (Fivetran): `fetch(const std::optional<std::string>&
// cursor)` returns the cursor_page after `cursor` (nullopt: the first).
template <class Item, class Fetch>
paged_range<Item> cursor_walk(walk_options options, Fetch fetch, item_key<Item> key = {}) {
  const auto advance = [](std::optional<std::string>& cursor, cursor_page<Item>& page) {
    if (!page.next_cursor || page.next_cursor->empty()) return false;
    cursor = std::move(page.next_cursor);
    return true;
  };
  return detail::guarded_walk<Item>(std::move(options), std::optional<std::string>(),
                                    std::move(fetch), advance, std::move(key));
}

// Page-number listings (Pipeshub, FortiSOAR): `fetch(std::int64_t page)`
// returns the listing_page numbered `page`, starting at `first_page`.
template <class Item, class Fetch>
paged_range<Item> page_walk(walk_options options, std::int64_t first_page, Fetch fetch,
                            item_key<Item> key = {}) {
  const auto advance = [](std::int64_t& page_number, const listing_page<Item>& page) {
    if (page.more) ++page_number;
    return page.more;
  };
  return detail::guarded_walk<Item>(std::move(options), first_page, std::move(fetch), advance,
                                    std::move(key));
}

// Offset listings: `fetch(std::int64_t offset)` returns the listing_page
// starting at item `offset`; the next one starts after its items (an empty
// page that claims more would ask for the same offset again, and is stopped).
template <class Item, class Fetch>
paged_range<Item> offset_walk(walk_options options, std::int64_t first_offset, Fetch fetch,
                              item_key<Item> key = {}) {
  const auto advance = [](std::int64_t& offset, const listing_page<Item>& page) {
    if (page.more) offset += static_cast<std::int64_t>(page.items.size());
    return page.more;
  };
  return detail::guarded_walk<Item>(std::move(options), first_offset, std::move(fetch), advance,
                                    std::move(key));
}

}  // namespace plugboard
