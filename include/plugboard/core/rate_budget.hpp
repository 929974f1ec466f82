// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/clock.hpp"
#include "plugboard/core/errors.hpp"

namespace plugboard {

// At most `requests` calls in any `window`: a rolling window, the way
// Fivetran counts ("250 per minute" holds for every minute, not per clock
// minute).
struct rate_limit {
  std::size_t requests = 0;
  std::chrono::milliseconds window{0};
};

// The limits of one budget class: of every call whose descriptor declares it
// (endpoint_traits<E>::budget_class), and the other classes each such call
// also counts against (Fivetran: a setup test is also a source interaction).
struct budget_class_limits {
  std::vector<rate_limit> limits;
  std::vector<std::string> also_counts_against;
};

// What a server's X-Rate-Limit-Remaining / X-Rate-Limit-Reset headers (or
// X-RateLimit-*) count: the call's own class, or every request of the
// account (Fivetran's: its overall hourly limit). The longest window of
// that budget is the one they are applied to.
enum class rate_headers_scope { call_class, every_request, ignored };

// The rate budgets of one account, for rate_limited_transport
// (transport/rate_limited.hpp). A class that is not listed has no limit of
// its own, but a 429 still pauses it.
struct rate_budgets {
  // Counted by every request, whatever its class (Fivetran: all requests,
  // 20,000 per hour).
  std::vector<rate_limit> every_request;
  // By budget class name.
  std::map<std::string, budget_class_limits, std::less<>> classes;

  // A token comes back window * (1 + margin) after it was taken: requests
  // reach the server a little after they leave, not all equally late, so a
  // client held to exactly the server's window would see a few counted in
  // the window it believes it has left.
  double margin = 0.02;
  // How long a 429 without a usable Retry-After pauses its class.
  std::chrono::milliseconds pause_without_retry_after{1000};
  // How long the tokens a server's lower count takes (X-Rate-Limit-Remaining,
  // below) are held when it sends no reset time: until the next answers
  // count again. Holding them for a whole window would stall a client whose
  // idea of the window is wrong (a server counting per second against a
  // budget configured per hour) until that hour is over.
  std::chrono::milliseconds server_count_hold{1000};
  // A 429 says the server did not act on the request (RFC 6585), so the
  // decorator waits for the class to reopen and sends the same request
  // again, whatever its method, up to this many times; then (or with 0) the
  // 429 goes to the client's retry policy like any other reply.
  int resends_after_429 = 5;
  rate_headers_scope headers = rate_headers_scope::call_class;
};

// The state of an account's budgets: one token bucket per limit, each token
// given back a (margined) window after it was taken, so no rolling window
// ever sees more than its limit; and the classes a 429 paused. Pure logic:
// the caller passes the time (from its clock_hooks) and does the waiting.
// Thread-safe.
class rate_ledger {
 public:
  using time_point = clock_hooks::steady_time;

  // Throws usage_error for a limit of no requests or no window, or a
  // negative margin.
  explicit rate_ledger(rate_budgets budgets) : budgets_(std::move(budgets)) {
    if (!(budgets_.margin >= 0)) throw usage_error("rate_budgets.margin", "must not be negative");
    if (budgets_.pause_without_retry_after.count() < 0) {
      throw usage_error("rate_budgets.pause_without_retry_after", "must not be negative");
    }
    every_request_ = make_buckets("every_request", budgets_.every_request);
    for (const auto& entry : budgets_.classes) {
      class_buckets_[entry.first] = make_buckets(entry.first, entry.second.limits);
    }
  }

  const rate_budgets& budgets() const noexcept { return budgets_; }

  // When every bucket `budget_class` draws from has a token and none of its
  // classes is paused, takes one token from each and returns nullopt;
  // otherwise takes nothing and returns the earliest time worth asking again.
  std::optional<time_point> try_acquire(std::string_view budget_class, time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const chain& c = resolve(budget_class);
    time_point again = now;
    for (const time_point* until : c.pauses) again = std::max(again, *until);
    for (bucket* b : c.buckets) {
      b->expire(now);
      if (!b->has_token()) again = std::max(again, b->next_token());
    }
    if (again > now) return again;
    for (bucket* b : c.buckets) b->take(now + b->hold);
    return std::nullopt;
  }

  // A 429 for `budget_class`: no call of it, nor of a class that counts
  // against it, is let through before `until`.
  void pause(std::string_view budget_class, time_point until) {
    std::lock_guard<std::mutex> lock(mutex_);
    time_point& slot = pause_slot(budget_class);
    slot = std::max(slot, until);
  }

  // When the pause of `budget_class` (or of a class it counts against)
  // ends, or nullopt when none is paused at `now`.
  std::optional<time_point> paused_until(std::string_view budget_class, time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    time_point latest = now;
    for (const time_point* until : resolve(budget_class).pauses) latest = std::max(latest, *until);
    if (latest > now) return latest;
    return std::nullopt;
  }

