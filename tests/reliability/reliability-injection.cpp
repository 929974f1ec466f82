// SPDX-License-Identifier: MIT
// Injection: adversarial ids and slugs always travel as exactly one path
// segment and arrive unchanged, for every path parameter of every service;
// query values are encoded and arrive unchanged; CR, LF or NUL in any header
// value or credential is a usage_error before anything is sent.
#include <doctest/doctest.h>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/url.hpp"
#include "plugboard/fivetran/client.hpp"
#include "plugboard/fortisoar/client.hpp"
#include "plugboard/pieces/client.hpp"
#include "plugboard/pipeshub/client.hpp"
#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/fivetran.hpp"
#include "plugboard/sandbox/fortisoar.hpp"
#include "plugboard/sandbox/pieces.hpp"
#include "plugboard/sandbox/pipeshub.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "plugboard/services.hpp"
#include "support/registry_sweep.hpp"

using plugboard::json;
namespace sandbox = plugboard::sandbox;
namespace fivetran = plugboard::fivetran;
namespace fortisoar = plugboard::fortisoar;
namespace pieces = plugboard::pieces;
namespace pipeshub = plugboard::pipeshub;
namespace providers = plugboard::providers;

namespace {

// Values that would change the route, the query or the request if they were
// not encoded, and values that are merely awkward.
const std::vector<std::string>& adversarial() {
  static const std::vector<std::string> values = {
      "../../admin",
      "..",
      ".",
      "a/b",
      "a%2Fb",
      "100%",
      "%",
      "%zz",
      "a?admin=true",
      "a#fragment",
      "a&b=c",
      "with space",
      "plus+sign",
      "semi;colon,comma",
      "quote\"apostrophe'",
      "back\\slash",
      "{braces}[brackets]",
      "tab\there",
      "line\r\nX-Injected: 1",
      std::string("nul\0byte", 8),
      "\xff\xfe not UTF-8",
      "ünïcødé/名前/🙂",
      std::string(1500, 'x') + "/../" + std::string(500, '?'),
  };
  return values;
}

std::string printable(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 80)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x7f) {
      const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[byte >> 4];
      out += hex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return text.size() > 80 ? out + "...(" + std::to_string(text.size()) + " bytes)" : out;
}

std::vector<std::string> split(std::string_view path) {
  std::vector<std::string> out;
  std::size_t start = 1;  // after the leading '/'
  while (true) {
    const auto slash = path.find('/', start);
    out.emplace_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// The query of a target as (name, value) pairs, decoded as a server does.
std::vector<std::pair<std::string, std::string>> query_of(std::string_view target) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto q = target.find('?');
  if (q == std::string_view::npos) return out;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    out.emplace_back(plugboard::percent_decode(pair.substr(0, eq), true),
                     eq == std::string_view::npos
                         ? std::string()
                         : plugboard::percent_decode(pair.substr(eq + 1), true));
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return out;
}

// One operation with a string path parameter: the call, and the path
// template (below the mount prefix) whose {placeholder} the value fills.
struct operation {
  std::string name;
  std::string method;
  std::string path_template;
  std::function<void(const std::string&)> call;
};

// Checks the request the sandbox received last: one request, the right
// method, the template's segments, and the value back exactly after decoding.
void check_received(const sandbox::server& server, std::size_t before, const std::string& prefix,
                    const operation& op, const std::string& value) {
  REQUIRE(server.request_count() == before + 1);
  const auto log = server.requests();
  REQUIRE_FALSE(log.empty());
  const auto& got = log.back();
  CHECK(got.method == op.method);
  const std::string_view target = got.target;
  CHECK(target.find('#') == std::string_view::npos);
  CHECK(target.find(' ') == std::string_view::npos);
  const std::string_view path = target.substr(0, target.find('?'));
  REQUIRE(path.substr(0, prefix.size()) == prefix);
  const auto segments = split(path.substr(prefix.size()));
  const auto pattern = split(op.path_template);
  REQUIRE(segments.size() == pattern.size());
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].size() > 2 && pattern[i].front() == '{') {
      CHECK(plugboard::percent_decode(segments[i]) == value);
    } else {
      CHECK(segments[i] == pattern[i]);
    }
  }
}

