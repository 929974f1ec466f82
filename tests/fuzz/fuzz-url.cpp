// SPDX-License-Identifier: MIT
// libFuzzer target: the URL and path-template encoder and the other text
// functions that see untrusted input, each with the property it promises:
//   append_path_segment  one segment, unreserved bytes or %XX only, decodes back
//   form_encode          decodes back (with '+' as space), no '&', '=' or '#'
//   a descriptor's path  the value fills exactly its {placeholder} segment
//   percent_decode       never longer than its input
//   base_url::parse      usage_error, or a URL that parses again to itself
//   parse_retry_after    never throws, never negative, at most a year
//   scrub_credentials    idempotent
//   secret_set           any text, any escapes: no crash; a secret inserted raw never survives
//   redacted_target      no query value survives
//   validate_header      usage_error or nothing
// A violated property traps; libFuzzer reports it like a crash.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "plugboard/core/endpoint.hpp"
#include "plugboard/detail/request_builder.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/core/retry.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/serializer/json.hpp"

namespace {

#define FUZZ_CHECK(condition)           \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

bool is_hex(char c) { return plugboard::detail::hex_value(c) >= 0; }

void check_path_segment(std::string_view input) {
  const std::string encoded = plugboard::encode_path_segment(input);
  for (std::size_t i = 0; i < encoded.size(); ++i) {
    const char c = encoded[i];
    if (c == '%') {
      FUZZ_CHECK(i + 2 < encoded.size() && is_hex(encoded[i + 1]) && is_hex(encoded[i + 2]));
      i += 2;
    } else {
      FUZZ_CHECK(plugboard::detail::is_unreserved(c) || c == '!' || c == '\'' || c == '(' ||
                 c == ')' || c == '*');
    }
  }
  FUZZ_CHECK(encoded != "." && encoded != "..");
  FUZZ_CHECK(plugboard::percent_decode(encoded) == input);
}

void check_form(std::string_view input) {
  const std::string encoded = plugboard::form_encode(input);
  FUZZ_CHECK(encoded.find_first_of("&=#?/ ") == std::string::npos);
  FUZZ_CHECK(plugboard::percent_decode(encoded, true) == input);
}

// A descriptor with one path parameter and one query parameter.
struct one_of_each {
  std::string id;
  std::string filter;

  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = "/v1/things/{id}/parts";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::path_param("id", &one_of_each::id),
                                 plugboard::query_param("filter", &one_of_each::filter));
  }
  using result = plugboard::no_content;
};

void check_template(std::string_view input) {
  static const plugboard::base_url base = plugboard::base_url::parse("http://h/api");
  one_of_each call{std::string(input), std::string(input)};
  plugboard::request req;
  try {
    req = plugboard::detail::build_request(call, base, plugboard::json_serializer{});
  } catch (const plugboard::usage_error&) {
    FUZZ_CHECK(input.empty());
    return;
  }
  const std::string_view target = req.target;
  const auto query = target.find('?');
  FUZZ_CHECK(query != std::string_view::npos);
  const std::string_view path = target.substr(0, query);
  constexpr std::string_view head = "/api/v1/things/";
  constexpr std::string_view tail = "/parts";
  FUZZ_CHECK(path.substr(0, head.size()) == head);
  FUZZ_CHECK(path.size() >= head.size() + tail.size());
  FUZZ_CHECK(path.substr(path.size() - tail.size()) == tail);
  const std::string_view segment =
      path.substr(head.size(), path.size() - head.size() - tail.size());
  FUZZ_CHECK(segment.find('/') == std::string_view::npos);
  FUZZ_CHECK(plugboard::percent_decode(segment) == input);
  const std::string_view q = target.substr(query + 1);
  FUZZ_CHECK(q.substr(0, 7) == "filter=");
  FUZZ_CHECK(q.find('&') == std::string_view::npos && q.find('#') == std::string_view::npos);
  FUZZ_CHECK(plugboard::percent_decode(q.substr(7), true) == input);
}

// A usage_error about a URL or a header never quotes it: it may hold a credential.
void check_not_quoted(const std::string& input, void (*parse)(const std::string&)) {
  try {
    parse(input);
  } catch (const plugboard::usage_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find("SECRETMARK") == std::string_view::npos);
  }
}

