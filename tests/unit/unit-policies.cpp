// SPDX-License-Identifier: MIT
// Every policy is replaceable: a user's own transport and a second serializer
// (a flat key=value format with its own reader) plug in with no change to
// plugboard, and the policy checks recognise good and bad types.
#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/policy_traits.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/mock_transport.hpp"

namespace {

using plugboard::json_kind;

// A reader over a flat "key=value" document, satisfying the codec's Reader
// requirements: proof that field lists are not tied to nlohmann.
class kv_reader {
 public:
  kv_reader(const std::map<std::string, std::string>* doc, const std::string* value)
      : doc_(doc), value_(value) {}

  json_kind kind() const {
    if (value_ == nullptr) return json_kind::object;
    if (*value_ == "true" || *value_ == "false") return json_kind::boolean;
    if (!value_->empty() && value_->find_first_not_of("0123456789") == std::string::npos) {
      return json_kind::integer;
    }
    return json_kind::string;
  }
  bool get_bool() const { return *value_ == "true"; }
  std::int64_t get_int() const { return std::stoll(*value_); }
  std::uint64_t get_uint() const { return std::stoull(*value_); }
  double get_double() const { return std::stod(*value_); }
  std::string_view get_string() const { return *value_; }
  std::size_t size() const { return 0; }
  template <class F>
  void for_each_element(F&&) const {}
  template <class F>
  void for_each_member(F&& f) const {
    for (const auto& kv : *doc_) f(std::string_view(kv.first), kv_reader(doc_, &kv.second));
  }
  std::optional<kv_reader> find(std::string_view key) const {
    const auto it = doc_->find(std::string(key));
    if (it == doc_->end()) return std::nullopt;
    return kv_reader(doc_, &it->second);
  }
  plugboard::json take() const { return value_ ? plugboard::json(*value_) : plugboard::json(); }
  std::string snippet() const { return value_ ? *value_ : "{...}"; }

 private:
  const std::map<std::string, std::string>* doc_;
  const std::string* value_;
};

struct kv_serializer {
  std::string_view content_type() const { return "text/x-kv"; }

  template <class T>
  std::string encode(const T& value) const {
    const plugboard::json doc = plugboard::codec::encode(value);
    if (!doc.is_object()) return doc.is_string() ? doc.get<std::string>() : doc.dump();
    std::string out;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
      out += it.key() + "=" + (it->is_string() ? it->get<std::string>() : it->dump()) + "\n";
    }
    return out;
  }

  template <class T>
  T decode(std::string_view body) const {
    std::map<std::string, std::string> doc;
    std::size_t start = 0;
    while (start < body.size()) {
      auto end = body.find('\n', start);
      if (end == std::string_view::npos) end = body.size();
      const auto line = body.substr(start, end - start);
      const auto eq = line.find('=');
      if (eq == std::string_view::npos) throw plugboard::decode_error("line without '='");
      doc[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
      start = end + 1;
    }
    T out{};
    if constexpr (std::is_same_v<T, std::string>) {
      out = std::string(body);
    } else {
      plugboard::codec::decode(kv_reader(&doc, nullptr), out);
    }
    return out;
  }

  plugboard::service_error read_error(std::string_view body) const {
    return {"kv", std::string(body.substr(0, body.find('\n')))};
  }
};

struct note {
  std::string title;
  int count = 0;
  bool pinned = false;
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::required_field("title", &note::title),
                                 plugboard::field("count", &note::count),
                                 plugboard::field("pinned", &note::pinned));
  }
};

struct save_note {
  note body;
  static constexpr plugboard::method verb = plugboard::method::put;
  static constexpr std::string_view path = "/notes";
  static constexpr std::string_view accept = "text/x-kv";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::body_param(&save_note::body));
  }
  using result = note;
};

// A user's transport: any type with `response send(const request&)`.
struct function_transport {
  std::function<plugboard::response(const plugboard::request&)> handler;
  plugboard::response send(const plugboard::request& req) { return handler(req); }
};

}  // namespace

static_assert(plugboard::detail::is_transport<function_transport>::value);
static_assert(plugboard::detail::is_transport<plugboard::testing::mock_transport>::value);
static_assert(!plugboard::detail::is_transport<int>::value);
static_assert(!plugboard::detail::is_transport<kv_serializer>::value);
static_assert(plugboard::detail::is_auth_v<plugboard::no_auth>);
static_assert(!plugboard::detail::is_auth_v<function_transport>);
static_assert(plugboard::detail::is_serializer<plugboard::json_serializer>::value);
static_assert(plugboard::detail::is_serializer<kv_serializer>::value);
static_assert(!plugboard::detail::is_serializer<function_transport>::value);
static_assert(plugboard::detail::is_retry_policy<plugboard::no_retry>::value);
static_assert(plugboard::detail::is_retry_policy<plugboard::backoff_retry>::value);
static_assert(!plugboard::detail::is_retry_policy<plugboard::no_auth>::value);
static_assert(plugboard::detail::is_error_policy<plugboard::throw_errors>::value);
static_assert(plugboard::detail::is_error_policy<plugboard::return_errors>::value);
static_assert(!plugboard::detail::is_error_policy<plugboard::no_retry>::value);
#if defined(__cpp_concepts) && __cpp_concepts >= 201907L
static_assert(plugboard::transport<function_transport>);
static_assert(!plugboard::transport<int>);
static_assert(plugboard::serializer<kv_serializer>);
static_assert(plugboard::auth_policy<plugboard::no_auth>);
static_assert(plugboard::retry_policy<plugboard::backoff_retry>);
static_assert(plugboard::error_policy<plugboard::return_errors>);
#endif

TEST_CASE("a second serializer and a user's transport plug in unchanged") {
  std::vector<plugboard::request> seen;
  function_transport transport{[&](const plugboard::request& req) {
    seen.push_back(req);
    plugboard::response res;
    res.status = 200;
    res.headers.set("Content-Type", "text/x-kv");
    res.body = "count=3\npinned=true\ntitle=saved";
    return res;
  }};
  plugboard::basic_client<function_transport, plugboard::no_auth, kv_serializer> c(
      "http://notes.test", {}, transport);
  const note saved = c.call(save_note{note{"draft", 2, false}});
  CHECK(saved.title == "saved");
  CHECK(saved.count == 3);
  CHECK(saved.pinned);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0].verb == plugboard::method::put);
  CHECK(seen[0].headers.get("Content-Type") == "text/x-kv");
  CHECK(seen[0].headers.get("Accept") == "text/x-kv");
  CHECK(seen[0].body == "count=2\npinned=false\ntitle=draft\n");
}

TEST_CASE("the second serializer's decode errors surface as decode_error") {
  function_transport transport{[](const plugboard::request&) {
    return plugboard::response{200, {}, "count=1"};  // no title: required
  }};
  plugboard::basic_client<function_transport, plugboard::no_auth, kv_serializer> c(
      "http://notes.test", {}, transport);
  try {
    c.call(save_note{});
    FAIL("no error");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.field() == "title");
  }
}
