// SPDX-License-Identifier: MIT
// What the tests that sweep every service of the registry share: the
// registry as a std::tuple (what doctest's TEST_CASE_TEMPLATE_APPLY takes),
// and mounting a service's fake where its traits say.
#pragma once

#include <string>
#include <tuple>
#include <type_traits>

#include <doctest/doctest.h>

#include "plugboard/core/service.hpp"
#include "plugboard/sandbox/fakes.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard_test {

template <class List>
struct as_tuple;
template <class... S>
struct as_tuple<plugboard::service_list<S...>> {
  using type = std::tuple<S...>;
};
// TEST_CASE_TEMPLATE_APPLY(id, as_tuple_t<plugboard::services>): one case per service.
template <class List>
using as_tuple_t = typename as_tuple<List>::type;

// Mounts the fake of service S at S::sandbox_prefix; false (and a failed
// check naming the service) when sandbox/fakes.hpp has none for it.
template <class S>
bool mount_fake(plugboard::sandbox::server& server) {
  const bool found = plugboard::sandbox::fakes::visit(S::name, [&](auto* fake) {
    server.mount<std::remove_pointer_t<decltype(fake)>>(std::string(S::sandbox_prefix));
  });
  CHECK_MESSAGE(found, "no fake in plugboard/sandbox/fakes.hpp for the registered service "
                           << std::string(S::name));
  return found;
}

}  // namespace plugboard_test
