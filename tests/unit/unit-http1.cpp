// SPDX-License-Identifier: MIT
// The HTTP/1.1 reader and writer of plugboard's transport, on bytes in
// memory: every framing, interim responses, limits and malformed input.
#include <doctest/doctest.h>
#include <zlib.h>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "plugboard/detail/http1/request_writer.hpp"
#include "plugboard/detail/http1/response_reader.hpp"

namespace {

using plugboard::method;
using plugboard::transport_failure;
using namespace plugboard::detail::http1;

// Hands out `bytes` in pieces of at most `step` bytes, then end of stream.
struct memory_source {
  std::string bytes;
  std::size_t step = 1;
  std::size_t offset = 0;

  std::size_t read_some(char* data, std::size_t size) {
    std::size_t n = bytes.size() - offset;
    if (n > step) n = step;
    if (n > size) n = size;
    bytes.copy(data, n, offset);
    offset += n;
    return n;
  }
};

struct parsed {
  read_result result;
  std::size_t consumed = 0;
  read_buffer leftover;
};

parsed read(std::string bytes, method verb = method::get, std::size_t step = 1,
            response_limits limits = {}) {
  memory_source source{std::move(bytes), step};
  parsed out;
  response_reader<memory_source> reader(source, out.leftover, limits);
  out.result = reader.read(verb);
  out.consumed = source.offset;
  return out;
}

transport_failure failure_of(std::string bytes, method verb = method::get,
                             response_limits limits = {}) {
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
    try {
      read(bytes, verb, step, limits);
    } catch (const plugboard::transport_error& e) {
      if (step == 65536) return e.failure();
      continue;
    }
    FAIL("no error with step " << step);
  }
  return transport_failure::other;
}

