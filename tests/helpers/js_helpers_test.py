#!/usr/bin/env python3
"""The Node helper (clients/js) as a user gets it: `npm install --offline ./clients/js` into a
copy of the sample project js_project/, whose node:test files use startMock with the JS SDK v3.

usage: js_helpers_test.py install WORK            WORK/app: the project, the helper installed
       js_helpers_test.py sample WORK BINARY      node --test in it; no server left afterwards
       js_helpers_test.py bad-input WORK BINARY   errors, bounded waits, no leaked process

The JS SDK v3 is the one tests/clients/js pins (scripts/setup.sh --tests installs it): WORK's
node_modules links to it, as a project's parent directory may hold packages.
"""
import json
import os
import shutil
import signal
import subprocess
import sys

from harness import (REPO, HERE, busy_port, check, clean_env, finish, fresh_dir, gone, run,
                     version_of_project, wait_for_file)

SDK = os.path.join(REPO, "tests", "clients", "js", "node_modules")
HELPER = os.path.join(REPO, "clients", "js")


def app_dir(work):
    return os.path.join(work, "app")


def install(work):
    fresh_dir(work)
    if not check(os.path.isdir(os.path.join(SDK, "@aws-sdk", "client-securityhub")),
                 "the pinned JS SDK v3 is installed (scripts/setup.sh --tests)"):
        return
    os.symlink(SDK, os.path.join(work, "node_modules"))
    app = fresh_dir(app_dir(work))
    for f in os.listdir(os.path.join(HERE, "js_project")):
        shutil.copy(os.path.join(HERE, "js_project", f), app)
    with open(os.path.join(HELPER, "package.json")) as f:
        manifest = json.load(f)
    check(not any(manifest.get(k) for k in ("dependencies", "peerDependencies", "optionalDependencies")),
          "clients/js has no dependencies", str(manifest))
    check(manifest["version"] == version_of_project(), "clients/js's version is the CMake project's",
          f"{manifest['version']} != {version_of_project()}")
    # --offline: the install must need nothing from the registry.
    code, out, secs = run(["npm", "install", "--offline", "--no-audit", "--no-fund", HELPER], app,
                          clean_env(npm_config_cache=os.path.join(work, "npm-cache")))
    check(code == 0, f"npm install --offline ./clients/js ({secs:.1f} s)", out)
    with open(os.path.join(app, "package.json")) as f:
        deps = json.load(f).get("dependencies", {})
    check(deps.get("securityhub-mock", "").startswith("file:"), "the project depends on it as file:…", str(deps))
    probe = "import * as m from 'securityhub-mock'; console.log(JSON.stringify({ names: Object.keys(m).sort() }));"
    code, out, _ = run(["node", "--input-type=module", "-e", probe], app, clean_env())
    if check(code == 0, "the project imports securityhub-mock", out):
        facts = json.loads(out.strip().splitlines()[-1])
        check({"startMock", "connectMock", "fixturePath", "StartError", "FixtureError"} <= set(facts["names"]),
              "it exports startMock, connectMock, fixturePath and the errors", str(facts["names"]))
    check(os.path.realpath(os.path.join(app, "node_modules", "securityhub-mock")) == os.path.realpath(HELPER),
          "node_modules/securityhub-mock is the package directory npm linked")


def sample(work, binary):
    records = fresh_dir(os.path.join(work, "records"))
    code, out, secs = run(["node", "--test", "--test-reporter=tap"], app_dir(work),
                          clean_env(SECURITYHUB_MOCK_BIN=binary, SAMPLE_RECORD_DIR=records))
    check(code == 0 and "# pass 8" in out and "# fail 0" in out, f"node --test in the sample project: 8 tests ({secs:.1f} s)", out)
    pids = [open(os.path.join(records, f)).read() for f in sorted(os.listdir(records))]
    check(len(pids) == 2 and len(set(pids)) == 2, "each test file started its own server", str(pids))
    check(all(p.isdigit() and gone(int(p)) for p in pids), "no server is left once node --test has exited", str(pids))


