# SPDX-License-Identifier: MIT
"""Shared by the tests of the plugboard CLI, plugboard-sandbox and the tour's
real-deployment mode: starting the standalone sandbox, running a program,
checking what it printed."""
import json
import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import registry  # noqa: E402

# Credentials the sandbox accepts, as the CLI and the tour read them.
SANDBOX_CREDENTIALS = {
    "FIVETRAN_API_KEY": "sandbox-api-key",
    "FIVETRAN_API_SECRET": "sandbox-api-secret",
    "PIPESHUB_BEARER_AUTH": "admin-token",
    "FORTISOAR_API_KEY": "sandbox-api-key",
}

# Variables a caller's environment might set that would change what is tested:
# every registered service's base URL and credential variables.
_SCRUBBED = ("PLUGBOARD_TOUR_SERVICE",) + tuple(
    variable for s in registry.all_services()
    for variable in [s.base_url_variable] + [name for name, _ in s.credentials])

failures = []
checked = [0]


def check(condition, message):
    """Records a failed expectation (the test goes on, and fails at the end)."""
    checked[0] += 1
    if not condition:
        failures.append(message)
        print(f"FAIL: {message}", file=sys.stderr)
    return condition


def finish():
    if failures:
        sys.exit(f"{len(failures)} check(s) failed")
    print(f"all {checked[0]} checks passed")


def environment(**extra):
    env = {k: v for k, v in os.environ.items() if k not in _SCRUBBED}
    env.update(SANDBOX_CREDENTIALS)
    env.update(extra)
    return env


class Sandbox:
    """plugboard-sandbox on a port the OS chooses; stops it with SIGINT."""

    def __init__(self, binary, *args):
        self.process = subprocess.Popen([binary, "--port", "0", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True)
        self.lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            self.lines.append(line.rstrip("\n"))
            if line.startswith("Ctrl-C"):
                break
        match = re.match(r"plugboard-sandbox listening on (https?://\S+)$", self.lines[0] if self.lines else "")
        if not match:
            self.process.kill()
            raise RuntimeError(f"plugboard-sandbox did not print its URL: {self.lines!r} "
                               f"{self.process.stderr.read()!r}")
        self.url = match.group(1)

    def base_url(self, service):
        return self.url + registry.service(service).sandbox_base_path

    def stop(self, sig=signal.SIGINT, timeout=10):
        """Sends `sig` and returns (exit status, seconds it took, stderr)."""
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            _, err = self.process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, err = self.process.communicate()
            return None, time.monotonic() - started, err
        return self.process.returncode, time.monotonic() - started, err

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.process.poll() is None:
            self.process.kill()
            self.process.communicate()


def run(args, env=None, timeout=120, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          env=env if env is not None else environment(), **kwargs)


def parse_json(text, what):
    try:
        return json.loads(text)
    except ValueError as e:
        check(False, f"{what}: stdout is not JSON ({e}): {text[:300]!r}")
        return None
