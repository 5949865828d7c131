"""What the helpers' test drivers share: checks, bounded subprocesses, and whether a server
process is gone."""
import os
import shutil
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
failures = []


def check(ok, what, detail=""):
    print(f"{'ok' if ok else 'FAIL'}: {what}" + (f"\n{detail}" if not ok and detail else ""), flush=True)
    if not ok:
        failures.append(what)
    return ok


def finish():
    print(f"{len(failures)} failed" + (": " + "; ".join(failures) if failures else ""))
    return 1 if failures else 0


def clean_env(**extra):
    """The caller's environment without settings that would change what is tested."""
    drop = ("PYTHONPATH", "PYTEST_ADDOPTS", "PYTEST_PLUGINS", "SECURITYHUB_MOCK_BIN",
            "SECURITYHUB_MOCK_FIXTURES_DIR", "NODE_OPTIONS", "NODE_PATH")
    env = {k: v for k, v in os.environ.items()
           if k not in drop and not k.startswith(("SHMOCK_", "AWS_")) and "proxy" not in k.lower()}
    env.update(AWS_EC2_METADATA_DISABLED="true", AWS_CONFIG_FILE="/dev/null",
               AWS_SHARED_CREDENTIALS_FILE="/dev/null", NO_PROXY="127.0.0.1,localhost")
    env.update(extra)
    return env


def run(cmd, cwd, env, timeout=120):
    """(exit status, output, seconds); a run past `timeout` is killed and fails the check."""
    started = time.monotonic()
    try:
        p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           text=True, timeout=timeout)
        return p.returncode, p.stdout, time.monotonic() - started
    except subprocess.TimeoutExpired as e:
        out = e.stdout.decode(errors="replace") if isinstance(e.stdout, bytes) else (e.stdout or "")
        return -1, f"timed out after {timeout} s\n{out}", time.monotonic() - started


def gone(pid, deadline=5.0, any_process=False):
    """True once `pid` is no securityhub-mock process (exited; a zombie counts as exited),
    waiting up to `deadline` seconds for it. any_process: whatever program it runs."""
    end = time.monotonic() + deadline
    while True:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                ours = any_process or b"securityhub-mock" in f.read()
            if state == "Z" or not ours:
                return True
        except (FileNotFoundError, ProcessLookupError, IndexError):
            return True
        if time.monotonic() >= end:
            return False
        time.sleep(0.05)


def busy_port():
    """A listening socket on 127.0.0.1 (keep it open) and its port."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen()
    return s, s.getsockname()[1]


def fresh_dir(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


def wait_for_file(path, proc, timeout=30.0):
    """The content of `path` once it is non-empty, or None if `proc` exits or time runs out."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if os.path.exists(path) and os.path.getsize(path):
            time.sleep(0.05)  # the writer's close
            with open(path) as f:
                return f.read()
        if proc.poll() is not None:
            return None
        time.sleep(0.05)
    return None


def version_of_project():
    import re
    with open(os.path.join(REPO, "CMakeLists.txt")) as f:
        return re.search(r"project\(\s*securityhub-mock\s+VERSION\s+([0-9.]+)", f.read()).group(1)


if __name__ == "__main__":
    sys.exit("harness.py is a module of the helpers' test drivers")
