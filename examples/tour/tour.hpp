// The tour: every documented operation of every service, against the
// embedded sandbox, one line per call.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/core/errors.hpp"
#include "plugboard/sandbox/server.hpp"
#include "plugboard/testing/recording_transport.hpp"
#include "plugboard/transport/httplib.hpp"

namespace tour {

// Every tour client sends through this, so each line can show the wire.
using wire = plugboard::testing::recording_transport<plugboard::httplib_transport>;

class reporter {
 public:
  // Runs one call; `call` returns a short summary of the typed result.
  template <class Call>
  void step(std::string_view service, std::string_view operation, wire& w, Call&& call) {
    w.clear();
    ++total_;
    std::string summary;
    bool passed = true;
    try {
      summary = std::forward<Call>(call)();
      ++ok_;
    } catch (const plugboard::error& e) {
      passed = false;
      summary = std::string("FAILED: ") + e.what();
    }
    std::string method = "-", path = "-", status = "-";
    const auto exchanges = w.exchanges();
    if (!exchanges.empty()) {
      const auto& last = exchanges.back();
      method = std::string(plugboard::to_string(last.sent.verb));
      path = std::string(last.sent.path());
      status = last.received ? std::to_string(last.received->status) : "---";
    }
    std::printf("%-10.*s %-26.*s %-6s %-58s %s  %s\n", static_cast<int>(service.size()),
                service.data(), static_cast<int>(operation.size()), operation.data(), method.c_str(),
                path.c_str(), status.c_str(), summary.c_str());
    (void)passed;
  }

  int total() const noexcept { return total_; }
  int ok() const noexcept { return ok_; }

 private:
  int total_ = 0;
  int ok_ = 0;
};

struct context {
  plugboard::sandbox::server& sandbox;
  reporter& report;
};

// One function per service, each in its own file.
void providers(context& ctx);
void fivetran(context& ctx);
void pipeshub(context& ctx);
void pieces(context& ctx);
void fortisoar(context& ctx);

}  // namespace tour
