// SPDX-License-Identifier: MIT
#pragma once

// Debian's cpp-httplib is a compiled library built with
// CPPHTTPLIB_OPENSSL_SUPPORT (and ZLIB, BROTLI); code compiled without the
// same macros links but disagrees on class layouts and corrupts memory. Take
// the flags from `pkg-config --cflags cpp-httplib` (the plugboard::sandbox
// CMake target and meson's sandbox dependency do). Users of a header-only
// httplib without TLS may define PLUGBOARD_HTTPLIB_WITHOUT_TLS.
#if !defined(CPPHTTPLIB_OPENSSL_SUPPORT) && !defined(PLUGBOARD_HTTPLIB_WITHOUT_TLS)
#error \
    "plugboard sandbox: compile with the flags from `pkg-config --cflags cpp-httplib` (they define CPPHTTPLIB_OPENSSL_SUPPORT); see plugboard/sandbox/server.hpp"
#endif

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <httplib.h>
#include <sys/socket.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <nlohmann/json.hpp>

#include "plugboard/sandbox/detail/ascii.hpp"
#include "plugboard/sandbox/detail/hex.hpp"
#include "plugboard/sandbox/detail/json_depth.hpp"
#include "plugboard/sandbox/detail/log_redaction.hpp"
#include "plugboard/sandbox/elastic_pool.hpp"
#include "plugboard/sandbox/headers.hpp"

// The sandbox uses nothing of the client: its header list, percent
// decoding, case folding and log redaction are its own (sandbox/detail/),
// so a fake never passes because it shares a bug with the client, and the
// sandbox also works beside the single header. Its only other plugboard
// includes are the dependency-free plugboard/detail/civil_date.hpp and
// sha256.hpp. tests/check_sandbox_independence.py keeps it so.

namespace plugboard::sandbox::detail {

// httplib's task queue (one task per connection), over a pool that grows
// with the open connections; `after_task` runs once a connection is closed.
class elastic_task_queue : public httplib::TaskQueue {
 public:
  elastic_task_queue(std::size_t min_threads, std::size_t max_threads,
                     std::function<void()> after_task)
      : pool_(min_threads, max_threads), after_task_(std::move(after_task)) {}
  void enqueue(std::function<void()> task) override {
    pool_.enqueue([this, task = std::move(task)] {
      task();
      after_task_();
    });
  }
  void shutdown() override { pool_.shutdown(); }

 private:
  elastic_pool pool_;
  std::function<void()> after_task_;
};

}  // namespace plugboard::sandbox::detail

// The sandbox: in-process fakes of the connector-management services on a
// loopback cpp-httplib server, for plugboard's tests, its examples and your
// own integration tests. Each fake is mounted under a path prefix
// ("/providers", "/fivetran", ...), so one port serves them all and a
// client's base URL is simply server.url("/providers").

namespace plugboard::sandbox {

// One part of a multipart/form-data request.
struct multipart_part {
  std::string name;          // form field name, e.g. "file"
  std::string filename;      // may be empty for a plain field
  std::string content_type;  // e.g. "application/gzip"; may be empty
  std::string data;
};

// A request as a fake sees it.
struct incoming {
  std::string method;
  std::string target;                         // as received, still percent-encoded
  std::string path;                           // below the mount prefix, still encoded, no query
  std::map<std::string, std::string> params;  // {name} captures, decoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded
  http_headers headers;
  std::string body;
  // A multipart/form-data body arrives here, parsed, and `body` stays empty
  // (httplib's server consumes the raw bytes).
  std::vector<multipart_part> parts;

  std::optional<std::string> query_value(std::string_view name) const {
    for (const auto& q : query) {
      if (q.first == name) return q.second;
    }
    return std::nullopt;
  }
  std::string_view header(std::string_view name) const { return headers.get(name); }
  const std::string& param(const std::string& name) const { return params.at(name); }
  // The body parsed as JSON, or nullopt when it is not JSON.
  std::optional<nlohmann::json> json_body() const {
    auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
  }
};

struct reply {
  int status = 200;
  http_headers headers;
  std::string body;

