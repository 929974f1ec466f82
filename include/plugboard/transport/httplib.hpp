// SPDX-License-Identifier: MIT
#pragma once

// Deprecated since 0.2.0: the transport is no longer built on cpp-httplib
// (see plugboard/transport/http.hpp for why). These names keep old code
// compiling; use http_transport and http_options.

#include "plugboard/transport/http.hpp"

namespace plugboard {

using httplib_options [[deprecated("use plugboard::http_options")]] = http_options;
using httplib_transport [[deprecated("use plugboard::http_transport")]] = http_transport;

}  // namespace plugboard
