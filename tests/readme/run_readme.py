#!/usr/bin/env python3
"""Runs the examples in README.md against the server binary: a README that lies is a bug.

usage: run_readme.py SERVER_BINARY [README.md]

Every fenced block in the README carries a marker, an HTML comment on the line before its
opening fence (readme_blocks.py reads them):

  <!-- test: setup -->        sh run before every later sh and console block: exports, functions
  <!-- test: sh -->           run with `bash -e -o pipefail`; must exit 0
  <!-- test: console -->      each line starting with `$ ` is a command; the lines after it, up to
                              the next `$ `, are its expected output (stdout and stderr), compared
                              whole after trimming blank lines at either end. Timestamps, 32-hex
                              ids, UUIDs and fault-N ids match any value of their shape; an id
                              seen in the expected output stands for the value the run produced,
                              in later commands too (so a walkthrough can reuse an InvitationId)
  <!-- test: python -->       run with Debian's /usr/bin/python3 (boto3); must exit 0
  <!-- test: js -->           run as an ES module with node, the pinned JS SDK v3 importable;
                              must exit 0
  <!-- test: file PATH -->    a file the user writes (a test module, a config): written to PATH in
                              the scratch directory for the blocks after it
  <!-- test: recipe -->       needs Docker or GitHub, so not run here: check_recipes.py checks
                              its ports, variables and health path against the binary
  <!-- no-test: REASON -->    shown only: a file tree, sample output

Options after the kind: `reset` (POST /_mock/reset before the block), `clean` (without the setup
blocks), `own-port` (the block starts its own server: its 9777 becomes a free port of its own).

Blocks run in README order against one server started here; `127.0.0.1:9777` in a block becomes
that server's address. They run in a scratch directory holding `build/securityhub-mock` (the
binary under test) and the .deb packages next to it (helpers.deb writes one), `scripts/`,
`fixtures/` and `clients/` of this repository, with HOME and the AWS config
and credentials files inside it, PATH=/usr/bin:/bin (Debian's AWS CLI v2, not a pyenv shim), and
no AWS_* or proxy variables from the caller. An unmarked block is a failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.request

from readme_blocks import blocks

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
TIMEOUT = 120
SHAPES = [  # (pattern, remembered: the run's value stands for the README's in later commands)
    (r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)", False),
    (r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", True),
    (r"[0-9a-f]{32}", True),
    (r"fault-\d+", True),
]
VOLATILE = re.compile("|".join(f"(?:{p})" for p, _ in SHAPES))


def start_server(binary, port=0):
    proc = subprocess.Popen([binary, "--port", str(port), "--log-level", "warn"],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    line = proc.stdout.readline().decode()
    m = re.search(r"http://127\.0\.0\.1:(\d+)", line)
    if not m:
        proc.kill()
        raise SystemExit(f"the server did not start: {line!r}")
    return proc, int(m.group(1))


def free_port():
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def scratch(binary):
    work = tempfile.mkdtemp(prefix="shmock-readme-")
    os.makedirs(os.path.join(work, "build"))
    os.symlink(os.path.abspath(binary), os.path.join(work, "build", "securityhub-mock"))
    build = os.path.dirname(os.path.abspath(binary))
    for deb in os.listdir(build):
        if deb.startswith("securityhub-mock_") and deb.endswith(".deb"):
            os.symlink(os.path.join(build, deb), os.path.join(work, "build", deb))
    for name in ("scripts", "fixtures", "clients"):
        os.symlink(os.path.join(REPO, name), os.path.join(work, name))
    node_modules = os.path.join(REPO, "tests", "clients", "js", "node_modules")
    if os.path.isdir(node_modules):
        os.symlink(node_modules, os.path.join(work, "node_modules"))
    os.makedirs(os.path.join(work, "home"))
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("AWS_") and k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env.update(PATH="/usr/bin:/bin", HOME=os.path.join(work, "home"), LANG="C.UTF-8",
               AWS_CONFIG_FILE=os.path.join(work, "home", "aws-config"),
               AWS_SHARED_CREDENTIALS_FILE=os.path.join(work, "home", "aws-credentials"),
               AWS_EC2_METADATA_DISABLED="true", NO_PROXY="127.0.0.1,localhost",
               no_proxy="127.0.0.1,localhost")
    return work, env


def run(args, work, env, stdin=None):
    try:
        p = subprocess.run(args, cwd=work, env=env, input=stdin, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=TIMEOUT)
        return p.returncode, p.stdout
    except subprocess.TimeoutExpired as e:
        return -1, f"timed out after {TIMEOUT}s\n{e.stdout or ''}"


def expected_pattern(expected, seen):
    """A regex for the expected output, and the remembered ids in it (in group order)."""
    parts, names, pos = [], [], 0
    for m in VOLATILE.finditer(expected):
        parts.append(re.escape(expected[pos:m.start()]))
        token = m.group(0)
        remembered = next(r for p, r in SHAPES if re.fullmatch(p, token))
        if remembered and token in seen:
            parts.append(re.escape(seen[token]))
        elif remembered:
            parts.append(f"({next(p for p, _ in SHAPES if re.fullmatch(p, token))})")
            names.append(token)
        else:
            parts.append(f"(?:{SHAPES[0][0]})")
        pos = m.end()
    parts.append(re.escape(expected[pos:]))
    return "".join(parts), names


def tidy(text):
    return "\n".join(line.rstrip() for line in text.strip("\n").split("\n")).strip("\n")


def run_console(text, prelude, work, env, seen):
    commands = []
    for line in text.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            commands.append([line[2:], []])
        elif commands:
            commands[-1][1].append(line)
        else:
            return f"output before the first `$ ` command: {line!r}"
    for command, expected_lines in commands:
        for readme_value, run_value in seen.items():
            command = command.replace(readme_value, run_value)
        code, out = run(["bash", "-o", "pipefail", "-c", prelude + command], work, env)
        expected = tidy("\n".join(expected_lines))
        pattern, names = expected_pattern(expected, seen)
        m = re.fullmatch(pattern, tidy(out))
        if not m:
            return f"$ {command}\n--- README says:\n{expected}\n--- the run printed (exit {code}):\n{tidy(out)}"
        for name, value in zip(names, m.groups()):
            seen[name] = value
    return None


def main():
    binary = sys.argv[1]
    readme = sys.argv[2] if len(sys.argv) > 2 else os.path.join(REPO, "README.md")
    with open(readme) as f:
        found = blocks(f.read())
    server, port = start_server(binary)
    work, env = scratch(binary)
    base = f"http://127.0.0.1:{port}"
    prelude, seen, failures = "", {}, 0
    try:
        for b in found:
            where = f"README.md:{b.line} ({b.kind or 'no-test'}{' ' + ' '.join(sorted(b.options)) if b.options else ''})"
            if b.problem:
                print(f"FAIL {where}: {b.problem}")
                failures += 1
                continue
            if b.kind in ("", "recipe"):
                continue
            own = None
            if "own-port" in b.options:
                own = free_port()
                text = re.sub(r"\b9777\b", str(own), b.text)
            else:
                text = b.text.replace("127.0.0.1:9777", f"127.0.0.1:{port}")
            if b.kind == "setup":
                prelude += text
                continue
            if b.kind == "file":
                os.makedirs(os.path.dirname(os.path.join(work, b.path)) or work, exist_ok=True)
                with open(os.path.join(work, b.path), "w") as f:
                    f.write(text)
                print(f"ok {where}: written to {b.path}")
                continue
            if "reset" in b.options:
                # urllib labels any body form-encoded, which the control API refuses (415).
                urllib.request.urlopen(urllib.request.Request(base + "/_mock/reset", data=b"", method="POST",
                                                              headers={"Content-Type": "application/json"}),
                                       timeout=10)
            block_prelude = "" if "clean" in b.options else prelude
            problem = None
            if b.kind == "sh":
                code, out = run(["bash", "-e", "-o", "pipefail", "-c", block_prelude + text], work, env)
                if code != 0:
                    problem = f"exit {code}:\n{out}"
            elif b.kind == "console":
                problem = run_console(text, block_prelude, work, env, seen)
            elif b.kind == "python":
                code, out = run(["/usr/bin/python3", "-"], work, env, stdin=text)
                if code != 0:
                    problem = f"exit {code}:\n{out}"
            elif b.kind == "js":
                path = os.path.join(work, "block.mjs")
                with open(path, "w") as f:
                    f.write(text)
                code, out = run(["node", path], work, env)
                if code != 0:
                    problem = f"exit {code}:\n{out}"
            print(f"{'FAIL' if problem else 'ok'} {where}" + (f": {problem}" if problem else ""))
            failures += bool(problem)
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(found)} blocks, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
