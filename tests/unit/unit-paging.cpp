// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "plugboard/core/paging.hpp"

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
