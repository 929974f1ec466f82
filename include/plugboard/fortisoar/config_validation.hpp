// SPDX-License-Identifier: MIT
// Checks a configuration against a connector's configuration fields:
// FortiSOAR's own field descriptors (config_schema.fields), not JSON Schema.
// Rules from docs/api/fortisoar.md, section "Configurations".
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "plugboard/core/errors.hpp"
#include "plugboard/fortisoar/models.hpp"

namespace plugboard::fortisoar {

// One problem with one field.
struct config_problem {
  enum class kind { missing, invalid, unknown };
  kind what = kind::missing;
  std::string field;
  std::string message;  // names the field (by title) and, for a select, the options
};

// What validate_config found. `valid()` ignores unknown keys, as FortiSOAR
// does (they are reported, never fatal).
struct config_check {
  std::vector<std::string> missing;  // required fields absent, null or ""
  std::vector<std::string> invalid;  // a value outside a select's options, or of the wrong type
  std::vector<std::string> unknown;  // keys no active field declares
  std::vector<config_problem> problems;

  bool valid() const noexcept { return missing.empty() && invalid.empty(); }
};

namespace detail {

inline std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

}  // namespace detail

// A configuration that failed validate_config: every missing, invalid and
// unknown field at once. A usage_error (argument "config"), so every error
// policy carries it; nothing was sent.
class config_validation_error : public usage_error {
 public:
  config_validation_error(std::string connector, config_check check)
      : usage_error("config", describe(connector, check)),
        connector_(std::move(connector)),
        check_(std::move(check)) {}

  const std::string& connector() const noexcept { return connector_; }
  const config_check& check() const noexcept { return check_; }
  const std::vector<std::string>& missing() const noexcept { return check_.missing; }
  const std::vector<std::string>& invalid() const noexcept { return check_.invalid; }
  const std::vector<std::string>& unknown() const noexcept { return check_.unknown; }

 private:
  static std::string describe(const std::string& connector, const config_check& check) {
    std::string out = "the configuration of '" + connector + "' does not fit its fields";
    if (!check.missing.empty()) out += "; missing: " + detail::join_names(check.missing);
    if (!check.invalid.empty()) out += "; invalid: " + detail::join_names(check.invalid);
    if (!check.unknown.empty()) out += "; unknown: " + detail::join_names(check.unknown);
    for (const auto& p : check.problems) {
      if (p.what != config_problem::kind::unknown) out += "\n  - " + p.message;
    }
    return out;
  }

