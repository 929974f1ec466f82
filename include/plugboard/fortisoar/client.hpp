// SPDX-License-Identifier: MIT
#pragma once

#include <sys/stat.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/core/result.hpp"
#include "plugboard/fortisoar/auth.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::fortisoar {

// ---- arguments of the facade calls ---------------------------------------------------

struct list_configurations_options {
  std::optional<std::string> name{};  // the CONFIGURATION's name (a connector name matches nothing)
  std::optional<std::string> connector{};      // a connector NAME, resolved to its install id
  std::optional<std::int64_t> connector_id{};  // or the install id itself
  std::optional<bool> active{};
  std::int64_t page = 1;
  std::int64_t page_size = 100;
};

struct healthcheck_options {
  std::optional<std::string> version{};  // default: the installed version
  std::optional<std::string> config{};   // a configuration uuid or name; default: the default one
};

struct execute_options {
  std::optional<std::string> version{};  // default: the installed version
  std::optional<std::string> config{};   // default: the connector's default configuration
};

struct dev_publish_options {
  bool replace = false;  // overwrite an installed connector of the same name and version
  bool discard = false;  // delete the dev twin after a successful publish
};

// Called with the import job after each poll of a waiting install, e.g. to
// show its status and progress.
using import_job_observer = std::function<void(const import_job&)>;

struct install_options {
  bool wait = false;  // poll the import job until it ends or `timeout` runs out
  std::chrono::milliseconds interval{3000};
  std::chrono::milliseconds timeout{300000};
  import_job_observer on_poll{};
};

struct install_from_file_options {
  bool replace = false;  // sends $replace=true (overwrites the same name and version)
  bool wait = false;
  std::chrono::milliseconds interval{3000};
  std::chrono::milliseconds timeout{300000};
  // A larger file is refused before it is read (connector archives are a few MB).
  std::size_t max_archive_bytes = 256 * 1024 * 1024;
  import_job_observer on_poll{};
};

// A connector archive already in memory.
struct connector_archive {
  std::string filename{};      // e.g. "hello-world-1.0.0.tgz"
  std::string data{};          // the .tgz bytes
  std::string content_type{};  // empty: from the file name (application/gzip for .tgz)
};

struct install_connector_options {
  std::string name{};
  std::string version{};
  std::optional<std::string> label{};  // default: the name
  std::vector<std::string> category{};
  std::string description{};
  std::string publisher = "Fortinet";
  std::string rpm_full_name{};
};

struct agent_connector {
  std::string name{};
  std::string version{};
};

namespace detail {

// The rows of list_configured, shared between calls; install, uninstall and
// dev_publish drop it. A fetch that started before a clear never stores
// its (possibly stale) rows.
class connector_cache {
 public:
  using rows = std::shared_ptr<const std::vector<installed_connector>>;

  rows get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return rows_;
  }
  std::uint64_t generation() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return generation_;
  }
  void store(rows fetched, std::uint64_t fetched_at_generation) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fetched_at_generation == generation_) rows_ = std::move(fetched);
  }
  void clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    rows_.reset();
    ++generation_;
  }

 private:
  mutable std::mutex mutex_;
  rows rows_;
  std::uint64_t generation_ = 0;
};

// Clears the cache when a writing call ends, whether it worked or not.
class clear_cache_on_exit {
 public:
  explicit clear_cache_on_exit(connector_cache& cache) noexcept : cache_(cache) {}
  clear_cache_on_exit(const clear_cache_on_exit&) = delete;
  clear_cache_on_exit& operator=(const clear_cache_on_exit&) = delete;
  ~clear_cache_on_exit() { cache_.clear(); }

 private:
  connector_cache& cache_;
};

inline const installed_connector* find_row(const std::vector<installed_connector>& rows,
                                           std::string_view name) noexcept {
  for (const auto& row : rows) {
    if (row.name == name) return &row;  // exact and case-sensitive, as pyfsr
  }
  return nullptr;
}

inline bool ends_with(std::string_view text, std::string_view suffix) noexcept {
  return text.size() >= suffix.size() &&
         plugboard::detail::iequals(text.substr(text.size() - suffix.size()), suffix);
}

