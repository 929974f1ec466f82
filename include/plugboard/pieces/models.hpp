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
// 4.1.0). Wire facts: docs/api/pieces.md. Wire names are camelCase
// except in the tracking models, which use snake_case on the wire.
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
        field("schema", &self::schema), unknown_fields(&self::extra));
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

// ---- track -------------------------------------------------------------------------

// The identifier/description pairs below are objects with one optional key
// per event, whose only value is a fixed sentence (or "UNKNOWN"). Build them
// with tracking::session() / tracking::format() rather than by hand.

enum class session_event {
  unknown,
  initialized,
  local_connection_succeeded,
  local_connection_failed,
  inactive,
  active,
  terminated,
  authenticated_with_sign_in,
  unauthenticated_with_sign_out,
  unauthenticated_with_dismiss,
  unauthenticated_with_remind,
  onboarding_initialized,
  onboarding_completed
};

enum class format_event {
  unknown,
  created,
  copied,
  partially_copied,
  downloaded,
  deleted,
  generic_classification_updated,
  specific_classification_updated,
  updated,
  inserted,
  value_edited
};

struct tracked_session_event_identifier_description_pairs {
  std::optional<std::string> session_initialized{};
  std::optional<std::string> session_local_connection_succeeded{};
  std::optional<std::string> session_local_connection_failed{};
  std::optional<std::string> session_inactive{};
  std::optional<std::string> session_active{};
  std::optional<std::string> session_terminated{};
  std::optional<std::string> session_authenticated_with_sign_in{};
  std::optional<std::string> session_unauthenticated_with_sign_out{};
  std::optional<std::string> session_unauthenticated_with_dismiss{};
  std::optional<std::string> session_unauthenticated_with_remind{};
  std::optional<std::string> session_onboarding_initialized{};
  std::optional<std::string> session_onboarding_completed{};
  json extra{};

  static constexpr auto fields() {
    using self = tracked_session_event_identifier_description_pairs;
    return field_list(
        field("session_initialized", &self::session_initialized),
        field("session_local_connection_succeeded", &self::session_local_connection_succeeded),
        field("session_local_connection_failed", &self::session_local_connection_failed),
        field("session_inactive", &self::session_inactive),
        field("session_active", &self::session_active),
        field("session_terminated", &self::session_terminated),
        field("session_authenticated_with_sign_in", &self::session_authenticated_with_sign_in),
        field("session_unauthenticated_with_sign_out",
              &self::session_unauthenticated_with_sign_out),
        field("session_unauthenticated_with_dismiss", &self::session_unauthenticated_with_dismiss),
        field("session_unauthenticated_with_remind", &self::session_unauthenticated_with_remind),
        field("session_onboarding_initialized", &self::session_onboarding_initialized),
        field("session_onboarding_completed", &self::session_onboarding_completed),
        unknown_fields(&self::extra));
  }

  // The pair for `event`, with its documented sentence.
  static tracked_session_event_identifier_description_pairs of(session_event event);
  // The event whose key is set (the first, if several are), or unknown.
  session_event event() const;
};

struct tracked_format_event_identifier_description_pairs {
  std::optional<std::string> format_created{};
  std::optional<std::string> format_copied{};
  std::optional<std::string> format_partially_copied{};
  std::optional<std::string> format_downloaded{};
  std::optional<std::string> format_deleted{};
  std::optional<std::string> format_generic_classification_updated{};
  std::optional<std::string> format_specific_classification_updated{};
  std::optional<std::string> format_updated{};
  std::optional<std::string> format_inserted{};
  std::optional<std::string> format_value_edited{};
  json extra{};

  static constexpr auto fields() {
    using self = tracked_format_event_identifier_description_pairs;
    return field_list(field("format_created", &self::format_created),
                      field("format_copied", &self::format_copied),
                      field("format_partially_copied", &self::format_partially_copied),
                      field("format_downloaded", &self::format_downloaded),
                      field("format_deleted", &self::format_deleted),
                      field("format_generic_classification_updated",
                            &self::format_generic_classification_updated),
                      field("format_specific_classification_updated",
                            &self::format_specific_classification_updated),
                      field("format_updated", &self::format_updated),
                      field("format_inserted", &self::format_inserted),
                      field("format_value_edited", &self::format_value_edited),
                      unknown_fields(&self::extra));
  }

  static tracked_format_event_identifier_description_pairs of(format_event event);
  format_event event() const;
};

