// SPDX-License-Identifier: MIT
#pragma once

// Reads one HTTP/1.1 response from a byte source (RFC 9112): interim 1xx
// responses are skipped, the body is framed by Content-Length, chunked
// coding or the end of the connection, gzip/deflate are inflated, and every
// size is capped. Independent of sockets, so it is tested and fuzzed on
// bytes in memory.
//
// A Source has `std::size_t read_some(char* data, std::size_t size)`, which
// blocks until at least one byte arrives and returns 0 at the end of the
// stream (it throws transport_error on errors and timeouts).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/headers.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"
#include "plugboard/core/validation.hpp"

#ifndef PLUGBOARD_NO_ZLIB
#include "plugboard/detail/http1/inflate.hpp"
#endif

namespace plugboard::detail::http1 {

// Bytes kept allocated (and zeroed) after a body read with a known length,
// so that a parser which reads past the end in blocks (simdjson needs 64)
// parses it where it lies instead of copying it first.
inline constexpr std::size_t body_padding = 64;

struct response_limits {
  std::size_t max_header_bytes = 64 * 1024;       // every head, interim ones included
  std::size_t max_body_bytes = 64 * 1024 * 1024;  // after decompression
};

// Bytes received and not yet consumed; kept with the connection, so bytes
// after a response are noticed (and the connection dropped) instead of
// being read as the next call's answer.
struct read_buffer {
  std::string bytes;
  std::size_t begin = 0;
  std::size_t end = 0;

  std::string_view available() const noexcept {
    return std::string_view(bytes).substr(begin, end - begin);
  }
  bool empty() const noexcept { return begin == end; }
  void consume(std::size_t n) noexcept {
    begin += n;
    if (begin == end) begin = end = 0;
  }
};

struct read_result {
  response reply;
  // False when the connection cannot carry another request: the server
  // said close, the body ran to the end of the stream, the framing was
  // doubtful, or a status that has no body was answered (a server that
  // adds an illegal body to a 204 would desynchronise the next call).
  bool reusable = true;
};

inline transport_error protocol_error(std::string what) {
  return transport_error(transport_failure::protocol, "invalid HTTP response: " + std::move(what));
}

template <class Source>
class response_reader {
 public:
  response_reader(Source& source, read_buffer& buffer, const response_limits& limits) noexcept
      : source_(source), buffer_(buffer), limits_(limits) {}

  // True once any byte of a response arrived (for the caller's decision
  // whether a failed exchange may be tried again on a new connection).
  bool started() const noexcept { return started_; }

  // Reads the final response to a request sent with `verb`.
  read_result read(method verb) {
    read_result out;
    std::size_t head_budget = limits_.max_header_bytes;
    bool http10 = false;
    for (;;) {
      out.reply = response{};
      http10 = read_head(out.reply, head_budget);
      if (out.reply.status >= 200) break;
      if (out.reply.status == 101)
        throw protocol_error("101 Switching Protocols was not asked for");
      // 100, 102, 103, ...: RFC 9110 says a client skips interim responses.
    }
    response& reply = out.reply;
    out.reusable = keeps_alive(reply.headers, http10);

    const bool no_body = verb == method::head || reply.status == 204 || reply.status == 304;
    if (no_body) {
      out.reusable = false;
      return out;
    }
    body_sink sink(reply, limits_.max_body_bytes);
    const std::string* transfer = reply.headers.find("Transfer-Encoding");
    const std::optional<std::uint64_t> length = content_length(reply.headers);
    if (transfer != nullptr) {
      if (length) out.reusable = false;  // both: Transfer-Encoding wins, but trust neither again
      if (!is_chunked(*transfer)) {
        read_to_end(sink);
        out.reusable = false;
      } else {
        read_chunked(sink, head_budget);
      }
    } else if (length) {
      sink.reserve(*length);
      read_exactly(sink, *length);
    } else {
      read_to_end(sink);
      out.reusable = false;
    }
    sink.finish();
    if (!buffer_.empty()) out.reusable = false;  // more than the response: never reuse
    return out;
  }

 private:
  // Receives body bytes, inflating them when the response is compressed,
  // and enforces the body cap.
  class body_sink {
   public:
    body_sink(response& reply, std::size_t cap) : body_(reply.body), cap_(cap) {
      const std::string* coding = reply.headers.find("Content-Encoding");
      if (coding == nullptr) return;
      const std::string_view name = trim(*coding);
      if (name.empty() || iequals(name, "identity")) return;
#ifndef PLUGBOARD_NO_ZLIB
      if (iequals(name, "gzip") || iequals(name, "x-gzip") || iequals(name, "deflate")) {
        inflate_.emplace();
        return;
      }
#endif
      throw protocol_error("unsupported Content-Encoding '" + std::string(name.substr(0, 40)) +
                           "'");
    }

    void reserve(std::uint64_t expected) {
      if (!compressed() && expected <= cap_) {
        body_.reserve(static_cast<std::size_t>(expected) + body_padding);
      }
    }

