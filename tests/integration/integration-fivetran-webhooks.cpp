// SPDX-License-Identifier: MIT
// The Fivetran fake's webhooks over real HTTP on 127.0.0.1: account and group
// webhooks, paging, 404s, the URL rules, and the test delivery, received by a
// second sandbox server and verified with verify_webhook_signature.
#include <doctest/doctest.h>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "plugboard/core/headers.hpp"
#include "plugboard/fivetran/webhook_signature.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/server.hpp"
#include "support/fivetran_raw.hpp"

using nlohmann::json;
using plugboard::fivetran::verify_webhook_signature;
using plugboard_test::fivetran_raw;
namespace sandbox = plugboard::sandbox;

namespace {

// A webhook receiver: records what it was sent, answers `status`.
class receiver : public sandbox::service {
 public:
  struct delivery {
    std::string body;
    plugboard::http_headers headers;
  };

  void install(sandbox::router& routes) override {
    routes.add("POST", "/hook", [this](const sandbox::incoming& in) {
      std::lock_guard<std::mutex> lock(mutex_);
      delivery d;
      d.body = in.body;
      for (const auto& field : in.headers) d.headers.add(field.first, field.second);
      received_.push_back(std::move(d));
      return sandbox::reply::json(status_, {{"received", true}});
    });
  }
  void answer_with(int status) {
    std::lock_guard<std::mutex> lock(mutex_);
    status_ = status;
  }
  std::vector<delivery> received() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return received_;
  }

 private:
  mutable std::mutex mutex_;
  int status_ = 200;
  std::vector<delivery> received_;
};

struct with_receiver {
  fivetran_raw f;
  sandbox::server hooks;
  receiver& inbox;
  std::string url;

  explicit with_receiver(fivetran_raw::default_settings_type s = fivetran_raw::default_settings())
      : f(std::move(s)), inbox(hooks.mount<receiver>("/inbox")), url(hooks.url("/inbox/hook")) {}
};

}  // namespace

TEST_CASE("account and group webhooks: create, read, list by pages, change, delete") {
  fivetran_raw f;
  const auto created =
      f.post("/v1/webhooks/account", {{"url", "https://hooks.example.com/fivetran"},
                                      {"events", {"sync_start", "sync_end"}},
                                      {"active", true},
                                      {"secret", "my-secret"}});
  REQUIRE_MESSAGE(created.status == 200, created.raw);
  const auto& webhook = created.data();
  const std::string id = webhook.at("id").get<std::string>();
  CHECK(webhook["type"] == "account");
  CHECK(webhook["secret"] == "******");  // never shown
  CHECK(webhook["events"] == json{"sync_start", "sync_end"});
  CHECK_FALSE(webhook.contains("group_id"));
  CHECK(f.fake.webhook_secret(id) == "my-secret");
  CHECK(f.get("/v1/webhooks/" + id).data()["url"] == "https://hooks.example.com/fivetran");

  const auto group = f.post("/v1/webhooks/group/other_group",
                            {{"url", "https://hooks.example.com/group"}, {"events", {"sync_end"}}});
  REQUIRE_MESSAGE(group.status == 200, group.raw);
  CHECK(group.data()["type"] == "group");
  CHECK(group.data()["group_id"] == "other_group");
  CHECK(group.data()["active"] == true);  // the default
  const auto no_group =
      f.post("/v1/webhooks/group/nope",
             {{"url", "https://hooks.example.com/group"}, {"events", {"sync_end"}}});
  CHECK(no_group.status == 404);
  CHECK(no_group.code() == "NotFound_Group");

  for (int i = 0; i < 3; ++i) {
    f.post("/v1/webhooks/account",
           {{"url", "https://hooks.example.com/" + std::to_string(i)}, {"events", {"sync_end"}}});
  }
  std::set<std::string> ids;
  std::string cursor;
  int pages = 0;
  for (; pages < 10; ++pages) {
    const auto page =
        f.get("/v1/webhooks?limit=2" + (cursor.empty() ? std::string() : "&cursor=" + cursor));
    REQUIRE(page.status == 200);
    for (const auto& item : page.data()["items"]) {
      ids.insert(item["id"].get<std::string>());
      CHECK(item.value("secret", std::string("******")) == "******");
    }
    if (!page.data().contains("next_cursor")) break;
    cursor = page.data()["next_cursor"].get<std::string>();
  }
  CHECK(pages == 2);  // 5 webhooks in pages of 2: the third page has no next
  CHECK(ids.size() == 5);
  CHECK(f.fake.webhook_count() == 5);

  const auto changed = f.patch("/v1/webhooks/" + id, {{"active", false}, {"events", {"sync_end"}}});
  REQUIRE(changed.status == 200);
  CHECK(changed.data()["active"] == false);
  CHECK(changed.data()["events"] == json{"sync_end"});
  CHECK(changed.data()["url"] == "https://hooks.example.com/fivetran");  // untouched

  CHECK(f.del("/v1/webhooks/" + id).status == 200);
  for (const auto& gone : {f.get("/v1/webhooks/" + id), f.del("/v1/webhooks/" + id),
                           f.patch("/v1/webhooks/" + id, {{"active", true}}),
                           f.post("/v1/webhooks/" + id + "/test", {{"event", "sync_end"}})}) {
    CHECK(gone.status == 404);
    CHECK(gone.code() == "NotFound_Webhook");
  }
}