  static reply json(int status, const nlohmann::json& body) {
    reply r;
    r.status = status;
    r.headers.set("Content-Type", "application/json");
    r.body = body.dump();
    return r;
  }
  static reply text(int status, std::string body,
                    std::string content_type = "text/plain; charset=utf-8") {
    reply r;
    r.status = status;
    r.headers.set("Content-Type", std::move(content_type));
    r.body = std::move(body);
    return r;
  }
  static reply no_content(int status = 204) {
    reply r;
    r.status = status;
    return r;
  }
};

using handler = std::function<reply(const incoming&)>;

// Routes "METHOD /pattern/{name}/..." to handlers. Matching is segment by
// segment on the raw (encoded) path, so an id containing %2F stays one
// segment, and a trailing slash is significant.
class router {
 public:
  void add(std::string method, std::string_view pattern, handler h) {
    routes_.push_back(route{std::move(method), split(pattern), std::move(h)});
  }
  // Answers unmatched paths (default: 404 {"detail":"Not Found"}).
  void on_not_found(handler h) { not_found_ = std::move(h); }

  // True when `path` (raw, below the mount) is one that `pattern` routes.
  static bool matches(std::string_view pattern, std::string_view path) {
    std::map<std::string, std::string> unused;
    return match(split(pattern), split(path), unused);
  }

  reply dispatch(incoming& in) const {
    const auto segments = split(in.path);
    bool path_matched = false;
    for (const auto& r : routes_) {
      std::map<std::string, std::string> params;
      if (!match(r.segments, segments, params)) continue;
      path_matched = true;
      if (r.method != in.method) continue;
      in.params = std::move(params);
      return r.run(in);
    }
    if (path_matched) return reply::json(405, {{"detail", "Method Not Allowed"}});
    return not_found_ ? not_found_(in) : reply::json(404, {{"detail", "Not Found"}});
  }

 private:
  struct route {
    std::string method;
    std::vector<std::string> segments;
    handler run;
  };

  static std::vector<std::string> split(std::string_view path) {
    std::vector<std::string> out;
    std::size_t start = path.empty() || path.front() != '/' ? 0 : 1;
    while (true) {
      const auto slash = path.find('/', start);
      out.emplace_back(path.substr(start, slash == std::string_view::npos ? slash : slash - start));
      if (slash == std::string_view::npos) break;
      start = slash + 1;
    }
    return out;
  }

  static bool match(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                    std::map<std::string, std::string>& params) {
    if (pattern.size() != path.size()) return false;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      const auto& p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (path[i].empty()) return false;
        params[p.substr(1, p.size() - 2)] = detail::percent_decode(path[i]);
      } else if (p != path[i]) {
        return false;
      }
    }
    return true;
  }

  std::vector<route> routes_;
  handler not_found_;
};

// One fake service.
class service {
 public:
  virtual ~service() = default;
  virtual void install(router& routes) = 0;
};

// A fault injected into the next `count` requests whose target starts with
// `path_prefix` (all requests when empty).
struct fault {
  enum class kind {
    status,           // answer `status` (and Retry-After) instead of the fake
    delay,            // wait `wait`, then answer normally (a "hang" when longer than the
                      // client's read timeout)
    drop_connection,  // send the headers and half the body, then close the socket
    truncated_body,   // answer normally but cut the body in half
    replace_body,     // answer normally but with `body` instead
    padded_body,      // answer normally, `padding` bytes larger (see padded_body())
    edit_json,        // answer normally, with the JSON body passed through `edit`
  };

  kind type = kind::status;
  int status = 503;
  std::string retry_after;
  std::chrono::milliseconds wait{0};
  std::string body;
  std::string content_type = "application/json";
  std::size_t padding = 0;
  std::function<void(nlohmann::json&)> edit;
  int count = 1;
  std::string path_prefix;

