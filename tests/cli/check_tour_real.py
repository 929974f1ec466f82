#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The tour against a "real deployment" of each service: plugboard-sandbox
started separately, named by PLUGBOARD_TOUR_SERVICE and the service's base
URL and credential variables. Read-only by default: every write is skipped
(and the run still succeeds); with --allow-writes every operation runs.

usage: check_tour_real.py PLUGBOARD_TOUR PLUGBOARD_SANDBOX"""
import sys

from support import Sandbox, check, environment, finish, run

tour, sandbox_binary = sys.argv[1], sys.argv[2]
# Operations per service, and how many of them only read.
SERVICES = {"providers": (4, 2), "fivetran": (10, 2), "pipeshub": (9, 6), "pieces": (6, 2),
            "fortisoar": (18, 8)}
WRITES = {"setup", "reset", "create_connector", "run_setup_tests", "modify_connector",
          "connect_card", "resync_connector", "sync_connector", "delete_connector", "create",
          "update_name", "delete_", "onboarded", "react", "intention", "track", "execute",
          "dev_edit", "dev_write_file", "dev_publish", "install", "install_from_file", "uninstall",
          "install_connector", "upgrade_connector", "uninstall_connector"}

with Sandbox(sandbox_binary) as sandbox:
    variables = {f"{s.upper()}_BASE_URL": sandbox.base_url(s) for s in SERVICES}
    for service, (operations, reads) in SERVICES.items():
        env = environment(PLUGBOARD_TOUR_SERVICE=service, **variables)
        read_only = run([tour], env=env)
        lines = read_only.stdout.splitlines()
        check(read_only.returncode == 0, f"{service} read-only: exit {read_only.returncode}\n{read_only.stdout}")
        check("FAILED" not in read_only.stdout, f"{service} read-only failed a call:\n{read_only.stdout}")
        check(lines and lines[-1] == f"{operations} operations, {reads} ok, {operations - reads} skipped",
              f"{service} read-only total: {lines[-1] if lines else None!r}")
        for line in lines:
            fields = line.split()
            if len(fields) > 2 and fields[0] == service and fields[1] in WRITES:
                check("skipped (needs --allow-writes)" in line, f"{service}: a write ran: {line}")

        writes = run([tour, "--allow-writes"], env=env)
        last = writes.stdout.splitlines()[-1] if writes.stdout else None
        check(writes.returncode == 0 and last == f"{operations} operations, {operations} ok",
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
