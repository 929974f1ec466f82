// SPDX-License-Identifier: MIT
// The descriptors the fuzz targets number (the first byte of an input;
// make_seeds.cpp writes it): those of a service of the registry, in the
// order of its traits' `endpoints`.
#pragma once

#include <string_view>
#include <type_traits>

#include "fuzz_decoders.hpp"
#include "plugboard/services.hpp"

namespace plugboard_fuzz {

namespace detail {

template <const char* Name, class... S>
struct pick {
  using type = void;
};
template <const char* Name, class Head, class... Tail>
struct pick<Name, Head, Tail...> {
  using type = std::conditional_t<Head::name == std::string_view(Name), Head,
                                  typename pick<Name, Tail...>::type>;
};
template <const char* Name, class List>
struct pick_in;
template <const char* Name, class... S>
struct pick_in<Name, plugboard::service_list<S...>> : pick<Name, S...> {};

}  // namespace detail

// The traits type of the registered service called `Name` (a compile error
// naming the registry when there is none).
template <const char* Name>
struct service_named_impl {
  using type = typename detail::pick_in<Name, plugboard::services>::type;
  static_assert(!std::is_void_v<type>,
                "the fuzz target names no service of plugboard/services.hpp");
};
template <const char* Name>
using service_named = typename service_named_impl<Name>::type;

}  // namespace plugboard_fuzz
