// SPDX-License-Identifier: MIT
// The fakes' registry: one fake per service of plugboard/services.hpp (a
// test checks that every registered service has one, by name). What the
// standalone sandbox, the tour and the reliability sweeps mount.
#pragma once

#include <cstddef>
#include <string_view>

#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/fortisoar.hpp"
#include "plugboard/sandbox/pieces.hpp"
#include "plugboard/sandbox/pipeshub.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "plugboard/sandbox/server.hpp"

namespace plugboard::sandbox {

template <class... Fake>
struct fake_list {
  static constexpr std::size_t size = sizeof...(Fake);

  // Calls f(static_cast<Fake*>(nullptr)) for the fake of `service`; false when there is none.
  template <class F>
  static bool visit(std::string_view service, F&& f) {
    return ((Fake::service_name == service ? (f(static_cast<Fake*>(nullptr)), true) : false) ||
            ...);
  }
  // Whether a fake stands for `service`.
  static constexpr bool has(std::string_view service) noexcept {
    return ((Fake::service_name == service) || ...);
  }
};

using fakes = fake_list<providers_fake, fivetran_fake, pipeshub_fake, pieces_fake, fortisoar_fake>;

}  // namespace plugboard::sandbox
