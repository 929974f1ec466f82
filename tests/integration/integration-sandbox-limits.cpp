// SPDX-License-Identifier: MIT
// The sandbox server's own limits, in process: JSON nested too deep is
// answered 400, the request log is bounded by bytes, idle connections do not
// starve requests, a busy port is refused, and on_request/summary() give
// sanitized lines. (tests/cli/check_sandbox.py does the same at full scale
// against the standalone program.)
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "plugboard/sandbox/server.hpp"

using namespace std::chrono_literals;
namespace sandbox = plugboard::sandbox;

namespace {

constexpr const char* providers_path = "/providers/v1/admin/connector-providers";

std::unique_ptr<httplib::Client> client_of(const sandbox::server& server) {
  auto c = std::make_unique<httplib::Client>("127.0.0.1", server.port());
  c->set_connection_timeout(10, 0);
  c->set_read_timeout(30, 0);
  return c;
}

int status_of(const httplib::Result& result) { return result ? result->status : -1; }

// Connections to the server that never send a byte, closed at the end.
class idle_connections {
 public:
  idle_connections(int port, int count) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<std::uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (int i = 0; i < count; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) break;
      sockets_.push_back(fd);
      if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) break;
      ++connected_;
    }
  }
  idle_connections(const idle_connections&) = delete;
  idle_connections& operator=(const idle_connections&) = delete;
  ~idle_connections() {
    for (const int fd : sockets_) ::close(fd);
  }
  int count() const noexcept { return connected_; }

 private:
  std::vector<int> sockets_;
  int connected_ = 0;
};

}  // namespace

TEST_CASE("JSON nested deeper than max_json_depth is answered 400; the server goes on") {
  sandbox::server server;
  server.mount<sandbox::fivetran_fake>("/fivetran");
  server.mount<sandbox::providers_fake>("/providers");
  auto c = client_of(server);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  // The Fivetran fake copies `config` recursively: this body overflowed the stack.
  const std::string create =
      R"({"group_id":"projected_sickle","service":"google_sheets","config":{"schema":"s",)"
      R"("table":"t","sheet_id":"x","named_range":"r","d":)" +
      deep + "}}";
  httplib::Headers auth{
      {"Authorization", "Basic c2FuZGJveC1hcGkta2V5OnNhbmRib3gtYXBpLXNlY3JldA=="}};
  const auto refused = c->Post("/fivetran/v1/connectors", auth, create, "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 400);
  CHECK(refused->body.find("nested_too_deeply") != std::string::npos);
  CHECK(status_of(c->Get(providers_path)) == 200);

  // At the limit the fake sees the body; brackets inside strings do not count.
  sandbox::server_options shallow;
  shallow.max_json_depth = 3;
  sandbox::server strict(shallow);
  strict.mount<sandbox::providers_fake>("/providers");
  auto s = client_of(strict);
  const std::string setup = std::string(providers_path) + "/github/setup";
  CHECK(status_of(s->Post(setup, R"({"a":[[1]],"b":"[[[[[["})", "application/json")) != 400);
  CHECK(status_of(s->Post(setup, R"({"a":[[[1]]]})", "application/json")) == 400);
}

TEST_CASE("the request log keeps at most max_log_bytes, each body cut to max_logged_body") {
  sandbox::server_options options;
  options.max_logged_body = 100;
  options.max_log_bytes = 20000;
  sandbox::server server(options);
  server.mount<sandbox::providers_fake>("/providers");
  auto c = client_of(server);
  const std::string setup = std::string(providers_path) + "/github/setup";
  for (int i = 0; i < 200; ++i) {
    const std::string body = R"({"client_id":"x)" + std::to_string(i) + R"(","pad":")" +
                             std::string(5000, 'p') + R"("})";
    REQUIRE(status_of(c->Post(setup, body, "application/json")) > 0);
  }
  const auto log = server.requests();
  CHECK(server.request_count() == 200);
  REQUIRE(!log.empty());
  CHECK(log.size() < 200);  // the oldest were dropped
  std::size_t bytes = 0;
  for (const auto& entry : log) {
    CHECK(entry.body.size() <= 103);  // 100 bytes and "..."
    bytes += entry.method.size() + entry.target.size() + entry.body.size();
    for (const auto& field : entry.headers) bytes += field.first.size() + field.second.size();
  }
  CHECK(bytes <= options.max_log_bytes);
  CHECK(log.back().body.rfind(R"({"client_id":"x199")", 0) == 0);  // the newest stays
}

TEST_CASE("idle connections do not keep a request waiting") {
  sandbox::server_options options;
  options.threads = 2;  // a fixed pool of two served these one second at a time
  sandbox::server server(options);
  server.mount<sandbox::providers_fake>("/providers");
  idle_connections idle(server.port(), 100);
  CHECK(idle.count() == 100);
  const auto started = std::chrono::steady_clock::now();
  CHECK(status_of(client_of(server)->Get(providers_path)) == 200);
  CHECK(std::chrono::steady_clock::now() - started < 10s);  // a generous liveness bound
}

TEST_CASE("a port in use is refused with a message that says so") {
  sandbox::server first;
  sandbox::server_options same;
  same.port = first.port();
  try {
    sandbox::server second(same);
    FAIL("a second server listened on a busy port");
  } catch (const std::runtime_error& e) {
    CHECK(std::string(e.what()) ==
          "plugboard sandbox: cannot listen on 127.0.0.1:" + std::to_string(first.port()) +
              ": the port is already in use");
  }
}

TEST_CASE("on_request sees each request; summary() redacts query values and control bytes") {
  std::mutex mutex;
  std::vector<std::string> lines;
  sandbox::server_options options;
  options.on_request = [&](const sandbox::logged_request& entry) {
    std::lock_guard<std::mutex> lock(mutex);
    lines.push_back(sandbox::summary(entry));
  };
  sandbox::server server(options);
  server.mount<sandbox::providers_fake>("/providers");
  auto c = client_of(server);
  CHECK(status_of(c->Get(std::string(providers_path) + "?page_token=s3cret&x")) == 200);
  server.stop();
  std::lock_guard<std::mutex> lock(mutex);
  CHECK(lines == std::vector<std::string>{"GET " + std::string(providers_path) +
                                          "?page_token=[REDACTED]&x 200"});

  sandbox::logged_request odd;
  odd.method = "GET";
  odd.target = std::string("/a\x1b[31m b\xff") + "?k=v";
  odd.status = 404;
  CHECK(sandbox::summary(odd) == "GET /a%1B[31m%20b%FF?k=[REDACTED] 404");
}
