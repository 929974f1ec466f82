// SPDX-License-Identifier: MIT
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "plugboard/sandbox/fivetran/certificates.hpp"
#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/paging.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/fivetran/wire.hpp"
#include "plugboard/sandbox/server.hpp"

// Connections: the old /v1/connectors routes, exactly as they were, and the
// current /v1/connections ones (list, group list, create, details, modify,
// delete, connect card, setup tests, sync, resync, connection state) over
// the same objects.
//
// - create answers 201 with setup state `incomplete`; through /v1/connections
//   it runs the setup tests unless told not to, as Fivetran does. Setup tests
//   move it to `connected`, or to `broken` when its config has
//   "host": "unreachable.invalid"; a connected connection captures its
//   source's schema config.
// - sync sets sync_state `syncing`; a second sync without force during a sync
//   is accepted without restarting, with force it restarts. resync during a
//   sync is 409. A sync ends after settings.sync_polls_until_done polls of
//   connection_details (succeeded_at, or failed_at for a connection marked
//   to fail), or at finish_sync().
// - modify changes only the fields given (config keys are merged); delete
//   answers 200, then the connection is 404.
// - the connection state exists for Function and Connector SDK connections
//   only (400 otherwise); reading it before it was written is 400; writing
//   it needs the connection paused (400) and not syncing (409).

namespace plugboard::sandbox::detail::fivetran {

class connection_routes {
 public:
  explicit connection_routes(state& s) : s_(s) {}

  void install(router& routes) {
    install_connectors(routes);
    install_connections(routes);
  }

 private:
  using body_of = const nlohmann::json&;

  // The old API: each handler finds the connector before it reads the body,
  // as it always did.
  void install_connectors(router& routes) {
    const std::string one = "/v1/connectors/{connector_id}";
    routes.add("POST", "/v1/connectors", [this](const incoming& in) {
      return serve_undocumented(s_, in, [&] {
        const auto body = object_body(in);
        if (!body) return bad_request("The request body must be a JSON object");
        return create(generation::connectors, *body);
      });
    });
    routes.add("GET", one, [this](const incoming& in) {
      return serve_undocumented(
          s_, in, [&] { return details(generation::connectors, in.param("connector_id")); });
    });
    routes.add("DELETE", one, [this](const incoming& in) {
      return serve_undocumented(
          s_, in, [&] { return remove(generation::connectors, in.param("connector_id")); });
    });
    const auto with_body = [this](outcome (connection_routes::*act)(generation, const std::string&,
                                                                    connection&, body_of)) {
      return [this, act](const incoming& in) {
        return serve_undocumented(s_, in, [&] {
          const std::string& id = in.param("connector_id");
          connection* c = s_.find(id);
          if (c == nullptr) return state::not_found(generation::connectors, id);
          const auto body = object_body(in);
          if (!body) return bad_request("The request body must be a JSON object");
          return (this->*act)(generation::connectors, id, *c, *body);
        });
      };
    };
    routes.add("PATCH", one, with_body(&connection_routes::modify));
    routes.add("POST", one + "/connect-card", with_body(&connection_routes::connect_card));
    routes.add("POST", one + "/test", with_body(&connection_routes::test));
    routes.add("POST", one + "/sync", with_body(&connection_routes::sync));
    routes.add("POST", one + "/resync", with_body(&connection_routes::resync));
  }

  // The current API: the body is checked against the document first.
  void install_connections(router& routes) {
    const std::string one = "/v1/connections/{connectionId}";
    routes.add("GET", "/v1/connections", [this](const incoming& in) {
      return serve(s_, in, "list_connections", [&](body_of) { return list(in, std::nullopt); });
    });
    routes.add("GET", "/v1/groups/{groupId}/connections", [this](const incoming& in) {
      return serve(s_, in, "list_all_connections_in_group",
                   [&](body_of) { return list(in, in.param("groupId")); });
    });
    routes.add("POST", "/v1/connections", [this](const incoming& in) {
      return serve(s_, in, "create_connection",
                   [&](body_of body) { return create(generation::connections, body); });
    });
    routes.add("GET", one, [this](const incoming& in) {
      return serve(s_, in, "connection_details", [&](body_of) {
        return details(generation::connections, in.param("connectionId"));
      });
    });
    routes.add("DELETE", one, [this](const incoming& in) {
      return serve(s_, in, "delete_connection", [&](body_of) {
        return remove(generation::connections, in.param("connectionId"));
      });
    });
    using action =
        outcome (connection_routes::*)(generation, const std::string&, connection&, body_of);
    const auto on_connection = [this](const char* operation, action act,
                                      body_rule rule = body_rule::optional) {
      return [this, operation, act, rule](const incoming& in) {
        return serve(
            s_, in, operation,
            [&](body_of body) {
              const std::string& id = in.param("connectionId");
              connection* c = s_.find(id);
              if (c == nullptr) return state::not_found(generation::connections, id);
              return (this->*act)(generation::connections, id, *c, body);
            },
            rule);
      };
    };
    routes.add("PATCH", one, on_connection("modify_connection", &connection_routes::modify));
    routes.add("POST", one + "/connect-card",
               on_connection("connect_card", &connection_routes::connect_card));
    // Fivetran refuses a setup-test request with no body at all ({} is fine).
    routes.add("POST", one + "/test",
               on_connection("run_setup_tests", &connection_routes::test, body_rule::required));
    routes.add("POST", one + "/sync", on_connection("sync_connection", &connection_routes::sync));
    routes.add("POST", one + "/resync",
               on_connection("resync_connection", &connection_routes::resync));
    routes.add("GET", one + "/state",
               on_connection("connection_state", &connection_routes::read_state));
    routes.add("PATCH", one + "/state",
               on_connection("modify_connection_state", &connection_routes::write_state));
  }

