// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <utility>
#include <variant>

#include <nlohmann/json.hpp>

#include "plugboard/detail/sha256.hpp"
#include "plugboard/sandbox/detail/base64.hpp"
#include "plugboard/sandbox/fivetran/outcome.hpp"
#include "plugboard/sandbox/fivetran/paging.hpp"
#include "plugboard/sandbox/fivetran/state.hpp"
#include "plugboard/sandbox/fivetran/wire.hpp"
#include "plugboard/sandbox/server.hpp"

// The TLS certificates and SSH fingerprints a connection trusts:
// /v1/connections/{id}/certificates and /fingerprints, each approved, listed
// (paged), read and revoked by its hash. Setup tests run with
// trust_certificates approve the source's certificate too.

namespace plugboard::sandbox::detail::fivetran {

// Base64url without padding: how Fivetran derives an approval's id from its hash.
inline std::string base64url(const std::string& bytes) {
  static constexpr char alphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const unsigned group = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16 |
                           static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                           static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 2]));
    for (int shift = 18; shift >= 0; shift -= 6) out.push_back(alphabet[(group >> shift) & 63u]);
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned group = static_cast<unsigned>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) group |= static_cast<unsigned>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out.push_back(alphabet[(group >> 18) & 63u]);
    out.push_back(alphabet[(group >> 12) & 63u]);
    if (rest == 2) out.push_back(alphabet[(group >> 6) & 63u]);
  }
  return out;
}

// A CertificateDetailsResponse. The fake reads no X.509: the name and type
// are its own, sha256 is the digest of the decoded certificate bytes, and
// sha1 is left empty (the sandbox has no SHA-1).
inline nlohmann::json certificate_details(state& s, const std::string& hash,
                                          const std::string& der) {
  const std::string digest = plugboard::detail::sha256_hex(plugboard::detail::sha256(der), true);
  std::string name = "CN=sandbox certificate ";
  std::string public_key = "sandbox-public-key-";
  return {{"id", base64url(hash)},
          {"name", name.append(digest, 0, 8)},
          {"hash", hash},
          {"type", "TLS"},
          {"sha1", ""},
          {"sha256", digest},
          {"public_key", public_key.append(digest, 0, 16)},
          {"validated_date", s.tick()},
          {"validated_by", "sandbox_user"}};
}

// Approves the certificate of the connection's source host, as a setup test
// run with trust_certificates does.
inline void trust_source_certificate(state& s, connection& c) {
  const auto& config = c.record["config"];
  if (!config.is_object() || !config.contains("host") || !config["host"].is_string()) return;
  std::string der = "sandbox certificate of ";
  der.append(config["host"].get<std::string>());
  const std::string hash = plugboard::detail::sha256_hex(plugboard::detail::sha256(der), true);
  if (c.certificates.count(hash) == 0) c.certificates[hash] = certificate_details(s, hash, der);
}

class certificate_routes {
 public:
  explicit certificate_routes(state& s) : s_(s) {}

  void install(router& routes) {
    const std::string base = "/v1/connections/{connectionId}";
    add_kind(routes, base, kind::certificate);
    add_kind(routes, base, kind::fingerprint);
  }

 private:
  enum class kind { certificate, fingerprint };

  static const char* name(kind k) { return k == kind::certificate ? "Certificate" : "Fingerprint"; }
  static std::map<std::string, nlohmann::json>& approvals(connection& c, kind k) {
    return k == kind::certificate ? c.certificates : c.fingerprints;
  }