// Runs every adversarial value (and an empty one) through every operation.
std::size_t run_operations(sandbox::server& server, const std::string& prefix,
                           const std::vector<operation>& operations) {
  std::size_t checked = 0;
  for (const auto& op : operations) {
    CAPTURE(op.name);
    for (const auto& value : adversarial()) {
      const std::string shown = printable(value);
      CAPTURE(shown);
      const std::size_t before = server.request_count();
      try {
        op.call(value);
      } catch (const plugboard::api_error&) {
        // 404 and friends: the fake did not know the id, which is fine.
      } catch (const plugboard::decode_error&) {
        // A reply the operation does not expect for an unknown id.
      }
      check_received(server, before, prefix, op, value);
      ++checked;
    }
    // An empty id would address the collection: refused, nothing sent.
    const std::size_t before = server.request_count();
    CHECK_THROWS_AS(op.call(""), plugboard::usage_error);
    CHECK(server.request_count() == before);
  }
  return checked;
}

}  // namespace

TEST_CASE("adversarial path values stay one segment and arrive unchanged, for every service") {
  sandbox::server server;
  plugboard::for_each_type(plugboard::services{}, [&](auto service) {
    plugboard_test::mount_fake<typename decltype(service)::type>(server);
  });
  std::size_t checked = 0;

  providers::client<> admin(server.url("/providers"), providers::api_key(""));
  const std::string provider_path = "/v1/admin/connector-providers/{provider_slug}";
  checked +=
      run_operations(server, "/providers",
                     {{"get", "GET", provider_path,
                       [&](const std::string& v) { admin.connector_providers().get(v); }},
                      {"setup", "POST", provider_path + "/setup",
                       [&](const std::string& v) {
                         admin.connector_providers().setup(v, {{"client_id", "a"}});
                       }},
                      {"reset", "DELETE", provider_path + "/setup",
                       [&](const std::string& v) { admin.connector_providers().reset(v); }}});

  fivetran::client<> ft(server.url("/fivetran"),
                        fivetran::api_key("sandbox-api-key", "sandbox-api-secret"));
  auto cm = ft.connector_management();
  checked +=
      run_operations(server, "/fivetran",
                     {{"connect_card", "POST", "/v1/connectors/{id}/connect-card",
                       [&](const std::string& v) { cm.connect_card(v); }},
                      {"connector_details", "GET", "/v1/connectors/{id}",
                       [&](const std::string& v) { cm.connector_details(v); }},
                      {"delete_connector", "DELETE", "/v1/connectors/{id}",
                       [&](const std::string& v) { cm.delete_connector(v); }},
                      {"modify_connector", "PATCH", "/v1/connectors/{id}",
                       [&](const std::string& v) { cm.modify_connector(v, {}); }},
                      {"resync_connector", "POST", "/v1/connectors/{id}/resync",
                       [&](const std::string& v) { cm.resync_connector(v); }},
                      {"run_setup_tests", "POST", "/v1/connectors/{id}/test",
                       [&](const std::string& v) { cm.run_setup_tests(v); }},
                      {"sync_connector", "POST", "/v1/connectors/{id}/sync",
                       [&](const std::string& v) { cm.sync_connector(v); }},
                      {"metadata_connector_config", "GET", "/v1/metadata/connectors/{service}",
                       [&](const std::string& v) { cm.metadata_connector_config(v); }}});

  pipeshub::client<> ph(server.url("/pipeshub/api/v1"), plugboard::bearer_auth("admin-token"));
  auto ci = ph.connector_instances();
  checked += run_operations(
      server, "/pipeshub/api/v1",
      {{"get", "GET", "/connectors/{id}", [&](const std::string& v) { ci.get(v); }},
       {"delete_", "DELETE", "/connectors/{id}", [&](const std::string& v) { ci.delete_(v); }},
       {"update_name", "PUT", "/connectors/{id}/name",
        [&](const std::string& v) { ci.update_name(v, "renamed"); }}});

  pieces::client<> pc(server.url("/pieces"));
  auto con = pc.connector();
  checked += run_operations(
      server, "/pieces",
      {{"intention", "POST", "/{application}/intention",
        [&](const std::string& v) { con.intention(v); }},
       {"onboarded", "POST", "/{application}/onboarded",
        [&](const std::string& v) { con.onboarded(v, true); }},
       {"react", "POST", "/{application}/reaction", [&](const std::string& v) { con.react(v); }},
       {"suggest", "POST", "/{application}/suggestion",
        [&](const std::string& v) { con.suggest(v); }},
       {"track", "POST", "/{application}/track", [&](const std::string& v) { con.track(v); }}});

  fortisoar::client<> soar(server.url("/fortisoar"), fortisoar::api_key("sandbox-api-key"));
  auto fc = soar.connectors();
  const std::string entity = "/api/integration/connector/development/entity/{entity_id}/";
  fortisoar::healthcheck_options with_version;
  with_version.version = "1.0.0";
  checked += run_operations(
      server, "/fortisoar",
      {{"healthcheck (name)", "GET", "/api/integration/connectors/healthcheck/{name}/1.0.0/",
        [&](const std::string& v) { fc.healthcheck(v, with_version); }},
       {"dev_edit", "POST", entity, [&](const std::string& v) { fc.dev_edit(v); }},
       {"dev_read_file", "POST", entity + "files/",
        [&](const std::string& v) { fc.dev_read_file(v, "/x_1_0_0_dev/info.json"); }},
       {"dev_write_file", "PUT", entity + "files/",
        [&](const std::string& v) { fc.dev_write_file(v, "/x_1_0_0_dev/a.py", "pass"); }},
       {"dev_publish", "POST", entity + "publish/",
        [&](const std::string& v) { fc.dev_publish(v); }},
       {"install_status", "GET", "/api/3/import_jobs/{job_id}",
        [&](const std::string& v) { fc.install_status(v); }},
       {"heartbeat", "GET", "/api/integration/agent-heartbeat/{agent_id}/",
        [&](const std::string& v) { soar.agents().heartbeat(v); }}});
  // The version is a path parameter too.
  checked += run_operations(
      server, "/fortisoar",
      {{"healthcheck (version)", "GET", "/api/integration/connectors/healthcheck/smtp/{version}/",
        [&](const std::string& v) {
          fortisoar::healthcheck_options how;
          how.version = v;
          fc.healthcheck("smtp", how);
        }}});

  MESSAGE(checked << " adversarial path values checked at the sandbox");
  CHECK(checked == 27 * adversarial().size());
}

