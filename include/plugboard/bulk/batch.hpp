// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/core/call_options.hpp"
#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/error_policy.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/result.hpp"

namespace plugboard {

namespace detail {

template <class Client, class = void>
struct has_core : std::false_type {};
template <class Client>
struct has_core<Client, std::void_t<decltype(std::declval<Client&>().core())>> : std::true_type {};

// The engine of a service client (its core()), or a basic_client itself.
template <class Client>
auto& core_of(Client& client) noexcept {
  if constexpr (has_core<Client>::value) {
    return client.core();
  } else {
    return client;
  }
}

template <class Client>
using core_of_t = std::remove_reference_t<decltype(core_of(std::declval<Client&>()))>;

}  // namespace detail

// Where an item of a batch is.
enum class item_status {
  pending,      // not started yet
  succeeded,    // its call returned a value
  failed,       // its call failed: error() says why
  not_started,  // given up before it started: the batch was canceled or out of time
};

// A batch's counts, as its progress callback sees them.
struct batch_progress {
  std::size_t total = 0;
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::size_t in_flight = 0;          // started and not finished (waits included)
  std::size_t waiting_on_budget = 0;  // of those, waiting for a rate budget
  std::size_t not_started = 0;        // given up before starting

  std::size_t pending() const noexcept {
    return total - succeeded - failed - in_flight - not_started;
  }
  bool finished() const noexcept { return succeeded + failed + not_started == total; }
  friend bool operator==(const batch_progress& a, const batch_progress& b) noexcept {
    return a.total == b.total && a.succeeded == b.succeeded && a.failed == b.failed &&
           a.in_flight == b.in_flight && a.waiting_on_budget == b.waiting_on_budget &&
           a.not_started == b.not_started;
  }
  friend bool operator!=(const batch_progress& a, const batch_progress& b) noexcept {
    return !(a == b);
  }
};

// How a batch runs (bulk_executor::run).
struct batch_options {
  // Items in flight at once; at most the executor's threads are used.
  std::size_t parallel = 8;
  // The whole batch, from the start of run(): no item starts after it, and
  // every item's call ends by it (its call_options::deadline).
  std::optional<std::chrono::milliseconds> timeout;
  // The same as a point on `clock`; with both, the earlier one applies.
  std::optional<clock_hooks::steady_time> deadline;
  // Each item's call_options::timeout, when the item sets none.
  std::optional<std::chrono::milliseconds> item_timeout;
  // Stops the batch: no item starts once it is canceled (they end
  // not_started), waits of started items end (transport_error canceled),
  // and requests on the wire finish. Joined with an item's own token.
  cancellation_token cancel;
  // Called after the counts change (several changes may be seen as one),
  // and once at the end, always from the thread that called run(), so it
  // need not be thread-safe. If it throws, it is not called again, and run()
  // throws that once every item has ended.
  std::function<void(const batch_progress&)> on_progress;
  // The batch deadline's clock; default: the first item's client's. Give
  // every item's client the same clock.
  std::optional<clock_hooks> clock;
};

// How a batch ended: the counts, the items that never started (by index,
// ascending) and the time it took on the batch's clock.
struct batch_report {
  batch_progress counts;
  std::vector<std::size_t> not_started;
  std::chrono::milliseconds elapsed{0};
};

// The results of a batch of calls of one kind, in input order: each a value
// or an error (never missing), whatever the client's error policy.
template <class T>
struct batch_results {
  std::vector<result<T>> items;
  batch_report report;
};

class bulk_executor;

// Names one item of a batch and the type of its value.
template <class T>
class batch_slot {
 public:
  std::size_t index() const noexcept { return index_; }

 private:
  friend class batch;
  explicit batch_slot(std::size_t index) noexcept : index_(index) {}
  std::size_t index_;
};

namespace detail {

// One call of a batch, its type erased; run by exactly one worker, once.
class batch_item {
 public:
  virtual ~batch_item() = default;
  // Makes the call with `options` and keeps its value or error.
  virtual void run(const call_options& with) noexcept = 0;
  // Ends the item without calling.
  virtual void give_up(error_info why) noexcept = 0;
  virtual const error_info* error() const noexcept = 0;
  virtual std::string_view operation() const noexcept = 0;

