// SPDX-License-Identifier: MIT
// The generic layer of the `plugboard` tool: an endpoint descriptor becomes a
// CLI11 sub-command. Its help is the descriptor's `summary`, and its options
// come from the descriptor's params(), so `--help` cannot drift from the code:
//
// - path, query and header parameters: `--name` (wire name, `_` -> `-`); a
//   path parameter without a default is required, and when it is the only
//   one it may also be given positionally;
// - a body model: one option per top-level field of its field list (a bool is
//   a flag, a string, number or open_enum takes a value, a list of those may
//   be repeated, anything else takes JSON), plus `--body JSON` for the whole
//   body, whose keys the field options override; required fields are listed
//   under their own heading, since --body may hold them instead;
// - any other body: one option taking JSON (or a flag for a bool).
//
// A command may also take chosen parameters or fields positionally (the
// FortiSOAR connector name, a command_syntax). Options are matched to
// parameters and fields by name, through plugboard::visit_params. An enum value must be one of the
// documented ones. JSON arguments may be `@FILE` to read a file (`@-` reads stdin). The other
// values are checked when the command runs, by the same codec and validate() the library uses, and
// a bad one is a usage_error naming the option.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "help.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/fields.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/serializer/json.hpp"
#include "session.hpp"

namespace plugboard_cli {

// The option name of a wire name: "connectorType" -> "connector-type",
// "page_size" -> "page-size", "$replace" -> "replace".
inline std::string option_name(std::string_view wire) {
  std::string out;
  const auto is_lower_or_digit = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  };
  char previous = 0;
  for (char c : wire) {
    if (c == '_' || c == '-') {
      if (!out.empty() && out.back() != '-') out += '-';
    } else if (c >= 'A' && c <= 'Z') {
      if (!out.empty() && out.back() != '-' && is_lower_or_digit(previous)) out += '-';
      out += static_cast<char>(c - 'A' + 'a');
    } else if (is_lower_or_digit(c)) {
      out += c;
    }
    previous = c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

inline bool boolean_argument(const std::string& text, const std::string& option) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  throw plugboard::usage_error(option, "expected true or false, got '" + text + "'");
}

// What the typed result of a call looks like on stdout.
template <class R>
plugboard::json result_json(const R& result) {
  if constexpr (std::is_same_v<R, plugboard::no_content>) {
    return nullptr;
  } else {
    return plugboard::codec::encode(result);
  }
}

// For sub-commands written by hand: when `app` is chosen, `run()` gives the
// JSON to print.
template <class Run>
void on_run(CLI::App& app, session& s, Run run) {
  app.callback([&s, run] { s.action = run; });
}

namespace internal {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct without_optional {
  using type = T;
};
template <class T>
struct without_optional<std::optional<T>> {
  using type = T;
};
template <class T>
using without_optional_t = typename without_optional<T>::type;

template <class T>
struct list_of {
  static constexpr bool value = false;
};
template <class T, class A>
struct list_of<std::vector<T, A>> {
  static constexpr bool value = true;
  using element = T;
};

enum class value_kind { flag, number, text, json };

template <class T>
constexpr value_kind kind_of() {
  using U = without_optional_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    return value_kind::flag;
  } else if constexpr (std::is_arithmetic_v<U>) {
    return value_kind::number;
  } else if constexpr (std::is_same_v<U, std::string> || plugboard::is_open_enum<U>::value) {
    return value_kind::text;
  } else {
    return value_kind::json;
  }
}

// A list of strings, numbers or enums: the option may be given several times.
template <class T>
constexpr bool repeatable() {
  using U = without_optional_t<T>;
  if constexpr (list_of<U>::value) {
    constexpr auto element = kind_of<typename list_of<U>::element>();
    return element == value_kind::number || element == value_kind::text;
  } else {
    return false;
  }
}

// The type of one value given to the option (an element, for a repeatable one).
template <class T, bool = repeatable<T>()>
struct item {
  using type = without_optional_t<T>;
};
template <class T>
struct item<T, true> {
  using type = typename list_of<without_optional_t<T>>::element;
};
template <class T>
using item_t = typename item<T>::type;

template <class T>
std::string type_label() {
  using U = item_t<T>;
  switch (kind_of<U>()) {
    case value_kind::flag: return "";
    case value_kind::number: return std::is_integral_v<U> ? "INT" : "NUMBER";
    case value_kind::text: return plugboard::is_open_enum<U>::value ? "ENUM" : "TEXT";
    case value_kind::json: return "JSON";
  }
  return "";
}

// The documented values of an open enum ("team", "personal"); none for other types.
template <class T>
std::vector<std::string> documented_values() {
  using U = item_t<T>;
  std::vector<std::string> out;
  if constexpr (plugboard::is_open_enum<U>::value) {
    for (const auto& entry : wire_names(typename U::enum_type{})) out.emplace_back(entry.second);
  }
  return out;
}

// The descriptor's default as help text ("" when there is none).
template <class T>
std::string default_text(const T& value) {
  if constexpr (is_optional<T>::value) {
    return value ? default_text(*value) : std::string();
  } else if constexpr (std::is_same_v<T, std::string>) {
    return value;
  } else if constexpr (std::is_same_v<T, bool>) {
    return value ? "true" : "";
  } else if constexpr (std::is_arithmetic_v<T>) {
    return std::to_string(value);
  } else if constexpr (plugboard::is_open_enum<T>::value) {
    return value.wire();
  } else {
    return "";
  }
}

template <class T>
T number_argument(const std::string& text, const std::string& option) {
  if constexpr (std::is_integral_v<T>) {
    T value{};
    const auto [end, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (failure != std::errc() || end != text.data() + text.size()) {
      throw plugboard::usage_error(option, "expected an integer, got '" + text + "'");
    }
    return value;
  } else {
    const auto parsed = plugboard::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_number())
      throw plugboard::usage_error(option, "expected a number, got '" + text + "'");
    return parsed.template get<T>();
  }
}

// Sets a path, query or header member from the text of its option.
template <class T>
void assign(T& out, const std::string& text, const std::string& option) {
  if constexpr (is_optional<T>::value) {
    assign(out.emplace(), text, option);
  } else if constexpr (std::is_same_v<T, std::string>) {
    out = text;
  } else if constexpr (std::is_same_v<T, bool>) {
    out = boolean_argument(text, option);
  } else if constexpr (std::is_arithmetic_v<T>) {
    out = number_argument<T>(text, option);
  } else if constexpr (plugboard::is_open_enum<T>::value) {
    out = T::from_wire(text);
  } else {
    static_assert(sizeof(T) == 0,
                  "plugboard cli: a path, query or header parameter of this type has no option");
  }
}

// The JSON of one body field value given on the command line.
template <class T>
plugboard::json field_json(const std::string& text, const std::string& option) {
  switch (kind_of<T>()) {
    case value_kind::flag: return plugboard::json(boolean_argument(text, option));
    case value_kind::number: {
      auto parsed = plugboard::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (!parsed.is_number())
        throw plugboard::usage_error(option, "expected a number, got '" + text + "'");
      return parsed;
    }
    case value_kind::text: return plugboard::json(text);
    case value_kind::json: return json_argument(text, option);
  }
  return nullptr;
}

// Body fields that hold a credential get no option of their own (a command
// line is visible to every user of the machine): they go in --body @FILE.
inline bool is_credential_field(std::string_view name) {
  if (name == "api_key" || name == "private_key") return true;
  while (!name.empty()) {  // a whole word of the snake_case name
    const std::size_t end = std::min(name.find('_'), name.size());
    const std::string_view word = name.substr(0, end);
    if (word == "secret" || word == "password" || word == "token" || word == "passphrase") {
      return true;
    }
    name.remove_prefix(std::min(end + 1, name.size()));
  }
  return false;
}

template <class T>
struct is_field : std::false_type {};
template <class C, class M>
struct is_field<plugboard::field_descriptor<C, M>> : std::true_type {};

}  // namespace internal

