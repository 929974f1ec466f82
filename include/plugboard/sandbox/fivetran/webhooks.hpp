// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "plugboard/detail/sha256.hpp"
#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/paging.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/fivetran/wire.hpp"
#include "plugboard/sandbox/server.hpp"

// Webhooks: account and group webhooks created, listed (paged), read,
// changed and deleted; and the test delivery. Fivetran signs every delivery:
// X-Fivetran-Signature-256 is the upper-case hex HMAC-SHA256 of the raw body
// with the webhook's secret. The fake really POSTs a test delivery when the
// URL is on 127.0.0.1 or localhost (never elsewhere: the sandbox stays on
// the machine), records every delivery for tests to read, and answers with
// what the receiver said. Secrets are shown as "******", as Fivetran does.

namespace plugboard::sandbox::detail::fivetran {

struct webhook_url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without the brackets of an IPv6 address
  std::string origin;  // scheme://host[:port]
  std::string target;  // the path and query, "/" when empty
};

inline std::optional<webhook_url> parse_webhook_url(std::string_view url) {
  webhook_url out;
  const auto colon = url.find("://");
  if (colon == std::string_view::npos) return std::nullopt;
  out.scheme = std::string(url.substr(0, colon));
  if (out.scheme != "http" && out.scheme != "https") return std::nullopt;
  const std::string_view rest = url.substr(colon + 3);
  const auto path = rest.find_first_of("/?#");
  const std::string_view authority = rest.substr(0, path);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    out.host = std::string(authority.substr(1, close - 1));
  } else {
    out.host = std::string(authority.substr(0, authority.find(':')));
  }
  if (out.host.empty()) return std::nullopt;
  out.origin = out.scheme;
  out.origin.append("://").append(authority);
  out.target = path == std::string_view::npos ? "/" : std::string(rest.substr(path));
  if (out.target.front() != '/') out.target.insert(out.target.begin(), '/');
  const auto fragment = out.target.find('#');
  if (fragment != std::string::npos) out.target.erase(fragment);
  return out;
}

inline bool is_loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

class webhook_routes {
 public:
  explicit webhook_routes(state& s) : s_(s) {}

  void install(router& routes) {
    routes.add("GET", "/v1/webhooks", [this](const incoming& in) {
      return serve(s_, in, "list_all_webhooks", [&](const nlohmann::json&) { return list(in); });
    });
    routes.add("POST", "/v1/webhooks/account", [this](const incoming& in) {
      return serve(s_, in, "create_account_webhook",
                   [&](const nlohmann::json& body) { return create(body, std::nullopt); });
    });
    routes.add("POST", "/v1/webhooks/group/{groupId}", [this](const incoming& in) {
      return serve(s_, in, "create_group_webhook",
                   [&](const nlohmann::json& body) { return create(body, in.param("groupId")); });
    });
    const std::string one = "/v1/webhooks/{webhookId}";
    routes.add("GET", one, [this](const incoming& in) {
      return serve(s_, in, "webhook_details",
                   [&](const nlohmann::json&) { return details(in.param("webhookId")); });
    });
    routes.add("PATCH", one, [this](const incoming& in) {
      return serve(s_, in, "modify_webhook",
                   [&](const nlohmann::json& body) { return modify(in.param("webhookId"), body); });
    });
    routes.add("DELETE", one, [this](const incoming& in) {
      return serve(s_, in, "delete_webhook",
                   [&](const nlohmann::json&) { return remove(in.param("webhookId")); });
    });
    // Unlocked: the delivery waits for the receiver, which may be a test in
    // this process that asks the fake something meanwhile.
    routes.add("POST", one + "/test", [this](const incoming& in) {
      return serve(
          s_, in, "test_webhook",
          [&](const nlohmann::json& body) { return test(in.param("webhookId"), body); },
          body_rule::optional, /*locked=*/false);
    });
  }

