#!/usr/bin/python3
"""Run one scenario with the AWS CLI v2 against a freshly started server. Steps marked "setup"
go through boto3 in-process (fast).

Each call is the CLI's own entry point (`awscli.clidriver.AWSCLIEntryPoint().main(argv)`, what
/usr/bin/aws runs) with the call's environment, in one long-lived worker (cli_worker.py): the
same argument parsing, serialization, retries, error handling and output formatting as
`aws ...` in a shell, without starting Python and importing the CLI again for every call
(about 1 s each on two cores, most of the client tests' time). `--subprocess`, or SHMOCK_AWS_CLI naming a CLI, runs every call as
its own `aws` process instead; client.cli.walkthrough does, so the installed command itself
stays proven.

usage: /usr/bin/python3 run_cli.py SERVER_BINARY SCENARIO.json [--keep-going] [--subprocess]
Environment: SHMOCK_AWS_CLI a CLI to run as a subprocess (default /usr/bin/aws; plain `aws` on
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
SUBPROCESS = "--subprocess" in sys.argv or "SHMOCK_AWS_CLI" in os.environ
if "--subprocess" in sys.argv:
    sys.argv.remove("--subprocess")
ERR_RE = re.compile(
    r"An error occurred \((?P<code>[^)]*)\)(?: \(reached max retries: \d+\))? when calling the "
    r"(?P<op>\w+) operation(?: \(reached max retries: \d+\))?: (?P<msg>.*)", re.S)


def kebab(op):
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", op).lower()


def run_process(argv, env):
    p = subprocess.run([AWS] + argv, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=120)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


class InProcessCli:
    """The CLI's calls in one worker process (cli_worker.py): a line of JSON each way."""

    def __init__(self):
        self.proc = None

    def __call__(self, argv, env):
        if self.proc is None:
            worker = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cli_worker.py")
            self.proc = subprocess.Popen([sys.executable, worker], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, text=True, encoding="utf-8")
        self.proc.stdin.write(json.dumps({"argv": argv, "env": env}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise OSError("the CLI worker ended (exit %s)" % self.proc.wait())
        answer = json.loads(line)
        return answer["rc"], answer["out"], answer["err"]

    def close(self):
        if self.proc is not None:
            self.proc.stdin.close()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


def make_caller(endpoint):
    boto3_call = run_boto3.make_caller(endpoint)
    in_process = InProcessCli()

    def call(step):
        if step.get("setup"):
            return boto3_call(step)
        argv = [step.get("service", "securityhub"), kebab(step["op"]), "--endpoint-url", endpoint,
                "--output", "json", "--cli-input-json", json.dumps(step["input"])]
        if step.get("paginate"):
            argv += ["--page-size", str(step["paginate"]["page_size"])]
        else:
            argv += ["--no-paginate"]
        env = lib.client_env(step["as"], step["region"])
        try:
            returncode, out, err = (run_process if SUBPROCESS else in_process)(argv, env)
        except (OSError, subprocess.TimeoutExpired) as e:
            return lib.Outcome.broken("running %s: %s" % (AWS, e))
        if returncode == 0:
            try:
                parsed = json.loads(out) if out.strip() else {}
            except ValueError:
                return lib.Outcome.broken("CLI printed non-JSON output: %r" % out[:300])
            return lib.Outcome.ok(lib.normalize(parsed, cli_strings=True))
        if returncode == 254:
            m = ERR_RE.search(err)
            if m:
                return lib.Outcome.error(m.group("code"), None, m.group("msg").rstrip("\n"))
        return lib.Outcome.broken("CLI rc=%d, stderr: %s" % (returncode, err.strip()[:500]))

    def close():
        in_process.close()
        return boto3_call.close()

    call.close = close
    return call


if __name__ == "__main__":
    sys.exit(lib.main("cli", make_caller, sys.argv))