// FortiSOAR's own UI uploads a .tgz as application/gzip (pyfsr sends
// Python's guess, application/x-tar; the server takes either).
inline std::string guess_archive_type(std::string_view filename) {
  if (ends_with(filename, ".tgz") || ends_with(filename, ".tar.gz")) return "application/gzip";
  if (ends_with(filename, ".tar")) return "application/x-tar";
  return "application/octet-stream";
}

inline std::string base_name(std::string_view path) {
  const auto slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

// Reads a connector archive: a regular file (not a pipe or a device such as
// /dev/zero, which never ends) of at most `max_bytes`, read once into a
// buffer of its exact size.
inline connector_archive read_archive(const std::string& path, std::size_t max_bytes) {
  require_non_empty("path", path);
  struct closer {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
  };
  const std::unique_ptr<std::FILE, closer> file(std::fopen(path.c_str(), "rb"));
  if (!file) throw usage_error("path", "cannot open '" + path + "': no such file, or unreadable");
  struct stat info {};
  if (::fstat(::fileno(file.get()), &info) != 0 || !S_ISREG(info.st_mode)) {
    throw usage_error("path", "'" + path + "' is not a regular file");
  }
  const auto size = static_cast<std::uint64_t>(info.st_size);
  if (size > max_bytes) {
    throw usage_error("path", "'" + path + "' has " + std::to_string(size) +
                                  " bytes, more than max_archive_bytes (" +
                                  std::to_string(max_bytes) + ")");
  }
  connector_archive archive;
  archive.filename = base_name(path);
  // One byte more than the size, to notice a file that grew meanwhile.
  archive.data.resize(static_cast<std::size_t>(size) + 1);
  const std::size_t n = std::fread(&archive.data[0], 1, archive.data.size(), file.get());
  if (std::ferror(file.get()) != 0 || n == 0) {
    throw usage_error("path", "'" + path + "' is empty or unreadable");
  }
  if (n > size) throw usage_error("path", "'" + path + "' changed while it was read");
  archive.data.resize(n);
  return archive;
}

[[noreturn]] inline void not_installed(std::string_view name) {
  throw usage_error("connector", "'" + std::string(name) +
                                     "' is not installed (no connector of that exact name in "
                                     "list_configured)");
}

}  // namespace detail

// Client of FortiSOAR's connector management, with pyfsr's method names:
//
//   plugboard::fortisoar::client<> fsr{"https://soar.example.com",
//                                      plugboard::fortisoar::api_key(key)};
//   for (const auto& c : fsr.connectors().list_configured()) ...
//   fsr.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "8.8.8.8"}});
//
// For username/password use `client<http_transport, password_auth>`.
//
// Names are resolved on the client: connector_detail, uninstall, execute
// (without a version), resolve_version, healthcheck (without a version) and
// list_configurations (with a connector name) look the name up in
// list_configured, whose rows are cached (thread-safe) until install,
// install_from_file, uninstall or dev_publish, `list_configured(true)` or
// clear_cache(). A name
// that is not installed is a usage_error (a kind every error policy can
// carry); no request for that connector is sent.
// The policies of client<> (core/policies.hpp); client<with_retry<backoff_retry>>
// and the like change only what they name.
using default_policies =
    policy_set<http_transport, api_key_header, default_serializer, no_retry, throw_errors>;

template <class... Policies>
class client : public service_client<policies_t<default_policies, Policies...>> {
  using base = service_client<policies_t<default_policies, Policies...>>;

 public:
  using typename base::auth_type;
  using typename base::core_type;
  using typename base::retry_type;
  using typename base::serializer_type;
  using typename base::transport_type;
  template <class T>
  using result_type = typename base::template result_type<T>;

  explicit client(client_options options, auth_type auth = auth_type(),
                  transport_type transport = transport_type(), retry_type retry = retry_type(),
                  serializer_type serializer = serializer_type())
      : base(std::move(options), std::move(auth), std::move(transport), std::move(retry),
             std::move(serializer)),
        cache_(std::make_shared<detail::connector_cache>()) {}

