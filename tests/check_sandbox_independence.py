#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails when a sandbox header (include/plugboard/sandbox/**.hpp) starts to
depend on the client: the fakes must check what a client sent on their own,
so that a client bug fails the tests instead of being shared by the fake.

A sandbox header may include other sandbox headers, the dependency-free
plugboard/detail/civil_date.hpp and plugboard/detail/sha256.hpp and
third-party or standard headers; it may name plugboard::sandbox, the
civil-date and the SHA-256 functions, nothing else of plugboard, and may open
no namespace of the client's.

  tests/check_sandbox_independence.py [SOURCE_DIR]

Each run first checks itself against known-bad snippets, so it cannot pass by
finding nothing.
"""
import pathlib
import re
import sys

ALLOWED_INCLUDES = re.compile(
    r"plugboard/sandbox/[\w/]+\.hpp|plugboard/detail/(civil_date|sha256)\.hpp")
ALLOWED_CLIENT_NAMES = re.compile(
    r"plugboard::(sandbox\b|detail::(civil_date|civil_from_days|days_from_civil"
    r"|sha256|sha256_digest|sha256_hasher|sha256_hex|hmac_sha256)\b)")


def code_of(text):
    """(text without comments, the same with string and character literals
    blanked): includes are read from the first, names from the second."""
    kept, blanked = [], []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            kept.append(" ")
            blanked.append(" ")
        elif (m := re.match(r'R"([^(\s]{0,16})\(', text[i:])):
            end = text.find(")" + m.group(1) + '"', i + m.end())
            end = n if end < 0 else end + len(m.group(1)) + 2
            kept.append(text[i:end])
            blanked.append('""')
            i = end
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            kept.append(text[i:j + 1])
            blanked.append(c + c)
            i = j + 1
        else:
            kept.append(c)
            blanked.append(c)
            i += 1
    return "".join(kept), "".join(blanked)


def problems_in(name, text):
    kept, blanked = code_of(text)
    found = []
    for m in re.finditer(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]', kept, re.M):
        header = m.group(1)
        if header.startswith("plugboard/") and not ALLOWED_INCLUDES.fullmatch(header):
            found.append(f"{name}: includes {header}, a client header")
    for m in re.finditer(r"(?<![\w:])(?:::)?plugboard::\w+(?:::\w+)?", blanked):
        qualified = m.group(0).lstrip(":")
        if not ALLOWED_CLIENT_NAMES.match(qualified):
            found.append(f"{name}: names {qualified}, which belongs to the client")
    for m in re.finditer(r"\bnamespace\s+([\w:]+)\s*(=|\{)", blanked):
        space = m.group(1)
        if space == "plugboard" or (space.startswith("plugboard::") and
                                    not re.match(r"plugboard::sandbox\b", space)):
            found.append(f"{name}: opens namespace {space}, which belongs to the client")
    for m in re.finditer(r"\busing\s+namespace\s+(::)?plugboard\b(?!::sandbox)", blanked):
        found.append(f"{name}: brings the client's names in (using namespace plugboard)")
    return found


def self_test():
    bad = {
        '#include "plugboard/core/headers.hpp"\n': "client header",
        "#include <plugboard/auth/basic.hpp>\n": "client header",
        "auto s = plugboard::detail::base64_encode(x);\n": "client",
        "auto s = plugboard::detail::sha256_of_client(x);\n": "client",
        '#include "plugboard/detail/sha256_extra.hpp"\n': "client header",
        "auto s = ::plugboard::percent_decode(x);\n": "client",
        "plugboard::http_headers h;\n": "client",
        "namespace plugboard::detail {\n}\n": "namespace",
        "namespace plugboard {\n}\n": "namespace",
        "using namespace plugboard;\n": "using namespace",
    }
    good = (
        '#include "plugboard/sandbox/detail/ascii.hpp"\n'
        '#include "plugboard/detail/civil_date.hpp"\n#include <nlohmann/json.hpp>\n'
        '#include "plugboard/detail/sha256.hpp"\n'
        "auto mac = plugboard::detail::sha256_hex(plugboard::detail::hmac_sha256(k, m));\n"
        "namespace plugboard::sandbox::detail {}\n"
        "auto d = plugboard::detail::civil_from_days(1);\n"
        "// plugboard::bearer_auth in a comment\n"
        'const char* s = "plugboard::detail::x // not a comment";\n'
        'auto r = R"({"a":"plugboard::x"})";\n'
        "plugboard::sandbox::server s;\n")
    for snippet, word in bad.items():
        found = problems_in("snippet", snippet)
        if not any(word in p for p in found):
            sys.exit(f"check_sandbox_independence.py misses: {snippet!r} (found {found})")
    if problems_in("snippet", good):
        sys.exit(f"check_sandbox_independence.py rejects allowed code: {problems_in('snippet', good)}")


def main():
    self_test()
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
    headers = sorted((root / "include/plugboard/sandbox").rglob("*.hpp"))
    if not headers:
        sys.exit(f"no sandbox headers under {root / 'include/plugboard/sandbox'}")
    found = []
    for path in headers:
        found += problems_in(str(path.relative_to(root)), path.read_text(encoding="utf-8"))
    for line in found:
        print(line)
    if found:
        sys.exit(f"{len(found)} dependencies of the sandbox on the client (see the list above)")
    print(f"{len(headers)} sandbox headers depend on nothing of the client")


if __name__ == "__main__":
    main()
