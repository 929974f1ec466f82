// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/detail/request_builder.hpp"
#include "plugboard/serializer/json.hpp"
#include "support/test_support.hpp"

namespace {

using plugboard::method;

struct item_body {
  std::string name;
  std::optional<int> size;
  static constexpr auto fields() {
    return plugboard::field_list(plugboard::field("name", &item_body::name),
                                 plugboard::field("size", &item_body::size));
  }
};

struct search_items {
  std::string group_id;
  std::string item_id;
  std::optional<int> limit;
  std::optional<std::string> cursor;
  std::vector<std::string> tags;
  bool include_deleted = false;
  std::optional<std::string> accept;
  std::optional<item_body> body;

  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/v1/groups/{group_id}/items/{item_id}/search";
  static constexpr auto params() {
    using plugboard::query_param;
    return plugboard::param_list(plugboard::path_param("group_id", &search_items::group_id),
                                 plugboard::path_param("item_id", &search_items::item_id),
                                 query_param("limit", &search_items::limit),
                                 query_param("cursor", &search_items::cursor),
                                 query_param("tag", &search_items::tags),
                                 query_param("include_deleted", &search_items::include_deleted),
                                 plugboard::header_param("Accept", &search_items::accept),
                                 plugboard::body_param(&search_items::body));
  }
  using result = plugboard::no_content;
};

struct numeric_id {
  long id = 0;
  static constexpr method verb = method::delete_;
  static constexpr std::string_view path = "/api/integration/connectors/{id}/";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &numeric_id::id));
  }
  using result = plugboard::no_content;
};

struct upload {
  std::vector<plugboard::multipart_part> parts;
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/upload";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::body_param(&upload::parts));
  }
  using result = plugboard::no_content;
};

struct validated {
  int page = 1;
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::query_param("page", &validated::page));
  }
  using result = plugboard::no_content;
  void validate() const {
    if (page < 1) throw plugboard::usage_error("page", "must be at least 1");
  }
};

}  // namespace

// Descriptors that must be rejected by the compile-time checks. Each one is
// only inspected through the predicates, never used, so this file compiles.
namespace rejected {
struct unbalanced {
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/{id";
  using result = plugboard::no_content;
};
struct unbound {
  std::string id;
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/{slug}";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &unbound::id));
  }
  using result = plugboard::no_content;
};
struct unused_field {
  std::string id;
  static constexpr method verb = method::get;
  static constexpr std::string_view path = "/v1/things";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &unused_field::id));
  }
  using result = plugboard::no_content;
};
}  // namespace rejected

// The compile-time path checks, as predicates.
static_assert(plugboard::detail::braces_balanced("/a/{b}/c/{d}"));
static_assert(!plugboard::detail::braces_balanced("/a/{b"));
static_assert(!plugboard::detail::braces_balanced("/a/b}"));
static_assert(!plugboard::detail::braces_balanced("/a/{{b}}"));
static_assert(!plugboard::detail::braces_balanced("/a/{}"));
static_assert(!plugboard::detail::braces_balanced(rejected::unbalanced::path));
static_assert(plugboard::detail::placeholders_bound<search_items>());
static_assert(plugboard::detail::path_params_used<search_items>());
static_assert(!plugboard::detail::placeholders_bound<rejected::unbound>());
static_assert(plugboard::detail::placeholders_bound<rejected::unused_field>());
static_assert(!plugboard::detail::path_params_used<rejected::unused_field>());
static_assert(plugboard::is_valid_endpoint<search_items>());
static_assert(rejected::unbalanced::verb == plugboard::method::get);
static_assert(plugboard::is_valid_endpoint<numeric_id>());
static_assert(plugboard::detail::idempotent_flag<numeric_id>::value);
static_assert(!plugboard::detail::idempotent_flag<search_items>::value);

namespace {
const plugboard::base_url base = plugboard::base_url::parse("https://api.example.com:8443/prefix");
const plugboard::json_serializer json;
}  // namespace