def bad_input(work, binary):
    # In a directory of the project's own, so they import the installed package; named so that
    # `node --test` in the project (helpers.js.sample_project, maybe running now) finds none.
    app = fresh_dir(os.path.join(app_dir(work), "checks"))
    for f in os.listdir(os.path.join(HERE, "js_checks")):
        shutil.copy(os.path.join(HERE, "js_checks", f), app)
    hanging = os.path.join(work, "hanging-server.sh")
    hang_pid = os.path.join(work, "hanging.pid")
    with open(hanging, "w") as f:  # a "server" that never prints its start line
        f.write(f"#!/bin/sh\necho $$ > {hang_pid}\nexec sleep 60\n")
    os.chmod(hanging, 0o755)
    sock, port = busy_port()
    with sock:
        code, out, secs = run(["node", "bad_input.mjs", binary, str(port), hanging], app, clean_env(), timeout=60)
    if check(code == 0, f"node bad_input.mjs ({secs:.1f} s)", out):
        facts = json.loads(out.strip().splitlines()[-1])
        expect = {
            "missingBinary": ("BinaryNotFoundError: securityhub-mock is not on PATH and SECURITYHUB_MOCK_BIN is not set. Install the .deb", 1),
            "binaryNotThere": ("BinaryNotFoundError: the securityhub-mock binary '/nonexistent/securityhub-mock' (from the bin option) does not exist", 1),
            "busyPort": ("StartError: securityhub-mock exited with status 1 at start: securityhub-mock: cannot listen on "
                         f"127.0.0.1:{port} (address in use or not available)", 10),
            "badFlag": ("StartError: securityhub-mock exited with status 2 at start: securityhub-mock: invalid value 'loud' for --log-level", 10),
            "refusedStartupFixture": ("StartError: securityhub-mock exited with status 2 at start: securityhub-mock: ", 10),
            "unknownFixtureName": ("FixtureError: no shipped fixture named 'no-such-fixture' (looked for no-such-fixture.json in ", 1),
            "missingFixtureFile": ("FixtureError: the fixture file '/nonexistent/fixture.json' does not exist", 1),
            "hang": ("StartError: securityhub-mock (pid ", 5),
        }
        for name, (prefix, bound) in expect.items():
            msg, took = facts[name]
            check(msg.startswith(prefix) and took < bound, f"{name}: {prefix[:60]}… within {bound} s ({took:.2f} s)", msg)
        check("/hubs/0/accountId: '1' is not a 12-digit account ID" in facts["refusedStartupFixture"][0],
              "a start-up fixture the server refuses: its reason, with the JSON pointer", facts["refusedStartupFixture"][0])
        check("available: " in facts["unknownFixtureName"][0] and "mid-flow" in facts["unknownFixtureName"][0],
              "an unknown fixture name: the error lists what there is", facts["unknownFixtureName"][0])
        check("did not report its port within 1000 ms; it was stopped" in facts["hang"][0],
              "a server that never reports its port: stopped after startTimeoutMs", facts["hang"][0])
        check(facts["loadUnknown"].startswith("FixtureError: no shipped fixture named 'no-such-fixture'"),
              "load() of an unknown name", facts["loadUnknown"])
        check(facts["killed"].startswith("MockError: securityhub-mock (pid ") and "has exited with SIGKILL" in facts["killed"],
              "a server killed mid-test: the next call says it has exited, and how", facts["killed"])
        check(facts["badFault"].startswith("ControlError: 400 InvalidInputException:"),
              "a fault rule the server refuses: ControlError with its status and code", facts["badFault"])
    pid = open(hang_pid).read().strip() if os.path.exists(hang_pid) else ""
    check(pid.isdigit() and gone(int(pid), any_process=True), "the hanging server was stopped by its PID", pid)

    # The server ends with the process that started it, however that process ends.
    pid_file = os.path.join(work, "server.pid")
    cases = (("a script that never calls stop()", ["node", "lifecycle.mjs", "forget", pid_file], None, 0),
             ("an uncaught error", ["node", "lifecycle.mjs", "throw", pid_file], None, 1),
             ("SIGINT to node (Ctrl-C)", ["node", "lifecycle.mjs", "wait", pid_file], signal.SIGINT, -signal.SIGINT),
             ("SIGTERM to node", ["node", "lifecycle.mjs", "wait", pid_file], signal.SIGTERM, -signal.SIGTERM),
             ("a failing node:test test", ["node", "--test", "failing-suite.mjs"], None, 1))
    for label, cmd, sig, want in cases:
        if os.path.exists(pid_file):
            os.remove(pid_file)
        proc = subprocess.Popen(cmd, cwd=app, env=clean_env(SECURITYHUB_MOCK_BIN=binary, PID_FILE=pid_file),
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        pid = wait_for_file(pid_file, proc) if sig else None
        if sig:
            if pid is None:
                check(False, f"{label}: the server started", proc.communicate(timeout=30)[0])
                continue
            proc.send_signal(sig)
        try:
            out = proc.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            out = proc.communicate()[0]
        pid = pid or (open(pid_file).read() if os.path.exists(pid_file) else "")
        check(proc.returncode == want and pid.isdigit() and gone(int(pid)),
              f"{label}: node exits ({proc.returncode}) and the server (pid {pid or '?'}) is gone", out)


def main():
    step, work = sys.argv[1], os.path.abspath(sys.argv[2])
    if step == "install":
        install(work)
    elif not os.path.isdir(os.path.join(app_dir(work), "node_modules", "securityhub-mock")):
        check(False, f"{work}/app has the helper installed (helpers.js.install does that)")
    elif step == "sample":
        sample(work, os.path.abspath(sys.argv[3]))
    elif step == "bad-input":
        bad_input(work, os.path.abspath(sys.argv[3]))
    else:
        sys.exit(__doc__)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
