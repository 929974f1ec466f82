// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/pieces/enums.hpp"
#include "plugboard/serializer/json.hpp"

// Models of the Pieces OS connector API (npm @pieces.app/pieces-os-client
// 4.1.0) and of the applications calls (the Python client 5.0.x). Wire facts:
// docs/api/pieces.md. Wire names are camelCase; the tracking models
// (snake_case on the wire) are in tracking.hpp.
//
// Every model keeps keys it does not declare in `extra` (and sends them back
// when it is encoded), so a newer Pieces OS never breaks decoding and callers
// can add keys this version does not model. Nearly every Pieces model has an
// optional `schema`; it is declared on the request bodies and the results.

namespace plugboard::pieces {

using plugboard::from_json;
using plugboard::to_json;

// ---- shared ---------------------------------------------------------------------

struct embedded_model_schema {
  std::int64_t migration = 0;
  open_enum<embedded_model_schema_semantic_version_enum> semantic{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("migration", &embedded_model_schema::migration),
                      required_field("semantic", &embedded_model_schema::semantic),
                      unknown_fields(&embedded_model_schema::extra));
  }
};

// How much enrichment (tags, websites, ...) Pieces OS adds to new assets.
struct seeded_asset_enrichment {
  std::optional<std::int64_t> tags{};
  std::optional<std::int64_t> websites{};
  std::optional<std::int64_t> persons{};
  std::optional<std::int64_t> hints{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("tags", &seeded_asset_enrichment::tags),
                      field("websites", &seeded_asset_enrichment::websites),
                      field("persons", &seeded_asset_enrichment::persons),
                      field("hints", &seeded_asset_enrichment::hints),
                      unknown_fields(&seeded_asset_enrichment::extra));
  }
};

// ---- connect ----------------------------------------------------------------------

// The integration that connects (SeededTrackedApplication). Third-party
// integrations normally use application_name_enum::open_source.
struct seeded_tracked_application {
  open_enum<application_name_enum> name{};
  std::string version{};  // "1.2.3"
  open_enum<platform_enum> platform{};
  std::optional<open_enum<capabilities_enum>> capabilities{};
  std::optional<open_enum<privacy_enum>> privacy{};
  std::optional<bool> automatic_unload{};  // server default: false
  std::optional<seeded_asset_enrichment> enrichment{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    using self = seeded_tracked_application;
    return field_list(
        required_field("name", &self::name), required_field("version", &self::version),
        required_field("platform", &self::platform), field("capabilities", &self::capabilities),
        field("privacy", &self::privacy), field("automaticUnload", &self::automatic_unload),
        field("enrichment", &self::enrichment), field("schema", &self::schema),
        unknown_fields(&self::extra));
  }
};

// The body of connect().
struct seeded_connector_connection {
  seeded_tracked_application application{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("application", &seeded_connector_connection::application),
                      field("schema", &seeded_connector_connection::schema),
                      unknown_fields(&seeded_connector_connection::extra));
  }
};

// The registered application, as Pieces OS describes it in a context.
struct application {
  std::string id{};  // the {application} of every other connector call
  open_enum<application_name_enum> name{};
  std::string version{};
  open_enum<platform_enum> platform{};
  bool onboarded = false;
  open_enum<privacy_enum> privacy{};
  std::optional<open_enum<capabilities_enum>> capabilities{};
  std::optional<open_enum<mechanism_enum>> mechanism{};
  std::optional<bool> automatic_unload{};
  std::optional<seeded_asset_enrichment> enrichment{};
  // A name of the client's own (5.x: MCP clients put theirs here).
  std::optional<std::string> descriptor{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    using self = application;
    return field_list(
        required_field("id", &self::id), required_field("name", &self::name),
        required_field("version", &self::version), required_field("platform", &self::platform),
        required_field("onboarded", &self::onboarded), required_field("privacy", &self::privacy),
        field("capabilities", &self::capabilities), field("mechanism", &self::mechanism),
        field("automaticUnload", &self::automatic_unload), field("enrichment", &self::enrichment),
        field("descriptor", &self::descriptor), field("schema", &self::schema),
        unknown_fields(&self::extra));
  }
};

struct os_health {
  std::string id{};
  std::string version{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("id", &os_health::id),
                      required_field("version", &os_health::version),
                      unknown_fields(&os_health::extra));
  }
};

struct health {
  os_health os{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("os", &health::os), unknown_fields(&health::extra));
  }
};

