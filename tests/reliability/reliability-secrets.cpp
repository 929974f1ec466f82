// SPDX-License-Identifier: MIT
// The secrets sweep: every service's client is given canary credentials (an
// API key, a bearer token, a password and a Basic credential; also a
// password with a quote and a backslash), then made to fail in every way
// while a server that echoes credentials back answers, as they are and
// JSON-escaped, percent-encoded or HTML-escaped. A server that quotes what
// it received, including a token that rotates on every attempt, closes the
// file. No error message, no what(), no accessor of an error, no
// line of the logging hook (client_options::on_exchange) and no entry of the
// sandbox's request log may contain any part of a canary, in any of those
// encodings.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/auth/basic.hpp"
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
#include "plugboard/testing/fake_clock.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using plugboard::json;
using plugboard::sandbox::fault;
namespace sandbox = plugboard::sandbox;

namespace {

const std::string key(plugboard_test::canary_key);
const std::string token(plugboard_test::canary_token);
const std::string password(plugboard_test::canary_password);
const std::string basic_user = "CANARY-USER-3c9e71";
// What travels on the wire for Basic: base64("user:password").
const std::string basic_credential = plugboard::detail::base64_encode(basic_user + ":" + password);

// A token that rotates (a new one on every attempt), and a password with
// the characters every encoding changes.
const std::vector<std::string> rotating_tokens = {
    "CANARY-ROT-first-8f3a91c2e7", "CANARY-ROT-second-c47d0e9512", "CANARY-ROT-third-1b6e44d0a9"};
const std::string odd_password = "CANARY-ODD-\"q\\b/+ &<9d41a7>";

// Any 6 consecutive bytes of a secret count as a leak, so a secret cut in
// half by an excerpt is caught too ("CANARY-", common to all of them, is
// not secret), in the text as it is and as each encoding decodes it.
std::string leak_in(std::string_view text, const std::vector<std::string>& secrets) {
  for (const auto& decoded : plugboard_test::decodings_of(text)) {
    for (const auto& secret : secrets) {
      std::string_view distinct = secret;
      if (distinct.substr(0, 7) == "CANARY-") distinct.remove_prefix(7);
      const std::string part = plugboard_test::leaked_part(decoded, distinct);
      if (!part.empty()) return part;
    }
  }
  return {};
}

// Control characters shown as \xNN, so a captured text prints on one line.
std::string printable(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20) {
      const char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[(c >> 4) & 0xf];
      out += hex[c & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

// Everything the library said, gathered for the sweep.
class evidence {
 public:
  void add(std::string where, std::string said) {
    std::lock_guard<std::mutex> lock(mutex_);
    texts_.push_back({std::move(where), std::move(said)});
  }
  void add_error(const std::string& where, const plugboard::error& e) {
    add(where + " what()", e.what());
    if (const auto* api = dynamic_cast<const plugboard::api_error*>(&e)) {
      add(where + " body()", api->body());
      add(where + " service_code()", api->service_code());
      add(where + " service_message()", api->service_message());
      add(where + " request_line()", api->request_line());
    } else if (const auto* transport = dynamic_cast<const plugboard::transport_error*>(&e)) {
      add(where + " detail()", transport->detail());
      add(where + " request_line()", transport->request_line());
    } else if (const auto* decode = dynamic_cast<const plugboard::decode_error*>(&e)) {
      add(where + " field()", decode->field());
      add(where + " problem()", decode->problem());
      add(where + " snippet()", decode->snippet());
      add(where + " request_line()", decode->request_line());
    } else if (const auto* usage = dynamic_cast<const plugboard::usage_error*>(&e)) {
      add(where + " argument()", usage->argument());
      add(where + " problem()", usage->problem());
    }
  }
  void add_exchange(const plugboard::exchange_record& r) {
    std::string line(plugboard::to_string(r.verb));
    line += " " + r.url + " -> " + std::to_string(r.status);
    if (r.failure) line += " (" + std::string(plugboard::to_string(*r.failure)) + ")";
    line += " attempt " + std::to_string(r.attempt);
    for (const auto& h : r.request_headers) line += "\n> " + h.first + ": " + h.second;
    for (const auto& h : r.response_headers) line += "\n< " + h.first + ": " + h.second;
    add("on_exchange", std::move(line));
    std::lock_guard<std::mutex> lock(mutex_);
    ++exchanges_;
  }
  void add_sandbox_log(const sandbox::server& server) {
    for (const auto& r : server.requests()) {
      std::string line = r.method + " " + r.target + " -> " + std::to_string(r.status);
      for (const auto& h : r.headers) line += "\n" + h.first + ": " + h.second;
      line += "\n\n" + r.body;
      add("sandbox log", std::move(line));
    }
  }

  // Checks every text for the client's own secrets (the ones it can know
  // and scrub), or only the log lines; returns how many were checked.
  std::size_t sweep(const std::vector<std::string>& secrets, bool logs_only = false) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& t : texts_) {
      if (logs_only && t.where != "on_exchange" && t.where != "sandbox log") continue;
      CAPTURE(t.where);
      const std::string text = printable(t.text);
      CAPTURE(text);
      CHECK(leak_in(t.text, secrets) == "");
    }
    return texts_.size();
  }
  std::size_t exchanges() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return exchanges_;
  }

