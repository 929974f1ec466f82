// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <string_view>

#include "plugboard/core/open_enum.hpp"

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
  return std::array{
      wire_name<e>{e::unknown, "UNKNOWN"},
      wire_name<e>{e::sublime, "SUBLIME"},
      wire_name<e>{e::vs_code, "VS_CODE"},
      wire_name<e>{e::jetbrains, "JETBRAINS"},
      wire_name<e>{e::firefox_addon_mv2, "FIREFOX_ADDON_MV2"},
      wire_name<e>{e::firefox_addon_mv3, "FIREFOX_ADDON_MV3"},
      wire_name<e>{e::safari_extension_mv2, "SAFARI_EXTENSION_MV2"},
      wire_name<e>{e::safari_extension_mv3, "SAFARI_EXTENSION_MV3"},
      wire_name<e>{e::pieces_for_developers, "PIECES_FOR_DEVELOPERS"},
      wire_name<e>{e::pieces_for_developers_cli, "PIECES_FOR_DEVELOPERS_CLI"},
      wire_name<e>{e::os_server, "OS_SERVER"},
      wire_name<e>{e::google_chrome_extension_mv2, "GOOGLE_CHROME_EXTENSION_MV2"},
      wire_name<e>{e::google_chrome_extension_mv3, "GOOGLE_CHROME_EXTENSION_MV3"},
      wire_name<e>{e::ultra_edit, "ULTRA_EDIT"},
      wire_name<e>{e::atom_package, "ATOM_PACKAGE"},
      wire_name<e>{e::adobe_illustrator_pieces_color_share, "ADOBE_ILLUSTRATOR_PIECES_COLOR_SHARE"},
      wire_name<e>{e::microsoft_teams, "MICROSOFT_TEAMS"},
      wire_name<e>{e::chat_gpt, "CHAT_GPT"},
      wire_name<e>{e::obsidian, "OBSIDIAN"},
      wire_name<e>{e::jupyter_hub, "JUPYTER_HUB"},
      wire_name<e>{e::visual_studio, "VISUAL_STUDIO"},
      wire_name<e>{e::microsoft_edge, "MICROSOFT_EDGE"},
      wire_name<e>{e::brave, "BRAVE"},
      wire_name<e>{e::google_chat, "GOOGLE_CHAT"},
      wire_name<e>{e::slack, "SLACK"},
      wire_name<e>{e::azure_data_studio, "AZURE_DATA_STUDIO"},
      wire_name<e>{e::open_source, "OPEN_SOURCE"},
      wire_name<e>{e::r_studio, "R_STUDIO"},
      wire_name<e>{e::vim, "VIM"},
      wire_name<e>{e::notion, "NOTION"},
      wire_name<e>{e::github_desktop, "GITHUB_DESKTOP"},
      wire_name<e>{e::raycast, "RAYCAST"},
      wire_name<e>{e::replit, "REPLIT"},
      wire_name<e>{e::alfred, "ALFRED"},
      wire_name<e>{e::figma, "FIGMA"},
      wire_name<e>{e::sketch, "SKETCH"},
      wire_name<e>{e::adobe_illustrator, "ADOBE_ILLUSTRATOR"},
      wire_name<e>{e::notepad_plus_plus, "NOTEPAD_PLUS_PLUS"},
      wire_name<e>{e::embeetle, "EMBEETLE"},
      wire_name<e>{e::eclipse, "ECLIPSE"},
      wire_name<e>{e::x_code, "X_CODE"},
      wire_name<e>{e::netbeans, "NETBEANS"},
      wire_name<e>{e::opera, "OPERA"}};
}

enum class platform_enum { unknown, web, macos, linux_, windows, fuchsia, ios, android };

constexpr auto wire_names(platform_enum) {
  using e = platform_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::web, "WEB"},
                    wire_name<e>{e::macos, "MACOS"},     wire_name<e>{e::linux_, "LINUX"},
                    wire_name<e>{e::windows, "WINDOWS"}, wire_name<e>{e::fuchsia, "FUCHSIA"},
                    wire_name<e>{e::ios, "IOS"},         wire_name<e>{e::android, "ANDROID"}};
}

enum class privacy_enum { unknown, open, closed, anonymous };

constexpr auto wire_names(privacy_enum) {
  using e = privacy_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::open, "OPEN"},
                    wire_name<e>{e::closed, "CLOSED"}, wire_name<e>{e::anonymous, "ANONYMOUS"}};
}

enum class capabilities_enum { unknown, local, cloud, blended };