TEST_CASE("an id with every awkward byte round-trips through the fakes' own state") {
  sandbox::server server;
  auto& providers_fake = server.mount<sandbox::providers_fake>("/providers");
  auto& fivetran_fake = server.mount<sandbox::fivetran_fake>("/fivetran");
  providers::client<> admin(server.url("/providers"), providers::api_key(""));
  fivetran::client<> ft(server.url("/fivetran"),
                        fivetran::api_key("sandbox-api-key", "sandbox-api-secret"));
  for (const auto& value : adversarial()) {
    // JSON cannot carry bytes that are not UTF-8, so such an id has no record.
    if (value.find('\xff') != std::string::npos) continue;
    const std::string shown = printable(value);
    CAPTURE(shown);
    providers_fake.add_provider({{"id", "x"}, {"provider_slug", value}});
    CHECK(admin.connector_providers().get(value).provider_slug == value);
    admin.connector_providers().setup(value, {{"client_id", "a"}});
    CHECK(providers_fake.stored_config(value) == json{{"client_id", "a"}});

    fivetran_fake.add_connector(value, "google_sheets");
    CHECK(ft.connector_management().connector_details(value).data.id == value);
    ft.connector_management().sync_connector(value);
    CHECK(fivetran_fake.syncs_started(value) == 1);
  }
}

