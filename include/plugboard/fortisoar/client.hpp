// SPDX-License-Identifier: MIT
#pragma once

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
#include <type_traits>
#include <utility>
#include <vector>

#include "plugboard/auth/api_key.hpp"
#include "plugboard/core/client.hpp"
#include "plugboard/core/paging.hpp"
#include "plugboard/core/policies.hpp"
#include "plugboard/core/result.hpp"
#include "plugboard/core/type_traits.hpp"
#include "plugboard/fortisoar/archive.hpp"
#include "plugboard/fortisoar/auth.hpp"
#include "plugboard/fortisoar/detail/connector_cache.hpp"
#include "plugboard/fortisoar/detail/import_job_wait.hpp"
#include "plugboard/fortisoar/detail/installed_connectors_walk.hpp"
#include "plugboard/fortisoar/endpoints.hpp"
#include "plugboard/fortisoar/models.hpp"
#include "plugboard/fortisoar/options.hpp"
#include "plugboard/serializer/default.hpp"
#include "plugboard/transport/http.hpp"

namespace plugboard::fortisoar {

// The generated groups (generated/, from FortiSOAR's document), each in a
// header of its own: include the ones you call, so that a TU pays only for those.
namespace api {
template <class Core>
class configurations_group;
template <class Core>
class agent_records_group;
template <class Core>
class import_jobs_group;
}  // namespace api

// The argument structs of the facade calls are in options.hpp, archive
// reading in archive.hpp, the name cache, the list_configured walk and the
// import job polling in detail/.

// Client of FortiSOAR's connector management, with pyfsr's method names:
//
//   plugboard::fortisoar::client<> fsr{"https://soar.example.com",
//                                      plugboard::fortisoar::api_key(key)};
//   for (const auto& c : fsr.connectors().list_configured()) ...
//   fsr.connectors().execute("virustotal", "get_reputation_ip", {{"ip", "8.8.8.8"}});
//
// For username/password use `client<with_auth<password_auth>>`.
//
// Names are resolved on the client: connector_detail, uninstall, execute
// (without a version), resolve_version, healthcheck (without a version) and
// list_configurations (with a connector name) look the name up in
// list_configured, whose rows are cached (thread-safe) until install,
// install_from_file, uninstall or dev_publish, `list_configured(true)` or
// clear_cache(). A name that is not installed is a usage_error (a kind
// every error policy can carry); no request for that connector is sent.
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
                                                const healthcheck_options& settings = {},
                                                const call_options& options = {}) {
      return core_->template under_error_policy<healthcheck_result>([&] {
        require_non_empty("name", name);
        std::optional<std::string> version = settings.version;
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
          return core_->call_or_throw(endpoints::healthcheck{name, *version, settings.config},
                                      options);
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
                                        const execute_options& settings = {},
                                        const call_options& options = {}) {
      return core_->template under_error_policy<execute_result>([&] {
        require_non_empty("connector", connector);
        require_non_empty("operation", operation);
        if (params.is_null()) params = json::object();
        endpoints::execute request;
        request.body.connector = std::move(connector);
        request.body.operation = std::move(operation);
        request.body.params = std::move(params);
        if (settings.version) {
          request.body.version = *settings.version;
        } else {
          request.body.version = installed(request.body.connector, options).version;
        }
        if (settings.config) {
          request.body.config = *settings.config;
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
                                              const dev_publish_options& settings = {},
                                              const call_options& options = {}) {
      return core_->template under_error_policy<connector_record>([&] {
        detail::clear_cache_on_exit clear(*cache_);
        return core_->call_or_throw(
            endpoints::dev_publish{std::move(entity_id), {settings.replace, settings.discard}},
            options);
      });
    }

    // Installs `name` at `version` from Content Hub. With `wait`, polls the
    // import job (at once, then every `interval`, through the client's clock)
    // until it completes, fails, or `timeout` or the call's deadline
    // (call_options::timeout, client_options::call_timeout) runs out; the
    // result says which. The install and every poll share that deadline.
    result_type<install_result> install(std::string name, std::string version,
                                        const install_options& settings = {},
                                        const call_options& options = {}) {
      return core_->template under_error_policy<install_result>([&] {
        detail::clear_cache_on_exit clear(*cache_);
        check_wait(settings.interval, settings.timeout);
        const call_options pinned = core_->with_deadline(options);
        install_result out;
        out.response =
            core_->call_or_throw(endpoints::install{{std::move(name), std::move(version)}}, pinned);
        detail::await_import_job(
            *core_, out, {settings.wait, settings.interval, settings.timeout, settings.on_poll},
            pinned);
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
                                                  const install_from_file_options& settings = {},
                                                  const call_options& options = {}) {
      return core_->template under_error_policy<install_result>([&] {
        return upload(read_connector_archive(path, settings.max_archive_bytes), settings, options);
      });
    }

    // The same from bytes in memory.
    result_type<install_result> install_from_file(connector_archive archive,
                                                  const install_from_file_options& settings = {},
                                                  const call_options& options = {}) {
      return core_->template under_error_policy<install_result>(
          [&] { return upload(std::move(archive), settings, options); });
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
      auto fetched = std::make_shared<std::vector<installed_connector>>(
          detail::walk_installed_connectors(*core_, options));
      detail::connector_cache::rows shared = std::move(fetched);
      cache_->store(shared, generation);
      return shared;
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

    install_result upload(connector_archive archive, const install_from_file_options& settings,
                          const call_options& options) {
      require_non_empty("filename", archive.filename);
      if (archive.data.empty()) throw usage_error("data", "the archive is empty");
      check_wait(settings.interval, settings.timeout);
      if (archive.content_type.empty()) {
        archive.content_type = detail::guess_archive_type(archive.filename);
      }
      detail::clear_cache_on_exit clear(*cache_);
      endpoints::install_from_file request;
      if (settings.replace) request.replace = true;
      request.file.push_back(multipart_part{"file", std::move(archive.filename),
                                            std::move(archive.content_type),
                                            std::move(archive.data)});
      const call_options pinned = core_->with_deadline(options);
      install_result out;
      out.response = core_->call_or_throw(request, pinned);
      detail::await_import_job(
          *core_, out, {settings.wait, settings.interval, settings.timeout, settings.on_poll},
          pinned);
      return out;
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
                                                     install_connector_options connector,
                                                     const call_options& options = {}) {
      endpoints::install_connector request;
      request.body.name = connector.name;
      request.body.label = connector.label.value_or(connector.name);
      request.body.version = std::move(connector.version);
      request.body.rpm_full_name = std::move(connector.rpm_full_name);
      request.body.category = std::move(connector.category);
      request.body.description = std::move(connector.description);
      request.body.publisher = std::move(connector.publisher);
      request.body.agent.push_back(std::move(agent_id));
      return core_->call(request, options);
    }

    result_type<agent_call_result> upgrade_connector(std::string agent_id,
                                                     agent_connector connector,
                                                     const call_options& options = {}) {
      return core_->call(
          endpoints::upgrade_connector{
              {std::move(connector.name), std::move(connector.version), std::move(agent_id)}},
          options);
    }

    // A DELETE with a JSON body; an empty reply gives an empty result.
    result_type<agent_call_result> uninstall_connector(std::string agent_id,
                                                       agent_connector connector,
                                                       const call_options& options = {}) {
      return core_->template under_error_policy<agent_call_result>([&] {
        auto reply = core_->call_or_throw(
            endpoints::uninstall_connector{
                {std::move(connector.name), std::move(connector.version), std::move(agent_id)}},
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

  // Configuration create and delete, as the document has them
  // (plugboard/fortisoar/generated/configurations.hpp); the flows on top
  // (read, whole-record update, set default, ensure) are in
  // plugboard/fortisoar/configurations.hpp.
  template <class Core = core_type>
  auto configurations() noexcept {
    static_assert(plugboard::detail::is_complete<api::configurations_group<Core>>::value,
                  "plugboard: configurations() needs #include "
                  "<plugboard/fortisoar/generated/configurations.hpp>");
    return api::configurations_group<Core>(this->core_);
  }
  // The /api/3/agents records, routers, the agent installer and which agents
  // run a connector (plugboard/fortisoar/generated/agent_records.hpp).
  template <class Core = core_type>
  auto agent_records() noexcept {
    static_assert(plugboard::detail::is_complete<api::agent_records_group<Core>>::value,
                  "plugboard: agent_records() needs #include "
                  "<plugboard/fortisoar/generated/agent_records.hpp>");
    return api::agent_records_group<Core>(this->core_);
  }
  // Import jobs (plugboard/fortisoar/generated/import_jobs.hpp); a job's
  // status is connectors().install_status.
  template <class Core = core_type>
  auto import_jobs() noexcept {
    static_assert(plugboard::detail::is_complete<api::import_jobs_group<Core>>::value,
                  "plugboard: import_jobs() needs #include "
                  "<plugboard/fortisoar/generated/import_jobs.hpp>");
    return api::import_jobs_group<Core>(this->core_);
  }

  // Forgets the cached list_configured rows (after a configuration write
  // made elsewhere, e.g. through configurations()).
  void clear_cache() { cache_->clear(); }

 private:
  std::shared_ptr<detail::connector_cache> cache_;
};

}  // namespace plugboard::fortisoar