  static fault http_status(int status, std::string retry_after = {}) {
    fault f;
    f.status = status;
    f.retry_after = std::move(retry_after);
    return f;
  }
  static fault delay(std::chrono::milliseconds wait) {
    fault f;
    f.type = kind::delay;
    f.wait = wait;
    return f;
  }
  static fault drop_connection() {
    fault f;
    f.type = kind::drop_connection;
    return f;
  }
  static fault truncated_body() {
    fault f;
    f.type = kind::truncated_body;
    return f;
  }
  static fault replace_body(std::string body, std::string content_type = "application/json") {
    fault f;
    f.type = kind::replace_body;
    f.body = std::move(body);
    f.content_type = std::move(content_type);
    return f;
  }
  // The normal answer made `bytes` larger and still valid: a JSON object
  // gets a member "sandbox_padding" holding a string of `bytes` 'x's (which
  // a model keeps in its unknown fields), any other body trailing spaces.
  // For responses of many megabytes.
  static fault padded_body(std::size_t bytes) {
    fault f;
    f.type = kind::padded_body;
    f.padding = bytes;
    return f;
  }
  // The normal answer with its JSON body changed by `edit` (e.g. a field of
  // the wrong type, or an enum value this client has never heard of). A body
  // that is not JSON is left alone.
  static fault edit_json(std::function<void(nlohmann::json&)> edit) {
    fault f;
    f.type = kind::edit_json;
    f.edit = std::move(edit);
    return f;
  }
  fault& times(int n) {
    count = n;
    return *this;
  }
  fault& on(std::string prefix) {
    path_prefix = std::move(prefix);
    return *this;
  }
};

// The rate-limit mode of one mount (server::limit_rate): the service's
// budgets, per budget class, so that a client meets a server that pushes
// back. A request beyond a budget is answered 429 with Retry-After (whole
// seconds, until the oldest request counted leaves the window) and never
// reaches the fake; it is not counted against any budget.
struct rate_limit_mode {
  // At most `requests` requests of `budget_class` in any `window` (rolling,
  // as Fivetran counts). A class may have several (per minute, per hour);
  // the class "*" counts every request of the mount.
  struct budget {
    std::string budget_class;
    std::size_t requests = 0;
    std::chrono::milliseconds window{0};
  };
  // The routes of a class: a method and a pattern below the mount as the
  // fake routes them ("POST", "/v1/connectors/{connector_id}/test").
  // Every other request is in "default".
  struct route_class {
    std::string method;
    std::string pattern;
    std::string budget_class;
  };

  std::vector<budget> budgets;
  std::vector<route_class> routes;
  // Classes whose requests also count against others (Fivetran: a setup
  // test is also a source interaction).
  std::map<std::string, std::vector<std::string>> also_counts_against;
  // X-Rate-Limit (the limit) and X-Rate-Limit-Remaining on every answer, for
  // the longest window of "*" when it has a budget, else of the class.
  bool rate_headers = false;
  std::string body = R"({"code":"TooManyRequests","message":"Rate limit exceeded: sandbox"})";
};

namespace detail {

// The budgets of one mount: a log of the arrival times each budget still
// counts, per class. Thread-safe.
class rate_limiter {
 public:
  using clock = std::chrono::steady_clock;

  explicit rate_limiter(rate_limit_mode mode) : mode_(std::move(mode)) {
    for (const auto& b : mode_.budgets) {
      if (b.requests == 0 || b.window.count() <= 0) {
        throw std::invalid_argument("plugboard sandbox: a rate budget of class '" + b.budget_class +
                                    "' needs at least one request and a positive window");
      }
      logs_[b.budget_class].push_back(window_log{b.requests, b.window, {}});
    }
  }

  struct admission {
    bool admitted = true;
    std::chrono::seconds retry_after{0};  // when refused
    // The X-Rate-Limit headers' values, when the mode sends them.
    std::optional<std::pair<std::size_t, std::size_t>> limit_and_remaining;
  };

  admission admit(std::string_view method, std::string_view path) {
    const std::vector<std::string> chain = classes_of(classify(method, path));
    const auto now = clock::now();
    admission out;
    std::lock_guard<std::mutex> lock(mutex_);
    clock::duration wait{0};
    for (const auto& name : chain) {
      const auto found = logs_.find(name);
      if (found == logs_.end()) continue;
      for (auto& log : found->second) {
        while (!log.arrivals.empty() && log.arrivals.front() + log.window <= now) {
          log.arrivals.pop_front();
        }
        if (log.arrivals.size() >= log.requests) {
          wait = std::max(wait, log.arrivals.front() + log.window - now);
        }
      }
    }
    if (wait > clock::duration::zero()) {
      out.admitted = false;
      out.retry_after = std::chrono::ceil<std::chrono::seconds>(wait);
      return out;
    }
    for (const auto& name : chain) {
      const auto found = logs_.find(name);
      if (found == logs_.end()) continue;
      for (auto& log : found->second) log.arrivals.push_back(now);
    }
    if (mode_.rate_headers) {
      const window_log* shown = longest(logs_.find("*"));
      if (shown == nullptr) shown = longest(logs_.find(chain.front()));
      if (shown != nullptr) {
        out.limit_and_remaining.emplace(shown->requests, shown->requests - shown->arrivals.size());
      }
    }
    return out;
  }

