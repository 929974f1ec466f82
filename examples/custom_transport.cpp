// Plugging in your own transport: any type with
//   plugboard::response send(const plugboard::request&)
// works, with no change to plugboard. This one logs each exchange (with the
// credentials redacted) and forwards it to another transport.
#include <chrono>
#include <cstdio>

#include "plugboard/core/redact.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"

template <class Next>
class logging_transport {
 public:
  explicit logging_transport(Next next = Next()) : next_(std::move(next)) {}

  plugboard::response send(const plugboard::request& req) {
    const auto start = std::chrono::steady_clock::now();
    plugboard::response res = next_.send(req);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::printf("%s %s -> %d (%lld us)\n", std::string(plugboard::to_string(req.verb)).c_str(),
                std::string(req.path()).c_str(), res.status, static_cast<long long>(us));
    for (const auto& field : plugboard::redacted_headers(req.headers)) {
      std::printf("    %s: %s\n", field.first.c_str(), field.second.c_str());
    }
    return res;
  }

 private:
  Next next_;
};

int main() {
  plugboard::sandbox::server sandbox;
  sandbox.mount<plugboard::sandbox::providers_fake>("/providers");

  using transport = logging_transport<plugboard::http_transport>;
  plugboard::providers::client<transport> admin(sandbox.url("/providers"),
                                                plugboard::providers::api_key("my-key"));
  const auto providers = admin.connector_providers().list();
  std::printf("%zu providers\n", providers.size());
  return providers.empty() ? 1 : 0;
}
