// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/sandbox/detail/ascii.hpp"

namespace plugboard::sandbox {

// The header fields of a request a fake received or of its reply: ordered,
// names case-insensitive. The same interface as the client's
// plugboard::http_headers, but the sandbox's own type, so that the sandbox
// needs nothing of the client.
class http_headers {
 public:
  using value_type = std::pair<std::string, std::string>;
  using const_iterator = std::vector<value_type>::const_iterator;

  http_headers() = default;
  http_headers(std::initializer_list<value_type> fields) : fields_(fields) {}

  // Replaces every field called `name` with one field, where the first was.
  void set(std::string name, std::string value) {
    const auto same = [&name](const value_type& field) {
      return detail::iequals(field.first, name);
    };
    const auto first = std::find_if(fields_.begin(), fields_.end(), same);
    if (first == fields_.end()) {
      fields_.emplace_back(std::move(name), std::move(value));
      return;
    }
    first->second = std::move(value);
    fields_.erase(std::remove_if(first + 1, fields_.end(), same), fields_.end());
  }

  // Appends a field, keeping any others of the same name.
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }

  // Removes every field called `name`; returns how many were removed.
  std::size_t erase(std::string_view name) {
    const std::size_t before = fields_.size();
    fields_.erase(std::remove_if(fields_.begin(), fields_.end(),
                                 [name](const value_type& field) {
                                   return detail::iequals(field.first, name);
                                 }),
                  fields_.end());
    return before - fields_.size();
  }

  // The first value of `name`, or nullptr.
  const std::string* find(std::string_view name) const noexcept {
    for (const auto& field : fields_) {
      if (detail::iequals(field.first, name)) return &field.second;
    }
    return nullptr;
  }

  // The first value of `name`, or an empty view.
  std::string_view get(std::string_view name) const noexcept {
    const std::string* value = find(name);
    return value ? std::string_view(*value) : std::string_view();
  }

  bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }

  const_iterator begin() const noexcept { return fields_.begin(); }
  const_iterator end() const noexcept { return fields_.end(); }
  std::size_t size() const noexcept { return fields_.size(); }
  bool empty() const noexcept { return fields_.empty(); }
  void clear() noexcept { fields_.clear(); }
  void reserve(std::size_t n) { fields_.reserve(n); }

 private:
  std::vector<value_type> fields_;
};

}  // namespace plugboard::sandbox
