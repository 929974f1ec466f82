// SPDX-License-Identifier: MIT
// libFuzzer target: every response decoder of the providers service (the result
// of each descriptor) with json_serializer and simdjson_serializer, and the
// error-body reader. The first byte of an input picks the decoder.
#include <cstddef>
#include <cstdint>

#include "endpoint_lists.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  plugboard_fuzz::decode_selected(plugboard_fuzz::providers_endpoints{}, data, size);
  return 0;
}
