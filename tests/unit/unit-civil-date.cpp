// SPDX-License-Identifier: MIT
// The one civil-date conversion (retry's HTTP-date, Pipeshub's dates, the
// sandbox's clocks), against dates worked out by hand.
#include <doctest/doctest.h>

#include <cstdint>

#include "plugboard/detail/civil_date.hpp"

using plugboard::detail::civil_from_days;
using plugboard::detail::days_from_civil;

static_assert(days_from_civil(1970, 1, 1) == 0);

TEST_CASE("days_from_civil counts from 1970-01-01") {
  CHECK(days_from_civil(1970, 1, 2) == 1);
  CHECK(days_from_civil(1969, 12, 31) == -1);
  CHECK(days_from_civil(2000, 3, 1) == 11017);  // after a 400-year leap day
  CHECK(days_from_civil(2026, 1, 1) == 20454);  // 1767225600 / 86400
  CHECK(days_from_civil(2024, 2, 29) - days_from_civil(2024, 2, 28) == 1);
  CHECK(days_from_civil(2100, 3, 1) - days_from_civil(2100, 2, 28) == 1);  // 2100: no leap day
}

TEST_CASE("civil_from_days is its inverse, before and after the epoch") {
  const auto date = civil_from_days(20454);
  CHECK(date.year == 2026);
  CHECK(date.month == 1u);
  CHECK(date.day == 1u);
  const auto before = civil_from_days(-1);
  CHECK(before.year == 1969);
  CHECK(before.month == 12u);
  CHECK(before.day == 31u);
  for (std::int64_t days = -800000; days <= 800000; days += 37) {
    const auto d = civil_from_days(days);
    REQUIRE(days_from_civil(d.year, d.month, d.day) == days);
    REQUIRE(d.month >= 1u);
    REQUIRE(d.month <= 12u);
    REQUIRE(d.day >= 1u);
    REQUIRE(d.day <= 31u);
  }
}
