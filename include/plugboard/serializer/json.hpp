// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/serializer/codec.hpp"

namespace plugboard {

using json = nlohmann::json;

// The codec's reader over an nlohmann::json DOM. When the DOM is a temporary
// the serializer owns, `movable` lets free-form members take subtrees instead
// of copying them. A template only so that a TU which never decodes does not
// pay for instantiating nlohmann's accessors; json_reader is the alias to use.
template <class Json>
class basic_json_reader {
 public:
  // A template so that copying a reader never considers converting it to
  // Json (nlohmann's converting constructors are expensive to check).
  template <class J, std::enable_if_t<std::is_same_v<J, Json>, int> = 0>
  explicit basic_json_reader(const J& value, bool movable = false) noexcept
      : value_(&value), movable_(movable) {}

  json_kind kind() const noexcept {
    switch (value_->type()) {
      case Json::value_t::boolean: return json_kind::boolean;
      case Json::value_t::number_integer: return json_kind::integer;
      case Json::value_t::number_unsigned: return json_kind::unsigned_integer;
      case Json::value_t::number_float: return json_kind::floating;
      case Json::value_t::string: return json_kind::string;
      case Json::value_t::array: return json_kind::array;
      case Json::value_t::object: return json_kind::object;
      default: return json_kind::null;
    }
  }
  bool get_bool() const { return value_->template get<bool>(); }
  std::int64_t get_int() const { return value_->template get<std::int64_t>(); }
  std::uint64_t get_uint() const { return value_->template get<std::uint64_t>(); }
  double get_double() const { return value_->template get<double>(); }
  std::string_view get_string() const {
    return value_->template get_ref<const typename Json::string_t&>();
  }
  // Moves the string out of a DOM the serializer owns instead of copying it.
  void assign_string_to(std::string& out) const {
    const auto& text = value_->template get_ref<const typename Json::string_t&>();
    if (movable_) {
      out = std::move(const_cast<typename Json::string_t&>(text));  // we own the DOM
    } else {
      out.assign(text);
    }
  }

  std::size_t size() const { return value_->size(); }
  template <class F>
  void for_each_element(F&& f) const {
    for (const auto& element : value_->template get_ref<const typename Json::array_t&>()) {
      f(basic_json_reader(element, movable_));
    }
  }
  template <class F>
  void for_each_member(F&& f) const {
    for (const auto& member : value_->template get_ref<const typename Json::object_t&>()) {
      f(std::string_view(member.first), basic_json_reader(member.second, movable_));
    }
  }
  // The member `key` of an object, or nullopt (also when this is no object).
  std::optional<basic_json_reader> find(std::string_view key) const {
    if (!value_->is_object()) return std::nullopt;
    const auto& object = value_->template get_ref<const typename Json::object_t&>();
    const auto it = object.find(std::string(key));
    if (it == object.end()) return std::nullopt;
    return basic_json_reader(it->second, movable_);
  }

  // A reader over the same value that never moves out of it, for decoding
  // that may have to try again (std::variant alternatives).
  basic_json_reader pinned() const noexcept { return basic_json_reader(*value_, false); }

  Json take() const {
    if (movable_) return std::move(const_cast<Json&>(*value_));  // we own the DOM
    return *value_;
  }
  std::string snippet() const {
    std::string text = truncated(value_->dump(-1, ' ', false, Json::error_handler_t::replace), 60);
    scrub_credentials(text);
    return text;
  }

 private:
  const Json* value_;
  bool movable_;
};

using json_reader = basic_json_reader<nlohmann::json>;

namespace detail {

// Builds a DOM from nlohmann's SAX events, like nlohmann's own parser, and
// stops at the first array or object nested deeper than `max_depth`: the
// depth is bounded inside the one parse (nlohmann parses iteratively, but
// copies and destroys recursively), with no pass over the text before it.
// Strings and keys are moved into the DOM, not copied.
template <class Json>
class bounded_dom_parser {
 public:
  bounded_dom_parser(Json& root, std::size_t max_depth, bool exceptions) noexcept
      : root_(root), max_depth_(max_depth), exceptions_(exceptions) {}

  bool null() { return value(nullptr); }
  bool boolean(bool v) { return value(v); }
  bool number_integer(typename Json::number_integer_t v) { return value(v); }
  bool number_unsigned(typename Json::number_unsigned_t v) { return value(v); }
  bool number_float(typename Json::number_float_t v, const typename Json::string_t&) {
    return value(v);
  }
  bool string(typename Json::string_t& v) { return value(std::move(v)); }
  bool binary(typename Json::binary_t& v) { return value(Json::binary(std::move(v))); }

