// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <string>

#include "plugboard/core/url.hpp"

using plugboard::base_url;
using plugboard::encode_path_segment;
using plugboard::form_encode;
using plugboard::percent_decode;

TEST_CASE("a path value always stays one segment") {
  CHECK(encode_path_segment("google-workspace") == "google-workspace");
  CHECK(encode_path_segment("a/../b?c#d") == "a%2F..%2Fb%3Fc%23d");
  CHECK(encode_path_segment("100%") == "100%25");
  CHECK(encode_path_segment("a b") == "a%20b");
  CHECK(encode_path_segment("a+b") == "a%2Bb");
  CHECK(encode_path_segment("\xC3\xA9") == "%C3%A9");
  CHECK(encode_path_segment(std::string("a\0b", 3)) == "a%00b");
  CHECK(encode_path_segment("a\r\nb") == "a%0D%0Ab");
  // encodeURIComponent keeps these; so does plugboard.
  CHECK(encode_path_segment("A-z_0.9~!'()*") == "A-z_0.9~!'()*");
  // Dot segments could be normalised away by a server or proxy.
  CHECK(encode_path_segment(".") == "%2E");
  CHECK(encode_path_segment("..") == "%2E%2E");
  CHECK(encode_path_segment("...") == "%2E%2E%2E");
  CHECK(encode_path_segment("a..b") == "a..b");
  const std::string longest(5000, 'x');
  CHECK(encode_path_segment(longest) == longest);
  // Every byte value round-trips and produces no structural character.
  std::string all;
  for (int c = 0; c < 256; ++c) all += static_cast<char>(c);
  const std::string encoded = encode_path_segment(all);
  CHECK(encoded.find_first_of("/?#& ") == std::string::npos);
  CHECK(percent_decode(encoded) == all);
}

TEST_CASE("query values are form-encoded") {
  CHECK(form_encode("a b&c=d") == "a+b%26c%3Dd");
  CHECK(form_encode("x/y?z#") == "x%2Fy%3Fz%23");
  CHECK(form_encode("plain-value_1.~") == "plain-value_1.~");
  CHECK(percent_decode("a+b%26c", true) == "a b&c");
  CHECK(percent_decode("a+b", false) == "a+b");
  CHECK(percent_decode("bad%zzescape%") == "bad%zzescape%");
}

TEST_CASE("base URLs keep their path prefix") {
  const auto b = base_url::parse("https://api.aimable.com/api-proxy/");
  CHECK(b.scheme == "https");
  CHECK(b.host == "api.aimable.com");
  CHECK(b.port == 443);
  CHECK(b.origin == "https://api.aimable.com");
  CHECK(b.prefix == "/api-proxy");

  const auto local = base_url::parse("http://127.0.0.1:8080");
  CHECK(local.origin == "http://127.0.0.1:8080");
  CHECK(local.prefix.empty());
  CHECK(local.port == 8080);

  const auto v6 = base_url::parse("HTTP://[::1]:9000/api/v1");
  CHECK(v6.host == "::1");
  CHECK(v6.origin == "http://[::1]:9000");
  CHECK(v6.prefix == "/api/v1");
}

TEST_CASE("malformed base URLs are usage errors that never echo credentials") {
  for (const char* bad :
       {"", "api.example.com", "ftp://x", "http://", "http://h:0", "http://h:99999", "http://h:8x",
        "http://h/a?b", "http://h/a#b", "http://h/a b", "http://[::1"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(base_url::parse(bad), plugboard::usage_error);
  }
  try {
    base_url::parse("https://admin:hunter2@example.com");
    FAIL("accepted credentials in the URL");
  } catch (const plugboard::usage_error& e) {
    CHECK(std::string(e.what()).find("hunter2") == std::string::npos);
    CHECK(e.argument() == "base_url");
  }
}
