#!/usr/bin/python3
"""Tests of the conformance harness (scripts/conformance.sh, docs/conformance.md). Each test
starts its own mock (port 0) from the build tree and talks only to 127.0.0.1.

usage: test_conformance.py TEST SERVER_BINARY
  mock_twice          two runs against one mock: the second finds it clean, the diff is empty
  fault               a fault rule changes one answer: the diff names that operation, exit 1
  dry_run             --target aws with fake profiles lists every call and opens no connection
  aws_path            --target aws, its calls sent to a mock (test mode): the same recording
  masks               the masks on made-up answers: other accounts, ids and order, equal lines
  committed           a fresh recording of the mock equals tests/conformance/mock byte for byte
  safety              refuses foreign members (unless --force, which leaves them alone); a
                      terminated run cleans up; a killed one is repaired by --cleanup
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(REPO, "tests", "clients"))
import scenario_lib as lib  # noqa: E402

HARNESS = os.path.join(REPO, "scripts", "conformance.sh")
COMMITTED = os.path.join(HERE, "mock")


class Failed(Exception):
    pass


def expect(cond, what):
    if not cond:
        raise Failed(what)


def harness(args, env_extra=None, work=None):
    """Run scripts/conformance.sh; return (exit code, stdout+stderr)."""
    env = dict(os.environ)
    env["SHMOCK_CONFORMANCE_PYTHON"] = sys.executable
    env["XDG_STATE_HOME"] = os.path.join(work, "state")   # journals stay in the test's directory
    env.update(env_extra or {})
    p = subprocess.run([HARNESS] + args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env,
                       timeout=240, cwd=REPO)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def control(endpoint, method, path, body=None):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(endpoint + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with opener.open(req, timeout=30) as r:
        return r.read().decode()


def state(endpoint):
    """The mock's whole state (GET /_mock/state): hubs and member records."""
    text = control(endpoint, "GET", "/_mock/state")
    return json.loads(text)


def show(out, limit=6000):
    return out if len(out) <= limit else out[:2000] + "\n...\n" + out[-4000:]


# ----------------------------------------------------------------------------- tests

def test_mock_twice(binary, work):
    server = lib.Server(binary).start()
    try:
        a, b = os.path.join(work, "a"), os.path.join(work, "b")
        rc, out = harness(["--target", server.endpoint, "--out", a, "--quiet"], work=work)
        expect(rc == 0, "first run failed (exit %d):\n%s" % (rc, show(out)))
        expect("differ from the scenarios' expectations" in out and " 0 steps differ" in out,
               "the mock should answer every scenario step as the scenario expects:\n%s" % show(out))
        # Nothing may be left: the second run's preflight would refuse, and the state is empty.
        st = state(server.endpoint)
        expect(not st.get("hubs") and not st.get("members"), "the first run left state behind: %s" % json.dumps(st)[:500])
        rc, out = harness(["--target", server.endpoint, "--out", b, "--quiet"], work=work)
        expect(rc == 0, "second run failed (exit %d):\n%s" % (rc, show(out)))
        rc, out = harness(["--diff", a, b], work=work)
        expect(rc == 0 and "0 differences" in out, "two runs against the mock differ (exit %d):\n%s" % (rc, show(out)))
        names = sorted(n for n in os.listdir(a) if n.endswith(".jsonl"))
        expect(len(names) >= 7, "expected a recording per invitation scenario, got %s" % names)
    finally:
        server.stop()


