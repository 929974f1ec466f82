// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace plugboard {

namespace detail {

constexpr char ascii_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  }
  return true;
}

constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

}  // namespace detail

// An ordered list of HTTP header fields with case-insensitive names.
// A plain vector: requests carry a handful of headers, so a linear scan beats
// any map, and the order the caller chose is kept on the wire.
class http_headers {
 public:
  using value_type = std::pair<std::string, std::string>;
  using const_iterator = std::vector<value_type>::const_iterator;

  http_headers() = default;
  http_headers(std::initializer_list<value_type> fields) : fields_(fields) {}

  // Replaces every field called `name` with one field.
  void set(std::string name, std::string value) {
    for (auto it = fields_.begin(); it != fields_.end(); ++it) {
      if (detail::iequals(it->first, name)) {
        it->second = std::move(value);
        remove_from(it + 1, name);
        return;
      }
    }
    fields_.emplace_back(std::move(name), std::move(value));
  }

  // Appends a field, keeping any others of the same name.
  void add(std::string name, std::string value) {
    fields_.emplace_back(std::move(name), std::move(value));
  }

  // Removes every field called `name`; returns how many were removed.
  std::size_t erase(std::string_view name) {
    const auto before = fields_.size();
    remove_from(fields_.begin(), name);
    return before - fields_.size();
  }

  // The first value of `name`, or nullptr.
  const std::string* find(std::string_view name) const noexcept {
    for (const auto& f : fields_) {
      if (detail::iequals(f.first, name)) return &f.second;
    }
    return nullptr;
  }

  // The first value of `name`, or an empty view.
  std::string_view get(std::string_view name) const noexcept {
    const std::string* v = find(name);
    return v ? std::string_view(*v) : std::string_view();
  }

  bool contains(std::string_view name) const noexcept { return find(name) != nullptr; }

  const_iterator begin() const noexcept { return fields_.begin(); }
  const_iterator end() const noexcept { return fields_.end(); }
  std::size_t size() const noexcept { return fields_.size(); }
  bool empty() const noexcept { return fields_.empty(); }
  void clear() noexcept { fields_.clear(); }
  void reserve(std::size_t n) { fields_.reserve(n); }

 private:
  // Drops the fields called `name` from `first` on, keeping the others in order.
  void remove_from(std::vector<value_type>::iterator first, std::string_view name) {
    auto out = first;
    for (auto in = first; in != fields_.end(); ++in) {
      if (!detail::iequals(in->first, name)) {
        if (out != in) *out = std::move(*in);
        ++out;
      }
    }
    fields_.erase(out, fields_.end());
  }

  std::vector<value_type> fields_;
};

}  // namespace plugboard
