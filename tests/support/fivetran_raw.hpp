// SPDX-License-Identifier: MIT
// Raw HTTP to the sandbox's Fivetran fake (the current /v1/connections API),
// for tests of the fake's routes themselves: no client descriptors, just
// method, path, JSON body and the JSON answer.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard_test {

struct fivetran_answer {
  int status = 0;
  nlohmann::json body;  // null when the body is not JSON
  std::string raw;

  const nlohmann::json& data() const { return body.at("data"); }
  std::string code() const { return body.value("code", std::string()); }
  std::string message() const { return body.value("message", std::string()); }
};

// A server with the Fivetran fake at /fivetran, and a keep-alive client.
class fivetran_raw {
 public:
  using default_settings_type = plugboard::sandbox::fivetran_fake::settings;
  static constexpr const char* key = "raw-key";
  static constexpr const char* secret = "raw-secret";

  static plugboard::sandbox::fivetran_fake::settings default_settings() {
    plugboard::sandbox::fivetran_fake::settings s;
    s.api_key = key;
    s.api_secret = secret;
    s.groups = {"projected_sickle", "other_group"};
    return s;
  }

  explicit fivetran_raw(plugboard::sandbox::fivetran_fake::settings s = default_settings())
      : fake(server.mount<plugboard::sandbox::fivetran_fake>("/fivetran", std::move(s))),
        http_(std::make_unique<httplib::Client>("127.0.0.1", server.port())) {
    http_->set_basic_auth(key, secret);
    http_->set_keep_alive(true);
    http_->set_connection_timeout(5, 0);
    http_->set_read_timeout(10, 0);
  }

  fivetran_answer get(const std::string& path) { return done(http_->Get(full(path).c_str())); }
  fivetran_answer del(const std::string& path) { return done(http_->Delete(full(path).c_str())); }
  fivetran_answer post(const std::string& path,
                       const nlohmann::json& body = nlohmann::json::object()) {
    return post_raw(path, body.dump());
  }
  fivetran_answer post_raw(const std::string& path, const std::string& body) {
    return done(http_->Post(full(path).c_str(), body, "application/json"));
  }
  fivetran_answer patch(const std::string& path, const nlohmann::json& body) {
    return done(http_->Patch(full(path).c_str(), body.dump(), "application/json"));
  }
  fivetran_answer send(const std::string& method, const std::string& path,
                       const nlohmann::json& body = nlohmann::json::object()) {
    if (method == "GET") return get(path);
    if (method == "DELETE") return del(path);
    if (method == "PATCH") return patch(path, body);
    return post(path, body);
  }

  // A connection made through POST /v1/connections (setup tests run), its id.
  std::string create(const std::string& service, const nlohmann::json& config,
                     nlohmann::json extra = nlohmann::json::object()) {
    extra["group_id"] = extra.value("group_id", std::string("projected_sickle"));
    extra["service"] = service;
    extra["config"] = config;
    const auto created = post("/v1/connections", extra);
    REQUIRE_MESSAGE(created.status == 201, created.raw);
    return created.data().at("id").get<std::string>();
  }

  plugboard::sandbox::server server;
  plugboard::sandbox::fivetran_fake& fake;

 private:
  static std::string full(const std::string& path) { return "/fivetran" + path; }

  static fivetran_answer done(const httplib::Result& result) {
    fivetran_answer out;
    REQUIRE_MESSAGE(result, "no answer from the sandbox");
    out.status = result->status;
    out.raw = result->body;
    out.body = nlohmann::json::parse(result->body, nullptr, /*allow_exceptions=*/false);
    if (out.body.is_discarded()) out.body = nullptr;
    return out;
  }

  std::unique_ptr<httplib::Client> http_;
};

}  // namespace plugboard_test