 private:
  static nlohmann::json shown(const nlohmann::json& webhook) {
    nlohmann::json out = webhook;
    if (out.contains("secret")) out["secret"] = "******";
    return out;
  }

  static outcome not_found(const std::string& id) {
    return failure(404, "NotFound_Webhook", "Webhook with id '" + id + "' doesn't exist");
  }

  // "" when the webhook fields are fine.
  std::string check(const nlohmann::json& body) const {
    if (body.contains("url")) {
      if (!body["url"].is_string()) return "'url' must be a string";
      const auto url = parse_webhook_url(body["url"].get<std::string>());
      if (!url) return "'url' must be an http(s) URL";
      const bool loopback_http = url->scheme == "http" && is_loopback(url->host) &&
                                 s_.settings.allow_http_loopback_webhooks;
      if (url->scheme != "https" && !loopback_http) return "'url' must be an https:// URL";
    }
    if (body.contains("events")) {
      const auto& events = body["events"];
      bool ok = events.is_array() && !events.empty();
      for (const auto& e : events) ok = ok && e.is_string() && !e.get<std::string>().empty();
      if (!ok) return "'events' must list at least one event";
    }
    for (const char* text : {"secret"}) {
      if (body.contains(text) && !body[text].is_string()) return "'secret' must be a string";
    }
    if (body.contains("active") && !body["active"].is_boolean())
      return "'active' must be a boolean";
    return {};
  }

  outcome create(const nlohmann::json& body, const std::optional<std::string>& group) {
    if (group && s_.groups.count(*group) == 0) {
      return failure(404, "NotFound_Group", "Group with id '" + *group + "' doesn't exist");
    }
    for (const char* required : {"url", "events"}) {
      if (!body.contains(required)) return bad_request(std::string("Missing '") + required + "'");
    }
    if (auto problem = check(body); !problem.empty()) return bad_request(problem);
    const std::string id = s_.next_webhook_id();
    nlohmann::json webhook = {{"id", id},
                              {"type", group ? "group" : "account"},
                              {"url", body["url"]},
                              {"events", body["events"]},
                              {"active", body.value("active", true)},
                              {"created_at", s_.tick()},
                              {"created_by", "sandbox_user"}};
    if (group) webhook["group_id"] = *group;
    if (body.contains("secret")) webhook["secret"] = body["secret"];
    s_.webhooks[id] = webhook;
    return success(200, "Webhook has been created", shown(webhook));
  }

  outcome list(const incoming& in) {
    const auto page = read_page_request(in, 'w');
    if (const auto* refusal = std::get_if<outcome>(&page)) return *refusal;
    return success(200, "Operation performed.",
                   page_of(
                       s_.settings, s_.webhooks, std::get<page_request>(page), 'w',
                       [](const nlohmann::json&) { return true; },
                       [](const nlohmann::json& webhook) { return shown(webhook); }));
  }

  outcome details(const std::string& id) {
    const auto it = s_.webhooks.find(id);
    if (it == s_.webhooks.end()) return not_found(id);
    return success(200, "Operation performed.", shown(it->second));
  }

  outcome modify(const std::string& id, const nlohmann::json& body) {
    const auto it = s_.webhooks.find(id);
    if (it == s_.webhooks.end()) return not_found(id);
    if (auto problem = check(body); !problem.empty()) return bad_request(problem);
    for (const char* key : {"url", "events", "active", "secret"}) {
      if (body.contains(key)) it->second[key] = body[key];
    }
    return success(200, "Webhook has been updated", shown(it->second));
  }

  outcome remove(const std::string& id) {
    if (s_.webhooks.erase(id) == 0) return not_found(id);
    return success(200, "Webhook with id '" + id + "' has been deleted");
  }

