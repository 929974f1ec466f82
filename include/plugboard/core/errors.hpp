// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace plugboard {

enum class error_kind { api, transport, decode, usage };

constexpr std::string_view to_string(error_kind k) noexcept {
  switch (k) {
    case error_kind::api: return "api";
    case error_kind::transport: return "transport";
    case error_kind::decode: return "decode";
    case error_kind::usage: return "usage";
  }
  return "api";
}

namespace detail {

// The length of the UTF-8 sequence at the start of `s` and its code point,
// or 0 when the bytes are not UTF-8 (overlong, surrogate, cut short, ...).
constexpr std::size_t utf8_sequence(std::string_view s, std::uint32_t& cp) noexcept {
  const auto lead = static_cast<unsigned char>(s[0]);
  std::size_t length = 0;
  std::uint32_t least = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    cp = lead & 0x1Fu;
    least = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    cp = lead & 0x0Fu;
    least = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    cp = lead & 0x07u;
    least = 0x10000;
  } else {
    return 0;
  }
  if (s.size() < length) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(s[k]);
    if ((next & 0xC0u) != 0x80u) return 0;
    cp = (cp << 6) | (next & 0x3Fu);
  }
  if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return length;
}

// Code points a terminal acts on or that disguise a line: C1 controls, the
// Unicode line and paragraph separators and the bidirectional overrides.
constexpr bool is_unicode_control(std::uint32_t cp) noexcept {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x2028 && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// Appends text from a server to an error message so that it prints as
// text: control characters become escapes (\n, \r, \t, \xNN for other
// bytes below 0x20, DEL and bytes that are not UTF-8, \uNNNN for the code
// points above). Stops before `out` would grow past `limit` bytes; returns
// how many bytes of `text` it took.
inline std::size_t append_printable(std::string& out, std::string_view text,
                                    std::size_t limit = std::string::npos) {
  constexpr char hex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  std::size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    char escaped[7] = {};
    const auto escape = [&](char kind, std::uint32_t value, std::size_t digits) {
      escaped[0] = '\\';
      escaped[1] = kind;
      for (std::size_t k = 0; k < digits; ++k) {
        escaped[2 + k] = hex[(value >> (4 * (digits - 1 - k))) & 0xFu];
      }
    };
    if (byte == '\n' || byte == '\r' || byte == '\t') {
      escape(byte == '\n' ? 'n' : byte == '\r' ? 'r' : 't', 0, 0);
    } else if (byte < 0x20 || byte == 0x7F) {
      escape('x', byte, 2);
    } else if (byte >= 0x80) {
      std::uint32_t cp = 0;
      length = utf8_sequence(text.substr(i), cp);
      if (length == 0) {
        length = 1;
        escape('x', byte, 2);
      } else if (is_unicode_control(cp)) {
        escape('u', cp, 4);
      }
    }
    const std::string_view piece =
        escaped[0] != 0 ? std::string_view(escaped) : text.substr(i, length);
    if (out.size() - start + piece.size() > limit) break;
    out += piece;
    i += length;
  }
  return i;
}

inline std::string printable(std::string_view text) {
  std::string out;
  append_printable(out, text);
  return out;
}

}  // namespace detail

// Base of every error plugboard raises. Messages never contain credentials:
// request headers are never quoted, query values are never shown, and text
// taken from a response is scrubbed before it is stored. what() shows
// control characters as escapes (detail::append_printable), so printing it
// cannot drive a terminal; the accessors keep the text as it is.
class error : public std::runtime_error {
 public:
  error_kind kind() const noexcept { return kind_; }

 protected:
  error(error_kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  void set_message(const std::string& message) {
    static_cast<std::runtime_error&>(*this) = std::runtime_error(message);
  }

 private:
  error_kind kind_;
};

// A call was made with an argument that can never succeed (an empty id, a
// CR/LF in a header value, a limit out of range). Raised before anything is sent.
class usage_error : public error {
 public:
  usage_error(std::string argument, std::string problem)
      : error(error_kind::usage, "plugboard: invalid argument '" + detail::printable(argument) +
                                     "': " + detail::printable(problem)),
        argument_(std::move(argument)),
        problem_(std::move(problem)) {}

