// SPDX-License-Identifier: MIT
// How the `plugboard` tool reports a failure on stderr: one line of text, or
// with --output json one JSON object, so that scripts need not parse text:
//
//   {"kind": "api", "exit_code": 3, "message": "...", "status": 404,
//    "code": "NotFound_Connector", "method": "GET", "path": "/v1/connectors/x",
//    "retry_after": null, "error": "plugboard: HTTP 404 ..."}
//
// Every key is always there (null when it does not apply); some kinds add
// their own: `url` and `attempts` (api, transport, decode), `failure`
// (transport), `field` (decode), `argument` (usage).
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "plugboard/core/errors.hpp"
#include "plugboard/serializer/json.hpp"
#include "session.hpp"

namespace plugboard_cli {

namespace internal {

// "GET http://host:8080/prefix/path" -> method, URL and path.
inline void add_request_line(plugboard::json& out, const std::string& line) {
  const auto space = line.find(' ');
  if (line.empty() || space == std::string::npos) return;
  const std::string url = line.substr(space + 1);
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  out["method"] = line.substr(0, space);
  out["url"] = url;
  out["path"] = slash == std::string::npos ? std::string("/") : url.substr(slash);
}

inline plugboard::json error_object(std::string_view kind, int exit_code,
                                    const std::string& message, const std::string& text) {
  return {{"kind", kind},      {"exit_code", exit_code}, {"message", message},
          {"status", nullptr}, {"code", nullptr},        {"method", nullptr},
          {"path", nullptr},   {"retry_after", nullptr}, {"error", text}};
}

}  // namespace internal

// The JSON object of one of plugboard's errors.
inline plugboard::json error_json(const plugboard::error& e) {
  const int exit_code = exit_status_of(e.kind());
  const std::string kind(plugboard::to_string(e.kind()));
  if (const auto* api = dynamic_cast<const plugboard::api_error*>(&e)) {
    const std::string& service = api->service_message();
    plugboard::json out =
        internal::error_object(kind, exit_code, service.empty() ? e.what() : service, e.what());
    out["status"] = api->status();
    if (!api->service_code().empty()) out["code"] = api->service_code();
    if (api->retry_after()) out["retry_after"] = api->retry_after()->count();
    out["attempts"] = api->attempts();
    internal::add_request_line(out, api->request_line());
    return out;
  }
  if (const auto* transport = dynamic_cast<const plugboard::transport_error*>(&e)) {
    plugboard::json out = internal::error_object(kind, exit_code, transport->detail(), e.what());
    out["failure"] = std::string(plugboard::to_string(transport->failure()));
    out["attempts"] = transport->attempts();
    internal::add_request_line(out, transport->request_line());
    return out;
  }
  if (const auto* decode = dynamic_cast<const plugboard::decode_error*>(&e)) {
    plugboard::json out = internal::error_object(kind, exit_code, decode->problem(), e.what());
    out["field"] = decode->field();
    internal::add_request_line(out, decode->request_line());
    return out;
  }
  if (const auto* usage = dynamic_cast<const plugboard::usage_error*>(&e)) {
    plugboard::json out = internal::error_object(kind, exit_code, usage->problem(), e.what());
    out["argument"] = usage->argument();
    return out;
  }
  return internal::error_object(kind, exit_code, e.what(), e.what());
}

// Writes a failure to stderr, as text or as one JSON line.
class reporter {
 public:
  explicit reporter(bool json) noexcept : json_(json) {}

  bool json() const noexcept { return json_; }

  int error(const plugboard::error& e) const {
    if (json_) return line(error_json(e));
    return text(e.what(), exit_status_of(e.kind()));
  }

  // A failure that is not one of plugboard's errors ("usage" for CLI11's
  // parse errors, "failed" and "timed_out" for an unsuccessful operation,
  // "internal" for the tool's own).
  int other(std::string_view kind, int exit_code, const std::string& message) const {
    const std::string text_form = "plugboard: " + message;
    if (json_) return line(internal::error_object(kind, exit_code, message, text_form));
    return text(text_form, exit_code);
  }

 private:
  int line(const plugboard::json& object) const {
    const std::string out = object.dump(-1, ' ', false, plugboard::json::error_handler_t::replace);
    std::fprintf(stderr, "%s\n", out.c_str());
    return object.at("exit_code").get<int>();
  }
  static int text(const std::string& message, int exit_code) {
    std::fprintf(stderr, "%s\n", message.c_str());
    return exit_code;
  }

  bool json_;
};

}  // namespace plugboard_cli