def test_fault(binary, work):
    server = lib.Server(binary).start()
    try:
        a, b = os.path.join(work, "a"), os.path.join(work, "b")
        scen = ["--scenarios", "walkthrough,decline-delete"]
        rc, out = harness(["--target", server.endpoint, "--out", a, "--quiet"] + scen, work=work)
        expect(rc == 0, "run A failed (exit %d):\n%s" % (rc, show(out)))
        # The member's first GetInvitationsCount (walkthrough step 9) answers a server fault.
        control(server.endpoint, "POST", "/_mock/faults", {
            "operation": "GetInvitationsCount", "account": "222222222222", "count": 1,
            "error": {"status": 500, "code": "InternalException", "message": "Injected by the conformance test"}})
        rc, out = harness(["--target", server.endpoint, "--out", b, "--quiet"] + scen, work=work)
        expect(rc == 0, "run B failed (exit %d):\n%s" % (rc, show(out)))
        rc, out = harness(["--diff", a, b], work=work)
        print(out)
        expect(rc == 1, "--diff should exit 1 on a difference, got %d" % rc)
        expect("walkthrough, step 9, GetInvitationsCount (as <member>):" in out,
               "the diff should name scenario, step and operation of the changed answer")
        expect("1 difference\n" in out, "exactly the faulted call should differ")
        for field, a_val, b_val in (("status", "200", "500"), ("error.code", "(absent)", '"InternalException"'),
                                    ("output.InvitationsCount", "1", "(absent)")):
            rows = [l.split() for l in out.splitlines() if l.strip().startswith(field + " ")]
            expect(rows == [[field, a_val, "|", b_val]],
                   "the %s field should be shown side by side (%s | %s): %s" % (field, a_val, b_val, rows))
    finally:
        server.stop()


def test_dry_run(binary, work):
    # Fake profiles: valid configuration, keys that open nothing.
    config = os.path.join(work, "aws-config")
    with open(config, "w") as f:
        for name in ("conf-admin", "conf-member", "conf-third"):
            f.write("[profile %s]\nregion = eu-central-1\naws_access_key_id = AKIAFAKE%s\n"
                    "aws_secret_access_key = fake\n" % (name, name[5:].upper()))
    # A trap: every proxy and endpoint setting points at this listening socket; any connection
    # the run opened would be accepted here.
    trap = socket.socket()
    trap.bind(("127.0.0.1", 0))
    trap.listen(16)
    trap.settimeout(0.2)
    accepted = []

    def watch():
        while not stop.is_set():
            try:
                conn, _ = trap.accept()
                accepted.append(conn)
            except OSError:
                pass
    stop = threading.Event()
    t = threading.Thread(target=watch, daemon=True)
    t.start()
    url = "http://127.0.0.1:%d" % trap.getsockname()[1]
    env = {"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
           "HTTPS_PROXY": url, "HTTP_PROXY": url, "https_proxy": url, "http_proxy": url, "NO_PROXY": "",
           "AWS_EC2_METADATA_SERVICE_ENDPOINT": url, "AWS_EC2_METADATA_DISABLED": "false",
           "SHMOCK_CONFORMANCE_NO_NETWORK": "1"}
    try:
        rc, out = harness(["--target", "aws", "--profiles", "conf-admin,conf-member,conf-third", "--dry-run"],
                          env_extra=env, work=work)
        print(out)
        expect(rc == 0, "the dry run failed (exit %d)" % rc)
        for role, profile in (("admin", "conf-admin"), ("member", "conf-member"), ("third", "conf-third")):
            expect("profile %s (role %s" % (profile, role) in out, "no section for profile %s" % profile)
        expect("sts GetCallerIdentity" in out, "the STS call that finds each account should be listed")
        for call in ("walkthrough step 0: EnableSecurityHub in us-east-1 {\"EnableDefaultStandards\":false}",
                     "walkthrough step 11: AcceptAdministratorInvitation in us-east-1 "
                     "{\"AdministratorId\":\"<admin>\",\"InvitationId\":\"${inv}\"}",
                     "errors-limits step 41: ListMembers in eu-west-1 {}",
                     "hub-lifecycle step 39: DisableSecurityHub in eu-west-1 {}"):
            expect(call in out, "the dry run should list %r" % call)
        expect("not sent: hub-lifecycle step 43 DescribeActionTargets" in out, "steps never sent should be named")
        expect("Cost:" in out, "the cost of a run should be stated")
        expect("scenario organization-members not run: needs --org" in out, "skipped scenarios should be named")
        # With --org: the organization scenario's calls, per role.
        rc, out = harness(["--target", "aws", "--org", "--profiles", "conf-admin,conf-member,conf-third",
                           "--dry-run"], env_extra=env, work=work)
        print(out)
        expect(rc == 0, "the --org dry run failed (exit %d)" % rc)
        expect("organization-members step 3: EnableOrganizationAdminAccount in us-east-1 "
               "{\"AdminAccountId\":\"<delegated>\"}" in out, "the --org dry run should list the designation")
        # The guard is real: the same command without --dry-run must be stopped at its first
        # connection (STS), not reach the trap.
        rc, out = harness(["--target", "aws", "--profiles", "conf-admin,conf-member", "--out",
                           os.path.join(work, "never")], env_extra=env, work=work)
        expect(rc == 97 and "network use attempted" in out,
               "the network guard should stop a real run (exit 97), got %d:\n%s" % (rc, show(out)))
    finally:
        stop.set()
        t.join(2)
        trap.close()
    expect(not accepted, "%d connection(s) reached the trap" % len(accepted))
    expect(not os.path.exists(os.path.join(work, "never")), "the stopped run should have written nothing")


