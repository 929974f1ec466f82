// SPDX-License-Identifier: MIT
// plugboard pieces ...: what differs from the generic commands.
#include "plugboard/core/errors.hpp"
#include "plugboard/pieces/discovery.hpp"
#include "plugboard/pieces/traits.hpp"
#include "plugboard/version.hpp"
#include "services.hpp"

namespace plugboard_cli {

namespace {

namespace pieces = plugboard::pieces;
using pieces_commands = service_commands<pieces::service>;

#if defined(__APPLE__)
constexpr const char* this_platform = "MACOS";
#elif defined(_WIN32)
constexpr const char* this_platform = "WINDOWS";
#else
constexpr const char* this_platform = "LINUX";
#endif

// How `connect` registers the tool when no --application or --body is given.
pieces::seeded_connector_connection default_connection(const std::string& name,
                                                       const std::string& version,
                                                       const std::string& platform) {
  pieces::seeded_connector_connection connection;
  connection.application.name =
      plugboard::open_enum<pieces::application_name_enum>::from_wire(name);
  connection.application.version = version;
  connection.application.platform =
      plugboard::open_enum<pieces::platform_enum>::from_wire(platform);
  return connection;
}

// --code TEXT --ext EXT: a snippet as the official clients send one.
template <class E>
void add_code_options(const command<E>& op) {
  op.app().add_option("--code", "a code snippet (instead of a JSON asset)")->type_name("TEXT");
  op.app().add_option("--ext", "the snippet's file extension, e.g. py")->type_name("TEXT");
}
template <class E>
std::optional<pieces::seeded_connector_asset> code_asset(const command<E>& op) {
  const auto code = op.value("code");
  if (!code) return std::nullopt;
  return pieces::seeded_connector_asset::from_code(*code, op.value("ext").value_or("txt"));
}

// The five calls bound to an application: --application, or without it the
// tool connects first (as `plugboard pieces connect` would) and binds to the
// id it gets, through the facade's for_application. The application id is
// also sent as X-Application-ID.
template <class E, class Call>
void replace_bound(pieces_commands& commands, Call call, command_syntax syntax = {}) {
  commands.replace<E>([&commands, call, syntax] {
    const command<E> op(commands.app(), commands.shared(), syntax);
    op.option("application")
        ->required(false)
        ->description("the application id `connect` returned (default: connect first)");
    if constexpr (std::is_same_v<E, pieces::endpoints::intention> ||
                  std::is_same_v<E, pieces::endpoints::react> ||
                  std::is_same_v<E, pieces::endpoints::suggest>) {
      add_code_options(op);
    }
    op.on_run([op, commands, call] {
      E endpoint = op.descriptor();
      std::string id = endpoint.application;
      if (id.empty()) {
        id =
            commands.connect()
                .connector()
                .connect(default_connection("OPEN_SOURCE", PLUGBOARD_VERSION_STRING, this_platform))
                .application.id;
      }
      auto client = commands.connect_with(pieces::application_id(id));
      if constexpr (std::is_same_v<E, pieces::endpoints::track>) {
        // Pieces OS 5.x has no track: ask the version first (discovery already
        // did without a base URL), so the client refuses it instead of a 404.
        if (!client.server_version()) {
          try {
            client.well_known().get_well_known_version();
          } catch (const plugboard::error&) {
            // No version: the call goes out as it is.
          }
        }
      }
      auto bound = client.connector().for_application(id);
      return call(op, bound, std::move(endpoint));
    });
  });
}

void customize(pieces_commands& commands) {
  namespace endpoints = pieces::endpoints;
  using bound_api = pieces_commands::client_type::application_connector;
  using client_type = pieces_commands::client_type;

  // Without --base-url or PIECES_BASE_URL: discovery (its errors list what it tried).
  commands.locate_with(
      [] {
        pieces::discovery_options where;
        where.environment_variable.clear();  // unset, or there would be a base URL
        const pieces::discovered found = pieces::discover(where);
        return pieces_commands::location{found.url, [version = found.version](client_type& c) {
                                           c.set_server_version(version);
                                         }};
      },
      "when unset, found by discovery: 127.0.0.1 ports 39300-39333, then 1000 and 5323");

  commands.replace<endpoints::connect>([&commands] {
    const command<endpoints::connect> connect_op(commands.app(), commands.shared());
    connect_op.app()
        .add_option("--app-name", "the application's name when no --application is given")
        ->type_name("ENUM")
        ->default_str("OPEN_SOURCE")
        ->check(one_of(
            internal::documented_values<plugboard::open_enum<pieces::application_name_enum>>()));
    connect_op.app()
        .add_option("--app-version", "its version")
        ->type_name("TEXT")
        ->default_str(PLUGBOARD_VERSION_STRING);
    connect_op.app()
        .add_option("--platform", "its platform")
        ->type_name("ENUM")
        ->default_str(this_platform)
        ->check(one_of(internal::documented_values<plugboard::open_enum<pieces::platform_enum>>()));
    connect_op.on_run([connect_op, commands] {
      auto endpoint = connect_op.descriptor();
      if (!endpoint.connection) {
        endpoint.connection =
            default_connection(connect_op.value("app-name").value_or("OPEN_SOURCE"),
                               connect_op.value("app-version").value_or(PLUGBOARD_VERSION_STRING),
                               connect_op.value("platform").value_or(this_platform));
      }
      return result_json(commands.connect().core().call(endpoint));
    });
  });

  // Without an application: the one `connect` registers (this tool).
  commands.replace<endpoints::applications_register>([&commands] {
    const command<endpoints::applications_register> op(commands.app(), commands.shared());
    for (const char* field : {"id", "name", "version", "platform", "onboarded", "privacy"}) {
      op.defaulted(field, "default: the application `connect` registers");
    }
    op.on_run([op, commands] {
      auto endpoint = op.descriptor();
      auto client = commands.connect();
      if (!endpoint.application) {
        endpoint.application =
            client.connector()
                .connect(default_connection("OPEN_SOURCE", PLUGBOARD_VERSION_STRING, this_platform))
                .application;
      }
      return result_json(client.core().call(endpoint));
    });
  });
  // The session id as an option of its own, not JSON.
  commands.replace<endpoints::applications_session_close>([&commands] {
    const command<endpoints::applications_session_close> op(commands.app(), commands.shared(),
                                                            {"session-id"});
    op.option("session-id")->description("the id applications_session_open returned");
    op.call_with(commands.connector());
  });

  replace_bound<endpoints::intention>(commands, [](const command<endpoints::intention>& op,
                                                   bound_api& app, endpoints::intention e) {
    if (!e.asset) e.asset = code_asset(op);
    return result_json(app.intention(std::move(e.asset)));
  });
  replace_bound<endpoints::onboarded>(
      commands,
      [](const command<endpoints::onboarded>&, bound_api& app, endpoints::onboarded e) {
        return result_json(app.onboarded(e.is_onboarded));
      },
      {"is-onboarded"});
  replace_bound<endpoints::react>(
      commands, [](const command<endpoints::react>& op, bound_api& app, endpoints::react e) {
        if (auto asset = code_asset(op)) {
          if (!e.reaction) e.reaction.emplace();
          e.reaction->seed.asset = std::move(asset);
        }
        return result_json(app.react(std::move(e.reaction)));
      });
  replace_bound<endpoints::suggest>(
      commands, [](const command<endpoints::suggest>& op, bound_api& app, endpoints::suggest e) {
        if (auto asset = code_asset(op)) {
          if (!e.creation) e.creation.emplace();
          e.creation->asset = std::move(asset);
        }
        return result_json(app.suggest(std::move(e.creation)));
      });
  replace_bound<endpoints::track>(
      commands, [](const command<endpoints::track>&, bound_api& app, endpoints::track e) {
        return result_json(app.track(std::move(e.tracking)));
      });
}

const customize_commands<pieces::service> registered(&customize);

}  // namespace
}  // namespace plugboard_cli
