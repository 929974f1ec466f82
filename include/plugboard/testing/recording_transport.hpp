// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"

namespace plugboard::testing {

// Wraps another transport and records every exchange (request, and response
// or failure) while forwarding it unchanged: for tests and demos that run
// against a real server or the sandbox and want to see the wire.
// Copies share the record.
template <class Inner>
class recording_transport {
 public:
  struct exchange {
    request sent;
    std::optional<response> received;        // set when a response arrived
    std::optional<transport_error> failure;  // set when the transport failed
  };

  explicit recording_transport(Inner inner = Inner())
      : inner_(std::move(inner)), state_(std::make_shared<state>()) {}

  response send(const request& req) {
    try {
      response res = inner_.send(req);
      push(exchange{req, res, std::nullopt});
      return res;
    } catch (const transport_error& e) {
      push(exchange{req, std::nullopt, e});
      throw;
    }
  }

  std::vector<exchange> exchanges() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->log;
  }
  void clear() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->log.clear();
  }
  Inner& inner() noexcept { return inner_; }

 private:
  struct state {
    std::mutex mutex;
    std::vector<exchange> log;
  };

  void push(exchange e) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->log.push_back(std::move(e));
  }

  Inner inner_;
  std::shared_ptr<state> state_;
};

}  // namespace plugboard::testing
