// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/retry.hpp"

// The Pipeshub SDK's retry settings (`RetryConfig` + `BackoffStrategy`), so a
// call can override the retry configuration as the SDK's `retries=` does.

namespace plugboard::pipeshub {

// BackoffStrategy: every interval in milliseconds, as in the SDK. The
// defaults are Speakeasy's documented fallbacks (the SDK itself has none).
struct backoff_strategy {
  std::chrono::milliseconds initial_interval{500};
  std::chrono::milliseconds max_interval{60000};
  double exponent = 1.5;
  std::chrono::milliseconds max_elapsed_time{3600000};
};

// RetryConfig. Only strategy "backoff" retries; any other string means a
// single attempt, as in the SDK. Retried: 429, 500, 502, 503 and 504, and
// connection failures and timeouts when `retry_connection_errors`. A
// Retry-After from the server lengthens the wait (not capped by
// max_interval) but never shortens it below the backoff.
// Like the SDK, create (a POST) is re-sent too; the server refuses a
// duplicate instance name, so a repeated create cannot make a second one.
//
//   plugboard::pipeshub::retry_config{"backoff", {1ms, 50ms, 1.1, 100ms}, false}
struct retry_config {
  std::string strategy = "backoff";
  backoff_strategy backoff;
  bool retry_connection_errors = false;
  // plugboard's jitter, a fraction of each wait (+/-). The SDK adds 0-1 s of
  // random jitter instead; 0 keeps the schedule exactly as configured.
  double jitter = 0.0;

  // The equivalent plugboard policy. Differences from the SDK, which would
  // follow "Retry-After: 0" with thousands of requests a second for an hour:
  // the backoff is a floor under Retry-After, a call makes at most
  // backoff_retry::attempt_ceiling (100) attempts, and the last wait is
  // clamped to the time left in max_elapsed_time. With the defaults, a server
  // that answers 503 forever sees the first three requests in 2 s (waits of
  // 500 ms, 750 ms, 1125 ms, ... up to 60 s), 15 within the client's default
  // call timeout of 5 minutes, 71 if that is raised to the hour.
  backoff_retry to_backoff_retry() const {
    backoff_retry out;
    out.initial_interval = backoff.initial_interval;
    out.max_interval = backoff.max_interval;
    out.exponent = backoff.exponent;
    out.max_elapsed_time = backoff.max_elapsed_time;
    out.max_attempts = strategy == "backoff" ? 0 : 1;  // 0: by time, at most attempt_ceiling
    out.jitter = jitter;
    out.retry_connection_errors = retry_connection_errors;
    out.retry_non_idempotent = true;
    out.honour_retry_after = true;
    out.retry_statuses = status_list{429, 500, 502, 503, 504};
    return out;
  }
};

// The last argument of every Pipeshub call, as the SDK's calls take
// `retries=`: plugboard::call_options (extra headers, idempotency, a retry
// policy), or a retry_config alone, so `api.get(id, retry_config{...})` reads
// like the SDK.
struct sdk_call_options : plugboard::call_options {
  sdk_call_options() = default;
  sdk_call_options(plugboard::call_options options)  // NOLINT: implicit on purpose
      : plugboard::call_options(std::move(options)) {}
  sdk_call_options(const retry_config& retries) {  // NOLINT: implicit on purpose
    retry = retries.to_backoff_retry();
  }
};

}  // namespace plugboard::pipeshub
