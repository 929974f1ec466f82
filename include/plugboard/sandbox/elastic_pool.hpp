// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <list>
#include <mutex>
#include <system_error>
#include <thread>
#include <utility>

namespace plugboard::sandbox::detail {

// A thread pool that grows on demand. httplib 0.11's server runs each
// connection on one worker for as long as it stays open (an idle one until
// the keep-alive timeout), so a fixed pool is used up by a few thousand idle
// connections and every other request waits behind them. This pool keeps
// `min_threads` workers, starts another whenever a task arrives and no worker
// is free, up to `max_threads` (then tasks wait in the queue), and lets the
// extra workers go after `linger` without work.
class elastic_pool {
 public:
  elastic_pool(std::size_t min_threads, std::size_t max_threads,
               std::chrono::milliseconds linger = std::chrono::seconds(5))
      : min_(min_threads > 0 ? min_threads : 1),
        max_(max_threads > min_ ? max_threads : min_),
        linger_(linger) {
    std::lock_guard<std::mutex> lock(mutex_);
    while (workers_.size() < min_ && start_worker()) {
    }
  }
  elastic_pool(const elastic_pool&) = delete;
  elastic_pool& operator=(const elastic_pool&) = delete;
  ~elastic_pool() { shutdown(); }

  void enqueue(std::function<void()> task) {
    join_finished();
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    tasks_.push_back(std::move(task));
    if (idle_ < tasks_.size() && workers_.size() < max_) start_worker();
    wake_.notify_one();
  }

  // Runs the tasks already queued, then joins every worker. Idempotent.
  void shutdown() {
    std::unique_lock<std::mutex> lock(mutex_);
    stopping_ = true;
    wake_.notify_all();
    exited_.wait(lock, [this] { return workers_.empty(); });
    lock.unlock();
    join_finished();
  }

  // Workers running now.
  std::size_t threads() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return workers_.size();
  }

 private:
  using worker_list = std::list<std::thread>;

  // Called with mutex_ held. False when the system refuses another thread:
  // the task then waits for a running worker.
  bool start_worker() {
    const auto self = workers_.emplace(workers_.end());
    try {
      *self = std::thread([this, self] { work(self); });  // work() waits for mutex_
      return true;
    } catch (const std::system_error&) {
      workers_.erase(self);
      return false;
    }
  }

  void work(worker_list::iterator self) {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      ++idle_;
      const bool woken =
          wake_.wait_for(lock, linger_, [this] { return stopping_ || !tasks_.empty(); });
      --idle_;
      if (!tasks_.empty()) {
        std::function<void()> task = std::move(tasks_.front());
        tasks_.pop_front();
        lock.unlock();
        try {
          task();
        } catch (...) {
          // A task that throws must not take the server down with it.
        }
        lock.lock();
        continue;
      }
      if (stopping_ || (!woken && workers_.size() > min_)) break;
    }
    // This thread's handle moves to `finished_`, to be joined by another.
    finished_.splice(finished_.end(), workers_, self);
    exited_.notify_all();
  }

  void join_finished() {
    worker_list done;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done.swap(finished_);
    }
    for (auto& t : done) t.join();
  }

  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable exited_;
  std::deque<std::function<void()>> tasks_;
  worker_list workers_;
  worker_list finished_;
  std::size_t idle_ = 0;
  const std::size_t min_;
  const std::size_t max_;
  const std::chrono::milliseconds linger_;
  bool stopping_ = false;
};

}  // namespace plugboard::sandbox::detail
