// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "plugboard/core/any_retry.hpp"
#include "plugboard/core/auth_context.hpp"
#include "plugboard/core/call_context.hpp"
#include "plugboard/core/call_options.hpp"
#include "plugboard/core/cancellation.hpp"
#include "plugboard/core/clock.hpp"
#include "plugboard/core/endpoint.hpp"
#include "plugboard/core/error_policy.hpp"
#include "plugboard/core/errors.hpp"
#include "plugboard/core/function_ref.hpp"
#include "plugboard/core/message.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/core/policy_traits.hpp"
#include "plugboard/core/redact.hpp"
#include "plugboard/core/redirect.hpp"
#include "plugboard/core/retry.hpp"
#include "plugboard/core/url.hpp"
#include "plugboard/core/validation.hpp"
#include "plugboard/detail/request_builder.hpp"
#include "plugboard/detail/response_decoder.hpp"
#include "plugboard/version.hpp"

namespace plugboard {

// One attempt of a call, as the logging hook sees it: sanitized like error
// messages (query values and every header outside the allow-list redacted,
// no bodies), so it can be written to any log.
struct exchange_record {
  method verb = method::get;
  std::string url;                // origin + path, query values redacted
  http_headers request_headers;   // redacted_headers()
  http_headers response_headers;  // redacted_headers(), also without the call's secrets
  int status = 0;                 // 0 when the transport failed
  std::optional<transport_failure> failure;
  int attempt = 1;  // 1 for the first send of a call, then 2, 3, ... (retries, replays)
  std::chrono::microseconds duration{0};
};

// Settings shared by every call of a client.
struct client_options {
  client_options(std::string url) : base_url(std::move(url)) {}  // NOLINT: implicit on purpose
  client_options(const char* url) : base_url(url) {}             // NOLINT

