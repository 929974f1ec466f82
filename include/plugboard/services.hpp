// SPDX-License-Identifier: MIT
// The service registry: the one list of services. Everything that spans
// services (the CLI, the tour, plugboard-sandbox, the fuzz targets, the
// reliability sweeps, the help checks, every operation count) iterates it.
// A new service is one line here (CONTRIBUTING.md, "A new service").
// Including it brings in every service: a program that uses one service
// includes that service's client.hpp instead.
#pragma once

#include "plugboard/core/service.hpp"
#include "plugboard/fivetran/traits.hpp"
#include "plugboard/fortisoar/traits.hpp"
#include "plugboard/pieces/traits.hpp"
#include "plugboard/pipeshub/traits.hpp"
#include "plugboard/providers/traits.hpp"

namespace plugboard {

using services = service_list<providers::service, fivetran::service, pipeshub::service,
                              pieces::service, fortisoar::service>;

}  // namespace plugboard
