// SPDX-License-Identifier: MIT
// plugboard batch: reads operations as JSON lines on stdin,
//   {"service": "fivetran", "op": "connector_details", "args": {"connector_id": "c1"}}
// ("id", any JSON, is echoed back), runs them with --parallel N workers
// (plugboard::bulk_executor) through each service's rate_limited_transport
// (its published budgets, if any, changed by --budget), and writes one JSON
// line per operation, in input order:
//   {"line": 1, "ok": true, "result": ...}
//   {"line": 2, "ok": false, "error": {...the --output json error object...}}
// then a summary on stderr. Progress on stderr when it is a terminal;
// SIGINT or SIGTERM stops the batch (what had not started is reported as
// canceled). Exit 0 when every operation succeeded, 6 otherwise, 2 for a bad
// flag (nothing sent).
#include "batch.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "arguments.hpp"
#include "command.hpp"
#include "common/budget_spec.hpp"
#include "plugboard/bulk/executor.hpp"
#include "plugboard/core/rate_budget.hpp"
#include "plugboard/services.hpp"
#include "plugboard/transport/rate_limited.hpp"
#include "report.hpp"

namespace plugboard_cli {
namespace {

// The longest line read; a longer one is an error of that line.
constexpr std::size_t max_line_bytes = 1u << 20;
constexpr std::size_t max_lines = 1000000;

using limited_http = plugboard::rate_limited_transport<plugboard::http_transport>;

template <class S>
using batch_client = typename S::template client<plugboard::with_auth<typename S::auth_type>,
                                                 plugboard::with_transport<limited_http>>;

template <class S, class = void>
struct has_published_budgets : std::false_type {};
template <class S>
struct has_published_budgets<S, std::void_t<decltype(S::published_budgets())>> : std::true_type {};

// ---- a descriptor from the "args" object ---------------------------------------------

template <class M>
void decode_argument(M& member, const plugboard::json& value, const std::string& name) {
  try {
    plugboard::codec::decode(plugboard::json_reader(value), member);
  } catch (const plugboard::decode_error& e) {
    const std::string& field = e.field();
    throw plugboard::usage_error(
        "args." + name, e.problem() + (field.empty() ? std::string() : " (at '" + field + "')"));
  }
}

template <class M>
void fill_body(M& member, const plugboard::json& args, std::set<std::string>& known) {
  using body_type = internal::without_optional_t<M>;
  known.insert("body");
  const auto whole = args.find("body");
  if constexpr (std::is_same_v<body_type, std::vector<plugboard::multipart_part>>) {
    if (whole != args.end()) {
      throw plugboard::usage_error("args.body", "an upload cannot be made from a batch line");
    }
  } else if constexpr (plugboard::has_field_list_v<body_type>) {
    plugboard::json document;
    if constexpr (internal::is_optional<M>::value) {
      document = plugboard::codec::encode(member.value_or(body_type{}));
    } else {
      document = plugboard::codec::encode(member);
    }
    bool given = false;
    if (whole != args.end()) {
      if (!whole->is_object()) throw plugboard::usage_error("args.body", "must be a JSON object");
      for (auto it = whole->begin(); it != whole->end(); ++it) document[it.key()] = it.value();
      given = true;
    }
    constexpr auto fields = body_type::fields();
    plugboard::for_each_descriptor(fields, [&](const auto& f) {
      if constexpr (internal::is_field<std::decay_t<decltype(f)>>::value) {
        const std::string name(f.name);
        known.insert(name);
        const auto found = args.find(name);
        if (found == args.end()) return;
        document[name] = *found;
        given = true;
      }
    });
    if (!given) return;  // the descriptor's default body
    body_type body{};
    decode_argument(body, document, "body");
    member = std::move(body);
  } else {
    if (whole == args.end()) return;
    body_type body{};
    decode_argument(body, *whole, "body");
    member = std::move(body);
  }
}

// The descriptor E with the parameters and body fields `args` names (by
// their wire names; "body" for the whole body). A name E does not have is
// an error, so a typo is not silently dropped.
template <class E>
E descriptor_from(const plugboard::json& args) {
  if (!args.is_object()) throw plugboard::usage_error("args", "must be a JSON object");
  E endpoint{};
  std::set<std::string> known;
  plugboard::visit_params(endpoint, [&](const auto& p, auto& member) {
    using P = std::decay_t<decltype(p)>;
    if constexpr (P::kind == plugboard::param_kind::body) {
      fill_body(member, args, known);
    } else {
      const std::string name(p.name);
      known.insert(name);
      const auto found = args.find(name);
      if (found != args.end()) decode_argument(member, *found, name);
    }
  });
  for (auto it = args.begin(); it != args.end(); ++it) {
    if (known.count(it.key()) == 0) {
      std::string problem = "is not a parameter or body field of ";
      problem.append(plugboard::endpoint_traits<E>::operation);
      throw plugboard::usage_error("args." + it.key(), problem);
    }
  }
  return endpoint;
}

// ---- the batch ---------------------------------------------------------------------------

// One input line: the call added to the batch and how to read its result,
// or why the line could not become a call.
struct line_entry {
  std::size_t number = 0;
  plugboard::json id;                       // echoed back when given
  std::function<plugboard::json()> result;  // the typed result as JSON, once the batch ran
  std::optional<std::size_t> item;          // its index in the batch
  std::optional<plugboard::usage_error> refused;
};

class batch_run {
 public:
  batch_run(session& s, std::vector<plugboard_examples::budget_spec> budgets)
      : session_(&s), budgets_(std::move(budgets)) {
    plugboard::for_each_type(plugboard::services{}, [&](auto tag) { register_service(tag); });
    for (const auto& spec : budgets_) {
      if (services_.count(spec.service) == 0) {
        throw plugboard::usage_error("--budget", "no service is called '" + spec.service + "'");
      }
    }
  }

