// plugboard's main demo: starts the sandbox and walks through every
// documented operation, discover -> configure -> act -> inspect -> clean up.
#include <cstdio>

#include "tour.hpp"

int main() {
  plugboard::sandbox::server sandbox;
  tour::reporter report;
  tour::context ctx{sandbox, report};

  std::printf("plugboard tour against the sandbox at %s\n\n", sandbox.url().c_str());
  tour::providers(ctx);
  tour::fivetran(ctx);
  tour::pipeshub(ctx);
  tour::pieces(ctx);
  tour::fortisoar(ctx);

  std::printf("\n%d operations, %d ok\n", report.total(), report.ok());
  return report.ok() == report.total() ? 0 : 1;
}
