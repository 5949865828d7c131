"""The scenario engine of the client tests, shared by run_cli.py, run_boto3.py and run_js.py.

A scenario is JSON data (see README.md). This module alone loads it, expands `for` steps,
substitutes `${var}`, normalizes client outputs, matches them against expectations, runs
the step loop and owns the server process, so one engine decides what a scenario means
for every client. A runner only supplies `make_caller(endpoint) -> call(step) -> Outcome`.
"""

import datetime
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

CLIENT_ENV_BASE = {
    "AWS_SECRET_ACCESS_KEY": "x",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
    "AWS_MAX_ATTEMPTS": "1",
    "AWS_PAGER": "",
    "NO_PROXY": "127.0.0.1,localhost",
    "no_proxy": "127.0.0.1,localhost",
}
# Never let ambient settings leak into a client.
CLIENT_ENV_DROP = (
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECURITYHUB", "AWS_ENDPOINT_URL_STS", "AWS_RETRY_MODE", "AWS_CA_BUNDLE",
    "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy", "ALL_PROXY", "all_proxy",
)


def isolated_env(base=None):
    """The environment a client process gets, before the account and Region are known."""
    env = dict(os.environ if base is None else base)
    for k in CLIENT_ENV_DROP:
        env.pop(k, None)
    env.update(CLIENT_ENV_BASE)
    return env


def credentials(who):
    """(access key id, secret, session token or None) of a step's "as": an account ID (the key
    itself, secret "x"), or temporary credentials saved from an AssumeRole answer
    ({"AccessKeyId", "SecretAccessKey", "SessionToken", ...})."""
    if isinstance(who, dict):
        return who["AccessKeyId"], who["SecretAccessKey"], who.get("SessionToken")
    return who, CLIENT_ENV_BASE["AWS_SECRET_ACCESS_KEY"], None


def who_label(who):
    return who["AccessKeyId"] if isinstance(who, dict) else who


def client_env(who, region, base=None):
    env = isolated_env(base)
    key, secret, token = credentials(who)
    env["AWS_ACCESS_KEY_ID"] = key
    env["AWS_SECRET_ACCESS_KEY"] = secret
    if token:
        env["AWS_SESSION_TOKEN"] = token
    env["AWS_REGION"] = region
    env["AWS_DEFAULT_REGION"] = region
    return env


# ----------------------------------------------------------------------------- outcomes

class Outcome:
    """What one client call produced: either output (normalized dict) or an error."""

    def __init__(self, output=None, code=None, status=None, message=None, failure=None):
        self.output = output        # dict when the call succeeded
        self.code = code            # service error code
        self.status = status        # HTTP status, None when the client cannot see it
        self.message = message
        self.failure = failure      # harness/client failure (not a service error)

    @classmethod
    def ok(cls, output):
        return cls(output=output)

    @classmethod
    def error(cls, code, status, message):
        return cls(code=code, status=status, message=message)

    @classmethod
    def broken(cls, text):
        return cls(failure=text)


# ----------------------------------------------------------------------------- normalization

TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
HEX32_RE = re.compile(r"^[0-9a-f]{32}$")
# How CLI v2 prints a timestamp shape: Python isoformat() with a numeric offset.
CLI_TS_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d:\d\d$")


