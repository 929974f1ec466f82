// SPDX-License-Identifier: MIT
// plugboard providers ...: what differs from the generic commands.
#include "plugboard/providers/traits.hpp"
#include "services.hpp"

namespace plugboard_cli {
namespace {

using providers = plugboard::providers::service;

void customize(service_commands<providers>& commands) {
  namespace endpoints = plugboard::providers::endpoints;
  // The configuration object is the body: --config (or --body).
  commands.replace<endpoints::setup>([&commands] {
    command<endpoints::setup>(commands.app(), commands.shared(), {"config"})
        .call_with(commands.connector());
  });
}

const customize_commands<providers> registered(&customize);

}  // namespace
}  // namespace plugboard_cli
