// SPDX-License-Identifier: MIT
// plugboard's main demo: starts the sandbox and walks through every
// documented operation of every service of the registry, discover ->
// configure -> act -> inspect -> clean up.
//
// Against a real deployment of one service instead:
//   PLUGBOARD_TOUR_SERVICE=fivetran FIVETRAN_API_KEY=... FIVETRAN_API_SECRET=... plugboard-tour
// (base URL and credential variables as for the CLI, see README.md). Calls
// that change something are then skipped unless --allow-writes is given.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "plugboard/services.hpp"
#include "tour.hpp"

namespace {

std::string service_names() {
  std::string names;
  plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
    names += (names.empty() ? "" : "|") + std::string(decltype(tag)::type::name);
  });
  return names;
}

void print_usage(std::FILE* out) {
  std::fprintf(out,
               "usage: plugboard-tour [--allow-writes] [--operations]\n"
               "  Without PLUGBOARD_TOUR_SERVICE: every operation of every service against the\n"
               "  embedded sandbox. With PLUGBOARD_TOUR_SERVICE=%s:\n"
               "  that service's real deployment, from its base URL and credential variables\n"
               "  (see README.md); calls that change something run only with --allow-writes.\n"
               "  --operations prints how many operations the services have, and exits.\n",
               service_names().c_str());
}

}  // namespace

int main(int argc, char** argv) {
  bool allow_writes = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--allow-writes") == 0) {
      allow_writes = true;
    } else if (std::strcmp(argv[i], "--operations") == 0) {
      std::printf("%zu\n", plugboard::operation_count(plugboard::services{}));
      return 0;
    } else {
      const bool help = std::strcmp(argv[i], "--help") == 0;
      print_usage(help ? stdout : stderr);
      return help ? 0 : 2;
    }
  }
  const auto only = plugboard_examples::environment("PLUGBOARD_TOUR_SERVICE");
  bool known = !only;
  plugboard::for_each_type(plugboard::services{},
                           [&](auto tag) { known = known || *only == decltype(tag)::type::name; });
  if (!known) {
    std::fprintf(stderr, "plugboard-tour: PLUGBOARD_TOUR_SERVICE=%s is not one of: %s\n",
                 only->c_str(), service_names().c_str());
    return 2;
  }

  // Against the sandbox every call runs; against a real service, writes only when allowed.
  std::unique_ptr<plugboard::sandbox::server> sandbox;
  if (!only) sandbox = std::make_unique<plugboard::sandbox::server>();
  tour::reporter report(!only || allow_writes);
  tour::context ctx{sandbox.get(), report};
  if (only) {
    std::printf("plugboard tour of the %s deployment (%s)\n\n", only->c_str(),
                allow_writes ? "writes allowed" : "read-only: writes are skipped");
  } else {
    std::printf("plugboard tour against the sandbox at %s\n\n", sandbox->url().c_str());
  }

  // Each chapter must tour every operation of its service: a registered
  // service without a chapter, or an operation without a step, fails the tour.
  std::string untoured;
  try {
    plugboard::for_each_type(plugboard::services{}, [&](auto tag) {
      using S = typename decltype(tag)::type;
      if (only && *only != S::name) return;
      const auto run = tour::chapter_of<S>();
      if (!run) {
        untoured += "\n  " + std::string(S::name) + ": no chapter (examples/tour/" +
                    std::string(S::name) + ".cpp)";
        return;
      }
      (*run)(ctx);
      plugboard::for_each_type(typename S::endpoints{}, [&](auto endpoint) {
        const auto operation =
            plugboard::endpoint_traits<typename decltype(endpoint)::type>::operation;
        if (!report.toured(S::name, operation)) {
          untoured += "\n  " + std::string(S::name) + " " + std::string(operation) + ": no step";
        }
      });
    });
  } catch (const plugboard::usage_error& e) {
    // A missing base URL or credential variable.
    std::fprintf(stderr, "plugboard-tour: %s\n", e.what());
    return 2;
  }
  if (!untoured.empty()) {
    std::fprintf(stderr, "plugboard-tour: operations of the registry the tour does not show:%s\n",
                 untoured.c_str());
    return 1;
  }

  if (report.skipped_count() == 0) {
    std::printf("\n%d operations, %d ok\n", report.total(), report.ok());
  } else {
    std::printf("\n%d operations, %d ok, %d skipped\n", report.total(), report.ok(),
                report.skipped_count());
  }
  return report.ok() + report.skipped_count() == report.total() ? 0 : 1;
}
