// SPDX-License-Identifier: MIT
// Keys for APIs that make a POST safe to repeat with an `Idempotency-Key`
// header: the server answers a repeated key with the first call's result.
// A descriptor that carries one takes a fresh key when it is constructed,
// so one logical call (one descriptor) keeps its key on every retry, and two
// calls never share one.
#pragma once

#include <cstdint>
#include <random>
#include <string>

namespace plugboard {

// A random (version 4) UUID, e.g. "1b4e28ba-2fa1-41d2-883f-0016d3cca427".
inline std::string new_idempotency_key() {
  // One generator per thread, seeded once from the system's entropy.
  thread_local std::mt19937_64 generator{[] {
    std::random_device entropy;
    return (std::uint64_t{entropy()} << 32) ^ std::uint64_t{entropy()};
  }()};
  std::uint64_t high = generator();
  std::uint64_t low = generator();
  high = (high & ~std::uint64_t{0xF000}) | 0x4000;                         // version 4
  low = (low & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60);  // RFC 4122 variant
  constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  const auto put = [&](std::uint64_t value, int from_nibble, int count) {
    for (int i = from_nibble; i > from_nibble - count; --i) {
      out += digits[(value >> (4 * i)) & 0xF];
    }
  };
  put(high, 15, 8);
  out += '-';
  put(high, 7, 4);
  out += '-';
  put(high, 3, 4);
  out += '-';
  put(low, 15, 4);
  out += '-';
  put(low, 11, 12);
  return out;
}

}  // namespace plugboard
