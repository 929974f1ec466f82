// SPDX-License-Identifier: MIT
// Carries the test programs' precompiled header (tests/CMakeLists.txt).
