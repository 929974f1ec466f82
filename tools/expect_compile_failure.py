#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compiles a tests/compile/fail-*.cpp program and succeeds only if compilation
fails with the message named on its `// expect: <regex>` line (the first
line after the licence line).

  expect_compile_failure.py SOURCE_ROOT FILE -- COMPILER... [FLAGS...]
"""
import re
import shlex
import subprocess
import sys

root, source = sys.argv[1], sys.argv[2]
compiler = sys.argv[sys.argv.index("--") + 1:]
with open(source, encoding="utf-8") as f:
    head = [f.readline() for _ in range(2)]
match = re.match(r"// expect: (.*)", head[1])
if not match:
    sys.exit(f"{source}: the second line must be `// expect: <regex>`")
cflags = shlex.split(subprocess.run(["pkg-config", "--cflags", "cpp-httplib"], check=True,
                                    capture_output=True, text=True).stdout)
run = subprocess.run([*compiler, *cflags, f"-I{root}/include", "-DPLUGBOARD_COMPILE_FAIL=1",
                      "-fsyntax-only", source], capture_output=True, text=True)
if run.returncode == 0:
    sys.exit(f"{source} compiled, but it must not")
if not re.search(match.group(1), run.stderr):
    sys.stderr.write(run.stderr[-4000:])
    sys.exit(f"{source} failed to compile, but without the message /{match.group(1)}/")
print(f"{source}: fails as expected")