  // Turns one line into a call of the batch (or records why it cannot be one).
  void add_line(std::size_t number, const std::string& text, bool too_long) {
    line_entry entry;
    entry.number = number;
    try {
      if (too_long) {
        throw plugboard::usage_error(
            "line",
            std::string("is longer than ").append(std::to_string(max_line_bytes)).append(" bytes"));
      }
      if (json_depth(text, max_json_depth) > max_json_depth) {
        throw plugboard::usage_error("line", "nests objects and arrays deeper than " +
                                                 std::to_string(max_json_depth) + " levels");
      }
      const auto line = plugboard::json::parse(text, nullptr, /*allow_exceptions=*/false);
      if (line.is_discarded() || !line.is_object()) {
        throw plugboard::usage_error("line", "is not a JSON object");
      }
      if (const auto id = line.find("id"); id != line.end()) entry.id = *id;
      for (auto it = line.begin(); it != line.end(); ++it) {
        if (it.key() != "service" && it.key() != "op" && it.key() != "args" && it.key() != "id") {
          throw plugboard::usage_error(it.key(),
                                       "is not a key of a batch line (service, op, args, id)");
        }
      }
      const auto service = line.find("service");
      const auto op = line.find("op");
      if (service == line.end() || !service->is_string()) {
        throw plugboard::usage_error("service", "must be the name of a service");
      }
      if (op == line.end() || !op->is_string()) {
        throw plugboard::usage_error("op", "must be the name of an operation");
      }
      const std::string key = service->get<std::string>() + " " + op->get<std::string>();
      const auto adder = adders_.find(key);
      if (adder == adders_.end()) {
        std::string problem = "there is no operation '";
        problem.append(op->get<std::string>()).append("' of a service '");
        problem.append(service->get<std::string>()).append("'");
        throw plugboard::usage_error(
            services_.count(service->get<std::string>()) ? "op" : "service", problem);
      }
      const auto args = line.find("args");
      entry.item = work_.size();
      entry.result = adder->second(args == line.end() ? plugboard::json::object() : *args);
    } catch (const plugboard::usage_error& e) {
      entry.item.reset();
      entry.refused = e;
    }
    lines_.push_back(std::move(entry));
  }