def test_aws_path(binary, work):
    """--target aws end to end (profiles, STS GetCallerIdentity, scenario accounts mapped onto
    other accounts, retries armed), with its calls sent to a mock by the harness's test mode:
    the recording equals the mock's committed one."""
    server = lib.Server(binary).start()
    try:
        config = os.path.join(work, "aws-config")
        with open(config, "w") as f:
            # In the reverse order of the scenarios' ids, so the service's order (by account id)
            # differs from the mock recording's: the recording must not depend on it.
            for name, key in (("p-admin", "666666666666"), ("p-member", "555555555555"), ("p-third", "444444444444")):
                f.write("[profile %s]\naws_access_key_id = %s\naws_secret_access_key = x\n" % (name, key))
        env = {"AWS_CONFIG_FILE": config, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
               "AWS_EC2_METADATA_DISABLED": "true", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
               "SHMOCK_CONFORMANCE_AWS_ENDPOINT": server.endpoint,
               "AWS_ACCESS_KEY_ID": "999999999999", "AWS_PROFILE": "nonexistent"}   # must be ignored
        out_dir = os.path.join(work, "aws")
        rc, out = harness(["--target", "aws", "--profiles", "p-admin,p-member,p-third", "--out", out_dir, "--quiet"],
                          env_extra=env, work=work)
        expect(rc == 0, "the aws-path run failed (exit %d):\n%s" % (rc, show(out)))
        for role, account in (("admin", "666666666666"), ("member", "555555555555"), ("third", "444444444444")):
            expect(re.search(r"role %s +profile p-%s +account %s" % (role, role, account), out),
                   "STS should have found %s for role %s:\n%s" % (account, role, show(out)))
        rc, out = harness(["--diff", COMMITTED, out_dir], work=work)
        print(out)
        expect(rc == 0 and "0 differences" in out, "the aws path should record what the mock recording holds")
        expect("organization-members: only in A; B skipped it: needs --org" in out, "the skipped scenario should be noted")
        for name in os.listdir(out_dir):
            if name.endswith(".jsonl"):
                with open(os.path.join(out_dir, name)) as f:
                    text = f.read()
                for account in ("444444444444", "555555555555", "666666666666"):
                    expect(account not in text, "%s: account %s was not masked" % (name, account))
        st = state(server.endpoint)
        expect(not st.get("hubs") and not st.get("members"), "the run left state: %s" % json.dumps(st)[:500])
    finally:
        server.stop()


