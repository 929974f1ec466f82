// SPDX-License-Identifier: MIT
// plugboard: one sub-command per service and operation, generated from the
// endpoint descriptors the library uses. See README.md, "Command-line tool".
#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <memory>
#include <string>

#include "help.hpp"
#include "plugboard/version.hpp"
#include "services.hpp"
#include "session.hpp"

int main(int argc, char** argv) {
  using namespace plugboard_cli;
  session s;
  CLI::App app(
      "plugboard " PLUGBOARD_VERSION_STRING
      ": every operation of five connector-management APIs, from the same endpoint descriptors "
      "as the C++ library. The typed result is printed as JSON on stdout.",
      "plugboard");
  app.formatter(std::make_shared<listing_formatter>());
  app.require_subcommand(1);
  app.fallthrough();  // the options below may also follow the sub-commands
  app.add_option("--base-url", s.options.base_url,
                 "the service's base URL (default: the service's variable, then its default)");
  app.add_option("--output", s.options.output, "pretty (default) or compact JSON")
      ->check(CLI::IsMember({"pretty", "compact"}));
  app.add_option("--timeout", s.options.timeout_seconds, "seconds to wait for an answer (30)");
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
  app.footer(
      "Credentials come only from environment variables (see `plugboard SERVICE --help`).\n"
      "Exit status: 0 ok, 2 usage error (nothing sent), 3 API error (HTTP status outside 2xx),\n"
      "4 transport error (no answer), 5 decode error (the answer did not fit the typed result).");

  add_providers(app, s);
  add_fivetran(app, s);
  add_pipeshub(app, s);
  add_pieces(app, s);
  add_fortisoar(app, s);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? exit_ok : exit_usage;
  }

  try {
    const plugboard::json result = s.action ? s.action() : plugboard::json();
    s.finish_progress();
    const int indent = s.options.output == "compact" ? -1 : 2;
    const std::string text =
        result.dump(indent, ' ', false, plugboard::json::error_handler_t::replace);
    std::printf("%s\n", text.c_str());
    return exit_ok;
  } catch (const plugboard::error& e) {
    s.finish_progress();
    std::fprintf(stderr, "%s\n", e.what());
    return exit_status_of(e.kind());
  } catch (const std::exception& e) {
    s.finish_progress();
    std::fprintf(stderr, "plugboard: internal error: %s\n", e.what());
    return exit_internal;
  }
}
