#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The tour against a "real deployment" of each service: plugboard-sandbox
started separately, named by PLUGBOARD_TOUR_SERVICE and the service's base
URL and credential variables. Read-only by default: every write is skipped
(and the run still succeeds); with --allow-writes every operation runs.

usage: check_tour_real.py PLUGBOARD_TOUR PLUGBOARD_SANDBOX"""
import sys

from support import Sandbox, check, environment, finish, registry, run

tour, sandbox_binary = sys.argv[1], sys.argv[2]
# The operations that change something (test data: the tour must skip them
# read-only); the operations of each service come from the headers.
WRITES = {"setup", "reset", "create_connector", "run_setup_tests", "modify_connector",
          "connect_card", "resync_connector", "sync_connector", "delete_connector", "create",
          "update_name", "delete_", "onboarded", "react", "intention", "track", "execute",
          "dev_edit", "dev_write_file", "dev_publish", "install", "install_from_file", "uninstall",
          "install_connector", "upgrade_connector", "uninstall_connector", "ensure_version",
          "applications_register", "applications_session_open", "applications_session_close"}

with Sandbox(sandbox_binary) as sandbox:
    variables = {s.base_url_variable: sandbox.base_url(s.name) for s in registry.all_services()}
    for entry in registry.all_services():
        service, operations = entry.name, len(entry.descriptors)
        env = environment(PLUGBOARD_TOUR_SERVICE=service, **variables)
        read_only = run([tour], env=env)
        lines = read_only.stdout.splitlines()
        check(read_only.returncode == 0, f"{service} read-only: exit {read_only.returncode}\n{read_only.stdout}")
        check("FAILED" not in read_only.stdout, f"{service} read-only failed a call:\n{read_only.stdout}")
        steps = {}
        for line in lines:
            fields = line.split()
            if len(fields) > 2 and fields[0] == service:
                steps[fields[1]] = "skipped (" in line
                if fields[1] in WRITES:
                    check("skipped (needs --allow-writes)" in line, f"{service}: a write ran: {line}")
        # A step for every descriptor (and maybe look-ups that are none, such
        # as fortisoar's resolve_version), each read or skipped; some read ran.
        for operation in entry.operations:
            check(operation in steps, f"{service} read-only: no step for {operation}")
        total, skipped = len(steps), sum(steps.values())
        check(0 < total - skipped < total or not set(entry.operations) & WRITES,
              f"{service} read-only: {skipped} of {total} steps skipped")
        check(lines and lines[-1] == f"{total} operations, {total - skipped} ok, {skipped} skipped",
              f"{service} read-only total: {lines[-1] if lines else None!r}")

        writes = run([tour, "--allow-writes"], env=env)
        last = writes.stdout.splitlines()[-1] if writes.stdout else None
        check(writes.returncode == 0 and last == f"{total} operations, {total} ok",
              f"{service} --allow-writes: exit {writes.returncode}, last line {last!r}\n{writes.stdout}")

    # A missing credential or an unknown service stops the tour before any call.
    missing = run([tour], env=environment(PLUGBOARD_TOUR_SERVICE="fivetran", FIVETRAN_API_KEY="", **variables))
    check(missing.returncode == 2 and "FIVETRAN_API_KEY" in missing.stderr,
          f"a missing credential: exit {missing.returncode}, {missing.stderr!r}")
    unknown = run([tour], env=environment(PLUGBOARD_TOUR_SERVICE="jira"))
    check(unknown.returncode == 2, f"an unknown service: exit {unknown.returncode}")
    status, seconds, err = sandbox.stop()
    check(status == 0, f"the sandbox exited {status}: {err!r}")
finish()
