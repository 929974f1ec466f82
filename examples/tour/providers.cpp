// Connector Providers admin API: discover the catalogue, configure a
// provider, inspect it, reset it.
#include <string>

#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"
#include "tour.hpp"

void tour::providers(context& ctx) {
  ctx.sandbox.mount<plugboard::sandbox::providers_fake>(
      "/providers", plugboard::sandbox::providers_fake::settings{"tour-admin-key"});
  wire w;
  plugboard::providers::client<wire> admin(ctx.sandbox.url("/providers"),
                                           plugboard::providers::api_key("tour-admin-key"), w);
  auto api = admin.connector_providers();

  ctx.report.step("providers", "list", w, [&] {
    std::string names;
    const auto all = api.list();
    for (const auto& p : all) names += (names.empty() ? "" : ", ") + p.provider_slug;
    return std::to_string(all.size()) + " providers: " + names;
  });
  ctx.report.step("providers", "get", w, [&] {
    const auto p = api.get("google-workspace");
    return p.display_name.value_or("?") + ", " + p.auth_type.value_or("?") + ", " +
           std::to_string(p.default_scopes.size()) + " default scopes, setup_complete=" +
           (p.setup_complete ? "true" : "false");
  });
  ctx.report.step("providers", "setup", w, [&] {
    const auto p = api.setup("google-workspace", {{"client_id", "tour.apps.googleusercontent.com"},
                                                  {"client_secret", "tour-secret"}});
    return std::string("setup_complete=") + (p.setup_complete ? "true" : "false");
  });
  ctx.report.step("providers", "reset", w, [&] {
    const auto p = api.reset("google-workspace");
    return p ? "provider returned" : std::string("204 No Content: configuration cleared");
  });
}