  std::string connector_;
  config_check check_;
};

namespace detail {

// The key of an `onchange` map for a value: a checkbox's is "true"/"false",
// a string's is itself, anything else its JSON text.
inline std::string onchange_key(const json& value) {
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

inline std::vector<json> option_values(const json& options) {
  std::vector<json> out;
  if (!options.is_array()) return out;
  for (const auto& o : options) {
    if (o.is_object()) {
      if (o.contains("value")) {
        out.push_back(o["value"]);
      } else if (o.contains("title")) {
        out.push_back(o["title"]);
      }
    } else {
      out.push_back(o);
    }
  }
  return out;
}

inline std::string lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Lenient on purpose, as FortiSOAR stores most values as strings.
inline bool fits_type(const std::string& type, const json& value) {
  if (type == "integer") {
    if (value.is_number_integer()) return true;
    if (!value.is_string()) return false;
    std::string_view text = value.get_ref<const std::string&>();
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) text.remove_prefix(1);
    if (text.empty()) return false;
    for (char c : text) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  }
  if (type == "checkbox") {
    if (value.is_boolean()) return true;
    if (!value.is_string()) return false;
    const std::string word = lower(value.get<std::string>());
    return word == "true" || word == "false" || word == "1" || word == "0" || word == "yes" ||
           word == "no";
  }
  if (type == "json") {
    if (value.is_object() || value.is_array()) return true;
    if (!value.is_string()) return false;
    return json::accept(value.get_ref<const std::string&>());
  }
  return true;  // text, password, email, select without options, ...
}

inline json type_default(const std::string& type) {
  if (type == "checkbox") return false;
  if (type == "integer") return 0;
  if (type == "json") return json::object();
  return "";
}

inline std::string text_of(const json& field, const char* key) {
  const auto it = field.find(key);
  return it != field.end() && it->is_string() ? it->get<std::string>() : std::string();
}

inline void walk_fields(const json& fields, const json& config, const std::string& condition,
                        config_check& out, std::vector<std::string>& known) {
  if (!fields.is_array()) return;
  for (const auto& field : fields) {
    if (!field.is_object()) continue;
    const std::string name = text_of(field, "name");
    if (name.empty()) continue;
    known.push_back(name);
    std::string title = text_of(field, "title");
    if (title.empty()) title = name;
    std::string type = lower(text_of(field, "type"));
    if (type.empty()) type = "text";
    const auto found = config.find(name);
    const bool present = found != config.end() && !found->is_null() &&
                         !(found->is_string() && found->get_ref<const std::string&>().empty());
    const auto required = field.find("required");
    if (required != field.end() && required->is_boolean() && required->get<bool>() && !present) {
      out.missing.push_back(name);
      out.problems.push_back(
          {config_problem::kind::missing, name, title + " (" + name + ") is required" + condition});
    } else if (present) {
      const auto options = option_values(field.value("options", json()));
      if (type == "select" && !options.empty()) {
        bool allowed = false;
        std::string listed;
        for (const auto& o : options) {
          if (o == *found) allowed = true;
          if (!listed.empty()) listed += ", ";
          listed += o.is_string() ? o.get<std::string>() : o.dump();
        }
        if (!allowed) {
          out.invalid.push_back(name);
          out.problems.push_back({config_problem::kind::invalid, name,
                                  title + " (" + name + "): " + found->dump() +
                                      " is not one of its options (" + listed + ")"});
        }
      } else if (!fits_type(type, *found)) {
        out.invalid.push_back(name);
        out.problems.push_back(
            {config_problem::kind::invalid, name,
             title + " (" + name + "): expected " + type + ", got " + found->dump()});
      }
    }
    if (present) {
      const auto onchange = field.find("onchange");
      if (onchange != field.end() && onchange->is_object()) {
        const auto branch = onchange->find(onchange_key(*found));
        if (branch != onchange->end()) {
          walk_fields(*branch, config, " when " + name + " is " + onchange_key(*found), out, known);
        }
      }
    }
  }
}

inline void fill_defaults(const json& fields, const json& given, json& out) {
  if (!fields.is_array()) return;
  for (const auto& field : fields) {
    if (!field.is_object()) continue;
    const std::string name = text_of(field, "name");
    if (name.empty()) continue;
    json value;
    if (const auto it = given.find(name); it != given.end()) {
      value = *it;
    } else if (const auto v = field.find("value"); v != field.end() && !v->is_null()) {
      value = *v;
    } else {
      value = type_default(lower(text_of(field, "type")));
    }
    out[name] = value;
    const auto onchange = field.find("onchange");
    if (onchange != field.end() && onchange->is_object()) {
      const auto branch = onchange->find(onchange_key(value));
      if (branch != onchange->end()) fill_defaults(*branch, given, out);
    }
  }
}

inline json fields_as_json(const std::vector<operation_parameter>& fields) {
  json out = json::array();
  for (const auto& f : fields) {
    json field = {{"name", f.name}, {"required", f.required}};
    if (f.title) field["title"] = *f.title;
    if (f.type) field["type"] = *f.type;
    if (!f.value.is_null()) field["value"] = f.value;
    if (!f.options.is_null()) field["options"] = f.options;
    if (!f.onchange.is_null()) field["onchange"] = f.onchange;
    out.push_back(std::move(field));
  }
  return out;
}

}  // namespace detail

// Checks `config` (a JSON object) against `fields` (FortiSOAR's field
// descriptors as JSON): walks the fields and only the `onchange` branches
// that the values given make active.
inline config_check validate_config(const json& fields, const json& config) {
  config_check out;
  const json object = config.is_object() ? config : json::object();
  std::vector<std::string> known;
  detail::walk_fields(fields, object, "", out, known);
  for (auto it = object.begin(); it != object.end(); ++it) {
    bool declared = false;
    for (const auto& k : known) declared = declared || k == it.key();
    if (!declared) {
      out.unknown.push_back(it.key());
      out.problems.push_back({config_problem::kind::unknown, it.key(),
                              it.key() + " is not a field of this connector (or of the "
                                         "choices made)"});
    }
  }
  return out;
}

inline config_check validate_config(const fortisoar::config_schema& schema, const json& config) {
  return validate_config(detail::fields_as_json(schema.schema_fields), config);
}

// `config` completed with defaults: every field it leaves out gets the
// field's own `value`, else false (checkbox), 0 (integer), {} (json) or "",
// including the fields the chosen values' `onchange` branches reveal.
// Values given always win; keys no field declares are kept.
inline json with_defaults(const json& fields, const json& config) {
  const json given = config.is_object() ? config : json::object();
  json out = json::object();
  detail::fill_defaults(fields, given, out);
  for (auto it = given.begin(); it != given.end(); ++it) {
    if (!out.contains(it.key())) out[it.key()] = it.value();
  }
  return out;
}

inline json with_defaults(const fortisoar::config_schema& schema, const json& config) {
  return with_defaults(detail::fields_as_json(schema.schema_fields), config);
}

}  // namespace plugboard::fortisoar