TEST_CASE("a descriptor becomes an exact request") {
  search_items e;
  e.group_id = "g 1";
  e.item_id = "a/b";
  e.limit = 50;
  e.tags = {"x", "y z"};
  e.include_deleted = true;
  e.body = item_body{"widget", std::nullopt};
  const auto req = plugboard::detail::build_request(e, base, json);
  CHECK(req.verb == method::post);
  CHECK(req.origin == "https://api.example.com:8443");
  CHECK(req.target ==
        "/prefix/v1/groups/g%201/items/a%2Fb/search?limit=50&tag=x&tag=y+z&include_deleted=true");
  CHECK(req.path() == "/prefix/v1/groups/g%201/items/a%2Fb/search");
  CHECK(req.headers.get("Accept") == "application/json");
  CHECK(req.headers.get("Content-Type") == "application/json");
  CHECK(plugboard_test::body_json(req) == plugboard::json{{"name", "widget"}});
  CHECK(req.url() == "https://api.example.com:8443" + req.target);
}

TEST_CASE("unset optional query values, headers and bodies are left out") {
  search_items e;
  e.group_id = "g";
  e.item_id = "i";
  e.cursor = "";
  const auto req = plugboard::detail::build_request(e, base, json);
  CHECK(req.target == "/prefix/v1/groups/g/items/i/search?cursor=&include_deleted=false");
  CHECK(req.body.empty());
  CHECK_FALSE(req.headers.contains("Content-Type"));
}

TEST_CASE("a header parameter overrides the default Accept") {
  search_items e;
  e.group_id = "g";
  e.item_id = "i";
  e.accept = "application/json;version=2";
  const auto req = plugboard::detail::build_request(e, base, json);
  CHECK(req.headers.get("Accept") == "application/json;version=2");
  CHECK(req.headers.size() == 1);
}

namespace {
struct dollar_query {
  bool replace = true;
  std::string type = "connector";
  static constexpr method verb = method::post;
  static constexpr std::string_view path = "/api/3/solutionpacks/install";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::query_param("$type", &dollar_query::type),
                                 plugboard::query_param("$replace", &dollar_query::replace));
  }
  using result = plugboard::no_content;
};
}  // namespace

TEST_CASE("query names keep a literal dollar; other characters are encoded") {
  CHECK(plugboard::detail::build_request(dollar_query{}, base, json).target ==
        "/prefix/api/3/solutionpacks/install?$type=connector&$replace=true");
  std::string target = "/x";
  plugboard::detail::append_query_pair(target, "a b&$", "$ x");
  CHECK(target == "/x?a+b%26$=%24+x");
}

TEST_CASE("an empty path value is a usage error naming the parameter") {
  search_items e;
  e.group_id = "g";
  try {
    plugboard::detail::build_request(e, base, json);
    FAIL("built a request with an empty id");
  } catch (const plugboard::usage_error& error) {
    CHECK(error.argument() == "item_id");
  }
}

TEST_CASE("integer path values and trailing slashes are kept") {
  numeric_id e;
  e.id = 16;
  CHECK(plugboard::detail::build_request(e, base, json).target ==
        "/prefix/api/integration/connectors/16/");
}

TEST_CASE("the validate hook runs before a request is built") {
  validated ok;
  CHECK(plugboard::detail::build_request(ok, base, json).target == "/prefix/v?page=1");
  validated bad;
  bad.page = 0;
  CHECK_THROWS_AS(plugboard::detail::build_request(bad, base, json), plugboard::usage_error);
}

TEST_CASE("multipart parts are rendered with a fresh boundary and kept for inspection") {
  upload e;
  e.parts.push_back(
      {"file", "bundle \"1\".tgz", "application/gzip", std::string("\x1f\x8b\0data", 7)});
  e.parts.push_back({"note", "", "", "hello"});
  const auto req = plugboard::detail::build_request(e, base, json);
  const std::string type(req.headers.get("Content-Type"));
  REQUIRE(type.rfind("multipart/form-data; boundary=plugboard-", 0) == 0);
  const std::string boundary = type.substr(type.find('=') + 1);
  CHECK(req.parts.size() == 2);
  const std::string expected =
      "--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bundle %221%22.tgz\"\r\n"
      "Content-Type: application/gzip\r\n\r\n" +
      std::string("\x1f\x8b\0data", 7) + "\r\n--" + boundary +
      "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n--" + boundary + "--\r\n";
  CHECK(req.body == expected);
  const auto again = plugboard::detail::build_request(e, base, json);
  CHECK(again.headers.get("Content-Type") != req.headers.get("Content-Type"));
}

TEST_CASE("a CR/LF in a multipart content type is refused") {
  upload e;
  e.parts.push_back({"file", "x", "text/plain\r\nX: y", "d"});
  CHECK_THROWS_AS(plugboard::detail::build_request(e, base, json), plugboard::usage_error);
}
