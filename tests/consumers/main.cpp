// A program that uses plugboard the way a consumer would, built by
// tools/check_consumers.sh through every supported route.
#include <plugboard/plugboard.hpp>

#include <chrono>
#include <cstdio>

int main() {
  const auto p = plugboard::json_serializer{}.decode<plugboard::providers::provider>(
      R"({"provider_slug":"github","display_name":"GitHub"})");

  // The transport links and reports a refused connection as a typed error.
  plugboard::http_options quick;
  quick.connect_timeout = std::chrono::seconds(2);
  plugboard::providers::client<> admin("http://127.0.0.1:1", {},
                                       plugboard::http_transport(quick));
  try {
    admin.connector_providers().list();
    std::puts("consumer: expected a transport error");
    return 1;
  } catch (const plugboard::transport_error& e) {
    if (e.request_may_have_been_sent()) return 1;
  }
  std::printf("consumer ok: plugboard %s, decoded %s\n", PLUGBOARD_VERSION_STRING,
              p.display_name.value_or("?").c_str());
  return 0;
}
