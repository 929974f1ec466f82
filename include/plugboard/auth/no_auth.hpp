// SPDX-License-Identifier: MIT
#pragma once

#include "plugboard/core/message.hpp"

namespace plugboard {

// Sends no credentials (Pieces OS on localhost, public endpoints).
struct no_auth {
  void apply(request&) const noexcept {}
};

}  // namespace plugboard
