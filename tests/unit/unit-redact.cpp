// SPDX-License-Identifier: MIT
#include <doctest/doctest.h>

#include <string>

#include "plugboard/core/redact.hpp"

using plugboard::scrubbed;

TEST_CASE("auth scheme values are scrubbed") {
  CHECK(scrubbed("Authorization: Bearer abc.def.ghi") == "Authorization: [REDACTED] [REDACTED]");
  CHECK(scrubbed("sent Basic dXNlcjpwYXNz here") == "sent Basic [REDACTED] here");
  CHECK(scrubbed("API-KEY k-123") == "API-KEY [REDACTED]");
}

TEST_CASE("values of secret-looking keys are scrubbed in JSON, forms and headers") {
  CHECK(scrubbed(R"({"client_id":"abc","client_secret":"s3cr3t"})") ==
        R"({"client_id":"abc","client_secret":"[REDACTED]"})");
  CHECK(scrubbed(R"({"password" : "p\"w"})") == R"({"password" : "[REDACTED]"})");
  CHECK(scrubbed("token=abc&page=2") == "token=[REDACTED]&page=2");
  CHECK(scrubbed("X-API-Key: abc123") == "X-API-Key: [REDACTED]");
  CHECK(scrubbed(R"({"access_token": 12345, "n": 1})") ==
        R"({"access_token": [REDACTED], "n": 1})");
  CHECK(scrubbed(R"({"credentials":{"loginid":"u","password":"p"}})") ==
        R"({"credentials":{"loginid":"u","password":"[REDACTED]"}})");
  CHECK(scrubbed("nothing special: here") == "nothing special: here");
  CHECK(scrubbed("the secret: here") == "the secret: [REDACTED]");
}

TEST_CASE("known secrets are redacted wherever they appear") {
  std::string text = "key=CANARY and again CANARY";
  plugboard::redact_secret(text, "CANARY");
  CHECK(text == "key=[REDACTED] and again [REDACTED]");
  std::string untouched = "abc";
  plugboard::redact_secret(untouched, "");
  CHECK(untouched == "abc");
}

TEST_CASE("log headers are default-deny") {
  plugboard::http_headers h{{"Authorization", "Bearer x"},
                            {"X-API-Key", "k"},
                            {"Cookie", "c"},
                            {"Content-Type", "application/json"},
                            {"X-Custom", "v"}};
  const auto r = plugboard::redacted_headers(h);
  CHECK(r.get("Authorization") == "[REDACTED]");
  CHECK(r.get("X-API-Key") == "[REDACTED]");
  CHECK(r.get("Cookie") == "[REDACTED]");
  CHECK(r.get("X-Custom") == "[REDACTED]");
  CHECK(r.get("Content-Type") == "application/json");
}

TEST_CASE("truncation keeps UTF-8 sequences whole") {
  CHECK(plugboard::truncated("abcdef", 10) == "abcdef");
  CHECK(plugboard::truncated("abcdef", 3) == "abc...");
  CHECK(plugboard::truncated("a\xC3\xA9z", 2) == "a...");
}

namespace {

std::string without(std::string text, std::string_view secret) {
  plugboard::redact_secret(text, secret);
  return text;
}

// Every byte as \uXXXX (lower- or upper-case hex), as some JSON encoders do.
std::string unicode_escaped(std::string_view text, bool upper) {
  std::string out;
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    out += "\\u00";
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string percent_encoded(std::string_view text, bool upper) {
  std::string out;
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    out += '%';
    out += hex[b >> 4];
    out += hex[b & 15];
  }
  return out;
}

std::string html_numeric(std::string_view text, bool hex) {
  std::string out;
  for (char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (hex) {
      const char digits[] = "0123456789ABCDEF";
      out += "&#X";
      out += digits[b >> 4];
      out += digits[b & 15];
    } else {
      out += "&#" + std::to_string(b);
    }
    out += ';';
  }
  return out;
}

}  // namespace

TEST_CASE("a known secret is found JSON-escaped, also with \\u escapes and escaped twice") {
  const std::string secret = "s3cr\"et\\val/ue";
  CHECK(without("got s3cr\"et\\val/ue here", secret) == "got [REDACTED] here");
  CHECK(without(R"({"m":"got s3cr\"et\\val/ue here"})", secret) ==
        R"({"m":"got [REDACTED] here"})");
  CHECK(without(R"({"m":"s3cr\"et\\val\/ue"})", secret) == R"({"m":"[REDACTED]"})");
  CHECK(without(std::string("<").append(unicode_escaped(secret, false)).append(">"), secret) ==
        "<[REDACTED]>");
  CHECK(without(std::string("<").append(unicode_escaped(secret, true)).append(">"), secret) ==
        "<[REDACTED]>");
  // A JSON document quoted inside a JSON string.
  CHECK(without(R"({"raw":"{\"m\":\"s3cr\\\"et\\\\val/ue\"}"})", secret) ==
        R"({"raw":"{\"m\":\"[REDACTED]\"}"})");
  // Non-ASCII secrets, \u-escaped as UTF-16 (with a surrogate pair).
  CHECK(without(R"(x\u00e9t\u00e9\ud83d\ude00-key-1 y)",
                "\xC3\xA9t\xC3\xA9\xF0\x9F\x98\x80-key-1") == "x[REDACTED] y");
}