TEST_CASE("webhook URLs: https, or http on loopback when the settings allow it") {
  fivetran_raw f;
  const auto post = [&](const std::string& url) {
    return f.post("/v1/webhooks/account", {{"url", url}, {"events", {"sync_end"}}});
  };
  CHECK(post("https://hooks.example.com/x").status == 200);
  CHECK(post("http://127.0.0.1:9/x").status == 200);
  CHECK(post("http://localhost:9/x").status == 200);
  CHECK(post("http://[::1]:9/x").status == 200);
  const auto plain = post("http://hooks.example.com/x");
  CHECK(plain.status == 400);
  CHECK(plain.message() == "'url' must be an https:// URL");
  CHECK(post("ftp://hooks.example.com/x").status == 400);
  CHECK(post("https://user@hooks.example.com/x").status == 400);
  CHECK(post("hooks.example.com").status == 400);

  auto strict = fivetran_raw::default_settings();
  strict.allow_http_loopback_webhooks = false;
  fivetran_raw g(strict);
  CHECK(
      g.post("/v1/webhooks/account", {{"url", "http://127.0.0.1:9/x"}, {"events", {"a"}}}).status ==
      400);
}

TEST_CASE("webhook bodies are checked against the document") {
  fivetran_raw f;
  const auto events =
      f.post("/v1/webhooks/account", {{"url", "https://h.example.com"}, {"events", "sync_end"}});
  CHECK(events.status == 400);
  CHECK(events.code() == "InvalidInput");
  CHECK(events.message().find("'/events'") != std::string::npos);
  const auto url = f.post("/v1/webhooks/account", {{"events", {"sync_end"}}});
  CHECK(url.message().find("'/url'") != std::string::npos);
  const auto id =
      f.post("/v1/webhooks/account", {{"url", "https://h.example.com"}, {"events", {"x"}}})
          .data()["id"]
          .get<std::string>();
  const auto event = f.post("/v1/webhooks/" + id + "/test", json::object());
  CHECK(event.status == 400);
  CHECK(event.message().find("'/event'") != std::string::npos);
}