  // ---- the `connectors` resource group ------------------------------------------------
  class connectors_api {
   public:
    connectors_api(core_type& core, detail::connector_cache& cache) noexcept
        : core_(&core), cache_(&cache) {}

    // Every installed connector, following every page (page_size 100). Pages
    // end when one is empty, when `totalItems` rows have arrived, or, without
    // totalItems, when nextPage is null and the page is short.
    result_type<std::vector<installed_connector>> list_configured(
        bool refresh = false, const call_options& options = {}) {
      return core_->template under_error_policy<std::vector<installed_connector>>(
          [&] { return std::vector<installed_connector>(*rows(refresh, options)); });
    }

    // The installed version of `name` (exact, case-sensitive), or nullopt.
    // No request of its own: it reads list_configured (cached).
    result_type<std::optional<std::string>> resolve_version(std::string_view name,
                                                            bool refresh = false,
                                                            const call_options& options = {}) {
      return core_->template under_error_policy<std::optional<std::string>>(
          [&]() -> std::optional<std::string> {
            const auto all = rows(refresh, options);
            if (const auto* row = detail::find_row(*all, name)) return row->version;
            return std::nullopt;
          });
    }

    // The install id of `name`, or nullopt (reads list_configured, cached).
    result_type<std::optional<std::int64_t>> resolve_connector_id(
        std::string_view name, bool refresh = false, const call_options& options = {}) {
      return core_->template under_error_policy<std::optional<std::int64_t>>(
          [&]() -> std::optional<std::int64_t> {
            const auto all = rows(refresh, options);
            if (const auto* row = detail::find_row(*all, name)) return row->id;
            return std::nullopt;
          });
    }

    // The full record (operations with their parameters, configurations,
    // config schema): resolves the install id, then POSTs {} to it.
    result_type<connector_record> connector_detail(std::string_view name,
                                                   const call_options& options = {}) {
      return core_->template under_error_policy<connector_record>([&] {
        const std::int64_t id = installed(name, options).id;
        return core_->call_or_throw(endpoints::connector_detail{id}, options);
      });
    }

    // One page of saved configurations. A `connector` name is resolved to
    // its install id first; when it is not installed the page is empty and
    // nothing is sent (pyfsr's behaviour).
    result_type<list_page<configuration>> list_configurations(
        const list_configurations_options& filter = {}, const call_options& options = {}) {
      return core_->template under_error_policy<list_page<configuration>>([&] {
        endpoints::list_configurations request;
        request.page = filter.page;
        request.page_size = filter.page_size;
        request.name = filter.name;
        request.connector = filter.connector_id;
        if (!request.connector && filter.connector) {
          const auto all = rows(false, options);
          const auto* row = detail::find_row(*all, *filter.connector);
          if (row == nullptr) return list_page<configuration>{};
          request.connector = row->id;
        }
        if (filter.active) request.active = *filter.active ? "True" : "False";
        return core_->call_or_throw(request, options);
      });
    }

    // Whether the connector's configuration works. Like pyfsr, a connector
    // that is not installed (no version known) and a 404 give a result with
    // status "no-config" instead of an error; no request is sent for the first.
    result_type<healthcheck_result> healthcheck(std::string name,
                                                const healthcheck_options& how = {},
                                                const call_options& options = {}) {
      return core_->template under_error_policy<healthcheck_result>([&] {
        require_non_empty("name", name);
        std::optional<std::string> version = how.version;
        if (!version) {
          const auto all = rows(false, options);
          if (const auto* row = detail::find_row(*all, name)) version = row->version;
        }
        if (!version) {
          healthcheck_result none;
          none.status = "no-config";
          none.name = name;
          none.message = "'" + name + "' is not installed, so it has no configuration to check";
          return none;
        }
        try {
          return core_->call_or_throw(endpoints::healthcheck{name, *version, how.config}, options);
        } catch (const api_error& e) {
          if (e.status() != 404) throw;
          healthcheck_result none;
          none.status = "no-config";
          none.name = name;
          none.version = version;
          none.message =
              e.service_message().empty() ? std::string("not found") : e.service_message();
          none.http_status = 404;
          return none;
        }
      });
    }

