// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/method.hpp"

namespace plugboard::testing {

// A transport for unit tests (plugboard's and yours): answers from a queue of
// canned responses or failures, then from routes, and records every request
// exactly as the client built it, so tests can assert method, path, query,
// headers and body. Depends on no test framework.
//
// Copies share one state (like a handle), so a test keeps a copy after
// giving one to a client. Safe to use from several threads.
class mock_transport {
 public:
  using handler = std::function<std::optional<response>(const request&)>;

  mock_transport() : state_(std::make_shared<state>()) {}

  // Queues a response for the next unanswered call.
  mock_transport& enqueue(response reply) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->queue.emplace_back(std::move(reply));
    return *this;
  }
  // Queues a JSON response (Content-Type: application/json).
  mock_transport& enqueue_json(int status, std::string body, http_headers headers = {}) {
    headers.set("Content-Type", "application/json");
    return enqueue(response{status, std::move(headers), std::move(body)});
  }
  // Queues a transport failure (connection refused, timeout, ...).
  mock_transport& enqueue_failure(transport_failure failure,
                                  std::string detail = "simulated by mock_transport") {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->queue.emplace_back(transport_error(failure, std::move(detail)));
    return *this;
  }
  // Answers `verb path` (the target without its query) when the queue is empty.
  mock_transport& route(method verb, std::string path, response reply) {
    return route([verb, path = std::move(path),
                  reply = std::move(reply)](const request& req) -> std::optional<response> {
      if (req.verb == verb && req.path() == path) return reply;
      return std::nullopt;
    });
  }
  // A general route: return a response to answer, nullopt to pass.
  mock_transport& route(handler h) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->routes.push_back(std::move(h));
    return *this;
  }
  // Turns recording off (for benchmarks); on by default.
  mock_transport& record(bool on) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->recording = on;
    return *this;
  }

  // The transport requirement. Unanswered calls fail with a transport_error
  // of kind `other` that says which request had no answer.
  response send(const request& req) {
    std::unique_lock<std::mutex> lock(state_->mutex);
    ++state_->calls;
    if (state_->recording) state_->requests.push_back(req);
    if (!state_->queue.empty()) {
      auto next = std::move(state_->queue.front());
      state_->queue.pop_front();
      lock.unlock();
      if (auto* failure = std::get_if<transport_error>(&next)) throw *failure;
      return std::get<response>(std::move(next));
    }
    const auto routes = state_->routes;
    lock.unlock();
    for (const auto& h : routes) {
      if (auto reply = h(req)) return *reply;
    }
    throw transport_error(transport_failure::other, "mock_transport has no response for " +
                                                        std::string(to_string(req.verb)) + " " +
                                                        std::string(req.path()));
  }

  // Every request sent so far, oldest first.
  std::vector<request> requests() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->requests;
  }
  // The most recent request; throws std::logic_error when there is none.
  request last_request() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->requests.empty()) throw std::logic_error("mock_transport: no request was sent");
    return state_->requests.back();
  }
  std::size_t call_count() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->calls;
  }
  std::size_t pending() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->queue.size();
  }
  void clear() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->queue.clear();
    state_->routes.clear();
    state_->requests.clear();
    state_->calls = 0;
  }

 private:
  struct state {
    mutable std::mutex mutex;
    std::deque<std::variant<response, transport_error>> queue;
    std::vector<handler> routes;
    std::vector<request> requests;
    std::size_t calls = 0;
    bool recording = true;
  };
  std::shared_ptr<state> state_;
};

}  // namespace plugboard::testing
