#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns the ```cpp blocks of README.md into one C++ file, so a test compiles them.

Each block's #include lines move to the top; the rest goes into its own
namespace, so blocks may reuse names. Blocks must not define main().
A test case at the end checks that the README still has examples.
"""
import pathlib
import re
import sys

readme, output = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
blocks = re.findall(r"^```cpp\n(.*?)^```", readme.read_text(encoding="utf-8"), re.S | re.M)
includes, bodies = [], []
for i, block in enumerate(blocks):
    lines = block.splitlines()
    includes += [l for l in lines if l.startswith("#include") and l not in includes]
    body = "\n".join(l for l in lines if not l.startswith("#include"))
    bodies.append(f"namespace readme_example_{i} {{\n{body}\n}}  // namespace readme_example_{i}\n")
text = "\n".join(["// Generated from README.md by tools/readme_examples.py.",
                  "#include <doctest/doctest.h>", *includes, "", *bodies,
                  f'TEST_CASE("the README has C++ examples") {{ CHECK({len(blocks)} >= 3); }}', ""])
if not output.exists() or output.read_text(encoding="utf-8") != text:
    output.write_text(text, encoding="utf-8")