    // Runs `operation` of `connector` with `params` (a JSON object). Without
    // a version, the installed one is used (a usage_error when the connector
    // is not installed); without a config, the default configuration of the
    // cached row, else "" (the server then picks its default).
    result_type<execute_result> execute(std::string connector, std::string operation,
                                        json params = json::object(),
                                        const execute_options& how = {},
                                        const call_options& options = {}) {
      return core_->template under_error_policy<execute_result>([&] {
        require_non_empty("connector", connector);
        require_non_empty("operation", operation);
        if (params.is_null()) params = json::object();
        endpoints::execute request;
        request.body.connector = std::move(connector);
        request.body.operation = std::move(operation);
        request.body.params = std::move(params);
        if (how.version) {
          request.body.version = *how.version;
        } else {
          request.body.version = installed(request.body.connector, options).version;
        }
        if (how.config) {
          request.body.config = *how.config;
        } else if (const auto all = cache_->get()) {
          // Only a primed cache is consulted: with a version given and nothing
          // cached, pyfsr sends "" without listing connectors.
          if (const auto* row = detail::find_row(*all, request.body.connector)) {
            if (const auto* config = row->default_configuration()) {
              request.body.config = config->config_id;
            }
          }
        }
        return core_->call_or_throw(request, options);
      });
    }

    // The Connector Studio workspace ({"data"}, Hydra or a bare array).
    result_type<std::vector<dev_entity>> dev_list(const call_options& options = {}) {
      return core_->call(endpoints::dev_list{}, options);
    }

    result_type<dev_entity> dev_edit(std::string entity_id, const call_options& options = {}) {
      return core_->call(endpoints::dev_edit{std::move(entity_id), {}}, options);
    }

    // `xpath` starts with /<name>_<vtag>_dev/, e.g. "/foo_1_0_0_dev/info.json".
    result_type<dev_file> dev_read_file(std::string entity_id, std::string xpath,
                                        const call_options& options = {}) {
      return core_->call(endpoints::dev_read_file{std::move(entity_id), {std::move(xpath)}},
                         options);
    }

    // Sends `file_data` verbatim as {"fileData": file_data}, as pyfsr does.
    // Returns the updated tree view (null when the reply is empty).
    result_type<json> dev_write_file(std::string entity_id, json file_data,
                                     const call_options& options = {}) {
      return core_->template under_error_policy<json>([&] {
        auto tree = core_->call_or_throw(
            endpoints::dev_write_file{std::move(entity_id), {std::move(file_data)}}, options);
        return tree ? std::move(*tree) : json();
      });
    }

    // The shape plugboard recommends: {"fileData": {"xpath", "fileContent"}}
    // (the spec's; pyfsr's docs show {"path","content"}, which the other
    // overload can send).
    result_type<json> dev_write_file(std::string entity_id, std::string xpath, std::string content,
                                     const call_options& options = {}) {
      return dev_write_file(std::move(entity_id),
                            json{{"xpath", std::move(xpath)}, {"fileContent", std::move(content)}},
                            options);
    }

    // Publishes the workspace entity as an installed connector; clears the cache.
    result_type<connector_record> dev_publish(std::string entity_id,
                                              const dev_publish_options& how = {},
                                              const call_options& options = {}) {
      return core_->template under_error_policy<connector_record>([&] {
        detail::clear_cache_on_exit clear(*cache_);
        return core_->call_or_throw(
            endpoints::dev_publish{std::move(entity_id), {how.replace, how.discard}}, options);
      });
    }

    // Installs `name` at `version` from Content Hub. With `wait`, polls the
    // import job (at once, then every `interval`, through the client's clock)
    // until it completes, fails, or `timeout` or the call's deadline
    // (call_options::timeout, client_options::call_timeout) runs out; the
    // result says which. The install and every poll share that deadline.
    result_type<install_result> install(std::string name, std::string version,
                                        const install_options& how = {},
                                        const call_options& options = {}) {
      return core_->template under_error_policy<install_result>([&] {
        detail::clear_cache_on_exit clear(*cache_);
        check_wait(how.interval, how.timeout);
        const call_options pinned = core_->with_deadline(options);
        install_result out;
        out.response =
            core_->call_or_throw(endpoints::install{{std::move(name), std::move(version)}}, pinned);
        finish(out, how.wait, how.interval, how.timeout, how.on_poll, pinned);
        return out;
      });
    }

