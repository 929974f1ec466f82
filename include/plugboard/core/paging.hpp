#pragma once

#include <cstddef>
#include <functional>
#include <iterator>
#include <memory>
#include <utility>
#include <vector>

namespace plugboard {

// A lazy, single-pass range over the items of every page of a listing. The
// service supplies `fetch`, which requests the next page (keeping its own
// cursor or page number) and returns false once there are no more pages;
// nothing is requested until the range is iterated, and each page only when
// the previous one is used up. Errors from `fetch` propagate from begin() or
// operator++.
//
//   for (const auto& item : client.connector_management().metadata_connectors_all()) ...
template <class Item>
class paged_range {
  // Declared before the iterator names it (clang needs that; defined below).
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
    explicit iterator(std::shared_ptr<typename paged_range::state> s) : state_(std::move(s)) {}
    bool done() const noexcept { return !state_ || state_->finished; }

    std::shared_ptr<typename paged_range::state> state_;
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

}  // namespace plugboard
