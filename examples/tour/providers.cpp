// SPDX-License-Identifier: MIT
// Connector Providers API: discover the catalogue, configure a provider,
// inspect it, reset it; attach a provider's connector to a collection.
#include <string>

#include "plugboard/providers/traits.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "tour.hpp"

namespace {

using service = plugboard::providers::service;

void tour_every_operation(tour::context& ctx) {
  if (ctx.embedded()) {
    ctx.sandbox->mount<plugboard::sandbox::providers_fake>(
        std::string(service::sandbox_prefix),
        plugboard::sandbox::providers_fake::settings{"tour-admin-key"});
  }
  tour::wire w;
  // The key is optional: an empty one sends no X-API-Key.
  plugboard::providers::client<tour::wire> admin(
      ctx.base_url<service>(), ctx.auth<service>({{"PROVIDERS_API_KEY", "tour-admin-key"}}), w);
  auto api = admin.connector_providers();
  std::string slug = "google-workspace";  // a real deployment may not have it: then the first one

  ctx.report.step("providers", "list", w, [&] {
    std::string names;
    bool has_slug = false;
    const auto all = api.list();
    for (const auto& p : all) {
      names += (names.empty() ? "" : ", ") + p.provider_slug;
      has_slug = has_slug || p.provider_slug == slug;
    }
    if (!has_slug && !all.empty()) slug = all.front().provider_slug;
    return std::to_string(all.size()) + " providers: " + names;
  });
  ctx.report.step("providers", "get", w, [&] {
    const auto p = api.get(slug);
    return p.display_name.value_or("?") + ", " + p.auth_type.value_or("?") + ", " +
           std::to_string(p.default_scopes.size()) +
           " default scopes, setup_complete=" + (p.setup_complete ? "true" : "false");
  });
  ctx.report.write("providers", "setup", w, [&] {
    const auto p = api.setup(
        slug, {{"client_id", "tour.apps.googleusercontent.com"}, {"client_secret", "tour-secret"}});
    return std::string("setup_complete=") + (p.setup_complete ? "true" : "false");
  });
  ctx.report.write("providers", "reset", w, [&] {
    const auto p = api.reset(slug);
    return p ? "provider returned" : std::string("204 No Content: configuration cleared");
  });
  // A user attaches a connector of the provider to a collection. The
  // Idempotency-Key the call carries makes it safe to retry.
  ctx.report.write("providers", "create_collection_connector", w, [&] {
    plugboard::providers::collection_connector_request connector;
    connector.provider_slug = slug;
    connector.credential.access_token = "tour-access-token";
    connector.scope_config = {{"folders", {"root"}}};
    const auto created =
        admin.collection_connectors().create("tour-space", "tour-collection", connector);
    return created.provider_slug + " attached to " + created.collection_id + ", " +
           created.status.value_or("?");
  });
}

const tour::chapter<service> registered(&tour_every_operation);

}  // namespace
