// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

// g++ 12 at -O3 warns (-Wrestrict, -Wstringop-overflow) about std::string
// code that valijson's JSON pointer and error paths inline into this file:
// false positives of the optimizer, on code paths no document reaches
// (libstdc++ bug 105329).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wrestrict"
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#endif

// valijson reports a schema it cannot read by throwing (when this is 1) or
// by printing and aborting (when it is 0): a fake must be able to say so.
#ifndef VALIJSON_USE_EXCEPTIONS
#define VALIJSON_USE_EXCEPTIONS 1
#endif
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/constraint_builder.hpp>
#include <valijson/constraints/concrete_constraints.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

// A vendor's API contract, for a fake to check what it receives and what it
// answers against the vendor's own schemas (valijson, JSON Schema draft 4,
// which OpenAPI 3.0's schema objects follow).
//
// The contract is a bundle that tools/ generates from an OpenAPI document:
//   {"document": "<file name>",
//    "operations": {"<operationId>": {"method": "GET", "path": "/v1/...",
//                                     "request": <schema, absent without a body>,
//                                     "responses": {"200": <schema>, ...}}},
//    "components": {"schemas": {"<Name>": <schema>}}}
// where every $ref is "#/components/schemas/<Name>", resolved against the
// bundle. Each schema is parsed the first time it is used, once, and kept.

namespace plugboard::sandbox {

// Where a JSON document departs from a schema.
struct contract_violation {
  std::string pointer;  // RFC 6901 JSON pointer into the document; "" is the whole document
  std::string problem;  // valijson's words

  // "'/events': Value type not permitted by 'type' constraint."
  std::string describe() const {
    std::string out = "'";
    out.append(pointer).append("': ").append(problem);
    return out;
  }
};

namespace detail {

// RFC 3339 date, time and date-time, as JSON Schema's "format" means them.
// valijson checks these with a std::regex it compiles on every call (about
// half a millisecond each); this is the same check by hand.
struct rfc3339 {
  static bool digits(std::string_view s, std::size_t at, std::size_t n) noexcept {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  }
  static int number(std::string_view s, std::size_t at, std::size_t n) noexcept {
    int value = 0;
    for (std::size_t i = at; i < at + n; ++i) value = value * 10 + (s[i] - '0');
    return value;
  }
  // YYYY-MM-DD with a day that exists in some year (as valijson: no leap-year check).
  static bool date(std::string_view s) noexcept {
    if (s.size() != 10 || !digits(s, 0, 4) || s[4] != '-' || !digits(s, 5, 2) || s[7] != '-' ||
        !digits(s, 8, 2)) {
      return false;
    }
    static constexpr int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const int month = number(s, 5, 2);
    const int day = number(s, 8, 2);
    return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1];
  }
  // HH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)
  static bool time(std::string_view s) noexcept {
    if (s.size() < 9 || !digits(s, 0, 2) || s[2] != ':' || !digits(s, 3, 2) || s[5] != ':' ||
        !digits(s, 6, 2)) {
      return false;
    }
    if (number(s, 0, 2) > 23 || number(s, 3, 2) > 59 || number(s, 6, 2) > 60) return false;
    std::size_t at = 8;
    if (s[at] == '.') {
      const std::size_t first = ++at;
      while (at < s.size() && s[at] >= '0' && s[at] <= '9') ++at;
      if (at == first) return false;
    }
    if (at < s.size() && (s[at] == 'Z' || s[at] == 'z')) return at + 1 == s.size();
    return at + 6 == s.size() && (s[at] == '+' || s[at] == '-') && digits(s, at + 1, 2) &&
           s[at + 3] == ':' && digits(s, at + 4, 2) && number(s, at + 1, 2) <= 23 &&
           number(s, at + 4, 2) <= 59;
  }
  static bool date_time(std::string_view s) noexcept {
    return s.size() > 11 && (s[10] == 'T' || s[10] == 't') && date(s.substr(0, 10)) &&
           time(s.substr(11));
  }
};

// The keyword the contract puts in place of "format" for the three formats above.
inline constexpr const char* time_format_keyword = "x-plugboard-time-format";

class time_format_constraint : public valijson::constraints::PolyConstraint {
 public:
  explicit time_format_constraint(std::string format) : format_(std::move(format)) {}

  bool validate(const valijson::adapters::Adapter& target, const std::vector<std::string>& context,
                valijson::ValidationResults* results) const override {
    if (!target.isString()) return true;  // "type" says what is wrong then
    const std::string text = target.asString();
    const bool ok = format_ == "date"   ? rfc3339::date(text)
                    : format_ == "time" ? rfc3339::time(text)
                                        : rfc3339::date_time(text);
    if (!ok && results != nullptr)
      results->pushError(context, "String should be a valid " + format_);
    return ok;
  }

