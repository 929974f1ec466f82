// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/core/call_context.hpp"
#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/rate_budget.hpp"
#include "plugboard/core/retry.hpp"

namespace plugboard {

// What a rate_limited_transport has done, summed over every copy.
struct rate_limit_stats {
  std::size_t sent = 0;                 // requests handed to the inner transport
  std::size_t replies_429 = 0;          // of which the server answered 429
  std::size_t resent = 0;               // 429s sent again after the pause
  std::size_t waits = 0;                // sends that first waited for a budget
  std::chrono::milliseconds waited{0};  // the time those waits took, summed
};

// A transport decorator that keeps calls within an account's rate budgets
// (core/rate_budget.hpp): before each send it takes a token from every
// bucket of the call's budget class (the descriptor's budget_class), waiting
// on the client's clock while there is none; a 429 pauses the whole class
// for its Retry-After, for every thread and every copy at once, and the
// request is sent again once the class reopens (rate_budgets::
// resends_after_429); X-Rate-Limit-Remaining and X-Rate-Limit-Reset (or
// X-RateLimit-*) correct the ledger when other clients share the account
// (rate_ledger::server_remaining).
//
// A wait ends at the call's deadline (transport_error deadline: nothing was
// sent) or when the call is canceled (transport_error canceled). Copies
// share one ledger: give one client, or several clients of the same
// account, copies of one decorator. Thread-safe.
//
//   plugboard::rate_budgets budgets;
//   budgets.classes["setup_tests"].limits = {{250, std::chrono::minutes(1)}};
//   client<with_transport<rate_limited_transport<http_transport>>> c(
//       options, auth, rate_limited_transport<http_transport>(http_transport(), budgets));
template <class Inner>
class rate_limited_transport {
 public:
  // No limits: only the pauses after a 429.
  rate_limited_transport() : rate_limited_transport(Inner(), rate_budgets()) {}
  explicit rate_limited_transport(rate_budgets budgets)
      : rate_limited_transport(Inner(), std::move(budgets)) {}
  // Throws usage_error for a malformed budget (rate_ledger).
  explicit rate_limited_transport(Inner inner, rate_budgets budgets = rate_budgets())
      : inner_(std::move(inner)), shared_(std::make_shared<shared>(std::move(budgets))) {}

  response send(const request& req, const call_context& call) {
    const std::string_view budget_class = call.endpoint.budget_class.empty()
                                              ? std::string_view("default")
                                              : call.endpoint.budget_class;
    std::optional<request> later;  // a copy whose timeout is what the wait left
    for (int resends = 0;; ++resends) {
      if (wait_for_budget(budget_class, call) || resends > 0) {
        if (!later) later = req;
        later->timeout = left_before(call, "while it waited for its rate budget");
      }
      response reply = send_through(inner_, later ? *later : req, call);
      ++shared_->sent;
      read_rate_headers(budget_class, reply, call);
      if (reply.status != 429) return reply;
      ++shared_->replies_429;
      const auto until = call.clock.now() + pause_after(reply, call);
      shared_->ledger.pause(budget_class, until);
      if (resends >= shared_->ledger.budgets().resends_after_429 || until >= call.deadline ||
          call.options.cancel.canceled()) {
        return reply;
      }
      ++shared_->resent;
    }
  }

  rate_limit_stats stats() const {
    rate_limit_stats s;
    s.sent = shared_->sent.load();
    s.replies_429 = shared_->replies_429.load();
    s.resent = shared_->resent.load();
    s.waits = shared_->waits.load();
    s.waited = std::chrono::milliseconds(shared_->waited_ms.load());
    return s;
  }
  // The budgets' state, e.g. to see what is left or pause a class by hand.
  rate_ledger& ledger() noexcept { return shared_->ledger; }
  Inner& inner() noexcept { return inner_; }
  const Inner& inner() const noexcept { return inner_; }

 private:
  struct shared {
    explicit shared(rate_budgets budgets) : ledger(std::move(budgets)) {}
    rate_ledger ledger;
    std::atomic<std::size_t> sent{0};
    std::atomic<std::size_t> replies_429{0};
    std::atomic<std::size_t> resent{0};
    std::atomic<std::size_t> waits{0};
    std::atomic<std::int64_t> waited_ms{0};
  };