TEST_CASE("a test delivery is POSTed to a loopback receiver, signed, and recorded") {
  with_receiver w;
  const auto created = w.f.post("/v1/webhooks/account",
                                {{"url", w.url}, {"events", {"sync_end"}}, {"secret", "s3cret"}});
  REQUIRE_MESSAGE(created.status == 200, created.raw);
  const std::string id = created.data()["id"].get<std::string>();

  const auto tested = w.f.post("/v1/webhooks/" + id + "/test", {{"event", "sync_end"}});
  REQUIRE_MESSAGE(tested.status == 200, tested.raw);
  CHECK(tested.data()["succeed"] == true);
  CHECK(tested.data()["status"] == 200);

  const auto received = w.inbox.received();
  REQUIRE(received.size() == 1);
  const auto& got = received[0];
  const std::string signature(got.headers.get("X-Fivetran-Signature-256"));
  REQUIRE(signature.size() == 64);
  for (const char c : signature) CHECK(((c >= '0' && c <= '9') || (c >= 'A' && c <= 'F')));
  CHECK(verify_webhook_signature(got.body, "s3cret", signature));
  CHECK(verify_webhook_signature(got.body, "s3cret", got.headers));
  CHECK_FALSE(verify_webhook_signature(got.body, "other", got.headers));
  std::string tampered = got.body;
  tampered.back() = static_cast<char>(tampered.back() ^ 0x01);
  CHECK_FALSE(verify_webhook_signature(tampered, "s3cret", got.headers));
  CHECK(got.headers.get("Content-Type").rfind("application/json", 0) == 0);
  const auto payload = json::parse(got.body);
  CHECK(payload["event"] == "sync_end");
  CHECK(payload["connector_id"] == "_connection_1");
  CHECK(payload["data"]["status"] == "SUCCESSFUL");

  const auto recorded = w.f.fake.deliveries();
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0].webhook_id == id);
  CHECK(recorded[0].body == got.body);  // the bytes signed are the bytes sent
  CHECK(recorded[0].signature == signature);
  CHECK(recorded[0].sent);
  CHECK(recorded[0].status == 200);

  // A receiver that fails: the test says so.
  w.inbox.answer_with(500);
  const auto failed = w.f.post("/v1/webhooks/" + id + "/test", {{"event", "sync_start"}});
  REQUIRE(failed.status == 200);
  CHECK(failed.data()["succeed"] == false);
  CHECK(failed.data()["status"] == 500);
  CHECK(w.inbox.received().size() == 2);
}

TEST_CASE("a webhook without a secret is not signed; other hosts are recorded, not sent") {
  with_receiver w;
  const auto unsigned_hook =
      w.f.post("/v1/webhooks/account", {{"url", w.url}, {"events", {"sync_end"}}})
          .data()["id"]
          .get<std::string>();
  CHECK(w.f.post("/v1/webhooks/" + unsigned_hook + "/test", {{"event", "sync_end"}})
            .data()["succeed"] == true);
  REQUIRE(w.inbox.received().size() == 1);
  CHECK_FALSE(w.inbox.received()[0].headers.contains("X-Fivetran-Signature-256"));

  const auto remote =
      w.f.post("/v1/webhooks/account",
               {{"url", "https://hooks.example.com/x"}, {"events", {"sync_end"}}, {"secret", "s"}})
          .data()["id"]
          .get<std::string>();
  const auto tested = w.f.post("/v1/webhooks/" + remote + "/test", {{"event", "sync_end"}});
  REQUIRE(tested.status == 200);
  CHECK(tested.data()["succeed"] == false);
  CHECK(tested.data()["status"] == 0);
  const auto recorded = w.f.fake.deliveries();
  REQUIRE(recorded.size() == 2);
  CHECK_FALSE(recorded[1].sent);
  CHECK(verify_webhook_signature(recorded[1].body, "s", recorded[1].signature));
  CHECK(w.inbox.received().size() == 1);  // nothing more arrived
}

TEST_CASE("a receiver that is not listening: the test answers status 0, within the timeout") {
  int closed_port = 0;
  {
    sandbox::server gone;
    closed_port = gone.port();
  }
  auto settings = fivetran_raw::default_settings();
  settings.webhook_timeout = std::chrono::milliseconds(2000);
  fivetran_raw f(settings);
  const std::string url = "http://127.0.0.1:" + std::to_string(closed_port) + "/hook";
  const auto id = f.post("/v1/webhooks/account", {{"url", url}, {"events", {"sync_end"}}})
                      .data()["id"]
                      .get<std::string>();
  const auto started = std::chrono::steady_clock::now();
  const auto tested = f.post("/v1/webhooks/" + id + "/test", {{"event", "sync_end"}});
  CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(8));
  REQUIRE(tested.status == 200);
  CHECK(tested.data()["succeed"] == false);
  CHECK(tested.data()["status"] == 0);
  CHECK(tested.data()["message"].get<std::string>().find("could not be reached") !=
        std::string::npos);
}
