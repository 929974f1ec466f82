// SPDX-License-Identifier: MIT
// plugboard's main demo: starts the sandbox and walks through every
// documented operation, discover -> configure -> act -> inspect -> clean up.
//
// Against a real deployment of one service instead:
//   PLUGBOARD_TOUR_SERVICE=fivetran FIVETRAN_API_KEY=... FIVETRAN_API_SECRET=... plugboard-tour
// (base URL and credential variables as for the CLI, see README.md). Calls
// that change something are then skipped unless --allow-writes is given.
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "tour.hpp"

namespace {

constexpr const char* usage =
    "usage: plugboard-tour [--allow-writes]\n"
    "  Without PLUGBOARD_TOUR_SERVICE: every operation of every service against the embedded\n"
    "  sandbox. With PLUGBOARD_TOUR_SERVICE=providers|fivetran|pipeshub|pieces|fortisoar: that\n"
    "  service's real deployment, from its base URL and credential variables (see README.md);\n"
    "  calls that change something run only with --allow-writes.\n";

}  // namespace

int main(int argc, char** argv) {
  bool allow_writes = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--allow-writes") == 0) {
      allow_writes = true;
    } else {
      std::fputs(usage, std::strcmp(argv[i], "--help") == 0 ? stdout : stderr);
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  const auto service = plugboard_examples::environment("PLUGBOARD_TOUR_SERVICE");
  using walk = void (*)(tour::context&);
  walk only = nullptr;
  if (service) {
    const std::pair<const char*, walk> services[] = {{"providers", tour::providers},
                                                     {"fivetran", tour::fivetran},
                                                     {"pipeshub", tour::pipeshub},
                                                     {"pieces", tour::pieces},
                                                     {"fortisoar", tour::fortisoar}};
    for (const auto& entry : services) {
      if (*service == entry.first) only = entry.second;
    }
    if (only == nullptr) {
      std::fprintf(stderr, "plugboard-tour: PLUGBOARD_TOUR_SERVICE=%s is not one of: %s",
                   service->c_str(), "providers, fivetran, pipeshub, pieces, fortisoar\n");
      return 2;
    }
  }

  // Against the sandbox every call runs; against a real service, writes only when allowed.
  std::unique_ptr<plugboard::sandbox::server> sandbox;
  if (!only) sandbox = std::make_unique<plugboard::sandbox::server>();
  tour::reporter report(!only || allow_writes);
  tour::context ctx{sandbox.get(), report};

  try {
    if (only) {
      std::printf("plugboard tour of the %s deployment (%s)\n\n", service->c_str(),
                  allow_writes ? "writes allowed" : "read-only: writes are skipped");
      only(ctx);
    } else {
      std::printf("plugboard tour against the sandbox at %s\n\n", sandbox->url().c_str());
      tour::providers(ctx);
      tour::fivetran(ctx);
      tour::pipeshub(ctx);
      tour::pieces(ctx);
      tour::fortisoar(ctx);
    }
  } catch (const plugboard::usage_error& e) {
    // A missing base URL or credential variable.
    std::fprintf(stderr, "plugboard-tour: %s\n", e.what());
    return 2;
  }

  if (report.skipped_count() == 0) {
    std::printf("\n%d operations, %d ok\n", report.total(), report.ok());
  } else {
    std::printf("\n%d operations, %d ok, %d skipped\n", report.total(), report.ok(),
                report.skipped_count());
  }
  return report.ok() + report.skipped_count() == report.total() ? 0 : 1;
}
