// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/core/errors.hpp"

namespace plugboard {

// Why a listing walk gave up.
enum class paging_failure {
  repeated_cursor,  // the server handed back a cursor the walk had already sent
  repeated_page,    // a page came back identical to an earlier one
  page_limit,       // the listing did not end within the walk's page cap
};

constexpr std::string_view to_string(paging_failure f) noexcept {
  switch (f) {
    case paging_failure::repeated_cursor: return "repeated_cursor";
    case paging_failure::repeated_page: return "repeated_page";
    case paging_failure::page_limit: return "page_limit";
  }
  return "page_limit";
}

// A listing walk (the `*_all` ranges, name look-ups) stopped because its
// pages would never end.
//
// Why a decode_error and not a fifth error kind: every page was well-formed,
// but together they cannot be turned into the finite listing the walk
// returns, the same failure as a body that cannot become its typed result.
// Deriving from decode_error keeps the error whole under both error policies
// without widening error_info or every switch over error_kind (the CLI's exit
// codes): with throw_errors it is caught as paging_error (failure(), pages())
// or as decode_error; with return_errors it arrives as an error_info of kind
// `decode` whose problem() and what() say the same.
class paging_error : public decode_error {
 public:
  paging_error(std::string walk, paging_failure failure, std::size_t pages, std::size_t max_pages)
      : decode_error(describe(walk, failure, pages, max_pages)),
        walk_(std::move(walk)),
        failure_(failure),
        pages_(pages) {}

  // Which walk, e.g. "fivetran metadata_connectors_all".
  const std::string& walk() const noexcept { return walk_; }
  paging_failure failure() const noexcept { return failure_; }
  // Pages received before the walk stopped.
  std::size_t pages() const noexcept { return pages_; }

 private:
  static std::string describe(const std::string& walk, paging_failure failure, std::size_t pages,
                              std::size_t max_pages) {
    switch (failure) {
      case paging_failure::repeated_cursor:
        return walk + ": after page " + std::to_string(pages) +
               " the next cursor (or offset) is one already requested; the listing would never end";
      case paging_failure::repeated_page:
        return walk + ": page " + std::to_string(pages) +
               " repeats an earlier page (the server ignores the paging parameters); the listing "
               "would never end";
      case paging_failure::page_limit: break;
    }
    return walk + ": the listing did not end within " + std::to_string(max_pages) +
           " pages (call_options::max_pages sets the cap)";
  }

  std::string walk_;
  paging_failure failure_;
  std::size_t pages_;
};

}  // namespace plugboard