def format_ts(dt):
    """datetime -> 'YYYY-MM-DDTHH:MM:SS.mmmZ' (UTC, truncated to ms)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=datetime.timezone.utc)
    dt = dt.astimezone(datetime.timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % (dt.microsecond // 1000)


def normalize(value, cli_strings=False):
    """Drop response metadata (botocore's ResponseMetadata, the JS SDK's $metadata),
    turn timestamps into ISO ms Z strings.

    A JS Date arrives from js_caller.mjs as its toISOString(), which is already that form.
    cli_strings: also convert the CLI v2 rendering of timestamp shapes
    (`2021-10-22T11:31:48.385000+00:00`). Plain string shapes such as
    DescribeHub.SubscribedAt pass through every client unchanged."""
    if isinstance(value, dict):
        return {k: normalize(v, cli_strings) for k, v in value.items()
                if k not in ("ResponseMetadata", "$metadata")}
    if isinstance(value, list):
        return [normalize(v, cli_strings) for v in value]
    if isinstance(value, datetime.datetime):
        return format_ts(value)
    if cli_strings and isinstance(value, str) and CLI_TS_RE.match(value):
        return format_ts(datetime.datetime.fromisoformat(value))
    return value


# ----------------------------------------------------------------------------- variables

VAR_RE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ScenarioError(Exception):
    pass


class ClientUnavailable(Exception):
    """make_caller could not bring its client up; no step can run."""


def substitute(value, variables):
    """Replace ${var} everywhere. A string exactly "${v}" takes v's value as is
    (so a list variable becomes a list); {"$ids": "${v}", "as": T} expands to one
    copy of T per id with "$id" replaced."""
    if isinstance(value, dict):
        if "$ids" in value:
            ids = substitute(value["$ids"], variables)
            if isinstance(ids, str):
                ids = [ids]
            template = value.get("as", "$id")
            return [_replace_id(template, i) for i in ids]
        return {k: substitute(v, variables) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, variables) for v in value]
    if isinstance(value, str):
        m = VAR_RE.fullmatch(value)
        if m:
            return _lookup(m.group(1), variables)

        def repl(mm):
            v = _lookup(mm.group(1), variables)
            return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"))
        return VAR_RE.sub(repl, value)
    return value


def _lookup(name, variables):
    if name not in variables:
        raise ScenarioError("undefined variable ${%s}" % name)
    return variables[name]


def _replace_id(template, account_id):
    if isinstance(template, dict):
        return {k: _replace_id(v, account_id) for k, v in template.items()}
    if isinstance(template, list):
        return [_replace_id(v, account_id) for v in template]
    if isinstance(template, str):
        return template.replace("$id", account_id)
    return template


def iterations(step):
    """Yield the variable overlays of a step: one {} without `for`."""
    spec = step.get("for")
    if not spec:
        yield {}
        return
    var, start, count = spec["var"], int(spec["start"]), int(spec["count"])
    batch = int(spec.get("batch", 1))
    ids = ["%012d" % (start + k) for k in range(count)]
    if batch == 1:
        for i in ids:
            yield {var: i}
    else:
        for k in range(0, count, batch):
            yield {var: ids[k:k + batch]}


SELECT_RE = re.compile(r"\[([A-Za-z0-9_]+)=([^\]]*)\]")


def get_path(value, path):
    """Dotted path into a value: 'Invitations.0.InvitationId', or with a selector that does
    not depend on the order of a list: 'Invitations.[AccountId=333333333333].InvitationId'
    (the first element whose member equals the value)."""
    cur = value
    for part in path.split("."):
        sel = SELECT_RE.fullmatch(part)
        if sel and isinstance(cur, list):
            hits = [el for el in cur if isinstance(el, dict) and el.get(sel.group(1)) == sel.group(2)]
            if not hits:
                raise ScenarioError("save path %r: no element with %s in %s" % (path, part, short(cur)))
            cur = hits[0]
        elif isinstance(cur, list) and re.fullmatch(r"\d+", part) and int(part) < len(cur):
            cur = cur[int(part)]
        elif isinstance(cur, dict) and part in cur:
            cur = cur[part]
        else:
            raise ScenarioError("save path %r: no %r in %s" % (path, part, short(cur)))
    return cur


# ----------------------------------------------------------------------------- matching

def short(v, limit=300):
    s = json.dumps(v, separators=(",", ":"), default=str)
    return s if len(s) <= limit else s[:limit] + "...(%d chars)" % len(s)


def match(expected, actual, path="$"):
    """Return None when `actual` matches `expected`, else a one-line diff."""
    if isinstance(expected, str) and expected in ("$timestamp", "$hex32", "$any"):
        if expected == "$any":
            return None
        rx = TS_RE if expected == "$timestamp" else HEX32_RE
        if isinstance(actual, str) and rx.match(actual):
            return None
        return "%s: expected %s, got %s" % (path, expected, short(actual))
    if isinstance(expected, dict) and "$count" in expected:
        if not isinstance(actual, list):
            return "%s: expected a list, got %s" % (path, short(actual))
        if len(actual) != expected["$count"]:
            return "%s: expected %d elements, got %d" % (path, expected["$count"], len(actual))
        key = expected.get("$unique")
        if key is not None:
            seen = {}
            for i, el in enumerate(actual):
                k = json.dumps(el.get(key) if isinstance(el, dict) else None)
                if k in seen:
                    return "%s: %s %s repeated at [%d] and [%d]" % (path, key, k, seen[k], i)
                seen[k] = i
        if "$each" in expected:
            for i, el in enumerate(actual):
                d = match(expected["$each"], el, "%s[%d]" % (path, i))
                if d:
                    return d
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return "%s: expected an object, got %s" % (path, short(actual))
        missing = [k for k in expected if k not in actual]
        extra = [k for k in actual if k not in expected]
        if missing or extra:
            return "%s: keys differ: missing %s, unexpected %s; got %s" % (
                path, short(missing), short(extra), short(actual))
        for k in expected:
            d = match(expected[k], actual[k], "%s.%s" % (path, k))
            if d:
                return d
        return None
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return "%s: expected a list, got %s" % (path, short(actual))
        if len(expected) != len(actual):
            return "%s: expected %d elements, got %d: %s" % (
                path, len(expected), len(actual), short(actual))
        for i, (e, a) in enumerate(zip(expected, actual)):
            d = match(e, a, "%s[%d]" % (path, i))
            if d:
                return d
        return None
    # scalars: same JSON type and value (True is not 1)
    if type(expected) is not type(actual) and not (
            isinstance(expected, (int, float)) and isinstance(actual, (int, float))
            and not isinstance(expected, bool) and not isinstance(actual, bool)):
        return "%s: expected %s, got %s" % (path, short(expected), short(actual))
    if expected != actual:
        return "%s: expected %s, got %s" % (path, short(expected), short(actual))
    return None


def check(step, outcome):
    """Compare an outcome with the step's expectation (already substituted).
    Returns None or a failure text."""
    if outcome.failure:
        return outcome.failure
    exp_err = step.get("expect_error")
    if exp_err is not None:
        if outcome.code is None:
            return "expected error %s, call succeeded with %s" % (exp_err.get("code"), short(outcome.output))
        problems = []
        if outcome.code != exp_err.get("code"):
            problems.append("code: expected %s, got %s" % (exp_err.get("code"), outcome.code))
        if "status" in exp_err and outcome.status is not None and outcome.status != exp_err["status"]:
            problems.append("status: expected %s, got %s" % (exp_err["status"], outcome.status))
        if "message" in exp_err and outcome.message != exp_err["message"]:
            problems.append("message: expected %s, got %s" % (short(exp_err["message"]), short(outcome.message)))
        if problems:
            return "; ".join(problems) + " (error %s %s %s)" % (outcome.code, outcome.status, short(outcome.message))
        return None
    if outcome.code is not None:
        return "unexpected error %s (status %s): %s" % (outcome.code, outcome.status, outcome.message)
    if "expect" in step:
        return match(step["expect"], outcome.output)
    return None


# ----------------------------------------------------------------------------- server

PORT_RE = re.compile(r"http://127\.0\.0\.1:(\d+)")


REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def server_args(scenario):
    """Extra server flags a scenario asks for: "fixtures" is a seed file, relative to the repo."""
    if "fixtures" in scenario:
        return ["--fixtures", os.path.join(REPO_ROOT, scenario["fixtures"])]
    return []


class Server:
    def __init__(self, binary, extra_args=()):
        self.binary = binary
        self.extra_args = list(extra_args)
        self.proc = None
        self.port = None

    def start(self, timeout=20):
        self.proc = subprocess.Popen(
            [self.binary, "--port", "0", "--log-level", "warn"] + self.extra_args,
            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=None)
        line = [None]

        def read_first():
            line[0] = self.proc.stdout.readline().decode("utf-8", "replace")
        t = threading.Thread(target=read_first, daemon=True)
        t.start()
        t.join(timeout)
        m = PORT_RE.search(line[0] or "")
        if not m:
            self.kill()
            raise RuntimeError("server did not print its address within %ss (got %r)" % (timeout, line[0]))
        self.port = int(m.group(1))

        def drain():  # forward any further stdout so the pipe never fills
            for extra in self.proc.stdout:
                sys.stderr.write("[server stdout] " + extra.decode("utf-8", "replace"))
        threading.Thread(target=drain, daemon=True).start()
        return self

    @property
    def endpoint(self):
        return "http://127.0.0.1:%d" % self.port

    def stop(self, timeout=15):
        """SIGTERM, wait, return the exit code (None if it had to be killed)."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