std::string compress(std::string_view text, int window_bits) {
  z_stream z{};
  REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) == Z_OK);
  std::string out(text.size() + 256, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(&out[0]);
  z.avail_out = static_cast<uInt>(out.size());
  REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("a Content-Length body, read in pieces of every size") {
  for (std::size_t step : {1, 2, 5, 100}) {
    CAPTURE(step);
    const auto p = read(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
        method::get, step);
    CHECK(p.result.reply.status == 200);
    CHECK(p.result.reply.body == "{\"a\":1}");
    CHECK(p.result.reply.headers.get("content-type") == "application/json");
    CHECK(p.result.reusable);
  }
}

TEST_CASE("a status line without a reason phrase, and bare LF line ends") {
  const auto p = read("HTTP/1.1 201\nContent-Length: 2\n\nok");
  CHECK(p.result.reply.status == 201);
  CHECK(p.result.reply.body == "ok");
}

TEST_CASE("chunked: extensions ignored, trailers dropped, connection reusable") {
  const auto p = read(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3;name=value\r\nabc\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n");
  CHECK(p.result.reply.body == "abc0123456789");
  CHECK(p.result.reusable);
  CHECK_FALSE(p.result.reply.headers.contains("X-Trailer"));
}

TEST_CASE("a body delimited by the end of the connection") {
  const auto p = read("HTTP/1.0 200 OK\r\n\r\nto the end");
  CHECK(p.result.reply.body == "to the end");
  CHECK_FALSE(p.result.reusable);
}

TEST_CASE("interim responses are skipped, fields and all") {
  const auto p = read(
      "HTTP/1.1 100 Continue\r\nX-Odd: 1\r\n\r\n"
      "HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n"
      "HTTP/1.1 102 Processing\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
  CHECK(p.result.reply.status == 200);
  CHECK(p.result.reply.body == "{}");
  CHECK_FALSE(p.result.reply.headers.contains("Link"));
  CHECK(failure_of("HTTP/1.1 101 Switching Protocols\r\n\r\n") == transport_failure::protocol);
}

TEST_CASE("statuses and methods that have no body leave the connection unusable") {
  for (const char* status : {"204", "304"}) {
    CAPTURE(status);
    // The illegal body stays unread and the connection is never reused.
    const auto p = read(std::string("HTTP/1.1 ") + status + " X\r\n\r\nHTTP/1.1 200 OK\r\n");
    CHECK(p.result.reply.body.empty());
    CHECK_FALSE(p.result.reusable);
  }
  const auto head = read("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n", method::head);
  CHECK(head.result.reply.body.empty());
  CHECK_FALSE(head.result.reusable);
}

TEST_CASE("bytes beyond the response, or a server that closes, end reuse") {
  CHECK_FALSE(read("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}EXTRA", method::get, 100)
                  .result.reusable);
  CHECK_FALSE(
      read("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}").result.reusable);
  CHECK_FALSE(read("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}").result.reusable);
  CHECK(read("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\n{}")
            .result.reusable);
  // Both framings: Transfer-Encoding wins, and the connection is not trusted again.
  const auto both = read(
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: "
      "chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n");
  CHECK(both.result.reply.body == "ok");
  CHECK_FALSE(both.result.reusable);
}

TEST_CASE("Content-Length: equal list values are one length, anything else is refused") {
  CHECK(read("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\nContent-Length: 2\r\n\r\nok")
            .result.reply.body == "ok");
  for (const char* bad : {"2, 3", "-1", "1e3", "", " ", "0x10", "99999999999999999999"}) {
    CAPTURE(bad);
    CHECK(failure_of(std::string("HTTP/1.1 200 OK\r\nContent-Length: ") + bad + "\r\n\r\nok") ==
          transport_failure::protocol);
  }
}

TEST_CASE("malformed heads are protocol errors") {
  for (const char* bad :
       {"HTTP/2 200 OK\r\n\r\n", "SPDY/9 what\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
        "HTTP/1.1 200 OK\r\n: empty name\r\n\r\n", "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
        "HTTP/1.1 200 OK\r\n folded first\r\n\r\n"}) {
    CAPTURE(bad);
    CHECK(failure_of(bad) == transport_failure::protocol);
  }
}

TEST_CASE("a folded header line is joined to the field before it") {
  const auto p = read("HTTP/1.1 200 OK\r\nX-Long: one\r\n two\r\nContent-Length: 0\r\n\r\n");
  CHECK(p.result.reply.headers.get("X-Long") == "one two");
}

TEST_CASE("chunked framing errors are protocol errors") {
  for (const char* bad :
       {"zz\r\nhello\r\n0\r\n\r\n", "\r\n", "5\r\nhelloXX\r\n0\r\n\r\n", "10000000000000000\r\n"}) {
    CAPTURE(bad);
    CHECK(failure_of(std::string("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") + bad) ==
          transport_failure::protocol);
  }
  CHECK(failure_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, gzip\r\n\r\n") ==
        transport_failure::protocol);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") ==
        transport_failure::protocol);
}

TEST_CASE("the connection ending early is a read error, and says whether an answer began") {
  memory_source empty{"", 1};
  read_buffer buffer;
  response_limits limits;
  response_reader<memory_source> nothing(empty, buffer, limits);
  CHECK_THROWS_AS(nothing.read(method::get), plugboard::transport_error);
  CHECK_FALSE(nothing.started());

  CHECK(failure_of("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort") ==
        transport_failure::read);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab") ==
        transport_failure::read);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nContent-") == transport_failure::read);
}

TEST_CASE("limits: header bytes, body bytes, and a Content-Length over the cap read nothing") {
  response_limits small{512, 1000};
  CHECK(failure_of("HTTP/1.1 200 OK\r\nX: " + std::string(600, 'a') + "\r\n\r\n", method::get,
                   small) == transport_failure::too_large);
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 100; ++i) many += "X-N: 1\r\n";
  CHECK(failure_of(many + "\r\n", method::get, small) == transport_failure::too_large);
  // Interim responses count against the same budget.
  std::string interim;
  for (int i = 0; i < 40; ++i) interim += "HTTP/1.1 102 Processing\r\n\r\n";
  CHECK(failure_of(interim + "HTTP/1.1 200 OK\r\n\r\n", method::get, small) ==
        transport_failure::too_large);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" +
                       std::string("400\r\n") + std::string(1024, 'b') + "\r\n0\r\n\r\n",
                   method::get, small) == transport_failure::too_large);
  CHECK(failure_of("HTTP/1.1 200 OK\r\n\r\n" + std::string(1001, 'b'), method::get, small) ==
        transport_failure::too_large);

  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: 209715200\r\n\r\n";
  memory_source source{head + std::string(4096, ' '), 65536};
  read_buffer buffer;
  response_reader<memory_source> reader(source, buffer, small);
  CHECK_THROWS_AS(reader.read(method::get), plugboard::transport_error);
  CHECK(source.offset <= head.size() + 4096);  // refused from the head, body not read
}

