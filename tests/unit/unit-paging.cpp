// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "plugboard/core/paging.hpp"

using plugboard::cursor_page;
using plugboard::listing_page;
using plugboard::paging_error;
using plugboard::paging_failure;

namespace {

// Pages of the given sizes, numbered items, counting fetches.
plugboard::paged_range<int> pages(std::vector<int> sizes, int* fetches) {
  auto next = std::make_shared<std::size_t>(0);
  auto counter = std::make_shared<int>(0);
  return plugboard::paged_range<int>([=](std::vector<int>& page) {
    ++*fetches;
    if (*next >= sizes.size()) return false;
    for (int i = 0; i < sizes[*next]; ++i) page.push_back((*counter)++);
    ++*next;
    return true;
  });
}

}  // namespace

TEST_CASE("items of every page, fetched lazily") {
  int fetches = 0;
  auto range = pages({2, 3, 1}, &fetches);
  CHECK(fetches == 0);
  auto it = range.begin();
  CHECK(fetches == 1);
  CHECK(*it == 0);
  ++it;
  CHECK(*it == 1);
  CHECK(fetches == 1);
  ++it;
  CHECK(fetches == 2);
  std::vector<int> rest;
  for (; it != range.end(); ++it) rest.push_back(*it);
  CHECK(rest == std::vector<int>{2, 3, 4, 5});
  CHECK(fetches == 4);  // the last fetch reports the end
  CHECK(range.pages_fetched() == 3);
}

TEST_CASE("an empty page in the middle is skipped, an empty listing yields nothing") {
  int fetches = 0;
  CHECK(pages({1, 0, 2}, &fetches).collect() == std::vector<int>{0, 1, 2});
  int none = 0;
  auto empty = pages({}, &none);
  CHECK(empty.begin() == empty.end());
  CHECK(empty.collect().empty());
  CHECK(none == 1);
}

TEST_CASE("a fetch may stop after delivering a final page") {
  int calls = 0;
  plugboard::paged_range<int> last_page([&](std::vector<int>& page) {
    ++calls;
    page = {7, 8};
    return false;  // this page is the last
  });
  CHECK(last_page.collect() == std::vector<int>{7, 8});
  CHECK(calls == 1);
}

TEST_CASE("errors from a fetch propagate to the caller") {
  int calls = 0;
  plugboard::paged_range<int> failing([&](std::vector<int>& page) -> bool {
    if (++calls == 2) throw std::runtime_error("page 2 failed");
    page = {1};
    return true;
  });
  auto it = failing.begin();
  CHECK(*it == 1);
  CHECK_THROWS_AS(++it, std::runtime_error);
}

// ---- the generic pager ---------------------------------------------------------

namespace {

const plugboard::item_key<int> number_key = [](int i) { return std::to_string(i); };

// Runs `range` to its end and returns how it stopped (nullopt: it ended).
template <class Range>
std::optional<paging_failure> stop_reason(Range& range) {
  try {
    range.collect();
    return std::nullopt;
  } catch (const paging_error& e) {
    return e.failure();
  }
}

}  // namespace

TEST_CASE("cursor_walk: follows cursors to the end, sending each one") {
  std::vector<std::optional<std::string>> asked;
  auto range = plugboard::cursor_walk<int>(
      {"t", 10},
      [&](const std::optional<std::string>& cursor) {
        asked.push_back(cursor);
        if (!cursor) return cursor_page<int>{{1, 2}, "x"};
        if (*cursor == "x") return cursor_page<int>{{}, "y"};  // an empty page that claims more
        return cursor_page<int>{{3}, ""};
      },
      number_key);
  CHECK(range.collect() == std::vector<int>{1, 2, 3});
  CHECK(asked == std::vector<std::optional<std::string>>{std::nullopt, "x", "y"});
}

