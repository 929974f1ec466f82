// SPDX-License-Identifier: MIT
// simdjson_serializer gives the same typed results and the same errors as
// json_serializer, through the same field lists.
#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/providers/models.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/serializer/simdjson.hpp"

using plugboard::json;
using plugboard::providers::data_or_bare;
using plugboard::providers::provider;

namespace {

template <class T>
json as_json(const T& value) {
  return plugboard::codec::encode(value);
}
template <class T>
json as_json(const data_or_bare<T>& value) {
  return plugboard::codec::encode(value.value);
}

template <class T, class Serializer>
json decoded(const std::string& body) {
  return as_json(Serializer{}.template decode<T>(body));
}

template <class T>
void same(const std::string& body) {
  CAPTURE(body);
  CHECK(decoded<T, plugboard::simdjson_serializer>(body) ==
        decoded<T, plugboard::json_serializer>(body));
}

template <class T>
std::string failure(const std::string& body) {
  try {
    plugboard::simdjson_serializer{}.decode<T>(body);
  } catch (const plugboard::decode_error& e) {
    return e.field() + "|" + e.problem();
  }
  return "no error";
}

template <class T>
std::string reference_failure(const std::string& body) {
  try {
    plugboard::json_serializer{}.decode<T>(body);
  } catch (const plugboard::decode_error& e) {
    return e.field() + "|" + e.problem();
  }
  return "no error";
}

}  // namespace

TEST_CASE("identical typed results, including unknown keys and free-form members") {
  same<provider>(R"({"id":"1","provider_slug":"github","display_name":"Git\u00e9Hub \ud83d\ude00",
    "default_scopes":[{"name":"repo","description":null,"weight":1.5}],
    "config_schema":{"type":"object","nested":[1,-2,3.25,18446744073709551615,true,null,{}]},
    "setup_complete":true,"created_at":null,"zzz":{"a":[1,{"b":"c"}]}})");
  same<data_or_bare<std::vector<provider>>>(
      R"({"data":[{"provider_slug":"a"},{"provider_slug":"b","extra_key":7}]})");
  same<data_or_bare<std::vector<provider>>>(R"([{"provider_slug":"a"}])");
  same<data_or_bare<provider>>(R"({"data":{"provider_slug":"x","default_scopes":[]}})");
  same<std::string>(R"("plain \"text\"")");
  same<std::vector<int>>("[1, 2, 3]");
}

TEST_CASE("a large listing decodes identically") {
  std::string body = R"({"data":[)";
  for (int i = 0; i < 1000; ++i) {
    if (i) body += ",";
    body += R"({"id":")" + std::to_string(i) + R"(","provider_slug":"p-)" + std::to_string(i) +
            R"(","display_name":"Provider )" + std::to_string(i) +
            R"(","default_scopes":[{"name":"s","description":"d"}],"setup_complete":false,"n":)" +
            std::to_string(i * 7) + "}";
  }
  body += "]}";
  same<data_or_bare<std::vector<provider>>>(body);
  CHECK(plugboard::simdjson_serializer{}
            .decode<data_or_bare<std::vector<provider>>>(body)
            .value.size() == 1000);
}

TEST_CASE("identical errors for wrong shapes and malformed input") {
  for (const std::string& body :
       std::vector<std::string>{R"({"display_name":"x"})", R"({"provider_slug":5})",
                                R"({"provider_slug":"x","setup_complete":"yes"})",
                                R"({"provider_slug":"x","default_scopes":[{"name":1}]})", R"([])",
                                R"({"provider_slug":null})", R"({"provider_slug":"x")", "not json",
                                "", R"({"provider_slug":"x"} trailing)", std::string(5000, '[')}) {
    CAPTURE(body);
    CHECK(failure<provider>(body) == reference_failure<provider>(body));
    CHECK(failure<provider>(body) != "no error");
  }
}

