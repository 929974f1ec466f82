// SPDX-License-Identifier: MIT
// Helpers shared by plugboard's tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "plugboard/core/message.hpp"

namespace plugboard_test {

// Secrets that must never show up in any error message, log or what().
inline constexpr std::string_view canary_key = "CANARY-KEY-7f3a9c";
inline constexpr std::string_view canary_token = "CANARY-TOKEN-b81d44";
inline constexpr std::string_view canary_password = "CANARY-PASS-5e2f10";

inline bool mentions_canary(std::string_view text) {
  return text.find("CANARY") != std::string_view::npos;
}

// ---- the forms in which a server may echo a secret, and their decoders ----
// The decoders are deliberately plain (no position maps): an oracle for the
// library's matcher, not a copy of it.

inline std::string hex_escaped(std::string_view text, std::string_view prefix,
                               std::string_view suffix, bool upper) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    out += prefix;
    out += hex[b >> 4];
    out += hex[b & 15];
    out += suffix;
  }
  return out;
}

// A JSON string's contents (what nlohmann's dump() writes between the quotes).
inline std::string json_escaped(std::string_view text) {
  const std::string quoted = nlohmann::json(std::string(text)).dump();
  return quoted.substr(1, quoted.size() - 2);
}

// Every form a secret is echoed in by the sweeps: as sent, JSON-escaped
// (also with \/, every byte as \u00XX in either case, and twice),
// percent-encoded (every byte, either case; and as a form with + for space),
// HTML-escaped (by name, every byte as a decimal or hex reference).
inline std::vector<std::string> echoes_of(std::string_view secret) {
  std::string json_slash = json_escaped(secret);
  for (std::size_t at = json_slash.find('/'); at != std::string::npos;
       at = json_slash.find('/', at + 2)) {
    json_slash.insert(at, 1, '\\');
  }
  std::string form;
  std::string html;
  for (char c : secret) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.' || c == '~';
    form += plain      ? std::string(1, c)
            : c == ' ' ? std::string("+")
                       : hex_escaped({&c, 1}, "%", "", true);
    switch (c) {
      case '&': html += "&amp;"; break;
      case '<': html += "&lt;"; break;
      case '>': html += "&gt;"; break;
      case '"': html += "&quot;"; break;
      case '\'': html += "&#39;"; break;
      default: html += c;
    }
  }
  std::string html_decimal;
  for (char c : secret) html_decimal += "&#" + std::to_string(static_cast<unsigned char>(c)) + ";";
  return {std::string(secret),
          json_escaped(secret),
          json_slash,
          hex_escaped(secret, "\\u00", "", false),
          hex_escaped(secret, "\\u00", "", true),
          json_escaped(json_escaped(secret)),
          hex_escaped(secret, "%", "", true),
          hex_escaped(secret, "%", "", false),
          form,
          html,
          html_decimal,
          hex_escaped(secret, "&#x", ";", false)};
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

inline std::uint32_t hex_number(std::string_view digits) {
  return static_cast<std::uint32_t>(std::stoul(std::string(digits), nullptr, 16));
}

inline bool all_hex(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

inline std::string json_unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char e = text[i + 1];
    const std::string_view simple = "\"\\/bfnrt";
    const std::string_view value = "\"\\/\b\f\n\r\t";
    if (simple.find(e) != std::string_view::npos) {
      out += value[simple.find(e)];
      ++i;
    } else if (e == 'u' && all_hex(text.substr(i + 2, 4)) && text.size() >= i + 6) {
      std::uint32_t cp = hex_number(text.substr(i + 2, 4));
      i += 5;
      if (cp >= 0xD800 && cp < 0xDC00 && text.substr(i + 1, 2) == "\\u" &&
          all_hex(text.substr(i + 3, 4)) && text.size() >= i + 7) {
        cp = 0x10000 + ((cp - 0xD800) << 10) + (hex_number(text.substr(i + 3, 4)) - 0xDC00);
        i += 6;
      }
      append_utf8(out, cp);
    } else {
      out += text[i];
    }
  }
  return out;
}

inline std::string percent_decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && all_hex(text.substr(i + 1, 2)) && text.size() >= i + 3) {
      out += static_cast<char>(hex_number(text.substr(i + 1, 2)));
      i += 2;
    } else {
      out += text[i] == '+' ? ' ' : text[i];
    }
  }
  return out;
}

inline std::string html_unescaped(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto semicolon = text.find(';', i);
    if (text[i] != '&' || semicolon == std::string_view::npos || semicolon - i > 12) {
      out += text[i];
      continue;
    }
    const std::string_view name = text.substr(i + 1, semicolon - i - 1);
    const std::string_view names[] = {"amp", "lt", "gt", "quot", "apos"};
    const char chars[] = "&<>\"'";
    bool done = false;
    for (std::size_t k = 0; k < 5 && !done; ++k) {
      if (name == names[k]) {
        out += chars[k];
        done = true;
      }
    }
    if (!done && name.size() > 1 && name[0] == '#') {
      const bool hex = name[1] == 'x' || name[1] == 'X';
      const std::string_view digits = name.substr(hex ? 2 : 1);
      if (hex ? all_hex(digits)
              : !digits.empty() &&
                    digits.find_first_not_of("0123456789") == std::string_view::npos) {
        append_utf8(out, static_cast<std::uint32_t>(
                             std::stoul(std::string(digits), nullptr, hex ? 16 : 10)));
        done = true;
      }
    }
    if (done) {
      i = semicolon;
    } else {
      out += text[i];
    }
  }
  return out;
}

// `text` as a reader would see it in each form a secret may be echoed in.
inline std::vector<std::string> decodings_of(std::string_view text) {
  return {std::string(text), json_unescaped(text), json_unescaped(json_unescaped(text)),
          percent_decoded(text), html_unescaped(text)};
}

// The first `window` consecutive bytes of `secret` found in `text`, in any
// of its decodings, or "" when none is.
inline std::string leaked_part(std::string_view text, std::string_view secret,
                               std::size_t window = 6) {
  for (const std::string& decoded : decodings_of(text)) {
    for (std::size_t i = 0; i + window <= secret.size(); ++i) {
      if (decoded.find(secret.substr(i, window)) != std::string::npos) {
        return std::string(secret.substr(i, window));
      }
    }
  }
  return {};
}

// The request body parsed as JSON (fails the test when it is not JSON).
inline nlohmann::json body_json(const plugboard::request& req) {
  auto parsed = nlohmann::json::parse(req.body, nullptr, false);
  REQUIRE_MESSAGE(!parsed.is_discarded(), "request body is not JSON: " << req.body);
  return parsed;
}

inline plugboard::response json_response(int status, std::string body) {
  plugboard::response r;
  r.status = status;
  r.headers.set("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

}  // namespace plugboard_test