// The result of connect(): who Pieces OS is and how it registered the caller.
struct context {
  std::string os{};  // uuid of the Pieces OS instance
  // Qualified: a member named like its type must not change the name's meaning.
  pieces::application application{};
  pieces::health health{};
  // The signed-in UserProfile, kept as JSON (a large, mostly optional model);
  // null when nobody is signed in.
  json user{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("os", &context::os),
                      required_field("application", &context::application),
                      required_field("health", &context::health), field("user", &context::user),
                      field("schema", &context::schema), unknown_fields(&context::extra));
  }
};

// ---- applications -------------------------------------------------------------------

// A point in time: `value` is an ISO-8601 date-time, kept as the text the
// server sent; `readable` a phrase such as "2 minutes ago".
struct grouped_timestamp {
  std::string value{};
  std::optional<std::string> readable{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("value", &grouped_timestamp::value),
                      field("readable", &grouped_timestamp::readable),
                      unknown_fields(&grouped_timestamp::extra));
  }
};

// A session of an application: applications_session_open() starts one,
// applications_session_close() ends it.
struct session {
  std::string id{};  // a uuid
  grouped_timestamp opened{};
  std::optional<grouped_timestamp> closed{};  // set once the session is closed
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("id", &session::id),
                      required_field("opened", &session::opened), field("closed", &session::closed),
                      field("schema", &session::schema), unknown_fields(&session::extra));
  }
};

// ---- assets ----------------------------------------------------------------------

// Text in one of four encodings; Pieces OS implements `raw`.
struct transferable_string {
  std::optional<std::string> raw{};
  std::optional<std::string> base64{};
  std::optional<std::string> base64_url{};
  std::optional<std::string> data_url{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("raw", &transferable_string::raw),
                      field("base64", &transferable_string::base64),
                      field("base64_url", &transferable_string::base64_url),
                      field("data_url", &transferable_string::data_url),
                      unknown_fields(&transferable_string::extra));
  }
};

// Bytes as arrays of byte values, in the same four encodings.
struct transferable_bytes {
  std::optional<std::vector<std::uint8_t>> raw{};
  std::optional<std::vector<std::uint8_t>> base64{};
  std::optional<std::vector<std::uint8_t>> base64_url{};
  std::optional<std::vector<std::uint8_t>> data_url{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("raw", &transferable_bytes::raw),
                      field("base64", &transferable_bytes::base64),
                      field("base64_url", &transferable_bytes::base64_url),
                      field("data_url", &transferable_bytes::data_url),
                      unknown_fields(&transferable_bytes::extra));
  }
};

// ClassificationSpecificEnum has 505 values (mostly file extensions such as
// "py", "cpp", "json"), so `ext` is a free string.
struct fragment_metadata {
  std::optional<std::string> ext{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("ext", &fragment_metadata::ext),
                      unknown_fields(&fragment_metadata::extra));
  }
};

// A snippet. Pass exactly one of `string` and `bytes`.
struct seeded_fragment {
  std::optional<transferable_string> string{};
  std::optional<transferable_bytes> bytes{};
  std::optional<fragment_metadata> metadata{};
  json extra{};

  static constexpr auto fields() {
    return field_list(
        field("string", &seeded_fragment::string), field("bytes", &seeded_fragment::bytes),
        field("metadata", &seeded_fragment::metadata), unknown_fields(&seeded_fragment::extra));
  }
};

struct file_metadata {
  std::optional<std::string> name{};
  std::optional<std::string> ext{};  // ClassificationSpecificEnum, a free string
  std::optional<std::int64_t> size{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("name", &file_metadata::name), field("ext", &file_metadata::ext),
                      field("size", &file_metadata::size), unknown_fields(&file_metadata::extra));
  }
};

struct seeded_file {
  std::optional<transferable_bytes> bytes{};
  std::optional<transferable_string> string{};
  std::optional<file_metadata> metadata{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("bytes", &seeded_file::bytes), field("string", &seeded_file::string),
                      field("metadata", &seeded_file::metadata),
                      unknown_fields(&seeded_file::extra));
  }
};

struct seeded_classification {
  std::optional<open_enum<classification_generic_enum>> generic{};
  std::optional<std::string> specific{};  // ClassificationSpecificEnum, a free string ("py")
  std::optional<open_enum<classification_rendering_enum>> rendering{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("generic", &seeded_classification::generic),
                      field("specific", &seeded_classification::specific),
                      field("rendering", &seeded_classification::rendering),
                      unknown_fields(&seeded_classification::extra));
  }
};

