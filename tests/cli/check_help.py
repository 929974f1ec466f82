#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""`plugboard --help` and `plugboard SERVICE --help` list every operation of
every service with the summary its endpoint descriptor declares (read here
from the headers by tests/support/registry.py: every service of
include/plugboard/services.hpp), and an operation's --help shows its options.

usage: check_help.py PLUGBOARD SOURCE_DIR"""
import os
import pathlib
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import registry  # noqa: E402
from support import check, finish, run  # noqa: E402

plugboard, source = sys.argv[1], pathlib.Path(sys.argv[2])

root = run([plugboard, "--help"])
check(root.returncode == 0, f"plugboard --help exits {root.returncode}")
# Every registered service, every descriptor of it: a service or an
# operation the CLI does not document fails here.
for service in registry.all_services(source):
    check(re.search(r"^\s+" + re.escape(service.name) + r"\b", root.stdout, re.M),
          f"plugboard --help does not list the service {service.name}")
    listing = run([plugboard, service.name, "--help"])
    check(listing.returncode == 0, f"plugboard {service.name} --help exits {listing.returncode}")
    for descriptor in service.descriptors:
        command, summary = descriptor.operation, descriptor.summary
        entry = re.compile(r"^\s+" + re.escape(command) + r"\b.*" + re.escape(summary), re.M)
        check(entry.search(root.stdout),
              f"plugboard --help lacks {service.name} {command}: {summary!r}")
        check(entry.search(listing.stdout),
              f"plugboard {service.name} --help lacks {command}: {summary!r}")
        one = run([plugboard, service.name, command, "--help"])
        check(one.returncode == 0 and summary in one.stdout,
              f"plugboard {service.name} {command} --help: exit {one.returncode}, summary missing")
# The one operation that is no descriptor (it reads list_configured).
check(re.search(r"^\s+resolve_version\b", root.stdout, re.M), "plugboard --help lacks resolve_version")

# Options come from the descriptors: path parameters, body fields, --body.
for args, expected in [
    (["fivetran", "sync_connector"], ["--connector-id", "--force", "--body"]),
    (["fivetran", "create_connector"], ["--group-id", "--service", "--sync-frequency", "--config"]),
    (["pipeshub", "list"], ["--scope", "--page", "--limit", "--search", "--all", "team, personal"]),
    (["providers", "setup"], ["provider_slug", "--config"]),
    (["fortisoar", "install_from_file"], ["--file", "--replace", "--wait"]),
    (["pieces", "connect"], ["--application", "--app-name"]),
]:
    out = run([plugboard, *args, "--help"]).stdout
    for word in expected:
        check(word in out, f"plugboard {' '.join(args)} --help lacks {word}")

# --help marks as required only what is required: execute's version, config
# and params have defaults (the installed version, the default
# configuration, {}); connector and operation do not.
execute_help = run([plugboard, "fortisoar", "execute", "--help"]).stdout
required_part = execute_help.split("Required, as options or in --body:")[-1].split("Environment:")[0]
for word in ["--connector", "--operation"]:
    check(word in required_part, f"fortisoar execute --help does not list {word} as required")
fortisoar_help = run([plugboard, "fortisoar", "--help"]).stdout


def synopsis_of(operation):
    found = re.search(r"^\s+" + operation + r"\b.*\n\s+(.*)$", fortisoar_help, re.M)
    return found.group(1) if found else ""


for word in ["--version", "--config", "--params"]:
    check(word not in required_part, f"fortisoar execute --help lists {word} as required")
    check(f"[{word} " in synopsis_of("execute"),
          f"plugboard fortisoar --help shows execute's {word} as required: {synopsis_of('execute')!r}")

# The connector name is positional for every FortiSOAR operation that takes one.
for operation, first in [("resolve_version", "<name>"), ("connector_detail", "<name>"),
                         ("list_configurations", "[<connector>]"), ("healthcheck", "<name>"),
                         ("execute", "<connector>"), ("install", "<name>"), ("uninstall", "<name>"),
                         ("install_connector", "<name>"), ("upgrade_connector", "<name>"),
                         ("uninstall_connector", "<name>")]:
    check(synopsis_of(operation).startswith(first),
          f"plugboard fortisoar {operation}: the synopsis does not start with {first}: "
          f"{synopsis_of(operation)!r}")

# An enum option lists its values; the exit codes are in the root help.
check("one of: team, personal" in run([plugboard, "pipeshub", "list", "--help"]).stdout,
      "pipeshub list --help does not list the scopes")
for code in range(8):
    check(f"{code} " in root.stdout.split("Exit status:")[-1], f"plugboard --help lacks exit code {code}")

# No option takes a credential.
for word in ["--api-key", "--password", "--token", "--secret"]:
    check(word not in root.stdout, f"plugboard --help offers {word}")
finish()