  // Runs the batch; returns the process's exit status.
  int run(std::size_t parallel, const reporter& report) {
    plugboard::cancellation_source stop;
    const bool terminal = ::isatty(STDERR_FILENO) == 1;
    plugboard::batch_options options;
    options.parallel = parallel;
    options.cancel = stop.token();
    int drawn = 0;
    if (terminal && !session_->options.verbose) {
      options.on_progress = [&drawn](const plugboard::batch_progress& p) {
        ++drawn;
        std::fprintf(stderr,
                     "\r\033[K[%zu/%zu] %zu ok, %zu failed, %zu in flight, %zu waiting on a "
                     "budget",
                     p.succeeded + p.failed + p.not_started, p.total, p.succeeded, p.failed,
                     p.in_flight, p.waiting_on_budget);
        std::fflush(stderr);
      };
    }
    // SIGINT and SIGTERM cancel the batch: blocked here (the workers inherit
    // the mask) and taken by a watcher, so no handler runs at all.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::atomic<bool> finished{false};
    std::thread watcher([&] {
      const timespec poll{0, 20 * 1000 * 1000};
      while (!finished.load()) {
        if (sigtimedwait(&stop_signals, nullptr, &poll) > 0) stop.cancel();
      }
    });
    const auto start = std::chrono::steady_clock::now();
    {
      plugboard::bulk_executor executor(std::max<std::size_t>(1, std::min(parallel, work_.size())));
      executor.run(work_, options);
    }
    finished = true;
    watcher.join();
    if (drawn > 0) std::fputs("\r\033[K", stderr);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::size_t ok = 0, failed = 0, not_started = 0;
    bool written = true;
    for (const auto& entry : lines_) {
      plugboard::json out = {{"line", entry.number}};
      if (!entry.id.is_null()) out["id"] = entry.id;
      if (entry.refused) {
        out["ok"] = false;
        out["error"] = error_json(*entry.refused);
        ++failed;
      } else if (const plugboard::error_info* error = work_.error(*entry.item)) {
        out["ok"] = false;
        out["error"] = error_json(error->get());
        ++(work_.status(*entry.item) == plugboard::item_status::not_started ? not_started : failed);
      } else {
        out["ok"] = true;
        out["result"] = entry.result();
        ++ok;
      }
      const std::string text = out.dump(-1, ' ', false, plugboard::json::error_handler_t::replace);
      written = std::printf("%s\n", text.c_str()) >= 0 && written;
    }
    written = std::fflush(stdout) == 0 && written && std::ferror(stdout) == 0;
    std::size_t replies_429 = 0;
    for (const auto& count : replies_429_) replies_429 += count();
    summarize(lines_.size(), ok, failed, not_started, replies_429, seconds, report.json());
    if (!written) return report.other("internal", exit_internal, "could not write the results");
    return ok == lines_.size() ? exit_ok : exit_failed;
  }

 private:
  static void summarize(std::size_t total, std::size_t ok, std::size_t failed,
                        std::size_t not_started, std::size_t replies_429, double seconds,
                        bool json) {
    if (json) {
      const plugboard::json line = {
          {"event", "summary"}, {"operations", total},        {"succeeded", ok},
          {"failed", failed},   {"not_started", not_started}, {"replies_429", replies_429},
          {"seconds", seconds}};
      std::fprintf(stderr, "%s\n", line.dump().c_str());
    } else {
      std::fprintf(stderr,
                   "plugboard batch: %zu operations: %zu ok, %zu failed, %zu not started "
                   "(%.1f s, %zu answered 429)\n",
                   total, ok, failed, not_started, seconds, replies_429);
    }
  }

  template <class Tag>
  void register_service(Tag) {
    using S = typename Tag::type;
    const std::string name(S::name);
    services_.insert(name);
    plugboard::for_each_type(typename S::endpoints{}, [&](auto endpoint) {
      using E = typename decltype(endpoint)::type;
      const std::string key = name + " " + std::string(plugboard::endpoint_traits<E>::operation);
      adders_[key] = [this](const plugboard::json& args) -> std::function<plugboard::json()> {
        E call = descriptor_from<E>(args);
        auto& client = client_of<S>();
        const auto slot = work_.add(client, std::move(call));
        plugboard::batch* work = &work_;
        return [work, slot] { return result_json(*(*work)[slot]); };
      };
    });
  }

  // The service's budgets: its published ones, with --budget's in place.
  template <class S>
  plugboard::rate_budgets budgets_of() const {
    plugboard::rate_budgets budgets;
    if constexpr (has_published_budgets<S>::value) budgets = S::published_budgets();
    std::set<std::string> replaced;
    for (const auto& spec : budgets_) {
      if (spec.service != S::name) continue;
      const plugboard::rate_limit limit{spec.requests, spec.window};
      auto& limits = spec.budget_class == "*" ? budgets.every_request
                                              : budgets.classes[spec.budget_class].limits;
      // The first --budget of a class replaces its published limits; more add to them.
      if (replaced.insert(spec.budget_class).second) limits.clear();
      limits.push_back(limit);
    }
    return budgets;
  }

