// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <exception>
#include <string>

#include "plugboard/core/error_policy.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/paging_error.hpp"
#include "plugboard/core/result.hpp"

TEST_CASE("every error derives from plugboard::error and std::runtime_error") {
  const plugboard::api_error api(404, {"NotFound", "missing"}, "GET http://h/x", "{}");
  const plugboard::transport_error transport(plugboard::transport_failure::connect, "refused");
  const plugboard::decode_error decode("expected string, got number");
  const plugboard::usage_error usage("id", "must not be empty");
  const plugboard::error* all[] = {&api, &transport, &decode, &usage};
  for (const auto* e : all) {
    const std::runtime_error* base = e;
    CHECK(std::string(base->what()).rfind("plugboard: ", 0) == 0);
  }
  CHECK(api.kind() == plugboard::error_kind::api);
  CHECK(transport.kind() == plugboard::error_kind::transport);
  CHECK(decode.kind() == plugboard::error_kind::decode);
  CHECK(usage.kind() == plugboard::error_kind::usage);
}

TEST_CASE("error messages read well") {
  CHECK(std::string(
            plugboard::api_error(404, {"NotFound", "missing"}, "GET http://h/x", "{}").what()) ==
        "plugboard: HTTP 404 Not Found from GET http://h/x: missing [NotFound]");
  CHECK(std::string(plugboard::api_error(418, {}, "", "short and stout").what()) ==
        "plugboard: HTTP 418: short and stout");
  plugboard::transport_error t(plugboard::transport_failure::read_timeout, "no response");
  t.set_context("GET http://h/x", 3);
  CHECK(std::string(t.what()) ==
        "plugboard: transport error (read_timeout) on GET http://h/x: no response (after 3 "
        "attempts)");
  CHECK(t.request_may_have_been_sent());
  CHECK_FALSE(plugboard::transport_error(plugboard::transport_failure::tls, "")
                  .request_may_have_been_sent());
  plugboard::decode_error d("expected string, got number", "5");
  d.prepend_key("name");
  d.prepend_index(2);
  d.prepend_key("items");
  d.prepend_key("data");
  d.set_request_line("GET http://h/x");
  CHECK(d.field() == "data.items[2].name");
  CHECK(std::string(d.what()) ==
        "plugboard: cannot decode the response of GET http://h/x at 'data.items[2].name': expected "
        "string, got number (near: 5)");
  CHECK(std::string(plugboard::usage_error("limit", "must be between 1 and 1000").what()) ==
        "plugboard: invalid argument 'limit': must be between 1 and 1000");
}

TEST_CASE("what() shows a server's control characters as escapes; body() keeps them") {
  const std::string body =
      "bad\r\n\x1b[31mred\x07\tend\x7f \xc2\x9b"
      "2J \xe2\x80\xae \xff caf\xc3\xa9";
  const plugboard::api_error e(400, {}, "GET http://h/x", body);
  CHECK(std::string(e.what()) ==
        "plugboard: HTTP 400 Bad Request from GET http://h/x: "
        "bad\\r\\n\\x1b[31mred\\x07\\tend\\x7f \\u009b2J \\u202e \\xff caf\xc3\xa9");
  CHECK(e.body() == body);
  const plugboard::api_error coded(500, {"E\x1b]0;title\x07", "m\nx"}, "", "");
  CHECK(std::string(coded.what()) ==
        "plugboard: HTTP 500 Internal Server Error: m\\nx [E\\x1b]0;title\\x07]");
  plugboard::decode_error d("expected string, got number", "\x1b[2J");
  d.prepend_key("k\r\ney");
  CHECK(std::string(d.what()) ==
        "plugboard: cannot decode the response at 'k\\r\\ney': expected string, got number "
        "(near: \\x1b[2J)");
  CHECK(d.field() == "k\r\ney");
  // The cap counts escaped bytes, so what() stays short however the body is made.
  const plugboard::api_error controls(500, {}, "", std::string(20000, '\x01'));
  const std::string what = controls.what();
  CHECK(what.size() < plugboard::api_error::message_cap + 100);
  CHECK(what.find("...and 17500 more chars") != std::string::npos);
}

TEST_CASE("result<T> holds a value or an error_info") {
  plugboard::result<int> good(5);
  CHECK(good.ok());
  CHECK(static_cast<bool>(good));
  CHECK(*good == 5);
  CHECK(good.value_or(7) == 5);
  plugboard::result<int> bad(plugboard::error_info(plugboard::usage_error("x", "bad")));
  CHECK_FALSE(bad.ok());
  CHECK(bad.value_or(7) == 7);
  CHECK(bad.error().kind() == plugboard::error_kind::usage);
  CHECK(bad.error().status() == 0);
  CHECK(bad.error().as<plugboard::api_error>() == nullptr);
  CHECK(std::string(bad.error().what()).find("'x'") != std::string::npos);
  CHECK_THROWS_AS(bad.value(), plugboard::usage_error);
  CHECK_THROWS_AS(bad.error().raise(), plugboard::usage_error);
}

