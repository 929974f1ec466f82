// SPDX-License-Identifier: MIT
#pragma once

#include <string>

#include "plugboard/core/fields.hpp"

namespace plugboard {

// The result of an operation that answers with a redirect (e.g. an OAuth
// callback, the browser's landing page): where it sends the caller. A
// descriptor whose `result` is `redirect` takes a 3xx as its answer instead
// of an api_error; the client never follows it. `location` is the Location
// header as sent (absolute or relative to the request), empty when a 2xx
// answer carries none. It may hold what the server hands the browser (a
// one-time code): plugboard never puts it in an error message or a log.
struct redirect {
  int status = 0;  // 301, 302, 303, 307, 308 (or the 2xx of a server that does not redirect)
  std::string location;

  static constexpr auto fields() {
    return field_list(field("status", &redirect::status), field("location", &redirect::location));
  }
};

}  // namespace plugboard
