#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints the .cpp files under the given directories (sorted, relative paths), for meson."""
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
for folder in sys.argv[1:]:
    for path in sorted((root / folder).glob("*.cpp")):
        print(path.relative_to(root).as_posix())
