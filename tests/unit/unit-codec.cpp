// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/serializer/json.hpp"

namespace demo {

using plugboard::from_json;
using plugboard::to_json;

enum class state { unknown, running, stopped };
constexpr auto wire_names(state) {
  return std::array{std::pair{state::running, std::string_view("running")},
                    std::pair{state::stopped, std::string_view("stopped")}};
}

struct tag {
  std::string text;
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::required_field("text", &tag::text));
  }
};

struct item {
  std::string id;
  std::optional<std::string> name;
  int count = 0;
  std::uint8_t small = 0;
  double ratio = 0;
  bool active = false;
  std::vector<tag> tags;
  std::map<std::string, std::vector<std::string>> scope;
  plugboard::open_enum<state> status;
  std::optional<plugboard::open_enum<state>> previous;
  plugboard::json config;
  plugboard::json extra;

  static constexpr auto fields() {
    using plugboard::field;
    return plugboard::field_list(
        plugboard::required_field("id", &item::id).also_accepts("_key"), field("name", &item::name),
        field("count", &item::count), field("small", &item::small), field("ratio", &item::ratio),
        field("active", &item::active), field("tags", &item::tags), field("scope", &item::scope),
        field("status", &item::status), field("previous", &item::previous),
        field("config", &item::config), plugboard::unknown_fields(&item::extra));
  }
};

// Members of every width, for the range checks.
struct numbers {
  std::int64_t i = 0;
  std::uint64_t u = 0;
  std::int32_t n = 0;
  float f = 0;
  static constexpr auto fields() {
    using plugboard::field;
    return plugboard::field_list(field("i", &numbers::i), field("u", &numbers::u),
                                 field("n", &numbers::n), field("f", &numbers::f));
  }
};

}  // namespace demo

namespace {

demo::item decode(const std::string& text) {
  return plugboard::json_serializer{}.decode<demo::item>(text);
}

std::string decode_failure(const std::string& text) {
  try {
    decode(text);
  } catch (const plugboard::decode_error& e) {
    return e.field() + " | " + e.problem();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a full document decodes into every member kind") {
  const auto v = decode(R"({"id":"a1","name":"N","count":5,"small":200,"ratio":0.5,"active":true,
    "tags":[{"text":"x"},{"text":"y"}],"scope":{"public":["t1","t2"]},"status":"running",
    "previous":"stopped","config":{"k":[1,2]},"surprise":{"nested":true}})");
  CHECK(v.id == "a1");
  CHECK(v.name == "N");
  CHECK(v.count == 5);
  CHECK(v.small == 200);
  CHECK(v.ratio == 0.5);
  CHECK(v.active);
  REQUIRE(v.tags.size() == 2);
  CHECK(v.tags[1].text == "y");
  CHECK(v.scope.at("public") == std::vector<std::string>{"t1", "t2"});
  CHECK(v.status == demo::state::running);
  CHECK(v.previous.value() == demo::state::stopped);
  CHECK(v.config["k"][1] == 2);
  CHECK(v.extra["surprise"]["nested"] == true);
}

TEST_CASE("absent and null optional fields keep their defaults") {
  const auto v = decode(R"({"id":"a","name":null,"count":null,"tags":null,"config":null})");
  CHECK_FALSE(v.name.has_value());
  CHECK(v.count == 0);
  CHECK(v.tags.empty());
  CHECK(v.config.is_null());
  CHECK(v.status.empty());
  CHECK(v.status == demo::state::unknown);
}

TEST_CASE("an alias is accepted when decoding, the declared name when encoding") {
  const auto v = decode(R"({"_key":"from-alias"})");
  CHECK(v.id == "from-alias");
  CHECK(plugboard::codec::encode(v).contains("id"));
  CHECK_FALSE(plugboard::codec::encode(v).contains("_key"));
}

TEST_CASE("the declared name wins over its alias whichever comes first") {
  CHECK(decode(R"({"_key":"alias","id":"declared"})").id == "declared");
  CHECK(decode(R"({"id":"declared","_key":"alias"})").id == "declared");
}

TEST_CASE("unknown enum values are kept and sent back unchanged") {
  const auto v = decode(R"({"id":"a","status":"hibernating"})");
  CHECK(v.status == demo::state::unknown);
  CHECK_FALSE(v.status.is_known());
  CHECK(v.status.wire() == "hibernating");
  CHECK(plugboard::codec::encode(v)["status"] == "hibernating");
  plugboard::open_enum<demo::state> known = demo::state::stopped;
  CHECK(known.wire() == "stopped");
  CHECK(known.is_known());
}

TEST_CASE("decode errors name the field path and the problem") {
  CHECK(decode_failure(R"({"name":"x"})") == "id | required field is missing");
  CHECK(decode_failure(R"({"id":null})") == "id | required field is null");
  CHECK(decode_failure(R"({"id":5})") == "id | expected string, got number");
  CHECK(decode_failure(R"({"id":"a","tags":[{"text":"ok"},{"text":7}]})") ==
        "tags[1].text | expected string, got number");
  CHECK(decode_failure(R"({"id":"a","tags":[{}]})") == "tags[0].text | required field is missing");
  CHECK(decode_failure(R"({"id":"a","scope":{"s":[1]}})") ==
        "scope.s[0] | expected string, got number");
  CHECK(decode_failure(R"({"id":"a","count":"5"})") == "count | expected integer, got string");
  CHECK(decode_failure(R"({"id":"a","count":5.5})") == "count | integer out of range or not whole");
  CHECK(decode_failure(R"({"id":"a","small":256})") == "small | integer out of range or not whole");
  CHECK(decode_failure(R"({"id":"a","small":-1})") == "small | integer out of range or not whole");
  CHECK(decode_failure(R"({"id":"a","active":1})") == "active | expected boolean, got number");
  CHECK(decode_failure(R"([1,2])") == " | expected object, got array");
  CHECK(decode(R"({"id":"a","count":7.0})").count == 7);
}

TEST_CASE("malformed, truncated and hostile bodies are decode errors, not crashes") {
  for (const char* body :
       {"", "not json", "{\"id\":", "{\"id\":\"a\"", "[", "nul", "{\"id\":\"a\"}x"}) {
    CAPTURE(body);
    CHECK_THROWS_AS(decode(body), plugboard::decode_error);
  }
  try {
    decode(R"({"id":"a","name":)");
  } catch (const plugboard::decode_error& e) {
    CHECK(e.problem().find("ends too early") != std::string::npos);
  }
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK_THROWS_AS(decode(deep), plugboard::decode_error);
  const std::string deep_in_string = R"({"id":")" + std::string(1000, '[') + "\"}";
  CHECK(decode(deep_in_string).id.size() == 1000);
}

