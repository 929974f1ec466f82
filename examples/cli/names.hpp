// SPDX-License-Identifier: MIT
// A mistyped service or operation name is a usage error that names the
// nearest real one, found before CLI11 parses (which would only say that an
// argument was not expected).
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "plugboard/core/errors.hpp"

namespace plugboard_cli {

// Levenshtein distance, with a transposition counting as one edit.
inline std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// The candidate nearest to `word`, or "" when none is close (a third of its
// length in edits, at least 2), so that a suggestion is never a wild guess.
inline std::string nearest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

namespace internal {

inline std::vector<std::string> names_of_subcommands(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    names.push_back(sub->get_name());
    for (const auto& alias : sub->get_aliases()) names.push_back(alias);
  }
  return names;
}

inline const CLI::App* find_subcommand(const CLI::App& app, const std::string& word) {
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App*) { return true; })) {
    if (sub->check_name(word)) return sub;
  }
  return nullptr;
}

// argv[i] is an option of `app` (or of its parents) that takes a value.
inline bool takes_value(const CLI::App& app, const std::string& word) {
  if (word.rfind("--", 0) != 0 || word.find('=') != std::string::npos) return false;
  for (const CLI::App* at = &app; at != nullptr; at = at->get_parent()) {
    if (const CLI::Option* opt = at->get_option_no_throw(word)) return opt->get_type_size_max() > 0;
  }
  return false;
}

}  // namespace internal

// Checks the first two words that are not options (the service and the
// operation) against the sub-commands of `root`; throws a usage_error that
// suggests the nearest name when one is unknown.
inline void check_command_names(const CLI::App& root, int argc, const char* const* argv) {
  const CLI::App* level = &root;
  for (int i = 1; i < argc && level != nullptr; ++i) {
    const std::string word = argv[i];
    if (word == "--") return;
    if (!word.empty() && word.front() == '-') {
      if (internal::takes_value(*level, word)) ++i;
      continue;
    }
    const auto names = internal::names_of_subcommands(*level);
    if (names.empty()) return;  // an operation: the rest is its arguments
    const CLI::App* next = internal::find_subcommand(*level, word);
    if (next == nullptr) {
      const bool service = level == &root;
      std::string problem =
          "is not " + std::string(service ? "a service" : "an operation of " + level->get_name());
      const std::string suggestion = nearest(word, names);
      if (!suggestion.empty()) problem += "; did you mean '" + suggestion + "'?";
      problem += service ? " (plugboard --help lists them)"
                         : " (plugboard " + level->get_name() + " --help lists them)";
      throw plugboard::usage_error(word, problem);
    }
    level = next;
  }
}

}  // namespace plugboard_cli