  const rate_limit_mode& mode() const noexcept { return mode_; }

 private:
  struct window_log {
    std::size_t requests;
    std::chrono::milliseconds window;
    std::deque<clock::time_point> arrivals;
  };
  using log_map = std::map<std::string, std::vector<window_log>>;

  const window_log* longest(log_map::const_iterator found) const {
    if (found == logs_.end()) return nullptr;
    const window_log* best = nullptr;
    for (const auto& log : found->second) {
      if (best == nullptr || log.window > best->window) best = &log;
    }
    return best;
  }

  std::string classify(std::string_view method, std::string_view path) const {
    for (const auto& r : mode_.routes) {
      if (r.method == method && router::matches(r.pattern, path)) return r.budget_class;
    }
    return "default";
  }

  // The class, those it counts against (transitively), and "*".
  std::vector<std::string> classes_of(std::string first) const {
    std::vector<std::string> chain;
    std::vector<std::string> pending{std::move(first)};
    while (!pending.empty()) {
      std::string name = std::move(pending.back());
      pending.pop_back();
      if (std::find(chain.begin(), chain.end(), name) != chain.end()) continue;
      const auto more = mode_.also_counts_against.find(name);
      chain.push_back(std::move(name));
      if (more != mode_.also_counts_against.end()) {
        pending.insert(pending.end(), more->second.begin(), more->second.end());
      }
    }
    if (std::find(chain.begin(), chain.end(), "*") == chain.end()) chain.push_back("*");
    return chain;
  }

  const rate_limit_mode mode_;
  std::mutex mutex_;
  log_map logs_;
};

}  // namespace detail

// What the sandbox received, with credentials redacted: headers outside the
// log allow-list are replaced by "[REDACTED]" and bodies are scrubbed (and
// cut to server_options::max_logged_body bytes, ending in "...").
struct logged_request {
  std::string method;
  std::string target;
  http_headers headers;
  std::string body;
  int status = 0;
};

struct server_options {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: the OS picks a free port; a port in use is an error
  // PEM files of a certificate (chain) and its private key: when both are
  // set the sandbox speaks HTTPS only, and url() starts with https://.
  std::string tls_cert_file;
  std::string tls_key_file;
  // Worker threads. httplib gives each open connection one worker (an idle
  // one for up to a second), so `threads` are kept running and more are
  // started on demand, up to `max_threads`; beyond that connections wait.
  std::size_t threads = 32;
  std::size_t max_threads = 4096;
  // The request log keeps at most `max_logged` requests and `max_log_bytes`
  // bytes (the oldest are dropped first); each body is cut to
  // `max_logged_body` bytes in the log.
  std::size_t max_logged = 100000;
  std::size_t max_log_bytes = 16u * 1024 * 1024;
  std::size_t max_logged_body = 64u * 1024;
  // A body with JSON nested deeper than this is answered 400 before any
  // fake parses it (the fakes' JSON handling recurses).
  std::size_t max_json_depth = 512;
  // Called after each request with its log entry, on the worker thread that
  // served it (so concurrently); must not throw. summary() makes a log line.
  std::function<void(const logged_request&)> on_request;
};

// "GET /fivetran/v1/x?cursor=[REDACTED] 200": a request as one line that is
// safe to print. Query values are redacted and any byte outside printable
// ASCII in the target is percent-encoded (no terminal escapes).
inline std::string summary(const logged_request& entry) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string line = entry.method + ' ';
  for (const char c : detail::redacted_target(entry.target)) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte > 0x20 && byte < 0x7f) {
      line += c;
    } else {
      line += '%';
      line += hex[byte >> 4];
      line += hex[byte & 0xfu];
    }
  }
  return line + ' ' + std::to_string(entry.status);
}

