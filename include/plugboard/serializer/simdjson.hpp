// SPDX-License-Identifier: MIT
#pragma once

// Optional: needs simdjson (Debian's libsimdjson-dev, a compiled library; link
// the `plugboard::simdjson` CMake target or add `-lsimdjson`).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include <simdjson.h>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/serializer/codec.hpp"
#include "plugboard/serializer/json.hpp"

namespace plugboard {

// The codec's reader over a simdjson DOM element (see serializer/codec.hpp).
class simdjson_reader {
 public:
  explicit simdjson_reader(simdjson::dom::element element) noexcept : element_(element) {}
  // Reading never consumes the DOM, so trying again needs nothing more.
  const simdjson_reader& pinned() const noexcept { return *this; }

  json_kind kind() const noexcept {
    switch (element_.type()) {
      case simdjson::dom::element_type::ARRAY: return json_kind::array;
      case simdjson::dom::element_type::OBJECT: return json_kind::object;
      case simdjson::dom::element_type::INT64: return json_kind::integer;
      case simdjson::dom::element_type::UINT64: return json_kind::unsigned_integer;
      case simdjson::dom::element_type::DOUBLE: return json_kind::floating;
      case simdjson::dom::element_type::STRING: return json_kind::string;
      case simdjson::dom::element_type::BOOL: return json_kind::boolean;
      case simdjson::dom::element_type::NULL_VALUE: return json_kind::null;
    }
    return json_kind::null;
  }
  bool get_bool() const { return checked(element_.get_bool()); }
  std::int64_t get_int() const { return checked(element_.get_int64()); }
  std::uint64_t get_uint() const { return checked(element_.get_uint64()); }
  double get_double() const { return checked(element_.get_double()); }
  std::string_view get_string() const { return checked(element_.get_string()); }

  std::size_t size() const { return checked(element_.get_array()).size(); }
  template <class F>
  void for_each_element(F&& f) const {
    for (simdjson::dom::element child : checked(element_.get_array())) f(simdjson_reader(child));
  }
  template <class F>
  void for_each_member(F&& f) const {
    for (simdjson::dom::key_value_pair member : checked(element_.get_object())) {
      f(member.key, simdjson_reader(member.value));
    }
  }
  // With duplicate keys the last one is found, as in nlohmann's DOM
  // (simdjson's at_key would find the first).
  std::optional<simdjson_reader> find(std::string_view key) const {
    simdjson::dom::object object;
    if (element_.get_object().get(object) != simdjson::SUCCESS) return std::nullopt;
    std::optional<simdjson_reader> found;
    for (simdjson::dom::key_value_pair member : object) {
      if (member.key == key) found.emplace(member.value);
    }
    return found;
  }

  // Free-form members and unknown keys are kept as nlohmann::json, like with
  // json_serializer, so both serializers give identical typed results.
  nlohmann::json take() const { return to_nlohmann(element_); }
  std::string snippet() const {
    std::string text = truncated(simdjson::minify(element_), 60);
    scrub_credentials(text);
    return text;
  }

 private:
  template <class T>
  static T checked(simdjson::simdjson_result<T> result) {
    T value{};
    if (std::move(result).get(value) != simdjson::SUCCESS) {
      throw decode_error("unexpected JSON type");
    }
    return value;
  }

  static nlohmann::json to_nlohmann(simdjson::dom::element e) {
    switch (e.type()) {
      case simdjson::dom::element_type::ARRAY: {
        const simdjson::dom::array array = checked(e.get_array());
        nlohmann::json out(nlohmann::json::value_t::array);
        auto& items = out.get_ref<nlohmann::json::array_t&>();
        items.reserve(array.size());
        for (simdjson::dom::element child : array) items.push_back(to_nlohmann(child));
        return out;
      }
      case simdjson::dom::element_type::OBJECT: {
        nlohmann::json out(nlohmann::json::value_t::object);
        auto& members = out.get_ref<nlohmann::json::object_t&>();
        for (simdjson::dom::key_value_pair member : checked(e.get_object())) {
          members.insert_or_assign(std::string(member.key), to_nlohmann(member.value));
        }
        return out;
      }
      case simdjson::dom::element_type::INT64: return checked(e.get_int64());
      case simdjson::dom::element_type::UINT64: return checked(e.get_uint64());
      case simdjson::dom::element_type::DOUBLE: return checked(e.get_double());
      case simdjson::dom::element_type::STRING: return std::string(checked(e.get_string()));
      case simdjson::dom::element_type::BOOL: return checked(e.get_bool());
      case simdjson::dom::element_type::NULL_VALUE: break;
    }
    return nullptr;
  }

  simdjson::dom::element element_;
};

// A faster decoder as a serializer policy: responses are parsed with
// simdjson and decoded through the same field lists as json_serializer, with
// identical typed results. Request bodies and error bodies still go through
// nlohmann (they are small, and it keeps one encoder).
struct simdjson_serializer {
  static constexpr std::size_t max_depth = json_serializer::max_depth;

  static constexpr std::string_view content_type() noexcept { return "application/json"; }

  template <class T>
  std::string encode(const T& value) const {
    return json_serializer{}.encode(value);
  }

  template <class T>
  T decode(std::string_view body) const {
    return decode_text<T>(body, /*padded=*/false);
  }

  // A body in a std::string with SIMDJSON_PADDING bytes of room after it
  // (http_transport leaves them, zeroed) is parsed in place, not copied.
  template <class T, class String, std::enable_if_t<std::is_same_v<String, std::string>, int> = 0>
  T decode(const String& body) const {
    return decode_text<T>(body, body.capacity() - body.size() >= simdjson::SIMDJSON_PADDING);
  }

  template <class Json = nlohmann::json>
  service_error read_error(std::string_view body) const {
    return json_serializer{}.read_error<Json>(body);
  }

 private:
  template <class T>
  static T decode_text(std::string_view body, bool padded) {
    // One parser per thread: it keeps its buffers between calls, and the DOM it
    // returns lives until that thread's next parse, after decoding is done.
    thread_local simdjson::dom::parser parser;
    // The depth is bounded inside the parse, with no pass over the text
    // before it; simdjson's max_depth admits as many nested arrays and
    // objects as json_serializer's (the tests check both sides of the limit).
    constexpr std::size_t parser_depth = max_depth;
    simdjson::dom::element root;
    simdjson::error_code error = simdjson::SUCCESS;
    if (parser.max_depth() != parser_depth) {
      error = parser.allocate(body.size() < 4096 ? 4096 : body.size(), parser_depth);
    }
    if (error == simdjson::SUCCESS) {
      error = parser.parse(body.data(), body.size(), /*realloc_if_needed=*/!padded).get(root);
    }
    if (error == simdjson::DEPTH_ERROR) throw json_serializer::too_deep();
    if (error != simdjson::SUCCESS) {
      // Rare path: let nlohmann describe the problem, so both serializers
      // report malformed input in the same words.
      return json_serializer{}.decode<T>(body);
    }
    T out{};
    codec::decode(simdjson_reader(root), out);
    return out;
  }
};

}  // namespace plugboard