# ----------------------------------------------------------------------------- driver

def load(path):
    with open(path) as f:
        scenario = json.load(f)
    if not isinstance(scenario.get("steps"), list) or not scenario["steps"]:
        raise ScenarioError("%s: no steps" % path)
    for i, s in enumerate(scenario["steps"]):
        if "control" in s:
            unknown = set(s) - {"control", "body", "expect", "expect_error", "save", "note"}
            if unknown:
                raise ScenarioError("%s: control step %d has unknown keys %s" % (path, i, sorted(unknown)))
            continue
        if "as" not in s or "op" not in s:
            raise ScenarioError("%s: step %d needs 'as' and 'op'" % (path, i))
        unknown = set(s) - {"as", "region", "service", "op", "input", "paginate", "expect", "expect_error",
                            "save", "for", "setup", "clients", "note"}
        if s.get("service", "securityhub") not in ("securityhub", "sts"):
            raise ScenarioError("%s: step %d: service must be securityhub or sts" % (path, i))
        if unknown:
            raise ScenarioError("%s: step %d has unknown keys %s" % (path, i, sorted(unknown)))
    return scenario


def run_step(raw, variables, call):
    """Run one scenario step (all its `for` repetitions) through `call`.
    Saves into `variables`; returns (failure text or None, who, repetitions run)."""
    n = 0
    who = ""
    try:
        for overlay in iterations(raw):
            scope = dict(variables, **overlay)
            if "control" in raw:
                step = {"control": substitute(raw["control"], scope),
                        "body": substitute(raw.get("body"), scope)}
                for key in ("expect", "expect_error"):
                    if key in raw:
                        step[key] = substitute(raw[key], scope)
                who = step["control"]
                outcome = call(step)
                n += 1
                error = check(step, outcome)
                if error:
                    return error, who, n
                for var, path in raw.get("save", {}).items():
                    variables[var] = get_path(outcome.output, path)
                continue
            step = {
                "as": substitute(raw["as"], scope),
                "region": substitute(raw.get("region", "us-east-1"), scope),
                "service": raw.get("service", "securityhub"),
                "op": raw["op"],
                "input": substitute(raw.get("input", {}), scope),
                "paginate": raw.get("paginate"),
                "setup": bool(raw.get("setup")),
            }
            if "expect" in raw:
                step["expect"] = substitute(raw["expect"], scope)
            if "expect_error" in raw:
                step["expect_error"] = substitute(raw["expect_error"], scope)
            who = "as %s %s" % (raw["as"] if "for" in raw else who_label(step["as"]), step["region"])
            outcome = call(step)
            n += 1
            error = check(step, outcome)
            if error:
                if "for" in raw:
                    error = "iteration %d (%s): %s" % (n - 1, short(overlay, 120), error)
                return error, who, n
            for var, path in raw.get("save", {}).items():
                variables[var] = get_path(outcome.output, path)
    except ScenarioError as e:
        return str(e), who, n
    return None, who, n


