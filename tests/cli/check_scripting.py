#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The plugboard CLI as scripts and CI use it, against plugboard-sandbox:

- every exit code (0 to 7), each with its JSON error object under
  --output json (kind, exit_code, message, status, code, method, path,
  retry_after);
- no retries by default (one 503, or a 429 with Retry-After: 2, exits 3 at
  once); --retries N honours Retry-After and repeats a POST only with
  --retry-non-idempotent;
- --timeout is the HTTP timeout before and after the sub-command, and the
  install wait limit is --wait-timeout; bad durations (inf, nan, 1e300,
  negative, zero) are usage errors before anything is sent;
- --verbose logs each request, sanitized, without a terminal; a waiting
  install shows its job's state;
- enum values, mistyped operation and service names, deeply nested JSON,
  /dev/zero and oversized files are usage errors before anything is sent.

usage: check_scripting.py PLUGBOARD PLUGBOARD_SANDBOX"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

from support import Sandbox, check, environment, finish, parse_json, run

plugboard, sandbox_binary = sys.argv[1], sys.argv[2]
KEYS = {"kind", "exit_code", "message", "status", "code", "method", "path", "retry_after", "error"}


def cli(sandbox, service, *args, env=None, **kwargs):
    return run([plugboard, service, *args, "--base-url", sandbox.base_url(service)], env=env,
               **kwargs)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Nothing listens here: a usage error must come before any attempt to send
# (a send would be exit 4).
NOWHERE = f"http://127.0.0.1:{free_port()}"


def error_object(result, what):
    """The JSON error object: the last stderr line, with every key."""
    lines = result.stderr.strip().splitlines()
    error = parse_json(lines[-1] if lines else "", f"{what}: stderr") if lines else None
    if check(isinstance(error, dict), f"{what}: no JSON error object on stderr: {result.stderr!r}"):
        check(KEYS <= set(error), f"{what}: keys {sorted(KEYS - set(error))} missing: {error}")
        check(error.get("exit_code") == result.returncode,
              f"{what}: exit_code {error.get('exit_code')} but the exit status is {result.returncode}")
        return error
    return {}


def expect(result, status, what, *needles):
    check(result.returncode == status,
          f"{what}: exit {result.returncode}, expected {status}; stderr {result.stderr[-500:]!r}")
    for needle in needles:
        check(needle in result.stderr, f"{what}: stderr lacks {needle!r}: {result.stderr[-500:]!r}")


def timed(function):
    started = time.monotonic()
    result = function()
    return result, time.monotonic() - started


