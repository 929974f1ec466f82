// SPDX-License-Identifier: MIT
// expect: plugboard: configurations\(\) needs #include <plugboard/fortisoar/generated/configurations.hpp>
// A generated FortiSOAR group is called only with its header included.
// separate headers only
#include "plugboard/fortisoar/client.hpp"
#if !PLUGBOARD_COMPILE_FAIL
#include "plugboard/fortisoar/generated/configurations.hpp"
#endif

void remove(plugboard::fortisoar::client<>& soar) {
  auto group = soar.configurations();
  (void)group;
}