  const std::string& argument() const noexcept { return argument_; }
  const std::string& problem() const noexcept { return problem_; }

 private:
  std::string argument_;
  std::string problem_;
};

enum class transport_failure {
  connect,          // refused, unreachable, DNS: nothing was sent
  connect_timeout,  // no connection within the connect timeout: nothing was sent
  tls,              // handshake or certificate verification failed: nothing was sent
  write,            // the request could not be written completely
  read,             // the connection broke while waiting for or reading the response
  read_timeout,     // no (complete) response within the read timeout
  deadline,         // the call's deadline passed (call_options::timeout, client_options)
  too_large,        // the response's header or body exceeded the transport's size cap
  protocol,         // the reply is not valid HTTP/1.1 (bad status line, framing, encoding)
  canceled,
  other,
};

constexpr std::string_view to_string(transport_failure f) noexcept {
  switch (f) {
    case transport_failure::connect: return "connect";
    case transport_failure::connect_timeout: return "connect_timeout";
    case transport_failure::tls: return "tls";
    case transport_failure::write: return "write";
    case transport_failure::read: return "read";
    case transport_failure::read_timeout: return "read_timeout";
    case transport_failure::deadline: return "deadline";
    case transport_failure::too_large: return "too_large";
    case transport_failure::protocol: return "protocol";
    case transport_failure::canceled: return "canceled";
    case transport_failure::other: return "other";
  }
  return "other";
}

// True when the server cannot have seen the request, so any method may be retried.
constexpr bool failed_before_sending(transport_failure f) noexcept {
  return f == transport_failure::connect || f == transport_failure::connect_timeout ||
         f == transport_failure::tls;
}

// The exchange failed below HTTP: no status code was received.
class transport_error : public error {
 public:
  transport_error(transport_failure failure, std::string detail)
      : error(error_kind::transport, ""), failure_(failure), detail_(std::move(detail)) {
    rebuild();
  }

  transport_failure failure() const noexcept { return failure_; }
  // The transport's own words (e.g. "Connection refused"), never request data.
  const std::string& detail() const noexcept { return detail_; }
  bool request_may_have_been_sent() const noexcept { return !failed_before_sending(failure_); }
  // "GET http://host:port/path" without the query string; set by the client.
  const std::string& request_line() const noexcept { return request_line_; }
  int attempts() const noexcept { return attempts_; }

  void set_context(std::string request_line, int attempts) {
    request_line_ = std::move(request_line);
    attempts_ = attempts;
    rebuild();
  }

 private:
  void rebuild() {
    std::string m = "plugboard: transport error (";
    m += to_string(failure_);
    m += ")";
    if (!request_line_.empty()) m += " on " + request_line_;
    if (!detail_.empty()) m += ": " + detail::printable(detail_);
    if (attempts_ > 1) m += " (after " + std::to_string(attempts_) + " attempts)";
    set_message(m);
  }

  transport_failure failure_;
  std::string detail_;
  std::string request_line_;
  int attempts_ = 1;
};

// A response body could not be turned into the typed result.
class decode_error : public error {
 public:
  explicit decode_error(std::string problem, std::string snippet = {})
      : error(error_kind::decode, ""), problem_(std::move(problem)), snippet_(std::move(snippet)) {
    rebuild();
  }

  // Where in the document, e.g. "data.default_scopes[1].name"; empty for the root.
  const std::string& field() const noexcept { return field_; }
  const std::string& problem() const noexcept { return problem_; }
  // A short, scrubbed excerpt of the offending input.
  const std::string& snippet() const noexcept { return snippet_; }
  const std::string& request_line() const noexcept { return request_line_; }

  // Called while unwinding out of nested objects and arrays.
  void prepend_key(std::string_view key) { prepend(std::string(key)); }
  void prepend_index(std::size_t index) {
    std::string step = "[";
    step += std::to_string(index);
    step += ']';
    prepend(std::move(step));
  }
  void set_request_line(std::string request_line) {
    request_line_ = std::move(request_line);
    rebuild();
  }
  // Passes the texts taken from the response (the snippet, and the field,
  // whose map keys come from the wire) through `redactor`, e.g. the client's
  // credential scrubber.
  template <class Redactor>
  void redact(Redactor&& redactor) {
    redactor(snippet_);
    redactor(field_);
    rebuild();
  }
  void set_snippet(std::string snippet) {
    snippet_ = std::move(snippet);
    rebuild();
  }

