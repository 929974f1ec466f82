// SPDX-License-Identifier: MIT
// pieces::discover() over real sockets, against a stand-in Pieces OS in a
// process of its own (tests/support/pieces_os_process.cpp: the sandbox's
// fake at the root). The test picks a small range of loopback ports and
// holds the ones nothing should answer on (bound, not listening: a connect
// to one is refused, and no other program can take it meanwhile); the
// stand-in listens on the others. Nothing here constructs an
// httplib::Server, so nothing masks SIGPIPE.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "plugboard/pieces/client.hpp"
#include "plugboard/pieces/discovery.hpp"
#include "support/child_process.hpp"
#include "support/reserved_ports.hpp"

namespace pieces = plugboard::pieces;
using namespace std::chrono_literals;

namespace {

// The stand-in Pieces OS, started with `arguments`; its port is in `port`.
struct stand_in {
  std::unique_ptr<plugboard_test::child_process> process;
  int port = 0;
  std::string error;

  explicit stand_in(const std::vector<std::string>& arguments) {
    const char* program = std::getenv("PLUGBOARD_PIECES_OS");
    REQUIRE_MESSAGE(program != nullptr, "set PLUGBOARD_PIECES_OS (CTest does)");
    std::vector<std::string> argv{program};
    argv.insert(argv.end(), arguments.begin(), arguments.end());
    process = std::make_unique<plugboard_test::child_process>(argv);
    const auto hello = nlohmann::json::parse(process->read_line(30s));
    if (hello.contains("error")) {
      error = hello.at("error").get<std::string>();
    } else {
      port = hello.at("port").get<int>();
    }
  }
};

pieces::discovery_options range(std::uint16_t first, std::uint16_t last) {
  pieces::discovery_options o;
  o.environment_variable.clear();
  o.first_port = first;
  o.last_port = last;
  o.legacy_ports.clear();
  return o;
}

std::string url_of(int port) { return "http://127.0.0.1:" + std::to_string(port); }

}  // namespace

TEST_CASE("a Pieces OS on a port inside the range is found past one that answers no health call") {
  // Ports k..k+3: held (refused), silent, the 5.x stand-in, held (refused).
  std::optional<plugboard_test::reserved_ports> ports;
  std::unique_ptr<stand_in> os;
  for (int attempt = 0; attempt < 5 && !os; ++attempt) {
    ports = plugboard_test::reserved_ports::find(4);
    REQUIRE(ports.has_value());
    ports->release(1);
    ports->release(2);
    auto started = std::make_unique<stand_in>(
        std::vector<std::string>{"--release", "5", "--port", std::to_string(ports->port(2)),
                                 "--silent-port", std::to_string(ports->port(1))});
    if (started->error.empty()) os = std::move(started);  // else another program took a port
  }
  REQUIRE(os != nullptr);
  REQUIRE(os->port == ports->port(2));

  const auto found = pieces::discover(range(ports->port(0), ports->port(3)));
  CHECK(found.url == url_of(ports->port(2)));
  CHECK(found.source == pieces::discovery_source::port_scan);
  CHECK(found.version == std::optional<std::string>("5.0.0"));
  REQUIRE(found.attempts.size() == 4);
  CHECK(found.attempts[0].outcome == pieces::probe_outcome::no_connection);
  CHECK(found.attempts[0].detail.find("refused") != std::string::npos);
  CHECK(found.attempts[1].outcome == pieces::probe_outcome::no_answer);
  CHECK(found.attempts[2].outcome == pieces::probe_outcome::healthy);
  CHECK(found.attempts[3].outcome == pieces::probe_outcome::no_connection);

  // What discovery learned arms the guard: a 5.x server never sees track.
  pieces::client<> os_client(found);
  CHECK(os_client.server_version() == std::optional<std::string>("5.0.0"));
  CHECK(os_client.well_known().get_well_known_health() == "ok");
  const auto ctx = os_client.connector().connect();
  CHECK_THROWS_AS(os_client.connector().for_application(ctx).track(), plugboard::usage_error);
  CHECK(os_client.connector().for_application(ctx).onboarded(true) == "OK");
}

TEST_CASE("the url option names a 4.x Pieces OS; its version lets track through") {
  stand_in os({"--release", "4"});
  REQUIRE(os.error.empty());
  pieces::discovery_options o;
  o.environment_variable.clear();
  o.url = url_of(os.port);
  const auto found = pieces::discover(o);
  CHECK(found.url == url_of(os.port));
  CHECK(found.source == pieces::discovery_source::url_option);
  CHECK(found.version == std::optional<std::string>("4.1.0"));
  CHECK(found.attempts.size() == 1);

  pieces::client<> os_client(found);
  auto api = os_client.connector();
  const auto ctx = api.connect();
  CHECK(api.track(ctx.application.id,
                  pieces::tracking::session(pieces::session_event::initialized)) == "OK");
}

TEST_CASE("nothing listens: a discovery_error that lists every port, in well under a second") {
  // 34 ports, as the real range, and two legacy ports, all held: refused.
  auto ports = plugboard_test::reserved_ports::find(36);
  REQUIRE(ports.has_value());
  auto o = range(ports->port(0), ports->port(33));
  o.legacy_ports = {ports->port(34), ports->port(35)};
  const auto start = std::chrono::steady_clock::now();
  std::optional<pieces::discovery_error> failure;
  try {
    pieces::discover(o);
  } catch (const pieces::discovery_error& e) {
    failure = e;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  REQUIRE(failure.has_value());
  // The bound (the figure itself is measured in the benchmarks).
  CHECK(took < 1s);
  REQUIRE(failure->attempts().size() == 36);
  for (const auto& attempt : failure->attempts()) {
    CHECK(attempt.outcome == pieces::probe_outcome::no_connection);
  }
  const std::string what = failure->what();
  CHECK(what.find("Pieces OS not found") != std::string::npos);
  CHECK(what.find("ports " + std::to_string(ports->port(0)) + "-" +
                  std::to_string(ports->port(33)) + " on 127.0.0.1") != std::string::npos);
  CHECK(what.find("legacy ports " + std::to_string(ports->port(34)) + ", " +
                  std::to_string(ports->port(35))) != std::string::npos);
}
