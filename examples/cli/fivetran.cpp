// SPDX-License-Identifier: MIT
// plugboard fivetran ...: what differs from the generic commands.
#include <type_traits>

#include "plugboard/fivetran/traits.hpp"
#include "plugboard/fivetran/walk.hpp"
#include "services.hpp"

namespace plugboard_cli {
namespace {

using fivetran = plugboard::fivetran::service;

template <class E, class = void>
struct is_cursor_listing : std::false_type {};
template <class E>
struct is_cursor_listing<
    E, std::void_t<typename plugboard::fivetran::detail::page_item<typename E::result>::type>>
    : std::true_type {};

// A generated cursor listing: one page, or with --all every page.
template <class E>
void add_all_switch(service_commands<fivetran>& commands) {
  commands.replace<E>([&commands] {
    const command<E> listing(commands.app(), commands.shared());
    listing.add_switch("--all", "follow next_cursor through every page; prints one array");
    listing.on_run([listing, commands] {
      const auto call = listing.descriptor();
      if (!listing.given("all")) return result_json(commands.connect().core().call(call));
      if (call.cursor) throw plugboard::usage_error("--cursor", "cannot be combined with --all");
      commands.shared().show_progress();
      auto client = commands.connect();
      return result_json(plugboard::fivetran::walk_pages(client.core(), call).collect());
    });
  });
}

void customize(service_commands<fivetran>& commands) {
  namespace endpoints = plugboard::fivetran::endpoints;
  // One page, or with --all every page (following next_cursor).
  commands.replace<endpoints::metadata_connectors>([&commands] {
    const command<endpoints::metadata_connectors> metadata(commands.app(), commands.shared());
    metadata.add_switch("--all", "follow next_cursor through every page; prints one array");
    metadata.on_run([metadata, commands] {
      const auto call = metadata.descriptor();
      if (!metadata.given("all")) return result_json(commands.connect().core().call(call));
      if (call.cursor) throw plugboard::usage_error("--cursor", "cannot be combined with --all");
      if (metadata.given("name"))
        throw plugboard::usage_error("--name", "cannot be combined with --all");
      commands.shared().show_progress();
      auto client = commands.connect();
      return result_json(
          client.connector_management().metadata_connectors_all(call.limit).collect());
    });
  });

  plugboard::for_each_type(fivetran::endpoints{}, [&commands](auto tag) {
    using E = typename decltype(tag)::type;
    if constexpr (is_cursor_listing<E>::value) add_all_switch<E>(commands);
  });
}

const customize_commands<fivetran> registered(&customize);

}  // namespace
}  // namespace plugboard_cli