  // Scheme, host, optional port and optional path prefix, e.g.
  // "https://api.example.com/api-proxy". Credentials do not belong here.
  std::string base_url;
  std::string user_agent = "plugboard/" PLUGBOARD_VERSION_STRING;
  // Sent on every call (after the endpoint's own headers, before per-call ones).
  http_headers default_headers;
  // Time source and sleep for retries and polling; swap in a fake in tests.
  clock_hooks clock;
  // Called after every attempt (including retries and auth replays), from the
  // calling thread; empty by default. Must not throw.
  std::function<void(const exchange_record&)> on_exchange;
  // The longest a call may take, from its first byte to its result: every
  // attempt, the waits between retries, auth replays, and the polling of
  // operations made of several calls. call_options::timeout overrides it.
  std::chrono::milliseconds call_timeout{300000};
  // Replaces the client's Retry policy for every call, chosen at run time
  // (e.g. from a command line); call_options::retry still wins for one call.
  std::optional<any_retry> retry;
};

namespace detail {

// "GET https://host:port/path" without the query string, whose values may be
// sensitive: the form used in error messages.
inline std::string request_line(const request& req) {
  std::string line(to_string(req.verb));
  line += ' ';
  line += req.origin;
  line += req.path();
  return line;
}

// What is left of a call whose deadline is `deadline` on `clock`; throws
// transport_error(deadline) when nothing is.
inline std::chrono::milliseconds time_left(const clock_hooks& clock,
                                           clock_hooks::steady_time deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock.now());
  if (left.count() <= 0) {
    throw transport_error(transport_failure::deadline,
                          "the call's deadline passed before the request was sent");
  }
  return left;
}

struct exchange_hooks {
  function_ref<void(request&)> sign;  // applies auth and validates headers
  function_ref<response(const request&)> send;
  function_ref<std::optional<std::chrono::milliseconds>(const attempt_outcome&)> next_delay;
  function_ref<bool(const request&, const response&)> replay_after_unauthorized;
  const clock_hooks& clock;
  clock_hooks::steady_time deadline;
  const cancellation_token& cancel;
};

// The error of a call canceled (call_options::cancel) before its next
// attempt; attempts() says how many were made (0: nothing was sent).
inline transport_error canceled_call(const request& req, int made) {
  transport_error canceled(transport_failure::canceled,
                           made > 0 ? "the call was canceled before its next attempt"
                                    : "the call was canceled before the request was sent");
  canceled.set_context(request_line(req), made);
  return canceled;
}

// Signs and sends `req` until it succeeds, the retry policy stops or the
// deadline would pass, and returns the last response (2xx or not). Throws
// the last transport_error, with the request line and attempt count added.
// Auth is applied again before every attempt, so refreshed credentials are
// picked up; each attempt gets what is left of the deadline as its timeout.
inline response exchange(request& req, bool idempotent, const exchange_hooks& hooks,
                         int& attempts) {
  const auto start = hooks.clock.now();
  const auto elapsed = [&] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(hooks.clock.now() - start);
  };
  // A wait that would end at or past the deadline is not worth starting.
  const auto waits_past_deadline = [&](std::chrono::milliseconds delay) {
    return hooks.clock.now() + delay >= hooks.deadline;
  };
  bool replayed = false;
  for (attempts = 1;; ++attempts) {
    if (hooks.cancel.canceled()) throw canceled_call(req, attempts - 1);
    try {
      req.timeout = time_left(hooks.clock, hooks.deadline);
    } catch (transport_error& late) {
      late.set_context(request_line(req), attempts);
      throw;
    }
    hooks.sign(req);
    response reply;
    try {
      reply = hooks.send(req);
    } catch (transport_error& failure) {
      attempt_outcome outcome;
      outcome.attempt = attempts;
      outcome.elapsed = elapsed();
      outcome.failure = &failure;
      outcome.idempotent = idempotent;
      const auto delay = failure.failure() == transport_failure::deadline
                             ? std::nullopt
                             : hooks.next_delay(outcome);
      if (!delay || waits_past_deadline(*delay)) {
        failure.set_context(request_line(req), attempts);
        throw;
      }
      if (!sleep_unless_canceled(hooks.clock, *delay, hooks.cancel)) {
        throw canceled_call(req, attempts);
      }
      continue;
    }
    if (reply.is_success()) return reply;
    if ((reply.status == 401 || reply.status == 403) && !replayed &&
        hooks.replay_after_unauthorized(req, reply)) {
      replayed = true;
      continue;
    }
    attempt_outcome outcome;
    outcome.attempt = attempts;
    outcome.elapsed = elapsed();
    outcome.reply = &reply;
    outcome.idempotent = idempotent;
    if (const std::string* retry_after = reply.headers.find("Retry-After")) {
      outcome.retry_after = parse_retry_after(*retry_after, hooks.clock.wall_now());
    }
    const auto delay = hooks.next_delay(outcome);
    if (!delay || waits_past_deadline(*delay)) return reply;
    if (!sleep_unless_canceled(hooks.clock, *delay, hooks.cancel)) {
      throw canceled_call(req, attempts);
    }
  }
}

}  // namespace detail

// The engine behind every service client: turns an endpoint descriptor into a
// request, signs it, sends it with retries, and decodes the typed result or
// raises the typed error. Each policy is a small user-replaceable type:
//
//   Transport  response send(const request&)          (http_transport, mock_transport)
//              or send(const request&, const call_context&)   (a decorator, call_context.hpp)
//   Auth       void apply(request&)                   (no_auth, bearer_auth, basic_auth,
//              or void apply(request&, const auth_context&)          api_key_header)
//              optional: add_secrets(secret_set&) or redact(std::string&) for secrets
//              not sent in a header (policy_traits.hpp)
//   Serializer content_type(), encode(v), decode<T>(body), read_error(body)  (json_serializer)
//   Retry      std::optional<milliseconds> next_delay(const attempt_outcome&)
//   Errors     throw_errors (calls return T) or return_errors (calls return result<T>)
//
// Thread safety: call() may be used from several threads at once when the
// policies allow it; every shipped policy does (per-call state is copied).
template <class Transport, class Auth, class Serializer, class Retry = no_retry,
          class Errors = throw_errors>
