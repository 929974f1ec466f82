// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <string_view>
#include <utility>

// The documented enums of the Pieces OS connector API, with their exact wire
// strings (docs/api/pieces.md, "Enums"). Models hold them as
// plugboard::open_enum<E>, because the official clients pass enum strings
// through unvalidated: a value this version does not know decodes as
// E::unknown and keeps its original text, which is sent back unchanged.
// "UNKNOWN" is itself a documented wire value, so E::unknown encodes to it.
//
// Enumerators that would clash with predefined macros in GNU mode (`linux`)
// carry a trailing underscore.

namespace plugboard::pieces {

enum class application_name_enum {
  unknown,
  sublime,
  vs_code,
  jetbrains,
  firefox_addon_mv2,
  firefox_addon_mv3,
  safari_extension_mv2,
  safari_extension_mv3,
  pieces_for_developers,
  pieces_for_developers_cli,
  os_server,
  google_chrome_extension_mv2,
  google_chrome_extension_mv3,
  ultra_edit,
  atom_package,
  adobe_illustrator_pieces_color_share,
  microsoft_teams,
  chat_gpt,
  obsidian,
  jupyter_hub,
  visual_studio,
  microsoft_edge,
  brave,
  google_chat,
  slack,
  azure_data_studio,
  open_source,  // what third-party integrations normally use
  r_studio,
  vim,
  notion,
  github_desktop,
  raycast,
  replit,
  alfred,
  figma,
  sketch,
  adobe_illustrator,
  notepad_plus_plus,
  embeetle,
  eclipse,
  x_code,
  netbeans,
  opera,
};

constexpr auto wire_names(application_name_enum) {
  using e = application_name_enum;
  using s = std::string_view;
  return std::array{
      std::pair{e::unknown, s("UNKNOWN")},
      std::pair{e::sublime, s("SUBLIME")},
      std::pair{e::vs_code, s("VS_CODE")},
      std::pair{e::jetbrains, s("JETBRAINS")},
      std::pair{e::firefox_addon_mv2, s("FIREFOX_ADDON_MV2")},
      std::pair{e::firefox_addon_mv3, s("FIREFOX_ADDON_MV3")},
      std::pair{e::safari_extension_mv2, s("SAFARI_EXTENSION_MV2")},
      std::pair{e::safari_extension_mv3, s("SAFARI_EXTENSION_MV3")},
      std::pair{e::pieces_for_developers, s("PIECES_FOR_DEVELOPERS")},
      std::pair{e::pieces_for_developers_cli, s("PIECES_FOR_DEVELOPERS_CLI")},
      std::pair{e::os_server, s("OS_SERVER")},
      std::pair{e::google_chrome_extension_mv2, s("GOOGLE_CHROME_EXTENSION_MV2")},
      std::pair{e::google_chrome_extension_mv3, s("GOOGLE_CHROME_EXTENSION_MV3")},
      std::pair{e::ultra_edit, s("ULTRA_EDIT")},
      std::pair{e::atom_package, s("ATOM_PACKAGE")},
      std::pair{e::adobe_illustrator_pieces_color_share, s("ADOBE_ILLUSTRATOR_PIECES_COLOR_SHARE")},
      std::pair{e::microsoft_teams, s("MICROSOFT_TEAMS")},
      std::pair{e::chat_gpt, s("CHAT_GPT")},
      std::pair{e::obsidian, s("OBSIDIAN")},
      std::pair{e::jupyter_hub, s("JUPYTER_HUB")},
      std::pair{e::visual_studio, s("VISUAL_STUDIO")},
      std::pair{e::microsoft_edge, s("MICROSOFT_EDGE")},
      std::pair{e::brave, s("BRAVE")},
      std::pair{e::google_chat, s("GOOGLE_CHAT")},
      std::pair{e::slack, s("SLACK")},
      std::pair{e::azure_data_studio, s("AZURE_DATA_STUDIO")},
      std::pair{e::open_source, s("OPEN_SOURCE")},
      std::pair{e::r_studio, s("R_STUDIO")},
      std::pair{e::vim, s("VIM")},
      std::pair{e::notion, s("NOTION")},
      std::pair{e::github_desktop, s("GITHUB_DESKTOP")},
      std::pair{e::raycast, s("RAYCAST")},
      std::pair{e::replit, s("REPLIT")},
      std::pair{e::alfred, s("ALFRED")},
      std::pair{e::figma, s("FIGMA")},
      std::pair{e::sketch, s("SKETCH")},
      std::pair{e::adobe_illustrator, s("ADOBE_ILLUSTRATOR")},
      std::pair{e::notepad_plus_plus, s("NOTEPAD_PLUS_PLUS")},
      std::pair{e::embeetle, s("EMBEETLE")},
      std::pair{e::eclipse, s("ECLIPSE")},
      std::pair{e::x_code, s("X_CODE")},
      std::pair{e::netbeans, s("NETBEANS")},
      std::pair{e::opera, s("OPERA")}};
}

enum class platform_enum { unknown, web, macos, linux_, windows, fuchsia, ios, android };

constexpr auto wire_names(platform_enum) {
  using e = platform_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::web, s("WEB")},
                    std::pair{e::macos, s("MACOS")},     std::pair{e::linux_, s("LINUX")},
                    std::pair{e::windows, s("WINDOWS")}, std::pair{e::fuchsia, s("FUCHSIA")},
                    std::pair{e::ios, s("IOS")},         std::pair{e::android, s("ANDROID")}};
}

enum class privacy_enum { unknown, open, closed, anonymous };

