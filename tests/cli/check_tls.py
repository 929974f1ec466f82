# SPDX-License-Identifier: MIT
"""The plugboard CLI against plugboard-sandbox over HTTPS, with a CA made at
test time:

- every service answers a read with --ca-file; without it the certificate is
  refused (exit 4, transport, tls); --insecure skips verification;
- `fortisoar install --wait` polls every 1.5 s, longer than the sandbox's
  1 s keep-alive timeout, so each poll finds its kept-alive TLS connection
  closed by the server: the CLI (whose process, unlike the in-process test
  servers, leaves SIGPIPE at its default) completes instead of dying of
  SIGPIPE as it did on cpp-httplib 0.11.

    check_tls.py PLUGBOARD_CLI PLUGBOARD_SANDBOX
"""
import json
import os
import signal
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from certificates import make_certificates  # noqa: E402
from support import Sandbox, check, finish, registry, run  # noqa: E402

# One read per service (test data); every registered service needs one.
READS = {
    "providers": ["list"],
    "fivetran": ["metadata_connectors"],
    "pipeshub": ["list"],
    "pieces": ["suggest"],
    "fortisoar": ["list_configured"],
}


def main():
    cli_binary, sandbox_binary = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="plugboard-tls-") as scratch:
        ca, cert, key = make_certificates(scratch)
        with Sandbox(sandbox_binary, "--tls-cert", cert, "--tls-key", key) as sandbox:
            check(sandbox.url.startswith("https://127.0.0.1:"), f"sandbox URL {sandbox.url}")

            def cli(service, *args, trust=("--ca-file", ca)):
                return run([cli_binary, service, *args, "--base-url", sandbox.base_url(service),
                            *trust], timeout=120)

            for service in registry.services():
                if not check(service in READS, f"check_tls.py has no read for the service {service}"):
                    continue
                args = READS[service]
                result = cli(service, *args)
                check(result.returncode == 0,
                      f"{service} {' '.join(args)} over TLS: exit {result.returncode} "
                      f"{result.stderr[:300]!r}")
                try:
                    json.loads(result.stdout)
                except ValueError:
                    check(False, f"{service} {' '.join(args)}: stdout is not JSON")

            refused = cli("providers", "list", "--output", "json", trust=())
            check(refused.returncode == 4, f"no CA: exit {refused.returncode}, expected 4")
            error = json.loads(refused.stderr.strip().splitlines()[-1]) if refused.stderr else {}
            check(error.get("kind") == "transport" and error.get("failure") == "tls",
                  f"no CA: {refused.stderr[:300]!r}")

            insecure = cli("providers", "list", trust=("--insecure",))
            check(insecure.returncode == 0, f"--insecure: exit {insecure.returncode}")

            # Four polls, 1.5 s apart: each one after the server closed the
            # idle connection (keep-alive timeout 1 s).
            waited = cli("fortisoar", "install", "abuseipdb", "--version", "2.0.0", "--wait",
                         "--wait-interval", "1.5", "--wait-timeout", "60")
            check(waited.returncode != -signal.SIGPIPE,
                  "fortisoar install --wait over TLS died of SIGPIPE")
            check(waited.returncode == 0,
                  f"install --wait over TLS: exit {waited.returncode} {waited.stderr[:300]!r}")
            state = json.loads(waited.stdout).get("state") if waited.returncode == 0 else None
            check(state == "completed", f"install --wait over TLS: state {state!r}")
    finish()


if __name__ == "__main__":
    main()
