// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// Base64 decoding (RFC 4648, standard alphabet, padded), so a fake checks
// `Authorization: Basic ...` by reading what the client sent rather than by
// encoding the expected value the client's way.

namespace plugboard::sandbox::detail {

// 0..63, or -1 for a byte outside the alphabet.
constexpr int base64_value(char c) noexcept {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// The bytes `text` encodes, or nullopt unless it is canonical base64: a
// multiple of 4 characters, '=' only as the last one or two, and no stray
// bits in the last group (so exactly one text decodes to given bytes).
inline std::optional<std::string> base64_decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++padding;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const std::size_t digits = last ? 4 - padding : 4;
    unsigned long group = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      int v = 0;
      if (k < digits) {
        v = base64_value(text[i + k]);
        if (v < 0) return std::nullopt;
      }
      group = (group << 6) | static_cast<unsigned long>(v);
    }
    // 4 digits give 3 bytes, 3 give 2, 2 give 1; unused low bits must be 0.
    const std::size_t bytes = digits - 1;
    if (bytes < 3 && (group & ((1ul << (8 * (3 - bytes))) - 1)) != 0) return std::nullopt;
    for (std::size_t b = 0; b < bytes; ++b) {
      out += static_cast<char>((group >> (16 - 8 * b)) & 0xffu);
    }
  }
  return out;
}

}  // namespace plugboard::sandbox::detail