  // A sample event about Fivetran's dummy connection "_connection_1".
  static nlohmann::json sample_event(const std::string& event, const nlohmann::json& webhook,
                                     const std::string& created) {
    nlohmann::json payload = {{"event", event},
                              {"created", created},
                              {"connector_type", "_connection_type"},
                              {"connector_id", "_connection_1"},
                              {"connector_name", "_connection_name"},
                              {"sync_id", "_sync_1"},
                              {"destination_group_id", webhook.value("group_id", "_group_1")},
                              {"data", nlohmann::json::object()}};
    if (event == "sync_end") payload["data"] = {{"status", "SUCCESSFUL"}};
    return payload;
  }

  // Checks and signs under the lock, sends without it, records under it.
  outcome test(const std::string& id, const nlohmann::json& body) {
    fivetran_webhook_delivery delivery;
    std::chrono::milliseconds timeout{};
    {
      std::lock_guard<std::mutex> lock(s_.mutex);
      const auto it = s_.webhooks.find(id);
      if (it == s_.webhooks.end()) return not_found(id);
      if (!body.contains("event") || !body["event"].is_string() ||
          body["event"].get<std::string>().empty()) {
        return bad_request("Missing 'event'");
      }
      const nlohmann::json& webhook = it->second;
      delivery.webhook_id = id;
      delivery.url = webhook.value("url", std::string());
      delivery.event = body["event"].get<std::string>();
      delivery.body = sample_event(delivery.event, webhook, s_.tick()).dump();
      const std::string secret = webhook.value("secret", std::string());
      if (!secret.empty()) {
        delivery.signature = plugboard::detail::sha256_hex(
            plugboard::detail::hmac_sha256(secret, delivery.body), /*upper_case=*/true);
      }
      timeout = s_.settings.webhook_timeout;
    }
    send(delivery, timeout);
    const bool succeeded = delivery.sent && delivery.status >= 200 && delivery.status < 300;
    std::string message = "The webhook test succeeded";
    if (!delivery.error.empty()) {
      message = delivery.error;
    } else if (!succeeded) {
      message = "The receiver answered ";
      message.append(std::to_string(delivery.status));
    }
    nlohmann::json data = {
        {"succeed", succeeded}, {"status", delivery.status}, {"message", std::move(message)}};
    {
      std::lock_guard<std::mutex> lock(s_.mutex);
      s_.deliveries.push_back(std::move(delivery));
    }
    return success(200, "Webhook test has been completed", std::move(data));
  }

  static void send(fivetran_webhook_delivery& delivery, std::chrono::milliseconds timeout) {
    const auto url = parse_webhook_url(delivery.url);
    if (!url || !is_loopback(url->host)) {
      delivery.error = "Not sent: the sandbox delivers only to 127.0.0.1 and localhost";
      return;
    }
    httplib::Headers headers = {{"User-Agent", "plugboard-sandbox-fivetran-webhooks"}};
    if (!delivery.signature.empty()) {
      headers.emplace("X-Fivetran-Signature-256", delivery.signature);
    }
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT)
    if (url->scheme == "https") {
      delivery.error = "Not sent: this sandbox was built without TLS";
      return;
    }
#endif
    httplib::Client client(url->origin);
#if defined(CPPHTTPLIB_OPENSSL_SUPPORT)
    // A test's receiver has a certificate of its own making.
    client.enable_server_certificate_verification(false);
#endif
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(timeout);
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout - seconds);
    client.set_connection_timeout(static_cast<time_t>(seconds.count()),
                                  static_cast<time_t>(micros.count()));
    client.set_read_timeout(static_cast<time_t>(seconds.count()),
                            static_cast<time_t>(micros.count()));
    client.set_write_timeout(static_cast<time_t>(seconds.count()),
                             static_cast<time_t>(micros.count()));
    const auto result =
        client.Post(url->target.c_str(), headers, delivery.body, "application/json");
    delivery.sent = true;
    if (!result) {
      delivery.error = "The receiver could not be reached: ";
      delivery.error.append(httplib::to_string(result.error()));
      return;
    }
    delivery.status = result->status;
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fivetran