// How a command takes its arguments besides the `--name` options.
struct command_syntax {
  // The option of a body that is not a model (a JSON value, or a flag for a bool).
  std::string body_option = "body";
  // Parameters and body fields (wire names) that may also be given
  // positionally, in this order.
  std::vector<std::string> positional = {};
};

// One sub-command made from the descriptor E, named by its `operation`. A
// cheap handle: copies share the state, which the CLI11 app keeps alive
// through its callback.
template <class E>
class command {
 public:
  using traits = plugboard::endpoint_traits<E>;
  static_assert(!traits::operation.empty(),
                "plugboard cli: a descriptor needs `static constexpr std::string_view operation`");

  command(CLI::App& service, session& s, command_syntax syntax = {})
      : state_(std::make_shared<state>()) {
    state_->shared = &s;
    state_->syntax = std::move(syntax);
    state_->app =
        service.add_subcommand(std::string(traits::operation), std::string(traits::summary));
    declare();
  }

  CLI::App& app() const { return *state_->app; }

  // An extra flag of the operation. The help is a std::string on purpose:
  // Debian's CLI11 finds add_flag(name, "literal") ambiguous in C++20.
  void add_switch(const std::string& name, const std::string& help) const {
    app().add_flag(name, help);
  }
  // The option of a parameter or body field by its name without dashes ("connector-id").
  CLI::Option* option(const std::string& name) const {
    return state_->app->get_option("--" + name);
  }
  // A required body field that the command fills in itself when it is not
  // given (`note` says how, e.g. "default: the installed version").
  void defaulted(const std::string& name, const std::string& note) const {
    CLI::Option* opt = option(name);
    opt->group("Options");
    opt->description(opt->get_description() + " (" + note + ")");
  }
  bool given(const std::string& name) const { return option(name)->count() > 0; }
  // The last value given to an option, e.g. one the command added by hand.
  std::optional<std::string> value(const std::string& name) const {
    const CLI::Option* opt = option(name);
    if (opt->count() == 0 || opt->results().empty()) return std::nullopt;
    return opt->results().back();
  }

