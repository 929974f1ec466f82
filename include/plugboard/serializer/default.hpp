// SPDX-License-Identifier: MIT
#pragma once

// The serializer service clients use unless told otherwise: json_serializer,
// or simdjson_serializer when PLUGBOARD_USE_SIMDJSON is defined (and simdjson
// is linked). Either way the typed results are identical.

#include "plugboard/serializer/json.hpp"

#if defined(PLUGBOARD_USE_SIMDJSON)
#include "plugboard/serializer/simdjson.hpp"

namespace plugboard {
using default_serializer = simdjson_serializer;
}  // namespace plugboard
#else
namespace plugboard {
using default_serializer = json_serializer;
}  // namespace plugboard
#endif