 private:
  struct entry {
    std::string where;
    std::string text;
  };
  mutable std::mutex mutex_;
  std::vector<entry> texts_;
  std::size_t exchanges_ = 0;
};

// Bodies a careless (or hostile) server sends back, quoting what it received.
std::string echoing_json_error() {
  return json{
      {"error",
       {{"code", "bad_credentials " + key},
        {"message",
         "Authorization: Bearer " + token + " and key " + key + " rejected for " + basic_user}}},
      {"detail", "X-API-Key " + key + " password=" + password},
      {"received", {{"authorization", "Basic " + basic_credential}, {"password", password}}}}
      .dump();
}
std::string echoing_text() {
  return "401 Unauthorized\r\nyou sent Authorization: Basic " + basic_credential + " with key " +
         key + " and token " + token + " (password " + password + ")";
}

// Each secret in every form of plugboard_test::echoes_of(), in a JSON error
// body and in a text one.
std::string encoded_json_error(const std::vector<std::string>& secrets) {
  json echoes = json::array();
  std::string joined;
  for (const auto& secret : secrets) {
    for (const auto& form : plugboard_test::echoes_of(secret)) {
      echoes.push_back("you sent " + form);
      joined += " | " + form;
    }
  }
  return json{{"error", {{"code", "rejected"}, {"message", "credentials" + joined}}},
              {"echoes", echoes}}
      .dump();
}
std::string encoded_text(const std::vector<std::string>& secrets) {
  std::string text = "401 Unauthorized";
  for (const auto& secret : secrets) {
    for (const auto& form : plugboard_test::echoes_of(secret)) text += "\r\nyou sent " + form;
  }
  return text;
}

plugboard::backoff_retry quick_retry() {
  plugboard::backoff_retry r;
  r.jitter = 0;
  r.initial_interval = 10ms;
  r.max_attempts = 3;
  return r;
}

// ---- one adapter per service, with its canary credentials -------------------------

struct providers_service {
  static constexpr const char* name = "providers";
  static constexpr const char* prefix = "/providers";
  using client_type =
      plugboard::providers::client<plugboard::http_transport, plugboard::api_key_header,
                                   plugboard::default_serializer, plugboard::backoff_retry>;
  static std::vector<std::string> secrets() { return {key}; }
  static void mount(sandbox::server& s) {
    sandbox::providers_fake::settings settings;
    settings.api_key = key;
    s.mount<sandbox::providers_fake>(prefix, settings);
  }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    return client_type(std::move(o), plugboard::providers::api_key(key + credential_suffix),
                       plugboard::http_transport(t), quick_retry());
  }
  static void read(client_type& c) { c.connector_providers().get("github"); }
  static void write(client_type& c) {
    // The configuration holds a secret of its own, which the log must not show.
    c.connector_providers().setup("github", {{"client_id", "id"}, {"client_secret", password}});
  }
};

