// SPDX-License-Identifier: MIT
// plugboard: one sub-command per service and operation, generated from the
// endpoint descriptors the library uses. See README.md, "Command-line tool".
#include <CLI/CLI.hpp>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

#include "arguments.hpp"
#include "batch.hpp"
#include "help.hpp"
#include "names.hpp"
#include "plugboard/services.hpp"
#include "plugboard/version.hpp"
#include "report.hpp"
#include "services.hpp"
#include "session.hpp"

namespace {

// --output json, read before CLI11 parses, so that even a parse error is
// reported as JSON.
bool wants_json(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--output=json") == 0) return true;
    if (std::strcmp(argv[i], "--output") == 0 && i + 1 < argc &&
        std::strcmp(argv[i + 1], "json") == 0) {
      return true;
    }
  }
  return false;
}

// Prints the result on stdout; false when it could not be written (a full
// disk, a closed pipe): a script must not take a lost result for success.
bool print_result(const plugboard::json& result, const std::string& output) {
  const int indent = output == "pretty" ? 2 : -1;
  const std::string text =
      result.dump(indent, ' ', false, plugboard::json::error_handler_t::replace);
  const bool written = std::printf("%s\n", text.c_str()) >= 0;
  return std::fflush(stdout) == 0 && written && std::ferror(stdout) == 0;
}

// --list-services: the registry as JSON, for scripts and the checks in tests/cli/.
plugboard::json services_json() {
  plugboard::json out = plugboard::json::array();
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
    using S = typename decltype(tag)::type;
    plugboard::json credentials = plugboard::json::array();
    for (const auto& variable : S::credentials) {
      credentials.push_back({{"name", std::string(variable.name)},
                             {"purpose", std::string(variable.purpose)},
                             {"required", variable.required}});
    }
    plugboard::json groups = plugboard::json::array();
    plugboard::for_each_type(typename S::resource_groups{}, [&](auto group) {
      groups.push_back(std::string(decltype(group)::type::name));
    });
    out.push_back({{"name", std::string(S::name)},
                   {"title", std::string(S::title)},
                   {"default_base_url", std::string(S::default_base_url)},
                   {"base_url_variable", std::string(S::base_url_variable)},
                   {"credentials", std::move(credentials)},
                   {"sandbox_prefix", std::string(S::sandbox_prefix)},
                   {"sandbox_base_path", std::string(S::sandbox_base_path)},
                   {"resource_groups", std::move(groups)},
                   {"operations", S::endpoints::size}});
  });
  return out;
}