TEST_CASE("gzip and deflate bodies are inflated, and the cap counts inflated bytes") {
  const std::string text = "{\"items\":[" + std::string(5000, ' ') + "]}";
  for (int bits : {31, 15, -15}) {  // gzip, zlib, raw deflate
    CAPTURE(bits);
    const std::string packed = compress(text, bits);
    const auto p = read(
        "HTTP/1.1 200 OK\r\nContent-Encoding: " + std::string(bits == 31 ? "gzip" : "deflate") +
            "\r\nContent-Length: " + std::to_string(packed.size()) + "\r\n\r\n" + packed,
        method::get, 100);
    CHECK(p.result.reply.body == text);
  }
  const std::string bomb = compress(std::string(1 << 20, '\0'), 31);
  CHECK(bomb.size() < 4096);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " +
                       std::to_string(bomb.size()) + "\r\n\r\n" + bomb,
                   method::get, response_limits{4096, 65536}) == transport_failure::too_large);

  const std::string packed = compress(text, 31);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 20\r\n\r\n" +
                   packed.substr(0, 20)) == transport_failure::protocol);  // truncated
  CHECK(failure_of("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 12\r\n\r\n"
                   "not gzipped!") == transport_failure::protocol);
  CHECK(failure_of("HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 2\r\n\r\nxx") ==
        transport_failure::protocol);
}

TEST_CASE("render_head: the request line, Host, the caller's fields, then framing") {
  plugboard::request get;
  get.verb = method::get;
  get.target = "/v1/x?y=1";
  get.headers.add("Accept", "application/json");
  CHECK(render_head(get, {"api.example.com", true, true}) ==
        "GET /v1/x?y=1 HTTP/1.1\r\nHost: api.example.com\r\nAccept: application/json\r\n"
        "Accept-Encoding: gzip, deflate\r\n\r\n");

  plugboard::request post;
  post.verb = method::post;
  post.target = "/v1/x";
  CHECK(render_head(post, {"h:8080", false, false}) ==
        "POST /v1/x HTTP/1.1\r\nHost: h:8080\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  post.body = "{\"a\":1}";
  post.headers.add("Accept-Encoding", "identity");
  CHECK(render_head(post, {"h", true, true}) ==
        "POST /v1/x HTTP/1.1\r\nHost: h\r\nAccept-Encoding: identity\r\nContent-Length: 7\r\n\r\n");

  plugboard::request root;
  CHECK(render_head(root, {"h", true, false}) == "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
}

TEST_CASE("render_head refuses what could split or reframe the request") {
  for (const std::string& target : {std::string("/a b"), std::string("/a\r\nX: y"),
                                    std::string("/a\n"), std::string("/a\0b", 4)}) {
    plugboard::request req;
    req.target = target;
    CHECK_THROWS_AS(render_head(req, {"h", true, true}), plugboard::usage_error);
  }
  for (const char* name : {"Content-Length", "transfer-encoding", "Connection", "Host", "TE",
                           "Trailer", "Upgrade", "Keep-Alive", "Expect", "Proxy-Connection"}) {
    CAPTURE(name);
    plugboard::request req;
    req.headers.add(name, "0");
    CHECK_THROWS_AS(render_head(req, {"h", true, true}), plugboard::usage_error);
  }
  plugboard::request crlf;
  crlf.headers.add("X-Ok", "a\r\nContent-Length: 0");
  CHECK_THROWS_AS(render_head(crlf, {"h", true, true}), plugboard::usage_error);
}

TEST_CASE("a body of known length keeps zeroed room after it, for parsing in place") {
  const std::string json = R"({"data":[1,2,3]})";
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
    CAPTURE(step);
    const auto p = read(
        "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(json.size()) + "\r\n\r\n" + json,
        method::get, step);
    const std::string& body = p.result.reply.body;
    CHECK(body == json);
    REQUIRE(body.capacity() - body.size() >= body_padding);
    // The padding was written as zeros (read through data(), within capacity).
    const char* after = body.data() + body.size();
    CHECK(std::all_of(after, after + body_padding, [](char c) { return c == '\0'; }));
  }
}

TEST_CASE("headers and lines are parsed in the buffer: every field survives a refill") {
  // Many fields arriving one byte at a time: each line is read into the
  // buffer across refills, and a view of an earlier line must not be used.
  std::string head = "HTTP/1.0 200 OK\r\n";
  for (int i = 0; i < 200; ++i)
    head += "X-F" + std::to_string(i) + ": v" + std::to_string(i) + "\r\n";
  head += "Content-Length: 2\r\n\r\nok";
  const auto p = read(head, method::get, 1);
  CHECK(p.result.reply.body == "ok");
  CHECK(p.result.reply.headers.size() == 201);
  CHECK(p.result.reply.headers.get("X-F199") == "v199");
  CHECK_FALSE(p.result.reusable);  // HTTP/1.0 without keep-alive: read after all the lines
}