  // The descriptor, filled with what was given on the command line.
  E descriptor() const {
    E endpoint{};
    plugboard::visit_params(endpoint, [&](const auto& p, auto& member) { fill(p, member); });
    return endpoint;
  }

  // When this command is chosen, `run()` gives the JSON to print.
  template <class Run>
  void on_run(Run run) const {
    auto st = state_;
    st->app->callback([st, run] {
      st->shared->action = [st, run]() -> plugboard::json {
        try {
          return run();
        } catch (const plugboard::usage_error& e) {
          // validate() names the member ("instance_name"): name the option instead.
          const std::string name = "--" + option_name(e.argument());
          if (e.argument().rfind("--", 0) != 0 && st->app->get_option_no_throw(name) != nullptr) {
            throw plugboard::usage_error(name, e.problem());
          }
          throw;
        }
      };
    });
  }

  // The plain case: sends the descriptor through the client `connect()` makes
  // and prints the typed result.
  template <class Connect>
  void call_with(Connect connect) const {
    const command self = *this;
    on_run([self, connect] {
      auto client = connect();
      return result_json(client.core().call(self.descriptor()));
    });
  }

 private:
  // The key of a body field's option among the inputs (a parameter's is its wire name).
  static std::string field_key(std::string_view field) { return "body." + std::string(field); }
  static constexpr const char* whole_body_key = "body";

  struct state {
    CLI::App* app = nullptr;
    session* shared = nullptr;
    command_syntax syntax;
    // The option of each parameter (by wire name) and body field (field_key).
    std::map<std::string, CLI::Option*, std::less<>> inputs;
  };

  CLI::Option* input(const std::string& key) const { return state_->inputs.at(key); }

  // ---- declaring the options ------------------------------------------------------

  void declare() {
    std::size_t required_paths = 0;
    const E defaults{};
    plugboard::visit_params<E>([&](const auto& p) {
      using param = std::decay_t<decltype(p)>;
      if constexpr (param::kind == plugboard::param_kind::path) {
        if (internal::default_text(defaults.*(p.member)).empty()) ++required_paths;
      }
    });
    plugboard::visit_params<E>([&](const auto& p) { declare(p, required_paths == 1); });
  }