// --list-operations: every descriptor of every service, as JSON.
plugboard::json operations_json() {
  plugboard::json out = plugboard::json::array();
  plugboard::for_each_type(plugboard::services{}, [&](auto service) {
    using S = typename decltype(service)::type;
    plugboard::for_each_type(typename S::resource_groups{}, [&](auto group) {
      using G = typename decltype(group)::type;
      plugboard::for_each_type(typename G::endpoints{}, [&](auto endpoint) {
        using traits = plugboard::endpoint_traits<typename decltype(endpoint)::type>;
        out.push_back({{"service", std::string(S::name)},
                       {"resource_group", std::string(G::name)},
                       {"operation", std::string(traits::operation)},
                       {"summary", std::string(traits::summary)},
                       {"method", std::string(plugboard::to_string(traits::verb))},
                       {"path", std::string(traits::path)},
                       {"idempotent", traits::idempotent}});
      });
    });
  });
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace plugboard_cli;
  session s;
  const reporter report(wants_json(argc, argv));
  CLI::App app(
      "plugboard " PLUGBOARD_VERSION_STRING ": every operation of " +
          std::to_string(plugboard::services::size) +
          " connector-management APIs, from the same endpoint descriptors as the C++ library. The "
          "typed result is printed as JSON on stdout.",
      "plugboard");
  app.formatter(std::make_shared<listing_formatter>());
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return std::string("plugboard: ") + e.what() + " (--help lists the options)\n";
  });
  app.require_subcommand(1);
  app.fallthrough();  // the options below may also follow the sub-commands
  // Given twice (a shell alias, then the command line), the last one wins.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("--base-url", s.options.base_url,
                 "the service's base URL (default: the service's variable, then its default)");
  app.add_option("--output", s.options.output,
                 "pretty (default), compact (one line), or json (one line, and errors, --verbose "
                 "and progress as JSON objects on stderr)")
      ->check(one_of({"pretty", "compact", "json"}));
  app.add_option("--timeout", s.options.timeout_seconds,
                 "seconds one call may take: connecting, sending, waiting for the answer (30; at "
                 "most 3600)")
      ->type_name("SECONDS")
      ->check(seconds_up_to(3600));
  app.add_option("--retries", s.options.retries,
                 "retry a 429, 500, 502, 503, 504 or a failed connection up to N times, as "
                 "Retry-After says or with backoff (0, the default: never)")
      ->type_name("N")
      ->check(CLI::Range(0, 10));
  app.add_flag("--retry-non-idempotent", s.options.retry_non_idempotent,
               "with --retries, also repeat POST and PATCH calls (they may then run twice)");
  app.add_flag("--verbose", s.options.verbose,
               "log each request (credentials redacted, no bodies) and each step of a long "
               "operation on stderr");
  app.add_option("--ca-file", s.options.ca_file, "extra trusted CA certificates (PEM) for HTTPS");
  app.add_flag("--insecure", s.options.insecure,
               "skip TLS certificate verification (throwaway test servers only)");
  app.add_flag_callback(
      "--version",
      [] {
        std::puts("plugboard " PLUGBOARD_VERSION_STRING);
        throw CLI::Success();
      },
      "print the version and exit");
  app.add_flag_callback(
      "--list-services",
      [] {
        std::puts(services_json().dump().c_str());
        throw CLI::Success();
      },
      "print the services (name, environment variables, resource groups) as JSON and exit");
  app.add_flag_callback(
      "--list-operations",
      [] {
        std::puts(operations_json().dump().c_str());
        throw CLI::Success();
      },
      "print every operation (service, name, summary, method, path) as JSON and exit");
  app.footer(
      "Credentials come only from environment variables (see `plugboard SERVICE --help`).\n"
      "Exit status: 0 ok; 1 the tool failed (e.g. its output could not be written);\n"
      "2 usage error (nothing sent); 3 API error (HTTP status outside 2xx); 4 transport error\n"
      "(no answer); 5 decode error (the answer did not fit the typed result); 6 the operation\n"
      "failed (an install job, a connector operation, an operation of a batch); 7 --wait gave\n"
      "up before it ended.");

  plugboard::for_each_type(plugboard::services{}, [&](auto service) {
    add_service<typename decltype(service)::type>(app, s);
  });
  add_batch(app, s);

  try {
    check_command_names(app, argc, argv);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0 || !report.json()) {
      return app.exit(e) == 0 ? exit_ok : exit_usage;  // help, version, or CLI11's own words
    }
    return report.other("usage", exit_usage, e.what());
  } catch (const plugboard::error& e) {
    return report.error(e);
  }

  if (s.batch) {
    try {
      return s.batch();
    } catch (const plugboard::error& e) {
      return report.error(e);
    } catch (const std::exception& e) {
      return report.other("internal", exit_internal, std::string("internal error: ") + e.what());
    }
  }
  try {
    const plugboard::json result = s.action ? s.action() : plugboard::json();
    s.finish_progress();
    if (!print_result(result, s.options.output)) {
      return report.other("internal", exit_internal, "could not write the result to stdout");
    }
    return exit_ok;
  } catch (const unsuccessful& e) {
    s.finish_progress();
    if (!print_result(e.result(), s.options.output)) {
      return report.other("internal", exit_internal, "could not write the result to stdout");
    }
    return report.other(e.kind(), e.status(), e.what());
  } catch (const plugboard::error& e) {
    s.finish_progress();
    return report.error(e);
  } catch (const std::exception& e) {
    s.finish_progress();
    return report.other("internal", exit_internal, std::string("internal error: ") + e.what());
  }
}