with tempfile.TemporaryDirectory() as scratch:
    # ---- exit codes 0, 2, 3, 4, 5 and 7, and their JSON objects -------------------------------
    with Sandbox(sandbox_binary) as sandbox:
        ok = cli(sandbox, "providers", "list", "--output", "json")
        check(ok.returncode == 0 and ok.stdout.count("\n") == 1 and ok.stderr == "",
              f"exit 0: {ok.returncode}, {ok.stdout[:100]!r}, {ok.stderr!r}")
        check(isinstance(parse_json(ok.stdout, "--output json result"), list), "a list of providers")

        missing = cli(sandbox, "fivetran", "connector_details", "nope", "--output", "json")
        expect(missing, 3, "a 404")
        error = error_object(missing, "a 404")
        check(error.get("kind") == "api" and error.get("status") == 404 and
              error.get("code") == "NotFound_Connector" and error.get("method") == "GET" and
              error.get("path") == "/fivetran/v1/connectors/nope" and
              error.get("message") == "Connector with id 'nope' doesn't exist" and
              error.get("retry_after") is None, f"the 404 object: {error}")
        check(missing.stdout == "", f"a 404 printed a result: {missing.stdout!r}")

        text = cli(sandbox, "fivetran", "connector_details", "nope")
        expect(text, 3, "a 404 as text", "HTTP 404", "NotFound_Connector")
        check(not text.stderr.lstrip().startswith("{"), "text mode printed JSON")

        usage = cli(sandbox, "fivetran", "metadata_connectors", "--limit", "0", "--output", "json")
        expect(usage, 2, "a limit out of range")
        error = error_object(usage, "a limit out of range")
        check(error.get("kind") == "usage" and error.get("argument") == "--limit" and
              error.get("status") is None, f"the usage object: {error}")
        parse_error = cli(sandbox, "fivetran", "sync_connector", "--output", "json")
        expect(parse_error, 2, "a missing required option")
        check(error_object(parse_error, "a missing required option").get("kind") == "usage",
              "CLI11's parse error is a usage object")

        refused = run([plugboard, "providers", "list", "--base-url", NOWHERE, "--output", "json"])
        expect(refused, 4, "a refused connection")
        error = error_object(refused, "a refused connection")
        check(error.get("kind") == "transport" and error.get("failure") == "connect" and
              error.get("method") == "GET" and
              error.get("path") == "/v1/admin/connector-providers", f"the transport object: {error}")

        # Exit 7: --wait gave up (the sandbox's jobs end after 4 polls). The
        # global --timeout after the sub-command is the HTTP timeout, not the wait.
        waited = cli(sandbox, "fortisoar", "install", "abuseipdb", "--version", "2.0.0", "--wait",
                     "--wait-interval", "0.01", "--wait-timeout", "0.015", "--timeout", "30",
                     "--output", "json")
        expect(waited, 7, "install --wait past --wait-timeout")
        result = parse_json(waited.stdout, "the timed-out install")
        # How many polls fit in 15 ms depends on the machine (one, under
        # sanitizers); the job needs 4, so fewer means the wait gave up.
        check(result and result.get("state") == "timed_out" and
              1 <= (result.get("polls") or 0) <= 3, f"timed-out install: {result}")
        error = error_object(waited, "install --wait past --wait-timeout")
        check(error.get("kind") == "timed_out" and "install_status" in error.get("message", ""),
              f"the timed_out object: {error}")
        completed = cli(sandbox, "fortisoar", "install", "abuseipdb", "--version", "2.0.0", "--wait",
                        "--wait-interval", "0.01", "--verbose")
        expect(completed, 0, "install --wait to the end, --verbose", "import job: Import In Progress",
               "import job: Import Complete", "POST ", "/api/3/solutionpacks/install -> 200")
        check(json.loads(completed.stdout or "{}").get("state") == "completed", "install completed")
        check("sandbox-api-key" not in completed.stderr and "[REDACTED]" in completed.stderr,
              f"--verbose shows a credential or redacts nothing: {completed.stderr[:400]!r}")

        # Exit 6: the call worked, the operation did not.
        healthcheck = cli(sandbox, "fortisoar", "healthcheck", "virustotal", "--config", "nope",
                          "--output", "json")
        expect(healthcheck, 6, "a healthcheck that is not Available")
        check(json.loads(healthcheck.stdout or "{}").get("status") == "no-config",
              f"the healthcheck result: {healthcheck.stdout!r}")
        check(error_object(healthcheck, "healthcheck").get("kind") == "failed", "kind failed")
        expect(cli(sandbox, "fortisoar", "healthcheck", "virustotal"), 0, "an Available healthcheck")

        # --verbose as JSON lines: every stderr line is an object, the request
        # log without credentials, the error last.
        logged = cli(sandbox, "fivetran", "connector_details", "nope", "--verbose", "--output", "json")
        lines = [parse_json(line, "a --verbose JSON line") for line in logged.stderr.splitlines()]
        check(len(lines) == 2 and lines[0].get("event") == "request" and lines[0].get("status") == 404
              and lines[0]["request_headers"].get("Authorization") == "[REDACTED]",
              f"--verbose --output json: {logged.stderr!r}")

        # Enum values and names are checked before anything is sent.
        bad_scope = run([plugboard, "pipeshub", "list", "--scope", "tema", "--base-url", NOWHERE],
                        env=environment())
        expect(bad_scope, 2, "an unknown enum value", "--scope", "team, personal")
        for args, needle in [(["fivetran", "sync_conector", "x"], "did you mean 'sync_connector'"),
                             (["fivetrn", "connector_details", "x"], "did you mean 'fivetran'"),
                             (["--output", "compact", "pipeshub", "lsit"], "did you mean 'list'"),
                             (["pipeshub", "frobnicate"], "plugboard pipeshub --help lists them")]:
            expect(run([plugboard, *args, "--base-url", NOWHERE]), 2, f"plugboard {' '.join(args)}",
                   needle)

        # Durations: finite, above zero, within a maximum, wherever given.
        for value in ["inf", "nan", "1e300", "-1", "0", "soon"]:
            for args in [["--timeout", value, "providers", "list"],
                         ["providers", "list", "--timeout", value]]:
                expect(run([plugboard, *args, "--base-url", NOWHERE]), 2, f"--timeout {value}",
                       "--timeout")
        expect(cli(sandbox, "fortisoar", "install", "x", "--version", "1", "--wait",
                   "--wait-timeout", "1e300"), 2, "--wait-timeout 1e300", "--wait-timeout")
        expect(cli(sandbox, "fortisoar", "install", "x", "--version", "1", "--wait-interval", "nan"),
               2, "--wait-interval nan", "--wait-interval")
        expect(run([plugboard, "providers", "list", "--retries", "11", "--base-url", NOWHERE]), 2,
               "--retries 11", "--retries")

        # Files: a device, a directory, an oversized archive, deep JSON.
        for path, needle in [("/dev/zero", "not a regular file"), (scratch, "not a regular file")]:
            expect(run([plugboard, "fortisoar", "install_from_file", path, "--base-url", NOWHERE]),
                   2, f"install_from_file {path}", "--file", needle)
        huge = os.path.join(scratch, "huge-1.0.0.tgz")
        with open(huge, "wb") as f:
            f.truncate((64 << 20) + 1)  # sparse: no disk used
        expect(run([plugboard, "fortisoar", "install_from_file", huge, "--base-url", NOWHERE]), 2,
               "an archive over 64 MiB", "larger than 64 MiB")
        deep = os.path.join(scratch, "deep.json")
        with open(deep, "w") as f:
            f.write("[" * 100000 + "]" * 100000)
        for value in ["@" + deep, "[" * 65 + "]" * 65, "@/dev/zero"]:
            result = run([plugboard, "providers", "setup", "github", "--config", value,
                          "--base-url", NOWHERE])
            expect(result, 2, f"--config {value[:20]}...", "--config")
        nested_ok = cli(sandbox, "providers", "setup", "github", "--config",
                        '{"client_id": "x", "client_secret": "y", "nested": ' + "[" * 60 + "]" * 60 + "}")
        expect(nested_ok, 0, "JSON nested 60 levels deep")

        # Exit 1: the result could not be written.
        with open("/dev/full", "w") as full:
            lost = subprocess.run([plugboard, "providers", "list", "--base-url",
                                   sandbox.base_url("providers")], stdout=full,
                                  stderr=subprocess.PIPE, text=True, env=environment(), timeout=60)
        expect(lost, 1, "stdout on a full disk", "could not write the result")
        with open("/dev/full", "w") as full:
            lost = subprocess.run([plugboard, "providers", "list", "--output", "json", "--base-url",
                                   sandbox.base_url("providers")], stdout=full,
                                  stderr=subprocess.PIPE, text=True, env=environment(), timeout=60)
        expect(lost, 1, "stdout on a full disk, --output json")
        check(error_object(lost, "stdout on a full disk").get("kind") == "internal", "kind internal")

    # ---- exit 5, and exit 6 from a failed job and a failed operation --------------------------
    failed_job = '{"status": "Failed", "errorMessage": "requirements failed", "progressPercent": 40}'
    failed_run = '{"operation": "get_reputation_ip", "status": "Failed", "message": "quota", "data": null}'
    with Sandbox(sandbox_binary, "--fault", "truncate,times=always,path=/fivetran",
                 "--fault", "times=always,path=/fortisoar/api/3/import_jobs,type=application/json,"
                 "body=" + failed_job,
                 "--fault", "times=always,path=/fortisoar/api/integration/execute,"
                 "type=application/json,body=" + failed_run) as faulty:
        truncated = cli(faulty, "fivetran", "metadata_connectors", "--output", "json")
        expect(truncated, 5, "a truncated body")
        check(error_object(truncated, "a truncated body").get("kind") == "decode", "kind decode")
        job = cli(faulty, "fortisoar", "install", "abuseipdb", "--version", "2.0.0", "--wait",
                  "--wait-interval", "0.01", "--output", "json")
        expect(job, 6, "a failed import job")
        check(json.loads(job.stdout or "{}").get("state") == "failed", f"failed job: {job.stdout!r}")
        error = error_object(job, "a failed import job")
        check(error.get("kind") == "failed" and "requirements failed" in error.get("message", ""),
              f"the failed object: {error}")
        executed = cli(faulty, "fortisoar", "execute", "virustotal", "get_reputation_ip",
                       "--params", '{"ip": "8.8.8.8"}')
        expect(executed, 6, "an operation whose status is Failed", "Failed", "quota")

    # ---- retries --------------------------------------------------------------------------
    with Sandbox(sandbox_binary, "--fault", "status=503,times=1,path=/providers/v1/admin/connector-providers/github",
                 "--fault", "status=429,retry-after=2,times=1,path=/providers/v1/admin/connector-providers/slack",
                 "--fault", "status=503,times=2,path=/providers/v1/admin/connector-providers/github/setup") as flaky:
        once, seconds = timed(lambda: cli(flaky, "providers", "get", "slack", "--output", "json"))
        expect(once, 3, "a 429 without --retries")
        check(error_object(once, "a 429").get("retry_after") == 2 and seconds < 1.5,
              f"a 429 was not reported at once with retry_after 2 ({seconds:.1f} s)")
        expect(cli(flaky, "providers", "get", "github"), 3, "a 503 without --retries", "HTTP 503")
        setup = ["setup", "github", "--config", '{"client_id": "x", "client_secret": "y"}']
        expect(cli(flaky, "providers", *setup, "--retries", "3"), 3, "a POST is not repeated",
               "HTTP 503")
        expect(cli(flaky, "providers", *setup, "--retries", "3", "--retry-non-idempotent"), 0,
               "a POST repeated with --retry-non-idempotent")
    with Sandbox(sandbox_binary, "--fault", "status=429,retry-after=2,times=1,path=/providers") as limited:
        waited, seconds = timed(lambda: cli(limited, "providers", "list", "--retries", "2", "--verbose"))
        expect(waited, 0, "a 429 retried after Retry-After", "-> 429", "-> 200", "attempt 2")
        check(seconds >= 1.9, f"--retries did not wait for Retry-After: 2 ({seconds:.2f} s)")

    # ---- --timeout is the HTTP timeout before and after the sub-command ----------------------
    with Sandbox(sandbox_binary, "--fault", "delay=5000,times=always,path=/providers") as slow:
        for args in [["--timeout", "0.5", "providers", "list"], ["providers", "list", "--timeout", "0.5"]]:
            result, seconds = timed(lambda: run([plugboard, *args, "--base-url",
                                                 slow.base_url("providers"), "--output", "json"]))
            expect(result, 4, f"plugboard {' '.join(args)} against a slow server")
            failure = error_object(result, "a timeout").get("failure")
            check(failure in ("read_timeout", "deadline") and seconds < 3,
                  f"{' '.join(args)}: {seconds:.1f} s, {result.stderr[-300:]!r}")
finish()