void check_base_url(std::string_view input) {
  plugboard::base_url url;
  try {
    url = plugboard::base_url::parse(input);
  } catch (const plugboard::usage_error& e) {
    FUZZ_CHECK(e.argument() == "base_url");
    return;
  }
  FUZZ_CHECK(url.scheme == "http" || url.scheme == "https");
  FUZZ_CHECK(url.port >= 1 && url.port <= 65535);
  FUZZ_CHECK(!url.host.empty());
  FUZZ_CHECK(url.prefix.empty() || (url.prefix.front() == '/' && url.prefix.back() != '/'));
  FUZZ_CHECK(url.origin.substr(0, url.scheme.size() + 3) == url.scheme + "://");
  const auto again = plugboard::base_url::parse(url.origin + url.prefix);
  FUZZ_CHECK(again.origin == url.origin && again.prefix == url.prefix && again.port == url.port &&
             again.host == url.host);
}

void check_base_url_not_quoted(std::string_view input) {
  const auto parse = [](const std::string& url) { plugboard::base_url::parse(url); };
  check_not_quoted(std::string(input) + "#SECRETMARK", parse);
  check_not_quoted("https://user:SECRETMARK@" + std::string(input), parse);
}

void check_retry_after(std::string_view input) {
  const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1767225600));
  const auto delay = plugboard::parse_retry_after(input, now);
  if (delay) {
    FUZZ_CHECK(delay->count() >= 0);
  }
}

void check_scrubber(std::string_view input) {
  std::string once(input);
  plugboard::scrub_credentials(once);
  std::string twice = once;
  plugboard::scrub_credentials(twice);
  FUZZ_CHECK(twice == once);
}

void check_secret_set(std::string_view input) {
  // A long secret and a short one, both made of escape characters.
  constexpr std::string_view secret = "k\"e\\y/+ &<x>%41;";
  plugboard::secret_set secrets;
  secrets.add(secret);
  secrets.add("&#");
  std::string text = std::string(input) + std::string(secret) + std::string(input);
  plugboard::scrub_credentials(text, secrets);
  FUZZ_CHECK(text.find(secret.substr(4, 8)) == std::string::npos);
  std::string alone(input);
  secrets.redact(alone);
  FUZZ_CHECK(alone.size() <= input.size() * plugboard::redacted_text.size() + 1);
}

void check_redacted_target(std::string_view input) {
  const std::string out = plugboard::redacted_target(input);
  const auto query = out.find('?');
  if (query == std::string::npos) {
    FUZZ_CHECK(out == input || out + "?" == input);  // an empty query is dropped
    return;
  }
  // After '?', every '=' is followed by the marker.
  for (auto eq = out.find('=', query); eq != std::string::npos; eq = out.find('=', eq + 1)) {
    FUZZ_CHECK(std::string_view(out).substr(eq + 1, plugboard::redacted_text.size()) ==
               plugboard::redacted_text);
  }
}

void check_header(std::string_view input) {
  const auto colon = input.find(':');
  const std::string name(input.substr(0, colon));
  const std::string value(colon == std::string_view::npos ? "" : input.substr(colon + 1));
  try {
    plugboard::validate_header(name, value);
  } catch (const plugboard::usage_error&) {
  }
  // A bad value is refused without being quoted.
  try {
    plugboard::validate_header("X-Token", value + "SECRETMARK\r\n");
    FUZZ_CHECK(false);
  } catch (const plugboard::usage_error& e) {
    FUZZ_CHECK(std::string_view(e.what()).find("SECRETMARK") == std::string_view::npos);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_path_segment(input);
  check_form(input);
  check_template(input);
  FUZZ_CHECK(plugboard::percent_decode(input).size() <= input.size());
  FUZZ_CHECK(plugboard::percent_decode(input, true).size() <= input.size());
  check_base_url(input);
  check_base_url_not_quoted(input);
  check_retry_after(input);
  check_scrubber(input);
  check_secret_set(input);
  check_redacted_target(input);
  check_header(input);
  FUZZ_CHECK(plugboard::truncated(input, 40).size() <= 43);
  return 0;
}
