// SPDX-License-Identifier: MIT
// expect: plugboard: the Transport policy needs a member
// A transport must have `response send(const request&)`.
#include "plugboard/auth/no_auth.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/serializer/json.hpp"

struct my_transport {
#if !PLUGBOARD_COMPILE_FAIL
  plugboard::response send(const plugboard::request&) { return {}; }
#else
  plugboard::response post(const plugboard::request&) { return {}; }  // wrong name
#endif
};

void make_client() {
  plugboard::basic_client<my_transport, plugboard::no_auth, plugboard::json_serializer> c(
      "http://h", plugboard::no_auth{}, my_transport{});
  (void)c;
}