 private:
  Constraint* cloneInto(void* memory) const override {
    return new (memory) time_format_constraint(*this);
  }
  std::size_t sizeOf() const override { return sizeof(time_format_constraint); }

  std::string format_;
};

class time_format_builder : public valijson::ConstraintBuilder {
 public:
  valijson::constraints::Constraint* make(const valijson::adapters::Adapter& value) const override {
    return new time_format_constraint(value.isString() ? value.asString() : "date-time");
  }
};

}  // namespace detail

class contract {
 public:
  // Throws std::invalid_argument when `bundle` is not a bundle.
  explicit contract(std::string_view bundle)
      : bundle_(nlohmann::json::parse(bundle, nullptr, /*allow_exceptions=*/false)) {
    if (!bundle_.is_object() || !bundle_.contains("operations") ||
        !bundle_["operations"].is_object()) {
      throw std::invalid_argument("plugboard sandbox: not a contract bundle");
    }
    document_ = bundle_.value("document", std::string());
    accept_openapi_3_0(bundle_);
    for (auto op = bundle_["operations"].begin(); op != bundle_["operations"].end(); ++op) {
      std::string base = "/operations/";
      base.append(escape(op.key()));
      if (op->contains("request")) {
        slots_[op.key() + " request"] = make_slot(std::string(base).append("/request"));
      }
      if (op->contains("responses") && (*op)["responses"].is_object()) {
        for (auto r = (*op)["responses"].begin(); r != (*op)["responses"].end(); ++r) {
          if (r->is_null()) continue;  // a status without a body
          slots_[op.key() + " " + r.key()] =
              make_slot(std::string(base).append("/responses/").append(escape(r.key())));
        }
      }
    }
  }

  contract(const contract&) = delete;
  contract& operator=(const contract&) = delete;

  // The OpenAPI document the bundle was made from, e.g. "fivetran-openapi.json".
  const std::string& document() const noexcept { return document_; }

  bool has_operation(std::string_view operation) const {
    return bundle_["operations"].contains(std::string(operation));
  }
  std::vector<std::string> operations() const {
    std::vector<std::string> out;
    for (auto it = bundle_["operations"].begin(); it != bundle_["operations"].end(); ++it) {
      out.push_back(it.key());
    }
    return out;
  }
  // "GET" and "/v1/connections/{connectionId}", or empty strings for an unknown operation.
  std::pair<std::string, std::string> route_of(std::string_view operation) const {
    const auto& ops = bundle_["operations"];
    const auto it = ops.find(std::string(operation));
    if (it == ops.end()) return {};
    return {it->value("method", std::string()), it->value("path", std::string())};
  }
  // Whether the document lists `status` for the operation (with or without a body).
  bool lists_status(std::string_view operation, int status) const {
    const auto& ops = bundle_["operations"];
    const auto it = ops.find(std::string(operation));
    return it != ops.end() && it->contains("responses") &&
           (*it)["responses"].contains(std::to_string(status));
  }

  // Checks a request body; nullopt when it matches, or when the operation
  // documents no request body.
  std::optional<contract_violation> check_request(std::string_view operation,
                                                  const nlohmann::json& body) const {
    std::string key(operation);
    key.append(" request");
    return check(key, body);
  }
  // Checks a response body for `status`; nullopt when it matches, or when the
  // document gives no schema for that status.
  std::optional<contract_violation> check_response(std::string_view operation, int status,
                                                   const nlohmann::json& body) const {
    std::string key(operation);
    key.append(" ").append(std::to_string(status));
    return check(key, body);
  }

 private:
  struct slot {
    std::string pointer;  // into the bundle
    std::once_flag parsed;
    std::unique_ptr<valijson::Schema> schema;
    std::string error;  // why the schema could not be parsed
  };

  static std::unique_ptr<slot> make_slot(std::string pointer) {
    auto s = std::make_unique<slot>();
    s->pointer = std::move(pointer);
    return s;
  }

  // RFC 6901: '~' and '/' in a member name.
  static std::string escape(std::string_view name) {
    std::string out;
    for (const char c : name) {
      if (c == '~') {
        out.append("~0");
      } else if (c == '/') {
        out.append("~1");
      } else {
        out.push_back(c);
      }
    }
    return out;
  }

