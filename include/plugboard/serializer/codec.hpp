// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/core/type_traits.hpp"

// The generic codec: walks a model's field list (plugboard/core/fields.hpp) to
// decode from any JSON reader and to encode to nlohmann::json. Every
// serializer reuses it, so no model hand-writes a mapping.
//
// Reader requirements (json_reader over nlohmann, or a faster parser's view):
//   json_kind kind() const;
//   bool get_bool() const; std::int64_t get_int() const; std::uint64_t get_uint() const;
//   double get_double() const; std::string_view get_string() const;
//   void for_each_element(F f) const;                f(const Reader&)
//   std::size_t size() const;                        the number of elements of an array
//   void for_each_member(F f) const;                 f(std::string_view key, const Reader&)
//   std::optional<Reader> find(std::string_view key) const;   a member of an object
//   nlohmann::json take() const;                     the value as a DOM (for free-form members)
//   std::string snippet() const;                     a short excerpt for error messages
// and optionally
//   void assign_string_to(std::string& out) const;   a string value into `out`, moved when
//                                                    the reader owns its DOM
//
// A type may take over its own mapping with
//   template <class Reader> static void decode_json(const Reader&, T&);
//   static nlohmann::json encode_json(const T&);

namespace plugboard {

enum class json_kind { null, boolean, integer, unsigned_integer, floating, string, array, object };

constexpr std::string_view to_string(json_kind k) noexcept {
  switch (k) {
    case json_kind::null: return "null";
    case json_kind::boolean: return "boolean";
    case json_kind::integer:
    case json_kind::unsigned_integer:
    case json_kind::floating: return "number";
    case json_kind::string: return "string";
    case json_kind::array: return "array";
    case json_kind::object: return "object";
  }
  return "null";
}

namespace codec {

namespace detail {

using plugboard::detail::dependent_false;

template <class T, class Reader, class = void>
struct has_custom_decode : std::false_type {};
template <class T, class Reader>
struct has_custom_decode<
    T, Reader,
    std::void_t<decltype(T::decode_json(std::declval<const Reader&>(), std::declval<T&>()))>>
    : std::true_type {};

template <class T, class = void>
struct has_custom_encode : std::false_type {};
template <class T>
struct has_custom_encode<T, std::void_t<decltype(T::encode_json(std::declval<const T&>()))>>
    : std::true_type {};

template <class Reader, class = void>
struct has_assign_string_to : std::false_type {};
template <class Reader>
struct has_assign_string_to<Reader,
                            std::void_t<decltype(std::declval<const Reader&>().assign_string_to(
                                std::declval<std::string&>()))>> : std::true_type {};

// One wire name a model's decoder accepts: the field it belongs to, and
// whether it is that field's alias rather than its declared name.
struct wire_key {
  std::string_view text;
  std::size_t field = 0;
  bool alias = false;
};

template <class T>
constexpr std::size_t wire_key_count() {
  constexpr auto fields = T::fields();
  std::size_t n = 0;
  plugboard::detail::for_each_index<field_tuple_t<T>::size>([&](auto index) {
    constexpr std::size_t i = decltype(index)::value;
    using descriptor = plugboard::detail::descriptor_at_t<i, field_tuple_t<T>>;
    if constexpr (plugboard::detail::is_field_descriptor<descriptor>::value) {
      n += plugboard::detail::pack_get<i>(fields).alias.empty() ? 1 : 2;
    }
  });
  return n;
}

template <class T, std::size_t N>
constexpr std::array<wire_key, N> make_wire_keys() {
  constexpr auto fields = T::fields();
  std::array<wire_key, N> keys{};
  std::size_t n = 0;
  plugboard::detail::for_each_index<field_tuple_t<T>::size>([&](auto index) {
    constexpr std::size_t i = decltype(index)::value;
    using descriptor = plugboard::detail::descriptor_at_t<i, field_tuple_t<T>>;
    if constexpr (plugboard::detail::is_field_descriptor<descriptor>::value) {
      const auto& field = plugboard::detail::pack_get<i>(fields);
      keys[n++] = wire_key{field.name, i, false};
      if (!field.alias.empty()) keys[n++] = wire_key{field.alias, i, true};
    }
  });
  return keys;
}

// Every wire name of T's field list, in declaration order (a field's name
// before its alias), built at compile time.
template <class T>
struct wire_keys {
  static constexpr std::size_t size = wire_key_count<T>();
  static constexpr std::array<wire_key, size> keys = make_wire_keys<T, size>();
};

// The first wire name equal to `key`, or null. Names are told apart by
// length and first byte before any bytes are compared, so a key costs a few
// integer compares per field and one memcmp, not a string compare per field.
template <class T>
const wire_key* find_wire_key(std::string_view key) noexcept {
  for (const wire_key& candidate : wire_keys<T>::keys) {
    if (candidate.text.size() != key.size()) continue;
    if (key.empty()) return &candidate;
    if (candidate.text[0] == key[0] &&
        std::memcmp(candidate.text.data() + 1, key.data() + 1, key.size() - 1) == 0) {
      return &candidate;
    }
  }
  return nullptr;
}

template <class Reader>
[[noreturn]] void type_mismatch(const Reader& r, std::string_view expected) {
  throw decode_error(
      "expected " + std::string(expected) + ", got " + std::string(to_string(r.kind())),
      r.snippet());
}

// Whether `v` is a whole number that T holds. The bounds are powers of two,
// exact as doubles: comparing with (double)max would round it up to 2^63 for
// int64_t and let 2^63 through to an undefined conversion.
template <class T>
bool whole_and_within(double v) noexcept {
  constexpr double limit =
      static_cast<double>(std::uint64_t{1} << (std::numeric_limits<T>::digits - 1)) * 2.0;
  constexpr double lowest = std::is_signed_v<T> ? -limit : 0.0;
  return v >= lowest && v < limit && static_cast<double>(static_cast<T>(v)) == v;
}

template <class T, class Reader>
T read_integer(const Reader& r) {
  const json_kind kind = r.kind();
  if (kind == json_kind::integer) {
    const std::int64_t v = r.get_int();
    if constexpr (std::is_signed_v<T>) {
      if (v >= static_cast<std::int64_t>(std::numeric_limits<T>::min()) &&
          v <= static_cast<std::int64_t>(std::numeric_limits<T>::max())) {
        return static_cast<T>(v);
      }
    } else {
      if (v >= 0 && static_cast<std::uint64_t>(v) <= std::numeric_limits<T>::max()) {
        return static_cast<T>(v);
      }
    }
  } else if (kind == json_kind::unsigned_integer) {
    const std::uint64_t v = r.get_uint();
    if (v <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return static_cast<T>(v);
  } else if (kind == json_kind::floating) {
    // 5.0 is accepted as 5; 5.5, NaN and out-of-range values are not.
    const double v = r.get_double();
    if (whole_and_within<T>(v)) return static_cast<T>(v);
  } else {
    type_mismatch(r, "integer");
  }
  throw decode_error("integer out of range or not whole", r.snippet());
}

// A number as the floating-point type T: a double beyond a float's range
// would be undefined to convert.
template <class T, class Reader>
T read_floating(const Reader& r) {
  const json_kind kind = r.kind();
  if (kind == json_kind::integer) return static_cast<T>(r.get_int());
  if (kind == json_kind::unsigned_integer) return static_cast<T>(r.get_uint());
  if (kind != json_kind::floating) type_mismatch(r, "number");
  const double v = r.get_double();
  if constexpr (sizeof(T) < sizeof(double)) {
    if (!(v >= -static_cast<double>(std::numeric_limits<T>::max()) &&
          v <= static_cast<double>(std::numeric_limits<T>::max()))) {
      throw decode_error("number out of range", r.snippet());
    }
  }
  return static_cast<T>(v);
}

template <class T>
bool is_empty_value(const T& value) {
  if constexpr (plugboard::detail::is_std_optional<T>::value) {
    return !value.has_value();
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    return value.is_null() || value.is_discarded();
  } else if constexpr (is_open_enum<T>::value) {
    return value.empty();
  } else {
    return false;
  }
}

}  // namespace detail

template <class T, class Reader>
void decode(const Reader& r, T& out);

// Decodes the members of an object into a model, in one pass over the keys:
// each key goes to the field that declares it (or its alias), unknown keys to
// the unknown_fields member if there is one, and missing required fields fail.
template <class T, class Reader>
void decode_object(const Reader& r, T& out) {
  if (r.kind() != json_kind::object) detail::type_mismatch(r, "object");
  constexpr auto fields = T::fields();
  constexpr std::size_t count = field_tuple_t<T>::size;
  bool seen[count + 1] = {};
  bool seen_by_name[count + 1] = {};
  r.for_each_member([&](std::string_view key, const Reader& value) {
    const detail::wire_key* const known = detail::find_wire_key<T>(key);
    if (known != nullptr) {
      plugboard::detail::for_each_index<count>([&](auto index) {
        constexpr std::size_t i = decltype(index)::value;
        using descriptor = plugboard::detail::descriptor_at_t<i, field_tuple_t<T>>;
        if constexpr (plugboard::detail::is_field_descriptor<descriptor>::value) {
          if (known->field != i) return;
          const auto& field = plugboard::detail::pack_get<i>(fields);
          const bool repeated = seen[i];
          seen[i] = true;
          // When both the declared name and its alias are present the declared
          // name wins, whatever order the keys come in.
          if (!known->alias) {
            seen_by_name[i] = true;
          } else if (seen_by_name[i]) {
            return;
          }
          // A repeated key replaces what the earlier one decoded, as in
          // nlohmann's DOM (the last one wins), rather than merging into it:
          // both serializers then agree on objects with duplicate keys.
          if (repeated) {
            // From one default model, not a temporary T{} per key: g++ 12 at
            // -O3 reports maybe-uninitialized through a temporary's nested
            // optionals (pieces::seeded_connector_creation).
            static const T defaults{};
            out.*(field.member) = defaults.*(field.member);
          }
          if (value.kind() == json_kind::null &&
              !plugboard::detail::is_std_optional<typename descriptor::member_type>::value &&
              !std::is_same_v<typename descriptor::member_type, nlohmann::json>) {
            // null means "absent" for plain members; a required one must not be null.
            if (field.need == presence::required) {
              decode_error e("required field is null");
              e.prepend_key(key);
              throw e;
            }
            return;
          }
          try {
            decode(value, out.*(field.member));
          } catch (decode_error& e) {
            e.prepend_key(key);
            throw;
          }
        }
      });
      return;
    }
    plugboard::detail::for_each_index<count>([&](auto index) {
      constexpr std::size_t i = decltype(index)::value;
      using descriptor = plugboard::detail::descriptor_at_t<i, field_tuple_t<T>>;
      if constexpr (plugboard::detail::is_unknown_fields_descriptor<descriptor>::value) {
        nlohmann::json& extra = out.*(plugboard::detail::pack_get<i>(fields).member);
        if (!extra.is_object()) extra = nlohmann::json::object();
        extra[std::string(key)] = value.take();
      }
    });
  });
  plugboard::detail::for_each_index<count>([&](auto index) {
    constexpr std::size_t i = decltype(index)::value;
    using descriptor = plugboard::detail::descriptor_at_t<i, field_tuple_t<T>>;
    if constexpr (plugboard::detail::is_field_descriptor<descriptor>::value) {
      if (plugboard::detail::pack_get<i>(fields).need == presence::required && !seen[i]) {
        decode_error e("required field is missing");
        e.prepend_key(plugboard::detail::pack_get<i>(fields).name);
        throw e;
      }
    }
  });
}

template <class T, class Reader>
void decode(const Reader& r, T& out);

// A oneOf/anyOf: the first alternative, in declaration order, that decodes
// (so a free-form json alternative belongs last).
template <class Reader, class... T, std::size_t... I>
void decode_variant(const Reader& r, std::variant<T...>& out, std::index_sequence<I...>) {
  bool done = false;
  const auto attempt = [&](auto index) {
    if (done) return;
    std::variant_alternative_t<decltype(index)::value, std::variant<T...>> value{};
    try {
      decode(r, value);
    } catch (const decode_error&) {
      return;
    }
    out.template emplace<decltype(index)::value>(std::move(value));
    done = true;
  };
  (attempt(std::integral_constant<std::size_t, I>{}), ...);
  if (!done) throw decode_error("the value matches none of the alternatives");
}

// Decodes one value of any supported type.
template <class T, class Reader>
void decode(const Reader& r, T& out) {
  if constexpr (detail::has_custom_decode<T, Reader>::value) {
    T::decode_json(r, out);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (r.kind() != json_kind::string) detail::type_mismatch(r, "string");
    if constexpr (detail::has_assign_string_to<Reader>::value) {
      r.assign_string_to(out);
    } else {
      out.assign(r.get_string());
    }
  } else if constexpr (std::is_same_v<T, bool>) {
    if (r.kind() != json_kind::boolean) detail::type_mismatch(r, "boolean");
    out = r.get_bool();
  } else if constexpr (std::is_integral_v<T>) {
    out = detail::read_integer<T>(r);
  } else if constexpr (std::is_floating_point_v<T>) {
    out = detail::read_floating<T>(r);
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    out = r.take();
  } else if constexpr (plugboard::detail::is_std_optional<T>::value) {
    if (r.kind() == json_kind::null) {
      out.reset();
    } else {
      decode(r, out.emplace());
    }
  } else if constexpr (plugboard::detail::is_std_vector<T>::value) {
    if (r.kind() != json_kind::array) detail::type_mismatch(r, "array");
    out.clear();
    out.reserve(r.size());
    std::size_t index = 0;
    r.for_each_element([&](const Reader& element) {
      try {
        decode(element, out.emplace_back());
      } catch (decode_error& e) {
        e.prepend_index(index);
        throw;
      }
      ++index;
    });
  } else if constexpr (plugboard::detail::is_string_map<T>::value) {
    if (r.kind() != json_kind::object) detail::type_mismatch(r, "object");
    out.clear();
    r.for_each_member([&](std::string_view key, const Reader& value) {
      // A repeated key replaces the earlier value (see decode_object).
      auto [slot, inserted] = out.try_emplace(std::string(key));
      if (!inserted) slot->second = typename T::mapped_type{};
      try {
        decode(value, slot->second);
      } catch (decode_error& e) {
        e.prepend_key(key);
        throw;
      }
    });
  } else if constexpr (plugboard::detail::is_std_variant<T>::value) {
    decode_variant(r.pinned(), out, std::make_index_sequence<std::variant_size_v<T>>{});
  } else if constexpr (is_open_enum<T>::value) {
    if (r.kind() != json_kind::string) detail::type_mismatch(r, "string");
    out = T::from_wire(std::string(r.get_string()));
  } else if constexpr (has_field_list_v<T>) {
    decode_object(r, out);
  } else {
    static_assert(detail::dependent_false<T>,
                  "plugboard: this type cannot be decoded from JSON: give it "
                  "`static constexpr auto fields()` (see plugboard/core/fields.hpp) or a "
                  "`decode_json` hook");
  }
}

template <class T>
nlohmann::json encode(const T& value);

template <class T>
nlohmann::json encode_object(const T& value) {
  constexpr auto fields = T::fields();
  constexpr std::size_t count = field_tuple_t<T>::size;
  nlohmann::json out = nlohmann::json::object();
  const nlohmann::json* extra = nullptr;
  plugboard::detail::for_each_index<count>([&](auto index) {
    constexpr std::size_t i = decltype(index)::value;
    using descriptor = plugboard::detail::descriptor_at_t<i, field_tuple_t<T>>;
    const auto& field = plugboard::detail::pack_get<i>(fields);
    if constexpr (plugboard::detail::is_field_descriptor<descriptor>::value) {
      const auto& member = value.*(field.member);
      if (field.need == presence::optional && detail::is_empty_value(member)) return;
      out[std::string(field.name)] = encode(member);
    } else if constexpr (plugboard::detail::is_unknown_fields_descriptor<descriptor>::value) {
      extra = &(value.*(field.member));
    }
  });
  // Unknown keys kept from a response, or extra keys a caller adds, are sent
  // back too; a declared field of the same name wins.
  if (extra != nullptr && extra->is_object()) {
    for (auto it = extra->begin(); it != extra->end(); ++it) {
      if (!out.contains(it.key())) out[it.key()] = it.value();
    }
  }
  return out;
}

// Encodes one value of any supported type.
template <class T>
nlohmann::json encode(const T& value) {
  if constexpr (detail::has_custom_encode<T>::value) {
    return T::encode_json(value);
  } else if constexpr (std::is_same_v<T, nlohmann::json>) {
    return value;
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, bool> ||
                       std::is_arithmetic_v<T>) {
    return nlohmann::json(value);
  } else if constexpr (plugboard::detail::is_std_optional<T>::value) {
    return value ? encode(*value) : nlohmann::json();
  } else if constexpr (plugboard::detail::is_std_vector<T>::value) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : value) out.push_back(encode(item));
    return out;
  } else if constexpr (plugboard::detail::is_string_map<T>::value) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& entry : value) out[entry.first] = encode(entry.second);
    return out;
  } else if constexpr (plugboard::detail::is_std_variant<T>::value) {
    return std::visit([](const auto& held) { return encode(held); }, value);
  } else if constexpr (is_open_enum<T>::value) {
    return nlohmann::json(value.wire());
  } else if constexpr (has_field_list_v<T>) {
    return encode_object(value);
  } else {
    static_assert(detail::dependent_false<T>,
                  "plugboard: this type cannot be encoded as JSON: give it "
                  "`static constexpr auto fields()` (see plugboard/core/fields.hpp) or an "
                  "`encode_json` hook");
    return nlohmann::json();
  }
}

}  // namespace codec
}  // namespace plugboard