  // A named option (and a flag for bools) for the input `key`; `what` opens
  // its help text. An enum's value must be one of the documented ones.
  template <class M>
  CLI::Option* add(const std::string& key, const std::string& names, const std::string& what,
                   const std::string& fallback) {
    CLI::App& app = *state_->app;
    const std::vector<std::string> values = internal::documented_values<M>();
    // const: CLI11 would take a non-const string as the variable to fill.
    const std::string help = [&] {
      std::string text = what;
      for (const auto& value : values)
        text += (value == values.front() ? "; one of: " : ", ") + value;
      return text;
    }();
    CLI::Option* opt = nullptr;
    if constexpr (internal::kind_of<M>() == internal::value_kind::flag) {
      opt = app.add_flag(names, help);
    } else {
      opt = app.add_option(names, help)->type_name(internal::type_label<M>());
      if constexpr (internal::repeatable<M>()) {
        opt->expected(1)->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
      }
      if (!fallback.empty()) opt->default_str(fallback);
      if (!values.empty()) opt->check(one_of(values));
    }
    state_->inputs[key] = opt;
    return opt;
  }

  // "name,--name" when the syntax takes `wire` positionally, else `named`.
  std::string with_position(std::string_view wire, const std::string& named) const {
    const auto& listed = state_->syntax.positional;
    if (std::find(listed.begin(), listed.end(), wire) == listed.end()) return named;
    return std::string(wire) + "," + named;
  }

  // A field of the body that shares a name with a parameter, or with a global
  // option that may follow the sub-command (--base-url), gets a body- prefix.
  // (--version only matters before the sub-commands.)
  std::string free_name(std::string name) const {
    for (const CLI::App* app = state_->app; app != nullptr; app = app->get_parent()) {
      const bool global = app != state_->app;
      if ((!global || name != "version") && app->get_option_no_throw("--" + name) != nullptr) {
        return "--body-" + name;
      }
    }
    return "--" + name;
  }

  template <class P>
  void declare(const P& p, bool only_required_path) {
    using M = typename P::member_type;
    const E defaults{};
    const std::string key(p.name);
    if constexpr (P::kind == plugboard::param_kind::path) {
      const std::string fallback = internal::default_text(defaults.*(p.member));
      const std::string named = "--" + option_name(p.name);
      const bool required = fallback.empty();
      const std::string names = required && only_required_path && state_->syntax.positional.empty()
                                    ? key + "," + named
                                    : with_position(p.name, named);
      CLI::Option* opt = add<M>(key, names, key + " (in the path)", fallback);
      if (required) opt->required();
    } else if constexpr (P::kind == plugboard::param_kind::query) {
      add<M>(key, "--" + option_name(p.name), "query parameter " + key,
             internal::default_text(defaults.*(p.member)));
    } else if constexpr (P::kind == plugboard::param_kind::header) {
      add<M>(key, "--" + option_name(p.name), "header " + key, "");
    } else {
      declare_body<M>();
    }
  }

  template <class M>
  void declare_body() {
    using body_type = internal::without_optional_t<M>;
    if constexpr (std::is_same_v<body_type, std::vector<plugboard::multipart_part>>) {
      // An upload: the command's own handler reads the file.
    } else if constexpr (plugboard::has_field_list_v<body_type>) {
      constexpr auto fields = body_type::fields();
      plugboard::for_each_descriptor(fields, [&](const auto& f) {
        using descriptor = std::decay_t<decltype(f)>;
        if constexpr (internal::is_field<descriptor>::value) {
          if (internal::is_credential_field(f.name)) return;
          CLI::Option* opt = add<typename descriptor::member_type>(
              field_key(f.name), with_position(f.name, free_name(option_name(f.name))),
              "body field " + std::string(f.name), "");
          if (f.need == plugboard::presence::required) opt->group(required_fields_group);
        }
      });
      CLI::Option* whole = state_->app->add_option(
          "--body",
          "the whole body as a JSON object (@FILE reads a file); the options above replace its "
          "keys");
      whole->type_name("JSON");
      state_->inputs[whole_body_key] = whole;
      plugboard::for_each_descriptor(fields, [&](const auto& f) {
        if constexpr (internal::is_field<std::decay_t<decltype(f)>>::value) {
          if (internal::is_credential_field(f.name)) {
            whole->description(whole->get_description() + "; " + std::string(f.name) +
                               " only here, never as an option");
          }
        }
      });
    } else {
      const std::string& name = state_->syntax.body_option;
      const bool json = internal::kind_of<body_type>() == internal::value_kind::json;
      const std::string names = json && name != "body" ? "--" + name + ",--body" : "--" + name;
      add<body_type>(whole_body_key, names,
                     json ? "the body (JSON, @FILE reads a file)" : "the body", "");
    }
  }