def test_masks(binary, work):
    """The one table of masks, on answers made up to provoke it (the other tests see only what
    the mock answers)."""
    sys.path.insert(0, os.path.join(REPO, "scripts"))
    import conformance_record as rec

    def masked(accounts, answer):
        n = rec.Normaliser(accounts, {"us-east-1": "region", "eu-west-1": "region-2"})
        return rec.dumps(n.line({"step": 0, "op": "ListInvitations", "as": "999999999999", "region": "us-east-1",
                                 "input": {}, "status": 200, "output": answer}))
    inv_a, inv_b = "0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"
    one = masked({"111111111111": "admin", "333333333333": "third"}, {"Invitations": [
        {"AccountId": "111111111111", "InvitationId": inv_a, "InvitedAt": "2026-01-02T03:04:05.678Z"},
        {"AccountId": "333333333333", "InvitationId": inv_b, "InvitedAt": "2026-01-02T03:04:06.000Z"}]})
    # The same answer from other accounts, listed in the other order, with other ids.
    two = masked({"777777777777": "admin", "444444444444": "third"}, {"Invitations": [
        {"AccountId": "444444444444", "InvitationId": "99999999999999999999999999999999", "InvitedAt": "2027-05-05T05:05:05.555Z"},
        {"AccountId": "777777777777", "InvitationId": "88888888888888888888888888888888", "InvitedAt": "2027-05-05T05:05:04.000Z"}]})
    expect(one == two, "equal answers should mask to equal lines:\n%s\n%s" % (one, two))
    expect('"AccountId":"<admin>","InvitationId":"<invitation-1>","InvitedAt":"<timestamp>"' in one, one)
    expect('"<invitation-2>"' in one and '"as":"999999999999"' in one and '"region":"<region>"' in one, one)
    n = rec.Normaliser({"111111111111": "admin"}, {"us-east-1": "region"})
    got = n.value({"HubArn": "arn:aws:securityhub:us-east-1:111111111111:hub/default",
                   "InvitationId": "5c1e2f-uuid-like", "SubscribedAt": "2026-01-02T03:04:05Z",
                   "Message": "Account 111111111111 is not subscribed; request 3f2b8e4a-1c2d-4e5f-9a8b-7c6d5e4f3a2b",
                   "Other": "id a1234567890123b stays", "NextToken": "abc=="})
    expect(got == {"HubArn": "arn:aws:securityhub:<region>:<admin>:hub/default",
                   "InvitationId": "<invitation-1 9x9x9x-uuix-likx>", "SubscribedAt": "<timestamp 9999-99-99T99:99:99Z>",
                   "Message": "Account <admin> is not subscribed; request <uuid>",
                   "Other": "id a1234567890123b stays", "NextToken": "<token>"}, "masks: %s" % got)


def test_committed(binary, work):
    fresh = os.path.join(work, "fresh")
    rc, out = harness(["--record-mock", "--binary", binary, "--out", fresh, "--quiet"], work=work)
    expect(rc == 0, "recording the mock failed (exit %d):\n%s" % (rc, show(out)))
    names_c = sorted(os.listdir(COMMITTED)) if os.path.isdir(COMMITTED) else []
    names_f = sorted(os.listdir(fresh))
    problems = []
    if names_c != names_f:
        problems.append("files differ: committed %s, fresh %s" % (names_c, names_f))
    for n in sorted(set(names_c) & set(names_f)):
        with open(os.path.join(COMMITTED, n), "rb") as a, open(os.path.join(fresh, n), "rb") as b:
            if a.read() != b.read():
                problems.append("%s differs" % n)
    if problems:
        rc, out = harness(["--diff", COMMITTED, fresh], work=work)
        raise Failed("the mock's answers changed, and tests/conformance/mock was not re-recorded:\n  %s\n\n%s\n"
                     "If the change is intended, re-record and commit the recording with the change:\n"
                     "  scripts/conformance.sh --record-mock --binary %s\n"
                     "  git add tests/conformance/mock" % ("\n  ".join(problems), out, binary))