 private:
  // A key or an index in front of the field path: "name" before
  // "[1].id" gives "name[1].id", before "id" gives "name.id". Built by
  // appending: g++ 12 at -O3 mistakes insert(0, ...) and "text" + string&&
  // for an overflow (-Wstringop-overflow), which users' -Werror would meet.
  void prepend(std::string step) {
    if (!field_.empty() && field_.front() != '[') step += '.';
    step += field_;
    field_ = std::move(step);
    rebuild();
  }
  void rebuild() {
    std::string m = "plugboard: cannot decode the response";
    if (!request_line_.empty()) m.append(" of ").append(detail::printable(request_line_));
    if (!field_.empty()) m.append(" at '").append(detail::printable(field_)).append("'");
    m.append(": ").append(detail::printable(problem_));
    if (!snippet_.empty()) m.append(" (near: ").append(detail::printable(snippet_)).append(")");
    set_message(m);
  }

  std::string problem_;
  std::string snippet_;
  std::string field_;
  std::string request_line_;
};

// The standard reason phrase of an HTTP status, or "" for an unusual one.
constexpr std::string_view status_reason(int status) noexcept {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

// What a service said about a failed call, read from its error body.
struct service_error {
  std::string code;     // e.g. "NotFound_Connector", "HTTP_NOT_FOUND", "rate_limited"
  std::string message;  // e.g. "Connector provider not found"
};

// The server answered with a status outside 2xx.
class api_error : public error {
 public:
  // Text longer than this (once escaped) is cut in what(); body() keeps all of it.
  static constexpr std::size_t message_cap = 10000;

  api_error(int status, service_error service, std::string request_line, std::string body,
            std::optional<std::chrono::seconds> retry_after = std::nullopt, int attempts = 1)
      : error(error_kind::api, ""),
        status_(status),
        service_(std::move(service)),
        request_line_(std::move(request_line)),
        body_(std::move(body)),
        retry_after_(retry_after),
        attempts_(attempts) {
    rebuild();
  }

  int status() const noexcept { return status_; }
  const std::string& service_code() const noexcept { return service_.code; }
  const std::string& service_message() const noexcept { return service_.message; }
  const std::string& request_line() const noexcept { return request_line_; }
  // The whole response body with credentials scrubbed out, otherwise byte
  // for byte as received: control characters included, so escape it before
  // printing it to a terminal (what() shows it escaped).
  const std::string& body() const noexcept { return body_; }
  std::optional<std::chrono::seconds> retry_after() const noexcept { return retry_after_; }
  int attempts() const noexcept { return attempts_; }

  bool is_client_error() const noexcept { return status_ >= 400 && status_ < 500; }
  bool is_server_error() const noexcept { return status_ >= 500; }

 private:
  void rebuild() {
    std::string m = "plugboard: HTTP " + std::to_string(status_);
    const auto reason = status_reason(status_);
    if (!reason.empty()) {
      m += ' ';
      m += reason;
    }
    if (!request_line_.empty()) m += " from " + detail::printable(request_line_);
    const std::string& text = service_.message.empty() ? body_ : service_.message;
    if (!text.empty()) {
      m += ": ";
      const std::size_t shown = detail::append_printable(m, text, message_cap);
      if (shown < text.size()) m += "...and " + std::to_string(text.size() - shown) + " more chars";
    }
    if (!service_.code.empty()) m += " [" + detail::printable(service_.code) + "]";
    if (attempts_ > 1) m += " (after " + std::to_string(attempts_) + " attempts)";
    set_message(m);
  }

  int status_;
  service_error service_;
  std::string request_line_;
  std::string body_;
  std::optional<std::chrono::seconds> retry_after_;
  int attempts_;
};

}  // namespace plugboard
