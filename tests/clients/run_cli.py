#!/usr/bin/python3
"""Run one scenario with the AWS CLI v2 (/usr/bin/aws, one subprocess per call) against a
freshly started server. Steps marked "setup" go through boto3 in-process (fast).

usage: /usr/bin/python3 run_cli.py SERVER_BINARY SCENARIO.json [--keep-going]
Environment: SHMOCK_AWS_CLI overrides the CLI path (default /usr/bin/aws; plain `aws` on
this kind of machine is CLI v1 behind a pyenv shim).
"""

import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario_lib as lib  # noqa: E402
import run_boto3  # noqa: E402

AWS = os.environ.get("SHMOCK_AWS_CLI", "/usr/bin/aws")
ERR_RE = re.compile(
    r"An error occurred \((?P<code>[^)]*)\)(?: \(reached max retries: \d+\))? when calling the "
    r"(?P<op>\w+) operation(?: \(reached max retries: \d+\))?: (?P<msg>.*)", re.S)


def kebab(op):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", op).lower()


def make_caller(endpoint):
    boto3_call = run_boto3.make_caller(endpoint)

    def call(step):
        if step.get("setup"):
            return boto3_call(step)
        argv = [AWS, step.get("service", "securityhub"), kebab(step["op"]), "--endpoint-url", endpoint,
                "--output", "json", "--cli-input-json", json.dumps(step["input"])]
        if step.get("paginate"):
            argv += ["--page-size", str(step["paginate"]["page_size"])]
        else:
            argv += ["--no-paginate"]
        try:
            p = subprocess.run(argv, env=lib.client_env(step["as"], step["region"]),
                               stdin=subprocess.DEVNULL, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as e:
            return lib.Outcome.broken("running %s: %s" % (AWS, e))
        out = p.stdout.decode("utf-8", "replace")
        err = p.stderr.decode("utf-8", "replace")
        if p.returncode == 0:
            try:
                parsed = json.loads(out) if out.strip() else {}
            except ValueError:
                return lib.Outcome.broken("CLI printed non-JSON output: %r" % out[:300])
            return lib.Outcome.ok(lib.normalize(parsed, cli_strings=True))
        if p.returncode == 254:
            m = ERR_RE.search(err)
            if m:
                return lib.Outcome.error(m.group("code"), None, m.group("msg").rstrip("\n"))
        return lib.Outcome.broken("CLI rc=%d, stderr: %s" % (p.returncode, err.strip()[:500]))

    call.close = boto3_call.close
    return call


if __name__ == "__main__":
    sys.exit(lib.main("cli", make_caller, sys.argv))
