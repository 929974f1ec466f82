// SPDX-License-Identifier: MIT
// An install's import job: its state, and the polls that wait for it.
#pragma once

#include <chrono>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"
#include "plugboard/fortisoar/options.hpp"

namespace plugboard::fortisoar::detail {

// Whether and how long an install waits for its job.
struct import_job_wait {
  bool wait = false;
  std::chrono::milliseconds interval;
  std::chrono::milliseconds timeout;
  const import_job_observer& on_poll;
};

// Sets the state of an install and, when asked, polls its job until it
// ends, `timeout` runs out or the deadline that `options` carries
// (with_deadline) would pass: the loop ends within both.
template <class Core>
void await_import_job(Core& core, install_result& out, const import_job_wait& settings,
                      const call_options& options) {
  out.job_id = out.response.job_id();
  if (!out.job_id) {
    out.state = install_state::no_job;
    return;
  }
  if (!settings.wait) {
    out.state = install_state::started;
    return;
  }
  const clock_hooks& clock = core.options().clock;
  const auto start = clock.now();
  for (;;) {
    out.job = core.call_or_throw(endpoints::install_status{*out.job_id}, options);
    ++out.polls;
    if (settings.on_poll) settings.on_poll(*out.job);
    if (out.job->succeeded()) {
      out.state = install_state::completed;
      return;
    }
    if (out.job->failed()) {
      out.state = install_state::failed;
      return;
    }
    const auto now = clock.now();
    // Not rounded to milliseconds: a poll that ends a fraction of a
    // millisecond after the interval must not buy one more poll.
    if (now - start + settings.interval > settings.timeout ||
        now + settings.interval >= *options.deadline) {
      out.state = install_state::timed_out;
      return;
    }
    clock.sleep(settings.interval);
  }
}

}  // namespace plugboard::fortisoar::detail
