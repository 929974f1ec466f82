// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <string>

#include "plugboard/core/redact.hpp"

using plugboard::scrubbed;

TEST_CASE("auth scheme values are scrubbed") {
  CHECK(scrubbed("Authorization: Bearer abc.def.ghi") == "Authorization: [REDACTED] [REDACTED]");
  CHECK(scrubbed("sent Basic dXNlcjpwYXNz here") == "sent Basic [REDACTED] here");
  CHECK(scrubbed("API-KEY k-123") == "API-KEY [REDACTED]");
}

TEST_CASE("values of secret-looking keys are scrubbed in JSON, forms and headers") {
  CHECK(scrubbed(R"({"client_id":"abc","client_secret":"s3cr3t"})") ==
        R"({"client_id":"abc","client_secret":"[REDACTED]"})");
  CHECK(scrubbed(R"({"password" : "p\"w"})") == R"({"password" : "[REDACTED]"})");
  CHECK(scrubbed("token=abc&page=2") == "token=[REDACTED]&page=2");
  CHECK(scrubbed("X-API-Key: abc123") == "X-API-Key: [REDACTED]");
  CHECK(scrubbed(R"({"access_token": 12345, "n": 1})") ==
        R"({"access_token": [REDACTED], "n": 1})");
  CHECK(scrubbed(R"({"credentials":{"loginid":"u","password":"p"}})") ==
        R"({"credentials":{"loginid":"u","password":"[REDACTED]"}})");
  CHECK(scrubbed("nothing special: here") == "nothing special: here");
  CHECK(scrubbed("the secret: here") == "the secret: [REDACTED]");
}

TEST_CASE("known secrets are redacted wherever they appear") {
  std::string text = "key=CANARY and again CANARY";
  plugboard::redact_secret(text, "CANARY");
  CHECK(text == "key=[REDACTED] and again [REDACTED]");
  std::string untouched = "abc";
  plugboard::redact_secret(untouched, "");
  CHECK(untouched == "abc");
}

TEST_CASE("log headers are default-deny") {
  plugboard::http_headers h{{"Authorization", "Bearer x"},
                            {"X-API-Key", "k"},
                            {"Cookie", "c"},
                            {"Content-Type", "application/json"},
                            {"X-Custom", "v"}};
  const auto r = plugboard::redacted_headers(h);
  CHECK(r.get("Authorization") == "[REDACTED]");
  CHECK(r.get("X-API-Key") == "[REDACTED]");
  CHECK(r.get("Cookie") == "[REDACTED]");
  CHECK(r.get("X-Custom") == "[REDACTED]");
  CHECK(r.get("Content-Type") == "application/json");
}

TEST_CASE("truncation keeps UTF-8 sequences whole") {
  CHECK(plugboard::truncated("abcdef", 10) == "abcdef");
  CHECK(plugboard::truncated("abcdef", 3) == "abc...");
  CHECK(plugboard::truncated("a\xC3\xA9z", 2) == "a...");
}
