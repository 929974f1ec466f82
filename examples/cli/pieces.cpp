// SPDX-License-Identifier: MIT
// plugboard pieces ...: the Pieces OS connector API.
#include "plugboard/pieces/client.hpp"

#include "command.hpp"
#include "plugboard/version.hpp"
#include "services.hpp"

namespace plugboard_cli {

namespace {

namespace pieces = plugboard::pieces;
using pieces_client = pieces::client<plugboard::http_transport, plugboard::api_key_header,
                                     plugboard::default_serializer, plugboard::backoff_retry>;

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
// id it gets, through the facade's for_application.
template <class E, class Connect, class Call>
command<E> add_bound(CLI::App& service, session& s, const std::string& name, Connect connect,
                     Call call, typename command<E>::layout how = {}) {
  const command<E> op(service, s, name, std::string(E::summary), std::move(how));
  op.option("application")
      ->required(false)
      ->description("the application id `connect` returned (default: connect first)");
  op.on_run([op, connect, call] {
    E endpoint = op.descriptor();
    std::string id = endpoint.application;
    if (id.empty()) {
      id = connect(std::string())
               .connector()
               .connect(default_connection("OPEN_SOURCE", PLUGBOARD_VERSION_STRING, this_platform))
               .application.id;
    }
    auto client = connect(id);
    auto bound = client.connector().for_application(id);
    return call(op, bound, std::move(endpoint));
  });
  return op;
}

}  // namespace

void add_pieces(CLI::App& root, session& s) {
  namespace endpoints = pieces::endpoints;
  using bound_api = pieces_client::application_connector;
  CLI::App& service =
      add_service(root, "pieces", "Pieces OS connector API (connector)",
                  "Environment:\n"
                  "  PIECES_BASE_URL  default http://localhost:1000 (or --base-url); no "
                  "credentials are needed\n");
  // The application id, when known, is also sent as X-Application-ID.
  const auto connect = [&s](std::string application_id) {
    return pieces_client(s.client_options(s.base_url("PIECES_BASE_URL", pieces::default_base_url)),
                         pieces::application_id(std::move(application_id)), s.transport(),
                         s.retry());
  };

  const command<endpoints::connect> connect_op(service, s, "connect");
  connect_op.app()
      .add_option("--app-name", "the application's name when no --application is given")
      ->type_name("ENUM")
      ->default_str("OPEN_SOURCE")
      ->check(
          one_of(detail::documented_values<plugboard::open_enum<pieces::application_name_enum>>()));
  connect_op.app()
      .add_option("--app-version", "its version")
      ->type_name("TEXT")
      ->default_str(PLUGBOARD_VERSION_STRING);
  connect_op.app()
      .add_option("--platform", "its platform")
      ->type_name("ENUM")
      ->default_str(this_platform)
      ->check(one_of(detail::documented_values<plugboard::open_enum<pieces::platform_enum>>()));
  connect_op.on_run([connect_op, connect] {
    auto endpoint = connect_op.descriptor();
    if (!endpoint.connection) {
      endpoint.connection =
          default_connection(connect_op.value("app-name").value_or("OPEN_SOURCE"),
                             connect_op.value("app-version").value_or(PLUGBOARD_VERSION_STRING),
                             connect_op.value("platform").value_or(this_platform));
    }
    return result_json(connect(std::string()).core().call(endpoint));
  });

  add_code_options(add_bound<endpoints::intention>(
      service, s, "intention", connect,
      [](const command<endpoints::intention>& op, bound_api& app, endpoints::intention e) {
        if (!e.asset) e.asset = code_asset(op);
        return result_json(app.intention(std::move(e.asset)));
      }));
  add_bound<endpoints::onboarded>(
      service, s, "onboarded", connect,
      [](const command<endpoints::onboarded>&, bound_api& app, endpoints::onboarded e) {
        return result_json(app.onboarded(e.is_onboarded));
      },
      {"is-onboarded"});
  add_code_options(add_bound<endpoints::react>(
      service, s, "react", connect,
      [](const command<endpoints::react>& op, bound_api& app, endpoints::react e) {
        if (auto asset = code_asset(op)) {
          if (!e.reaction) e.reaction.emplace();
          e.reaction->seed.asset = std::move(asset);
        }
        return result_json(app.react(std::move(e.reaction)));
      }));
  add_code_options(add_bound<endpoints::suggest>(
      service, s, "suggest", connect,
      [](const command<endpoints::suggest>& op, bound_api& app, endpoints::suggest e) {
        if (auto asset = code_asset(op)) {
          if (!e.creation) e.creation.emplace();
          e.creation->asset = std::move(asset);
        }
        return result_json(app.suggest(std::move(e.creation)));
      }));
  add_bound<endpoints::track>(
      service, s, "track", connect,
      [](const command<endpoints::track>&, bound_api& app, endpoints::track e) {
        return result_json(app.track(std::move(e.tracking)));
      });
}

}  // namespace plugboard_cli
