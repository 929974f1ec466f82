// SPDX-License-Identifier: MIT
// Per-call overhead without a network: plugboard (with a transport that
// answers instantly) against the hand-written floor doing the same work with
// nlohmann/json and string building. Also decode speed of json_serializer
// against simdjson_serializer.
//
//   bench_per_call [Google Benchmark flags]
//   bench_per_call --repeat CASE N   run one case N times, for callgrind
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <cstring>
#include <functional>
#include <map>
#include <string>

#include "fixtures.hpp"
#include "plugboard/auth/api_key.hpp"
#include "plugboard/auth/basic.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/fivetran/generated/connections.hpp"
#include "plugboard/providers/endpoints.hpp"
#include "plugboard/serializer/json.hpp"
#include "plugboard/serializer/simdjson.hpp"

namespace {

using client_t = plugboard::basic_client<bench::canned_transport, plugboard::api_key_header,
                                         plugboard::json_serializer>;

const std::string base = "https://api.example.com/api-proxy";
const std::string key = "k-1234567890";

using simdjson_client_t =
    plugboard::basic_client<bench::canned_transport, plugboard::api_key_header,
                            plugboard::simdjson_serializer>;

template <class Client = client_t>
Client make_client(std::string body) {
  return Client(base, plugboard::api_key_header("X-API-Key", key), bench::canned(std::move(body)));
}

// Fivetran's connection_details as the generator writes it, against the same
// descriptor written by hand: the generated code must cost nothing extra.
namespace hand_written {
struct connection_details {
  std::string connection_id;

  static constexpr std::string_view operation = "connection_details";
  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = "/v1/connections/{connection_id}";
  static constexpr std::string_view accept = "application/json;version=2";
  static constexpr auto params() {
    return plugboard::param_list(
        plugboard::path_param("connection_id", &connection_details::connection_id));
  }
  using result = plugboard::fivetran::envelope<plugboard::fivetran::api::connection>;
};
}  // namespace hand_written

using fivetran_client_t = plugboard::basic_client<bench::canned_transport, plugboard::basic_auth,
                                                  plugboard::json_serializer>;

const std::string one_body = bench::one_provider_body();
const std::string list_body = bench::provider_list_body(100);
const std::string big_list_body = bench::provider_list_body(1000);

// Each case does one complete call and returns something to keep.
std::map<std::string, std::function<std::size_t()>> cases() {
  static client_t get_client = make_client(one_body);
  static client_t list_client = make_client(list_body);
  static client_t post_client = make_client(bench::widget_created_body);
  static simdjson_client_t simdjson_get_client = make_client<simdjson_client_t>(one_body);
  static simdjson_client_t simdjson_list_client = make_client<simdjson_client_t>(list_body);
  static const auto by_hand_get = bench::by_hand::canned(one_body);
  static const auto by_hand_list = bench::by_hand::canned(list_body);
  static const auto by_hand_post = bench::by_hand::canned(bench::widget_created_body);
  static const auto widget = bench::sample_widget();
  static fivetran_client_t fivetran_client("https://api.fivetran.com",
                                           plugboard::basic_auth("key", "secret"),
                                           bench::canned(bench::fivetran_connection_body));
  using plugboard::providers::data_or_bare;
  using plugboard::providers::provider;
  return {
      {"get/plugboard",
       [] {
         return get_client.call(plugboard::providers::endpoints::get{"provider 1/x"}).id.size();
       }},
      {"get/simdjson",
       [] {
         return simdjson_get_client.call(plugboard::providers::endpoints::get{"provider 1/x"})
             .id.size();
       }},
      {"get/by_hand",
       [] {
         return bench::by_hand::get_provider(by_hand_get, base, key, "provider 1/x").id.size();
       }},
      {"fivetran_get/generated",
       [] {
         return fivetran_client.call(plugboard::fivetran::api::endpoints::connection_details{"c 1"})
             .data.id.size();
       }},
      {"fivetran_get/hand_written",
       [] { return fivetran_client.call(hand_written::connection_details{"c 1"}).data.id.size(); }},
      {"post/plugboard",
       [] {
         return post_client.call(bench::create_widget{"group_7", widget}).id.size();
       }},
      {"post/by_hand",
       [] { return bench::by_hand::create_widget(by_hand_post, base, key, widget).size(); }},
      {"list100/plugboard",
       [] { return list_client.call(plugboard::providers::endpoints::list{}).size(); }},
      {"list100/simdjson",
       [] { return simdjson_list_client.call(plugboard::providers::endpoints::list{}).size(); }},
      {"list100/by_hand",
       [] { return bench::by_hand::list_providers(by_hand_list, base, key).size(); }},
      {"decode1k/json",
       [] {
         return plugboard::json_serializer{}
             .decode<data_or_bare<provider>>(one_body)
             .value.id.size();
       }},
      {"decode1k/simdjson",
       [] {
         return plugboard::simdjson_serializer{}
             .decode<data_or_bare<provider>>(one_body)
             .value.id.size();
       }},
      {"decode_list1000/json",
       [] {
         return plugboard::json_serializer{}
             .decode<data_or_bare<std::vector<provider>>>(big_list_body)
             .value.size();
       }},
      {"decode_list1000/simdjson",
       [] {
         return plugboard::simdjson_serializer{}
             .decode<data_or_bare<std::vector<provider>>>(big_list_body)
             .value.size();
       }},
  };
}

}  // namespace

int main(int argc, char** argv) {
  auto all = cases();
  if (argc == 4 && std::strcmp(argv[1], "--repeat") == 0) {
    const auto it = all.find(argv[2]);
    if (it == all.end()) return 2;
    const long n = std::atol(argv[3]);
    std::size_t sink = 0;
    for (long i = 0; i < n; ++i) sink += it->second();
    return sink == 42 ? 1 : 0;
  }
  for (auto& [name, run] : all) {
    benchmark::RegisterBenchmark(name.c_str(), [run](benchmark::State& state) {
      for (auto _ : state) benchmark::DoNotOptimize(run());
    });
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