constexpr auto wire_names(privacy_enum) {
  using e = privacy_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::open, s("OPEN")},
                    std::pair{e::closed, s("CLOSED")}, std::pair{e::anonymous, s("ANONYMOUS")}};
}

enum class capabilities_enum { unknown, local, cloud, blended };

constexpr auto wire_names(capabilities_enum) {
  using e = capabilities_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::local, s("LOCAL")},
                    std::pair{e::cloud, s("CLOUD")}, std::pair{e::blended, s("BLENDED")}};
}

enum class mechanism_enum {
  unknown,
  manual,
  recommended,
  automatic,
  internal,
  deleted,
  external_agent
};

constexpr auto wire_names(mechanism_enum) {
  using e = mechanism_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")},
                    std::pair{e::manual, s("MANUAL")},
                    std::pair{e::recommended, s("RECOMMENDED")},
                    std::pair{e::automatic, s("AUTOMATIC")},
                    std::pair{e::internal, s("INTERNAL")},
                    std::pair{e::deleted, s("DELETED")},
                    std::pair{e::external_agent, s("EXTERNAL_AGENT")}};
}

enum class embedded_model_schema_semantic_version_enum { unknown, major_0_minor_0_patch_1 };

constexpr auto wire_names(embedded_model_schema_semantic_version_enum) {
  using e = embedded_model_schema_semantic_version_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")},
                    std::pair{e::major_0_minor_0_patch_1, s("MAJOR_0_MINOR_0_PATCH_1")}};
}

enum class classification_generic_enum {
  unknown,
  code,
  text,
  image,
  video,
  external_resource_reference,
  file
};

constexpr auto wire_names(classification_generic_enum) {
  using e = classification_generic_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")},
                    std::pair{e::code, s("CODE")},
                    std::pair{e::text, s("TEXT")},
                    std::pair{e::image, s("IMAGE")},
                    std::pair{e::video, s("VIDEO")},
                    std::pair{e::external_resource_reference, s("EXTERNAL_RESOURCE_REFERENCE")},
                    std::pair{e::file, s("FILE")}};
}

enum class classification_rendering_enum {
  unknown,
  html,
  twenty_four_bit_ansi_escaped_sequences,
  highlight_js_html
};

constexpr auto wire_names(classification_rendering_enum) {
  using e = classification_rendering_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::html, s("HTML")},
                    std::pair{e::twenty_four_bit_ansi_escaped_sequences,
                              s("TWENTY_FOUR_BIT_ANSI_ESCAPED_SEQUENCES")},
                    std::pair{e::highlight_js_html, s("HIGHLIGHT_JS_HTML")}};
}

enum class tag_category_enum { unknown, handle, email };

constexpr auto wire_names(tag_category_enum) {
  using e = tag_category_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::handle, s("HANDLE")},
                    std::pair{e::email, s("EMAIL")}};
}

enum class sensitive_category_enum {
  unknown,
  secret,
  api_key,
  client_id,
  client_secret,
  secret_key,
  api_token,
  access_key,
  access_token,
  url,
  public_key,
  private_key,
  api_id,
  web_hook_url
};

constexpr auto wire_names(sensitive_category_enum) {
  using e = sensitive_category_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")},
                    std::pair{e::secret, s("SECRET")},
                    std::pair{e::api_key, s("API_KEY")},
                    std::pair{e::client_id, s("CLIENT_ID")},
                    std::pair{e::client_secret, s("CLIENT_SECRET")},
                    std::pair{e::secret_key, s("SECRET_KEY")},
                    std::pair{e::api_token, s("API_TOKEN")},
                    std::pair{e::access_key, s("ACCESS_KEY")},
                    std::pair{e::access_token, s("ACCESS_TOKEN")},
                    std::pair{e::url, s("URL")},
                    std::pair{e::public_key, s("PUBLIC_KEY")},
                    std::pair{e::private_key, s("PRIVATE_KEY")},
                    std::pair{e::api_id, s("API_ID")},
                    std::pair{e::web_hook_url, s("WEB_HOOK_URL")}};
}

enum class sensitive_severity_enum { unknown, low, moderate, high };

constexpr auto wire_names(sensitive_severity_enum) {
  using e = sensitive_severity_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::low, s("LOW")},
                    std::pair{e::moderate, s("MODERATE")}, std::pair{e::high, s("HIGH")}};
}

enum class hint_type_enum { unknown, suggested_query, qgpt_hint };

constexpr auto wire_names(hint_type_enum) {
  using e = hint_type_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")},
                    std::pair{e::suggested_query, s("SUGGESTED_QUERY")},
                    std::pair{e::qgpt_hint, s("QGPT_HINT")}};
}

enum class anchor_type_enum { unknown, file, directory };

constexpr auto wire_names(anchor_type_enum) {
  using e = anchor_type_enum;
  using s = std::string_view;
  return std::array{std::pair{e::unknown, s("UNKNOWN")}, std::pair{e::file, s("FILE")},
                    std::pair{e::directory, s("DIRECTORY")}};
}

enum class annotation_type_enum {
  unknown,
  description,
  comment,
  documentation,
  summary,
  explanation,
  git_commit
};

constexpr auto wire_names(annotation_type_enum) {
  using e = annotation_type_enum;
  using s = std::string_view;
  return std::array{
      std::pair{e::unknown, s("UNKNOWN")},      std::pair{e::description, s("DESCRIPTION")},
      std::pair{e::comment, s("COMMENT")},      std::pair{e::documentation, s("DOCUMENTATION")},
      std::pair{e::summary, s("SUMMARY")},      std::pair{e::explanation, s("EXPLANATION")},
      std::pair{e::git_commit, s("GIT_COMMIT")}};
}

}  // namespace plugboard::pieces
