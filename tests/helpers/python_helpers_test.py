#!/usr/bin/env python3
"""The Python helpers (clients/python) as a user gets them: installed with pip into a fresh
virtual environment, offline, and used from a sample project (python_project/) outside the
source tree.

usage: python_helpers_test.py install WORK            venv in WORK/venv, pip install clients/python
       python_helpers_test.py sample WORK BINARY      the sample project: xdist, flags, ini keys
       python_helpers_test.py bad-input WORK BINARY   errors, bounded waits, no leaked process

The venv is Debian's python3 with --system-site-packages: pytest, pytest-xdist and boto3 come
from Debian (scripts/setup.sh --tests installs them); the helpers come only from the install.
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
import time

from harness import (REPO, HERE, busy_port, check, clean_env, finish, fresh_dir, gone, run,
                     version_of_project, wait_for_file)

PYTHON = "/usr/bin/python3"


def venv_python(work):
    return os.path.join(work, "venv", "bin", "python")


def install(work):
    fresh_dir(work)
    source_before = sorted(os.listdir(os.path.join(REPO, "clients", "python")))
    code, out, secs = run([PYTHON, "-m", "venv", "--system-site-packages", os.path.join(work, "venv")],
                          work, clean_env())
    if not check(code == 0, f"python3 -m venv ({secs:.1f} s)", out + "\n(needs python3-venv: scripts/setup.sh --tests)"):
        return
    # PIP_NO_INDEX: the install must need nothing from an index (PyPI is not reachable anyway).
    code, out, secs = run([venv_python(work), "-m", "pip", "install", "--disable-pip-version-check",
                           os.path.join(REPO, "clients", "python")], work,
                          clean_env(PIP_NO_INDEX="1", PIP_NO_CACHE_DIR="1"))
    check(code == 0, f"pip install ./clients/python, no index ({secs:.1f} s)", out)
    check(sorted(os.listdir(os.path.join(REPO, "clients", "python"))) == source_before,
          "the install leaves nothing behind in clients/python")
    probe = ("import json, securityhub_mock, pytest, xdist, boto3\n"
             "from importlib.metadata import version, entry_points\n"
             "eps = entry_points()\n"
             "eps = eps.select(group='pytest11') if hasattr(eps, 'select') else eps.get('pytest11', [])\n"
             "print(json.dumps({'file': securityhub_mock.__file__, 'version': version('securityhub-mock'),\n"
             "  'plugin': [e.value for e in eps if e.name == 'securityhub_mock'],\n"
             "  'fixture': securityhub_mock.fixture_path('walkthrough-mid-flow')}))\n")
    code, out, _ = run([venv_python(work), "-c", probe], "/", clean_env())
    if not check(code == 0, "the venv imports securityhub_mock, pytest, xdist and boto3", out):
        return
    facts = json.loads(out.strip().splitlines()[-1])
    site = os.path.join(work, "venv", "lib")
    check(facts["file"].startswith(site), "securityhub_mock is imported from the venv, not the source tree", facts["file"])
    check(facts["version"] == version_of_project(), "the package's version is the CMake project's",
          f"{facts['version']} != {version_of_project()}")
    check(facts["plugin"] == ["securityhub_mock.pytest_plugin"], "pytest11 entry point securityhub_mock", str(facts["plugin"]))
    check(facts["fixture"].startswith(site) and facts["fixture"].endswith("/mid-flow.json"),
          "walkthrough-mid-flow resolves to the wheel's copy of fixtures/mid-flow.json", facts["fixture"])
    if facts["fixture"].startswith(site):
        with open(facts["fixture"], "rb") as a, open(os.path.join(REPO, "fixtures", "mid-flow.json"), "rb") as b:
            check(a.read() == b.read(), "the wheel's fixture is the repository's, byte for byte")


def sample_project(work, name):
    dest = fresh_dir(os.path.join(work, name))
    for f in os.listdir(os.path.join(HERE, "python_project")):
        if f.endswith(".py"):
            shutil.copy(os.path.join(HERE, "python_project", f), dest)
    return dest


def pytest_cmd(work, *args):
    return [venv_python(work), "-m", "pytest", "-q", "-p", "no:cacheprovider", *args]


def passed(out, n):
    """pytest's summary says exactly n passed, nothing failed or errored."""
    return re.search(rf"(^|\s){n} passed in ", out) is not None and \
        re.search(r"\d+ (failed|errors?)\b", out) is None


