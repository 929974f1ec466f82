#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the README's command-line session as written, against a fresh
plugboard-sandbox, and compares what each command prints with what the
README shows.

The session is the ```sh block of "## Command-line tool" that starts with
`$ plugboard-sandbox --port PORT &`. That line is the one liberty taken: the
test starts the sandbox itself on a port the OS chooses (a fixed port may be
busy on a shared machine) and puts its address in place of 127.0.0.1:PORT
everywhere. Every other `$` line runs in one bash, in order, in an empty
directory, with the built programs first on PATH and no plugboard variable
set beforehand. A command must exit 0 (the README shows `; echo "exit $?"`
where one fails on purpose) and print exactly the lines shown under it
(stdout and stderr as a terminal shows them); `...` in a line matches any
text, and a line `...` any number of lines.

usage: check_readme_session.py PLUGBOARD PLUGBOARD_SANDBOX README.md"""
import os
import pathlib
import re
import subprocess
import sys
import tempfile

from support import SANDBOX_CREDENTIALS, Sandbox, check, environment, finish

plugboard, sandbox_binary, readme = sys.argv[1], sys.argv[2], pathlib.Path(sys.argv[3])
MARK = "@@plugboard-session-command-ended@@"

text = readme.read_text(encoding="utf-8")
section = text.split("\n## Command-line tool\n", 1)[1].split("\n## ", 1)[0]
blocks = re.findall(r"^```sh\n(.*?)^```", section, re.S | re.M)
session = next((b for b in blocks if b.startswith("$ plugboard-sandbox --port")), None)
if session is None:
    sys.exit("README.md: no ```sh block starting with `$ plugboard-sandbox --port` "
             "in '## Command-line tool'")

# (command, [expected lines]) in order; `\` continues a command.
steps = []
for line in session.rstrip("\n").split("\n"):
    if line.startswith("$ "):
        steps.append([line[2:], []])
    elif steps and steps[-1][0].endswith("\\") and not steps[-1][1]:
        steps[-1][0] += "\n" + line
    elif steps:
        steps[-1][1].append(line)
first = re.fullmatch(r"plugboard-sandbox --port (\d+) &", steps[0][0])
check(first is not None and not steps[0][1], f"the session's first line: {steps[0][0]!r}")
readme_address = f"127.0.0.1:{first.group(1) if first else 8080}"
check(len(steps) >= 15, f"the session has only {len(steps)} commands")


def expected_pattern(lines):
    parts = []
    for line in lines:
        if line == "...":
            parts.append(r"(?:.*\n)*?")
        else:
            parts.append(".*".join(re.escape(piece) for piece in line.split("...")) + r"\n")
    return re.compile("".join(parts))


env = {k: v for k, v in environment().items() if k not in SANDBOX_CREDENTIALS}
programs = {os.path.dirname(os.path.abspath(p)) for p in (plugboard, sandbox_binary)}
env["PATH"] = os.pathsep.join([*programs, env.get("PATH", "")])

with tempfile.TemporaryDirectory() as scratch, Sandbox(sandbox_binary) as sandbox:
    address = sandbox.url.split("//", 1)[1]
    script = ["exec 2>&1"]
    for command, _ in steps[1:]:
        script += [command.replace(readme_address, address), f"printf '\\n{MARK} %d\\n' $?"]
    ran = subprocess.run(["bash", "--norc", "--noprofile"], input="\n".join(script) + "\n",
                         capture_output=True, text=True, env=env, cwd=scratch, timeout=300)
    # The marker's own leading newline is not part of the output.
    outputs = re.split(r"\n" + re.escape(MARK) + r" (\d+)\n", ran.stdout)
    check(len(outputs) == 2 * (len(steps) - 1) + 1,
          f"the session stopped early: {ran.stdout[-1000:]!r} {ran.stderr[-500:]!r}")
    for i, (command, expected) in enumerate(steps[1:]):
        if 2 * i + 1 >= len(outputs):
            break
        printed, status = outputs[2 * i], int(outputs[2 * i + 1])
        shown = [line.replace(readme_address, address) for line in expected]
        check(status == 0, f"`{command}` exited {status}: {printed[-500:]!r}")
        check(expected_pattern(shown).fullmatch(printed) is not None,
              f"`{command}` printed\n{printed}which does not match the README's\n" + "\n".join(shown))
finish()
