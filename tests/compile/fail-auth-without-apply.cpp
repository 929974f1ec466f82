// SPDX-License-Identifier: MIT
// expect: plugboard: the Auth policy needs a member
// An auth policy must have `void apply(request&)` (or the auth_context form).
#include "plugboard/core/client.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/testing/mock_transport.hpp"

struct my_auth {
#if !PLUGBOARD_COMPILE_FAIL
  void apply(plugboard::request& req) const { req.headers.set("X-Key", "k"); }
#else
  void sign(plugboard::request& req) const { req.headers.set("X-Key", "k"); }
#endif
};

void make_client() {
  plugboard::basic_client<plugboard::testing::mock_transport, my_auth, plugboard::json_serializer>
      c("http://h", my_auth{});
  (void)c;
}
