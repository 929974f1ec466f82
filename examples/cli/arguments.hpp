// SPDX-License-Identifier: MIT
// Reading and checking command-line values before anything is sent: files
// with a size cap, JSON with a nesting limit, durations within sane bounds,
// enum values against the documented ones.
#pragma once

#include <sys/stat.h>

#include <CLI/CLI.hpp>

#include <cmath>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/serializer/json.hpp"

namespace plugboard_cli {

// Largest JSON argument read from @FILE or @- (stdin).
constexpr std::size_t max_json_argument_bytes = 16u << 20;
// Deepest nesting of objects and arrays in a JSON argument: the codec and
// nlohmann's dump() recurse, so unbounded depth would exhaust the stack.
constexpr int max_json_depth = 64;
// Largest connector archive `fortisoar install_from_file` uploads.
constexpr std::size_t max_archive_bytes = 64u << 20;

namespace internal {

struct file_closer {
  void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};

// Appends what is left of `file` to `out`; false when it fails or passes `cap` bytes.
inline bool read_capped(std::FILE* file, std::size_t cap, std::string& out) {
  char buffer[64 * 1024];
  while (true) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
    if (n == 0) break;
    if (out.size() + n > cap) return false;
    out.append(buffer, n);
  }
  return std::ferror(file) == 0;
}

inline std::string size_text(std::size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }

}  // namespace internal

// The contents of a regular file of at most `cap` bytes. Devices, pipes and
// directories are refused before they are read (/dev/zero never ends).
inline std::string read_regular_file(const std::string& path, std::size_t cap,
                                     const std::string& option) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw plugboard::usage_error(option, "cannot read '" + path + "': no such file");
  }
  if (!S_ISREG(info.st_mode)) {
    throw plugboard::usage_error(option, "'" + path + "' is not a regular file");
  }
  if (static_cast<unsigned long long>(info.st_size) > cap) {
    throw plugboard::usage_error(option,
                                 "'" + path + "' is larger than " + internal::size_text(cap));
  }
  const std::unique_ptr<std::FILE, internal::file_closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw plugboard::usage_error(option, "cannot read '" + path + "'");
  std::string out;
  if (!internal::read_capped(file.get(), cap, out)) {
    throw plugboard::usage_error(
        option, "'" + path + "' could not be read whole, or grew past " + internal::size_text(cap));
  }
  return out;
}

// How deeply objects and arrays nest in `text` (strings skipped), counted
// without parsing; stops counting past `limit`.
inline int json_depth(const std::string& text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > deepest) deepest = depth;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return deepest;
}

// A JSON argument: the text itself, or @FILE for the contents of a file (@-
// for stdin), at most max_json_argument_bytes and max_json_depth levels deep.
inline plugboard::json json_argument(const std::string& text, const std::string& option) {
  std::string source = text;
  if (!text.empty() && text.front() == '@') {
    const std::string path = text.substr(1);
    if (path == "-") {
      source.clear();
      if (!internal::read_capped(stdin, max_json_argument_bytes, source)) {
        throw plugboard::usage_error(option, "standard input is longer than " +
                                                 internal::size_text(max_json_argument_bytes));
      }
    } else {
      source = read_regular_file(path, max_json_argument_bytes, option);
    }
  }
  if (json_depth(source, max_json_depth) > max_json_depth) {
    throw plugboard::usage_error(option, "nests objects and arrays deeper than " +
                                             std::to_string(max_json_depth) + " levels");
  }
  auto parsed = plugboard::json::parse(source, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw plugboard::usage_error(option, "is not valid JSON");
  return parsed;
}

// A number of seconds: finite, above zero and at most `most` (inf, nan, a
// negative value or 1e300 would make an undefined duration conversion).
inline CLI::Validator seconds_up_to(double most) {
  const std::string limit = std::to_string(static_cast<long long>(most));
  return CLI::Validator(
      [most, limit](std::string& text) -> std::string {
        char* end = nullptr;
        const double value = std::strtod(text.c_str(), &end);
        if (text.empty() || end != text.c_str() + text.size() || !std::isfinite(value) ||
            value <= 0 || value > most) {
          return "expected a number of seconds above 0 and at most " + limit + ", got '" + text +
                 "'";
        }
        return std::string();
      },
      "");
}

// Seconds as a person writes them: 2, 0.5.
inline std::string seconds_text(double seconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", seconds);
  return text;
}

// One of the listed values, e.g. the documented values of an enum.
inline CLI::Validator one_of(std::vector<std::string> values) {
  std::string listed;
  for (const auto& value : values) listed += (listed.empty() ? "" : ", ") + value;
  return CLI::Validator(
      [values, listed](std::string& text) -> std::string {
        for (const auto& value : values) {
          if (text == value) return std::string();
        }
        return "'" + text + "' is not one of: " + listed;
      },
      "");
}

}  // namespace plugboard_cli