struct fivetran_service {
  static constexpr const char* name = "fivetran";
  static constexpr const char* prefix = "/fivetran";
  using client_type =
      plugboard::fivetran::client<plugboard::http_transport, plugboard::basic_auth,
                                  plugboard::default_serializer, plugboard::backoff_retry>;
  static std::vector<std::string> secrets() { return {basic_user, password, basic_credential}; }
  static void mount(sandbox::server& s) {
    sandbox::fivetran_fake::settings settings;
    settings.api_key = basic_user;
    settings.api_secret = password;
    s.mount<sandbox::fivetran_fake>(prefix, settings);
  }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    return client_type(std::move(o),
                       plugboard::fivetran::api_key(basic_user, password + credential_suffix),
                       plugboard::http_transport(t), quick_retry());
  }
  static void read(client_type& c) {
    c.connector_management().metadata_connector_config("google_sheets");
  }
  static void write(client_type& c) {
    plugboard::fivetran::new_connector_request r;
    r.group_id = "projected_sickle";
    r.service = "postgres";
    r.config = {{"host", "db"}, {"password", password}};
    c.connector_management().create_connector(r);
  }
};

struct pipeshub_service {
  static constexpr const char* name = "pipeshub";
  static constexpr const char* prefix = "/pipeshub";
  using client_type =
      plugboard::pipeshub::client<plugboard::http_transport, plugboard::bearer_auth,
                                  plugboard::default_serializer, plugboard::backoff_retry>;
  static std::vector<std::string> secrets() { return {token}; }
  static void mount(sandbox::server& s) {
    sandbox::pipeshub_fake::settings settings;
    settings.callers = {{token, "user-admin", true}};
    s.mount<sandbox::pipeshub_fake>(prefix, settings);
  }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    o.base_url += "/api/v1";
    return client_type(std::move(o), plugboard::bearer_auth(token + credential_suffix),
                       plugboard::http_transport(t), quick_retry());
  }
  static void read(client_type& c) { c.connector_instances().list_active(); }
  static void write(client_type& c) {
    c.connector_instances().create("jira", "Ops Jira", plugboard::pipeshub::connector_scope::team);
  }
};

struct pieces_service {
  static constexpr const char* name = "pieces";
  static constexpr const char* prefix = "/pieces";
  using client_type =
      plugboard::pieces::client<plugboard::http_transport, plugboard::api_key_header,
                                plugboard::default_serializer, plugboard::backoff_retry>;
  static std::vector<std::string> secrets() { return {key}; }
  static void mount(sandbox::server& s) { s.mount<sandbox::pieces_fake>(prefix); }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    return client_type(std::move(o), plugboard::pieces::application_id(key + credential_suffix),
                       plugboard::http_transport(t), quick_retry());
  }
  static plugboard::pieces::seeded_connector_connection plugin() {
    plugboard::pieces::seeded_connector_connection c;
    c.application.name = plugboard::pieces::application_name_enum::open_source;
    c.application.version = "1.0.0";
    c.application.platform = plugboard::pieces::platform_enum::linux_;
    return c;
  }
  // connect is sent without credentials; suggest carries X-Application-ID.
  static void read(client_type& c) {
    const auto app = c.connector().connect(plugin()).application.id;
    c.connector().suggest(app,
                          plugboard::pieces::seeded_connector_creation{
                              plugboard::pieces::seeded_connector_asset::from_code("x", "py")});
  }
  static void write(client_type& c) {
    const auto app = c.connector().connect(plugin()).application.id;
    c.connector().track(app, plugboard::pieces::seeded_connector_tracking{});
  }
  // A call that carries the credential as its first request.
  static void signed_call(client_type& c) { c.connector().track("some-application"); }
};

