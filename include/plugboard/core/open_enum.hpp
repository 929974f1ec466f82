// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace plugboard {

// One row of an enum's wire-name table. An aggregate rather than std::pair
// (whose members it keeps, so tables of pairs work too): a table of pairs
// instantiates pair's constructors for every enum, about 1 MB of compiler
// memory each, in every TU that includes the models (issue 19).
template <class E>
struct wire_name {
  E first;
  std::string_view second;
};

// A documented enum that tolerates values the client does not know yet.
//
// The enum declares its wire names with a constexpr function found by ADL:
//
//   enum class setup_state { unknown, incomplete, connected, broken };
//   constexpr auto wire_names(setup_state) {
//     using e = setup_state;
//     return std::array{wire_name<e>{e::incomplete, "incomplete"}, ...};
//   }
//
// open_enum keeps the original wire string, so a value added by the server
// later decodes as E{} (the first enumerator, by convention `unknown`) while
// wire() still returns what was sent, and re-encoding sends it back unchanged.
template <class E>
class open_enum {
  static_assert(std::is_enum_v<E>, "plugboard::open_enum<E> needs an enum type");

 public:
  using enum_type = E;

  open_enum() = default;
  open_enum(E value) : wire_(name_of(value)) {}  // NOLINT: implicit, reads like the enum
  static open_enum from_wire(std::string wire) {
    open_enum out;
    out.wire_ = std::move(wire);
    return out;
  }

  // The enumerator, or E{} when the wire string is not a documented value.
  E value() const noexcept {
    for (const auto& entry : wire_names(E{})) {
      if (entry.second == wire_) return entry.first;
    }
    return E{};
  }
  bool is_known() const noexcept {
    for (const auto& entry : wire_names(E{})) {
      if (entry.second == wire_) return true;
    }
    return false;
  }
  const std::string& wire() const noexcept { return wire_; }
  bool empty() const noexcept { return wire_.empty(); }

  friend bool operator==(const open_enum& a, E b) noexcept { return a.value() == b; }
  friend bool operator!=(const open_enum& a, E b) noexcept { return !(a == b); }
  friend bool operator==(E a, const open_enum& b) noexcept { return b == a; }
  friend bool operator!=(E a, const open_enum& b) noexcept { return !(b == a); }
  friend bool operator==(const open_enum& a, const open_enum& b) noexcept {
    return a.wire_ == b.wire_;
  }
  friend bool operator!=(const open_enum& a, const open_enum& b) noexcept { return !(a == b); }

  // The documented wire name of `value`, or "" when the table lacks it.
  static std::string_view name_of(E value) noexcept {
    for (const auto& entry : wire_names(E{})) {
      if (entry.first == value) return entry.second;
    }
    return {};
  }

 private:
  std::string wire_;
};

template <class T>
struct is_open_enum : std::false_type {};
template <class E>
struct is_open_enum<open_enum<E>> : std::true_type {};

}  // namespace plugboard
