// SPDX-License-Identifier: MIT
// expect: plugboard: connectors\(\) needs #include <plugboard/pipeshub/generated/connectors.hpp>
// A generated Pipeshub group is called only with its header included.
// separate headers only
#include "plugboard/pipeshub/client.hpp"
#if !PLUGBOARD_COMPILE_FAIL
#include "plugboard/pipeshub/generated/connectors.hpp"
#endif

void list(plugboard::pipeshub::client<>& pipeshub) {
  auto group = pipeshub.connectors();
  (void)group;
}