TEST_CASE("return_errors catches even foreign exceptions") {
  const auto r =
      plugboard::return_errors::invoke<int>([]() -> int { throw std::runtime_error("boom"); });
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind() == plugboard::error_kind::transport);
  CHECK(std::string(r.error().what()).find("boom") != std::string::npos);
  const auto n = plugboard::return_errors::invoke<int>([]() -> int { throw 42; });
  CHECK_FALSE(n.ok());
  // No exception at all is no crash either: a transport_error of kind other.
  const plugboard::error_info none{std::exception_ptr{}};
  REQUIRE(none.as<plugboard::transport_error>() != nullptr);
  CHECK(none.as<plugboard::transport_error>()->failure() == plugboard::transport_failure::other);
  CHECK_THROWS_AS(none.raise(), plugboard::transport_error);
  CHECK(plugboard::throw_errors::invoke<int>([] { return 3; }) == 3);
}

namespace {

// A service's typed error: a usage_error with a field of its own.
class quota_exceeded : public plugboard::usage_error {
 public:
  explicit quota_exceeded(int limit) : usage_error("count", "over the quota"), limit_(limit) {}
  int limit() const noexcept { return limit_; }

 private:
  int limit_;
};

}  // namespace

TEST_CASE("return_errors keeps a derived typed error: as<E>, raise() and copies") {
  const auto r = plugboard::return_errors::invoke<int>([]() -> int { throw quota_exceeded(7); });
  REQUIRE_FALSE(r.ok());
  const plugboard::error_info& e = r.error();
  CHECK(e.kind() == plugboard::error_kind::usage);
  // The kind as before (its copy), the derived type with its field.
  REQUIRE(e.as<plugboard::usage_error>() != nullptr);
  CHECK(e.as<plugboard::usage_error>()->argument() == "count");
  CHECK(e.as<plugboard::api_error>() == nullptr);
  const quota_exceeded* q = e.as<quota_exceeded>();
  REQUIRE(q != nullptr);
  CHECK(q->limit() == 7);
  CHECK(e.as<quota_exceeded>() == q);  // the same object each time
  CHECK(e.as<plugboard::paging_error>() == nullptr);
  CHECK(e.as<plugboard::error>() != nullptr);
  CHECK_THROWS_AS(e.raise(), quota_exceeded);
  try {
    r.value();
    FAIL("expected quota_exceeded");
  } catch (const quota_exceeded& thrown) {
    CHECK(thrown.limit() == 7);
  }

  // Copies (and the copy's result) keep it after the original is gone.
  plugboard::error_info copy = e;
  {
    auto moved = plugboard::return_errors::invoke<int>([]() -> int { throw quota_exceeded(9); });
    copy = moved.error();
  }
  REQUIRE(copy.as<quota_exceeded>() != nullptr);
  CHECK(copy.as<quota_exceeded>()->limit() == 9);
  const plugboard::result<int> kept(copy);
  CHECK(kept.error().as<quota_exceeded>()->limit() == 9);

  // paging_error (a decode_error) too.
  const auto p = plugboard::return_errors::invoke<int>([]() -> int {
    throw plugboard::paging_error("walk", plugboard::paging_failure::page_limit, 3, 3);
  });
  REQUIRE(p.error().as<plugboard::paging_error>() != nullptr);
  CHECK(p.error().as<plugboard::paging_error>()->pages() == 3);
  CHECK(p.error().as<plugboard::decode_error>() != nullptr);
}

TEST_CASE("an error_info made from a plain error has no derived type") {
  const plugboard::error_info plain(plugboard::usage_error("x", "bad"));
  CHECK(plain.as<quota_exceeded>() == nullptr);
  REQUIRE(plain.as<plugboard::error>() != nullptr);
  CHECK(plain.as<plugboard::error>() == &plain.get());
  CHECK_THROWS_AS(plain.raise(), plugboard::usage_error);
  // A plain error caught as itself: raise() throws it, as<> finds its kind only.
  const auto r = plugboard::return_errors::invoke<int>(
      []() -> int { throw plugboard::api_error(503, {}, "GET http://h/x", ""); });
  CHECK(r.error().status() == 503);
  CHECK(r.error().as<quota_exceeded>() == nullptr);
  CHECK_THROWS_AS(r.error().raise(), plugboard::api_error);
}