  bool start_object(std::size_t) { return open(Json::value_t::object); }
  bool start_array(std::size_t) { return open(Json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(typename Json::string_t& name) {
    slot_ = &stack_.back()->template get_ref<typename Json::object_t&>()[std::move(name)];
    return true;
  }

  // nlohmann's parse_error or out_of_range (a number too large), with the
  // byte it happened at, as Json::parse reports them.
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& e) {
    if (exceptions_) throw e;
    return false;
  }

  bool too_deep() const noexcept { return too_deep_; }

 private:
  template <class V>
  Json* place(V&& v) {
    if (stack_.empty()) {
      root_ = Json(std::forward<V>(v));
      return &root_;
    }
    Json& parent = *stack_.back();
    if (parent.is_array()) {
      auto& items = parent.template get_ref<typename Json::array_t&>();
      items.emplace_back(std::forward<V>(v));
      return &items.back();
    }
    *slot_ = Json(std::forward<V>(v));
    return slot_;
  }
  template <class V>
  bool value(V&& v) {
    place(std::forward<V>(v));
    return true;
  }
  bool open(typename Json::value_t type) {
    if (stack_.size() >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(place(type));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  Json& root_;
  std::size_t max_depth_;
  bool exceptions_;
  bool too_deep_ = false;
  Json* slot_ = nullptr;
  std::vector<Json*> stack_;
};

// Text around byte `at` for an error message, scrubbed of credentials.
inline std::string excerpt(std::string_view text, std::size_t at) {
  // Scrub with context, then cut: a window scrubbed on its own may start
  // inside a secret value and cut off the key that marks it as one.
  constexpr std::size_t context = 2048;
  at = at < text.size() ? at : text.size();
  const std::size_t region_begin = at > context ? at - context : 0;
  const std::string_view region = text.substr(region_begin, at - region_begin + context);
  std::string before(region.substr(0, at - region_begin));
  scrub_credentials(before);
  std::string scrubbed_region(region);
  scrub_credentials(scrubbed_region);
  // `at` in the scrubbed region: where the scrubbed text before it ends.
  const std::size_t mid =
      before.size() < scrubbed_region.size() ? before.size() : scrubbed_region.size();
  const std::size_t begin = mid > 20 ? mid - 20 : 0;
  std::string out = truncated(std::string_view(scrubbed_region).substr(begin, 40), 40);
  for (auto& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return out;
}

template <class Json>
std::string text_of(const Json& value) {
  if (value.is_string()) return value.template get<std::string>();
  if (value.is_number()) return value.dump();
  return {};
}

}  // namespace detail

// The default serializer: JSON through nlohmann/json, with the mapping of
// every model taken from its field list (plugboard/core/fields.hpp).
struct json_serializer {
  // Documents nested deeper than this are rejected with a decode_error.
  static constexpr std::size_t max_depth = 256;

  static constexpr std::string_view content_type() noexcept { return "application/json"; }

  static decode_error too_deep() {
    return decode_error("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  }

  template <class T>
  std::string encode(const T& value) const {
    try {
      return codec::encode(value).dump();
    } catch (const nlohmann::json::type_error&) {
      // dump() refuses invalid UTF-8; never silently replace a caller's bytes.
      throw usage_error("body", "contains a string that is not valid UTF-8");
    }
  }

  template <class T>
  T decode(std::string_view body) const {
    nlohmann::json document = parse<nlohmann::json>(body);
    T out{};
    codec::decode(json_reader(document, /*movable=*/true), out);
    return out;
  }

  // Reads what a service said in an error body, in any of the common shapes:
  // {"error":{"code","message"}}, {"code","message"} (Fivetran),
  // {"detail":"..."} and FastAPI's 422 {"detail":[{"loc","msg"}]},
  // {"message"}, Hydra's "hydra:description", {"violations":[...]}. A body
  // that is not JSON gives its first line as the message.
  // (A template only so that TUs which never make a call do not instantiate
  // nlohmann's parser for it.)
  template <class Json = nlohmann::json>
  service_error read_error(std::string_view body) const {
    service_error out;
    Json document;
    detail::bounded_dom_parser<Json> builder(document, max_depth, /*exceptions=*/false);
    if (!Json::sax_parse(body.begin(), body.end(), &builder)) document = Json::value_t::discarded;
    if (document.is_discarded()) {
      // Only the first 500 bytes are kept: look for the line's end there.
      const std::string_view head = body.substr(0, 501);
      out.message = truncated(head.substr(0, head.find_first_of("\r\n")), 500);
      return out;
    }
    if (!document.is_object()) {
      out.message = detail::text_of(document);
      return out;
    }
    const auto member = [&](const char* key) -> const Json* {
      const auto it = document.find(key);
      return it == document.end() ? nullptr : &*it;
    };
    if (const auto* error = member("error")) {
      if (error->is_object()) {
        if (const auto it = error->find("code"); it != error->end())
          out.code = detail::text_of(*it);
        if (const auto it = error->find("message"); it != error->end()) {
          out.message = detail::text_of(*it);
        }
      } else {
        out.message = detail::text_of(*error);
      }
    }
    if (out.code.empty()) {
      if (const auto* code = member("code")) out.code = detail::text_of(*code);
    }
    if (out.code.empty()) {
      if (const auto* type = member("type")) out.code = detail::text_of(*type);
    }
    if (out.message.empty()) {
      if (const auto* detail_value = member("detail")) {
        if (detail_value->is_array()) {
          for (const auto& item : *detail_value) {
            // "field required (at body.client_secret)": no "key: value" shape, so
            // the credential scrubber does not mistake the message for a secret.
            if (!item.is_object()) continue;
            if (!out.message.empty()) out.message += "; ";
            if (item.contains("msg")) out.message += detail::text_of(item["msg"]);
            if (item.contains("loc") && item["loc"].is_array()) {
              std::string loc;
              for (const auto& part : item["loc"]) {
                if (!loc.empty()) loc += '.';
                loc += detail::text_of(part);
              }
              out.message += " (at " + loc + ")";
            }
          }
        } else {
          out.message = detail::text_of(*detail_value);
        }
      }
    }
    if (out.message.empty()) {
      for (const char* key : {"message", "hydra:description", "title", "error_description"}) {
        if (const auto* text = member(key); text != nullptr && out.message.empty()) {
          out.message = detail::text_of(*text);
        }
      }
    }
    if (const auto* violations = member("violations");
        violations != nullptr && violations->is_array()) {
      std::string joined;
      for (const auto& v : *violations) {
        if (!v.is_object()) continue;
        if (!joined.empty()) joined += "; ";
        if (v.contains("title")) joined += detail::text_of(v["title"]);
        if (v.contains("message")) joined += detail::text_of(v["message"]);
        if (v.contains("propertyPath"))
          joined += " (at " + detail::text_of(v["propertyPath"]) + ")";
      }
      if (!joined.empty())
        out.message = out.message.empty() ? joined : out.message + " (" + joined + ")";
    }
    return out;
  }

 private:
  template <class Json>
  static Json parse(std::string_view body) {
    Json document;
    detail::bounded_dom_parser<Json> builder(document, max_depth, /*exceptions=*/true);
    try {
      Json::sax_parse(body.begin(), body.end(), &builder);
    } catch (const typename Json::parse_error& e) {
      // nlohmann's own message quotes the input; build one that is scrubbed.
      const bool at_end = e.byte >= body.size();
      throw decode_error(
          at_end ? "the body is not valid JSON: it ends too early (truncated?)"
                 : "the body is not valid JSON (error at byte " + std::to_string(e.byte) + ")",
          detail::excerpt(body, e.byte > 0 ? e.byte - 1 : 0));
    } catch (const typename Json::out_of_range&) {
      // The parser's other error: a number too large for a double (1e400).
      throw decode_error("the body holds a number too large to represent");
    }
    if (builder.too_deep()) throw too_deep();
    return document;
  }
};

// ADL hooks so users can write `nlohmann::json j = model;` and
// `j.get<model>()` for any type with a field list. Each service namespace
// brings them in with `using plugboard::to_json; using plugboard::from_json;`
// and users' own namespaces can do the same.
template <class T, std::enable_if_t<has_field_list_v<T>, int> = 0>
void to_json(nlohmann::json& out, const T& value) {
  out = codec::encode(value);
}

template <class T, std::enable_if_t<has_field_list_v<T>, int> = 0>
void from_json(const nlohmann::json& in, T& value) {
  codec::decode(json_reader(in), value);
}

}  // namespace plugboard
