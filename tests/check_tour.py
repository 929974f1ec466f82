#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the tour against its embedded sandbox and checks, against the
registry as the headers spell it (tests/support/registry.py): a step for
every operation of every registered service, a last line "N operations, N ok"
that counts the steps it printed (at least one per descriptor; look-ups that
are no descriptor may add some), exit status 0, and `--operations` printing
the number of descriptors.

usage: check_tour.py PLUGBOARD_TOUR"""
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "support"))
import registry  # noqa: E402

binary = sys.argv[1]
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)


services = registry.all_services()
expected = registry.operation_count()

counted = subprocess.run([binary, "--operations"], capture_output=True, text=True, timeout=60)
check(counted.returncode == 0 and counted.stdout.strip() == str(expected),
      f"plugboard-tour --operations: exit {counted.returncode}, printed {counted.stdout.strip()!r}, "
      f"the headers have {expected} descriptors")

run = subprocess.run([binary], capture_output=True, text=True, timeout=300)
sys.stdout.write(run.stdout)
sys.stderr.write(run.stderr)
lines = [line for line in run.stdout.splitlines() if line.strip()]
names = {s.name for s in services}
steps = [line.split()[:2] for line in lines if len(line.split()) > 2 and line.split()[0] in names]
for service in services:
    toured = {operation for name, operation in steps if name == service.name}
    check(toured, f"the tour has no chapter for {service.name}")
    for operation in service.operations:
        check(operation in toured, f"the tour has no step for {service.name} {operation}")
match = re.fullmatch(r"(\d+) operations, (\d+) ok", lines[-1] if lines else "")
check(run.returncode == 0, f"plugboard-tour exits {run.returncode}")
check(match and match.group(1) == match.group(2) == str(len(steps)),
      f"last line {lines[-1] if lines else None!r}: expected {len(steps)} operations (the steps "
      "printed), all ok")
check(len(steps) >= expected, f"{len(steps)} steps for {expected} descriptors")
if failures:
    sys.exit(f"tour check failed: {len(failures)} check(s)")
print(f"tour check: {len(steps)} steps cover the {expected} descriptors of {len(services)} services")