  template <class S>
  batch_client<S>& client_of() {
    const std::string name(S::name);
    auto found = clients_.find(name);
    if (found == clients_.end()) {
      const auto auth =
          S::make_auth([](std::string_view variable) { return environment_lookup(variable); });
      auto client = std::make_shared<batch_client<S>>(
          session_->client_options(session_->base_url(S::base_url_variable, S::default_base_url)),
          auth, limited_http(session_->transport(), budgets_of<S>()));
      auto* raw = client.get();
      replies_429_.push_back([raw] { return raw->core().transport().stats().replies_429; });
      found = clients_.emplace(name, std::move(client)).first;
    }
    return *std::static_pointer_cast<batch_client<S>>(found->second);
  }

  static std::optional<std::string> environment_lookup(std::string_view name) {
    return environment(std::string(name).c_str());
  }

  session* session_;
  std::vector<plugboard_examples::budget_spec> budgets_;
  std::set<std::string> services_;
  std::map<std::string, std::function<std::function<plugboard::json()>(const plugboard::json&)>>
      adders_;
  std::map<std::string, std::shared_ptr<void>> clients_;
  std::vector<std::function<std::size_t()>> replies_429_;
  plugboard::batch work_;
  std::vector<line_entry> lines_;
};

// Reads stdin line by line, each at most max_line_bytes (the rest of a
// longer one is skipped); calls `take(number, text, too_long)` for each
// line that is not blank.
template <class Take>
void read_lines(Take take) {
  std::string line;
  bool too_long = false;
  std::size_t number = 0;
  char buffer[64 * 1024];
  const auto finish = [&] {
    ++number;
    if (number > max_lines) {
      throw plugboard::usage_error(
          "stdin",
          std::string("has more than ").append(std::to_string(max_lines)).append(" lines"));
    }
    if (too_long || line.find_first_not_of(" \t\r") != std::string::npos)
      take(number, line, too_long);
    line.clear();
    too_long = false;
  };
  while (std::fgets(buffer, sizeof buffer, stdin) != nullptr) {
    std::string_view piece(buffer);
    const bool ends = !piece.empty() && piece.back() == '\n';
    if (ends) piece.remove_suffix(1);
    if (!too_long) {
      if (line.size() + piece.size() > max_line_bytes) {
        too_long = true;
        line.clear();
      } else {
        line.append(piece);
      }
    }
    if (ends) finish();
  }
  if (!line.empty() || too_long) finish();
}

}  // namespace

void add_batch(CLI::App& root, session& s) {
  CLI::App* app = root.add_subcommand(
      "batch",
      "Run operations read as JSON lines on stdin ({\"service\", \"op\", \"args\"}), N at a time "
      "within each service's rate budgets; one JSON line of result per operation, in order");
  struct flags {
    std::size_t parallel = 8;
    std::vector<std::string> budgets;
  };
  auto given = std::make_shared<flags>();
  app->add_option("--parallel", given->parallel, "operations in flight at once (8)")
      ->type_name("N")
      ->check(CLI::Range(1, 64));
  app->add_option("--budget", given->budgets,
                  "a rate budget, SERVICE:CLASS=REQUESTS/WINDOW (CLASS * for every request, "
                  "WINDOW e.g. 500ms, 1s, 1m, 1h); replaces the service's published limits of "
                  "that class; repeatable")
      ->type_name("SPEC");
  app->footer(
      "Each line: {\"service\": \"fivetran\", \"op\": \"connector_details\", \"args\": "
      "{\"connector_id\": \"c1\"}}, with an optional \"id\" echoed back. args holds the "
      "operation's parameters and body fields by their wire names (\"body\" for the whole "
      "body). Output: {\"line\": N, \"ok\": true, \"result\": ...} or {\"line\": N, \"ok\": "
      "false, \"error\": {...}}, in input order; a summary on stderr. Exit status 0 when every "
      "operation succeeded, 6 when one did not, 2 for a bad flag.\n");
  app->callback([&s, given] {
    std::vector<plugboard_examples::budget_spec> budgets;
    for (const auto& text : given->budgets) {
      try {
        budgets.push_back(plugboard_examples::parse_budget_spec(text));
      } catch (const std::invalid_argument& e) {
        throw plugboard::usage_error("--budget", "'" + text + "': " + e.what());
      }
    }
    s.batch = [&s, given, budgets] {
      const reporter report(s.json_output());
      batch_run run(s, budgets);
      read_lines([&](std::size_t number, const std::string& text, bool too_long) {
        run.add_line(number, text, too_long);
      });
      return run.run(given->parallel, report);
    };
  });
}

}  // namespace plugboard_cli
