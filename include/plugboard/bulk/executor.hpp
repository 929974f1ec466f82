// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/bulk/batch.hpp"
#include "plugboard/core/call_options.hpp"
#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/result.hpp"

namespace plugboard {

// A fixed set of worker threads that make calls for you: batches of many
// calls with bounded concurrency (run), and single calls that return a
// future (bulk/futures.hpp). The calls share their client's connection pool
// (the clients are thread-safe, docs/thread-safety.md); put a
// rate_limited_transport in the client to stay within the service's budgets.
//
//   plugboard::bulk_executor executor(8);
//   auto paused = executor.run(fivetran, pause_calls);  // batch_results<T>, input order
//
// The destructor waits for everything submitted. Thread-safe, except that
// run() must not be called from one of the executor's own workers.
class bulk_executor {
 public:
  // Throws usage_error for 0 threads.
  explicit bulk_executor(std::size_t threads = 8) {
    if (threads == 0) throw usage_error("threads", "a bulk_executor needs at least one thread");
    workers_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i) workers_.emplace_back([this] { work(); });
  }
  bulk_executor(const bulk_executor&) = delete;
  bulk_executor& operator=(const bulk_executor&) = delete;
  ~bulk_executor() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (auto& worker : workers_) worker.join();
  }

  std::size_t threads() const noexcept { return workers_.size(); }

  // Runs `task` on a worker; the future has its value or its exception.
  template <class F>
  std::future<std::invoke_result_t<std::decay_t<F>&>> submit(F&& task) {
    using value = std::invoke_result_t<std::decay_t<F>&>;
    auto packaged = std::make_shared<std::packaged_task<value()>>(std::forward<F>(task));
    std::future<value> future = packaged->get_future();
    post([packaged] { (*packaged)(); });
    return future;
  }

  // Runs `task` on a worker, with no result (it must not throw).
  void post(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) throw usage_error("bulk_executor", "is being destroyed");
      queue_.push_back(std::move(task));
    }
    wake_.notify_one();
  }

  // Runs every item of `calls` and returns when each has ended: succeeded,
  // failed or not started. See batch_options.
  batch_report run(batch& calls, const batch_options& options = {}) {
    if (current_executor() == this) {
      throw usage_error("bulk_executor::run",
                        "called from one of the executor's own workers, which would wait for "
                        "itself");
    }
    if (options.parallel == 0) throw usage_error("parallel", "must be at least 1");
    // Once only: an item is never called twice.
    if (calls.ran_) throw usage_error("batch", "has already been run; build a new one");
    calls.ran_ = true;
    auto& items = calls.items_;
    run_state state;
    state.progress.total = items.size();
    state.wake_on_change = static_cast<bool>(options.on_progress);
    if (items.empty()) return {};
    const clock_hooks clock = options.clock ? *options.clock : *items.front()->clock;
    const auto start = clock.now();
    std::optional<clock_hooks::steady_time> deadline = options.deadline;
    if (options.timeout) {
      const auto by_timeout = start + *options.timeout;
      if (!deadline || by_timeout < *deadline) deadline = by_timeout;
    }

    const std::size_t lanes = std::min(options.parallel, items.size());
    std::atomic<std::size_t> next{0};
    const auto lane = [&] {
      for (std::size_t i = next++; i < items.size(); i = next++) {
        run_item(*items[i], options, clock, deadline, state);
      }
      std::lock_guard<std::mutex> lock(state.mutex);
      ++state.lanes_done;
      state.changed.notify_all();
    };
    for (std::size_t i = 0; i < lanes; ++i) post(lane);

    // Wait here, reporting progress from this thread. A callback that
    // throws is not called again; its exception leaves run() once every
    // lane has ended (they use this frame).
    std::unique_lock<std::mutex> lock(state.mutex);
    batch_progress shown;
    bool reported = false;
    std::exception_ptr callback_failed;
    const auto report = [&] {
      shown = state.progress;
      reported = true;
      lock.unlock();
      try {
        options.on_progress(shown);
      } catch (...) {
        callback_failed = std::current_exception();
      }
      lock.lock();
    };
    const auto reporting = [&] { return options.on_progress && !callback_failed; };
    while (state.lanes_done < lanes) {
      state.changed.wait(lock, [&] {
        return state.lanes_done == lanes || (reporting() && state.progress != shown);
      });
      if (reporting() && state.progress != shown && state.lanes_done < lanes) report();
    }
    if (reporting() && (!reported || state.progress != shown)) report();
    lock.unlock();
    if (callback_failed) std::rethrow_exception(callback_failed);

    batch_report out;
    out.counts = state.progress;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i]->status == item_status::not_started) out.not_started.push_back(i);
    }
    out.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(clock.now() - start);
    return out;
  }

  // Runs `calls`, every one a descriptor of the same kind on `client`, each
  // with `each` as its call options; results in input order.
  template <class Client, class E>
  batch_results<typename E::result> run(Client& client, std::vector<E> calls,
                                        const batch_options& options = {},
                                        const call_options& each = {}) {
    batch work;
    work.reserve(calls.size());
    for (auto& call : calls) work.add(client, std::move(call), each);
    batch_results<typename E::result> out;
    out.report = run(work, options);
    out.items = work.take_results<typename E::result>();
    return out;
  }

 private:
  struct run_state {
    std::mutex mutex;
    std::condition_variable changed;
    batch_progress progress;
    std::size_t lanes_done = 0;
    // Without a progress callback run()'s thread waits for the lanes only:
    // waking it at every count would cost a context switch per call.
    bool wake_on_change = false;
  };

  static const bulk_executor*& current_executor() noexcept {
    thread_local const bulk_executor* current = nullptr;
    return current;
  }

  void work() {
    current_executor() = this;
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to do
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  template <class Change>
  static void update(run_state& state, Change change) {
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      change(state.progress);
    }
    if (state.wake_on_change) state.changed.notify_all();
  }

  static void give_up(detail::batch_item& item, transport_failure why, const char* detail,
                      run_state& state) {
    item.give_up(error_info(transport_error(why, detail)));
    item.status = item_status::not_started;
    update(state, [](batch_progress& p) { ++p.not_started; });
  }

  static void run_item(detail::batch_item& item, const batch_options& options,
                       const clock_hooks& clock,
                       const std::optional<clock_hooks::steady_time>& deadline, run_state& state) {
    if (options.cancel.canceled() || item.own_options.cancel.canceled()) {
      give_up(item, transport_failure::canceled, "the batch was canceled before this item started",
              state);
      return;
    }
    if (deadline && clock.now() >= *deadline) {
      give_up(item, transport_failure::deadline,
              "the batch's deadline passed before this item started", state);
      return;
    }
    call_options call = item.own_options;
    if (deadline && (!call.deadline || *deadline < *call.deadline)) call.deadline = deadline;
    if (!call.timeout && options.item_timeout) call.timeout = options.item_timeout;
    if (options.cancel.can_be_canceled()) {
      call.cancel = call.cancel.can_be_canceled()
                        ? cancellation_source(options.cancel, call.cancel).token()
                        : options.cancel;
    }
    call.on_budget_wait = [&state, own = std::move(call.on_budget_wait)](bool waiting) {
      update(state, [waiting](batch_progress& p) {
        if (waiting) {
          ++p.waiting_on_budget;
        } else {
          --p.waiting_on_budget;
        }
      });
      if (own) own(waiting);
    };
    update(state, [](batch_progress& p) { ++p.in_flight; });
    item.run(call);
    const bool ok = item.error() == nullptr;
    item.status = ok ? item_status::succeeded : item_status::failed;
    update(state, [ok](batch_progress& p) {
      --p.in_flight;
      ++(ok ? p.succeeded : p.failed);
    });
  }

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Runs `calls` on `client` with options.parallel threads of their own: the
// one-off form of bulk_executor::run.
template <class Client, class E>
batch_results<typename E::result> run_batch(Client& client, std::vector<E> calls,
                                            const batch_options& options = {},
                                            const call_options& each = {}) {
  if (options.parallel == 0) throw usage_error("parallel", "must be at least 1");
  bulk_executor executor(std::max<std::size_t>(1, std::min(options.parallel, calls.size())));
  return executor.run(client, std::move(calls), options, each);
}

}  // namespace plugboard