    // One poll of an import job.
    result_type<import_job> install_status(std::string job_id, const call_options& options = {}) {
      return core_->call(endpoints::install_status{std::move(job_id)}, options);
    }

    // Uploads a connector .tgz (multipart, one part "file" with the file's
    // base name). A missing or empty file is a usage_error before any request.
    // The live reply usually names no import job (state no_job: installed).
    result_type<install_result> install_from_file(const std::string& path,
                                                  const install_from_file_options& how = {},
                                                  const call_options& options = {}) {
      return core_->template under_error_policy<install_result>(
          [&] { return upload(detail::read_archive(path, how.max_archive_bytes), how, options); });
    }

    // The same from bytes in memory.
    result_type<install_result> install_from_file(connector_archive archive,
                                                  const install_from_file_options& how = {},
                                                  const call_options& options = {}) {
      return core_->template under_error_policy<install_result>(
          [&] { return upload(std::move(archive), how, options); });
    }

    // Removes `name` from the appliance (its self-agent; remote agents use
    // agents().uninstall_connector). Resolves the install id first.
    result_type<no_content> uninstall(std::string_view name, const call_options& options = {}) {
      return core_->template under_error_policy<no_content>([&] {
        const call_options pinned = core_->with_deadline(options);
        const std::int64_t id = installed(name, pinned).id;
        detail::clear_cache_on_exit clear(*cache_);
        return core_->call_or_throw(endpoints::uninstall{id}, pinned);
      });
    }

    // Forgets the cached list_configured rows.
    void clear_cache() { cache_->clear(); }

   private:
    // The cached rows, fetching every page when there are none (or on refresh).
    detail::connector_cache::rows rows(bool refresh, const call_options& options) {
      if (refresh) cache_->clear();
      if (auto cached = cache_->get()) return cached;
      const auto generation = cache_->generation();
      auto fetched = std::make_shared<std::vector<installed_connector>>(fetch_all(options));
      detail::connector_cache::rows shared = std::move(fetched);
      cache_->store(shared, generation);
      return shared;
    }

    // Every page of list_configured. A server that never ends its pages (a
    // page sent twice, more than options.max_pages) throws paging_error.
    std::vector<installed_connector> fetch_all(const call_options& options) {
      constexpr std::int64_t page_size = 100;
      std::int64_t received = 0;  // the walk is collected before this returns
      const auto fetch = [&](std::int64_t page) {
        auto reply = core_->call_or_throw(endpoints::list_configured{page, page_size}, options);
        const auto count = static_cast<std::int64_t>(reply.data.size());
        received += count;
        bool more = count > 0;
        if (reply.total_items) {
          more = more && received < *reply.total_items;
        } else if (!reply.next_page) {
          more = more && count >= page_size;
        }
        return listing_page<installed_connector>{std::move(reply.data), more};
      };
      const auto key = [](const installed_connector& row) {
        return std::to_string(row.id) + '/' + row.name;
      };
      const walk_options walk{"fortisoar list_configured",
                              options.max_pages.value_or(default_max_pages)};
      return page_walk<installed_connector>(walk, 1, fetch, key).collect();
    }

    installed_connector installed(std::string_view name, const call_options& options) {
      require_non_empty("name", name);
      const auto all = rows(false, options);
      const auto* row = detail::find_row(*all, name);
      if (row == nullptr) detail::not_installed(name);
      return *row;
    }

    static void check_wait(std::chrono::milliseconds interval, std::chrono::milliseconds timeout) {
      if (interval.count() <= 0) throw usage_error("interval", "must be positive");
      if (timeout.count() < 0) throw usage_error("timeout", "must not be negative");
    }