template <class Auth>
struct fortisoar_service {
  static constexpr const char* prefix = "/fortisoar";
  using client_type =
      plugboard::fortisoar::client<plugboard::http_transport, Auth, plugboard::default_serializer,
                                   plugboard::backoff_retry>;
  static void mount(sandbox::server& s) {
    sandbox::fortisoar_fake::settings settings;
    settings.api_key = key;
    settings.password = password;
    settings.token_prefix = token + "-";  // the tokens it issues are canaries too
    s.mount<sandbox::fortisoar_fake>(prefix, settings);
  }
  static void read(client_type& c) { c.connectors().list_configured(true); }
  static void write(client_type& c) {
    c.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "192.0.2.1"}});
  }
};
struct fortisoar_key_service : fortisoar_service<plugboard::api_key_header> {
  static constexpr const char* name = "fortisoar (API key)";
  static std::vector<std::string> secrets() { return {key}; }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    return client_type(std::move(o), plugboard::fortisoar::api_key(key + credential_suffix),
                       plugboard::http_transport(t), quick_retry());
  }
};
struct fortisoar_password_service : fortisoar_service<plugboard::fortisoar::password_auth> {
  static constexpr const char* name = "fortisoar (password)";
  static std::vector<std::string> secrets() { return {password}; }
  // The session tokens the server issues (canary-prefixed) must not be
  // logged either; echoed bodies quote a token the client never had.
  static std::vector<std::string> logged_secrets() { return {token}; }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    return client_type(std::move(o),
                       plugboard::fortisoar::password_auth("csadmin", password + credential_suffix),
                       plugboard::http_transport(t), quick_retry());
  }
};

struct fortisoar_odd_password_service : fortisoar_password_service {
  static constexpr const char* name = "fortisoar (password with a quote and a backslash)";
  static std::vector<std::string> secrets() { return {odd_password}; }
  static void mount(sandbox::server& s) {
    sandbox::fortisoar_fake::settings settings;
    settings.password = odd_password;
    settings.token_prefix = token + "-";
    s.mount<sandbox::fortisoar_fake>(prefix, settings);
  }
  static client_type make(plugboard::client_options o, plugboard::http_options t,
                          std::string credential_suffix = {}) {
    return client_type(
        std::move(o),
        plugboard::fortisoar::password_auth("csadmin", odd_password + credential_suffix),
        plugboard::http_transport(t), quick_retry());
  }
};

// ---- the sweep ----------------------------------------------------------------------

// A call whose first request carries the credential (read, unless the
// service says otherwise).
template <class S, class = void>
struct signs_first : std::false_type {};
template <class S>
struct signs_first<S,
                   std::void_t<decltype(S::signed_call(std::declval<typename S::client_type&>()))>>
    : std::true_type {};
template <class S>
void signed_call(typename S::client_type& c) {
  if constexpr (signs_first<S>::value) {
    S::signed_call(c);
  } else {
    S::read(c);
  }
}

template <class S, class = void>
struct has_logged_secrets : std::false_type {};
template <class S>
struct has_logged_secrets<S, std::void_t<decltype(S::logged_secrets())>> : std::true_type {};

template <class S>
struct fixture {
  plugboard::testing::fake_clock clock;
  sandbox::server server;
  evidence seen;

  fixture() { S::mount(server); }

  plugboard::client_options options(std::string url) {
    plugboard::client_options o(std::move(url));
    o.clock = clock.hooks();
    o.on_exchange = [this](const plugboard::exchange_record& r) { seen.add_exchange(r); };
    return o;
  }
  typename S::client_type client(std::string credential_suffix = {},
                                 plugboard::http_options t = {}) {
    return S::make(options(server.url(S::prefix)), t, std::move(credential_suffix));
  }

