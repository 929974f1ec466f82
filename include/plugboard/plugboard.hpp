// SPDX-License-Identifier: MIT
// plugboard: typed, policy-based C++17 clients for connector-management HTTP
// APIs. This umbrella header brings in the core, every shipped policy and
// every service client. Include a single service's client.hpp instead to
// compile faster. Test doubles (plugboard/testing/) and the sandbox
// (plugboard/sandbox/) are separate on purpose.
#pragma once

#include "plugboard/version.hpp"

#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/core/rate_budget.hpp"
#include "plugboard/core/result.hpp"
#include "plugboard/core/retry.hpp"

#include "plugboard/auth/api_key.hpp"
#include "plugboard/auth/basic.hpp"
#include "plugboard/auth/bearer.hpp"
#include "plugboard/auth/no_auth.hpp"

#include "plugboard/serializer/default.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/transport/http.hpp"
#include "plugboard/transport/rate_limited.hpp"

// Batches, futures and awaitables over many calls
#include "plugboard/bulk/batch.hpp"
#include "plugboard/bulk/executor.hpp"
#include "plugboard/bulk/futures.hpp"

// Every service of the registry
#include "plugboard/services.hpp"

// What a service's client.hpp leaves out: Fivetran's multi-call flows and
// its webhook signature check, Pipeshub's connector lifecycle
#include "plugboard/fivetran/schema_copy.hpp"
#include "plugboard/fivetran/sync_wait.hpp"
#include "plugboard/fivetran/webhook_signature.hpp"
#include "plugboard/pipeshub/lifecycle.hpp"

// FortiSOAR's configuration flows (set the default keeping secrets,
// ensure_configured, validate_config), fleet health and introspection
#include "plugboard/fortisoar/config_validation.hpp"
#include "plugboard/fortisoar/configurations.hpp"
#include "plugboard/fortisoar/connector_introspection.hpp"
#include "plugboard/fortisoar/fleet_health.hpp"