  call_options own_options;            // as add() was given them
  const clock_hooks* clock = nullptr;  // the client's
  item_status status = item_status::pending;
};

template <class T>
class typed_batch_item : public batch_item {
 public:
  void give_up(error_info why) noexcept override { outcome.emplace(std::move(why)); }
  const error_info* error() const noexcept override {
    return outcome && !outcome->ok() ? &outcome->error() : nullptr;
  }
  std::optional<result<T>> outcome;
};

template <class Core, class E>
class endpoint_batch_item final : public typed_batch_item<typename E::result> {
 public:
  endpoint_batch_item(Core& core, E endpoint) : core_(&core), endpoint_(std::move(endpoint)) {}
  void run(const call_options& with) noexcept override {
    this->outcome.emplace(return_errors::invoke<typename E::result>(
        [&]() -> typename E::result { return core_->call_or_throw(endpoint_, with); }));
  }
  std::string_view operation() const noexcept override { return endpoint_traits<E>::operation; }

 private:
  Core* core_;
  E endpoint_;
};

}  // namespace detail

// A list of calls of any descriptors, on any clients, for
// bulk_executor::run. Each add() returns the slot its result will be in:
//
//   plugboard::batch batch;
//   auto details = batch.add(fivetran, fivetran::endpoints::connector_details{"c1"});
//   auto health = batch.add(fortisoar, fortisoar::endpoints::healthcheck{...});
//   executor.run(batch);
//   if (batch[details].ok()) ...
//
// The clients must outlive the run. Not thread-safe: build it, run it, then
// read it, from one thread.
class batch {
 public:
  batch() = default;
  batch(batch&&) = default;
  batch& operator=(batch&&) = default;

  // Throws usage_error once the batch has run.
  template <class Client, class E>
  batch_slot<typename E::result> add(Client& client, E endpoint, call_options options = {}) {
    if (ran_) throw usage_error("batch", "has already been run; build a new one");
    auto& core = detail::core_of(client);
    using core_type = std::remove_reference_t<decltype(core)>;
    auto item =
        std::make_unique<detail::endpoint_batch_item<core_type, E>>(core, std::move(endpoint));
    item->own_options = std::move(options);
    item->clock = &core.options().clock;
    items_.push_back(std::move(item));
    return batch_slot<typename E::result>(items_.size() - 1);
  }
  void reserve(std::size_t n) { items_.reserve(n); }

  std::size_t size() const noexcept { return items_.size(); }
  bool empty() const noexcept { return items_.empty(); }
  item_status status(std::size_t index) const { return items_.at(index)->status; }
  // Why the item failed or did not start; nullptr otherwise.
  const error_info* error(std::size_t index) const { return items_.at(index)->error(); }
  // The descriptor's operation name, e.g. for a report.
  std::string_view operation(std::size_t index) const { return items_.at(index)->operation(); }

  // The item's value or error; throws std::logic_error before it has ended.
  template <class T>
  const result<T>& operator[](batch_slot<T> slot) const {
    return outcome(slot);
  }
  template <class T>
  result<T>& operator[](batch_slot<T> slot) {
    return const_cast<result<T>&>(outcome(slot));
  }

 private:
  friend class bulk_executor;

  template <class T>
  const result<T>& outcome(batch_slot<T> slot) const {
    const auto& item = static_cast<const detail::typed_batch_item<T>&>(*items_.at(slot.index()));
    if (!item.outcome) throw std::logic_error("plugboard::batch: the item has not ended yet");
    return *item.outcome;
  }
  // Moves the results out, for batch_results.
  template <class T>
  std::vector<result<T>> take_results() {
    std::vector<result<T>> out;
    out.reserve(items_.size());
    for (auto& item : items_) {
      auto& typed = static_cast<detail::typed_batch_item<T>&>(*item);
      out.push_back(std::move(*typed.outcome));
    }
    return out;
  }

  std::vector<std::unique_ptr<detail::batch_item>> items_;
  bool ran_ = false;
};

}  // namespace plugboard
