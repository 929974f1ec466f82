// SPDX-License-Identifier: MIT
// plugboard: typed C++17 clients for connector-management HTTP APIs.
#pragma once

#define PLUGBOARD_VERSION_MAJOR 0
#define PLUGBOARD_VERSION_MINOR 2
#define PLUGBOARD_VERSION_PATCH 0
#define PLUGBOARD_VERSION_STRING "0.2.0"