  // ---- filling the descriptor -------------------------------------------------------

  template <class M>
  static void fill_parameter(M& member, const CLI::Option* opt) {
    if (opt->count() == 0) return;
    const std::string name = opt->get_name();
    if constexpr (internal::repeatable<M>()) {
      auto& list = [&]() -> auto& {
        if constexpr (internal::is_optional<M>::value) {
          return member.emplace();
        } else {
          return member;
        }
      }
      ();
      for (const auto& text : opt->results()) internal::assign(list.emplace_back(), text, name);
    } else {
      internal::assign(member, opt->results().back(), name);
    }
  }

  template <class P, class M>
  void fill(const P& p, M& member) const {
    if constexpr (P::kind == plugboard::param_kind::body) {
      fill_body(member);
    } else {
      fill_parameter(member, input(std::string(p.name)));
    }
  }

  // Decodes `document` into the body type as the library would, so a value
  // that does not fit is a usage error naming its option.
  template <class B>
  B decode_body(const plugboard::json& document) const {
    B out{};
    try {
      plugboard::codec::decode(plugboard::json_reader(document), out);
    } catch (const plugboard::decode_error& e) {
      const std::string& field = e.field();
      std::string option = "--body";
      if (!field.empty()) {
        const auto key = field.substr(0, field.find_first_of(".["));
        const std::string named = "--" + option_name(key);
        if (state_->app->get_option_no_throw(named) != nullptr) option = named;
      }
      throw plugboard::usage_error(
          option, e.problem() + (field.empty() ? std::string() : " (at '" + field + "')"));
    }
    return out;
  }

  template <class M>
  void fill_body(M& member) const {
    using body_type = internal::without_optional_t<M>;
    if constexpr (std::is_same_v<body_type, std::vector<plugboard::multipart_part>>) {
      return;
    } else if constexpr (plugboard::has_field_list_v<body_type>) {
      constexpr auto fields = body_type::fields();
      const CLI::Option* whole = input(whole_body_key);
      bool any = whole->count() > 0;
      plugboard::for_each_descriptor(fields, [&](const auto& f) {
        if constexpr (internal::is_field<std::decay_t<decltype(f)>>::value) {
          if (internal::is_credential_field(f.name)) return;
          any = any || input(field_key(f.name))->count() > 0;
        }
      });
      if (!any) return;  // the descriptor's default body (none, for an optional one)

      // The defaults, then --body, then each field option.
      plugboard::json document;
      if constexpr (internal::is_optional<M>::value) {
        document = plugboard::codec::encode(member.value_or(body_type{}));
      } else {
        document = plugboard::codec::encode(member);
      }
      if (whole->count() > 0) {
        const auto given = json_argument(whole->results().back(), "--body");
        if (!given.is_object()) throw plugboard::usage_error("--body", "must be a JSON object");
        for (auto it = given.begin(); it != given.end(); ++it) document[it.key()] = it.value();
      }
      plugboard::for_each_descriptor(fields, [&](const auto& f) {
        using descriptor = std::decay_t<decltype(f)>;
        if constexpr (internal::is_field<descriptor>::value) {
          using field_type = typename descriptor::member_type;
          if (internal::is_credential_field(f.name)) return;
          const CLI::Option* opt = input(field_key(f.name));
          if (opt->count() == 0) return;
          const std::string key(f.name);
          if constexpr (internal::repeatable<field_type>()) {
            plugboard::json list = plugboard::json::array();
            for (const auto& text : opt->results()) {
              list.push_back(
                  internal::field_json<internal::item_t<field_type>>(text, opt->get_name()));
            }
            document[key] = std::move(list);
          } else {
            document[key] =
                internal::field_json<field_type>(opt->results().back(), opt->get_name());
          }
        }
      });
      member = decode_body<body_type>(document);
    } else {
      const CLI::Option* opt = input(whole_body_key);
      if (opt->count() == 0) return;
      member = decode_body<body_type>(
          internal::field_json<body_type>(opt->results().back(), opt->get_name()));
    }
  }

  std::shared_ptr<state> state_;
};

}  // namespace plugboard_cli