  // The server counts `remaining` more requests of the budget a call of
  // `budget_class` drew from (budgets().headers says which). When it counts
  // fewer than this ledger (other clients share the account), the
  // difference is held until `reset` (at most a window), else for
  // server_count_hold; when it counts more again, what was held for it is
  // given back. With no limit to hold them in, a server at 0 pauses the
  // class until `reset`.
  void server_remaining(std::string_view budget_class, std::size_t remaining,
                        std::optional<time_point> reset, time_point now) {
    if (budgets_.headers == rate_headers_scope::ignored) return;
    std::lock_guard<std::mutex> lock(mutex_);
    const chain& c = resolve(budget_class);
    if (bucket* b = c.described) {
      b->expire(now);
      const std::size_t free = b->limit.requests - b->in_use();
      // A reset beyond the window is junk: no request counts for longer.
      const time_point back =
          reset ? std::min(*reset, now + b->hold) : now + budgets_.server_count_hold;
      for (std::size_t i = remaining; i < free; ++i) b->held.insert(std::max(back, now));
      for (std::size_t i = free; i < remaining && !b->held.empty(); ++i) {
        b->held.erase(std::prev(b->held.end()));
      }
    } else if (remaining == 0 && reset && *reset > now) {
      time_point& slot = pause_slot(budget_class);
      slot = std::max(slot, *reset);
    }
  }

  // Tokens `budget_class` could take at `now` (the fewest of its buckets;
  // 0 while paused). SIZE_MAX when nothing limits it.
  std::size_t available(std::string_view budget_class, time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    const chain& c = resolve(budget_class);
    for (const time_point* until : c.pauses) {
      if (*until > now) return 0;
    }
    std::size_t fewest = static_cast<std::size_t>(-1);
    for (bucket* b : c.buckets) {
      b->expire(now);
      fewest = std::min(fewest, b->limit.requests - b->in_use());
    }
    return fewest;
  }

 private:
  struct bucket {
    rate_limit limit;
    std::chrono::steady_clock::duration hold{};
    // When each token this ledger took comes back, earliest first.
    std::priority_queue<time_point, std::vector<time_point>, std::greater<time_point>> returns;
    // When each token the server's count took (server_remaining) comes back.
    std::multiset<time_point> held;

    void expire(time_point now) {
      while (!returns.empty() && returns.top() <= now) returns.pop();
      held.erase(held.begin(), held.upper_bound(now));
    }
    std::size_t in_use() const noexcept { return returns.size() + held.size(); }
    bool has_token() const noexcept { return in_use() < limit.requests; }
    time_point next_token() const {
      if (held.empty()) return returns.top();
      if (returns.empty()) return *held.begin();
      return std::min(returns.top(), *held.begin());
    }
    void take(time_point back) { returns.push(back); }
  };

  // What one class draws from: its buckets, those of the classes it counts
  // against and every request's; the pauses of the same classes.
  struct chain {
    std::vector<bucket*> buckets;
    std::vector<const time_point*> pauses;
    bucket* described = nullptr;  // where the rate headers of its replies go
  };

  std::vector<bucket*> make_buckets(std::string_view name, const std::vector<rate_limit>& limits) {
    std::vector<bucket*> made;
    for (const rate_limit& limit : limits) {
      if (limit.requests == 0 || limit.window.count() <= 0) {
        std::string argument = "rate_budgets ";
        argument.append(name);
        throw usage_error(argument, "a limit needs at least one request and a positive window");
      }
      bucket& b = storage_.emplace_back();
      b.limit = limit;
      const double held = static_cast<double>(limit.window.count()) * (1.0 + budgets_.margin);
      b.hold = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double, std::milli>(held));
      made.push_back(&b);
    }
    return made;
  }

  static bucket* longest_window(const std::vector<bucket*>& buckets) {
    bucket* longest = nullptr;
    for (bucket* b : buckets) {
      if (!longest || b->limit.window > longest->limit.window) longest = b;
    }
    return longest;
  }

  time_point& pause_slot(std::string_view budget_class) {
    auto found = pauses_.find(budget_class);
    if (found == pauses_.end())
      found = pauses_.emplace(std::string(budget_class), time_point()).first;
    return found->second;
  }

  const chain& resolve(std::string_view budget_class) {
    if (budget_class.empty()) budget_class = "default";
    const auto found = chains_.find(budget_class);
    if (found != chains_.end()) return found->second;
    chain c;
    std::set<std::string, std::less<>> seen;
    std::vector<std::string> pending{std::string(budget_class)};
    while (!pending.empty()) {
      std::string name = std::move(pending.back());
      pending.pop_back();
      if (!seen.insert(name).second) continue;
      c.pauses.push_back(&pause_slot(name));
      const auto own = class_buckets_.find(name);
      if (own != class_buckets_.end()) {
        c.buckets.insert(c.buckets.end(), own->second.begin(), own->second.end());
      }
      const auto limits = budgets_.classes.find(name);
      if (limits != budgets_.classes.end()) {
        for (const auto& other : limits->second.also_counts_against) pending.push_back(other);
      }
    }
    c.buckets.insert(c.buckets.end(), every_request_.begin(), every_request_.end());
    if (budgets_.headers == rate_headers_scope::every_request) {
      c.described = longest_window(every_request_);
    } else if (budgets_.headers == rate_headers_scope::call_class) {
      const auto own = class_buckets_.find(budget_class);
      if (own != class_buckets_.end()) c.described = longest_window(own->second);
    }
    return chains_.emplace(std::string(budget_class), std::move(c)).first->second;
  }

  const rate_budgets budgets_;
  std::mutex mutex_;
  std::deque<bucket> storage_;  // stable addresses
  std::vector<bucket*> every_request_;
  std::map<std::string, std::vector<bucket*>, std::less<>> class_buckets_;
  std::map<std::string, time_point, std::less<>> pauses_;
  std::map<std::string, chain, std::less<>> chains_;
};

}  // namespace plugboard
