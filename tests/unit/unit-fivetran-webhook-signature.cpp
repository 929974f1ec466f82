// SPDX-License-Identifier: MIT
// verify_webhook_signature: Fivetran's X-Fivetran-Signature-256 checked on
// the raw body, in either case, and every way a signature can be wrong.
#include <doctest/doctest.h>

#include <string>

#include "plugboard/core/headers.hpp"
#include "plugboard/fivetran/webhook_signature.hpp"

using plugboard::fivetran::verify_webhook_signature;

namespace {

// HMAC-SHA256 of `body` with `secret`, from Python's hmac module (upper case,
// as Fivetran sends it).
constexpr const char* body = R"({"event":"sync_end"})";
constexpr const char* secret = "whsec";
constexpr const char* upper = "6C1ED0060F6C63D8500A7E313D1937B89094DBE119DC3E30A11EBC5BCFFA757F";
constexpr const char* lower = "6c1ed0060f6c63d8500a7e313d1937b89094dbe119dc3e30a11ebc5bcffa757f";

}  // namespace

TEST_CASE("the signature is accepted in upper, lower and mixed case") {
  CHECK(verify_webhook_signature(body, secret, upper));
  CHECK(verify_webhook_signature(body, secret, lower));
  std::string mixed = upper;
  for (std::size_t i = 0; i < mixed.size(); i += 2) mixed[i] = lower[i];
  CHECK(verify_webhook_signature(body, secret, mixed));
}

TEST_CASE("a changed body, a wrong secret or a changed signature is refused") {
  std::string flipped = body;
  flipped[3] = static_cast<char>(flipped[3] ^ 0x01);  // one bit
  CHECK_FALSE(verify_webhook_signature(flipped, secret, upper));
  CHECK_FALSE(verify_webhook_signature(std::string(body) + " ", secret, upper));
  CHECK_FALSE(verify_webhook_signature(body, "whsec2", upper));
  CHECK_FALSE(verify_webhook_signature(body, "", upper));
  for (std::size_t at : {std::size_t{0}, std::size_t{31}, std::size_t{63}}) {
    std::string changed = upper;
    changed[at] = changed[at] == '0' ? '1' : '0';
    CHECK_FALSE(verify_webhook_signature(body, secret, changed));
  }
}

TEST_CASE("a truncated, odd-length, over-long or non-hex signature is refused") {
  const std::string good = upper;
  CHECK_FALSE(verify_webhook_signature(body, secret, ""));
  CHECK_FALSE(verify_webhook_signature(body, secret, good.substr(0, 62)));
  CHECK_FALSE(verify_webhook_signature(body, secret, good.substr(0, 63)));
  CHECK_FALSE(verify_webhook_signature(body, secret, good + "0"));
  CHECK_FALSE(verify_webhook_signature(body, secret, good + "00"));
  CHECK_FALSE(verify_webhook_signature(body, secret, "sha256=" + good));
  std::string not_hex = good;
  not_hex[10] = 'G';
  CHECK_FALSE(verify_webhook_signature(body, secret, not_hex));
  // A control byte that is one bit away from a digit is not a digit.
  std::string control = good;
  control[0] = static_cast<char>(control[0] & ~0x20);  // '6' (0x36) -> 0x16
  CHECK_FALSE(verify_webhook_signature(body, secret, control));
  std::string with_nul = good;
  with_nul[5] = '\0';
  CHECK_FALSE(verify_webhook_signature(body, secret, with_nul));
}

TEST_CASE("an empty body has a signature too") {
  // HMAC-SHA256("whsec", "") from Python's hmac module.
  const std::string empty_signature =
      "30B8AE759085DD8AE9890354D6A941D37F53008E834E2E4A819D9FC155E99438";
  CHECK(verify_webhook_signature("", secret, empty_signature));
  CHECK_FALSE(verify_webhook_signature("", secret, upper));
  CHECK_FALSE(verify_webhook_signature(body, secret, empty_signature));
}

TEST_CASE("the header helper reads X-Fivetran-Signature-256, case-insensitively") {
  plugboard::http_headers headers{{"Content-Type", "application/json"},
                                  {"x-fivetran-signature-256", upper}};
  CHECK(verify_webhook_signature(body, secret, headers));
  CHECK_FALSE(verify_webhook_signature(body, "other", headers));
  CHECK_FALSE(verify_webhook_signature(body, secret, plugboard::http_headers{}));
  plugboard::http_headers wrong{{"X-Fivetran-Signature", upper}};
  CHECK_FALSE(verify_webhook_signature(body, secret, wrong));
}