  static nlohmann::json shown(generation g, const connection& c) {
    return g == generation::connectors ? state::view(c) : state::view_v1(c);
  }
  static const char* noun(generation g) {
    return g == generation::connectors ? "Connector" : "Connection";
  }

  // Checks the fields create and modify share; "" when they are fine.
  static std::string check_settings(generation g, const nlohmann::json& body) {
    for (const char* flag : {"paused", "pause_after_trial", "trust_certificates",
                             "trust_fingerprints", "run_setup_tests", "is_historical_sync"}) {
      if (body.contains(flag) && !body[flag].is_boolean()) {
        return std::string("'") + flag + "' must be a boolean";
      }
    }
    if (body.contains("sync_frequency")) {
      const auto& f = body["sync_frequency"];
      // The current document adds 1 minute.
      static constexpr int allowed[] = {1, 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440};
      bool ok = false;
      if (f.is_number_integer()) {
        for (const int a : allowed)
          ok = ok || (f.get<int>() == a && (a != 1 || g == generation::connections));
      }
      if (!ok) {
        return g == generation::connectors
                   ? "'sync_frequency' must be one of 5, 15, 30, 60, 120, 180, 360, 480, 720, 1440"
                   : "'sync_frequency' must be one of 1, 5, 15, 30, 60, 120, 180, 360, 480, 720, "
                     "1440";
      }
    }
    if (body.contains("daily_sync_time")) {
      const auto& t = body["daily_sync_time"];
      const std::string text = t.is_string() ? t.get<std::string>() : std::string();
      const bool ok = text.size() == 5 && text[0] >= '0' && text[0] <= '2' && text[1] >= '0' &&
                      text[1] <= '9' && text.substr(2) == ":00" &&
                      std::stoi(text.substr(0, 2)) < 24;
      if (!ok) return "'daily_sync_time' must look like \"03:00\"";
    }
    if (body.contains("schedule_type") &&
        !(body["schedule_type"] == "auto" || body["schedule_type"] == "manual")) {
      return "'schedule_type' must be \"auto\" or \"manual\"";
    }
    for (const char* object : {"config", "auth"}) {
      if (body.contains(object) && !body[object].is_object()) {
        return std::string("'") + object + "' must be an object";
      }
    }
    if (body.contains("connect_card_config")) {
      const auto& c = body["connect_card_config"];
      if (!c.is_object()) return "'connect_card_config' must be an object";
      if (c.contains("redirect_uri")) {
        const auto& uri = c["redirect_uri"];
        const std::string text = uri.is_string() ? uri.get<std::string>() : std::string();
        if (text.rfind("http://", 0) != 0 && text.rfind("https://", 0) != 0) {
          return "'redirect_uri' must start with http:// or https://";
        }
      }
    }
    return {};
  }

  // Applies the fields create and modify share; `body` was checked.
  static void apply_settings(generation g, connection& c, const nlohmann::json& body) {
    auto& r = c.record;
    for (const char* key : {"paused", "pause_after_trial", "sync_frequency", "daily_sync_time",
                            "schedule_type", "connect_card_config"}) {
      if (body.contains(key)) r[key] = body[key];
    }
    if (g == generation::connections) {
      for (const char* key :
           {"data_delay_sensitivity", "data_delay_threshold", "networking_method", "proxy_agent_id",
            "private_link_id", "hybrid_deployment_agent_id", "destination_configuration",
            "destination_schema_names", "external_secrets_manager_id"}) {
        if (body.contains(key)) r[key] = body[key];
      }
    }
    if (body.contains("paused") && r["status"]["sync_state"] != "syncing") {
      r["status"]["sync_state"] = body["paused"].get<bool>() ? "paused" : "scheduled";
    }
    if (body.contains("is_historical_sync")) {
      r["status"]["is_historical_sync"] = body["is_historical_sync"];
    }
    if (body.contains("schema_status")) r["status"]["schema_status"] = body["schema_status"];
    if (body.contains("config")) r["config"].update(body["config"]);  // keys merged
    if (body.contains("auth")) c.auth = body["auth"];
  }