    void write(std::string_view bytes) {
#ifndef PLUGBOARD_NO_ZLIB
      if (inflate_) {
        raw_ += bytes.size();
        if (raw_ > cap_) throw inflater::too_large(cap_);
        inflate_->feed(bytes, body_, cap_);
        return;
      }
#endif
      if (bytes.size() > cap_ - body_.size()) throw too_large(cap_);
      body_.append(bytes);
    }

    void finish() {
#ifndef PLUGBOARD_NO_ZLIB
      if (inflate_ && raw_ > 0) inflate_->finish();
#endif
      // Zero the padding the body has room for, so a parser reading into it
      // reads defined bytes.
      const std::size_t size = body_.size();
      if (body_.capacity() - size >= body_padding) {
        body_.append(body_padding, '\0');
        body_.resize(size);
      }
    }

    bool compressed() const noexcept {
#ifndef PLUGBOARD_NO_ZLIB
      return inflate_.has_value();
#else
      return false;
#endif
    }

    static transport_error too_large(std::size_t cap) {
      return transport_error(
          transport_failure::too_large,
          "the response body exceeds max_response_bytes (" + std::to_string(cap) + ")");
    }

   private:
    std::string& body_;
    std::size_t cap_;
#ifndef PLUGBOARD_NO_ZLIB
    std::optional<inflater> inflate_;
    std::size_t raw_ = 0;
#endif
  };

  static std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
  }

  // Reads more bytes into the buffer; false at the end of the stream.
  bool fill() {
    constexpr std::size_t chunk = 16384;
    if (buffer_.begin > 0 && buffer_.bytes.size() - buffer_.end < chunk) {
      // Slide the unread bytes to the front instead of growing.
      buffer_.bytes.erase(0, buffer_.begin);
      buffer_.end -= buffer_.begin;
      buffer_.begin = 0;
    }
    if (buffer_.bytes.size() - buffer_.end < chunk) buffer_.bytes.resize(buffer_.end + chunk);
    const std::size_t n = source_.read_some(&buffer_.bytes[buffer_.end], chunk);
    if (n == 0) return false;
    started_ = true;
    buffer_.end += n;
    return true;
  }

  // One line (without its CRLF or LF) of at most `budget` bytes, which it
  // is charged. Past the budget: too_large for a head (the header cap), a
  // protocol error for anything else; read when the stream ends first.
  // The view points into the buffer: valid until the next read.
  std::string_view read_line_view(std::size_t& budget, const char* what, bool head = true) {
    std::size_t scanned = 0;
    for (;;) {
      const std::string_view data = buffer_.available();
      const auto lf = data.find('\n', scanned);
      if (lf != std::string_view::npos) {
        if (lf + 1 > budget) throw line_too_long(what, head);
        budget -= lf + 1;
        std::string_view line = data.substr(0, lf);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        buffer_.consume(lf + 1);
        if (line.find('\r') != std::string_view::npos ||
            line.find('\0') != std::string_view::npos) {
          throw protocol_error(std::string("a CR or NUL inside the ") + what);
        }
        return line;
      }
      scanned = data.size();
      if (scanned >= budget) throw line_too_long(what, head);
      if (!fill()) {
        throw transport_error(transport_failure::read,
                              started_ ? "the connection closed in the middle of the response"
                                       : "the connection closed before any response");
      }
    }
  }

  transport_error line_too_long(const char* what, bool head) const {
    if (!head) return protocol_error(std::string("the ") + what + " is too long");
    return transport_error(transport_failure::too_large,
                           std::string("the ") + what + " exceeds max_header_bytes (" +
                               std::to_string(limits_.max_header_bytes) + ")");
  }

  // Status line and header fields; returns true for an HTTP/1.0 response.
  // Lines are parsed where they lie in the buffer: only the header names and
  // values the response keeps are copied.
  bool read_head(response& reply, std::size_t& budget) {
    const std::string_view line = read_line_view(budget, "response head");
    // "HTTP/1.x SP 3DIGIT [SP reason]"
    if (line.size() < 12 || line.substr(0, 7) != "HTTP/1." || line[7] < '0' || line[7] > '9' ||
        line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) {
      throw protocol_error("the status line is malformed");
    }
    int status = 0;
    for (std::size_t i = 9; i < 12; ++i) {
      if (line[i] < '0' || line[i] > '9') throw protocol_error("the status code is not 3 digits");
      status = status * 10 + (line[i] - '0');
    }
    if (status < 100) throw protocol_error("the status code is below 100");
    reply.status = status;
    const bool http10 = line[7] == '0';  // `line` is not valid past the next read
    reply.headers.reserve(16);
    for (;;) {
      const std::string_view field = read_line_view(budget, "response head");
      if (field.empty()) break;
      if (field.front() == ' ' || field.front() == '\t') {
        // obs-fold: RFC 9112 has user agents join the line with a space.
        if (reply.headers.size() == 0) throw protocol_error("a folded line starts the headers");
        append_folded(reply.headers, trim(field));
        continue;
      }
      const auto colon = field.find(':');
      if (colon == std::string_view::npos || colon == 0)
        throw protocol_error("a header line has no name");
      const std::string_view name = field.substr(0, colon);
      for (char c : name) {
        if (!is_token_char(c)) throw protocol_error("a header name is not a token");
      }
      reply.headers.add(std::string(name), std::string(trim(field.substr(colon + 1))));
    }
    return http10;
  }

