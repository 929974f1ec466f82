// SPDX-License-Identifier: MIT
// A service of the registry (plugboard/services.hpp) becomes a sub-command
// with one command per descriptor. A service needs no code here: a file of
// its own (fivetran.cpp, ...) only changes what its generic commands cannot
// do (a walk over every page, a flow of several calls), through
// customize_commands.
#pragma once

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "command.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/core/service.hpp"
#include "session.hpp"

namespace plugboard_cli {

// What the environment holds, for a service's make_auth().
inline std::optional<std::string> environment_lookup(std::string_view name) {
  return environment(std::string(name).c_str());
}

// The commands of the service S, while they are declared.
template <class S>
class service_commands {
 public:
  // The service's client with the auth its credential variables make; the
  // retries of --retries come in through client_options::retry.
  using client_type = typename S::template client<plugboard::with_auth<typename S::auth_type>>;

  service_commands(CLI::App& app, session& s)
      : app_(&app), session_(&s), declared_(std::make_shared<declarations>()) {}

  CLI::App& app() const { return *app_; }
  session& shared() const { return *session_; }

  // Where a service is when neither --base-url nor its base URL variable
  // says: a URL, and what the client should also know (Pieces OS's version).
  struct location {
    std::string url;
    std::function<void(client_type&)> configure;
  };

  // A client for --base-url (else the base URL variable, else the service's
  // locator or its default) with `auth`, or with the auth the credential
  // variables make.
  client_type connect_with(typename S::auth_type auth) const {
    if (declared_->locate && !session_->base_url_given(S::base_url_variable)) {
      if (!declared_->located) declared_->located = declared_->locate();  // once per run
      client_type client(session_->client_options(declared_->located->url), std::move(auth),
                         session_->transport());
      if (declared_->located->configure) declared_->located->configure(client);
      return client;
    }
    return client_type(
        session_->client_options(session_->base_url(S::base_url_variable, S::default_base_url)),
        std::move(auth), session_->transport());
  }
  client_type connect() const {
    return connect_with(
        S::make_auth([](std::string_view name) { return environment_lookup(name); }));
  }
  // connect(), as a callable for command<E>::call_with.
  std::function<client_type()> connector() const {
    const service_commands self = *this;
    return [self] { return self.connect(); };
  }

  // Finds the service when no base URL is given (Pieces OS: discovery),
  // instead of using S::default_base_url; `help` says how in SERVICE --help.
  void locate_with(std::function<location()> locate, std::string help) {
    declared_->locate = std::move(locate);
    declared_->locate_help = std::move(help);
  }
  // The help of locate_with, or "" without one.
  const std::string& locate_help() const { return declared_->locate_help; }

  // `declare` adds the command of the descriptor E in place of the generic
  // one (named by E, so a command's name is written once, in E).
  template <class E>
  void replace(std::function<void()> declare) {
    declared_->replacements[std::string(plugboard::endpoint_traits<E>::operation)] =
        std::move(declare);
  }
  // `declare` adds a command after E's (an operation that is no single
  // descriptor, e.g. a look-up).
  template <class E>
  void add_after(std::function<void()> declare) {
    declared_->extras[std::string(plugboard::endpoint_traits<E>::operation)].push_back(
        std::move(declare));
  }

  // Adds the command of E: its replacement, or the generic call.
  template <class E>
  void declare() {
    const std::string operation(plugboard::endpoint_traits<E>::operation);
    const auto found = declared_->replacements.find(operation);
    if (found != declared_->replacements.end()) {
      found->second();
    } else {
      command<E>(*app_, *session_).call_with(connector());
    }
    for (const auto& extra : declared_->extras[operation]) extra();
  }

 private:
  struct declarations {
    std::map<std::string, std::function<void()>> replacements;
    std::map<std::string, std::vector<std::function<void()>>> extras;
    std::function<location()> locate;
    std::string locate_help;
    std::optional<location> located;
  };

  CLI::App* app_;
  session* session_;
  std::shared_ptr<declarations> declared_;  // copies (in the commands' callbacks) share it
};

template <class S>
using commands_customizer = void (*)(service_commands<S>&);

template <class S>
std::vector<commands_customizer<S>>& customizers_of() {
  static std::vector<commands_customizer<S>> registered;
  return registered;
}

// A service's own file registers what it changes, at static initialization:
//   const customize_commands<plugboard::fivetran::service> registered(&customize);
template <class S>
struct customize_commands {
  explicit customize_commands(commands_customizer<S> customizer) {
    customizers_of<S>().push_back(customizer);
  }
};

// "Fivetran connector management (connector_management)".
template <class S>
std::string service_description() {
  std::string groups;
  plugboard::for_each_type(typename S::resource_groups{}, [&](auto group) {
    groups += (groups.empty() ? "" : ", ") + std::string(decltype(group)::type::name);
  });
  return std::string(S::title) + " (" + groups + ")";
}

// Where the base URL and the credentials come from, for `SERVICE --help`;
// `located` says how the service is found without one (locate_with).
template <class S>
std::string environment_help(const std::string& located = {}) {
  std::size_t width = S::base_url_variable.size();
  for (const auto& variable : S::credentials) width = std::max(width, variable.name.size());
  const auto line = [&](std::string_view name, const std::string& text) {
    return "  " + std::string(name) + std::string(width + 2 - name.size(), ' ') + text + "\n";
  };
  std::string out = "Environment:\n";
  out += line(S::base_url_variable,
              !located.empty() ? located + " (or --base-url)"
              : S::default_base_url.empty()
                  ? "the API's base URL, e.g. " + std::string(S::base_url_example) +
                        " (or --base-url), required"
                  : "default " + std::string(S::default_base_url) + " (or --base-url)");
  for (const auto& variable : S::credentials) {
    out += line(variable.name,
                std::string(variable.purpose) + (variable.required ? ", required" : ""));
  }
  if (S::credentials.empty()) out += "  (no credentials are needed)\n";
  return out;
}

// The sub-command of the service S and its commands.
template <class S>
void add_service(CLI::App& root, session& s) {
  CLI::App* app = root.add_subcommand(std::string(S::name), service_description<S>());
  app->require_subcommand(1);
  service_commands<S> commands(*app, s);
  for (const auto customizer : customizers_of<S>()) customizer(commands);
  app->footer(environment_help<S>(commands.locate_help()) +
              "Global options, before or after the sub-commands: --base-url, --output "
              "pretty|compact|json, --timeout, --retries, --retry-non-idempotent, --verbose, "
              "--ca-file, --insecure.\n");
  plugboard::for_each_type(typename S::endpoints{}, [&](auto tag) {
    commands.template declare<typename decltype(tag)::type>();
  });
}

}  // namespace plugboard_cli
