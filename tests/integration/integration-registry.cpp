// SPDX-License-Identifier: MIT
// Every service of the registry (plugboard/services.hpp) has a fake in
// plugboard/sandbox/fakes.hpp, and that fake, mounted at the service's
// sandbox_prefix, routes every descriptor of the service: a request with the
// descriptor's verb to its path (placeholders filled) below sandbox_base_path
// gets the fake's own answer (any status: no credentials or body are sent),
// never the sandbox's "no such route" 404 or 405.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "plugboard/sandbox/fakes.hpp"
#include "plugboard/services.hpp"
#include "plugboard/transport/http.hpp"
#include "support/registry_sweep.hpp"

namespace {

// The path template with each {name} replaced by a plain segment.
std::string filled(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '{') {
      out += path[i];
      continue;
    }
    const auto close = path.find('}', i);
    REQUIRE(close != std::string_view::npos);
    out += "probe";
    i = close;
  }
  return out;
}

// What the sandbox answers when neither a mount nor a route of the mounted
// fake matches (sandbox/server.hpp: route() and router::dispatch()).
bool unrouted(const plugboard::response& res) {
  return (res.status == 404 && res.body == R"({"detail":"Not Found"})") ||
         (res.status == 405 && res.body == R"({"detail":"Method Not Allowed"})");
}

plugboard::response probe(plugboard::sandbox::server& server, plugboard::method verb,
                          std::string target) {
  plugboard::request req;
  req.verb = verb;
  req.origin = server.url();
  req.target = std::move(target);
  plugboard::http_transport transport;
  return transport.send(req);
}

}  // namespace

TEST_CASE("the probe tells an unrouted request from a fake's answer") {
  plugboard::sandbox::server server;
  // Nothing is mounted: every request is unrouted.
  CHECK(unrouted(probe(server, plugboard::method::get, "/nowhere/v1/things")));
}

TEST_CASE_TEMPLATE_DEFINE("a registered service has a fake that routes each descriptor", S,
                          every_fake) {
  const std::string service(S::name);
  CAPTURE(service);
  plugboard::sandbox::server server;
  if (!plugboard_test::mount_fake<S>(server)) return;
  plugboard::for_each_type(typename S::endpoints{}, [&](auto tag) {
    using traits = plugboard::endpoint_traits<typename decltype(tag)::type>;
    const std::string operation(traits::operation);
    const std::string target = std::string(S::sandbox_base_path) + filled(traits::path);
    CAPTURE(operation);
    CAPTURE(target);
    const auto res = probe(server, traits::verb, target);
    CAPTURE(res.status);
    CAPTURE(res.body.substr(0, 200));
    CHECK_FALSE(unrouted(res));
  });
}
TEST_CASE_TEMPLATE_APPLY(every_fake, plugboard_test::as_tuple_t<plugboard::services>);