SAMPLE_TESTS = 7


def sample(work, binary):
    bin_dir = fresh_dir(os.path.join(work, "bin"))  # PATH with only the binary
    os.symlink(binary, os.path.join(bin_dir, "securityhub-mock"))

    # 1. xdist with two workers: one server per worker, each with its own --db file; the
    #    binary from --securityhub-mock-bin.
    proj = sample_project(work, "project-xdist")
    records = fresh_dir(os.path.join(work, "records"))
    code, out, secs = run(pytest_cmd(work, "-n", "2", "--securityhub-mock-bin", binary,
                                     "--securityhub-mock-db", "state.db"),
                          proj, clean_env(SAMPLE_RECORD_DIR=records))
    check(code == 0 and passed(out, SAMPLE_TESTS),
          f"sample project, pytest -n 2 --securityhub-mock-bin B --securityhub-mock-db state.db ({secs:.1f} s)", out)
    servers = {}
    for f in sorted(os.listdir(records)):
        with open(os.path.join(records, f)) as fh:
            servers[f[:-5]] = json.load(fh)
    check(sorted(servers) == ["gw0", "gw1"], "each of the two workers started a server", str(servers))
    check(len({s["pid"] for s in servers.values()}) == len(servers) and
          len({s["endpoint"] for s in servers.values()}) == len(servers),
          "the workers' servers are distinct processes on distinct ports", str(servers))
    check(all(gone(s["pid"]) for s in servers.values()), "no server is left once pytest has exited")
    check(os.path.exists(os.path.join(proj, "state.gw0.db")) and os.path.exists(os.path.join(proj, "state.gw1.db")),
          "--securityhub-mock-db state.db gives each worker its own file (state.gw0.db, state.gw1.db)",
          str(sorted(os.listdir(proj))))

    # 2. Without xdist, tests in file order (so the reset between them is seen), the binary
    #    from PATH.
    proj = sample_project(work, "project-path")
    env = clean_env(PATH=bin_dir + os.pathsep + "/usr/bin:/bin")
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist"), proj, env)
    check(code == 0 and passed(out, SAMPLE_TESTS), f"sample project, one process, securityhub-mock on PATH ({secs:.1f} s)", out)

    # 3. The ini keys, paths relative to the ini file.
    proj = sample_project(work, "project-ini")
    with open(os.path.join(proj, "pytest.ini"), "w") as f:
        f.write(f"[pytest]\nsecurityhub_mock_bin = {os.path.relpath(binary, proj)}\n"
                "securityhub_mock_db = data/ini.db\n")
    os.makedirs(os.path.join(proj, "data"))
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist", ".."), os.path.join(proj, "data"), clean_env())
    check(code == 0 and passed(out, SAMPLE_TESTS),
          f"the ini keys securityhub_mock_bin and securityhub_mock_db, run from a subdirectory ({secs:.1f} s)", out)
    check(os.path.exists(os.path.join(proj, "data", "ini.db")), "securityhub_mock_db in pytest.ini is relative to it")

    # 4. Start-up fixtures: loaded at start and again before every test; the binary from
    #    SECURITYHUB_MOCK_BIN.
    proj = fresh_dir(os.path.join(work, "project-startup"))
    with open(os.path.join(proj, "test_startup.py"), "w") as f:
        f.write(textwrap.dedent("""
            import json
            from securityhub_mock import fixture_path

            def test_changes_the_state(securityhub_mock):
                securityhub_mock.client("111111111111").disable_security_hub()
                assert len(securityhub_mock.state()["hubs"]) == 1

            def test_starts_from_the_fixtures_again(securityhub_mock):
                with open(fixture_path("walkthrough-start")) as f:
                    assert securityhub_mock.state() == json.load(f)
            """))
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist", "--securityhub-mock-fixtures", "walkthrough-start"),
                          proj, clean_env(SECURITYHUB_MOCK_BIN=binary))
    check(code == 0 and passed(out, 2), f"--securityhub-mock-fixtures walkthrough-start, restored before each test ({secs:.1f} s)", out)