class basic_client {
  static_assert(detail::is_transport<Transport>::value,
                "plugboard: the Transport policy needs a member "
                "`plugboard::response send(const plugboard::request&)`");
  static_assert(detail::is_auth_v<Auth>,
                "plugboard: the Auth policy needs a member `void apply(plugboard::request&)` or "
                "`void apply(plugboard::request&, const plugboard::auth_context&)`");
  static_assert(detail::is_serializer<Serializer>::value,
                "plugboard: the Serializer policy needs `content_type()`, `encode(const T&)`, "
                "`decode<T>(std::string_view)` and `read_error(std::string_view)`");
  static_assert(detail::is_retry_policy<Retry>::value,
                "plugboard: the Retry policy must be copyable and have "
                "`std::optional<std::chrono::milliseconds> next_delay(const "
                "plugboard::attempt_outcome&)`");
  static_assert(detail::is_error_policy<Errors>::value,
                "plugboard: the Errors policy needs `template <class T> using result_type` and "
                "`template <class T, class F> static result_type<T> invoke(F&&)` "
                "(use throw_errors or return_errors)");

 public:
  using transport_type = Transport;
  using auth_type = Auth;
  using serializer_type = Serializer;
  using retry_type = Retry;
  using errors_type = Errors;
  template <class T>
  using result_type = typename Errors::template result_type<T>;

  // The same argument order as every service client. Throws usage_error
  // when the base URL is malformed.
  explicit basic_client(client_options options, Auth auth = Auth(),
                        Transport transport = Transport(), Retry retry = Retry(),
                        Serializer serializer = Serializer())
      : options_(std::move(options)),
        base_(base_url::parse(options_.base_url)),
        transport_(std::move(transport)),
        auth_(std::move(auth)),
        serializer_(std::move(serializer)),
        retry_(std::move(retry)) {}

  // The order of plugboard 0.2 (transport before auth).
  template <class T = Transport,
            class = std::enable_if_t<!std::is_same_v<T, Auth> && std::is_same_v<T, Transport>>>
  [[deprecated(
      "plugboard: basic_client now takes (options, auth, transport, retry, serializer), "
      "like the service clients")]] basic_client(client_options options, T transport, Auth auth,
                                                 Serializer serializer = Serializer(),
                                                 Retry retry = Retry())
      : basic_client(std::move(options), std::move(auth), std::move(transport), std::move(retry),
                     std::move(serializer)) {}

  // Performs the operation described by `endpoint`.
  template <class E>
  result_type<typename E::result> call(const E& endpoint, const call_options& options = {}) {
    return Errors::template invoke<typename E::result>(
        [&]() -> typename E::result { return call_or_throw(endpoint, options); });
  }

  // Runs `body`, an operation made of several calls (paging, a name look-up
  // then a call, polling), as one call under the Errors policy: with
  // return_errors its failure becomes the returned result's error. `body`
  // returns T and makes its calls with call_or_throw.
  template <class T, class F>
  result_type<T> under_error_policy(F&& body) {
    return Errors::template invoke<T>(std::forward<F>(body));
  }

  // Like call(), but failures always throw, whatever the Errors policy: for
  // operations made of several calls (paging, name resolution, polling),
  // which wrap the whole in `Errors::invoke` once.
  template <class E>
  typename E::result call_or_throw(const E& endpoint, const call_options& options = {}) {
    using traits = endpoint_traits<E>;
    static constexpr endpoint_identity declared = endpoint_identity::of<E>();
    request req = detail::build_request(endpoint, base_, serializer_);
    const bool idempotent = options.idempotent.value_or(traits::idempotent);
    endpoint_identity identity = declared;
    if constexpr (traits::has_call_budget_class) {
      identity.budget_class = endpoint.call_budget_class();
    }
    // A redirect-only operation (result `redirect`) takes its 3xx as the answer.
    constexpr bool redirect_answers = std::is_same_v<typename E::result, redirect>;
    const response res =
        execute(req, identity, idempotent, traits::uses_auth, redirect_answers, options);
    try {
      return detail::decode_result<E>(serializer_, res);
    } catch (decode_error& e) {
      e.set_request_line(detail::request_line(req));
      redact(e, res.body, secrets_of(req));
      throw;
    }
  }

  Transport& transport() noexcept { return transport_; }
  const Transport& transport() const noexcept { return transport_; }
  Auth& auth() noexcept { return auth_; }
  const Auth& auth() const noexcept { return auth_; }
  const Serializer& serializer() const noexcept { return serializer_; }
  Retry& retry() noexcept { return retry_; }
  const client_options& options() const noexcept { return options_; }
  const base_url& base() const noexcept { return base_; }

