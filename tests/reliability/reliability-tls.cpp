// TLS: an HTTPS sandbox on 127.0.0.1 with certificates made at test time
// (a self-signed CA and server certificates it signs, with the OpenSSL API).
// The default http_transport refuses them; the same call succeeds once
// the test's CA is configured (ca_file or ca_dir); only the loudly named
// insecure_skip_tls_verify turns verification off; a certificate for another
// host, or an expired one, is refused even with the CA.
#include <doctest/doctest.h>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "plugboard/providers/client.hpp"
#include "plugboard/sandbox/providers.hpp"

namespace fs = std::filesystem;
namespace sandbox = plugboard::sandbox;

namespace {

struct key_deleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct cert_deleter {
  void operator()(X509* c) const { X509_free(c); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, key_deleter>;
using cert_ptr = std::unique_ptr<X509, cert_deleter>;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("OpenSSL: ") + what + " failed");
}

key_ptr make_key() {
  key_ptr key(EVP_EC_gen("P-256"));
  require(key != nullptr, "EVP_EC_gen");
  return key;
}

void add_extension(X509* cert, X509V3_CTX& ctx, int nid, const char* value) {
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(ext != nullptr, "X509V3_EXT_conf_nid");
  require(X509_add_ext(cert, ext, -1) == 1, "X509_add_ext");
  X509_EXTENSION_free(ext);
}

struct cert_spec {
  std::string common_name;
  bool ca = false;
  std::string subject_alt_name;  // e.g. "IP:127.0.0.1"
  long valid_from = 0;           // seconds from now
  long valid_until = 86400;
};

// A certificate for `key`, signed by `issuer` (self-signed when null).
cert_ptr make_cert(const cert_spec& spec, EVP_PKEY* key, X509* issuer, EVP_PKEY* issuer_key) {
  static long serial = 1;
  cert_ptr cert(X509_new());
  require(cert != nullptr, "X509_new");
  X509* x = cert.get();
  require(X509_set_version(x, 2) == 1, "X509_set_version");
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial++);
  X509_gmtime_adj(X509_getm_notBefore(x), spec.valid_from);
  X509_gmtime_adj(X509_getm_notAfter(x), spec.valid_until);
  require(X509_set_pubkey(x, key) == 1, "X509_set_pubkey");
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("plugboard tests"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(spec.common_name.c_str()), -1,
                             -1, 0);
  X509_set_issuer_name(x, issuer != nullptr ? X509_get_subject_name(issuer) : name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : x, x, nullptr, nullptr, 0);
  if (spec.ca) {
    add_extension(x, ctx, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(x, ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(x, ctx, NID_basic_constraints, "CA:FALSE");
    add_extension(x, ctx, NID_key_usage, "critical,digitalSignature");
    add_extension(x, ctx, NID_ext_key_usage, "serverAuth");
    add_extension(x, ctx, NID_subject_alt_name, spec.subject_alt_name.c_str());
  }
  add_extension(x, ctx, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) add_extension(x, ctx, NID_authority_key_identifier, "keyid:always");
  require(X509_sign(x, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

void write_pem(const fs::path& path, X509* cert) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  require(f != nullptr, "fopen");
  const bool ok = PEM_write_X509(f, cert) == 1;
  std::fclose(f);
  require(ok, "PEM_write_X509");
}
void write_pem(const fs::path& path, EVP_PKEY* key) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  require(f != nullptr, "fopen");
  const bool ok = PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr) == 1;
  std::fclose(f);
  require(ok, "PEM_write_PrivateKey");
}

// A fresh directory with a CA and server certificates, removed at the end.
struct pki {
  fs::path dir;
  key_ptr ca_key = make_key();
  cert_ptr ca =
      make_cert({"plugboard test CA", true, "", 0, 86400}, ca_key.get(), nullptr, nullptr);

  pki() {
    std::random_device random;
    dir = fs::temp_directory_path() /
          ("plugboard-tls-" + std::to_string(random()) + std::to_string(random()));
    fs::create_directories(dir / "ca-dir");
    write_pem(ca_file(), ca.get());
    // A c_rehash-style directory: <subject hash>.0 holds the CA.
    char hashed[32];
    std::snprintf(hashed, sizeof hashed, "%08lx.0", X509_subject_name_hash(ca.get()));
    write_pem(dir / "ca-dir" / hashed, ca.get());
    // Another CA, unrelated to every server certificate.
    key_ptr other_key = make_key();
    write_pem(
        other_ca_file(),
        make_cert({"unrelated CA", true, "", 0, 86400}, other_key.get(), nullptr, nullptr).get());
  }
  ~pki() {
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  std::string ca_file() const { return (dir / "ca.pem").string(); }
  std::string ca_dir() const { return (dir / "ca-dir").string(); }
  std::string other_ca_file() const { return (dir / "other-ca.pem").string(); }

  // A server certificate signed by the CA; returns the sandbox options using it.
  sandbox::server_options server(const std::string& name, cert_spec spec) {
    key_ptr key = make_key();
    const cert_ptr cert = make_cert(spec, key.get(), ca.get(), ca_key.get());
    sandbox::server_options o;
    o.tls_cert_file = (dir / (name + ".pem")).string();
    o.tls_key_file = (dir / (name + ".key")).string();
    write_pem(o.tls_cert_file, cert.get());
    write_pem(o.tls_key_file, key.get());
    return o;
  }
  sandbox::server_options localhost() {
    return server("localhost", {"127.0.0.1", false, "IP:127.0.0.1,DNS:localhost", 0, 86400});
  }
};

using admin_client = plugboard::providers::client<>;

admin_client client_for(const sandbox::server& server, plugboard::http_options t = {}) {
  return admin_client(server.url("/providers"), plugboard::providers::api_key("k"),
                      plugboard::http_transport(t));
}

// The failure of list(), or nullopt when it worked.
std::optional<plugboard::transport_failure> failure_of(admin_client& client) {
  try {
    client.connector_providers().list();
    return std::nullopt;
  } catch (const plugboard::transport_error& e) {
    CHECK_FALSE(e.request_may_have_been_sent());
    return e.failure();
  }
}

// Points OpenSSL's default trust store (the "system" store) elsewhere for
// the duration of a scope.
struct default_store_override {
  explicit default_store_override(const std::string& file) {
    setenv("SSL_CERT_FILE", file.c_str(), 1);
    setenv("SSL_CERT_DIR", "/nonexistent", 1);
  }
  ~default_store_override() {
    unsetenv("SSL_CERT_FILE");
    unsetenv("SSL_CERT_DIR");
  }
};

}  // namespace

TEST_CASE("the default transport refuses a self-signed certificate; the CA makes it work") {
  pki certs;
  sandbox::server server(certs.localhost());
  server.mount<sandbox::providers_fake>("/providers");
  REQUIRE(server.url().substr(0, 8) == "https://");

  auto strict = client_for(server);
  CHECK(failure_of(strict) == plugboard::transport_failure::tls);
  CHECK(server.request_count() == 0);  // nothing reached the application

  plugboard::http_options with_ca;
  with_ca.ca_file = certs.ca_file();
  auto trusting = client_for(server, with_ca);
  CHECK(trusting.connector_providers().list().size() == 4);

  plugboard::http_options with_ca_dir;
  with_ca_dir.ca_dir = certs.ca_dir();
  auto trusting_dir = client_for(server, with_ca_dir);
  CHECK(trusting_dir.connector_providers().list().size() == 4);

  plugboard::http_options wrong_ca;
  wrong_ca.ca_file = certs.other_ca_file();
  auto mistrusting = client_for(server, wrong_ca);
  CHECK(failure_of(mistrusting) == plugboard::transport_failure::tls);
  CHECK(server.request_count() == 2);
}

TEST_CASE("only insecure_skip_tls_verify turns verification off") {
  pki certs;
  sandbox::server server(certs.localhost());
  server.mount<sandbox::providers_fake>("/providers");
  plugboard::http_options insecure;
  insecure.insecure_skip_tls_verify = true;
  auto client = client_for(server, insecure);
  CHECK(client.connector_providers().list().size() == 4);
  CHECK_FALSE(plugboard::http_options{}.insecure_skip_tls_verify);  // off by default
}

TEST_CASE("a certificate for another host, or an expired one, is refused even with the CA") {
  pki certs;
  plugboard::http_options with_ca;
  with_ca.ca_file = certs.ca_file();
  {
    sandbox::server other_host(
        certs.server("other", {"api.example.com", false, "DNS:api.example.com", 0, 86400}));
    other_host.mount<sandbox::providers_fake>("/providers");
    auto client = client_for(other_host, with_ca);
    CHECK(failure_of(client) == plugboard::transport_failure::tls);
  }
  {
    sandbox::server expired(
        certs.server("expired", {"127.0.0.1", false, "IP:127.0.0.1", -2 * 86400, -86400}));
    expired.mount<sandbox::providers_fake>("/providers");
    auto client = client_for(expired, with_ca);
    CHECK(failure_of(client) == plugboard::transport_failure::tls);
  }
}

TEST_CASE("without ca_file or ca_dir the default trust store is used") {
  pki certs;
  sandbox::server server(certs.localhost());
  server.mount<sandbox::providers_fake>("/providers");
  // With the test CA as OpenSSL's default store, the default options trust it.
  default_store_override store(certs.ca_file());
  auto client = client_for(server);
  CHECK(client.connector_providers().list().size() == 4);
}
TEST_CASE("ca_file replaces the default trust store; ca_file with ca_dir is a usage_error") {
  pki certs;
  sandbox::server server(certs.localhost());
  server.mount<sandbox::providers_fake>("/providers");
  {
    // The default store would trust the server, but ca_file replaces it.
    default_store_override store(certs.ca_file());
    plugboard::http_options o;
    o.ca_file = certs.other_ca_file();
    auto client = client_for(server, o);
    CHECK(failure_of(client) == plugboard::transport_failure::tls);
  }
  // cpp-httplib reads only one of them, so both are refused rather than
  // ca_dir being ignored.
  plugboard::http_options both;
  both.ca_file = certs.other_ca_file();
  both.ca_dir = certs.ca_dir();
  CHECK_THROWS_AS(plugboard::http_transport{both}, plugboard::usage_error);
}
