#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the tour and checks its last line says every operation succeeded:
"N operations, N ok" with N at least the given minimum, and exit status 0."""
import re
import subprocess
import sys

binary, minimum = sys.argv[1], int(sys.argv[2])
run = subprocess.run([binary, *sys.argv[3:]], capture_output=True, text=True, timeout=300)
sys.stdout.write(run.stdout)
sys.stderr.write(run.stderr)
lines = [l for l in run.stdout.splitlines() if l.strip()]
match = re.fullmatch(r"(\d+) operations, (\d+) ok", lines[-1] if lines else "")
if run.returncode != 0 or not match or match.group(1) != match.group(2) or int(match.group(1)) < minimum:
    sys.exit(f"tour check failed: exit {run.returncode}, last line {lines[-1] if lines else None!r}, "
             f"expected at least {minimum} operations, all ok")
