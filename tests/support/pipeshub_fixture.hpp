// SPDX-License-Identifier: MIT
// The sandbox's Pipeshub fake in either response shape, and clients for it,
// shared by the Pipeshub integration tests.
#pragma once

#include <string>
#include <utility>

#include "plugboard/pipeshub/client.hpp"
#include "plugboard/sandbox/pipeshub.hpp"

namespace plugboard_test {

struct pipeshub_fixture {
  using shape = plugboard::sandbox::pipeshub_fake::shape;

  plugboard::sandbox::server server;
  plugboard::sandbox::pipeshub_fake& fake;

  explicit pipeshub_fixture(shape responses = shape::server)
      : fake(server.mount<plugboard::sandbox::pipeshub_fake>("/pipeshub", settings(responses))) {}

  static plugboard::sandbox::pipeshub_fake::settings settings(shape responses) {
    plugboard::sandbox::pipeshub_fake::settings s;
    s.responses = responses;
    return s;
  }

  plugboard::pipeshub::client<> as(std::string token = "admin-token") {
    return plugboard::pipeshub::client<>(server.url("/pipeshub/api/v1"),
                                         plugboard::bearer_auth(std::move(token)));
  }

  int last_status() const {
    const auto log = server.requests();
    return log.empty() ? 0 : log.back().status;
  }
};

}  // namespace plugboard_test