TEST_CASE("a path value too long for any server is an api_error, not a crash") {
  sandbox::server server;
  server.mount<sandbox::providers_fake>("/providers");
  providers::client<> admin(server.url("/providers"), providers::api_key(""));
  try {
    admin.connector_providers().get(std::string(100000, '/'));
    FAIL("no error");
  } catch (const plugboard::api_error& e) {
    CHECK(e.status() == 414);  // URI Too Long, from the server
  } catch (const plugboard::transport_error& e) {
    // Some servers close the connection instead: also a typed error.
    CHECK(e.request_may_have_been_sent());
  }
}

TEST_CASE("query values are encoded and arrive unchanged") {
  sandbox::server server;
  server.mount<sandbox::fivetran_fake>("/fivetran");
  server.mount<sandbox::pipeshub_fake>("/pipeshub");
  server.mount<sandbox::fortisoar_fake>("/fortisoar");
  fivetran::client<> ft(server.url("/fivetran"),
                        fivetran::api_key("sandbox-api-key", "sandbox-api-secret"));
  pipeshub::client<> ph(server.url("/pipeshub/api/v1"), plugboard::bearer_auth("admin-token"));
  fortisoar::client<> soar(server.url("/fortisoar"), fortisoar::api_key("sandbox-api-key"));

  struct query_call {
    std::string name;
    std::string parameter;
    std::function<void(const std::string&)> call;
  };
  const std::vector<query_call> calls = {
      {"fivetran metadata_connectors", "cursor",
       [&](const std::string& v) { ft.connector_management().metadata_connectors(v, 10); }},
      {"pipeshub list", "search",
       [&](const std::string& v) {
         pipeshub::list_params p;
         p.search = v;
         ph.connector_instances().list(p);
       }},
      {"pipeshub list_configured", "search",
       [&](const std::string& v) {
         pipeshub::list_params p;
         p.search = v;
         ph.connector_instances().list_configured(p);
       }},
      {"fortisoar list_configurations", "name",
       [&](const std::string& v) {
         fortisoar::list_configurations_options o;
         o.name = v;
         soar.connectors().list_configurations(o);
       }},
      {"fortisoar healthcheck", "config",
       [&](const std::string& v) {
         fortisoar::healthcheck_options o;
         o.version = "2.6.0";
         o.config = v;
         soar.connectors().healthcheck("smtp", o);
       }},
  };
  std::size_t checked = 0;
  for (const auto& c : calls) {
    CAPTURE(c.name);
    for (const auto& value : adversarial()) {
      const std::string shown = printable(value);
      CAPTURE(shown);
      const std::size_t before = server.request_count();
      try {
        c.call(value);
      } catch (const plugboard::api_error&) {
        // e.g. "Invalid cursor": the value arrived, which is what counts.
      }
      REQUIRE(server.request_count() == before + 1);
      const std::string target = server.requests().back().target;
      CHECK(target.find('#') == std::string::npos);
      std::size_t found = 0;
      for (const auto& [name, received] : query_of(target)) {
        if (name != c.parameter) continue;
        ++found;
        CHECK(received == value);
      }
      CHECK(found == 1);  // once, and no parameter smuggled in beside it
      for (const auto& [name, received] : query_of(target)) {
        CHECK(name != "admin");
        CHECK(name != "b");
      }
      ++checked;
    }
  }
  CHECK(checked == calls.size() * adversarial().size());
}