// A loopback HTTP server hosting fakes. Starts listening in the constructor
// (on a background thread) and stops in the destructor.
class server {
 public:
  server() : server(server_options{}) {}
  explicit server(server_options options)
      : options_(std::move(options)), http_(make_http(options_)) {
    http_->set_tcp_nodelay(true);  // without it, keep-alive responses wait ~40 ms each
    http_->set_keep_alive_max_count(1000000);
    http_->set_keep_alive_timeout(1);
    http_->set_read_timeout(10, 0);
    http_->set_write_timeout(10, 0);
    http_->set_payload_max_length(64u * 1024 * 1024);
    const std::size_t threads = options_.threads;
    const std::size_t max_threads = options_.max_threads;
    http_->new_task_queue = [this, threads, max_threads] {
      return new detail::elastic_task_queue(threads, max_threads, [this] {
        if (trim_pending_.exchange(false)) release_free_memory();
      });
    };
    // httplib's default adds SO_REUSEPORT, with which a second server on a
    // busy port "listens" too and takes half of its connections.
    http_->set_socket_options([this](socket_t sock) {
      const int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
      listen_socket_ = sock;
    });
    const auto serve = [this](const httplib::Request& req, httplib::Response& res) {
      handle(req, res);
    };
    // httplib matches the decoded path: "." would not match a %0A in an id.
    const std::string any = "[\\s\\S]*";
    http_->Get(any, serve);
    http_->Post(any, serve);
    http_->Put(any, serve);
    http_->Patch(any, serve);
    http_->Delete(any, serve);
    http_->Options(any, serve);
    errno = 0;
    if (options_.port == 0) {
      port_ = http_->bind_to_any_port(options_.host);
    } else if (http_->bind_to_port(options_.host, options_.port)) {
      port_ = options_.port;
    }
    if (port_ <= 0) {
      const int error = errno;  // httplib reports only failure; bind() left the reason
      std::string message = "plugboard sandbox: cannot listen on " + options_.host + ":" +
                            std::to_string(options_.port);
      if (error == EADDRINUSE) {
        message += ": the port is already in use";
      } else if (error != 0) {
        message += ": " + std::generic_category().message(error);
      }
      throw std::runtime_error(message);
    }
    // httplib 0.11 listens with a backlog of 5 (built into Debian's library):
    // when the accept thread is slow to run, the next clients wait a second
    // or more for their SYN to be retried. Listening again raises it.
    ::listen(listen_socket_, SOMAXCONN);
    listener_ = std::thread([this] { http_->listen_after_bind(); });
    // httplib 0.11's stop() does nothing until the accept loop runs, so a
    // server destroyed right after construction would block forever: wait
    // for the loop (httplib 0.12 added wait_until_ready for this).
    for (int i = 0; i < 5000 && !http_->is_running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  server(const server&) = delete;
  server& operator=(const server&) = delete;
  ~server() { stop(); }

  // Constructs a fake of type Fake mounted at `prefix` (e.g. "/providers").
  template <class Fake, class... Args>
  Fake& mount(std::string prefix, Args&&... args) {
    auto fake = std::make_unique<Fake>(std::forward<Args>(args)...);
    Fake& ref = *fake;
    auto routes = std::make_unique<router>();
    fake->install(*routes);
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    std::lock_guard<std::mutex> lock(mounts_mutex_);
    mounts_.push_back(mount_point{std::move(prefix), std::move(fake), std::move(routes), nullptr});
    std::sort(mounts_.begin(), mounts_.end(), [](const mount_point& a, const mount_point& b) {
      return a.prefix.size() > b.prefix.size();
    });
    return ref;
  }

  int port() const noexcept { return port_; }
  bool tls() const noexcept { return !options_.tls_cert_file.empty(); }
  // "http://127.0.0.1:PORT" (https:// with TLS) followed by `prefix`.
  std::string url(std::string_view prefix = {}) const {
    const bool v6 = options_.host.find(':') != std::string::npos;
    return (tls() ? "https://" : "http://") + (v6 ? "[" + options_.host + "]" : options_.host) +
           ":" + std::to_string(port_) + std::string(prefix);
  }

  // Puts the fakes mounted at `prefix` in rate-limit mode (rate_limit_mode),
  // replacing any mode set before; a mode without budgets turns it off.
  // Throws std::invalid_argument for an unknown prefix or a malformed budget.
  void limit_rate(std::string prefix, rate_limit_mode mode) {
    while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
    auto limiter =
        mode.budgets.empty() ? nullptr : std::make_shared<detail::rate_limiter>(std::move(mode));
    std::lock_guard<std::mutex> lock(mounts_mutex_);
    for (auto& m : mounts_) {
      if (m.prefix != prefix) continue;
      m.limiter = std::move(limiter);
      return;
    }
    throw std::invalid_argument("plugboard sandbox: nothing is mounted at '" + prefix + "'");
  }
  // Requests the rate-limit mode answered 429 (they never reached a fake).
  std::size_t rate_limited_count() const noexcept { return rate_limited_.load(); }

  void inject(fault f) {
    std::lock_guard<std::mutex> lock(faults_mutex_);
    faults_.push_back(std::move(f));
  }
  void clear_faults() {
    std::lock_guard<std::mutex> lock(faults_mutex_);
    faults_.clear();
  }

  std::vector<logged_request> requests() const {
    std::lock_guard<std::mutex> lock(log_mutex_);
    std::vector<logged_request> out;
    out.reserve(log_.size());
    for (const auto& entry : log_) out.push_back(entry.request);
    return out;
  }
  std::size_t request_count() const noexcept { return received_.load(); }
  // The most requests the server has been handling at once (each from its
  // arrival to its answer, injected delays included): how many a client had
  // in flight together.
  std::size_t peak_concurrent_requests() const noexcept { return peak_in_progress_.load(); }
  void clear_requests() {
    std::lock_guard<std::mutex> lock(log_mutex_);
    log_.clear();
    log_bytes_ = 0;
  }
  // Distinct client connections (peer address and port) requests came from:
  // with keep-alive, far fewer than request_count().
  std::size_t connection_count() const {
    std::lock_guard<std::mutex> lock(log_mutex_);
    return peers_.size();
  }

  // Stops listening and waits for the workers; idempotent.
  void stop() {
    {
      std::lock_guard<std::mutex> lock(stop_mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    stop_signal_.notify_all();
    http_->stop();
    if (listener_.joinable()) listener_.join();
  }

 private:
  static std::unique_ptr<httplib::Server> make_http(const server_options& options) {
    if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
      throw std::runtime_error("plugboard sandbox: set both tls_cert_file and tls_key_file");
    }
    if (options.tls_cert_file.empty()) return std::make_unique<httplib::Server>();
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
    auto https = std::make_unique<httplib::SSLServer>(options.tls_cert_file.c_str(),
                                                      options.tls_key_file.c_str());
    if (!https->is_valid()) {
      throw std::runtime_error("plugboard sandbox: cannot load the TLS certificate or key");
    }
    return https;
#else
    throw std::runtime_error("plugboard sandbox: HTTPS needs httplib with OpenSSL support");
#endif
  }

  struct mount_point {
    std::string prefix;
    std::unique_ptr<service> fake;
    std::unique_ptr<router> routes;
    std::shared_ptr<detail::rate_limiter> limiter;  // the rate-limit mode, when on
  };

  std::optional<fault> take_fault(std::string_view target) {
    std::lock_guard<std::mutex> lock(faults_mutex_);
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if (target.substr(0, it->path_prefix.size()) != it->path_prefix) continue;
      fault f = *it;
      if (--it->count <= 0) faults_.erase(it);
      return f;
    }
    return std::nullopt;
  }

  // Waits, but wakes up early when the server stops.
  void wait(std::chrono::milliseconds d) {
    std::unique_lock<std::mutex> lock(stop_mutex_);
    stop_signal_.wait_for(lock, d, [this] { return stopping_; });
  }

  reply route(incoming& in) {
    const std::string_view path = std::string_view(in.target).substr(0, in.target.find('?'));
    const router* routes = nullptr;
    std::shared_ptr<detail::rate_limiter> limiter;
    {
      std::lock_guard<std::mutex> lock(mounts_mutex_);
      for (auto& m : mounts_) {
        if (path.substr(0, m.prefix.size()) != m.prefix) continue;
        const std::string_view rest = path.substr(m.prefix.size());
        if (!rest.empty() && rest.front() != '/') continue;
        in.path = std::string(rest);
        routes = m.routes.get();  // mounts are never removed, so this stays valid
        limiter = m.limiter;
        break;
      }
    }
    if (!routes) return reply::json(404, {{"detail", "Not Found"}});
    detail::rate_limiter::admission admitted;
    if (limiter) {
      admitted = limiter->admit(in.method, in.path);
      if (!admitted.admitted) {
        ++rate_limited_;
        reply refused = reply::text(429, limiter->mode().body, "application/json");
        refused.headers.set("Retry-After", std::to_string(admitted.retry_after.count()));
        return refused;
      }
    }
    // Each fake guards its own state; handlers run in parallel.
    reply out = routes->dispatch(in);
    if (admitted.limit_and_remaining) {
      out.headers.set("X-Rate-Limit", std::to_string(admitted.limit_and_remaining->first));
      out.headers.set("X-Rate-Limit-Remaining",
                      std::to_string(admitted.limit_and_remaining->second));
    }
    return out;
  }

  static void parse_query(incoming& in) {
    const auto q = in.target.find('?');
    if (q == std::string::npos) return;
    std::string_view rest = std::string_view(in.target).substr(q + 1);
    while (!rest.empty()) {
      const auto amp = rest.find('&');
      const std::string_view pair = rest.substr(0, amp);
      const auto eq = pair.find('=');
      in.query.emplace_back(detail::percent_decode(pair.substr(0, eq), true),
                            eq == std::string_view::npos
                                ? std::string()
                                : detail::percent_decode(pair.substr(eq + 1), true));
      if (amp == std::string_view::npos) break;
      rest = rest.substr(amp + 1);
    }
  }

  // The fake's reply to `in`, or the injected fault's.
  reply answer(incoming& in, const std::optional<fault>& f) {
    if (f && f->type == fault::kind::delay) wait(f->wait);
    if (f && f->type == fault::kind::status) {
      reply out = reply::json(
          f->status,
          {{"error", {{"code", "injected_fault"}, {"message", "fault injected by the sandbox"}}}});
      if (!f->body.empty()) out.body = f->body;
      if (!f->retry_after.empty()) out.headers.set("Retry-After", f->retry_after);
      return out;
    }
    try {
      reply out = route(in);
      if (f && f->type == fault::kind::edit_json) {
        auto document = nlohmann::json::parse(out.body, nullptr, /*allow_exceptions=*/false);
        if (!document.is_discarded()) {
          f->edit(document);
          out.body = document.dump();
        }
      }
      return out;
    } catch (const std::exception& e) {
      return reply::json(500, {{"error", {{"code", "sandbox_error"}, {"message", e.what()}}}});
    }
  }

  // Counts a request in progress for as long as it lives.
  class in_progress_mark {
   public:
    explicit in_progress_mark(server& owner) noexcept : owner_(owner) {
      const std::size_t now = ++owner_.in_progress_;
      std::size_t peak = owner_.peak_in_progress_.load();
      while (now > peak && !owner_.peak_in_progress_.compare_exchange_weak(peak, now)) {
      }
    }
    in_progress_mark(const in_progress_mark&) = delete;
    in_progress_mark& operator=(const in_progress_mark&) = delete;
    ~in_progress_mark() { --owner_.in_progress_; }

   private:
    server& owner_;
  };

  void handle(const httplib::Request& req, httplib::Response& res) {
    ++received_;
    const in_progress_mark counted(*this);
    incoming in;
    in.method = req.method;
    in.target = req.target;
    for (const auto& field : req.headers) {
      // httplib adds these itself; they are not part of what the client sent.
      if (field.first == "REMOTE_ADDR" || field.first == "REMOTE_PORT" ||
          field.first == "LOCAL_ADDR" || field.first == "LOCAL_PORT") {
        continue;
      }
      in.headers.add(field.first, field.second);
    }
    in.body = req.body;
    for (const auto& file : req.files) {
      in.parts.push_back(multipart_part{file.second.name, file.second.filename,
                                        file.second.content_type, file.second.content});
    }
    parse_query(in);

    std::optional<fault> f;
    reply out;
    if (detail::json_nesting_exceeds(in.body, options_.max_json_depth)) {
      out = reply::json(
          400,
          {{"error",
            {{"code", "nested_too_deeply"},
             {"message", "the JSON body nests more than " +
                             std::to_string(options_.max_json_depth) + " arrays or objects"}}}});
    } else {
      f = take_fault(in.target);
      out = answer(in, f);
    }
    if (f && f->type == fault::kind::truncated_body) out.body.resize(out.body.size() / 2);
    if (f && f->type == fault::kind::replace_body) {
      out.body = f->body;
      out.headers.set("Content-Type", f->content_type);
    }
    if (f && f->type == fault::kind::padded_body) pad(out.body, f->padding);
    log(in, out.status, req.remote_addr, req.remote_port);
    if (in.body.size() >= trim_after_body) trim_pending_ = true;

    res.status = out.status;
    std::string content_type = "application/json";
    for (const auto& field : out.headers) {
      if (detail::iequals(field.first, "Content-Type")) {
        content_type = field.second;
      } else {
        res.headers.emplace(field.first, field.second);
      }
    }
    if (f && f->type == fault::kind::drop_connection) {
      auto body = std::make_shared<std::string>(out.body.empty() ? std::string(64, ' ') : out.body);
      res.set_content_provider(body->size(), content_type,
                               [body](std::size_t offset, std::size_t, httplib::DataSink& sink) {
                                 if (offset == 0) sink.write(body->data(), body->size() / 2);
                                 return false;  // httplib closes the connection
                               });
      return;
    }
    if (!out.body.empty()) res.set_content(out.body, content_type);
  }

  // glibc keeps what a large body's buffers freed in per-thread arenas, so a
  // few 50 MB requests would leave hundreds of MB resident: once the
  // connection that brought one is closed (and its buffers freed), give the
  // memory back.
  static constexpr std::size_t trim_after_body = 1024u * 1024;
  static void release_free_memory() noexcept {
#if defined(__GLIBC__)
    ::malloc_trim(0);
#endif
  }

  static void pad(std::string& body, std::size_t bytes) {
    const auto document = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object()) {
      body.append(bytes, ' ');
      return;
    }
    // Spliced in as text: dumping megabytes through nlohmann is slow.
    const auto open = body.find('{');
    std::string member = "\"sandbox_padding\":\"" + std::string(bytes, 'x') + "\"";
    if (!document.empty()) member += ',';
    body.insert(open + 1, member);
  }

  void log(const incoming& in, int status, const std::string& peer_address, int peer_port) {
    logged_request entry;
    entry.method = in.method;
    entry.target = detail::scrubbed(in.target);
    entry.headers = detail::redacted_headers(in.headers);
    // Cut before scrubbing: a 50 MB body costs no more than a short one.
    entry.body = detail::scrubbed(detail::truncated(in.body, options_.max_logged_body));
    entry.status = status;
    if (options_.on_request) options_.on_request(entry);
    std::size_t bytes = entry.method.size() + entry.target.size() + entry.body.size();
    for (const auto& field : entry.headers) bytes += field.first.size() + field.second.size();
    std::lock_guard<std::mutex> lock(log_mutex_);
    peers_.emplace(peer_address, peer_port);
    log_.push_back(logged{std::move(entry), bytes});
    log_bytes_ += bytes;
    while (!log_.empty() &&
           (log_.size() > options_.max_logged || log_bytes_ > options_.max_log_bytes)) {
      log_bytes_ -= log_.front().bytes;
      log_.pop_front();
    }
  }

  struct logged {
    logged_request request;
    std::size_t bytes;
  };

  server_options options_;
  std::unique_ptr<httplib::Server> http_;
  int port_ = -1;
  socket_t listen_socket_ = INVALID_SOCKET;
  std::thread listener_;

  std::mutex mounts_mutex_;
  std::vector<mount_point> mounts_;

  std::mutex faults_mutex_;
  std::deque<fault> faults_;

  mutable std::mutex log_mutex_;
  std::deque<logged> log_;
  std::size_t log_bytes_ = 0;
  std::set<std::pair<std::string, int>> peers_;
  std::atomic<std::size_t> received_{0};
  std::atomic<std::size_t> rate_limited_{0};
  std::atomic<std::size_t> in_progress_{0};
  std::atomic<std::size_t> peak_in_progress_{0};
  std::atomic<bool> trim_pending_{false};

  std::mutex stop_mutex_;
  std::condition_variable stop_signal_;
  bool stopping_ = false;
};

}  // namespace plugboard::sandbox