// The content of an asset: a fragment (snippet) or a file, and how to read it.
struct seeded_format {
  std::optional<seeded_file> file{};
  std::optional<seeded_fragment> fragment{};
  std::optional<seeded_classification> classification{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(
        field("file", &seeded_format::file), field("fragment", &seeded_format::fragment),
        field("classification", &seeded_format::classification),
        field("schema", &seeded_format::schema), unknown_fields(&seeded_format::extra));
  }
};

struct seeded_asset_tag {
  std::string text{};
  std::optional<open_enum<mechanism_enum>> mechanism{};
  std::optional<open_enum<tag_category_enum>> category{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("text", &seeded_asset_tag::text),
                      field("mechanism", &seeded_asset_tag::mechanism),
                      field("category", &seeded_asset_tag::category),
                      unknown_fields(&seeded_asset_tag::extra));
  }
};

struct seeded_asset_website {
  std::string url{};
  std::string name{};
  std::optional<open_enum<mechanism_enum>> mechanism{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("url", &seeded_asset_website::url),
                      required_field("name", &seeded_asset_website::name),
                      field("mechanism", &seeded_asset_website::mechanism),
                      unknown_fields(&seeded_asset_website::extra));
  }
};

struct seeded_asset_sensitive {
  std::string text{};
  open_enum<sensitive_category_enum> category{};
  open_enum<sensitive_severity_enum> severity{};
  std::string name{};
  std::string description{};
  std::optional<open_enum<mechanism_enum>> mechanism{};
  json metadata{};  // SeededAssetSensitiveMetadata {match, entropy}, free-form
  json extra{};

  static constexpr auto fields() {
    using self = seeded_asset_sensitive;
    return field_list(
        required_field("text", &self::text), required_field("category", &self::category),
        required_field("severity", &self::severity), required_field("name", &self::name),
        required_field("description", &self::description), field("mechanism", &self::mechanism),
        field("metadata", &self::metadata), unknown_fields(&self::extra));
  }
};

struct seeded_hint {
  open_enum<hint_type_enum> type{};
  std::string text{};
  std::optional<open_enum<mechanism_enum>> mechanism{};
  std::optional<std::string> asset{};  // asset id
  std::optional<std::string> model{};  // model id
  json extra{};

  static constexpr auto fields() {
    return field_list(
        required_field("type", &seeded_hint::type), required_field("text", &seeded_hint::text),
        field("mechanism", &seeded_hint::mechanism), field("asset", &seeded_hint::asset),
        field("model", &seeded_hint::model), unknown_fields(&seeded_hint::extra));
  }
};

// A file or folder the asset relates to. The optional links (annotations,
// conversation, persons) go in `extra`.
struct seeded_anchor {
  open_enum<anchor_type_enum> type{};
  std::string fullpath{};
  std::optional<bool> watch{};
  std::optional<std::string> asset{};
  std::optional<open_enum<platform_enum>> platform{};
  std::optional<std::string> name{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("type", &seeded_anchor::type),
                      required_field("fullpath", &seeded_anchor::fullpath),
                      field("watch", &seeded_anchor::watch), field("asset", &seeded_anchor::asset),
                      field("platform", &seeded_anchor::platform),
                      field("name", &seeded_anchor::name), unknown_fields(&seeded_anchor::extra));
  }
};

// A description, comment, ... of the asset. The many optional links (asset,
// person, model, conversation, ...) go in `extra`.
struct seeded_annotation {
  open_enum<annotation_type_enum> type{};
  std::string text{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("type", &seeded_annotation::type),
                      required_field("text", &seeded_annotation::text),
                      unknown_fields(&seeded_annotation::extra));
  }
};

struct seeded_asset_metadata {
  std::optional<std::string> name{};
  std::optional<open_enum<mechanism_enum>> mechanism{};
  std::optional<std::vector<seeded_asset_tag>> tags{};
  std::optional<std::vector<seeded_asset_website>> websites{};
  std::optional<std::vector<seeded_asset_sensitive>> sensitives{};
  std::optional<std::vector<json>> persons{};  // SeededPerson, free-form (wraps a UserProfile)
  std::optional<std::vector<seeded_annotation>> annotations{};
  std::optional<std::vector<seeded_hint>> hints{};
  std::optional<std::vector<seeded_anchor>> anchors{};
  json extra{};

