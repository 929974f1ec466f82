// SPDX-License-Identifier: MIT
// `plugboard --help` and `plugboard SERVICE --help` list every operation with
// its summary and a one-line synopsis of its options, both read from the
// CLI11 sub-commands the descriptors declared.
#pragma once

#include <CLI/CLI.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace plugboard_cli {

// The heading of the body fields a call needs, given as options or in --body
// (CLI11 cannot require them: --body may hold them).
inline const std::string required_fields_group = "Required, as options or in --body";

class listing_formatter : public CLI::Formatter {
 public:
  // A service lists its operations; an operation shows its synopsis.
  std::string make_subcommand(const CLI::App* sub) const override {
    const auto operations = sub->get_subcommands([](const CLI::App*) { return true; });
    if (operations.empty()) return entry(sub, 2);
    std::string out = "\n  " + sub->get_name() + ": " + sub->get_description() + "\n";
    for (const CLI::App* operation : operations) out += entry(operation, 4);
    return out;
  }

  // "<connector_id> [--force]", wrapped by the caller.
  static std::vector<std::string> synopsis(const CLI::App* operation) {
    std::vector<std::string> words;
    for (const CLI::Option* opt : operation->get_options()) {
      if (opt == operation->get_help_ptr() || opt->get_group().empty()) continue;
      std::string word;
      if (opt->get_positional()) {
        word = "<" + opt->get_name(true) + ">";
      } else {
        word = "--" + opt->get_lnames().front();
        if (opt->get_expected_max() > 0) word += " " + opt->get_type_name();
        if (opt->get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll) word += "...";
      }
      const bool required = opt->get_required() || opt->get_group() == required_fields_group;
      words.push_back(required ? word : "[" + word + "]");
    }
    return words;
  }

 private:
  static std::string entry(const CLI::App* operation, std::size_t indent) {
    std::string name = operation->get_name();
    for (const auto& alias : operation->get_aliases()) name += ", " + alias;
    std::string out = std::string(indent, ' ') + name;
    const std::size_t column = 34;
    out += out.size() < column ? std::string(column - out.size(), ' ') : "  ";
    out += operation->get_description() + "\n";
    const std::string margin(indent + 4, ' ');
    std::string line = margin;
    for (const auto& word : synopsis(operation)) {
      if (line.size() > margin.size() && line.size() + 1 + word.size() > 100) {
        out += line + "\n";
        line = margin;
      }
      if (line.size() > margin.size()) line += ' ';
      line += word;
    }
    if (line.size() > margin.size()) out += line + "\n";
    return out;
  }
};

}  // namespace plugboard_cli
