#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Fails when a source file of the repository does not start with the licence
line `SPDX-License-Identifier: MIT` (on its first line, or its second after a
`#!` line): C++, Python, shell, CMake, meson and pkg-config templates.

  tools/check_licence.py [SOURCE_DIR]
"""
import pathlib
import sys

ROOT = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent.parent)
LICENCE = "SPDX-License-Identifier: MIT"
SUFFIXES = (".hpp", ".cpp", ".h", ".py", ".sh", ".cmake", ".cmake.in", ".pc.in")
NAMES = ("CMakeLists.txt", "meson.build", "meson_options.txt")
# Build trees, and data rather than source.
SKIPPED_DIRS = ("build", ".git", "subprojects", "corpus", "__pycache__", ".cache")

# Files whose licence line their owners add when their parallel rewrite is
# merged. A file listed here that has the line fails the check, so the list
# cannot go stale: delete the entry instead.
PENDING = set()


def is_source(path):
    if path.name in NAMES or path.name.endswith(SUFFIXES):
        return True
    # Scripts without a suffix (.ci/run).
    with path.open("rb") as f:
        return f.read(2) == b"#!"


def has_licence(path):
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()[:2]
    if lines and lines[0].startswith("#!"):
        lines = lines[1:]
    return bool(lines) and lines[0].endswith(LICENCE) and lines[0][:2] in ("//", "# ")


def sources(folder):
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            if not path.name.startswith(SKIPPED_DIRS):
                yield from sources(path)
        elif path.is_file() and is_source(path):
            yield path


missing, stale, checked = [], [], 0
for path in sources(ROOT):
    name = path.relative_to(ROOT).as_posix()
    checked += 1
    if name in PENDING:
        if has_licence(path):
            stale.append(name)
    elif not has_licence(path):
        missing.append(name)
for name in missing:
    print(f"{name}: the first line (after any #!) must be the comment `{LICENCE}`",
          file=sys.stderr)
for name in stale:
    print(f"{name} has its licence line now: remove it from PENDING in {__file__}",
          file=sys.stderr)
if missing or stale or checked < 100:
    sys.exit(f"licence check failed ({checked} files checked)")
print(f"all {checked} source files carry the licence line ({len(PENDING)} pending)")