constexpr auto wire_names(capabilities_enum) {
  using e = capabilities_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::local, "LOCAL"},
                    wire_name<e>{e::cloud, "CLOUD"}, wire_name<e>{e::blended, "BLENDED"}};
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
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"},
                    wire_name<e>{e::manual, "MANUAL"},
                    wire_name<e>{e::recommended, "RECOMMENDED"},
                    wire_name<e>{e::automatic, "AUTOMATIC"},
                    wire_name<e>{e::internal, "INTERNAL"},
                    wire_name<e>{e::deleted, "DELETED"},
                    wire_name<e>{e::external_agent, "EXTERNAL_AGENT"}};
}

enum class embedded_model_schema_semantic_version_enum { unknown, major_0_minor_0_patch_1 };

constexpr auto wire_names(embedded_model_schema_semantic_version_enum) {
  using e = embedded_model_schema_semantic_version_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"},
                    wire_name<e>{e::major_0_minor_0_patch_1, "MAJOR_0_MINOR_0_PATCH_1"}};
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
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"},
                    wire_name<e>{e::code, "CODE"},
                    wire_name<e>{e::text, "TEXT"},
                    wire_name<e>{e::image, "IMAGE"},
                    wire_name<e>{e::video, "VIDEO"},
                    wire_name<e>{e::external_resource_reference, "EXTERNAL_RESOURCE_REFERENCE"},
                    wire_name<e>{e::file, "FILE"}};
}

enum class classification_rendering_enum {
  unknown,
  html,
  twenty_four_bit_ansi_escaped_sequences,
  highlight_js_html
};

constexpr auto wire_names(classification_rendering_enum) {
  using e = classification_rendering_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::html, "HTML"},
                    wire_name<e>{e::twenty_four_bit_ansi_escaped_sequences,
                                 "TWENTY_FOUR_BIT_ANSI_ESCAPED_SEQUENCES"},
                    wire_name<e>{e::highlight_js_html, "HIGHLIGHT_JS_HTML"}};
}

enum class tag_category_enum { unknown, handle, email };

constexpr auto wire_names(tag_category_enum) {
  using e = tag_category_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::handle, "HANDLE"},
                    wire_name<e>{e::email, "EMAIL"}};
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
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"},
                    wire_name<e>{e::secret, "SECRET"},
                    wire_name<e>{e::api_key, "API_KEY"},
                    wire_name<e>{e::client_id, "CLIENT_ID"},
                    wire_name<e>{e::client_secret, "CLIENT_SECRET"},
                    wire_name<e>{e::secret_key, "SECRET_KEY"},
                    wire_name<e>{e::api_token, "API_TOKEN"},
                    wire_name<e>{e::access_key, "ACCESS_KEY"},
                    wire_name<e>{e::access_token, "ACCESS_TOKEN"},
                    wire_name<e>{e::url, "URL"},
                    wire_name<e>{e::public_key, "PUBLIC_KEY"},
                    wire_name<e>{e::private_key, "PRIVATE_KEY"},
                    wire_name<e>{e::api_id, "API_ID"},
                    wire_name<e>{e::web_hook_url, "WEB_HOOK_URL"}};
}

enum class sensitive_severity_enum { unknown, low, moderate, high };

constexpr auto wire_names(sensitive_severity_enum) {
  using e = sensitive_severity_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::low, "LOW"},
                    wire_name<e>{e::moderate, "MODERATE"}, wire_name<e>{e::high, "HIGH"}};
}

enum class hint_type_enum { unknown, suggested_query, qgpt_hint };

constexpr auto wire_names(hint_type_enum) {
  using e = hint_type_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"},
                    wire_name<e>{e::suggested_query, "SUGGESTED_QUERY"},
                    wire_name<e>{e::qgpt_hint, "QGPT_HINT"}};
}

enum class anchor_type_enum { unknown, file, directory };

constexpr auto wire_names(anchor_type_enum) {
  using e = anchor_type_enum;
  return std::array{wire_name<e>{e::unknown, "UNKNOWN"}, wire_name<e>{e::file, "FILE"},
                    wire_name<e>{e::directory, "DIRECTORY"}};
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
  return std::array{
      wire_name<e>{e::unknown, "UNKNOWN"},      wire_name<e>{e::description, "DESCRIPTION"},
      wire_name<e>{e::comment, "COMMENT"},      wire_name<e>{e::documentation, "DOCUMENTATION"},
      wire_name<e>{e::summary, "SUMMARY"},      wire_name<e>{e::explanation, "EXPLANATION"},
      wire_name<e>{e::git_commit, "GIT_COMMIT"}};
}

}  // namespace plugboard::pieces
