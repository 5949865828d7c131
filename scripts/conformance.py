"""Conformance harness (issue 21; docs/conformance.md): runs the project's client scenarios
(tests/clients/scenarios/*.json, those listed in tests/conformance/scenarios.json) through
boto3 against a running mock or against real AWS accounts, records every call, masks what
differs between runs, and compares two recordings.

    scripts/conformance.sh --target http://127.0.0.1:9777 --out rec-mock
    scripts/conformance.sh --target aws --profiles admin,member,third --out rec-aws
    scripts/conformance.sh --target aws --org --profiles mgmt,delegated,member --out rec-org
    scripts/conformance.sh --diff tests/conformance/mock rec-aws
    scripts/conformance.sh --target aws --profiles a,b --dry-run
    scripts/conformance.sh --target aws --profiles a,b --cleanup
    scripts/conformance.sh --record-mock [--binary build/securityhub-mock]

Standard library and boto3 only. The scenario engine (loading, `for`, `${var}`, matching) is
tests/clients/scenario_lib.py, shared with the client tests, so a scenario means the same here.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import time
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # keep the source tree clean
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(REPO, "tests", "clients"))
sys.path.insert(0, HERE)
import scenario_lib as lib  # noqa: E402
import conformance_record as rec  # noqa: E402

TABLE = os.path.join(REPO, "tests", "conformance", "scenarios.json")
SCENARIO_DIR = os.path.join(REPO, "tests", "clients", "scenarios")
COMMITTED = os.path.join(REPO, "tests", "conformance", "mock")

# The roles of the accounts, in the order --profiles names them.
ROLES = {"invitations": ["admin", "member", "third"], "organization": ["management", "delegated", "member"]}
# The scenarios' Regions, in the order of the run's Regions: --region, --second-region.
SCENARIO_REGIONS = ["us-east-1", "eu-west-1"]

READ_PREFIXES = ("List", "Get", "Describe")
# Calls that reach another account: never sent to an account outside the run's profiles.
CONTACTS_ACCOUNTS = {"InviteMembers", "AcceptAdministratorInvitation", "AcceptInvitation",
                     "EnableOrganizationAdminAccount", "DisableOrganizationAdminAccount"}
# Against AWS: how long a read waits for the eventually consistent service (decision 15).
RETRY_DELAYS = (1, 2, 3, 4, 5, 5)   # seconds; about 20 s at most per step
CLEANUP_SECONDS_AWS = 180
AWS_PACE_SECONDS = 0.2              # at most 5 calls a second (the quota is 10 per account and Region)

# docs/conformance.md, "What it costs", says the same at length.
COST = ("Cost: nothing measurable. Security Hub charges for security checks and ingested findings, "
        "not for API calls; the run enables no default standards (EnableSecurityHub with "
        "EnableDefaultStandards false; with --org the configuration is set to AutoEnableStandards NONE before "
        "any member is enabled); the standards scenario enables a few standards for a few minutes and disables "
        "them again, which AWS may bill as a few security checks; it imports no findings, and disables Security Hub again where it enabled it, within "
        "minutes. A first enablement also starts the account's 30-day free trial in that Region. "
        "About 500 API calls (50 with --org), 5 to 10 minutes.")

EXIT_DIFFERENCES, EXIT_USAGE, EXIT_REFUSED = 1, 2, 3


def log(msg=""):
    print(msg, flush=True)


class Refused(Exception):
    """The run would touch something it did not create; nothing was changed."""


class HarnessError(Exception):
    pass


class CleanupIncomplete(HarnessError):
    """The clean-up ran out of time; the journal stays for --cleanup."""


# ----------------------------------------------------------------------------- test mode

def forbid_network():
    """Test mode (SHMOCK_CONFORMANCE_NO_NETWORK=1): any attempt to open a connection fails the
    run loudly, which is how the dry-run test proves that a dry run sends nothing."""
    import socket

    def refuse(*args, **kwargs):
        sys.stderr.write("conformance: network use attempted in a run that must send nothing: %r\n" % (args,))
        sys.stderr.flush()
        os._exit(97)
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse


def aws_test_endpoint():
    """Test mode (SHMOCK_CONFORMANCE_AWS_ENDPOINT=URL): --target aws sends its Security Hub and
    STS calls to this mock instead of AWS, unpaced, so a test can run the AWS code path (profiles,
    STS, accounts that are not the scenarios' ids) and compare its recording with the mock's."""
    return os.environ.get("SHMOCK_CONFORMANCE_AWS_ENDPOINT")


def wait(seconds):
    """The waits of an AWS run (pacing, reads asked again, clean-up rounds); none in test mode."""
    if not aws_test_endpoint():
        time.sleep(seconds)


def maybe_die(calls_made):
    """Test mode: after N calls the process sends itself SIGKILL (SHMOCK_CONFORMANCE_KILL_AFTER=N,
    a run that cannot clean up: the next start or --cleanup must) or SIGTERM
    (SHMOCK_CONFORMANCE_TERM_AFTER=N, a run that must clean up before it ends)."""
    for var, sig in (("SHMOCK_CONFORMANCE_KILL_AFTER", signal.SIGKILL),
                     ("SHMOCK_CONFORMANCE_TERM_AFTER", signal.SIGTERM)):
        limit = os.environ.get(var)
        if limit and calls_made == int(limit):
            os.kill(os.getpid(), sig)


# ----------------------------------------------------------------------------- the plan

def load_table():
    with open(TABLE, encoding="utf-8") as f:
        table = json.load(f)
    entries = []
    for e in table["scenarios"]:
        path = os.path.join(SCENARIO_DIR, e["scenario"] + ".json")
        scenario = lib.load(path)
        mode = "organization" if e.get("org") else "invitations"
        unknown = set(e["roles"].values()) - set(ROLES[mode])
        if unknown:
            raise HarnessError("%s: roles %s are not roles of %s runs %s" % (TABLE, sorted(unknown), mode, ROLES[mode]))
        world = None
        if "fixtures" in scenario:
            with open(os.path.join(REPO, scenario["fixtures"]), encoding="utf-8") as f:
                world = json.load(f)
            if set(world) != {"organization"}:
                extra = ", ".join(sorted(set(world) - {"organization"}))
                raise HarnessError("%s: its fixtures %s seed state only the mock has (%s); a conformance "
                                   "scenario may only declare the organization it assumes"
                                   % (e["scenario"], scenario["fixtures"], extra))
        entries.append({"name": e["scenario"], "mode": mode, "roles": e["roles"], "scenario": scenario,
                        "world": world})
    return entries


def needed_roles(entry):
    return sorted(set(entry["roles"].values()), key=ROLES[entry["mode"]].index)


def is_read(op):
    return op.startswith(READ_PREFIXES)


ACCOUNT_RE = rec.ACCOUNT_RE


def map_strings(value, accounts, regions):
    """The scenario's account ids and Regions replaced by the run's, in every string value."""
    if isinstance(value, dict):
        return {k: map_strings(v, accounts, regions) for k, v in value.items()}
    if isinstance(value, list):
        return [map_strings(v, accounts, regions) for v in value]
    if isinstance(value, str):
        value = ACCOUNT_RE.sub(lambda m: accounts.get(m.group(0), m.group(0)), value)
        if regions:   # one pass: --region eu-west-1 swaps the two Regions
            value = re.sub(r"\b(%s)\b" % "|".join(map(re.escape, regions)), lambda m: regions[m.group(1)], value)
        return value
    return value


def other_client(raw):
    """A step written for another client (a JS-only variant); its boto3 twin is next to it."""
    return "clients" in raw and "boto3" not in raw["clients"]


def static_skip(raw):
    """Why a step is never sent by this harness (the same answer for every target), or None.
    Returns (reason, keeps_state): keeps_state is False when skipping it leaves the scenario's
    state different from what its later steps expect."""
    if "control" in raw:
        return "a control step of the mock (%s)" % raw["control"], False
    err = raw.get("expect_error") or {}
    if err.get("code") == "NotImplementedException":
        return "the mock does not implement %s; AWS would answer it" % raw["op"], True
    return None, True


def named_accounts(value):
    out = []
    if isinstance(value, dict):
        for v in value.values():
            out += named_accounts(v)
    elif isinstance(value, list):
        for v in value:
            out += named_accounts(v)
    elif isinstance(value, str):
        out += ACCOUNT_RE.findall(value)
    return out


def safety_skip(step, run_accounts, mode):
    """Why a substituted step must not be sent to AWS: it acts as an account outside the run, or
    it would invite, or reach, an account that is not one of the run's. The scenario's role ids
    map one to one onto the run's, so every target skips the same steps."""
    if step["as"] not in run_accounts:
        return "acts as %s, which is not one of the run's accounts" % step["as"]
    strangers = sorted(set(a for a in named_accounts(step["input"]) if a not in run_accounts))
    if strangers and (step["op"] in CONTACTS_ACCOUNTS or (mode == "organization" and step["op"] == "CreateMembers")):
        return "%s would reach %s, outside the run's accounts" % (step["op"], ", ".join(strangers[:3]))
    return None


def build_step(raw, scope):
    """A scenario step with its variables substituted (scenario_lib's rules)."""
    step = {"as": lib.substitute(raw["as"], scope),
            "region": lib.substitute(raw.get("region", "us-east-1"), scope),
            "op": raw["op"],
            "input": lib.substitute(raw.get("input", {}), scope),
            "paginate": raw.get("paginate")}
    for key in ("expect", "expect_error"):
        if key in raw:
            step[key] = lib.substitute(raw[key], scope)
    return step


def cost_input(step):
    """Standards stay off: every EnableSecurityHub is sent with EnableDefaultStandards false
    unless the scenario says otherwise (the mock models no standards, so its answers agree)."""
    if step["op"] == "EnableSecurityHub" and "EnableDefaultStandards" not in step["input"]:
        step["input"] = dict(step["input"], EnableDefaultStandards=False)
    return step


# ----------------------------------------------------------------------------- clients

class Result:
    def __init__(self, status=None, output=None, code=None, message=None, failure=None, pages=None):
        self.status, self.output, self.code, self.message = status, output, code, message
        self.failure, self.pages = failure, pages

    def outcome(self):
        return lib.Outcome(output=self.output, code=self.code, status=self.status,
                           message=self.message, failure=self.failure)


def prepare_environment(target):
    """Before boto3 is imported. The mock gets the client environment of docs/design.md
    ("Client environment for tests"); AWS gets the user's own configuration and profiles,
    with every setting that would send the calls elsewhere removed."""
    if target == "aws":
        for k in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SECURITYHUB", "AWS_ENDPOINT_URL_STS",
                  "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                  "AWS_PROFILE", "AWS_DEFAULT_PROFILE"):
            os.environ.pop(k, None)
    else:
        for k in lib.CLIENT_ENV_DROP:
            os.environ.pop(k, None)
        os.environ.update(lib.CLIENT_ENV_BASE)
        os.environ.setdefault("AWS_ACCESS_KEY_ID", "123456789012")
        os.environ.setdefault("AWS_REGION", "us-east-1")
        os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")


class Caller:
    """One boto3 client per (account, Region); call() returns a Result with the HTTP status."""

    def __init__(self, target, endpoint=None, profiles=None):
        import boto3
        import botocore.config
        import botocore.exceptions
        self.boto3, self.exc = boto3, botocore.exceptions
        self.target, self.endpoint = target, endpoint
        self.profiles = profiles or {}     # account -> profile (aws)
        if target == "aws":
            # Real AWS throttles and has transient faults: the SDK's standard retries keep them
            # out of the recording. The mock answers once (AWS_MAX_ATTEMPTS=1 semantics).
            self.config = botocore.config.Config(retries={"mode": "standard", "max_attempts": 3})
        else:
            self.config = botocore.config.Config(retries={"total_max_attempts": 1})
        self.sessions, self.clients, self.methods = {}, {}, {}
        self.calls = 0

    def session(self, account):
        if account not in self.sessions:
            if self.target == "aws":
                self.sessions[account] = self.boto3.session.Session(profile_name=self.profiles[account])
            else:
                self.sessions[account] = self.boto3.session.Session(aws_access_key_id=account,
                                                                    aws_secret_access_key="x")
        return self.sessions[account]

    def client(self, account, region, service="securityhub"):
        key = (account, region, service)
        if key not in self.clients:
            kwargs = {"region_name": region, "config": self.config}
            if self.target != "aws":
                kwargs["endpoint_url"] = self.endpoint
            elif aws_test_endpoint():
                kwargs["endpoint_url"] = aws_test_endpoint()
            c = self.session(account).client(service, **kwargs)
            self.clients[key] = c
            if service not in self.methods:
                self.methods[service] = {api: py for py, api in c.meta.method_to_api_mapping.items()}
        return self.clients[key]

    def call(self, account, region, op, params, paginate=None, service="securityhub"):
        if self.target == "aws" and self.calls:
            wait(AWS_PACE_SECONDS)
        self.calls += 1
        maybe_die(self.calls)
        c = self.client(account, region, service)
        method = self.methods[service].get(op)
        if method is None:
            return Result(failure="this boto3 has no operation %s" % op)
        try:
            if paginate:
                pages = list(c.get_paginator(method).paginate(
                    PaginationConfig={"PageSize": paginate["page_size"]}, **params))
                status = pages[-1].get("ResponseMetadata", {}).get("HTTPStatusCode") if pages else None
                merged = {}
                for p in pages:
                    for k, v in p.items():
                        if k in ("ResponseMetadata", "NextToken"):
                            continue
                        if isinstance(v, list):
                            merged.setdefault(k, []).extend(v)
                        else:
                            merged[k] = v
                return Result(status=status, output=lib.normalize(merged), pages=len(pages))
            out = getattr(c, method)(**params)
            return Result(status=out.get("ResponseMetadata", {}).get("HTTPStatusCode"), output=lib.normalize(out))
        except self.exc.ClientError as e:
            err = e.response.get("Error", {})
            return Result(status=e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
                          code=err.get("Code"), message=err.get("Message"))
        except (self.exc.BotoCoreError, ValueError, TypeError) as e:
            return Result(failure="boto3 raised %s: %s" % (type(e).__name__, e))

    def account_of(self, profile, region):
        """STS GetCallerIdentity for a profile (AWS)."""
        s = self.boto3.session.Session(profile_name=profile)
        kwargs = {"endpoint_url": aws_test_endpoint()} if aws_test_endpoint() else {}
        return s.client("sts", config=self.config, region_name=region, **kwargs).get_caller_identity()["Account"]

    def close(self):
        for c in self.clients.values():
            c.close()


def control(endpoint, method, path, body=None):
    """A control request to a mock target (never to AWS): loopback, no proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(endpoint + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    try:
        with opener.open(req, timeout=30) as reply:
            return json.loads(reply.read() or b"{}")
    except urllib.error.HTTPError as e:
        raise HarnessError("%s %s%s answered %s: %s" % (method, endpoint, path, e.code, e.read()[:300]))
    except (urllib.error.URLError, OSError) as e:
        raise HarnessError("cannot reach the mock at %s: %s" % (endpoint, e))


# ----------------------------------------------------------------------------- the run's accounts

class Run:
    """What one run talks to: the target, its accounts by role, its Regions."""

    def __init__(self, args):
        self.args = args
        self.target = "aws" if args.target == "aws" else "mock"
        self.endpoint = None if self.target == "aws" else args.target.rstrip("/")
        self.mode = "organization" if args.org else "invitations"
        self.regions = [args.region, args.second_region]
        self.region_map = dict(zip(SCENARIO_REGIONS, self.regions))
        self.profiles = {}        # role -> profile (aws)
        if self.target == "aws":
            if not args.profiles:
                raise HarnessError("--target aws needs --profiles (%s)" % ",".join(ROLES[self.mode]))
            names = args.profiles.split(",")
            if not 2 <= len(names) <= 3:
                raise HarnessError("--profiles takes two or three profile names: %s" % ",".join(ROLES[self.mode]))
            self.profiles = dict(zip(ROLES[self.mode], names))
        self.accounts = {}        # role -> account id (aws: from STS; mock: per scenario)
        self.caller = None

    @property
    def roles(self):
        return list(self.profiles) if self.target == "aws" else list(ROLES[self.mode])

    def journal_path(self):
        if self.args.journal:
            return self.args.journal
        # The profiles (or the mock's URL) name the journal, so --cleanup needs only those: the
        # journal itself knows the accounts, Regions and organization it has to put back.
        key = "aws " + self.args.profiles if self.target == "aws" else "mock " + self.endpoint
        base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
        digest = hashlib.sha256(key.encode()).hexdigest()[:16]
        return os.path.join(base, "securityhub-mock", "conformance-%s.json" % digest)

    def connect(self):
        prepare_environment(self.target)
        if self.target == "aws":
            self.caller = Caller("aws")
            seen = {}
            for role, profile in self.profiles.items():
                try:
                    account = self.caller.account_of(profile, self.regions[0])
                except Exception as e:  # noqa: BLE001 — any failure here means the profile is unusable
                    raise HarnessError("profile %s (role %s): STS GetCallerIdentity failed: %s" % (profile, role, e))
                if account in seen:
                    raise HarnessError("profiles %s and %s are the same account; give one account per role"
                                       % (seen[account], profile))
                seen[account] = profile
                self.accounts[role] = account
                log("role %-10s profile %-16s account %s" % (role, profile, account))
            self.caller.profiles = {self.accounts[r]: self.profiles[r] for r in self.accounts}
        else:
            health = control(self.endpoint, "GET", "/_mock/health")
            log("mock at %s, version %s" % (self.endpoint, health.get("version")))
            self.caller = Caller("mock", endpoint=self.endpoint)

    def scenario_accounts(self, entry):
        """{scenario account id: run account id} for the roles the scenario uses."""
        if self.target == "aws":
            return {sid: self.accounts[role] for sid, role in entry["roles"].items()}
        return {sid: sid for sid in entry["roles"]}

    def all_accounts(self, entries):
        """{run account id: role} over the scenarios that will run."""
        out = {}
        for e in entries:
            for sid, role in e["roles"].items():
                out[self.scenario_accounts(e)[sid]] = role
        return out

    def runnable(self, entry):
        if entry["mode"] != self.mode:
            if entry["mode"] == "organization":
                return "needs --org"
            return "an invitation scenario; --org runs only the organization ones"
        if self.args.scenarios and entry["name"] not in self.args.scenarios.split(","):
            return "not selected by --scenarios"
        missing = [r for r in needed_roles(entry) if r not in self.roles]
        if missing:
            return "needs the role%s %s: give %d profiles" % ("s" if len(missing) > 1 else "", ", ".join(missing),
                                                             len(ROLES[self.mode]))
        return None


# ----------------------------------------------------------------------------- state, baseline, clean-up

def read_state(run, accounts, regions, management=None):
    """What each account has in each Region: hub, members, administrator, invitations, enabled
    standards; and the organization's designated administrators as the management account sees
    them."""
    c = run.caller
    state = {}
    for region in regions:
        for account in accounts:
            s = {"hub": False, "members": {}, "administrator": None, "invitations": {}, "standards": {}}
            r = c.call(account, region, "DescribeHub", {})
            if r.failure:
                raise HarnessError("DescribeHub as %s in %s: %s" % (account, region, r.failure))
            if r.code is None:
                s["hub"] = True
            elif r.code not in ("InvalidAccessException",):
                raise HarnessError("DescribeHub as %s in %s answered %s %s: %s (check the profile's permissions, "
                                   "docs/conformance.md)" % (account, region, r.status, r.code, r.message))
            if s["hub"]:
                # A read that fails is never taken for "nothing there": what the run found is
                # what it must not touch, so an unreadable state stops the run instead.
                def read(op, params, paginate=None):
                    r = c.call(account, region, op, params, paginate)
                    if r.failure or r.code is not None:
                        raise HarnessError("%s as %s in %s answered %s %s: %s" % (
                            op, account, region, r.status, r.code or r.failure, r.message))
                    return r.output
                members = read("ListMembers", {"OnlyAssociated": False}, {"page_size": 50}).get("Members", [])
                s["members"] = {m["AccountId"]: m.get("MemberStatus") for m in members}
                adm = read("GetAdministratorAccount", {}).get("Administrator")
                s["administrator"] = adm.get("AccountId") if adm else None
                invitations = read("ListInvitations", {}, {"page_size": 50}).get("Invitations", [])
                s["invitations"] = {i["AccountId"]: i.get("MemberStatus") for i in invitations}
                enabled = read("GetEnabledStandards", {}, {"page_size": 100}).get("StandardsSubscriptions", [])
                s["standards"] = {e["StandardsSubscriptionArn"]: e.get("StandardsStatus") for e in enabled}
            state["%s/%s" % (account, region)] = s
        if management:
            r = c.call(management, region, "ListOrganizationAdminAccounts", {}, {"page_size": 10})
            if r.code is not None:
                raise HarnessError("ListOrganizationAdminAccounts as the management account in %s answered %s: %s"
                                   % (region, r.code, r.message))
            admins = r.output.get("AdminAccounts", [])
            state["organization/%s" % region] = {a["AccountId"]: a.get("Status") for a in admins}
    return state


def refusals(baseline, roles_of):
    """What the run did not create and would have to touch: (refusals --force overrides,
    refusals nothing overrides, notes). A relationship between two of the run's own accounts
    cannot be overridden: the scenarios themselves would disassociate and delete it."""
    out, hard, notes = [], [], []
    for key, s in sorted(baseline.items()):
        if key.startswith("organization/"):
            if s:
                out.append("the organization already has a Security Hub administrator in %s: %s"
                           % (key.split("/")[1], ", ".join(sorted(s))))
            continue
        account, region = key.split("/")
        who = "%s (%s)" % (account, roles_of.get(account, "?"))
        if s["members"]:
            n = len(s["members"])
            out.append("account %s has %d member%s in %s" % (who, n, "s" if n > 1 else "", region))
        if s["administrator"]:
            out.append("account %s has an administrator (%s) in %s" % (who, s["administrator"], region))
        for other in sorted((set(s["members"]) | set(s["invitations"]) | {s["administrator"]}) - {None}):
            if other in roles_of and other != account:
                hard.append("accounts %s and %s (%s) are already related in %s (a member record or an "
                            "invitation): the scenarios would change that; remove it first"
                            % (who, other, roles_of[other], region))
        if s["hub"]:
            notes.append("Security Hub is already on in account %s in %s: the run never disables it there, and "
                         "its EnableSecurityHub steps will record 409 where the mock recorded 200" % (who, region))
    return out, hard, notes


def clean_up(run, baseline, management=None, verbose=True):
    """Bring every account back to `baseline` (what the run found): members the run created are
    disassociated and deleted, invitations from the run's accounts declined and deleted, an
    organization designation the run made removed, and Security Hub disabled where the run
    enabled it. Each round reads everything, then acts; Security Hub is disabled only in a round
    that found nothing else to do, since an account without a hub hides its invitations. Rounds
    repeat until one finds nothing (AWS is eventually consistent), within a bound. Returns what
    is left, [] when every account is as the run found it."""
    c = run.caller
    accounts = sorted({k.split("/")[0] for k in baseline if not k.startswith("organization/")})
    regions = sorted({k.split("/")[1] for k in baseline if not k.startswith("organization/")})
    ours = set(accounts)
    deadline = time.monotonic() + (CLEANUP_SECONDS_AWS if run.target == "aws" else 10)
    rounds = 0
    while True:
        rounds += 1
        try:
            state = read_state(run, accounts, regions, management)
        except HarnessError as e:   # e.g. a hub AWS has not finished enabling or disabling
            if time.monotonic() > deadline or run.target != "aws":
                return ["cannot read the state: %s" % e]
            wait(5)
            continue
        left = []

        def act(account, region, op, params, why):
            left.append("%s in %s: %s %s (%s)" % (account, region, op, json.dumps(params), why))
            r = c.call(account, region, op, params)
            if verbose:
                log("  clean-up: %s as %s in %s %s -> %s" % (
                    op, account, region, json.dumps(params, separators=(",", ":")), r.code or r.status or r.failure))
            return r

        for region in regions:
            for account in accounts:
                s, b = state["%s/%s" % (account, region)], baseline["%s/%s" % (account, region)]
                if not s["hub"]:
                    continue
                extra = sorted(set(s["members"]) - set(b["members"]))
                enabled = [m for m in extra if s["members"][m] in ("Enabled", "AccountSuspended")]
                for k in range(0, len(enabled), 50):
                    act(account, region, "DisassociateMembers", {"AccountIds": enabled[k:k + 50]},
                        "members the run enabled")
                for k in range(0, len(extra), 50):
                    act(account, region, "DeleteMembers", {"AccountIds": extra[k:k + 50]}, "members the run created")
            if management:
                designated = state["organization/%s" % region]
                for admin, status in sorted(designated.items()):
                    if admin not in baseline["organization/%s" % region] and status == "ENABLED":
                        act(management, region, "DisableOrganizationAdminAccount", {"AdminAccountId": admin},
                            "the designation the run made")
                    elif admin not in baseline["organization/%s" % region]:
                        left.append("%s in %s: designation %s is %s" % (admin, region, admin, status))
            for account in accounts:
                s, b = state["%s/%s" % (account, region)], baseline["%s/%s" % (account, region)]
                if not s["hub"]:
                    continue
                if s["administrator"] and s["administrator"] != b["administrator"] and s["administrator"] in ours:
                    left.append("%s in %s: still a member of %s" % (account, region, s["administrator"]))
                stale = sorted(a for a in s["invitations"] if a in ours and a not in b["invitations"]
                               and a != s["administrator"])
                pending = [a for a in stale if s["invitations"][a] == "Invited"]
                if pending:
                    act(account, region, "DeclineInvitations", {"AccountIds": pending}, "invitations the run sent")
                if stale:
                    act(account, region, "DeleteInvitations", {"AccountIds": stale}, "invitations the run sent")
                # Standards cost money while enabled: each one the run enabled is disabled again
                # (one still PENDING is left for the next round; one DELETING is on its way out).
                added = sorted(a for a in s["standards"] if a not in b["standards"])
                ready = [a for a in added if s["standards"][a] in ("READY", "INCOMPLETE", "FAILED")]
                if ready:
                    act(account, region, "BatchDisableStandards", {"StandardsSubscriptionArns": ready},
                        "standards the run enabled")
                elif added:
                    left.append("%s in %s: standards %s are still %s" % (
                        account, region, ", ".join(added), ", ".join(s["standards"][a] for a in added)))
        if not left:
            for region in regions:
                for account in accounts:
                    s, b = state["%s/%s" % (account, region)], baseline["%s/%s" % (account, region)]
                    if s["hub"] and not b["hub"]:
                        act(account, region, "DisableSecurityHub", {}, "the run enabled it")
        if not left:
            return []
        if time.monotonic() > deadline or (run.target != "aws" and rounds >= 4):
            return left
        if run.target == "aws":
            wait(5)


class Journal:
    """What a run found before it changed anything, on disk until the run has put it back, so
    that an interrupted run is cleaned up by the next start (or by --cleanup)."""

    def __init__(self, path):
        self.path = path

    def load(self):
        if not os.path.exists(self.path):
            return None
        with open(self.path, encoding="utf-8") as f:
            return json.load(f)

    def save(self, content):
        os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        tmp = self.path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(content, f, indent=1, sort_keys=True)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, self.path)

    def remove(self):
        if os.path.exists(self.path):
            os.remove(self.path)


def recover(run, journal):
    """Clean up after an earlier run that did not finish. Returns True when there was one."""
    left_over = journal.load()
    if left_over is None:
        return False
    if left_over.get("target") != run.target:
        raise HarnessError("journal %s is of a %s run, not of this one" % (journal.path, left_over.get("target")))
    log("an earlier run did not finish (journal %s, started %s); putting back what it found"
        % (journal.path, left_over.get("started")))
    if run.target == "aws":
        missing = sorted(set(left_over["accounts"].values()) - set(run.accounts.values()))
        if missing:
            raise HarnessError("the journal names account%s %s, which none of these profiles is; clean up with the "
                               "profiles of the unfinished run" % ("s" if len(missing) > 1 else "", ", ".join(missing)))
    left = clean_up(run, left_over["baseline"], left_over.get("management"))
    if left:
        raise HarnessError("clean-up could not finish:\n  " + "\n  ".join(left))
    journal.remove()
    log("clean-up done: every account is as the earlier run found it")
    return True


# ----------------------------------------------------------------------------- running a scenario

def expectation_problem(step, result):
    """How an answer differs from the scenario's expectation (scenario_lib's matching), with the
    lists whose order AWS does not promise compared in sorted order; None when it matches."""
    expected = {k: rec.unordered(step[k]) for k in ("expect", "expect_error") if k in step}
    outcome = result.outcome()
    outcome.output = rec.unordered(outcome.output)
    return lib.check(dict(step, **expected), outcome)


class ScenarioRun:
    def __init__(self, run, entry, baseline):
        self.run, self.entry, self.baseline = run, entry, baseline
        self.amap = run.scenario_accounts(entry)
        roles = {self.amap[sid]: role for sid, role in entry["roles"].items()}
        regions = {r: ("region" if i == 0 else "region-%d" % (i + 1)) for i, r in enumerate(run.regions)}
        self.norm = rec.Normaliser(roles, regions)
        self.lines = []
        self.unexpected = 0
        self.retried = {}

    def record(self, line):
        self.lines.append(self.norm.line(line))

    def execute(self):
        run, entry = self.run, self.entry
        variables = {}
        consistent = True   # reads are retried (AWS only) while everything so far went as the scenario expects
        run_accounts = set(self.amap.values())
        for idx, raw in enumerate(entry["scenario"]["steps"]):
            if other_client(raw):
                continue
            reason, keeps = static_skip(raw)
            if reason:
                self.record({"step": idx, "op": raw.get("op", "control"), "skipped": reason})
                consistent = consistent and keeps
                log("  step %d %s: not sent (%s)" % (idx, raw.get("op", "control"), reason))
                continue
            mapped = map_strings(raw, self.amap, run.region_map)
            iters = list(lib.iterations(raw))
            for n, overlay in enumerate(iters):
                base = {"step": idx, "op": raw["op"]}
                if "for" in raw:
                    base["iteration"] = n
                try:
                    step = cost_input(build_step(mapped, dict(variables, **overlay)))
                except lib.ScenarioError as e:
                    self.record(dict(base, not_run=str(e)))
                    consistent = False
                    log("  step %d %s: not run (%s)" % (idx, raw["op"], e))
                    continue
                why = safety_skip(step, run_accounts, entry["mode"])
                if why:
                    self.record(dict(base, skipped=why))
                    consistent = False
                    log("  step %d %s: not sent (%s)" % (idx, raw["op"], why))
                    continue
                found = self.baseline.get("%s/%s" % (step["as"], step["region"]), {})
                if step["op"] == "DisableSecurityHub" and found.get("hub"):
                    why = ("Security Hub was on in this account and Region before the run; the run disables only "
                           "what it enabled")
                    self.record(dict(base, skipped=why))
                    consistent = False
                    log("  step %d %s: not sent (%s)" % (idx, raw["op"], why))
                    continue
                result, attempts = self.send(step, consistent)
                line = dict(base, **{"as": step["as"], "region": step["region"], "input": step["input"],
                                     "status": result.status})
                if result.pages is not None:
                    line["pages"] = result.pages
                if result.failure:
                    line["not_run"] = result.failure
                elif result.code is not None:
                    line["error"] = {"code": result.code, "message": result.message}
                else:
                    line["output"] = result.output
                self.record(line)
                problem = expectation_problem(step, result)
                if problem:
                    self.unexpected += 1
                    consistent = False
                if problem or not run.args.quiet:
                    log("  step %d%s %s as %s: %s %s%s" % (
                        idx, " #%d" % n if "for" in raw else "", step["op"], self.norm.text(step["as"]),
                        result.status or "-", result.code or "", " (%d attempts)" % attempts if attempts > 1 else ""))
                if problem:
                    log("    differs from the scenario: " + problem)
                if attempts > 1:
                    self.retried[str(idx)] = attempts
                for var, path in mapped.get("save", {}).items():
                    try:
                        variables[var] = lib.get_path(result.output, path)
                    except lib.ScenarioError:
                        variables.pop(var, None)   # a later step that needs it is recorded as not run
        return self.lines

    def send(self, step, consistent):
        """One call; against AWS a read that does not yet show what the scenario expects is asked
        again a few times (decision 15), never against the mock."""
        c = self.run.caller
        attempts = 1
        result = c.call(step["as"], step["region"], step["op"], step["input"], step.get("paginate"))
        if self.run.target != "aws" or not consistent or not is_read(step["op"]) or \
                ("expect" not in step and "expect_error" not in step):
            return result, attempts
        for delay in RETRY_DELAYS:
            if expectation_problem(step, result) is None:
                break
            wait(delay)
            attempts += 1
            result = c.call(step["as"], step["region"], step["op"], step["input"], step.get("paginate"))
        return result, attempts


# ----------------------------------------------------------------------------- the commands

def do_run(args):
    entries = load_table()
    run = Run(args)
    manifest = {"format": rec.FORMAT, "target": run.target, "scenarios": {}}
    selected = []
    for e in entries:
        why = run.runnable(e)
        if why:
            manifest["scenarios"][e["name"]] = {"status": "skipped", "reason": why}
        else:
            selected.append(e)
    if args.dry_run:
        prepare_environment(run.target)
        return dry_run(run, selected, manifest)
    started = time.monotonic()
    if run.target == "aws":
        log(COST)
    run.connect()
    if run.target != "aws":
        # A mock knows no organization unless told: the organization a scenario assumes (the
        # only fixture part a conformance scenario may have) is the real one's counterpart.
        for e in selected:
            if e["world"] is not None:
                control(run.endpoint, "POST", "/_mock/fixtures", e["world"])
    journal = Journal(run.journal_path())
    recovered = recover(run, journal)
    if args.cleanup:
        if not recovered:
            log("nothing to clean up: no unfinished run for these %s (journal %s)"
                % ("profiles" if run.target == "aws" else "targets", journal.path))
        return 0
    if not selected:
        raise HarnessError("no scenario can run: " + "; ".join(
            "%s: %s" % (k, v["reason"]) for k, v in manifest["scenarios"].items()))
    accounts = run.all_accounts(selected)
    management = None
    if run.mode == "organization":
        management = next(a for a, r in accounts.items() if r == "management")
        check_organization(run, accounts, management)
    regions = sorted({run.region_map.get(st.get("region", "us-east-1"), st.get("region", "us-east-1"))
                      for e in selected for st in e["scenario"]["steps"] if "control" not in st}, key=run.regions.index)
    baseline = read_state(run, sorted(accounts), regions, management)
    trusted = trusted_access(run, management) if management and run.target == "aws" else None
    problems, hard, notes = refusals(baseline, accounts)
    for n in notes:
        log("note: " + n)
    if hard:
        raise Refused("refusing to start, even with --force:\n  " + "\n  ".join(hard))
    if problems:
        msg = "refusing to start: the run would touch what it did not create:\n  " + "\n  ".join(problems)
        if not args.force:
            raise Refused(msg + "\nRemove those (or choose other accounts or Regions), or pass --force to run anyway "
                                "(the run never touches members or administrators it did not create).")
        log("--force: " + msg.replace("refusing to start", "starting anyway"))
    journal.save({"target": run.target, "started": now(), "accounts": run.accounts if run.target == "aws" else {},
                  "baseline": baseline, "management": management})
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):   # an earlier recording in the same place is replaced, not mixed in
        if name.endswith(".jsonl") or name in ("run.json", "environment.json"):
            os.remove(os.path.join(args.out, name))
    unexpected = 0
    try:
        for e in selected:
            log("scenario %s" % e["name"])
            sr = ScenarioRun(run, e, baseline)
            lines = sr.execute()
            with open(os.path.join(args.out, e["name"] + ".jsonl"), "w", encoding="utf-8") as f:
                for line in lines:
                    f.write(rec.dumps(line) + "\n")
            left = clean_up(run, baseline, management, verbose=not args.quiet)
            if left:
                raise CleanupIncomplete("clean-up after %s could not finish (the journal %s keeps what to put back; "
                                   "run again with --cleanup):\n  %s" % (e["name"], journal.path, "\n  ".join(left)))
            entry = {"status": "recorded", "calls": sum(1 for l in lines if "status" in l),
                     "skipped_steps": sum(1 for l in lines if "skipped" in l)}
            if run.target == "aws" and sr.retried:
                entry["reads_retried"] = sr.retried
            manifest["scenarios"][e["name"]] = entry
            unexpected += sr.unexpected
    except CleanupIncomplete:
        raise
    except (KeyboardInterrupt, Exception) as e:   # noqa: BLE001 — whatever stopped the run, put things back
        log("stopped (%s): cleaning up" % (type(e).__name__ if isinstance(e, KeyboardInterrupt) else e))
        try:
            if not clean_up(run, baseline, management):
                journal.remove()
        except Exception as again:  # noqa: BLE001
            log("the clean-up failed too (%s); the journal %s keeps what to put back: run with --cleanup"
                % (again, journal.path))
        raise
    finally:
        run.caller.close()
    journal.remove()
    manifest["mode"] = run.mode
    rec.write_json(os.path.join(args.out, "run.json"), manifest)
    if not args.no_environment:
        rec.write_json(os.path.join(args.out, "environment.json"), environment(run))
    log("recorded %d scenario%s in %s with %d calls in %.0f s; %d step%s differ%s from the scenarios' expectations"
        % (len(selected), "s" if len(selected) != 1 else "", args.out, run.caller.calls, time.monotonic() - started,
           unexpected, "s" if unexpected != 1 else "", "" if unexpected != 1 else "s"))
    if trusted is not None:
        note_trusted_access(run, management, trusted)
    return 0


def check_organization(run, accounts, management):
    """--org against AWS: the three profiles must be one organization's management account and
    two of its accounts (Organizations DescribeOrganization, which any member may call)."""
    if run.target != "aws":
        return
    for account, role in sorted(accounts.items(), key=lambda x: x[1]):
        r = run.caller.call(account, run.regions[0], "DescribeOrganization", {}, service="organizations")
        if r.code or r.failure:
            raise HarnessError("Organizations DescribeOrganization as %s (%s) failed: %s %s; --org needs three "
                               "accounts of one organization" % (role, account, r.code or r.failure, r.message or ""))
        org = r.output["Organization"]
        if org.get("MasterAccountId") != management:
            raise Refused("account %s (%s) is in an organization whose management account is %s, not the "
                          "management profile's %s" % (account, role, org.get("MasterAccountId"), management))


def trusted_access(run, management):
    """Whether Organizations trusts Security Hub (EnableOrganizationAdminAccount turns that on,
    and removing the designation does not turn it off); None when it cannot be read."""
    r = run.caller.call(management, run.regions[0], "ListAWSServiceAccessForOrganization", {}, service="organizations")
    if r.code or r.failure:
        log("note: cannot read Organizations' trusted services (%s); the run cannot tell whether it leaves "
            "trusted access for securityhub.amazonaws.com on" % (r.code or r.failure))
        return None
    return any(p.get("ServicePrincipal") == "securityhub.amazonaws.com"
               for p in r.output.get("EnabledServicePrincipals", []))


def note_trusted_access(run, management, before):
    after = trusted_access(run, management)
    if after and not before:
        log("note: the designation turned on Organizations' trusted access for securityhub.amazonaws.com, which "
            "removing it leaves on. It costs nothing; to turn it off as the run found it, as the management account:\n"
            "  aws organizations disable-aws-service-access --service-principal securityhub.amazonaws.com --profile %s"
            % run.profiles.get("management"))


def environment(run):
    import boto3
    import botocore
    env = {"target": run.target, "boto3": boto3.__version__, "botocore": botocore.__version__,
           "python": sys.version.split()[0], "date": now(), "regions": run.regions}
    if run.target != "aws":
        try:
            env["mock"] = control(run.endpoint, "GET", "/_mock/health").get("version")
        except HarnessError:
            pass
    return env


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Lenient(dict):
    """Variables for a dry run: a value saved from an answer is not known yet, so it shows as ${name}."""

    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        return dict.get(self, key, "${%s}" % key)


def dry_run(run, selected, manifest):
    """Every call the run would make, per account, and nothing sent."""
    where = ("AWS, Region %s (second Region %s)" % tuple(run.regions) if run.target == "aws"
             else "the mock at %s" % run.endpoint)
    log("dry run: nothing is sent. Target: %s; %s scenarios." % (where, run.mode))
    if run.target == "aws":
        import botocore.session
        known = botocore.session.Session().available_profiles
        for role, profile in run.profiles.items():
            if profile not in known:
                raise HarnessError("profile %s (role %s) is not in your AWS configuration (%s)"
                                   % (profile, role, os.environ.get("AWS_CONFIG_FILE", "~/.aws/config")))
        log(COST)
    per = {role: [] for role in run.roles}
    sent = skipped = 0
    regions_used = set()
    for e in selected:
        names = {sid: "<%s>" % role for sid, role in e["roles"].items()}
        variables = Lenient()
        for idx, raw in enumerate(e["scenario"]["steps"]):
            if other_client(raw):
                continue
            reason, _ = static_skip(raw)
            if reason:
                log("  not sent: %s step %d %s: %s" % (e["name"], idx, raw.get("op", "control"), reason))
                skipped += 1
                continue
            for overlay in lib.iterations(raw):
                step = cost_input(build_step(raw, Lenient(variables, **overlay)))
                why = safety_skip(step, set(e["roles"]), e["mode"])
                if why:
                    log("  not sent: %s step %d %s: %s" % (e["name"], idx, raw["op"], why))
                    skipped += 1
                    continue
                region = run.region_map.get(step["region"], step["region"])
                regions_used.add(region)
                shown = map_strings(step["input"], names, run.region_map)
                text = json.dumps(shown, separators=(",", ":"))
                if len(text) > 160:
                    text = text[:160] + "...(%d chars)" % len(text)
                per[e["roles"][step["as"]]].append("%s step %d: %s in %s %s%s" % (
                    e["name"], idx, step["op"], region, text, " (all pages)" if step.get("paginate") else ""))
                sent += 1
    for role in run.roles:
        who = ("profile %s (role %s; its account from STS GetCallerIdentity)" % (run.profiles[role], role)
               if run.target == "aws" else "role %s" % role)
        log("\n%s:" % who)
        if run.target == "aws":
            log("  sts GetCallerIdentity")
            if run.mode == "organization":
                log("  organizations DescribeOrganization (the three accounts are one organization)")
                if role == "management":
                    log("  organizations ListAWSServiceAccessForOrganization (before and after the run)")
        regions = ", ".join(r for r in run.regions if r in regions_used)
        log("  before the first scenario, in %s: DescribeHub, ListMembers, GetAdministratorAccount, "
            "ListInvitations%s" % (regions, ", ListOrganizationAdminAccounts" if role == "management" else ""))
        for c in per[role]:
            log("  " + c)
        log("  after each scenario, in %s: the same reads, then only what puts back what the run found: "
            "DisassociateMembers, DeleteMembers, DeclineInvitations, DeleteInvitations, %sDisableSecurityHub "
            "(only where the run enabled it)"
            % (regions, "DisableOrganizationAdminAccount, " if role == "management" else ""))
    for name, v in sorted(manifest["scenarios"].items()):
        log("scenario %s not run: %s" % (name, v["reason"]))
    log("\n%d scenario calls from %d scenarios (%d steps not sent), plus the reads and clean-up above."
        % (sent, len(selected), skipped))
    return 0


def do_diff(args):
    count = rec.diff(args.diff[0], args.diff[1], sys.stdout)
    return EXIT_DIFFERENCES if count else 0


def do_record_mock(args):
    """The committed recording: a fresh mock (port 0), the invitation scenarios and then the
    organization ones, each kind recorded into its own staging directory, merged into `out`."""
    binary = args.binary or os.path.join(REPO, "build", "securityhub-mock")
    if not os.path.exists(binary):
        raise HarnessError("%s does not exist: build first (cmake --build build) or give --binary" % binary)
    out = args.out or COMMITTED
    staging = out + ".new"
    shutil.rmtree(staging, ignore_errors=True)
    manifest = {"format": rec.FORMAT, "target": "mock", "mode": "invitations and organization", "scenarios": {}}
    server = lib.Server(binary).start()
    try:
        for mode in ("invitations", "organization"):
            part_dir = os.path.join(staging, mode)
            sub = argparse.Namespace(**dict(vars(args), target=server.endpoint, org=(mode == "organization"),
                                            out=part_dir, dry_run=False, cleanup=False, force=False,
                                            no_environment=True, profiles=None,
                                            journal=os.path.join(staging, "journal-%s.json" % mode)))
            rc = do_run(sub)
            if rc:
                return rc
            with open(os.path.join(part_dir, "run.json"), encoding="utf-8") as f:
                part = json.load(f)
            for name, v in part["scenarios"].items():
                if v["status"] == "recorded" or name not in manifest["scenarios"]:
                    manifest["scenarios"][name] = v
    finally:
        rc_server = server.stop()
    if rc_server != 0:
        raise HarnessError("the mock's exit code after SIGTERM was %s" % rc_server)
    os.makedirs(out, exist_ok=True)
    for name in os.listdir(out):   # only a recording's own files are replaced
        if name.endswith(".jsonl") or name in ("run.json", "environment.json"):
            os.remove(os.path.join(out, name))
    for mode in ("invitations", "organization"):
        for n in sorted(os.listdir(os.path.join(staging, mode))):
            if n.endswith(".jsonl"):
                os.replace(os.path.join(staging, mode, n), os.path.join(out, n))
    rec.write_json(os.path.join(out, "run.json"), manifest)
    shutil.rmtree(staging)
    log("recorded the mock into %s" % out)
    return 0


def parse(argv):
    p = argparse.ArgumentParser(
        prog="scripts/conformance.sh",
        description="Run the client scenarios against a mock or real AWS through boto3, record every call, "
                    "compare recordings (docs/conformance.md).")
    p.add_argument("--target", help="a running mock's URL (http://127.0.0.1:9777), or 'aws'")
    p.add_argument("--profiles", help="with --target aws: named AWS CLI profiles, admin,member[,third] "
                                      "(with --org: management,delegated,member)")
    p.add_argument("--org", action="store_true",
                   help="the accounts are an organization's management account, a delegated administrator to be, "
                        "and a member: run the organization scenarios")
    p.add_argument("--region", default="us-east-1", help="the Region of the scenarios' us-east-1 steps (us-east-1)")
    p.add_argument("--second-region", default=None,
                   help="the Region of their eu-west-1 steps (eu-west-1, or us-east-1 when --region is eu-west-1)")
    p.add_argument("--out", help="the recording directory to write")
    p.add_argument("--scenarios", help="only these scenarios (comma-separated names)")
    p.add_argument("--dry-run", action="store_true",
                   help="list, per account, every call the run would make; send nothing")
    p.add_argument("--cleanup", action="store_true", help="only put back what an unfinished earlier run changed")
    p.add_argument("--force", action="store_true", help="start even when an account has members or an administrator "
                                                        "the run did not create (they are left alone)")
    p.add_argument("--journal", help="where the run keeps what it found (default: under ~/.local/state)")
    p.add_argument("--quiet", action="store_true", help="print only steps that differ from the scenario")
    p.add_argument("--no-environment", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--diff", nargs=2, metavar=("DIR_A", "DIR_B"),
                   help="compare two recordings; exit 1 on any difference")
    p.add_argument("--record-mock", action="store_true",
                   help="record a freshly started mock into tests/conformance/mock (the committed recording)")
    p.add_argument("--binary", help="with --record-mock: the server binary (build/securityhub-mock)")
    args = p.parse_args(argv)
    if args.second_region is None:
        args.second_region = "us-east-1" if args.region == "eu-west-1" else "eu-west-1"
    if args.region == args.second_region:
        p.error("--region and --second-region must differ")
    modes = sum(bool(x) for x in (args.diff, args.record_mock, args.target))
    if modes != 1:
        p.error("give one of --target, --diff or --record-mock")
    if args.target and not (args.out or args.dry_run or args.cleanup):
        p.error("--target needs --out DIR (or --dry-run, or --cleanup)")
    if args.target and args.target != "aws" and not re.match(r"^https?://", args.target):
        p.error("--target is 'aws' or a mock's URL such as http://127.0.0.1:9777")
    if args.profiles and args.target != "aws":
        p.error("--profiles goes with --target aws (a mock's accounts are its 12-digit access keys)")
    return args


def terminated(signum, frame):
    """SIGTERM: clean up as after Ctrl-C (SIGKILL leaves it to the next start's journal)."""
    raise KeyboardInterrupt()


def main(argv):
    args = parse(argv)
    signal.signal(signal.SIGTERM, terminated)
    if os.environ.get("SHMOCK_CONFORMANCE_NO_NETWORK") == "1":
        forbid_network()
    try:
        if args.diff:
            return do_diff(args)
        if args.record_mock:
            return do_record_mock(args)
        return do_run(args)
    except Refused as e:
        sys.stderr.write("conformance: %s\n" % e)
        return EXIT_REFUSED
    except (HarnessError, lib.ScenarioError, rec.RecordingError) as e:
        sys.stderr.write("conformance: %s\n" % e)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