  void run_tests(connection& c, const nlohmann::json& options) {
    auto& r = c.record;
    const bool reachable = r["config"].value("host", std::string()) != "unreachable.invalid";
    r["setup_tests"] = nlohmann::json::array(
        {{{"title", "Validating configuration"}, {"status", "PASSED"}, {"message", ""}},
         {{"title", "Connecting to the source"},
          {"status", reachable ? "PASSED" : "FAILED"},
          {"message", reachable ? "" : "Host unreachable.invalid could not be resolved"},
          {"details", reachable ? nlohmann::json(nullptr)
                                : nlohmann::json{{"host", "unreachable.invalid"}}}}});
    r["status"]["setup_state"] = reachable ? "connected" : "broken";
    r["status"]["warnings"] = nlohmann::json::array();
    if (!reachable) {
      r["status"]["tasks"] = nlohmann::json::array(
          {{{"code", "resolve_broken_connection"}, {"message", "Resolve the setup test failure"}}});
    } else {
      r["status"]["tasks"] = nlohmann::json::array();
      s_.capture_schema(c);
    }
    if (options.value("trust_certificates", false)) trust_source_certificate(s_, c);
  }

  nlohmann::json connect_card_link(const std::string& id) {
    const std::string token = "sandbox-card-" + std::to_string(++s_.cards) + "-" + id;
    return {{"token", token}, {"uri", "https://fivetran.com/connect-card/setup?auth=" + token}};
  }

  outcome create(generation g, const nlohmann::json& body) {
    for (const char* required : {"group_id", "service"}) {
      if (!body.contains(required) || !body[required].is_string() ||
          body[required].get<std::string>().empty()) {
        return bad_request(std::string("Missing required field '") + required + "'");
      }
    }
    const std::string group = body["group_id"].get<std::string>();
    const std::string service_id = body["service"].get<std::string>();
    if (s_.groups.count(group) == 0) {
      return failure(404, "NotFound_Group", "Group with id '" + group + "' doesn't exist");
    }
    if (s_.metadata.count(service_id) == 0) {
      return bad_request("Unsupported connector service '" + service_id + "'");
    }
    if (auto problem = check_settings(g, body); !problem.empty()) return bad_request(problem);
    const nlohmann::json config = body.value("config", nlohmann::json::object());
    const char* schema_key = s_.is_database(service_id) ? "schema_prefix" : "schema";
    if (!config.contains(schema_key) || !config[schema_key].is_string() ||
        config[schema_key].get<std::string>().empty()) {
      return bad_request(std::string("Missing required config field '") + schema_key + "'");
    }
    const std::string id = s_.next_connection_id();
    connection c = s_.make_connection(id, group, service_id, config[schema_key].get<std::string>(),
                                      /*captured=*/false);
    apply_settings(g, c, body);
    if (g == generation::connections && body.value("run_setup_tests", true)) run_tests(c, body);
    nlohmann::json data = shown(g, c);
    if (body.contains("connect_card_config")) data["connect_card"] = connect_card_link(id);
    s_.connections[id] = std::move(c);
    return success(201, std::string(noun(g)) + " has been created", std::move(data));
  }

  outcome details(generation g, const std::string& id) {
    connection* c = s_.find(id);
    if (c == nullptr) return state::not_found(g, id);
    // Time passes for a sync as a client polls the current API.
    if (g == generation::connections && c->record["status"]["sync_state"] == "syncing" &&
        c->polls_until_done > 0 && --c->polls_until_done == 0) {
      s_.finish_sync(*c, !c->syncs_fail);
    }
    return success(200, "Operation performed.", shown(g, *c));
  }

  outcome modify(generation g, const std::string&, connection& c, body_of body) {
    if (auto problem = check_settings(g, body); !problem.empty()) return bad_request(problem);
    apply_settings(g, c, body);
    if (body.value("run_setup_tests", false)) run_tests(c, body);
    return success(200, std::string(noun(g)) + " has been updated", shown(g, c));
  }

  outcome remove(generation g, const std::string& id) {
    if (s_.connections.erase(id) == 0) return state::not_found(g, id);
    return success(200, std::string(noun(g)) + " with id '" + id + "' has been deleted");
  }

