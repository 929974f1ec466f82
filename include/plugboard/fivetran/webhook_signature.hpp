// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/core/headers.hpp"
#include "plugboard/detail/sha256.hpp"

// Checking that a webhook delivery comes from Fivetran. Fivetran signs each
// delivery's raw body with the webhook's secret and sends the signature in
// `X-Fivetran-Signature-256`: the hex HMAC-SHA256, upper case, with no prefix
// and no timestamp (docs/api/fivetran.md). Check the bytes as received: JSON
// parsed and written again is not the same text.

namespace plugboard::fivetran {

inline constexpr std::string_view webhook_signature_header = "X-Fivetran-Signature-256";

namespace detail {

constexpr int webhook_hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace detail

// Whether `signature_hex` is the HMAC-SHA256 of `raw_body` with `secret`, as
// 64 hex digits in either case. A signature of any other length or with a
// non-hex character is false. The digests are compared in constant time: the
// loop always looks at all 32 bytes, so how long it takes says nothing about
// how much of a forged signature was right. (Its early exits depend only on
// the signature's own shape, never on the expected value.)
inline bool verify_webhook_signature(std::string_view raw_body, std::string_view secret,
                                     std::string_view signature_hex) noexcept {
  const plugboard::detail::sha256_digest expected =
      plugboard::detail::hmac_sha256(secret, raw_body);
  if (signature_hex.size() != 2 * expected.size()) return false;
  unsigned difference = 0;
  bool well_formed = true;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const int high = detail::webhook_hex_value(signature_hex[2 * i]);
    const int low = detail::webhook_hex_value(signature_hex[2 * i + 1]);
    well_formed = well_formed && high >= 0 && low >= 0;
    const unsigned given =
        (static_cast<unsigned>(high) & 0xfu) << 4 | (static_cast<unsigned>(low) & 0xfu);
    difference |= given ^ expected[i];
  }
  return well_formed && difference == 0;
}

// The same, reading the signature from a delivery's headers (a missing
// header is false). Header names are case-insensitive.
inline bool verify_webhook_signature(std::string_view raw_body, std::string_view secret,
                                     const http_headers& headers) noexcept {
  const std::string* signature = headers.find(webhook_signature_header);
  return signature != nullptr && verify_webhook_signature(raw_body, secret, *signature);
}

}  // namespace plugboard::fivetran
