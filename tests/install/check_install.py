#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs an install command (`cmake --install ...` or `meson install ...`) and
checks what landed under PREFIX: the plugboard CLI and plugboard-sandbox in
BINDIR, both runnable, next to the headers and the package files.

usage: check_install.py PREFIX BINDIR -- INSTALL_COMMAND..."""
import os
import pathlib
import re
import shutil
import subprocess
import sys

separator = sys.argv.index("--")
prefix, bindir = pathlib.Path(sys.argv[1]), sys.argv[2]
command = sys.argv[separator + 1:]
shutil.rmtree(prefix, ignore_errors=True)
installed = subprocess.run(command, capture_output=True, text=True, timeout=300)
if installed.returncode != 0:
    sys.exit(f"{' '.join(command)} failed ({installed.returncode}): {installed.stderr[-2000:]}")

failures = []
for program in ["plugboard", "plugboard-sandbox"]:
    path = prefix / bindir / program
    if not (path.is_file() and os.access(path, os.X_OK)):
        failures.append(f"{path} is not an installed program")
        continue
    ran = subprocess.run([str(path), "--help"], capture_output=True, text=True, timeout=60)
    if ran.returncode != 0 or program not in ran.stdout:
        failures.append(f"{path} --help: exit {ran.returncode}, {ran.stdout[:200]!r}")

version = subprocess.run([str(prefix / bindir / "plugboard"), "--version"], capture_output=True,
                         text=True, timeout=60).stdout.strip()
header = (prefix / "include" / "plugboard" / "version.hpp")
expected = re.search(r'PLUGBOARD_VERSION_STRING "([^"]+)"', header.read_text()) if header.is_file() else None
if not expected or version != f"plugboard {expected.group(1)}":
    failures.append(f"plugboard --version says {version!r}; the installed version.hpp {expected and expected.group(1)!r}")
for needed in ["include/plugboard/plugboard.hpp", "share/pkgconfig/plugboard.pc"]:
    if not (prefix / needed).is_file():
        failures.append(f"{needed} was not installed")

for failure in failures:
    print(f"FAIL: {failure}", file=sys.stderr)
if failures:
    sys.exit(f"{len(failures)} check(s) failed")
print(f"installed: {prefix / bindir}/plugboard and plugboard-sandbox, headers and package files")
