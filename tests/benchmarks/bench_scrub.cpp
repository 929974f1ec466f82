// SPDX-License-Identifier: MIT
// Scrubbing speed on adversarial error bodies: how long a client takes to
// turn a 1 MiB or 8 MiB error response into an api_error (read_error, then
// redaction of the body, code and message), against a floor measured in the
// same run: one std::string copy plus one std::string::find pass over the
// same bytes. Also scrub_credentials() alone.
//
//   bench_scrub [--quick] [--body bearer|escapes|echoes] [--mib N]
// prints one JSON object per line (median milliseconds of 3, or 7 runs):
//   {"body": ..., "mib": N, "what": "api_error"|"scrub", "ms": ..., "floor_ms": ...}
//
// Uses only API that older plugboard versions also have, so the same program
// measures before and after a change.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/serializer/json.hpp"

namespace {

// Answers every request with the same error response.
struct error_transport {
  const plugboard::response* reply;
  plugboard::response send(const plugboard::request&) const { return *reply; }
};

struct any_call {
  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = "/v1/things";
  static constexpr auto params() { return plugboard::param_list(); }
  using result = plugboard::json;
};

std::string repeated(std::string_view unit, std::size_t bytes) {
  std::string out;
  out.reserve(bytes + unit.size());
  while (out.size() < bytes) out += unit;
  out.resize(bytes);
  return out;
}

// The adversarial body, a body dense in escapes of every encoding
// (so every decoding view runs over all of it), and a body made of the
// client's own key echoed JSON-escaped (a match at every byte).
const char* const key = "k-1234567890/abcdef";
std::string body_of(const std::string& kind, std::size_t bytes) {
  if (kind == "bearer") return repeated("Bearer a ", bytes);
  if (kind == "escapes") return repeated("\\u0041%41&#65;\\\\&amp;+%2F\\/x ", bytes);
  return repeated("k-1234567890\\/abcdef ", bytes);
}

double milliseconds(const std::function<void()>& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Median of `runs` timings after a first run (which also grows the heap, so
// no timed run pays for fresh pages); a first run over 10 s (the quadratic
// scrubber of old versions) is reported as it is.
double median_ms(int runs, const std::function<void()>& f) {
  const double first = milliseconds(f);
  if (first > 10000) return first;
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) times.push_back(milliseconds(f));
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::vector<std::string> kinds = {"bearer", "escapes", "echoes"};
  std::vector<std::size_t> sizes = {1, 8};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--body" && i + 1 < argc) {
      kinds = {argv[++i]};
    } else if (arg == "--mib" && i + 1 < argc) {
      sizes = {static_cast<std::size_t>(std::atoi(argv[++i]))};
    } else {
      std::fprintf(stderr, "usage: bench_scrub [--quick] [--body NAME] [--mib N]\n");
      return 2;
    }
  }
  const int runs = quick ? 3 : 7;
  for (const std::string& kind : kinds) {
    for (const std::size_t mib : sizes) {
      plugboard::response reply;
      reply.status = 400;
      reply.headers.set("Content-Type", "text/plain");
      reply.body = body_of(kind, mib << 20);

      std::size_t sink = 0;
      const double floor_ms = median_ms(runs, [&] {
        const std::string copy = reply.body;
        sink += copy.find('\x01') == std::string::npos ? copy.size() : 0;
      });

      plugboard::basic_client<error_transport, plugboard::api_key_header,
                              plugboard::json_serializer>
          client("https://api.example.com", plugboard::api_key_header("X-API-Key", key),
                 error_transport{&reply});
      const double to_error = median_ms(runs, [&] {
        try {
          client.call(any_call{});
        } catch (const plugboard::api_error& e) {
          sink += e.body().size();
        }
      });
      const double scrub = median_ms(runs, [&] { sink += plugboard::scrubbed(reply.body).size(); });

      for (const auto& [what, ms] : {std::pair<const char*, double>{"api_error", to_error},
                                     std::pair<const char*, double>{"scrub", scrub}}) {
        std::printf(
            "{\"body\": \"%s\", \"mib\": %zu, \"what\": \"%s\", \"ms\": %.3f, \"floor_ms\": %.3f, "
            "\"sink\": %zu}\n",
            kind.c_str(), mib, what, ms, floor_ms, sink % 10);
      }
      std::fflush(stdout);
    }
  }
}
