#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`plugboard batch` against plugboard-sandbox in rate-limit mode: one JSON
line of result per operation line, in input order, whatever the
parallelism; bad lines are errors of their own line; a summary on stderr
(JSON with --output json), no progress when stderr is not a terminal; the
exit status says whether every operation succeeded; --budget keeps the
calls within the sandbox's budget (its 429s counted in its log); progress
on a terminal (a pseudo-terminal here), erased before the summary; SIGINT
stops the batch, and what had not started is reported as canceled.

usage: check_batch.py PLUGBOARD PLUGBOARD_SANDBOX"""
import json
import os
import pty
import re
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from support import Sandbox, check, environment, finish, run  # noqa: E402

plugboard, sandbox_binary = sys.argv[1], sys.argv[2]
scratch = tempfile.mkdtemp(prefix="plugboard-batch-")
connectors = [f"c{i}" for i in range(6)]
seed = os.path.join(scratch, "seed.json")
with open(seed, "w") as f:
    json.dump({"fivetran": {"connectors": [{"id": c, "service": "google_sheets"}
                                            for c in connectors]}}, f)


class LoggedSandbox(Sandbox):
    """The sandbox with --log, its request lines read as they come."""

    def __init__(self, *args):
        super().__init__(sandbox_binary, "--seed", seed, "--log", *args)
        self.log = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        for line in self.process.stdout:
            self.log.append(line.rstrip("\n"))

    def statuses(self):
        time.sleep(0.2)  # the last lines may still be on their way
        return [line.rsplit(" ", 1)[-1] for line in self.log if line.startswith(("GET", "POST"))]


def batch(box, lines, *args, timeout=120):
    env = environment(FIVETRAN_BASE_URL=box.base_url("fivetran"))
    return run([plugboard, "batch", *args], env=env, input="".join(l + "\n" for l in lines),
               timeout=timeout)


def details(i):
    return json.dumps({"service": "fivetran", "op": "connector_details", "id": i,
                       "args": {"connector_id": connectors[i % len(connectors)]}})


# ---- order, bad lines, exit status, summary ----------------------------------------------------
with LoggedSandbox("--rate-limit", "fivetran:*=10/1s") as box:
    lines = [details(i) for i in range(30)]
    lines[6] = "{not json"
    lines[11] = json.dumps({"service": "fivetran", "op": "no_such_op", "args": {}})
    lines[14] = json.dumps({"service": "fivetran", "op": "connector_details",
                            "args": {"connector": "c1"}})
    lines[19] = "   "  # blank: skipped, still counted as a line
    lines[22] = json.dumps({"service": "fivetran", "op": "sync_connector",
                            "args": {"connector_id": "c2", "force": True}})
    result = batch(box, lines, "--parallel", "4", "--budget", "fivetran:*=10/1s")
    check(result.returncode == 6, f"a batch with failed lines exits {result.returncode}, not 6")
    out = [json.loads(l) for l in result.stdout.splitlines()]
    check(len(out) == 29, f"{len(out)} result lines for 29 operations")
    check([o["line"] for o in out] == [n for n in range(1, 31) if n != 20],
          f"results out of order: {[o['line'] for o in out]}")
    for o in out:
        n = o["line"] - 1
        if n in (6, 11, 14):
            check(o["ok"] is False and o["error"]["kind"] == "usage",
                  f"line {n + 1} should be a usage error: {o}")
        elif n == 22:
            check(o["ok"] is True and o["result"]["code"] == "Success", f"line 23: {o}")
        else:
            check(o["ok"] is True and o.get("id") == n and
                  o["result"]["data"]["id"] == connectors[n % len(connectors)],
                  f"line {n + 1} has the wrong result: {o}")
    check("--connector" not in result.stdout and "args.connector" in result.stdout,
          "the unknown argument is named args.connector")
    summary = re.search(r"plugboard batch: 29 operations: 26 ok, 3 failed, 0 not started "
                        r"\([0-9.]+ s, (\d+) answered 429\)", result.stderr)
    check(summary is not None, f"no summary on stderr: {result.stderr!r}")
    check("\r" not in result.stderr, "progress drawn on a stderr that is not a terminal")
    statuses = box.statuses()
    check(len([s for s in statuses if s != "429"]) == 26,
          f"the sandbox admitted {len(statuses)} requests, not the 26 valid operations")
    refused = statuses.count("429")
    check(summary is None or int(summary.group(1)) == refused,
          f"the summary's 429s differ from the sandbox's {refused}")
    # Within the budget --budget gives, the sandbox's edge of the window at most.
    check(refused <= 2, f"{refused} requests answered 429 within the budget")

    # Every line fine: exit 0; --output json: the summary as JSON.
    result = batch(box, [details(i) for i in range(5)], "--output", "json", "--parallel", "2")
    check(result.returncode == 0, f"an all-ok batch exits {result.returncode}")
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else "{}"
    summary = json.loads(last)
    check(summary.get("event") == "summary" and summary.get("succeeded") == 5 and
          summary.get("failed") == 0, f"the JSON summary: {last!r}")

    # Nothing on stdin: nothing to do.
    result = batch(box, [])
    check(result.returncode == 0 and result.stdout == "", f"an empty batch: {result!r}")

    # A bad flag: exit 2, nothing sent.
    before = len(box.statuses())
    for bad in (["--budget", "fivetran:*=ten/1s"], ["--budget", "nothere:*=1/1s"],
                ["--budget", "fivetran:*=1/1y"], ["--parallel", "0"]):
        result = batch(box, [details(0)], *bad)
        check(result.returncode == 2, f"batch {bad} exits {result.returncode}, not 2")
    check(len(box.statuses()) == before, "a batch with a bad flag sent requests")

# ---- a budget of its own: the client learns it from 429s ------------------------------------------
with LoggedSandbox("--rate-limit", "fivetran:*=5/1s") as box:
    result = batch(box, [details(i) for i in range(15)], "--parallel", "4")
    check(result.returncode == 0, f"a batch meeting 429s exits {result.returncode}: {result.stderr}")
    check(len([l for l in result.stdout.splitlines() if json.loads(l)["ok"]]) == 15,
          "every operation succeeds after the pauses")
    statuses = box.statuses()
    check(len([s for s in statuses if s != "429"]) == 15, "each operation admitted once")

# ---- progress on a terminal --------------------------------------------------------------------
with LoggedSandbox() as box:
    env = environment(FIVETRAN_BASE_URL=box.base_url("fivetran"))
    master, terminal = pty.openpty()
    process = subprocess.Popen([plugboard, "batch", "--parallel", "2", "--budget",
                                "fivetran:*=5/1s"], env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    process.stdin.write("".join(details(i) + "\n" for i in range(10)).encode())
    process.stdin.close()
    drawn = b""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([master], [], [], 0.5)
        try:
            data = os.read(master, 65536) if ready else b""
        except OSError:  # EIO: the terminal's last writer has gone
            break
        if ready and not data:
            break
        drawn += data
    os.close(master)
    stdout = process.stdout.read().decode()
    process.stdout.close()
    check(process.wait(timeout=30) == 0, f"the batch on a terminal exits {process.returncode}")
    text = drawn.decode("utf-8", "replace")
    frames = re.findall(r"\r\x1b\[K\[(\d+)/10\] (\d+) ok, (\d+) failed, (\d+) in flight, "
                        r"(\d+) waiting on a budget", text)
    check(len(frames) >= 3, f"{len(frames)} progress lines drawn on the terminal: {text!r}")
    check(frames and frames[-1][:3] == ("10", "10", "0"), f"the last progress line: {frames[-1:]}")
    check(any(int(f[4]) > 0 for f in frames), "no progress line shows a call waiting on a budget")
    check([int(f[0]) for f in frames] == sorted(int(f[0]) for f in frames),
          "progress went backwards")
    # The line is erased before the summary, which stands on its own line.
    tail = text.rsplit("\r\x1b[K", 1)[-1]
    check(re.match(r"plugboard batch: 10 operations: 10 ok, 0 failed", tail) is not None,
          f"the summary after the erased progress line: {tail!r}")
    check("\r" not in stdout and len(stdout.splitlines()) == 10,
          "progress leaked into the results on stdout")

# ---- SIGINT stops the batch ---------------------------------------------------------------------
with LoggedSandbox("--rate-limit", "fivetran:*=2/1s") as box:
    env = environment(FIVETRAN_BASE_URL=box.base_url("fivetran"))
    operations = os.path.join(scratch, "forty.jsonl")
    with open(operations, "w") as f:
        f.write("".join(details(i) + "\n" for i in range(40)))
    with open(operations) as given:
        process = subprocess.Popen([plugboard, "batch", "--parallel", "2", "--budget",
                                    "fivetran:*=2/1s"], env=env, stdin=given,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    started = time.monotonic()
    process.send_signal(signal.SIGINT)
    try:
        stdout, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
    took = time.monotonic() - started
    check(took < 10, f"the batch took {took:.1f} s to stop after SIGINT")
    check(process.returncode == 6, f"a stopped batch exits {process.returncode}, not 6")
    out = [json.loads(l) for l in stdout.splitlines()]
    check(len(out) == 40, f"{len(out)} result lines after SIGINT, not 40")
    canceled = [o for o in out if not o["ok"] and o["error"].get("failure") == "canceled"]
    check(len(canceled) > 20, f"only {len(canceled)} operations reported canceled")
    check(re.search(r"\d+ not started", stderr) is not None, f"no summary: {stderr!r}")
    admitted = len([s for s in box.statuses() if s != "429"])
    check(admitted == len([o for o in out if o["ok"]]),
          f"{admitted} admitted by the sandbox, not the {len([o for o in out if o['ok']])} that succeeded")

finish()
