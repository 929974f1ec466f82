#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The plugboard CLI against plugboard-sandbox: one or more operations of each
service (stdout parsed as JSON), the exit codes of a usage error (2), a 404 (3),
a refused connection (4) and a truncated answer (5), no credential in any
output, progress only on a terminal; and the sandbox itself: --seed, --fault,
and a prompt, clean stop on SIGINT and SIGTERM.

usage: check_cli.py PLUGBOARD PLUGBOARD_SANDBOX"""
import json
import os
import pty
import signal
import socket
import subprocess
import sys
import tempfile

from support import Sandbox, check, environment, finish, parse_json, registry, run

plugboard, sandbox_binary = sys.argv[1], sys.argv[2]


def cli(sandbox, service, *args, env=None):
    return run([plugboard, service, *args, "--base-url", sandbox.base_url(service)], env=env)


def ok_json(result, what):
    check(result.returncode == 0, f"{what}: exit {result.returncode}, stderr {result.stderr!r}")
    return parse_json(result.stdout, what)


def failed(result, status, what, *needles):
    check(result.returncode == status,
          f"{what}: exit {result.returncode}, expected {status}; stderr {result.stderr!r}")
    check(result.stdout == "", f"{what}: printed to stdout on failure: {result.stdout[:200]!r}")
    for needle in needles:
        check(needle in result.stderr, f"{what}: stderr lacks {needle!r}: {result.stderr!r}")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


with tempfile.TemporaryDirectory() as scratch, Sandbox(sandbox_binary) as sandbox:
    # ---- every service, through the sandbox's printed base URLs ----------------------
    for service in registry.services():
        check(any(sandbox.base_url(service) in line for line in sandbox.lines),
              f"the sandbox did not print the {service} base URL")

    providers = ok_json(cli(sandbox, "providers", "list"), "providers list")
    check(isinstance(providers, list) and "google-workspace" in [p.get("provider_slug") for p in providers],
          f"providers list: {providers!r}"[:300])
    setup = ok_json(cli(sandbox, "providers", "setup", "google-workspace", "--config",
                        '{"client_id": "id.apps.googleusercontent.com", "client_secret": "s"}'),
                    "providers setup SLUG --config")
    check(setup and setup.get("setup_complete") is True, f"providers setup: {setup!r}"[:300])
    failed(cli(sandbox, "providers", "get", "no-such-provider"), 3, "providers get (404)",
           "HTTP 404", "Connector provider not found")

    created = ok_json(cli(sandbox, "fivetran", "create_connector", "--group-id", "projected_sickle",
                          "--service", "google_sheets", "--sync-frequency", "360", "--config",
                          '{"schema": "cli_sheets", "table": "orders"}'),
                      "fivetran create_connector")
    connector = created["data"]["id"] if created else "missing"
    check(created and created["data"]["sync_frequency"] == 360, f"create_connector: {created!r}"[:300])
    synced = ok_json(cli(sandbox, "fivetran", "sync_connector", "--connector-id", connector, "--force"),
                     "fivetran sync_connector --connector-id X --force")
    check(synced and synced.get("code") == "Success", f"sync_connector: {synced!r}")
    details = ok_json(cli(sandbox, "fivetran", "connector_details", connector),
                      "fivetran connector_details (positional id)")
    check(details and details["data"]["status"]["sync_state"] == "syncing", f"details: {details!r}"[:300])
    everything = ok_json(cli(sandbox, "fivetran", "metadata_connectors", "--all", "--limit", "10"),
                         "fivetran metadata_connectors --all")
    check(isinstance(everything, list) and len(everything) == 33,
          f"metadata_connectors --all gave {len(everything) if everything else everything} types")
    failed(cli(sandbox, "fivetran", "connector_details", "no_such_connector"), 3,
           "fivetran connector_details (404)", "HTTP 404", "NotFound_Connector")

    page = ok_json(cli(sandbox, "pipeshub", "list", "--scope", "team", "--page", "1", "--limit", "20"),
                   "pipeshub list --scope team --page 1 --limit 20")
    check(page and len(page["connectors"]) == 3 and all(c["scope"] == "team" for c in page["connectors"]),
          f"pipeshub list: {page!r}"[:300])
    instance = ok_json(cli(sandbox, "pipeshub", "create", "--connector-type", "jira", "--instance-name",
                           "CLI Jira", "--scope", "personal"), "pipeshub create")
    renamed = ok_json(cli(sandbox, "pipeshub", "update_name", instance["connectorId"], "--instance-name",
                          "Renamed"), "pipeshub update_name") if instance else None
    check(renamed and renamed.get("instanceName") == "Renamed", f"update_name: {renamed!r}")
    walked = ok_json(cli(sandbox, "pipeshub", "list", "--all", "--limit", "1"), "pipeshub list --all")
    check(isinstance(walked, list) and len(walked) == 4, f"list --all: {walked!r}"[:300])
    if instance:
        ok_json(cli(sandbox, "pipeshub", "delete", instance["connectorId"]), "pipeshub delete")

    context = ok_json(cli(sandbox, "pieces", "connect"), "pieces connect")
    application = context["application"]["id"] if context else "missing"
    suggestion = ok_json(cli(sandbox, "pieces", "suggest", application, "--code", "print('hi')",
                             "--ext", "py"), "pieces suggest APP --code")
    check(suggestion and suggestion["save"]["suggested"] is True, f"suggest: {suggestion!r}"[:300])
    onboarded = ok_json(cli(sandbox, "pieces", "onboarded", "--is-onboarded"),
                        "pieces onboarded (binds by connecting first)")
    check(onboarded == "OK", f"onboarded: {onboarded!r}")
    registered = ok_json(cli(sandbox, "pieces", "applications_register"),
                         "pieces applications_register (registers what connect does)")
    check(registered and registered["name"] == "OPEN_SOURCE" and registered["platform"] == "LINUX",
          f"applications_register: {registered!r}"[:300])
    session = ok_json(cli(sandbox, "pieces", "applications_session_open"), "pieces applications_session_open")
    closed = ok_json(cli(sandbox, "pieces", "applications_session_close", "--session-id",
                         session["id"] if session else "missing"), "pieces applications_session_close")
    check(closed and session and closed["id"] == session["id"] and "closed" in closed,
          f"applications_session_close: {closed!r}"[:300])
    failed(cli(sandbox, "pieces", "applications_session_close"), 2,
           "pieces applications_session_close without --session-id", "--session-id")
    version = ok_json(cli(sandbox, "pieces", "get_well_known_version"), "pieces get_well_known_version")
    check(version == "4.1.0", f"get_well_known_version: {version!r}")
    # No base URL: discovery, which finds nothing here (or a Pieces OS that runs on this machine).
    found = run([plugboard, "pieces", "get_well_known_health"], env=environment(PIECES_BASE_URL=""))
    check(found.returncode == 0 or (found.returncode == 4 and "Pieces OS not found" in found.stderr
                                    and "ports 39300-39333 on 127.0.0.1" in found.stderr
                                    and "legacy ports 1000, 5323" in found.stderr),
          f"pieces without a base URL: exit {found.returncode}, stderr {found.stderr!r}")

    bundle = os.path.join(scratch, "hello-world-2.0.0.tgz")
    with open(bundle, "wb") as f:
        f.write(b"\x1f\x8b\x08\x00 a connector archive")
    uploaded = ok_json(cli(sandbox, "fortisoar", "install_from_file", "--file", bundle, "--replace"),
                       "fortisoar install_from_file --file bundle.tgz --replace")
    check(uploaded and uploaded["response"].get("name") == "hello-world", f"upload: {uploaded!r}"[:300])
    installed = ok_json(cli(sandbox, "fortisoar", "list_configured", "--all"), "fortisoar list_configured")
    check(installed and "hello-world" in [c["name"] for c in installed], "hello-world is not installed")
    ran = ok_json(cli(sandbox, "fortisoar", "execute", "--connector", "virustotal", "--operation",
                      "get_reputation_ip", "--params", '{"ip": "8.8.8.8"}'), "fortisoar execute")
    check(ran and ran.get("status") == "Success", f"execute: {ran!r}")
    waited = ok_json(cli(sandbox, "fortisoar", "install", "--name", "abuseipdb", "--version", "2.0.0",
                         "--wait", "--wait-interval", "0.01"), "fortisoar install --wait")
    check(waited and waited["state"] == "completed", f"install --wait: {waited!r}"[:300])
    login = environment(FORTISOAR_API_KEY="", FORTISOAR_USERNAME="csadmin", FORTISOAR_PASSWORD="changeme")
    version = ok_json(cli(sandbox, "fortisoar", "resolve_version", "smtp", env=login),
                      "fortisoar resolve_version (username and password)")
    check(version == "2.6.0", f"resolve_version: {version!r}")
    failed(cli(sandbox, "fortisoar", "connector_detail", "not-installed"), 2,
           "fortisoar connector_detail of a connector that is not installed", "not installed")

    # ---- output -------------------------------------------------------------------------
    compact = cli(sandbox, "providers", "list", "--output", "compact")
    check(compact.returncode == 0 and compact.stdout.count("\n") == 1, "--output compact is not one line")
    pretty = cli(sandbox, "providers", "list")
    check(json.loads(pretty.stdout) == json.loads(compact.stdout), "pretty and compact differ")

    # ---- usage errors: exit 2, nothing on stdout --------------------------------------------
    failed(cli(sandbox, "fivetran", "metadata_connectors", "--limit", "0"), 2, "a limit out of range",
           "--limit")
    failed(cli(sandbox, "fivetran", "sync_connector"), 2, "a missing required option", "connector")
    failed(cli(sandbox, "fivetran", "create_connector", "--group-id", "g", "--service", "s",
               "--sync-frequency", "often"), 2, "a number that is not one", "--sync-frequency")
    failed(cli(sandbox, "providers", "setup", "google-workspace", "--config", "{"), 2, "bad JSON",
           "--config")
    failed(cli(sandbox, "pipeshub", "no_such_operation"), 2, "an unknown operation")
    failed(run([plugboard]), 2, "no sub-command")
    failed(cli(sandbox, "fivetran", "connector_details", "x", env=environment(FIVETRAN_API_KEY="")), 2,
           "a missing credential variable", "FIVETRAN_API_KEY")
    failed(cli(sandbox, "fortisoar", "install_from_file", "--file", os.path.join(scratch, "none.tgz")),
           2, "a missing upload file", "--file")

    # ---- transport: a refused connection is exit 4 -------------------------------------------
    failed(run([plugboard, "fivetran", "connector_details", "x", "--base-url",
                f"http://127.0.0.1:{free_port()}"]), 4, "a refused connection", "transport error")

    # ---- no credential in any output ------------------------------------------------------
    canary = "plugboard-canary-9f8e7d6c5b4a"
    for service, args, variables in [
        ("fivetran", ["connector_details", connector], {"FIVETRAN_API_SECRET": canary}),
        ("pipeshub", ["list"], {"PIPESHUB_BEARER_AUTH": canary}),
        ("fortisoar", ["list_configured"], {"FORTISOAR_API_KEY": canary}),
        ("fortisoar", ["list_configured"], {"FORTISOAR_API_KEY": "", "FORTISOAR_USERNAME": "csadmin",
                                            "FORTISOAR_PASSWORD": canary}),
    ]:
        result = cli(sandbox, service, *args, env=environment(**variables))
        check(result.returncode == 3, f"{service} with a wrong credential: exit {result.returncode}")
        check(canary not in result.stdout + result.stderr,
              f"{service}: the credential appears in the output: {result.stderr!r}")

    # ---- progress: on a terminal only ----------------------------------------------------
    quiet = cli(sandbox, "pipeshub", "list", "--all", "--limit", "1")
    check(quiet.returncode == 0 and quiet.stderr == "", f"progress without a terminal: {quiet.stderr!r}")
    leader, follower = pty.openpty()
    shown = subprocess.run([plugboard, "pipeshub", "list", "--all", "--limit", "1", "--base-url",
                            sandbox.base_url("pipeshub")], stdout=subprocess.PIPE, stderr=follower,
                           env=environment(), timeout=60)
    os.close(follower)
    progress = b""
    try:
        while True:
            chunk = os.read(leader, 4096)
            if not chunk:
                break
            progress += chunk
    except OSError:
        pass  # the terminal closed
    os.close(leader)
    check(shown.returncode == 0 and b"[3] GET" in progress and b"/connectors" in progress,
          f"progress on a terminal: {progress!r}")
    check(json.loads(shown.stdout) == json.loads(quiet.stdout), "progress changed stdout")

    # ---- the sandbox stops promptly and cleanly -------------------------------------------
    status, seconds, err = sandbox.stop(signal.SIGINT)
    check(status == 0, f"the sandbox exited {status} after SIGINT: {err!r}")
    check(seconds < 5, f"the sandbox took {seconds:.1f} s to stop")

# ---- a truncated answer is a decode error, exit 5 (--fault) ----------------------------------
with Sandbox(sandbox_binary, "--fault", "truncate,times=always,path=/fivetran") as faulty:
    failed(cli(faulty, "fivetran", "metadata_connectors"), 5, "a truncated body", "cannot decode")
    ok_json(cli(faulty, "providers", "list"), "a fault on /fivetran leaves /providers alone")
    status, seconds, err = faulty.stop(signal.SIGTERM)
    check(status == 0 and seconds < 5, f"SIGTERM: exit {status} after {seconds:.1f} s")
with Sandbox(sandbox_binary, "--fault", "status=503,times=2,path=/providers") as faulty:
    failed(cli(faulty, "providers", "list"), 3, "an injected 503", "HTTP 503")
    failed(cli(faulty, "providers", "list"), 3, "the second injected 503", "HTTP 503")
    ok_json(cli(faulty, "providers", "list"), "the third call, after times=2")

# ---- --seed preloads every fake ---------------------------------------------------------------
with tempfile.TemporaryDirectory() as scratch:
    seed = os.path.join(scratch, "seed.json")
    with open(seed, "w") as f:
        json.dump({
            "providers": {"replace": True, "providers": [{"provider_slug": "acme", "display_name": "Acme"}]},
            "fivetran": {"connectors": [{"id": "seeded_sheets", "service": "google_sheets", "paused": True}]},
            "pipeshub": {"replace": True, "instances": [{"type": "jira", "name": "Seeded", "scope": "team"}]},
            "pieces": {"applications": [{"id": "seeded-app", "name": "OPEN_SOURCE", "version": "1.0.0",
                                         "platform": "LINUX", "connected": True}]},
            "fortisoar": {"connectors": [{"name": "acme", "version": "1.0.0",
                                          "operations": [{"operation": "ping"}]}]},
        }, f)
    with Sandbox(sandbox_binary, "--seed", seed) as seeded:
        listed = ok_json(cli(seeded, "providers", "list"), "seeded providers")
        check(listed and [p["provider_slug"] for p in listed] == ["acme"], f"seeded providers: {listed!r}")
        sheets = ok_json(cli(seeded, "fivetran", "connector_details", "seeded_sheets"), "seeded fivetran")
        check(sheets and sheets["data"]["paused"] is True, "the seeded connector is not paused")
        page = ok_json(cli(seeded, "pipeshub", "list"), "seeded pipeshub")
        check(page and [c["instanceName"] for c in page["connectors"]] == ["Seeded"], "seeded pipeshub")
        tracked = ok_json(cli(seeded, "pieces", "track", "seeded-app", "--session",
                              '{"identifier_description_pair": {"session_initialized": "x"}}'),
                          "seeded pieces application")
        check(tracked == "OK", f"track: {tracked!r}")
        version = ok_json(cli(seeded, "fortisoar", "resolve_version", "acme"), "seeded fortisoar")
        check(version == "1.0.0", f"seeded fortisoar: {version!r}")
    # Pieces OS 5.x: track is refused before it is sent, once the CLI knows the version.
    five = os.path.join(scratch, "five.json")
    with open(five, "w") as f:
        json.dump({"pieces": {"release": 5, "applications": [
            {"id": "app-5", "name": "OPEN_SOURCE", "version": "1.0.0", "platform": "LINUX",
             "connected": True}]}}, f)
    with Sandbox(sandbox_binary, "--seed", five, "--log") as newer:
        failed(cli(newer, "pieces", "track", "app-5"), 2, "pieces track on Pieces OS 5.x",
               "Pieces OS 5.0.0", "applications_session_open")
        check(ok_json(cli(newer, "pieces", "onboarded", "app-5", "--is-onboarded"),
                      "pieces onboarded on 5.x") == "OK", "onboarded on 5.x")
        newer.process.send_signal(signal.SIGINT)
        logged, _ = newer.process.communicate(timeout=10)
        check("GET /pieces/.well-known/version 200" in logged and "/track" not in logged,
              f"track on 5.x: the sandbox saw {logged!r}"[:500])
    bad = os.path.join(scratch, "bad.json")
    with open(bad, "w") as f:
        json.dump({"fivetran": {"no_such_key": 1}}, f)
    for args, what in [(["--seed", bad], "a seed with an unknown key"),
                       (["--seed", os.path.join(scratch, "none.json")], "a missing seed file"),
                       (["--fault", "status=abc"], "a bad fault"),
                       (["--fault", "explode"], "an unknown fault")]:
        result = run([sandbox_binary, "--port", "0", *args], timeout=30)
        check(result.returncode == 2 and "plugboard-sandbox:" in result.stderr,
              f"{what}: exit {result.returncode}, stderr {result.stderr!r}")
finish()