  outcome connect_card(generation, const std::string& id, connection& c, body_of body) {
    nlohmann::json config = body.value("connect_card_config", nlohmann::json::object());
    if (auto problem = check_settings(generation::connectors, {{"connect_card_config", config}});
        !problem.empty()) {
      return bad_request(problem);
    }
    if (!config.contains("hide_setup_guide")) config["hide_setup_guide"] = false;
    c.record["connect_card_config"] = config;
    return success(200, "Connect Card has been generated",
                   {{"connector_id", id},
                    {"connect_card", connect_card_link(id)},
                    {"connect_card_config", config}});
  }

  outcome test(generation g, const std::string&, connection& c, body_of body) {
    if (auto problem = check_settings(g, body); !problem.empty()) return bad_request(problem);
    run_tests(c, body);
    return success(200, "Setup tests were completed", shown(g, c));
  }

  outcome sync(generation g, const std::string& id, connection& c, body_of body) {
    if (body.contains("force") && !body["force"].is_boolean()) {
      return bad_request("'force' must be a boolean");
    }
    const bool running = c.record["status"]["sync_state"] == "syncing";
    if (!running || body.value("force", false)) s_.start_sync(c, /*historical=*/false);
    std::string message = "Sync has been successfully triggered for ";
    message.append(g == generation::connectors ? "connector" : "connection");
    return success(200, message.append(" with id '").append(id).append("'"));
  }

  outcome resync(generation g, const std::string& id, connection& c, body_of body) {
    nlohmann::json scope = body.value("scope", nlohmann::json());
    if (!scope.is_null()) {
      bool ok = scope.is_object() && !scope.empty();
      for (const auto& tables : scope) {
        ok = ok && tables.is_array();
        for (const auto& t : tables) ok = ok && t.is_string();
      }
      if (!ok) return bad_request("'scope' must map schema names to arrays of table names");
    }
    if (c.record["status"]["sync_state"] == "syncing") {
      std::string message = "A sync of ";
      message.append(g == generation::connectors ? "connector" : "connection").append(" '");
      return conflict(message.append(id).append(
          "' is in progress and could not be completed; retry the re-sync later"));
    }
    s_.start_sync(c, /*historical=*/true);
    c.last_resync_scope = std::move(scope);
    return success(200, "Re-sync has been triggered successfully");
  }

  // Only Function and Connector SDK connections keep a state.
  std::optional<outcome> stateless(const connection& c) const {
    const std::string service_id = c.record.value("service", std::string());
    const auto type = s_.metadata.find(service_id);
    const bool function = type != s_.metadata.end() && type->second.value("type", "") == "Function";
    if (function || service_id == "connector_sdk") return std::nullopt;
    return bad_request("Connection '" + c.record.value("id", std::string()) +
                       "' does not support state management: only Function and Connector SDK "
                       "connections do");
  }

  outcome read_state(generation, const std::string& id, connection& c, body_of) {
    if (auto refusal = stateless(c)) return *refusal;
    if (!c.sdk_state) return bad_request("No state has been written for connection '" + id + "'");
    return success(200, "Operation performed.", {{"state", *c.sdk_state}});
  }

  outcome write_state(generation, const std::string& id, connection& c, body_of body) {
    if (auto refusal = stateless(c)) return *refusal;
    if (!body.contains("state") || !body["state"].is_object()) {
      return bad_request("'state' must be a JSON object");
    }
    const auto& r = c.record;
    if (r["status"]["sync_state"] == "syncing") {
      return conflict("Connection '" + id + "' is syncing; its state cannot be changed now");
    }
    if (!r.value("paused", false)) {
      return bad_request("Pause connection '" + id + "' before changing its state");
    }
    c.sdk_state = body["state"];
    return success(200, "Connection state has been updated", {{"state", *c.sdk_state}});
  }

  outcome list(const incoming& in, const std::optional<std::string>& group) {
    if (group && s_.groups.count(*group) == 0) {
      return failure(404, "NotFound_Group", "Group with id '" + *group + "' doesn't exist");
    }
    const auto page = read_page_request(in, 'c');
    if (const auto* refusal = std::get_if<outcome>(&page)) return *refusal;
    const std::optional<std::string> wanted_group = group ? group : in.query_value("group_id");
    const std::optional<std::string> wanted_schema = in.query_value("schema");
    const auto keep = [&](const connection& c) {
      return (!wanted_group || c.record.value("group_id", std::string()) == *wanted_group) &&
             (!wanted_schema || c.record.value("schema", std::string()) == *wanted_schema);
    };
    return success(200, "Operation performed.",
                   page_of(s_.settings, s_.connections, std::get<page_request>(page), 'c', keep,
                           [](const connection& c) { return state::list_item(c); }));
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fivetran