  // When a call made now with `options` must end: options.deadline or
  // now + timeout (the call's, else client_options::call_timeout),
  // whichever is earlier.
  clock_hooks::steady_time deadline_for(const call_options& options) const {
    const auto timeout = options.timeout.value_or(options_.call_timeout);
    const auto now = options_.clock.now();
    const auto by_timeout = timeout >= std::chrono::duration_cast<std::chrono::milliseconds>(
                                           clock_hooks::steady_time::max() - now)
                                ? clock_hooks::steady_time::max()
                                : now + timeout;
    return options.deadline && *options.deadline < by_timeout ? *options.deadline : by_timeout;
  }

  // `options` with the deadline fixed now: for an operation made of several
  // calls, so that they all end by the same time.
  call_options with_deadline(call_options options) const {
    options.deadline = deadline_for(options);
    return options;
  }

 private:
  // Not a template over the endpoint: instantiated once per client type.
  response execute(request& req, const endpoint_identity& identity, bool idempotent,
                   bool authenticated, bool redirect_answers, const call_options& options) {
    if (!options_.user_agent.empty() && !req.headers.contains("User-Agent")) {
      req.headers.add("User-Agent", options_.user_agent);
    }
    for (const auto& field : options_.default_headers) req.headers.set(field.first, field.second);
    for (const auto& field : options.headers) req.headers.set(field.first, field.second);

    const clock_hooks::steady_time deadline = deadline_for(options);
    call_context context_of_call{identity, options, options_.clock, deadline, idempotent};
    // Requests an auth policy sends itself (a login) share the deadline.
    const auto send_raw = [&](request& r) -> response {
      validate_headers(r.headers);
      r.timeout = detail::time_left(options_.clock, deadline);
      call_context login = context_of_call;
      login.sent_by_auth = true;
      login.idempotent = false;
      return send_through(transport_, r, login);
    };
    const auth_context context(send_raw, base_, options_.clock);
    const auto sign = [&](request& r) {
      if (authenticated) {
        if constexpr (detail::auth_takes_context<Auth>::value) {
          auth_.apply(r, context);
        } else {
          auth_.apply(r);
        }
      }
      validate_headers(r.headers);
    };
    int sent = 0;
    const auto send = [&](const request& r) -> response {
      context_of_call.attempt = ++sent;
      if (!options_.on_exchange) return send_through(transport_, r, context_of_call);
      const auto start = std::chrono::steady_clock::now();
      exchange_record record;
      record.verb = r.verb;
      record.url = r.origin + redacted_target(r.target);
      record.request_headers = redacted_headers(r.headers);
      record.attempt = sent;
      const auto shown_headers = [&](const http_headers& headers) {
        return headers.empty() ? http_headers() : redacted_headers(headers, secrets_of(r));
      };
      const auto finish = [&] {
        record.duration = std::chrono::duration_cast<std::chrono::microseconds>(
            std::chrono::steady_clock::now() - start);
        options_.on_exchange(record);
      };
      try {
        response res = send_through(transport_, r, context_of_call);
        record.status = res.status;
        record.response_headers = shown_headers(res.headers);
        finish();
        return res;
      } catch (const transport_error& e) {
        record.failure = e.failure();
        finish();
        throw;
      }
    };
    const auto replay = [&](const request& r, const response& res) -> bool {
      if constexpr (detail::auth_handles_unauthorized<Auth>::value) {
        return authenticated && auth_.on_unauthorized(r, res, context);
      } else {
        return false;
      }
    };
    // Per-call copies: policies may keep per-call state. The call's retry
    // policy wins over the client options', which wins over the Retry type.
    Retry retry = retry_;
    std::optional<any_retry> retry_override = options.retry ? options.retry : options_.retry;
    const auto next_delay = [&](const attempt_outcome& outcome) {
      return retry_override ? retry_override->next_delay(outcome) : retry.next_delay(outcome);
    };

    int attempts = 0;
    response res = detail::exchange(
        req, idempotent, {sign, send, next_delay, replay, options_.clock, deadline, options.cancel},
        attempts);
    const bool redirected = redirect_answers && res.status >= 300 && res.status < 400;
    if (!res.is_success() && !redirected) throw make_api_error(req, res, attempts);
    return res;
  }

