// SPDX-License-Identifier: MIT
// libFuzzer target: every response decoder of one service of the registry
// (the result of each descriptor) with json_serializer and
// simdjson_serializer, and the error-body reader. The first byte of an input
// picks the decoder. CMakeLists.txt compiles it once per registered service,
// as fuzz-<name> with -DPLUGBOARD_FUZZ_SERVICE=<name>.
#include <cstddef>
#include <cstdint>

#include "endpoint_lists.hpp"

#ifndef PLUGBOARD_FUZZ_SERVICE
#error "compile with -DPLUGBOARD_FUZZ_SERVICE=<a service name of plugboard/services.hpp>"
#endif
#define PLUGBOARD_FUZZ_STRING2(x) #x
#define PLUGBOARD_FUZZ_STRING(x) PLUGBOARD_FUZZ_STRING2(x)

namespace {
constexpr char service_name[] = PLUGBOARD_FUZZ_STRING(PLUGBOARD_FUZZ_SERVICE);
using fuzzed = plugboard_fuzz::service_named<service_name>;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  plugboard_fuzz::decode_selected(typename fuzzed::endpoints{}, data, size);
  return 0;
}