TEST_CASE("CR, LF or NUL in a header value or a credential: usage_error, nothing sent") {
  sandbox::server server;
  plugboard::for_each_type(plugboard::services{}, [&](auto service) {
    plugboard_test::mount_fake<typename decltype(service)::type>(server);
  });
  const std::vector<std::string> bad = {"a\r\nX-Injected: 1",   "a\nb",  "a\rb",
                                        std::string("a\0b", 3), "a\x7f", "a\x01"};

  std::size_t refused = 0;
  const auto expect_refused = [&](const std::string& what, const std::function<void()>& call) {
    CAPTURE(what);
    const std::size_t before = server.request_count();
    CHECK_THROWS_AS(call(), plugboard::usage_error);
    CHECK(server.request_count() == before);
    ++refused;
  };

  for (const auto& b : bad) {
    const std::string shown = printable(b);
    CAPTURE(shown);
    // Credentials, one per auth policy.
    expect_refused("providers API key", [&] {
      providers::client<> c(server.url("/providers"), providers::api_key(b));
      c.connector_providers().list();
    });
    expect_refused("fivetran Basic key", [&] {
      fivetran::client<> c(server.url("/fivetran"), fivetran::api_key(b, "secret"));
      c.connector_management().connector_details("c");
    });
    expect_refused("fivetran Basic secret", [&] {
      fivetran::client<> c(server.url("/fivetran"), fivetran::api_key("key", b));
      c.connector_management().connector_details("c");
    });
    expect_refused("pipeshub bearer token", [&] {
      pipeshub::client<> c(server.url("/pipeshub/api/v1"), plugboard::bearer_auth(b));
      c.connector_instances().list_active();
    });
    expect_refused("pipeshub bearer token from a callable", [&] {
      pipeshub::client<> c(server.url("/pipeshub/api/v1"),
                           plugboard::bearer_auth([&] { return b; }));
      c.connector_instances().list_active();
    });
    expect_refused("pieces application id", [&] {
      pieces::client<> c(server.url("/pieces"), pieces::application_id(b));
      c.connector().track("app");
    });
    expect_refused("fortisoar API key", [&] {
      fortisoar::client<> c(server.url("/fortisoar"), fortisoar::api_key(b));
      c.agents().heartbeat("agent");
    });
    expect_refused("fortisoar password", [&] {
      fortisoar::client<plugboard::http_transport, fortisoar::password_auth> c(
          server.url("/fortisoar"), fortisoar::password_auth("csadmin", b));
      c.agents().heartbeat("agent");
    });
    expect_refused("fortisoar username", [&] {
      fortisoar::client<plugboard::http_transport, fortisoar::password_auth> c(
          server.url("/fortisoar"), fortisoar::password_auth(b, "changeme"));
      c.agents().heartbeat("agent");
    });
    // Header values from every other source.
    providers::client<> admin(server.url("/providers"), providers::api_key("k"));
    expect_refused("a per-call header", [&] {
      plugboard::call_options o;
      o.headers.set("X-Trace", b);
      admin.connector_providers().list(o);
    });
    expect_refused("a default header", [&] {
      plugboard::client_options o(server.url("/providers"));
      o.default_headers.set("X-Tenant", b);
      providers::client<> c(o, providers::api_key("k"));
      c.connector_providers().list();
    });
    expect_refused("the user agent", [&] {
      plugboard::client_options o(server.url("/providers"));
      o.user_agent = "app/1.0 " + b;
      providers::client<> c(o, providers::api_key("k"));
      c.connector_providers().list();
    });
    expect_refused("fivetran with_accept", [&] {
      fivetran::client<> c(server.url("/fivetran"),
                           fivetran::api_key("sandbox-api-key", "sandbox-api-secret"));
      c.connector_management().connector_details("c", fivetran::with_accept(b));
    });
  }
  // Header names that are not HTTP tokens.
  for (const std::string name : {"X Space", "X:Colon", "", "X\r\nY", "X(paren)"}) {
    providers::client<> admin(server.url("/providers"), providers::api_key("k"));
    expect_refused("header name", [&] {
      plugboard::call_options o;
      o.headers.set(name, "value");
      admin.connector_providers().list(o);
    });
  }
  // A ':' in a Basic user id would move the boundary between user and password.
  expect_refused("':' in a Basic user id", [&] {
    fivetran::client<> c(server.url("/fivetran"), fivetran::api_key("key:admin", "secret"));
    c.connector_management().connector_details("c");
  });
  MESSAGE(refused << " header and credential injections refused before sending");
}
