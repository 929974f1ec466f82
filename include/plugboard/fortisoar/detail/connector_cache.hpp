// SPDX-License-Identifier: MIT
// The rows of list_configured kept between calls, so that names resolve
// without a request each time.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar::detail {

// The rows of list_configured, shared between calls; install, uninstall and
// dev_publish drop it. A fetch that started before a clear never stores
// its (possibly stale) rows.
class connector_cache {
 public:
  using rows = std::shared_ptr<const std::vector<installed_connector>>;

  rows get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return rows_;
  }
  std::uint64_t generation() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return generation_;
  }
  void store(rows fetched, std::uint64_t fetched_at_generation) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fetched_at_generation == generation_) rows_ = std::move(fetched);
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    rows_.reset();
    ++generation_;
  }

 private:
  mutable std::mutex mutex_;
  rows rows_;
  std::uint64_t generation_ = 0;
};

// Clears the cache when a writing call ends, whether it worked or not.
class clear_cache_on_exit {
 public:
  explicit clear_cache_on_exit(connector_cache& cache) noexcept : cache_(cache) {}
  clear_cache_on_exit(const clear_cache_on_exit&) = delete;
  clear_cache_on_exit& operator=(const clear_cache_on_exit&) = delete;
  ~clear_cache_on_exit() { cache_.clear(); }

 private:
  connector_cache& cache_;
};

inline const installed_connector* find_row(const std::vector<installed_connector>& rows,
                                           std::string_view name) noexcept {
  for (const auto& row : rows) {
    if (row.name == name) return &row;  // exact and case-sensitive, as pyfsr
  }
  return nullptr;
}

[[noreturn]] inline void not_installed(std::string_view name) {
  throw usage_error("connector", "'" + std::string(name) +
                                     "' is not installed (no connector of that exact name in "
                                     "list_configured)");
}

}  // namespace plugboard::fortisoar::detail
