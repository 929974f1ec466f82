// SPDX-License-Identifier: MIT
// The body of the Pieces connector API's track() call: session and format
// events with their fixed sentences, and the tracking:: helpers that build
// them. Wire names here are snake_case. Wire facts: docs/api/pieces.md.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "plugboard/core/fields.hpp"
#include "plugboard/core/open_enum.hpp"
#include "plugboard/pieces/models.hpp"
#include "plugboard/serializer/json.hpp"

namespace plugboard::pieces {

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
