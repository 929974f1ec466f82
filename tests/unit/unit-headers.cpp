// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/headers.hpp"
#include "plugboard/core/validation.hpp"

using plugboard::http_headers;

TEST_CASE("header names are case-insensitive and order is kept") {
  http_headers h{{"Accept", "application/json"}};
  h.add("X-Trace", "1");
  h.add("x-trace", "2");
  CHECK(h.get("accept") == "application/json");
  CHECK(h.get("X-TRACE") == "1");
  CHECK(h.contains("x-Trace"));
  CHECK_FALSE(h.contains("Authorization"));
  CHECK(h.find("missing") == nullptr);
  CHECK(h.get("missing").empty());
  CHECK(h.size() == 3);
  auto it = h.begin();
  CHECK(it->first == "Accept");
  ++it;
  CHECK(it->second == "1");
}

TEST_CASE("set replaces every field of that name, keeping the first position") {
  http_headers h;
  h.add("A", "1");
  h.add("B", "2");
  h.add("a", "3");
  h.set("A", "new");
  REQUIRE(h.size() == 2);
  CHECK(h.begin()->first == "A");
  CHECK(h.begin()->second == "new");
  CHECK(h.get("b") == "2");
  h.set("C", "4");
  CHECK(h.size() == 3);
}

TEST_CASE("erase removes every field of that name") {
  http_headers h{{"A", "1"}, {"B", "2"}, {"a", "3"}};
  CHECK(h.erase("A") == 2);
  CHECK(h.size() == 1);
  CHECK(h.erase("A") == 0);
}

TEST_CASE("header validation rejects CR, LF, NUL and bad names without echoing them") {
  CHECK_NOTHROW(plugboard::validate_header("X-API-Key", "abc\tdef"));
  for (const char* bad : {"a\r\nInjected: 1", "a\nb", "a\rb", "a\x01"}) {
    try {
      plugboard::validate_header("X-API-Key", bad);
      FAIL("accepted a control character");
    } catch (const plugboard::usage_error& e) {
      CHECK(e.argument() == "header X-API-Key");
      CHECK(std::string(e.what()).find("Injected") == std::string::npos);
    }
  }
  CHECK_THROWS_AS(plugboard::validate_header(std::string("a\0b", 3), "v"), plugboard::usage_error);
  CHECK_THROWS_AS(plugboard::validate_header("Bad Name", "v"), plugboard::usage_error);
  CHECK_THROWS_AS(plugboard::validate_header("", "v"), plugboard::usage_error);
  CHECK_THROWS_AS(plugboard::validate_header("X", std::string("a\0b", 3)), plugboard::usage_error);
  try {
    plugboard::validate_header("X-Secret\r\nsecret-value", "v");
  } catch (const plugboard::usage_error& e) {
    CHECK(std::string(e.what()).find("secret-value") == std::string::npos);
  }
}

TEST_CASE("require_non_empty names the argument") {
  try {
    plugboard::require_non_empty("provider_slug", "");
    FAIL("accepted an empty value");
  } catch (const plugboard::usage_error& e) {
    CHECK(e.argument() == "provider_slug");
    CHECK(e.kind() == plugboard::error_kind::usage);
  }
  CHECK_NOTHROW(plugboard::require_non_empty("id", "x"));
}