  // Runs `call`, recording the error it raises (if any).
  template <class Call>
  void attempt(const std::string& what, Call&& call) {
    try {
      call();
    } catch (const plugboard::error& e) {
      seen.add_error(std::string(S::name) + ": " + what, e);
    }
  }
};

template <class S>
void sweep_service() {
  const std::string service = S::name;
  CAPTURE(service);
  fixture<S> f;
  auto client = f.client();
  const auto read = [&] { S::read(client); };
  const auto write = [&] { S::write(client); };

  // Successes, retries and replays: log lines only.
  f.attempt("read", read);
  f.attempt("write", write);
  f.server.inject(fault::http_status(503, "0").on(S::prefix));
  f.attempt("read after a 503", read);

  // The server quotes the credentials back in errors of every shape.
  for (int status : {400, 401, 403, 429, 500}) {
    fault echoed = fault::http_status(status, "1");
    echoed.body = echoing_json_error();
    f.server.inject(echoed.times(3).on(S::prefix));
    f.attempt("read, echoed JSON error " + std::to_string(status), read);
    f.server.clear_faults();
    fault text = fault::http_status(status);
    text.body = echoing_text();
    f.server.inject(text.times(3).on(S::prefix));
    f.attempt("write, echoed text error " + std::to_string(status), write);
    f.server.clear_faults();
    fault encoded = fault::http_status(status, "1");
    encoded.body = encoded_json_error(S::secrets());
    f.server.inject(encoded.times(3).on(S::prefix));
    f.attempt("read, encoded echoes in JSON " + std::to_string(status), read);
    f.server.clear_faults();
    fault encoded_text_error = fault::http_status(status);
    encoded_text_error.body = encoded_text(S::secrets());
    encoded_text_error.content_type = "text/plain";
    f.server.inject(encoded_text_error.times(3).on(S::prefix));
    f.attempt("write, encoded echoes in text " + std::to_string(status), write);
    f.server.clear_faults();
  }

  // Successful statuses whose bodies quote the credentials but cannot be decoded.
  const std::vector<std::string> bad_bodies = {
      json{{"data", key}, {"connectors", token}, {"save", password}}.dump(),
      json::array({key, token, password, basic_credential}).dump(),
      echoing_text(),
      // Truncated inside and right after each secret, so excerpts cut through it.
      echoing_json_error().substr(0, echoing_json_error().find(key) + 7),
      echoing_json_error().substr(0, echoing_json_error().find(token) + 9),
      echoing_json_error().substr(0, echoing_json_error().find(password) + password.size() + 2),
      "{\"x\": 1, \"broken\": " + key + token + password + "}",
      "{\"token\": \"" + token + "\", \"n\": tru",
      "{\"" + key + "\": {\"" + password + "\": [1, 2, }}",
      json{{"distribution", {{key, "not a number"}}}, {"items", {{{token, 1}}}}}.dump(),
      // The service's own secrets in every encoding, cut at several places.
      encoded_text(S::secrets()),
      encoded_json_error(S::secrets()).substr(0, encoded_json_error(S::secrets()).size() / 2),
      encoded_json_error(S::secrets()).substr(0, encoded_json_error(S::secrets()).size() / 3),
      "{\"x\": \"" + plugboard_test::json_escaped(S::secrets().front()) + "\", \"n\": tru",
  };
  for (const auto& body : bad_bodies) {
    f.server.inject(fault::replace_body(body).on(S::prefix));
    f.attempt("read, undecodable body", read);
    f.server.clear_faults();
  }

  // Transport failures.
  f.server.inject(fault::drop_connection().times(3).on(S::prefix));
  f.attempt("read, connection reset", read);
  f.server.clear_faults();
  {
    plugboard::http_options quick;
    quick.read_timeout = 100ms;
    auto impatient = f.client({}, quick);
    f.server.inject(fault::delay(5s).times(3).on(S::prefix));
    f.attempt("read, read timeout", [&] { S::read(impatient); });
    f.server.clear_faults();
  }
  {
    int closed = 0;
    {
      sandbox::server gone;
      closed = gone.port();
    }
    auto nowhere = S::make(f.options("http://127.0.0.1:" + std::to_string(closed) + S::prefix), {});
    f.attempt("read, connection refused", [&] { S::read(nowhere); });
  }

  // Credentials that would split a header: refused before anything is sent.
  const std::vector<std::string> junk_suffixes = {"\r\nX-Injected: 1", "\n", "\r", "\x7f",
                                                  std::string(1, '\0')};
  for (const std::string& junk : junk_suffixes) {
    const std::size_t before = f.server.request_count();
    auto broken = f.client(junk);
    bool usage = false;
    try {
      signed_call<S>(broken);
    } catch (const plugboard::usage_error& e) {
      usage = true;
      f.seen.add_error(service + ": CR/LF/NUL in the credential", e);
    } catch (const plugboard::error& e) {
      f.seen.add_error(service + ": CR/LF/NUL in the credential", e);
    }
    CHECK(usage);
    CHECK(f.server.request_count() == before);
  }

  f.seen.add_sandbox_log(f.server);
  CHECK(f.seen.exchanges() > 20);
  const std::size_t checked = f.seen.sweep(S::secrets());
  if constexpr (has_logged_secrets<S>::value) f.seen.sweep(S::logged_secrets(), true);
  MESSAGE(service << ": " << checked << " texts checked");
}

}  // namespace