def make_control_caller(endpoint):
    """call(step) -> Outcome for a control step: the engine itself sends the /_mock/ request
    (e.g. "POST /_mock/organization/accounts" with a JSON body), the same for every client."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback, never a proxy

    def call(step):
        method, _, path = step["control"].partition(" ")
        data = None if step.get("body") is None else json.dumps(step["body"]).encode()
        request = urllib.request.Request(endpoint + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with opener.open(request, timeout=30) as reply:
                return Outcome.ok(json.loads(reply.read() or b"{}"))
        except urllib.error.HTTPError as e:
            try:
                body = json.loads(e.read() or b"{}")
            except ValueError:
                body = {}
            return Outcome.error(body.get("Code"), e.code, body.get("Message"))
        except (urllib.error.URLError, OSError, ValueError) as e:
            return Outcome.broken("control %s failed: %s" % (step["control"], e))
    return call


def main(client_name, make_caller, argv):
    """Command line: <runner> SERVER_BINARY SCENARIO.json [--keep-going]"""
    args = [a for a in argv[1:] if not a.startswith("--")]
    flags = [a for a in argv[1:] if a.startswith("--")]
    if len(args) != 2:
        sys.stderr.write("usage: %s SERVER_BINARY SCENARIO.json [--keep-going]\n" % argv[0])
        return 2
    binary, scenario_path = args
    keep_going = "--keep-going" in flags
    scenario = load(scenario_path)
    steps = scenario["steps"]
    name = os.path.splitext(os.path.basename(scenario_path))[0]
    print("scenario %s, client %s: %s" % (name, client_name, scenario.get("description", "")), flush=True)

    server = Server(binary, server_args(scenario))
    t0 = time.monotonic()
    server.start()
    passed = failed = skipped = not_run = 0
    variables = {}
    call = closing = None
    try:
        try:
            call = make_caller(server.endpoint)
        except ClientUnavailable as e:
            failed += 1
            not_run = len(steps)
            print("client %s: %s" % (client_name, e), flush=True)
        for idx, raw in enumerate(steps if call is not None else []):
            if failed and not keep_going:
                not_run = len(steps) - idx
                break
            label = "step %d %s" % (idx, raw.get("op", "control"))
            if "clients" in raw and client_name not in raw["clients"]:
                skipped += 1
                print("%s: skipped for %s (clients %s)" % (
                    label, client_name, json.dumps(raw["clients"], separators=(",", ":"))), flush=True)
                continue
            ts = time.monotonic()
            step_call = make_control_caller(server.endpoint) if "control" in raw else call
            error, who, n = run_step(raw, variables, step_call)
            dt = time.monotonic() - ts
            reps = " x%d" % n if "for" in raw else ""
            if error:
                failed += 1
                print("%s %s%s: FAILED (%.2fs)\n    %s" % (label, who, reps, dt, error), flush=True)
            else:
                passed += 1
                print("%s %s%s: ok (%.2fs)" % (label, who, reps, dt), flush=True)
    finally:
        try:
            # Before the server stops, so keep-alive connections go first. close() may
            # return a failure text: how a caller process ended.
            if call is not None and hasattr(call, "close"):
                closing = call.close()
        finally:
            rc = server.stop()
    if closing:
        failed += 1
        print("client %s: %s" % (client_name, closing), flush=True)
    if rc != 0:
        failed += 1
        print("server: exit code after SIGTERM was %s, expected 0"
              % ("none (killed)" if rc is None else rc), flush=True)
    tail = ""
    if skipped:
        tail += ", %d skipped" % skipped
    if not_run:
        tail += ", %d not run" % not_run
    print("%d passed, %d failed%s (%.1fs)" % (passed, failed, tail, time.monotonic() - t0), flush=True)
    return 0 if failed == 0 else 1