  api_error make_api_error(const request& req, const response& res, int attempts) const {
    service_error service;
    try {
      service = serializer_.read_error(res.body);
    } catch (...) {
      // An unreadable error body still gives an api_error with the status.
    }
    const secret_set secrets = secrets_of(req);
    std::string body = redacted(res.body, secrets);
    redact(service.code, secrets);
    redact(service.message, secrets);
    std::optional<std::chrono::seconds> retry_after;
    if (const std::string* value = res.headers.find("Retry-After")) {
      if (auto delay = parse_retry_after(*value, options_.clock.wall_now())) {
        retry_after = std::chrono::duration_cast<std::chrono::seconds>(*delay);
      }
    }
    return api_error(res.status, std::move(service), detail::request_line(req), std::move(body),
                     retry_after, attempts);
  }

  // What must not be shown of `req` as it was sent (signed for its last
  // attempt): every header value outside the log allow-list, and the auth
  // policy's own secrets when it lists them.
  secret_set secrets_of(const request& req) const {
    secret_set secrets;
    secrets.add_headers(req.headers);
    if constexpr (detail::auth_adds_secrets<Auth>::value) auth_.add_secrets(secrets);
    return secrets;
  }

  // A policy that only has redact() runs it first, as a pass of its own.
  static constexpr bool separate_redact =
      detail::auth_redacts<Auth>::value && !detail::auth_adds_secrets<Auth>::value;

  // Removes the secrets and anything credential-shaped.
  void redact(std::string& text, const secret_set& secrets) const {
    if constexpr (separate_redact) auth_.redact(text);
    scrub_credentials(text, secrets);
  }
  // The same for a copy (of a body that may be megabytes: built in one go).
  std::string redacted(std::string_view text, const secret_set& secrets) const {
    if constexpr (separate_redact) {
      std::string copy(text);
      redact(copy, secrets);
      return copy;
    } else {
      return scrubbed(text, secrets);
    }
  }

  // A decode_error quotes the response, which may quote the credentials. The
  // serializer scrubs what looks like a credential but cannot know the
  // secrets, and its excerpt may cut one so that too little is left to
  // match: when the body holds a secret anywhere, the excerpt is dropped.
  void redact(decode_error& e, const std::string& body, const secret_set& secrets) const {
    bool holds_secret = secrets.found_in(body);
    if constexpr (separate_redact) {
      if (!holds_secret) {
        std::string scrubbed_body = body;
        auth_.redact(scrubbed_body);
        holds_secret = scrubbed_body != body;
      }
    }
    if (holds_secret) e.set_snippet(std::string(redacted_text));
    e.redact([&](std::string& text) { redact(text, secrets); });
  }

  client_options options_;
  base_url base_;
  Transport transport_;
  Auth auth_;
  Serializer serializer_;
  Retry retry_;
};

// The common part of every service client (`providers::client`,
// `fivetran::client`, ...): the engine and how it is built, from a
// policy_set (the service's defaults with the user's overrides applied, see
// core/policies.hpp). A service client derives from it and adds its
// resource groups.
template <class Policies>
class service_client {
 public:
  using policies = Policies;
  using transport_type = typename Policies::transport_type;
  using auth_type = typename Policies::auth_type;
  using serializer_type = typename Policies::serializer_type;
  using retry_type = typename Policies::retry_type;
  using errors_type = typename Policies::errors_type;
  using core_type =
      basic_client<transport_type, auth_type, serializer_type, retry_type, errors_type>;
  template <class T>
  using result_type = typename core_type::template result_type<T>;

  // The one argument order of every client, basic_client's too.
  explicit service_client(client_options options, auth_type auth = auth_type(),
                          transport_type transport = transport_type(),
                          retry_type retry = retry_type(),
                          serializer_type serializer = serializer_type())
      : core_(std::move(options), std::move(auth), std::move(transport), std::move(retry),
              std::move(serializer)) {}

  // The engine, for calling a descriptor directly or reaching the policies.
  core_type& core() noexcept { return core_; }
  const core_type& core() const noexcept { return core_; }

 protected:
  core_type core_;
};

}  // namespace plugboard
