// SPDX-License-Identifier: MIT
// The sandbox's own helpers (plugboard/sandbox/detail/), written apart from
// the client's so a fake never shares a client bug: checked here against
// the RFCs' vectors rather than against the client.
#include <doctest/doctest.h>

#include <string>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/detail/base64.hpp"
#include "plugboard/sandbox/detail/hex.hpp"
#include "plugboard/sandbox/detail/json_depth.hpp"
#include "plugboard/sandbox/detail/log_redaction.hpp"
#include "plugboard/sandbox/detail/secret_keys.hpp"

namespace sd = plugboard::sandbox::detail;

TEST_CASE("base64_decode reads RFC 4648's test vectors") {
  CHECK(sd::base64_decode("") == std::string());
  CHECK(sd::base64_decode("Zg==") == std::string("f"));
  CHECK(sd::base64_decode("Zm8=") == std::string("fo"));
  CHECK(sd::base64_decode("Zm9v") == std::string("foo"));
  CHECK(sd::base64_decode("Zm9vYg==") == std::string("foob"));
  CHECK(sd::base64_decode("Zm9vYmE=") == std::string("fooba"));
  CHECK(sd::base64_decode("Zm9vYmFy") == std::string("foobar"));
  // RFC 7617's example credentials, and bytes that need + and /.
  CHECK(sd::base64_decode("QWxhZGRpbjpvcGVuIHNlc2FtZQ==") == std::string("Aladdin:open sesame"));
  CHECK(sd::base64_decode("+/8=") == std::string("\xfb\xff"));
}

TEST_CASE("base64_decode refuses anything but canonical base64") {
  CHECK_FALSE(sd::base64_decode("Zm9"));    // not a multiple of 4
  CHECK_FALSE(sd::base64_decode("Zg"));     // padding left out
  CHECK_FALSE(sd::base64_decode("Zh=="));   // stray bits in the last group
  CHECK_FALSE(sd::base64_decode("Z===="));  // too much padding
  CHECK_FALSE(sd::base64_decode("Zg==Zm9v"));
  CHECK_FALSE(sd::base64_decode("Zm9v YmFy"));
  CHECK_FALSE(sd::base64_decode("Zm9-"));  // the URL alphabet is not Basic auth's
}

TEST_CASE("ASCII case folding, hex and percent-decoding") {
  CHECK(sd::iequals("Content-Type", "content-TYPE"));
  CHECK_FALSE(sd::iequals("Content-Type", "Content-Typ"));
  CHECK(sd::istarts_with("Basic abc", "basic "));
  CHECK_FALSE(sd::istarts_with("Bas", "basic "));
  CHECK(sd::lowered("AbC-1") == "abc-1");
  CHECK(sd::hex_value('f') == 15);
  CHECK(sd::hex_value('G') == -1);
  CHECK(sd::percent_decode("a%2Fb%zz%4") == "a/b%zz%4");
  CHECK(sd::percent_decode("a+b%2B", true) == "a b+");
  CHECK(sd::percent_decode("a+b") == "a+b");
}

TEST_CASE("secret keys and JSON depth") {
  CHECK(sd::is_secret_key("client_secret"));
  CHECK(sd::is_secret_key("X-API-Key"));
  CHECK(sd::is_secret_key("oauthPassword"));
  CHECK_FALSE(sd::is_secret_key("client_id"));
  CHECK(sd::json_nesting_exceeds("[[[1]]]", 2));
  CHECK_FALSE(sd::json_nesting_exceeds("[[\"[[[\"]]", 2));
}

TEST_CASE("the request log hides credentials and keeps the rest") {
  CHECK(sd::scrubbed(R"({"client_id":"me","client_secret":"s3cr3t","n":1})") ==
        R"({"client_id":"me","client_secret":"[REDACTED]","n":1})");
  CHECK(sd::scrubbed(R"({"password": "a\"b", "token": 42})") ==
        R"({"password": "[REDACTED]", "token": [REDACTED]})");
  CHECK(sd::scrubbed("user=me&api_key=k1&x=2") == "user=me&api_key=[REDACTED]&x=2");
  CHECK(sd::scrubbed("Authorization: Bearer abc.def") == "Authorization: Bearer [REDACTED]");
  CHECK(sd::scrubbed("X-API-Key: k1\r\nAccept: */*") == "X-API-Key: [REDACTED]\r\nAccept: */*");
  CHECK(sd::scrubbed("sent Basic dXNlcjpwdw== twice") == "sent Basic [REDACTED] twice");
  CHECK(sd::scrubbed(R"({"credentials":{"password":"x"}})") ==
        R"({"credentials":{"password":"[REDACTED]"}})");
  CHECK(sd::redacted_target("/v1/x?cursor=abc&limit=5&flag") ==
        "/v1/x?cursor=[REDACTED]&limit=[REDACTED]&flag");
  const auto headers = sd::redacted_headers({{"Accept", "application/json"}, {"X-API-Key", "k"}});
  CHECK(headers.get("Accept") == "application/json");
  CHECK(headers.get("x-api-key") == "[REDACTED]");
  CHECK(sd::truncated("h\xc3\xa9llo", 2) == "h...");
}