def test_safety(binary, work):
    server = lib.Server(binary).start()
    try:
        ep = server.endpoint
        only = ["--scenarios", "walkthrough"]
        # An administrator with a member the run did not create: refuse, change nothing.
        control(ep, "POST", "/_mock/fixtures", {
            "hubs": [{"accountId": "111111111111", "region": "us-east-1"}],
            "members": [{"region": "us-east-1", "administratorId": "111111111111", "accountId": "999999999999"}]})
        before = state(ep)
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r1")] + only, work=work)
        expect(rc == 3 and "refusing to start" in out and "111111111111 (admin) has 1 member in us-east-1" in out,
               "a foreign member should make the run refuse (exit 3), got %d:\n%s" % (rc, show(out)))
        expect(state(ep) == before, "a refused run changed the state")
        # --force runs, and leaves the foreign member and the hub it found.
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r2"), "--force", "--quiet"] + only, work=work)
        expect(rc == 0, "--force should run (exit %d):\n%s" % (rc, show(out)))
        after = state(ep)
        expect(after.get("members") == before.get("members") and
               [h["accountId"] for h in after.get("hubs", [])] == ["111111111111"],
               "--force should leave what it found as it was: %s" % json.dumps(after)[:600])
        # A relationship between two of the run's own accounts: refused even with --force.
        control(ep, "POST", "/_mock/fixtures", {
            "members": [{"region": "us-east-1", "administratorId": "111111111111", "accountId": "222222222222"}]})
        before = state(ep)
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r2b"), "--force"] + only, work=work)
        expect(rc == 3 and "even with --force" in out and "222222222222 (member) are already related" in out,
               "a relationship between the run's accounts should be refused even with --force, got %d:\n%s"
               % (rc, show(out)))
        expect(state(ep) == before, "a refused run changed the state")
        control(ep, "POST", "/_mock/reset")
        # A run killed after 12 calls (SIGKILL: no clean-up of its own) leaves state and its journal...
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r3"), "--quiet"] + only,
                          env_extra={"SHMOCK_CONFORMANCE_KILL_AFTER": "12"}, work=work)
        expect(rc == -9, "the test hook should have killed the run (exit -9), got %d:\n%s" % (rc, show(out)))
        left = state(ep)
        expect(left.get("hubs") and left.get("members"), "the killed run should have left state: %s" % json.dumps(left)[:300])
        # ...which a run refuses to ignore and --cleanup puts back.
        rc, out = harness(["--target", ep, "--cleanup"], work=work)
        expect(rc == 0 and "clean-up done" in out, "--cleanup failed (exit %d):\n%s" % (rc, show(out)))
        st = state(ep)
        expect(not st.get("hubs") and not st.get("members"), "--cleanup left state: %s" % json.dumps(st)[:600])
        rc, out = harness(["--target", ep, "--cleanup"], work=work)
        expect(rc == 0 and "nothing to clean up" in out, "a second --cleanup should find nothing:\n%s" % show(out))
        # A terminated run (SIGTERM) cleans up before it ends and leaves no journal.
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r3b"), "--quiet"] + only,
                          env_extra={"SHMOCK_CONFORMANCE_TERM_AFTER": "15"}, work=work)
        expect(rc != 0 and "cleaning up" in out, "SIGTERM should stop the run after cleaning up (exit %d):\n%s"
               % (rc, show(out)))
        st = state(ep)
        expect(not st.get("hubs") and not st.get("members"), "a terminated run left state: %s" % json.dumps(st)[:600])
        rc, out = harness(["--target", ep, "--cleanup"], work=work)
        expect(rc == 0 and "nothing to clean up" in out, "a terminated run should leave no journal:\n%s" % show(out))
        # And a normal run after a killed one cleans up first by itself.
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r4"), "--quiet"] + only,
                          env_extra={"SHMOCK_CONFORMANCE_KILL_AFTER": "20"}, work=work)
        expect(rc == -9, "second kill: exit %d" % rc)
        rc, out = harness(["--target", ep, "--out", os.path.join(work, "r5"), "--quiet"] + only, work=work)
        expect(rc == 0 and "an earlier run did not finish" in out, "the next run should clean up first:\n%s" % show(out))
        st = state(ep)
        expect(not st.get("hubs") and not st.get("members"), "state left after the repaired run: %s" % json.dumps(st)[:600])
    finally:
        server.stop()


TESTS = {"mock_twice": test_mock_twice, "fault": test_fault, "dry_run": test_dry_run,
         "aws_path": test_aws_path, "masks": test_masks, "committed": test_committed, "safety": test_safety}


def main(argv):
    if len(argv) != 3 or argv[1] not in TESTS:
        sys.stderr.write("usage: %s {%s} SERVER_BINARY\n" % (argv[0], ",".join(TESTS)))
        return 2
    work = tempfile.mkdtemp(prefix="conformance-%s-" % argv[1])
    try:
        TESTS[argv[1]](argv[2], work)
    except Failed as e:
        print("FAILED: %s" % e)
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