TEST_CASE("a known secret is found percent-encoded, in either case, with + for a space") {
  const std::string secret = "my secret/key!";
  CHECK(without("q=my+secret%2Fkey%21&n=1", secret) == "q=[REDACTED]&n=1");
  CHECK(without("q=my%20secret%2fkey%21&n=1", secret) == "q=[REDACTED]&n=1");
  CHECK(without("q=" + percent_encoded(secret, true) + "&n=1", secret) == "q=[REDACTED]&n=1");
  CHECK(without("q=" + percent_encoded(secret, false) + "&n=1", secret) == "q=[REDACTED]&n=1");
}

TEST_CASE("a known secret is found HTML-escaped, by name, decimal or hex reference") {
  const std::string secret = "a<b>\"c'&d-1234";
  CHECK(without("<p>a&lt;b&gt;&quot;c&#39;&amp;d-1234</p>", secret) == "<p>[REDACTED]</p>");
  CHECK(without("<p>a&lt;b&gt;&quot;c&apos;&amp;d-1234</p>", secret) == "<p>[REDACTED]</p>");
  CHECK(without("<p>" + html_numeric(secret, false) + "</p>", secret) == "<p>[REDACTED]</p>");
  CHECK(without("<p>" + html_numeric(secret, true) + "</p>", secret) == "<p>[REDACTED]</p>");
  CHECK(without("<p>a&#x3c;b&#x3E;&#34;c&#x27;&amp;d-1234</p>", secret) == "<p>[REDACTED]</p>");
}

TEST_CASE("any 8 bytes of a long secret are hidden; a short secret only whole") {
  const std::string secret = "CANARY-PASS-5e2f10";
  CHECK(without("cut: PASS-5e2f1", secret) == "cut: [REDACTED]");
  CHECK(without("cut: PASS-5e", secret) == "cut: PASS-5e");  // 7 bytes: not a fragment
  CHECK(without("cut: %50ASS-5e2 and ASS\\u002d5e2f", secret) == "cut: [REDACTED] and [REDACTED]");
  CHECK(without("xabcx abd %61bc", "abc") == "x[REDACTED]x abd [REDACTED]");
  // Adjacent and repeated matches become one marker.
  std::string repeated;
  for (int i = 0; i < 1000; ++i) repeated += secret;
  CHECK(without("<" + repeated + ">", secret) == "<[REDACTED]>");
  CHECK(without("text", "") == "text");
}

TEST_CASE("broken or unknown escapes are left as they are") {
  const std::string text = R"(\u12 \x41 \ud800 %4 %zz &#; &#x; &unknown; &amp &#1114112; \)";
  CHECK(without(text, "zzzzzzzzzz") == text);
  CHECK(
      without(text + "&", "&") ==
      R"(\u12 \x41 \ud800 %4 %zz [REDACTED]#; [REDACTED]#x; [REDACTED]unknown; [REDACTED]amp [REDACTED]#1114112; \[REDACTED])");
}

TEST_CASE("secret_set takes the credentials of the headers a request carried") {
  plugboard::http_headers sent{{"Authorization", "Bearer tok-1234567890"},
                               {"X-Api-Key", "key-abcdefgh"},
                               {"Cookie", "sid=abcd; theme=dark-mode"},
                               {"X-Flag", "1"},
                               {"Accept", "application/json"},
                               {"User-Agent", "plugboard/1.0"}};
  plugboard::secret_set secrets;
  secrets.add_headers(sent);
  std::string text =
      "Bearer tok-1234567890 key-abcdefgh abcd dark-mode 1 application/json plugboard/1.0";
  plugboard::scrub_credentials(text, secrets);
  CHECK(text ==
        "Bearer [REDACTED] [REDACTED] [REDACTED] [REDACTED] 1 application/json plugboard/1.0");
  CHECK(secrets.found_in("...tok-1234567..."));
  CHECK_FALSE(secrets.found_in("Bearer tok-123"));
  CHECK_FALSE(plugboard::secret_set{}.found_in("anything"));
}

TEST_CASE("credential-shaped text is scrubbed in one pass however often it occurs") {
  std::string many;
  std::string expected;
  for (int i = 0; i < 5000; ++i) {
    many += "Bearer a password=b ";
    expected += "Bearer [REDACTED] password=[REDACTED] ";
  }
  CHECK(scrubbed(many) == expected);
  CHECK(scrubbed("basic Bearer x") == "basic [REDACTED] [REDACTED]");
  CHECK(scrubbed(scrubbed("basic Bearer x")) == "basic [REDACTED] [REDACTED]");
}

TEST_CASE("URLs in Location headers lose query values, user-info and fragment") {
  plugboard::http_headers h{
      {"Location", "/v1/x?token=abc&page=2"},
      {"Content-Location", "https://user:pw@api.test/cb?code=c1#access_token=t1"}};
  const auto r = plugboard::redacted_headers(h);
  CHECK(r.get("Location") == "/v1/x?token=[REDACTED]&page=[REDACTED]");
  CHECK(r.get("Content-Location") == "https://[REDACTED]@api.test/cb?code=[REDACTED]#[REDACTED]");
  CHECK(plugboard::redacted_url("/next?x=http://u:p@h/#") == "/next?x=[REDACTED]#");
  CHECK(plugboard::redacted_url("https://api.test/plain") == "https://api.test/plain");
}
