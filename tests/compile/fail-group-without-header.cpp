// SPDX-License-Identifier: MIT
// expect: plugboard: connections\(\) needs #include <plugboard/fivetran/generated/connections.hpp>
// A generated group is called only with its header included.
// separate headers only
#include "plugboard/fivetran/client.hpp"
#if !PLUGBOARD_COMPILE_FAIL
#include "plugboard/fivetran/generated/connections.hpp"
#endif

void list(plugboard::fivetran::client<>& fivetran) {
  auto group = fivetran.connections();
  (void)group;
}