namespace detail {

template <class Event, class Pairs>
struct event_sentence {
  Event event;
  std::optional<std::string> Pairs::*key;
  std::string_view sentence{};
};

// The documented sentence of each session event (TrackedSessionEvent-
// IdentifierDescriptionPairs), written once here.
inline constexpr event_sentence<session_event, tracked_session_event_identifier_description_pairs>
    session_sentences[] = {
        {session_event::initialized,
         &tracked_session_event_identifier_description_pairs::session_initialized,
         "a_session_has_been_initialized_and_the_application_has_been_opened"},
        {session_event::local_connection_succeeded,
         &tracked_session_event_identifier_description_pairs::session_local_connection_succeeded,
         "one_or_more_applications_has_successfully_connected"},
        {session_event::local_connection_failed,
         &tracked_session_event_identifier_description_pairs::session_local_connection_failed,
         "one_or_more_applications_has_failed_to_connect_locally"},
        {session_event::inactive,
         &tracked_session_event_identifier_description_pairs::session_inactive,
         "a_session_is_inactive_because_the_application_is_not_in_the_foreground"},
        {session_event::active, &tracked_session_event_identifier_description_pairs::session_active,
         "a_session_is_active_because_the_application_is_in_the_foreground"},
        {session_event::terminated,
         &tracked_session_event_identifier_description_pairs::session_terminated,
         "a_session_has_been_ended_and_the_application_has_been_closed"},
        {session_event::authenticated_with_sign_in,
         &tracked_session_event_identifier_description_pairs::session_authenticated_with_sign_in,
         "a_user_has_signed_into_this_session_with_a_an_external_account"},
        {session_event::unauthenticated_with_sign_out,
         &tracked_session_event_identifier_description_pairs::session_unauthenticated_with_sign_out,
         "a_user_has_signed_out_of_this_session"},
        {session_event::unauthenticated_with_dismiss,
         &tracked_session_event_identifier_description_pairs::session_unauthenticated_with_dismiss,
         "a_user_did_not_sign_into_the_session_with_a_dismissal"},
        {session_event::unauthenticated_with_remind,
         &tracked_session_event_identifier_description_pairs::session_unauthenticated_with_remind,
         "a_user_did_not_sign_into_the_session_with_a_reminder"},
        {session_event::onboarding_initialized,
         &tracked_session_event_identifier_description_pairs::session_onboarding_initialized,
         "onboarding_has_been_initialized_for_this_session"},
        {session_event::onboarding_completed,
         &tracked_session_event_identifier_description_pairs::session_onboarding_completed,
         "onboarding_has_been_completed_for_this_session"},
};

inline constexpr event_sentence<format_event, tracked_format_event_identifier_description_pairs>
    format_sentences[] = {
        {format_event::created, &tracked_format_event_identifier_description_pairs::format_created,
         "a_format_was_created"},
        {format_event::copied, &tracked_format_event_identifier_description_pairs::format_copied,
         "if_a_format_was_entirely_copied"},
        {format_event::partially_copied,
         &tracked_format_event_identifier_description_pairs::format_partially_copied,
         "if_a_format_was_partially_copied"},
        {format_event::downloaded,
         &tracked_format_event_identifier_description_pairs::format_downloaded,
         "if_a_format_was_downloaded"},
        {format_event::deleted, &tracked_format_event_identifier_description_pairs::format_deleted,
         "if_a_format_was_deleted"},
        {format_event::generic_classification_updated,
         &tracked_format_event_identifier_description_pairs::format_generic_classification_updated,
         "if_a_generic_classification_was_changed_on_a_format"},
        {format_event::specific_classification_updated,
         &tracked_format_event_identifier_description_pairs::format_specific_classification_updated,
         "if_a_specific_classification_was_changed_on_a_format"},
        {format_event::updated, &tracked_format_event_identifier_description_pairs::format_updated,
         "a_format_was_updated"},
        {format_event::inserted,
         &tracked_format_event_identifier_description_pairs::format_inserted,
         "a_format_was_inserted"},
        {format_event::value_edited,
         &tracked_format_event_identifier_description_pairs::format_value_edited,
         "a_format_value_was_edited"},
};

template <class Pairs, class Event, class Table>
Pairs pair_of(Event event, const Table& table) {
  Pairs out;
  for (const auto& entry : table) {
    if (entry.event == event) out.*(entry.key) = std::string(entry.sentence);
  }
  return out;
}

template <class Event, class Pairs, class Table>
Event event_in(const Pairs& pairs, const Table& table) {
  for (const auto& entry : table) {
    if ((pairs.*(entry.key)).has_value()) return entry.event;
  }
  return Event::unknown;
}

}  // namespace detail

