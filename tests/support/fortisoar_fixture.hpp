// SPDX-License-Identifier: MIT
// A FortiSOAR client on a fake clock against the sandbox's FortiSOAR fake,
// shared by the FortiSOAR integration tests.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/fortisoar/client.hpp"
#include "plugboard/sandbox/fortisoar.hpp"
#include "plugboard/testing/fake_clock.hpp"

namespace plugboard_test {

struct fortisoar_fixture {
  static constexpr std::string_view mount = "/fortisoar";

  plugboard::testing::fake_clock clock;
  plugboard::sandbox::server server;
  plugboard::sandbox::fortisoar_fake& fake;
  plugboard::fortisoar::client<> soar;

  explicit fortisoar_fixture(plugboard::sandbox::fortisoar_fake::settings s = {})
      : fake(server.mount<plugboard::sandbox::fortisoar_fake>(std::string(mount), s)),
        soar(options(server.url(mount), clock), plugboard::fortisoar::api_key(s.api_key)) {}

  static plugboard::client_options options(std::string url,
                                           const plugboard::testing::fake_clock& clock) {
    plugboard::client_options o(std::move(url));
    o.clock = clock.hooks();
    return o;
  }

  // Targets the sandbox received, without the mount prefix.
  std::vector<std::string> targets() const {
    std::vector<std::string> out;
    for (const auto& r : server.requests()) {
      out.push_back(r.method + " " + r.target.substr(mount.size()));
    }
    return out;
  }
};

}  // namespace plugboard_test
