// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "plugboard/core/fields.hpp"
#include "plugboard/serializer/json.hpp"

// How every Fivetran answer is wrapped, for the hand-written and the
// generated descriptors alike.
namespace plugboard::fivetran {

using plugboard::from_json;
using plugboard::to_json;

// Every Fivetran answer is {"code": "Success", "message": ..., "data": ...};
// the typed result keeps code and message next to the data.
template <class T>
struct envelope {
  std::string code;
  std::optional<std::string> message;
  T data{};
  json extra;

  static constexpr auto fields() {
    return field_list(field("code", &envelope::code), field("message", &envelope::message),
                      required_field("data", &envelope::data), unknown_fields(&envelope::extra));
  }
};

// The answer of calls that return no data (delete, resync, sync):
// {"code": "Success", "message": "Sync has been successfully triggered ..."}.
struct acknowledgement {
  std::string code;
  std::optional<std::string> message;
  json extra;

  static constexpr auto fields() {
    return field_list(field("code", &acknowledgement::code),
                      field("message", &acknowledgement::message),
                      unknown_fields(&acknowledgement::extra));
  }
};

// One page of a cursor listing: {"items": [...], "next_cursor": "..."}.
// The SDK's older spec says `nextCursor`, so both are read; absent, null or
// "" means this was the last page.
template <class T>
struct page {
  std::vector<T> items;
  std::optional<std::string> next_cursor;
  json extra;

  bool has_more() const noexcept { return next_cursor.has_value() && !next_cursor->empty(); }

  static constexpr auto fields() {
    return field_list(required_field("items", &page::items),
                      field("next_cursor", &page::next_cursor).also_accepts("nextCursor"),
                      unknown_fields(&page::extra));
  }
};

}  // namespace plugboard::fivetran