  static void append_folded(http_headers& headers, std::string_view more) {
    http_headers rebuilt;
    rebuilt.reserve(headers.size());
    std::size_t i = 0;
    for (const auto& field : headers) {
      std::string value = field.second;
      if (++i == headers.size()) {
        value += ' ';
        value += more;
      }
      rebuilt.add(field.first, std::move(value));
    }
    headers = std::move(rebuilt);
  }

  static bool has_token(std::string_view list, std::string_view token) {
    while (!list.empty()) {
      const auto comma = list.find(',');
      if (iequals(trim(list.substr(0, comma)), token)) return true;
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return false;
  }

  static bool keeps_alive(const http_headers& headers, bool http10) {
    bool keep = !http10;
    for (const auto& field : headers) {
      if (!iequals(field.first, "Connection")) continue;
      if (has_token(field.second, "close")) return false;
      if (has_token(field.second, "keep-alive")) keep = true;
    }
    return keep;
  }

  // Transfer-Encoding whose last coding is chunked; any other coding (which
  // plugboard never asks for) is refused.
  static bool is_chunked(std::string_view codings) {
    bool chunked = false;
    while (!codings.empty()) {
      const auto comma = codings.find(',');
      const std::string_view coding = trim(codings.substr(0, comma));
      if (chunked) throw protocol_error("chunked is not the last transfer coding");
      if (iequals(coding, "chunked")) {
        chunked = true;
      } else if (!coding.empty() && !iequals(coding, "identity")) {
        throw protocol_error("unsupported Transfer-Encoding '" + std::string(coding.substr(0, 40)) +
                             "'");
      }
      if (comma == std::string_view::npos) break;
      codings.remove_prefix(comma + 1);
    }
    return chunked;
  }

  // Every Content-Length field and list element must be the same number.
  static std::optional<std::uint64_t> content_length(const http_headers& headers) {
    std::optional<std::uint64_t> length;
    for (const auto& field : headers) {
      if (!iequals(field.first, "Content-Length")) continue;
      std::string_view list = field.second;
      while (true) {
        const auto comma = list.find(',');
        const std::string_view item = trim(list.substr(0, comma));
        if (item.empty() || item.size() > 18)
          throw protocol_error("Content-Length is not a number");
        std::uint64_t value = 0;
        for (char c : item) {
          if (c < '0' || c > '9') throw protocol_error("Content-Length is not a number");
          value = value * 10 + static_cast<std::uint64_t>(c - '0');
        }
        if (length && *length != value) throw protocol_error("Content-Length values disagree");
        length = value;
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
      }
    }
    return length;
  }

  void read_exactly(body_sink& sink, std::uint64_t length) {
    if (!sink.compressed() && length > limits_.max_body_bytes) {
      throw body_sink::too_large(limits_.max_body_bytes);
    }
    while (length > 0) {
      if (buffer_.empty() && !fill()) {
        throw transport_error(transport_failure::read,
                              "the connection closed before the whole body arrived");
      }
      const std::string_view data = buffer_.available();
      const std::size_t take =
          length < data.size() ? static_cast<std::size_t>(length) : data.size();
      sink.write(data.substr(0, take));
      buffer_.consume(take);
      length -= take;
    }
  }

  void read_to_end(body_sink& sink) {
    for (;;) {
      if (!buffer_.empty()) {
        sink.write(buffer_.available());
        buffer_.consume(buffer_.end - buffer_.begin);
      }
      if (!fill()) return;
    }
  }

  void read_chunked(body_sink& sink, std::size_t& head_budget) {
    for (;;) {
      // The size line is small; extensions (";name=value") are ignored.
      std::size_t line_budget = 4096;
      const std::string_view line = read_line_view(line_budget, "chunk size line", false);
      std::string_view digits = line.substr(0, line.find(';'));
      digits = trim(digits);
      if (digits.empty() || digits.size() > 15) throw protocol_error("a chunk size is malformed");
      std::uint64_t size = 0;
      for (char c : digits) {
        int v = -1;
        if (c >= '0' && c <= '9') v = c - '0';
        if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
        if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
        if (v < 0) throw protocol_error("a chunk size is not hexadecimal");
        size = size * 16 + static_cast<std::uint64_t>(v);
      }
      if (size == 0) break;
      read_exactly(sink, size);
      std::size_t crlf_budget = 2;  // CRLF, or a bare LF
      if (!read_line_view(crlf_budget, "chunk", false).empty()) {
        throw protocol_error("a chunk is longer than its size");
      }
    }
    // Trailer fields count against the header budget and are dropped.
    while (!read_line_view(head_budget, "trailer").empty()) {
    }
  }

  Source& source_;
  read_buffer& buffer_;
  const response_limits& limits_;
  bool started_ = false;
};

}  // namespace plugboard::detail::http1
