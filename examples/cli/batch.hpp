// SPDX-License-Identifier: MIT
// `plugboard batch`: operations of any service as JSON lines on stdin, run
// with bounded concurrency under the services' rate budgets, one JSON line
// of result per operation on stdout, in order (README.md, "Batches").
#pragma once

#include <CLI/CLI.hpp>

#include "session.hpp"

namespace plugboard_cli {

// Adds the `batch` command to the root app.
void add_batch(CLI::App& root, session& s);

}  // namespace plugboard_cli