namespace {

// The credential variants swept for each service of the registry: a
// registered service without an entry here does not compile.
template <class Service>
struct swept_variants;
template <>
struct swept_variants<plugboard::providers::service> {
  using type = std::tuple<providers_service>;
};
template <>
struct swept_variants<plugboard::fivetran::service> {
  using type = std::tuple<fivetran_service>;
};
template <>
struct swept_variants<plugboard::pipeshub::service> {
  using type = std::tuple<pipeshub_service>;
};
template <>
struct swept_variants<plugboard::pieces::service> {
  using type = std::tuple<pieces_service>;
};
template <>
struct swept_variants<plugboard::fortisoar::service> {
  using type =
      std::tuple<fortisoar_key_service, fortisoar_password_service, fortisoar_odd_password_service>;
};

template <class List>
struct every_variant;
template <class... Service>
struct every_variant<plugboard::service_list<Service...>> {
  using type = decltype(std::tuple_cat(std::declval<typename swept_variants<Service>::type>()...));
};

}  // namespace

TEST_CASE_TEMPLATE_DEFINE("no canary in any error, log line or sandbox log", S, secrets_sweep) {
  sweep_service<S>();
}
TEST_CASE_TEMPLATE_APPLY(secrets_sweep, every_variant<plugboard::services>::type);

namespace {

// Answers every request with its own headers echoed back (X-Echo-<name>),
// a session cookie and a request id: what a verbose proxy might do.
class echo_service : public sandbox::service {
 public:
  void install(sandbox::router& routes) override {
    routes.add("GET", "/echo", [](const sandbox::incoming& in) {
      sandbox::reply r = sandbox::reply::json(200, {{"ok", true}});
      for (const auto& h : in.headers) r.headers.add("X-Echo-" + h.first, h.second);
      r.headers.add("Set-Cookie", "session=" + token + "; HttpOnly");
      r.headers.add("X-Request-Id", "req-42");
      return r;
    });
  }
};

struct echo_call {
  std::string api_key;

  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = "/echo";
  static constexpr auto params() {
    return plugboard::param_list(plugboard::query_param("api_key", &echo_call::api_key));
  }
  using result = json;
};

}  // namespace