  static constexpr auto fields() {
    using self = seeded_asset_metadata;
    return field_list(field("name", &self::name), field("mechanism", &self::mechanism),
                      field("tags", &self::tags), field("websites", &self::websites),
                      field("sensitives", &self::sensitives), field("persons", &self::persons),
                      field("annotations", &self::annotations), field("hints", &self::hints),
                      field("anchors", &self::anchors), unknown_fields(&self::extra));
  }
};

// The asset a connector call is about (the body of intention(), and the
// seed of suggest() and react()).
struct seeded_connector_asset {
  seeded_format format{};
  std::optional<seeded_asset_metadata> metadata{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("format", &seeded_connector_asset::format),
                      field("metadata", &seeded_connector_asset::metadata),
                      field("schema", &seeded_connector_asset::schema),
                      unknown_fields(&seeded_connector_asset::extra));
  }

  // A code snippet the way the official clients send one: the text as a raw
  // string fragment, classified as CODE with the extension ("py", "cpp", ...).
  static seeded_connector_asset from_code(std::string code, std::string extension) {
    seeded_connector_asset out;
    seeded_fragment fragment;
    fragment.string = transferable_string{std::move(code), {}, {}, {}, {}};
    fragment.metadata = fragment_metadata{extension, {}};
    out.format.fragment = std::move(fragment);
    out.format.classification = seeded_classification{
        open_enum<classification_generic_enum>(classification_generic_enum::code),
        std::move(extension),
        std::nullopt,
        {}};
    return out;
  }
};

// ---- suggest and react -------------------------------------------------------------

// The body of suggest(), and the seed of a reaction.
struct seeded_connector_creation {
  std::optional<seeded_connector_asset> asset{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(field("asset", &seeded_connector_creation::asset),
                      field("schema", &seeded_connector_creation::schema),
                      unknown_fields(&seeded_connector_creation::extra));
  }
};

// Assets, the collection model. Each Asset is a very large model, so each is
// kept as JSON (its "id" is the uid to pass to reuse_reaction).
struct asset_list {
  std::vector<json> iterable{};
  std::optional<std::map<std::string, std::int64_t>> indices{};
  json score{};  // Score {manual, automatic, ...}, free-form
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("iterable", &asset_list::iterable),
                      field("indices", &asset_list::indices), field("score", &asset_list::score),
                      unknown_fields(&asset_list::extra));
  }
};

struct reuse_suggestion {
  bool suggested = false;
  asset_list assets{};  // what the user may want to reuse
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("suggested", &reuse_suggestion::suggested),
                      required_field("assets", &reuse_suggestion::assets),
                      unknown_fields(&reuse_suggestion::extra));
  }
};

struct save_suggestion {
  bool suggested = false;
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("suggested", &save_suggestion::suggested),
                      unknown_fields(&save_suggestion::extra));
  }
};

struct suggestion_target {
  seeded_connector_creation seed{};
  double vector = 0;
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("seed", &suggestion_target::seed),
                      required_field("vector", &suggestion_target::vector),
                      unknown_fields(&suggestion_target::extra));
  }
};

// The result of suggest(): reuse an existing asset, save this one, or neither.
struct suggestion {
  reuse_suggestion reuse{};
  save_suggestion save{};
  suggestion_target target{};
  asset_list assets{};  // the assets compared against
  // Asset id => distance. Optional in the spec, though its comment says it
  // is always present.
  std::optional<std::map<std::string, double>> distribution{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("reuse", &suggestion::reuse),
                      required_field("save", &suggestion::save),
                      required_field("target", &suggestion::target),
                      required_field("assets", &suggestion::assets),
                      field("distribution", &suggestion::distribution),
                      field("schema", &suggestion::schema), unknown_fields(&suggestion::extra));
  }
};

struct reuse_reaction {
  std::string asset{};  // uid of the reused asset
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("asset", &reuse_reaction::asset),
                      unknown_fields(&reuse_reaction::extra));
  }
};

// The body of react(): what the user did with a suggestion. With `save`,
// Pieces OS saves the seed and answers with the new asset's uid.
struct reaction {
  bool save = false;
  seeded_connector_creation seed{};
  std::optional<reuse_reaction> reuse{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("save", &reaction::save),
                      required_field("seed", &reaction::seed), field("reuse", &reaction::reuse),
                      field("schema", &reaction::schema), unknown_fields(&reaction::extra));
  }
};

}  // namespace plugboard::pieces