FAILING_PROJECT = """
import os, time
import pytest

def test_fails(securityhub_mock):
    open(os.environ["PID_FILE"], "w").write(str(securityhub_mock.pid))
    securityhub_mock.client("111111111111").enable_security_hub()
    assert False, "this test fails on purpose"

def test_blocks(securityhub_mock):
    if os.environ.get("BLOCK"):
        open(os.environ["PID_FILE"], "w").write(str(securityhub_mock.pid))
        time.sleep(60)

@pytest.mark.securityhub_fixtures("no-such-fixture")
def test_unknown_fixture(securityhub_mock):
    pass

@pytest.mark.securityhub_fixtures({"members": [{"accountId": "222222222222"}]})
def test_refused_fixture(securityhub_mock):
    pass

@pytest.mark.securityhub_fixtures("walkthrough-start")
def test_marker_without_the_fixture():
    pass
"""


def bad_input(work, binary):
    proj = fresh_dir(os.path.join(work, "project-bad"))
    with open(os.path.join(proj, "test_bad.py"), "w") as f:
        f.write(FAILING_PROJECT)
    pid_file = os.path.join(work, "server.pid")
    empty_path = fresh_dir(os.path.join(work, "empty-path"))

    # A missing binary: no variable, nothing on PATH; then a path that does not exist.
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist", "-k", "blocks"), proj,
                          clean_env(PATH=empty_path, PID_FILE=pid_file))
    check(code != 0 and "securityhub-mock is not on PATH and SECURITYHUB_MOCK_BIN is not set" in out
          and "apt install ./securityhub-mock_" in out and secs < 30,
          f"no binary anywhere: the test errors saying where it looked and how to get it ({secs:.1f} s)", out)
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist", "-k", "blocks", "--securityhub-mock-bin", "/nonexistent/securityhub-mock"),
                          proj, clean_env(PID_FILE=pid_file))
    check(code != 0 and "'/nonexistent/securityhub-mock' (from --securityhub-mock-bin) does not exist" in out,
          "--securityhub-mock-bin naming no file: the error says so and names the flag", out)

    # A server that exits at start: a start-up fixture it cannot load.
    bad_fixture = os.path.join(work, "bad-fixture.json")
    with open(bad_fixture, "w") as f:
        json.dump({"hubs": [{"accountId": "1", "region": "us-east-1"}]}, f)
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist", "-k", "blocks or fails",
                                     "--securityhub-mock-fixtures", bad_fixture),
                          proj, clean_env(SECURITYHUB_MOCK_BIN=binary, PID_FILE=pid_file))
    check(code != 0 and "securityhub-mock exited with status 2 at start" in out
          and "/hubs/0/accountId: '1' is not a 12-digit account ID" in out and "2 errors" in out and secs < 30,
          f"a start-up fixture the server refuses: every test errors with the server's reason ({secs:.1f} s)", out)

    # Fixtures that do not load, a failing test, and a marker without the fixture: each test
    # reports its own cause; the server is gone afterwards.
    code, out, secs = run(pytest_cmd(work, "-p", "no:xdist", "-rfE"), proj,
                          clean_env(SECURITYHUB_MOCK_BIN=binary, PID_FILE=pid_file))
    check("no shipped fixture named 'no-such-fixture'" in out and "available: " in out and "mid-flow" in out,
          "an unknown fixture name: the error lists what there is", out)
    check("the server refused the fixture document" in out and "/members/0" in out,
          "a fixture the server refuses: its reason, with the JSON pointer", out)
    check("@pytest.mark.securityhub_fixtures needs the securityhub_mock fixture" in out,
          "the marker on a test without the fixture fails it, saying why", out)
    check("securityhub-mock calls" in out and "200 POST /accounts EnableSecurityHub account=111111111111" in out,
          "a failing test's report lists the calls it made", out)
    check("1 failed, 1 passed, 3 errors in" in out, "failures and errors are reported as such", out)
    pid = open(pid_file).read() if os.path.exists(pid_file) else ""
    check(pid.isdigit() and gone(int(pid)), "after a run with failing tests the server is gone", pid)

    # Ctrl-C: SIGINT to pytest alone (its teardown must stop the server), to a terminal's
    # whole process group with xdist, and SIGKILL (the server follows its parent).
    for label, args, group, sig in (("SIGINT to pytest", ["-p", "no:xdist"], False, signal.SIGINT),
                                    ("Ctrl-C (SIGINT to the process group) with -n 2", ["-n", "2"], True, signal.SIGINT),
                                    ("SIGKILL of pytest", ["-p", "no:xdist"], False, signal.SIGKILL)):
        if os.path.exists(pid_file):
            os.remove(pid_file)
        started = time.monotonic()
        proc = subprocess.Popen(pytest_cmd(work, *args, "-k", "blocks"), cwd=proj, start_new_session=True,
                                env=clean_env(SECURITYHUB_MOCK_BIN=binary, PID_FILE=pid_file, BLOCK="1"),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        pid = wait_for_file(pid_file, proc)
        if not check(pid is not None, f"{label}: the blocking test started", proc.stdout.read() if proc.poll() is not None else ""):
            proc.kill()
            proc.wait()
            continue
        (os.killpg if group else os.kill)(proc.pid, sig)
        try:
            out = proc.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out = proc.communicate()[0]
            check(False, f"{label}: pytest exits", out)
            continue
        check(gone(int(pid)), f"{label}: pytest exits within {time.monotonic() - started:.1f} s and the server (pid {pid}) is gone", out)

    context_manager(work, binary)


CONTEXT_MANAGER = """
import json, os, sys, time
from securityhub_mock import MockServer, StartError, FixtureError, BinaryNotFound

binary, busy_port, hanging = sys.argv[1], int(sys.argv[2]), sys.argv[3]
facts = {}

with MockServer(binary, fixtures="walkthrough-start") as m:
    facts["pid"] = m.pid
    facts["endpoint"] = m.endpoint_url
    m.client("111111111111").create_members(AccountDetails=[{"AccountId": "222222222222"}])
    facts["log"] = [c["operation"] for c in m.log]
    facts["members_before_reset"] = len(m.state()["members"])
    m.reset()
    facts["members_after_reset"] = len(m.state()["members"])
    facts["hubs_after_reset"] = len(m.state()["hubs"])
    facts["health"] = m.health()["status"]

# SECURITYHUB_MOCK_FIXTURES_DIR comes first: a name found there wins over the shipped ones.
own = os.path.join(os.environ["WORK"], "own-fixtures")
os.makedirs(own, exist_ok=True)
with open(os.path.join(own, "walkthrough-start.json"), "w") as f:
    json.dump({"hubs": [{"accountId": "999999999999", "region": "us-east-1"}]}, f)
os.environ["SECURITYHUB_MOCK_FIXTURES_DIR"] = own
with MockServer(binary, fixtures="walkthrough-start") as m:
    facts["own_fixtures_dir"] = [h["accountId"] for h in m.state()["hubs"]]
del os.environ["SECURITYHUB_MOCK_FIXTURES_DIR"]

def error_of(**kw):
    started = time.monotonic()
    try:
        MockServer(binary, **kw).start()
        return ["no error", 0]
    except (StartError, FixtureError, BinaryNotFound) as e:
        return [type(e).__name__ + ": " + str(e), time.monotonic() - started]

with MockServer(binary) as m:  # a server killed under the test: the next call says so
    os.kill(m.pid, 9)
    m._proc.wait(5)
    try:
        m.state()
        facts["killed"] = "no error"
    except Exception as e:
        facts["killed"] = type(e).__name__ + ": " + str(e)

facts["busy_port"] = error_of(port=busy_port)
facts["bad_flag"] = error_of(args=["--log-level", "loud"])
facts["missing_fixture_file"] = error_of(fixtures="/nonexistent/fixture.json")
server = MockServer(hanging, start_timeout=1)
started = time.monotonic()
try:
    server.start()
    facts["hang"] = ["no error", 0]
except StartError as e:
    facts["hang"] = [str(e), time.monotonic() - started]
print(json.dumps(facts))
"""


def context_manager(work, binary):
    hanging = os.path.join(work, "hanging-server.sh")
    hang_pid = os.path.join(work, "hanging.pid")
    with open(hanging, "w") as f:  # a "server" that never prints its start line
        f.write(f"#!/bin/sh\necho $$ > {hang_pid}\nexec sleep 60\n")
    os.chmod(hanging, 0o755)
    sock, port = busy_port()
    with sock:
        code, out, secs = run([venv_python(work), "-c", CONTEXT_MANAGER, binary, str(port), hanging],
                              work, clean_env(WORK=work), timeout=60)
    if not check(code == 0, f"MockServer as a context manager ({secs:.1f} s)", out):
        return
    facts = json.loads(out.strip().splitlines()[-1])
    check(facts["endpoint"].startswith("http://127.0.0.1:") and facts["health"] == "ok",
          "with MockServer() as m: a server on 127.0.0.1 and a free port", str(facts))
    check(facts["log"] == ["CreateMembers"], "m.log: the calls made", str(facts["log"]))
    check((facts["members_before_reset"], facts["members_after_reset"], facts["hubs_after_reset"]) == (1, 0, 2),
          "m.reset() goes back to the start-up fixtures", str(facts))
    check(gone(facts["pid"]), "the server is gone when the with block ends")
    check(facts["own_fixtures_dir"] == ["999999999999"],
          "SECURITYHUB_MOCK_FIXTURES_DIR is looked in first", str(facts["own_fixtures_dir"]))
    check(facts["killed"].startswith("MockError: securityhub-mock (pid ") and "has exited with status -9" in facts["killed"],
          "a server killed mid-test: the next call says it has exited, and how", facts["killed"])
    msg, secs = facts["busy_port"]
    check(msg.startswith("StartError: securityhub-mock exited with status 1 at start")
          and f"cannot listen on 127.0.0.1:{port}" in msg and secs < 10,
          f"a port that cannot be bound: StartError naming it ({secs:.2f} s)", msg)
    msg, _ = facts["bad_flag"]
    check(msg.startswith("StartError: securityhub-mock exited with status 2 at start")
          and "invalid value 'loud' for --log-level" in msg, "a server that exits at start on a bad flag: its reason", msg)
    msg, _ = facts["missing_fixture_file"]
    check(msg == "FixtureError: the fixture file '/nonexistent/fixture.json' does not exist",
          "a start-up fixture file that does not exist", msg)
    msg, secs = facts["hang"]
    check("did not report its port within 1 s; it was stopped" in msg and secs < 5,
          f"a server that never reports its port: StartError after start_timeout ({secs:.2f} s)", msg)
    pid = open(hang_pid).read().strip() if os.path.exists(hang_pid) else ""
    check(pid.isdigit() and gone(int(pid), any_process=True), "the hanging server was stopped by its PID", pid)


def main():
    step, work = sys.argv[1], os.path.abspath(sys.argv[2])
    if step == "install":
        install(work)
    elif not os.path.exists(venv_python(work)):
        check(False, f"the venv {work}/venv exists (helpers.python.install makes it)")
    elif step == "sample":
        sample(work, os.path.abspath(sys.argv[3]))
    elif step == "bad-input":
        bad_input(work, os.path.abspath(sys.argv[3]))
    else:
        sys.exit(__doc__)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
