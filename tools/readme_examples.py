#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns the ```cpp blocks of README.md and docs/*.md into one C++ file, so a
test compiles them.

  readme_examples.py OUTPUT PAGE.md...   write OUTPUT from the pages
  readme_examples.py --list              print the pages (README.md, docs/*.md)

Each block's #include lines move to the top; the rest goes into its own
namespace, so blocks may reuse names. Blocks must not define main().
A test case at the end checks that README.md still has examples.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent

if sys.argv[1:] == ["--list"]:
    for page in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        print(page.relative_to(ROOT).as_posix())
    sys.exit(0)

output, pages = pathlib.Path(sys.argv[1]), [pathlib.Path(p) for p in sys.argv[2:]]
includes, bodies, readme_blocks = [], [], 0
for page in pages:
    blocks = re.findall(r"^```cpp\n(.*?)^```", page.read_text(encoding="utf-8"), re.S | re.M)
    if page.name == "README.md":
        readme_blocks = len(blocks)
    for block in blocks:
        lines = block.splitlines()
        includes += [l for l in lines if l.startswith("#include") and l not in includes]
        body = "\n".join(l for l in lines if not l.startswith("#include"))
        name = f"example_{len(bodies)}"
        bodies.append(f"// {page.name}\nnamespace {name} {{\n{body}\n}}  // namespace {name}\n")
text = "\n".join(["// Generated from README.md and docs/ by tools/readme_examples.py.",
                  "#include <doctest/doctest.h>", *includes, "", *bodies,
                  f'TEST_CASE("the README has C++ examples") {{ CHECK({readme_blocks} >= 3); }}',
                  ""])
if not output.exists() or output.read_text(encoding="utf-8") != text:
    output.write_text(text, encoding="utf-8")