TEST_CASE("both serializers bound the nesting depth inside the parse, at the same level") {
  const auto arrays = [](std::size_t depth) {
    return std::string(depth, '[') + std::string(depth, ']');
  };
  const auto objects = [](std::size_t depth) {
    std::string text;
    for (std::size_t i = 1; i < depth; ++i) text += R"({"a":)";
    text += "{}";
    return text + std::string(depth - 1, '}');
  };
  constexpr std::size_t limit = plugboard::json_serializer::max_depth;
  static_assert(plugboard::simdjson_serializer::max_depth == limit);
  const std::string too_deep = "|JSON nested deeper than " + std::to_string(limit) + " levels";
  for (const auto& make : {std::function<std::string(std::size_t)>(arrays),
                           std::function<std::string(std::size_t)>(objects)}) {
    const std::string at_limit = make(limit);
    CHECK(failure<json>(at_limit) == "no error");
    CHECK(reference_failure<json>(at_limit) == "no error");
    same<json>(at_limit);
    CHECK(failure<json>(make(limit + 1)) == too_deep);
    CHECK(reference_failure<json>(make(limit + 1)) == too_deep);
  }
  // Deep and unterminated, deep inside a valid document, and far too deep.
  for (const std::string& body :
       {std::string(limit + 1, '['), R"({"a":[)" + arrays(limit) + "]}", arrays(100000)}) {
    CHECK(failure<json>(body) == too_deep);
    CHECK(reference_failure<json>(body) == too_deep);
  }
  // Brackets inside strings are not nesting.
  const std::string in_string = R"([")" + std::string(1000, '[') + R"("])";
  CHECK(failure<json>(in_string) == "no error");
  same<json>(in_string);
  // An error body nested too deep is reported by its first bytes, not parsed.
  const auto error = plugboard::simdjson_serializer{}.read_error(arrays(100000));
  CHECK(error.message == std::string(500, '[') + "...");
  const auto shallow = plugboard::json_serializer{}.read_error(R"({"a":)" + arrays(limit - 1) +
                                                               R"(,"message":"kept"})");
  CHECK(shallow.message == "kept");
}

TEST_CASE("a std::string with room after it is parsed in place, with the same results") {
  const std::string text =
      R"({"data":[{"provider_slug":"a","display_name":"A"},{"provider_slug":"b"}]})";
  std::string padded;
  padded.reserve(text.size() + simdjson::SIMDJSON_PADDING);
  padded = text;
  REQUIRE(padded.capacity() - padded.size() >= simdjson::SIMDJSON_PADDING);
  const plugboard::simdjson_serializer simd;
  using list = data_or_bare<std::vector<provider>>;
  CHECK(as_json(simd.decode<list>(padded)) == as_json(simd.decode<list>(std::string_view(text))));
  CHECK(as_json(simd.decode<list>(padded)) ==
        as_json(plugboard::json_serializer{}.decode<list>(text)));
  // Malformed and too deep, in place: the same errors as from a view.
  std::string bad;
  bad.reserve(1000);
  bad = R"({"data":[)";
  CHECK_THROWS_AS(simd.decode<list>(bad), plugboard::decode_error);
}

TEST_CASE("the declared name wins over its alias in either order, with both serializers") {
  struct instance {
    std::string id;
    static constexpr auto fields() {
      return plugboard::field_list(
          plugboard::field("connectorId", &instance::id).also_accepts("_key"));
    }
  };
  for (const char* body : {R"({"connectorId":"declared","_key":"alias"})",
                           R"({"_key":"alias","connectorId":"declared"})"}) {
    CHECK(plugboard::simdjson_serializer{}.decode<instance>(body).id == "declared");
    CHECK(plugboard::json_serializer{}.decode<instance>(body).id == "declared");
  }
  CHECK(plugboard::simdjson_serializer{}.decode<instance>(R"({"_key":"only"})").id == "only");
}