TEST_CASE("the logging hook redacts credentials, cookies and every header off the allow-list") {
  sandbox::server server;
  server.mount<echo_service>("/echo-service");
  std::vector<plugboard::exchange_record> records;
  plugboard::client_options options(server.url("/echo-service"));
  options.default_headers.set("Cookie", "sid=" + key);
  options.default_headers.set("X-Custom-Credential", password);
  options.on_exchange = [&](const plugboard::exchange_record& r) { records.push_back(r); };
  plugboard::basic_client<plugboard::http_transport, plugboard::bearer_auth,
                          plugboard::json_serializer>
      client(options, plugboard::bearer_auth(token));
  plugboard::call_options per_call;
  per_call.headers.set("X-API-Key", key);
  per_call.headers.set("Accept", "application/json");
  CHECK(client.call(echo_call{key}, per_call).at("ok") == true);

  REQUIRE(records.size() == 1);
  const auto& r = records.front();
  CHECK(r.url == server.url("/echo-service") + "/echo?api_key=[REDACTED]");
  CHECK(r.request_headers.get("Authorization") == "[REDACTED]");
  CHECK(r.request_headers.get("X-API-Key") == "[REDACTED]");
  CHECK(r.request_headers.get("Cookie") == "[REDACTED]");
  CHECK(r.request_headers.get("X-Custom-Credential") == "[REDACTED]");
  CHECK(r.request_headers.get("Accept") == "application/json");  // allow-listed: kept
  CHECK(r.request_headers.get("User-Agent").substr(0, 10) == "plugboard/");
  CHECK(r.response_headers.get("Set-Cookie") == "[REDACTED]");
  CHECK(r.response_headers.get("X-Echo-Authorization") == "[REDACTED]");
  CHECK(r.response_headers.get("X-Echo-X-API-Key") == "[REDACTED]");
  CHECK(r.response_headers.get("X-Request-Id") == "req-42");
  CHECK(r.response_headers.get("Content-Type") == "application/json");

  evidence seen;
  seen.add_exchange(r);
  seen.add_sandbox_log(server);
  CHECK(seen.sweep({key, token, password}) == 2);
}

TEST_CASE("an excerpt never shows part of a credential-shaped value it cut through") {
  // Secrets the client does not know (a connector's own client_secret in a
  // reply), cut by the excerpt window of a parse error at various offsets.
  const std::string secret = "CANARY-CLIENT-SECRET-0d9a7e4b2c61";
  for (std::size_t pad = 0; pad < 40; ++pad) {
    const std::string body = "{\"config\": {\"client_secret\": \"" + secret + "\"," +
                             std::string(pad, ' ') + "\"n\": tru";
    CAPTURE(pad);
    try {
      plugboard::json_serializer{}.decode<json>(body);
      FAIL("decoded");
    } catch (const plugboard::decode_error& e) {
      const std::string said = e.what();
      CAPTURE(said);
      CHECK(leak_in(said, {secret}) == "");
    }
  }
}

namespace {

// A server that quotes back every credential it received, in every
// encoding of plugboard_test::echoes_of(): the values of the headers off the
// log allow-list (and the part after a scheme word) and a login's password.
// GET /quote answers 503 then 401 in turn, GET /broken an undecodable 200,
// POST /auth/authenticate (a FortiSOAR login) a 401; each also quotes the
// first credential JSON-escaped in the allow-listed X-Request-Id header.
class quoting_service : public sandbox::service {
 public:
  void install(sandbox::router& routes) override {
    routes.add("GET", "/quote", [this](const sandbox::incoming& in) {
      const int status = quotes_++ % 2 == 0 ? 503 : 401;
      return with_id(sandbox::reply::json(status, json::parse(encoded_json_error(received(in)))),
                     in);
    });
    routes.add("GET", "/broken", [](const sandbox::incoming& in) {
      std::string body = "{\"quoted\": \"";
      for (const auto& secret : received(in)) body += plugboard_test::json_escaped(secret) + " ";
      return with_id(sandbox::reply::text(200, body + "\", \"n\": tru", "application/json"), in);
    });
    routes.add("POST", "/auth/authenticate", [](const sandbox::incoming& in) {
      return with_id(sandbox::reply::text(401, encoded_text(received(in))), in);
    });
  }

