// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string_view>
#include <type_traits>
#include <utility>

namespace plugboard {

// How a model declares its wire format, once, for every serializer:
//
//   struct provider {
//     std::string provider_slug;
//     std::optional<std::string> display_name;
//     nlohmann::json extra;
//     static constexpr auto fields() {
//       return plugboard::field_list(
//           plugboard::required_field("provider_slug", &provider::provider_slug),
//           plugboard::field("display_name", &provider::display_name),
//           plugboard::unknown_fields(&provider::extra));
//     }
//   };
//
// Decoding: a `field` may be absent or null (the member keeps its default);
// a `required_field` must be present and non-null. Encoding: an empty
// std::optional and a null JSON member are omitted, never sent as null.

enum class presence { optional, required };

template <class Class, class Member>
struct field_descriptor {
  using class_type = Class;
  using member_type = Member;

  std::string_view name;
  Member Class::*member;
  presence need = presence::optional;
  // A second wire name accepted when decoding (never written), for servers
  // that disagree with the SDK about a key, e.g. "connectorId" vs "_key".
  std::string_view alias{};

  constexpr field_descriptor also_accepts(std::string_view other_name) const noexcept {
    field_descriptor copy = *this;
    copy.alias = other_name;
    return copy;
  }
  constexpr bool matches(std::string_view key) const noexcept {
    return key == name || (!alias.empty() && key == alias);
  }
};

// Where a model keeps response keys it does not declare, instead of dropping
// them. They are also written back when the model is encoded.
template <class Class, class Member>
struct unknown_fields_descriptor {
  using class_type = Class;
  using member_type = Member;
  Member Class::*member;
};

template <class Class, class Member>
constexpr field_descriptor<Class, Member> field(std::string_view name,
                                                Member Class::*member) noexcept {
  return {name, member, presence::optional};
}

template <class Class, class Member>
constexpr field_descriptor<Class, Member> required_field(std::string_view name,
                                                         Member Class::*member) noexcept {
  return {name, member, presence::required};
}

template <class Class, class Member>
constexpr unknown_fields_descriptor<Class, Member> unknown_fields(Member Class::*member) noexcept {
  return {member};
}

namespace detail {

// A minimal constexpr tuple for field and parameter lists. std::tuple's
// constructor constraints cost tens of milliseconds of compile time per
// model; this costs next to nothing and is all the codec needs.
template <std::size_t I, class T>
struct pack_leaf {
  T value;
};

template <class Indices, class... T>
struct pack_base;
template <std::size_t... I, class... T>
struct pack_base<std::index_sequence<I...>, T...> : pack_leaf<I, T>... {
  constexpr explicit pack_base(T... values) noexcept : pack_leaf<I, T>{values}... {}
};

template <std::size_t I, class T>
constexpr const T& pack_get(const pack_leaf<I, T>& leaf) noexcept {
  return leaf.value;
}

}  // namespace detail

// What field_list() and param_list() return.
template <class... T>
struct descriptor_pack : detail::pack_base<std::index_sequence_for<T...>, T...> {
  static constexpr std::size_t size = sizeof...(T);
  constexpr explicit descriptor_pack(T... values) noexcept
      : detail::pack_base<std::index_sequence_for<T...>, T...>(values...) {}
};

namespace detail {

template <class Pack, class F, std::size_t... I>
constexpr void for_each_descriptor_impl(const Pack& pack, F& f, std::index_sequence<I...>) {
  (f(pack_get<I>(pack)), ...);
}

// The type of the I-th descriptor of a pack.
template <std::size_t I, class Pack>
using descriptor_at_t = std::decay_t<decltype(pack_get<I>(std::declval<const Pack&>()))>;

}  // namespace detail

// Calls f(descriptor) for every descriptor of the pack, in order.
template <class F, class... T>
constexpr void for_each_descriptor(const descriptor_pack<T...>& pack, F&& f) {
  detail::for_each_descriptor_impl(pack, f, std::index_sequence_for<T...>{});
}

template <class... Fields>
constexpr descriptor_pack<Fields...> field_list(Fields... fields) noexcept {
  return descriptor_pack<Fields...>(fields...);
}

namespace detail {

template <class T, class = void>
struct has_field_list : std::false_type {};
template <class T>
struct has_field_list<T, std::void_t<decltype(T::fields())>> : std::true_type {};

template <class T>
struct is_field_descriptor : std::false_type {};
template <class C, class M>
struct is_field_descriptor<field_descriptor<C, M>> : std::true_type {};

template <class T>
struct is_unknown_fields_descriptor : std::false_type {};
template <class C, class M>
struct is_unknown_fields_descriptor<unknown_fields_descriptor<C, M>> : std::true_type {};

// Calls f(std::integral_constant<std::size_t, I>{}) for I in [0, N).
template <class F, std::size_t... I>
constexpr void for_each_index_impl(F&& f, std::index_sequence<I...>) {
  (f(std::integral_constant<std::size_t, I>{}), ...);
}
template <std::size_t N, class F>
constexpr void for_each_index(F&& f) {
  for_each_index_impl(std::forward<F>(f), std::make_index_sequence<N>{});
}

}  // namespace detail

// The tuple of descriptors a model's fields() returns.
template <class T>
using field_tuple_t = decltype(T::fields());

// True for types that declare `static constexpr auto fields()`.
template <class T>
inline constexpr bool has_field_list_v = detail::has_field_list<T>::value;

}  // namespace plugboard