    install_result upload(connector_archive archive, const install_from_file_options& how,
                          const call_options& options) {
      require_non_empty("filename", archive.filename);
      if (archive.data.empty()) throw usage_error("data", "the archive is empty");
      check_wait(how.interval, how.timeout);
      if (archive.content_type.empty()) {
        archive.content_type = detail::guess_archive_type(archive.filename);
      }
      detail::clear_cache_on_exit clear(*cache_);
      endpoints::install_from_file request;
      if (how.replace) request.replace = true;
      request.file.push_back(multipart_part{"file", std::move(archive.filename),
                                            std::move(archive.content_type),
                                            std::move(archive.data)});
      const call_options pinned = core_->with_deadline(options);
      install_result out;
      out.response = core_->call_or_throw(request, pinned);
      finish(out, how.wait, how.interval, how.timeout, how.on_poll, pinned);
      return out;
    }

    // Sets the state of an install and, when asked, waits for its job, until
    // `timeout` or the deadline that `options` carries (with_deadline).
    void finish(install_result& out, bool wait, std::chrono::milliseconds interval,
                std::chrono::milliseconds timeout, const import_job_observer& on_poll,
                const call_options& options) {
      out.job_id = out.response.job_id();
      if (!out.job_id) {
        out.state = install_state::no_job;
        return;
      }
      if (!wait) {
        out.state = install_state::started;
        return;
      }
      const clock_hooks& clock = core_->options().clock;
      const auto start = clock.now();
      for (;;) {
        out.job = core_->call_or_throw(endpoints::install_status{*out.job_id}, options);
        ++out.polls;
        if (on_poll) on_poll(*out.job);
        if (out.job->succeeded()) {
          out.state = install_state::completed;
          return;
        }
        if (out.job->failed()) {
          out.state = install_state::failed;
          return;
        }
        const auto now = clock.now();
        const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
        if (elapsed + interval > timeout || now + interval >= *options.deadline) {
          out.state = install_state::timed_out;
          return;
        }
        clock.sleep(interval);
      }
    }

    core_type* core_;
    detail::connector_cache* cache_;
  };

  // ---- the `agents` resource group ------------------------------------------------------
  // `agent_id` is always the agent hash (the `agent` of connector rows), not
  // the /api/3/agents record uuid; an empty one is a usage_error.
  class agents_api {
   public:
    explicit agents_api(core_type& core) noexcept : core_(&core) {}

    result_type<agent_call_result> install_connector(std::string agent_id,
                                                     install_connector_options what,
                                                     const call_options& options = {}) {
      endpoints::install_connector request;
      request.body.name = what.name;
      request.body.label = what.label.value_or(what.name);
      request.body.version = std::move(what.version);
      request.body.rpm_full_name = std::move(what.rpm_full_name);
      request.body.category = std::move(what.category);
      request.body.description = std::move(what.description);
      request.body.publisher = std::move(what.publisher);
      request.body.agent.push_back(std::move(agent_id));
      return core_->call(request, options);
    }

    result_type<agent_call_result> upgrade_connector(std::string agent_id, agent_connector what,
                                                     const call_options& options = {}) {
      return core_->call(
          endpoints::upgrade_connector{
              {std::move(what.name), std::move(what.version), std::move(agent_id)}},
          options);
    }

    // A DELETE with a JSON body; an empty reply gives an empty result.
    result_type<agent_call_result> uninstall_connector(std::string agent_id, agent_connector what,
                                                       const call_options& options = {}) {
      return core_->template under_error_policy<agent_call_result>([&] {
        auto reply = core_->call_or_throw(
            endpoints::uninstall_connector{
                {std::move(what.name), std::move(what.version), std::move(agent_id)}},
            options);
        return reply ? std::move(*reply) : agent_call_result{};
      });
    }

    result_type<agent_heartbeat> heartbeat(std::string agent_id, const call_options& options = {}) {
      return core_->call(endpoints::heartbeat{std::move(agent_id)}, options);
    }

   private:
    core_type* core_;
  };

  connectors_api connectors() noexcept { return connectors_api(this->core_, *cache_); }
  agents_api agents() noexcept { return agents_api(this->core_); }

 private:
  std::shared_ptr<detail::connector_cache> cache_;
};

}  // namespace plugboard::fortisoar