TEST_CASE("a decode snippet never shows a credential") {
  try {
    decode(R"({"id":"a","count":{"password":"hunter2"}})");
    FAIL("decoded an object into an int");
  } catch (const plugboard::decode_error& e) {
    CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
    CHECK(e.field() == "count");
  }
}

TEST_CASE("encoding omits unset optionals and null JSON, keeps extras and round-trips") {
  demo::item v;
  v.id = "a";
  v.count = 3;
  v.extra = {{"added_by_caller", 1}, {"count", 99}};
  const auto j = plugboard::codec::encode(v);
  CHECK_FALSE(j.contains("name"));
  CHECK_FALSE(j.contains("config"));
  CHECK_FALSE(j.contains("previous"));
  CHECK_FALSE(j.contains("status"));
  CHECK(j["count"] == 3);  // a declared field wins over an extra of the same name
  CHECK(j["added_by_caller"] == 1);
  CHECK(j["tags"] == plugboard::json::array());

  const auto again = decode(j.dump());
  CHECK(again.id == "a");
  CHECK(again.count == 3);
  CHECK(again.extra["added_by_caller"] == 1);
}

TEST_CASE("models convert with nlohmann through ADL") {
  demo::item v;
  v.id = "adl";
  v.status = demo::state::stopped;
  plugboard::json j = v;
  CHECK(j["id"] == "adl");
  CHECK(j["status"] == "stopped");
  const auto back = j.get<demo::item>();
  CHECK(back.id == "adl");
  CHECK(back.status == demo::state::stopped);
  CHECK(j.get<demo::item>().extra.is_null());
}

TEST_CASE("invalid UTF-8 in a request body is a usage error") {
  demo::item v;
  v.id = "\xFF\xFE";
  CHECK_THROWS_AS(plugboard::json_serializer{}.encode(v), plugboard::usage_error);
}

TEST_CASE("plain values and JSON strings decode too") {
  plugboard::json_serializer s;
  CHECK(s.decode<std::string>(R"("OK")") == "OK");
  CHECK(s.decode<bool>("true"));
  CHECK(s.decode<std::vector<int>>("[1,2,3]").size() == 3);
  CHECK(s.encode(true) == "true");
  CHECK(s.encode(std::string("a")) == "\"a\"");
}

namespace {

std::string number_failure(const std::string& text) {
  try {
    plugboard::json_serializer{}.decode<demo::numbers>(text);
  } catch (const plugboard::decode_error& e) {
    return e.field() + " | " + e.problem();
  }
  return "no error";
}

}  // namespace

// 2^63 as a double compared <= (double)INT64_MAX, which rounds up to 2^63,
// and was then converted: undefined behaviour (UBSan: float-cast-overflow),
// and INT64_MAX on ARM, which saturates.
TEST_CASE("numbers outside a member's range are decode errors, never undefined conversions") {
  const std::string out_of_range = " | integer out of range or not whole";
  CHECK(number_failure(R"({"i":9223372036854775808.0})") == "i" + out_of_range);
  CHECK(number_failure(R"({"i":-9223372036854777856.0})") == "i" + out_of_range);
  CHECK(number_failure(R"({"i":1e300})") == "i" + out_of_range);
  CHECK(number_failure(R"({"u":18446744073709551616.0})") == "u" + out_of_range);
  CHECK(number_failure(R"({"u":18446744073709551616})") == "u" + out_of_range);
  CHECK(number_failure(R"({"u":-1.0})") == "u" + out_of_range);
  CHECK(number_failure(R"({"n":2147483648.0})") == "n" + out_of_range);
  CHECK(number_failure(R"({"n":-2147483649.0})") == "n" + out_of_range);
  CHECK(number_failure(R"({"f":1e300})") == "f | number out of range");
  CHECK(number_failure(R"({"f":-1e39})") == "f | number out of range");

  const auto edges = plugboard::json_serializer{}.decode<demo::numbers>(
      R"({"i":-9223372036854775808.0,"u":18446744073709549568.0,"n":-2147483648.0,"f":-0.0})");
  CHECK(edges.i == INT64_MIN);
  CHECK(edges.u == 18446744073709549568ull);
  CHECK(edges.n == INT32_MIN);
  CHECK(edges.f == 0.0f);
  const auto largest = plugboard::json_serializer{}.decode<demo::numbers>(
      R"({"i":9223372036854774784.0,"u":0.0,"n":2147483647.0,"f":3.0e38})");
  CHECK(largest.i == 9223372036854774784);
  CHECK(largest.n == INT32_MAX);
  CHECK(largest.f == 3.0e38f);
}