 private:
  static std::vector<std::string> received(const sandbox::incoming& in) {
    std::vector<std::string> out;
    for (const auto& h : in.headers) {
      if (plugboard::is_loggable_header(h.first)) continue;
      out.push_back(h.second);
      const auto space = h.second.find(' ');
      if (space != std::string::npos) out.push_back(h.second.substr(space + 1));
    }
    if (const auto body = in.json_body(); body && body->is_object()) {
      const auto sent = body->value(json::json_pointer("/credentials/password"), json());
      if (sent.is_string()) out.push_back(sent.get<std::string>());
    }
    if (out.empty()) out.push_back("nothing");
    return out;
  }
  static sandbox::reply with_id(sandbox::reply r, const sandbox::incoming& in) {
    r.headers.set("X-Request-Id", plugboard_test::json_escaped(received(in).front()));
    return r;
  }

  std::atomic<int> quotes_{0};
};

template <const char* Path>
struct quoting_call {
  static constexpr plugboard::method verb = plugboard::method::get;
  static constexpr std::string_view path = Path;
  static constexpr auto params() { return plugboard::param_list(); }
  using result = json;
};
constexpr char quote_path[] = "/quote";
constexpr char broken_path[] = "/broken";

// Calls /quote and /broken with `auth`, gathering everything said.
template <class Auth>
void quote_through(sandbox::server& server, Auth auth, evidence& seen) {
  plugboard::testing::fake_clock clock;
  plugboard::client_options options(server.url("/q"));
  options.clock = clock.hooks();
  options.on_exchange = [&](const plugboard::exchange_record& r) { seen.add_exchange(r); };
  plugboard::basic_client<plugboard::http_transport, Auth, plugboard::json_serializer,
                          plugboard::backoff_retry>
      client(options, std::move(auth), {}, quick_retry());
  for (int round = 0; round < 2; ++round) {
    try {
      client.call(quoting_call<quote_path>{});
      FAIL("no error");
    } catch (const plugboard::error& e) {
      seen.add_error("quote", e);
    }
    try {
      client.call(quoting_call<broken_path>{});
      FAIL("no error");
    } catch (const plugboard::error& e) {
      seen.add_error("broken", e);
    }
  }
}

}  // namespace

TEST_CASE("a server that quotes every credential it received, in every encoding") {
  const std::string odd_key = "CANARY-KEY-\"k\\y/+ &<7f3a9c>";
  const std::string odd_user = "CANARY-USER-\"u\\3c9e71";
  sandbox::server server;
  server.mount<quoting_service>("/q");
  evidence seen;

  std::atomic<std::size_t> next{0};
  quote_through(server, plugboard::bearer_auth([&next] {
                  return rotating_tokens[next++ % rotating_tokens.size()];
                }),
                seen);
  CHECK(next == 6);  // one token per attempt: (503, 401, 200) twice, none for redaction
  quote_through(server, plugboard::api_key_header("X-API-Key", odd_key), seen);
  quote_through(server, plugboard::fortisoar::api_key(odd_key), seen);
  quote_through(server, plugboard::basic_auth(odd_user, odd_password), seen);
  quote_through(server, plugboard::fortisoar::password_auth("csadmin", odd_password), seen);
  seen.add_sandbox_log(server);

  CHECK(seen.exchanges() == 24);  // the logins are not calls
  const std::string basic = plugboard::detail::base64_encode(odd_user + ":" + odd_password);
  const std::size_t checked =
      seen.sweep({rotating_tokens[0], rotating_tokens[1], rotating_tokens[2], odd_key, odd_user,
                  odd_password, basic});
  MESSAGE(checked << " texts checked");
}