  void add_kind(router& routes, const std::string& base, kind k) {
    const bool cert = k == kind::certificate;
    const std::string many = base + (cert ? "/certificates" : "/fingerprints");
    routes.add("GET", many, [this, k, cert](const incoming& in) {
      return serve(s_, in,
                   cert ? "get_connection_certificates_list" : "get_connection_fingerprints_list",
                   [&](const nlohmann::json&) { return list(k, in); });
    });
    routes.add("POST", many, [this, k, cert](const incoming& in) {
      return serve(
          s_, in, cert ? "approve_connection_certificate" : "approve_connection_fingerprint",
          [&](const nlohmann::json& body) { return approve(k, in.param("connectionId"), body); });
    });
    routes.add("GET", many + "/{hash}", [this, k, cert](const incoming& in) {
      return serve(
          s_, in,
          cert ? "get_connection_certificate_details" : "get_connection_fingerprint_details",
          [&](const nlohmann::json&) {
            return details(k, in.param("connectionId"), in.param("hash"));
          });
    });
    routes.add("DELETE", many + "/{hash}", [this, k, cert](const incoming& in) {
      return serve(s_, in, cert ? "revoke_connection_certificate" : "revoke_connection_fingerprint",
                   [&](const nlohmann::json&) {
                     return revoke(k, in.param("connectionId"), in.param("hash"));
                   });
    });
  }

  outcome list(kind k, const incoming& in) {
    connection* c = s_.find(in.param("connectionId"));
    if (c == nullptr) return state::not_found(generation::connections, in.param("connectionId"));
    const auto page = read_page_request(in, k == kind::certificate ? 'r' : 'f');
    if (const auto* refusal = std::get_if<outcome>(&page)) return *refusal;
    return success(
        200, "Operation performed.",
        page_of(
            s_.settings, approvals(*c, k), std::get<page_request>(page),
            k == kind::certificate ? 'r' : 'f', [](const nlohmann::json&) { return true; },
            [](const nlohmann::json& item) { return item; }));
  }

  outcome approve(kind k, const std::string& id, const nlohmann::json& body) {
    connection* c = s_.find(id);
    if (c == nullptr) return state::not_found(generation::connections, id);
    const bool cert = k == kind::certificate;
    const char* payload = cert ? "encoded_cert" : "public_key";
    for (const char* field : {"hash", payload}) {
      if (!body.contains(field) || !body[field].is_string() ||
          body[field].get<std::string>().empty()) {
        return bad_request(std::string("Missing '") + field + "' in the request body");
      }
    }
    const std::string hash = body["hash"].get<std::string>();
    nlohmann::json details;
    if (cert) {
      const auto der = base64_decode(body["encoded_cert"].get<std::string>());
      if (!der) return bad_request("'encoded_cert' must be the certificate in base64");
      details = certificate_details(s_, hash, *der);
    } else {
      details = {{"id", base64url(hash)},
                 {"hash", hash},
                 {"public_key", body["public_key"]},
                 {"validated_date", s_.tick()},
                 {"validated_by", "sandbox_user"}};
    }
    approvals(*c, k)[hash] = details;
    // Certificates answer 200; fingerprints 201 (as Fivetran's Go client expects).
    return success(
        cert ? 200 : 201,
        std::string("The ") + (cert ? "certificate" : "fingerprint") + " has been approved",
        std::move(details));
  }

  outcome details(kind k, const std::string& id, const std::string& hash) {
    connection* c = s_.find(id);
    if (c == nullptr) return state::not_found(generation::connections, id);
    const auto& all = approvals(*c, k);
    const auto it = all.find(hash);
    if (it == all.end()) return no_approval(k, hash);
    return success(200, "Operation performed.", it->second);
  }

  outcome revoke(kind k, const std::string& id, const std::string& hash) {
    connection* c = s_.find(id);
    if (c == nullptr) return state::not_found(generation::connections, id);
    if (approvals(*c, k).erase(hash) == 0) return no_approval(k, hash);
    return success(200, std::string("The ") +
                            (k == kind::certificate ? "certificate" : "fingerprint") +
                            " has been revoked");
  }

  static outcome no_approval(kind k, const std::string& hash) {
    return failure(404, std::string("NotFound_") + name(k),
                   std::string(name(k)) + " with hash '" + hash + "' is not approved");
  }

  state& s_;
};

}  // namespace plugboard::sandbox::detail::fivetran