  // Tells call_options::on_budget_wait when a wait starts and ends.
  class wait_notice {
   public:
    explicit wait_notice(const call_context& call) : call_(call) {}
    wait_notice(const wait_notice&) = delete;
    wait_notice& operator=(const wait_notice&) = delete;
    ~wait_notice() {
      if (told_) call_.options.on_budget_wait(false);
    }
    void waiting() {
      if (told_ || !call_.options.on_budget_wait) return;
      call_.options.on_budget_wait(true);
      told_ = true;
    }

   private:
    const call_context& call_;
    bool told_ = false;
  };

  static std::chrono::milliseconds left_before(const call_context& call, const char* when) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(call.deadline - call.clock.now());
    if (left.count() <= 0) {
      std::string detail = "the call's deadline passed ";
      detail.append(when);
      throw transport_error(transport_failure::deadline, detail);
    }
    return left;
  }

  // Takes the call's tokens, waiting for them; true when it had to wait.
  bool wait_for_budget(std::string_view budget_class, const call_context& call) {
    rate_ledger& ledger = shared_->ledger;
    const auto started = call.clock.now();
    wait_notice notice(call);
    bool waited = false;
    for (;;) {
      const auto now = call.clock.now();
      const auto again = ledger.try_acquire(budget_class, now);
      if (!again) break;
      if (*again >= call.deadline) {
        std::string detail = "the rate budget '";
        detail.append(budget_class).append("' has no room before the call's deadline");
        throw transport_error(transport_failure::deadline, detail);
      }
      if (!waited) ++shared_->waits;
      waited = true;
      notice.waiting();
      const auto wait = std::max(std::chrono::milliseconds(1),
                                 std::chrono::ceil<std::chrono::milliseconds>(*again - now));
      if (!detail::sleep_unless_canceled(call.clock, wait, call.options.cancel)) {
        throw transport_error(transport_failure::canceled,
                              "the call was canceled while it waited for its rate budget");
      }
    }
    if (waited) {
      shared_->waited_ms +=
          std::chrono::duration_cast<std::chrono::milliseconds>(call.clock.now() - started).count();
    }
    return waited;
  }

  // Retry-After (seconds or an HTTP-date), else the budgets' default pause.
  std::chrono::milliseconds pause_after(const response& reply, const call_context& call) const {
    if (const std::string* value = reply.headers.find("Retry-After")) {
      if (auto delay = parse_retry_after(*value, call.clock.wall_now())) return *delay;
    }
    return shared_->ledger.budgets().pause_without_retry_after;
  }

  // A number of seconds, or nothing for anything else.
  static std::optional<std::int64_t> whole_number(const std::string* text) {
    if (text == nullptr || text->empty() || text->size() > 18) return std::nullopt;
    std::int64_t value = 0;
    for (char c : *text) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
    }
    return value;
  }

  static const std::string* either_header(const http_headers& headers, std::string_view dashed,
                                          std::string_view joined) {
    const std::string* found = headers.find(dashed);
    return found ? found : headers.find(joined);
  }

  void read_rate_headers(std::string_view budget_class, const response& reply,
                         const call_context& call) {
    const auto remaining = whole_number(
        either_header(reply.headers, "X-Rate-Limit-Remaining", "X-RateLimit-Remaining"));
    if (!remaining) return;
    const auto now = call.clock.now();
    std::optional<clock_hooks::steady_time> reset;
    if (const auto seconds =
            whole_number(either_header(reply.headers, "X-Rate-Limit-Reset", "X-RateLimit-Reset"))) {
      // Large values are a Unix time (GitHub's form), small ones a delay.
      std::int64_t delay = *seconds;
      if (delay > 1000000000) {
        delay -= std::chrono::duration_cast<std::chrono::seconds>(
                     call.clock.wall_now().time_since_epoch())
                     .count();
      }
      reset = now + std::chrono::seconds(std::max<std::int64_t>(delay, 0));
    }
    shared_->ledger.server_remaining(budget_class, static_cast<std::size_t>(*remaining), reset,
                                     now);
  }

  Inner inner_;
  std::shared_ptr<shared> shared_;
};

}  // namespace plugboard