TEST_CASE("cursor_walk: a cursor seen before (A -> B -> A) stops the walk before it is sent") {
  std::vector<std::string> asked;
  int next = 0;
  auto range = plugboard::cursor_walk<int>({"t", 100}, [&](const std::optional<std::string>& c) {
    asked.push_back(c.value_or("-"));
    return cursor_page<int>{{next++}, next % 2 ? "A" : "B"};
  });
  CHECK(stop_reason(range) == paging_failure::repeated_cursor);
  CHECK(asked == std::vector<std::string>{"-", "A", "B"});
}

TEST_CASE("page_walk: numbers from first_page; a repeated page or the cap stops it") {
  std::vector<std::int64_t> asked;
  auto ends = plugboard::page_walk<int>({"t", 10}, 3, [&](std::int64_t page) {
    asked.push_back(page);
    return listing_page<int>{{static_cast<int>(page)}, page < 5};
  });
  CHECK(ends.collect() == std::vector<int>{3, 4, 5});
  CHECK(asked == std::vector<std::int64_t>{3, 4, 5});

  int fetches = 0;
  auto same = plugboard::page_walk<int>(
      {"t", 10}, 1,
      [&](std::int64_t) {
        ++fetches;
        return listing_page<int>{{7, 8}, true};
      },
      number_key);
  auto it = same.begin();
  CHECK(*it == 7);
  CHECK(*++it == 8);
  try {
    ++it;
    FAIL("no error");
  } catch (const paging_error& e) {
    CHECK(e.failure() == paging_failure::repeated_page);
    CHECK(e.pages() == 2);
    CHECK(e.walk() == "t");
  }
  CHECK(fetches == 2);

  // Without a key, or with an item that has none, pages are not compared.
  fetches = 0;
  auto unnamed = plugboard::page_walk<int>({"t", 4}, 1, [&](std::int64_t) {
    ++fetches;
    return listing_page<int>{{7}, true};
  });
  CHECK(stop_reason(unnamed) == paging_failure::page_limit);
  CHECK(fetches == 4);
}

TEST_CASE("the default page cap is 10,000 pages, and a cap of 0 is refused") {
  int fetches = 0;
  auto endless = plugboard::page_walk<int>({}, 1, [&](std::int64_t page) {
    ++fetches;
    return listing_page<int>{{static_cast<int>(page)}, true};
  });
  try {
    endless.collect();
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {  // a paging_error is a decode_error
    CHECK(std::string(e.what()).find("within 10000 pages") != std::string::npos);
  }
  CHECK(fetches == 10000);
  CHECK(plugboard::default_max_pages == 10000);
  CHECK_THROWS_AS(
      plugboard::page_walk<int>({"t", 0}, 1, [](std::int64_t) { return listing_page<int>{}; }),
      plugboard::usage_error);
}

TEST_CASE(
    "offset_walk: offsets advance by the items received; an empty page that claims more "
    "would repeat its offset and is stopped") {
  std::vector<std::int64_t> asked;
  auto range = plugboard::offset_walk<int>({"t", 10}, 0, [&](std::int64_t offset) {
    asked.push_back(offset);
    if (offset >= 5) return listing_page<int>{{}, true};
    return listing_page<int>{{static_cast<int>(offset), static_cast<int>(offset) + 1}, true};
  });
  CHECK(stop_reason(range) == paging_failure::repeated_cursor);
  CHECK(asked == std::vector<std::int64_t>{0, 2, 4, 6});
}

TEST_CASE("try_collect returns the walk's error as a value") {
  auto looping = plugboard::cursor_walk<int>({"loop", 10}, [](const std::optional<std::string>&) {
    return cursor_page<int>{{1}, "same"};
  });
  const auto all = looping.try_collect();
  REQUIRE_FALSE(all.ok());
  CHECK(all.error().kind() == plugboard::error_kind::decode);
  CHECK(std::string(all.error().what()) ==
        "plugboard: cannot decode the response: loop: after page 2 the next cursor (or offset) is "
        "one already requested; the listing would never end");

  auto fine = plugboard::page_walk<int>({}, 1, [](std::int64_t) { return listing_page<int>{{1}}; });
  CHECK(fine.try_collect().value() == std::vector<int>{1});
}
