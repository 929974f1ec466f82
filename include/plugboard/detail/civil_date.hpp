// SPDX-License-Identifier: MIT
#pragma once
// Also a macro guard: the sandbox includes this file by its own path, and a
// program may also include the single header, which carries it inline.
#ifndef PLUGBOARD_DETAIL_CIVIL_DATE_HPP
#define PLUGBOARD_DETAIL_CIVIL_DATE_HPP

#include <cstdint>

// Days since 1970-01-01 to a proleptic Gregorian date and back (Howard
// Hinnant's algorithms, http://howardhinnant.github.io/date_algorithms.html).
// The one copy: the retry policy's HTTP-date, Pipeshub's epoch-millisecond
// dates and the sandbox's clocks all use it, so it depends on nothing else.

namespace plugboard::detail {

struct civil_date {
  std::int64_t year;
  unsigned month;  // 1..12
  unsigned day;    // 1..31
};

// Days since 1970-01-01 of year-month-day (month 1..12, day 1..31).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// The date `days` after 1970-01-01 (negative: before).
constexpr civil_date civil_from_days(std::int64_t days) noexcept {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return civil_date{static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

}  // namespace plugboard::detail

#endif  // PLUGBOARD_DETAIL_CIVIL_DATE_HPP