inline tracked_session_event_identifier_description_pairs
tracked_session_event_identifier_description_pairs::of(session_event event) {
  return detail::pair_of<tracked_session_event_identifier_description_pairs>(
      event, detail::session_sentences);
}
inline session_event tracked_session_event_identifier_description_pairs::event() const {
  return detail::event_in<session_event>(*this, detail::session_sentences);
}
inline tracked_format_event_identifier_description_pairs
tracked_format_event_identifier_description_pairs::of(format_event event) {
  return detail::pair_of<tracked_format_event_identifier_description_pairs>(
      event, detail::format_sentences);
}
inline format_event tracked_format_event_identifier_description_pairs::event() const {
  return detail::event_in<format_event>(*this, detail::format_sentences);
}

struct seeded_tracked_session_event {
  tracked_session_event_identifier_description_pairs identifier_description_pair{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("identifier_description_pair",
                                     &seeded_tracked_session_event::identifier_description_pair),
                      field("schema", &seeded_tracked_session_event::schema),
                      unknown_fields(&seeded_tracked_session_event::extra));
  }
};

struct referenced_format {
  std::string id{};
  json reference{};  // the full Format, free-form
  json extra{};

  static constexpr auto fields() {
    return field_list(required_field("id", &referenced_format::id),
                      field("reference", &referenced_format::reference),
                      unknown_fields(&referenced_format::extra));
  }
};

struct seeded_tracked_format_event {
  tracked_format_event_identifier_description_pairs identifier_description_pair{};
  referenced_format format{};
  json metadata{};  // {reclassification: {previous, current}}, free-form
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    using self = seeded_tracked_format_event;
    return field_list(
        required_field("identifier_description_pair", &self::identifier_description_pair),
        required_field("format", &self::format), field("metadata", &self::metadata),
        field("schema", &self::schema), unknown_fields(&self::extra));
  }
};

// The body of track(): one event kind per call. Session and format events
// are typed (see the tracking:: helpers); the other kinds (asset,
// interaction, keyboard, assets, ml, adoption, conversation,
// conversation_message, workstream_summary) are free-form JSON objects.
struct seeded_connector_tracking {
  std::optional<seeded_tracked_format_event> format{};
  std::optional<seeded_tracked_session_event> session{};
  json asset{};
  json interaction{};
  json keyboard{};
  json assets{};
  json ml{};
  json adoption{};
  json conversation{};
  json conversation_message{};
  json workstream_summary{};
  std::optional<embedded_model_schema> schema{};
  json extra{};

  static constexpr auto fields() {
    using self = seeded_connector_tracking;
    return field_list(field("format", &self::format), field("session", &self::session),
                      field("asset", &self::asset), field("interaction", &self::interaction),
                      field("keyboard", &self::keyboard), field("assets", &self::assets),
                      field("ml", &self::ml), field("adoption", &self::adoption),
                      field("conversation", &self::conversation),
                      field("conversation_message", &self::conversation_message),
                      field("workstream_summary", &self::workstream_summary),
                      field("schema", &self::schema), unknown_fields(&self::extra));
  }
};

// Ready-made track() bodies, so nobody types the event sentences by hand:
//
//   api.track(app, tracking::session(session_event::initialized));
//   api.track(app, tracking::format(format_event::copied, "fmt-1"));
namespace tracking {

inline seeded_connector_tracking session(session_event event) {
  seeded_connector_tracking out{};
  out.session = seeded_tracked_session_event{
      tracked_session_event_identifier_description_pairs::of(event), std::nullopt, {}};
  return out;
}

// `format_id` is the id of the Format the event is about.
inline seeded_connector_tracking format(format_event event, std::string format_id) {
  seeded_connector_tracking out{};
  out.format =
      seeded_tracked_format_event{tracked_format_event_identifier_description_pairs::of(event),
                                  referenced_format{std::move(format_id), {}, {}},
                                  {},
                                  std::nullopt,
                                  {}};
  return out;
}

}  // namespace tracking

}  // namespace plugboard::pieces