namespace {
struct inner {
  std::string a;
  std::optional<int> b;
  int c = 7;
  json extra;
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::field("a", &inner::a), plugboard::field("b", &inner::b),
                                 plugboard::field("c", &inner::c),
                                 plugboard::unknown_fields(&inner::extra));
  }
};
struct outer {
  inner data;
  std::map<std::string, inner> by_name;
  std::string id;
  json extra;
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::field("data", &outer::data),
                                 plugboard::field("by_name", &outer::by_name),
                                 plugboard::field("id", &outer::id).also_accepts("_key"),
                                 plugboard::unknown_fields(&outer::extra));
  }
};
struct last_k {
  std::int64_t k = 0;
  template <class Reader>
  static void decode_json(const Reader& reader, last_k& out) {
    out.k = reader.find("k")->get_int();
  }
};
}  // namespace

// JSON says names SHOULD be unique; when they are not, nlohmann's DOM keeps
// the last, and simdjson_serializer must agree (found by fuzz-fivetran: a
// repeated "data" object used to be merged into the first).
TEST_CASE("duplicate keys: the last one wins, entirely, with both serializers") {
  const std::string bodies[] = {
      R"({"data":{"a":"first","b":1,"x":1},"data":{"a":"second","c":3}})",
      R"({"data":{"a":"first","c":3},"data":null})",
      R"({"by_name":{"k":{"a":"first","y":2},"k":{"b":5}}})",
      R"({"id":"one","id":"two","_key":"alias"})",
      R"({"_key":"a1","_key":"a2"})",
      R"({"z":1,"z":{"nested":true}})",
  };
  for (const auto& body : bodies) same<outer>(body);
  const auto merged = plugboard::simdjson_serializer{}.decode<outer>(bodies[0]);
  CHECK(merged.data.a == "second");
  CHECK(!merged.data.b);
  CHECK(merged.data.c == 3);
  CHECK(merged.data.extra.is_null());
  // A null repeat restores the model's own defaults, not zeros.
  CHECK(plugboard::simdjson_serializer{}.decode<outer>(bodies[1]).data.c == 7);
  CHECK(plugboard::simdjson_serializer{}.decode<outer>(bodies[2]).by_name.at("k").b == 5);
  CHECK(plugboard::simdjson_serializer{}.decode<outer>(bodies[3]).id == "two");
  CHECK(plugboard::simdjson_serializer{}.decode<outer>(bodies[4]).id == "a2");
  // find(), which custom decoders use, also sees the last one.
  CHECK(plugboard::simdjson_serializer{}.decode<last_k>(R"({"k":1,"k":2})").k == 2);
  CHECK(plugboard::json_serializer{}.decode<last_k>(R"({"k":1,"k":2})").k == 2);
}

TEST_CASE("encoding and error bodies are unchanged") {
  provider p;
  p.provider_slug = "x";
  CHECK(plugboard::simdjson_serializer{}.encode(p) == plugboard::json_serializer{}.encode(p));
  const auto e =
      plugboard::simdjson_serializer{}.read_error(R"({"error":{"code":"c","message":"m"}})");
  CHECK(e.code == "c");
  CHECK(e.message == "m");
}

namespace {

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

}  // namespace

TEST_CASE("numbers outside a member's range are the same decode errors with both serializers") {
  for (const char* body :
       {R"({"i":9223372036854775808.0})", R"({"i":9223372036854775808})", R"({"i":-1e19})",
        R"({"u":18446744073709551616.0})", R"({"u":18446744073709551616})", R"({"u":-1})",
        R"({"n":2147483648.0})", R"({"f":1e300})"}) {
    CAPTURE(body);
    CHECK(failure<numbers>(body) != "no error");
    CHECK(failure<numbers>(body) == reference_failure<numbers>(body));
  }
  const auto edges = plugboard::simdjson_serializer{}.decode<numbers>(
      R"({"i":-9223372036854775808.0,"u":18446744073709549568.0,"n":-2147483648,"f":1.5})");
  CHECK(edges.i == INT64_MIN);
  CHECK(edges.u == 18446744073709549568ull);
  CHECK(edges.n == INT32_MIN);
  CHECK(edges.f == 1.5f);
}