  // OpenAPI 3.0 schema objects are almost JSON Schema draft 4; two habits of
  // vendor documents would make every document fail: `nullable: true` (a
  // keyword draft 4 does not know) and enum members written as strings under
  // an integer or number type (e.g. "enum": ["5", "15"] for minutes). They
  // are rewritten once, here, into what the document means; and the time
  // formats go to the checks above.
  static void accept_openapi_3_0(nlohmann::json& node) {
    if (node.is_array()) {
      for (auto& item : node) accept_openapi_3_0(item);
      return;
    }
    if (!node.is_object()) return;
    const auto type = node.find("type");
    const auto values = node.find("enum");
    if (type != node.end() && type->is_string() && values != node.end() && values->is_array() &&
        (*type == "integer" || *type == "number")) {
      for (auto& value : *values) {
        if (!value.is_string()) continue;
        auto number = nlohmann::json::parse(value.get<std::string>(), nullptr, false);
        if (!number.is_discarded() && number.is_number()) value = std::move(number);
      }
    }
    if (node.value("nullable", false) && type != node.end() && type->is_string()) {
      *type = nlohmann::json::array({*type, "null"});
      if (values != node.end() && values->is_array()) values->push_back(nullptr);
    }
    const auto format = node.find("format");
    if (format != node.end() &&
        (*format == "date-time" || *format == "date" || *format == "time")) {
      node[detail::time_format_keyword] = *format;
      node.erase("format");
    }
    for (auto& member : node.items()) accept_openapi_3_0(member.value());
  }

  // The address under which the schemas find the bundle itself: a $ref to it
  // is resolved by fetch() below, and the bundle's own "#/components/..."
  // references then resolve against the bundle.
  static constexpr const char* self_uri = "plugboard-contract://bundle";

  void parse(slot& s) const {
    try {
      const nlohmann::json root = {{"$ref", std::string(self_uri) + "#" + s.pointer}};
      auto schema = std::make_unique<valijson::Schema>();
      valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
      parser.addConstraintBuilder(detail::time_format_keyword, new detail::time_format_builder());
      const auto fetch = [this](const std::string& uri) -> const nlohmann::json* {
        return uri == self_uri ? &bundle_ : nullptr;
      };
      const auto release = [](const nlohmann::json*) {};  // the bundle is ours
      parser.populateSchema(valijson::adapters::NlohmannJsonAdapter(root), *schema, fetch, release);
      s.schema = std::move(schema);
    } catch (const std::exception& e) {
      s.error = e.what();
    }
  }

  std::optional<contract_violation> check(const std::string& key,
                                          const nlohmann::json& body) const {
    const auto it = slots_.find(key);
    if (it == slots_.end()) return std::nullopt;
    slot& s = *it->second;
    std::call_once(s.parsed, [&] { parse(s); });
    if (!s.schema) {
      return contract_violation{
          "", "the contract's schema for " + key + " could not be read: " + s.error};
    }
    const valijson::adapters::NlohmannJsonAdapter target(body);
    try {
      // A validator caches regular expressions, so one per call: the parsed
      // schemas are shared between threads, validators are not.
      valijson::Validator quick;
      if (quick.validate(*s.schema, target, nullptr)) return std::nullopt;
      // Only a failure pays for collecting every error.
      valijson::ValidationResults results;
      valijson::Validator thorough;
      thorough.validate(*s.schema, target, &results);
      return most_specific(results);
    } catch (const std::exception& e) {
      return contract_violation{"", std::string("the document could not be checked: ") + e.what()};
    }
  }

  // valijson reports a failure at every level from the root down to where it
  // happened; the deepest one says what is wrong.
  static contract_violation most_specific(const valijson::ValidationResults& results) {
    const valijson::ValidationResults::Error* deepest = nullptr;
    for (const auto& error : results) {
      if (deepest == nullptr || error.context.size() > deepest->context.size()) deepest = &error;
    }
    if (deepest == nullptr) return {"", "does not match"};
    contract_violation v;
    for (std::size_t i = 1; i < deepest->context.size(); ++i) {  // [0] is "<root>"
      std::string_view part = deepest->context[i];
      if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
        part = part.substr(1, part.size() - 2);
      }
      v.pointer.append("/").append(escape(part));
    }
    v.problem = deepest->description;
    // "Missing required property 'url'." is reported at the object: name the member.
    constexpr std::string_view missing = "Missing required property '";
    const std::string& d = deepest->description;
    if (d.compare(0, missing.size(), missing) == 0 && d.size() > missing.size() + 2) {
      const std::size_t end = d.find('\'', missing.size());
      if (end != std::string::npos) {
        v.pointer.append("/").append(escape(d.substr(missing.size(), end - missing.size())));
      }
    }
    return v;
  }

  nlohmann::json bundle_;
  std::string document_;
  std::map<std::string, std::unique_ptr<slot>>
      slots_;  // "op request", "op 200"; fixed after construction
};

}  // namespace plugboard::sandbox

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
