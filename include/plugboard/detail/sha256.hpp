// SPDX-License-Identifier: MIT
#pragma once
// Also a macro guard: the sandbox includes this file by its own path, and a
// program may also include the single header, which carries it inline.
#ifndef PLUGBOARD_DETAIL_SHA256_HPP
#define PLUGBOARD_DETAIL_SHA256_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) on bytes, with nothing but
// the standard library: Fivetran signs webhook deliveries with HMAC-SHA256,
// the sandbox signs them and the client checks them, and the sandbox may not
// depend on the client's OpenSSL. Not meant for bulk hashing; a webhook body
// is a few kilobytes.

namespace plugboard::detail {

using sha256_digest = std::array<unsigned char, 32>;

// Incremental SHA-256: update() any number of times, then finish() once.
class sha256_hasher {
 public:
  static constexpr std::size_t block_size = 64;

  sha256_hasher& update(std::string_view bytes) noexcept {
    for (const char c : bytes) {
      block_[filled_++] = static_cast<unsigned char>(c);
      if (filled_ == block_size) {
        compress();
        filled_ = 0;
      }
    }
    length_ += bytes.size();
    return *this;
  }

  sha256_digest finish() noexcept {
    const std::uint64_t bits = static_cast<std::uint64_t>(length_) * 8u;
    block_[filled_++] = 0x80;
    if (filled_ > block_size - 8) {
      while (filled_ < block_size) block_[filled_++] = 0;
      compress();
      filled_ = 0;
    }
    while (filled_ < block_size - 8) block_[filled_++] = 0;
    for (int shift = 56; shift >= 0; shift -= 8) {
      block_[filled_++] = static_cast<unsigned char>((bits >> shift) & 0xffu);
    }
    compress();
    sha256_digest out{};
    for (std::size_t i = 0; i < 8; ++i) {
      out[4 * i] = static_cast<unsigned char>(state_[i] >> 24);
      out[4 * i + 1] = static_cast<unsigned char>((state_[i] >> 16) & 0xffu);
      out[4 * i + 2] = static_cast<unsigned char>((state_[i] >> 8) & 0xffu);
      out[4 * i + 3] = static_cast<unsigned char>(state_[i] & 0xffu);
    }
    return out;
  }

 private:
  static constexpr std::uint32_t rotr(std::uint32_t x, unsigned n) noexcept {
    return (x >> n) | (x << (32u - n));
  }

  void compress() noexcept {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2};
    std::uint32_t w[64];
    for (std::size_t i = 0; i < 16; ++i) {
      w[i] = static_cast<std::uint32_t>(block_[4 * i]) << 24 |
             static_cast<std::uint32_t>(block_[4 * i + 1]) << 16 |
             static_cast<std::uint32_t>(block_[4 * i + 2]) << 8 |
             static_cast<std::uint32_t>(block_[4 * i + 3]);
    }
    for (std::size_t i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    std::uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
    std::uint32_t e = state_[4], f = state_[5], g = state_[6], h = state_[7];
    for (std::size_t i = 0; i < 64; ++i) {
      const std::uint32_t t1 =
          h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
      const std::uint32_t t2 =
          (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
      h = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
    state_[0] += a;
    state_[1] += b;
    state_[2] += c;
    state_[3] += d;
    state_[4] += e;
    state_[5] += f;
    state_[6] += g;
    state_[7] += h;
  }

  std::uint32_t state_[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                             0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block_[block_size] = {};
  std::size_t filled_ = 0;
  std::size_t length_ = 0;  // bytes so far
};

inline sha256_digest sha256(std::string_view bytes) noexcept {
  return sha256_hasher().update(bytes).finish();
}

// HMAC-SHA256 of `message` with `key` (RFC 2104: a key longer than the block
// is hashed first, a shorter one padded with zeros).
inline sha256_digest hmac_sha256(std::string_view key, std::string_view message) noexcept {
  unsigned char padded[sha256_hasher::block_size] = {};
  if (key.size() > sha256_hasher::block_size) {
    const sha256_digest hashed = sha256(key);
    for (std::size_t i = 0; i < hashed.size(); ++i) padded[i] = hashed[i];
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) padded[i] = static_cast<unsigned char>(key[i]);
  }
  char inner_pad[sha256_hasher::block_size];
  char outer_pad[sha256_hasher::block_size];
  for (std::size_t i = 0; i < sha256_hasher::block_size; ++i) {
    inner_pad[i] = static_cast<char>(padded[i] ^ 0x36u);
    outer_pad[i] = static_cast<char>(padded[i] ^ 0x5cu);
  }
  const sha256_digest inner = sha256_hasher()
                                  .update(std::string_view(inner_pad, sizeof inner_pad))
                                  .update(message)
                                  .finish();
  return sha256_hasher()
      .update(std::string_view(outer_pad, sizeof outer_pad))
      .update(std::string_view(reinterpret_cast<const char*>(inner.data()), inner.size()))
      .finish();
}

// The digest as 64 hex digits (Fivetran's signature header is upper case).
inline std::string sha256_hex(const sha256_digest& digest, bool upper_case = false) {
  const char* digits = upper_case ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(2 * digest.size());
  for (const unsigned char byte : digest) {
    out.push_back(digits[byte >> 4]);
    out.push_back(digits[byte & 0x0fu]);
  }
  return out;
}

}  // namespace plugboard::detail

#endif  // PLUGBOARD_DETAIL_SHA256_HPP
