"""MockServer: one securityhub-mock process on a free port, and its control API.

    with MockServer() as mock:
        admin = mock.client("111111111111")
        admin.enable_security_hub()
        assert mock.state()["hubs"][0]["accountId"] == "111111111111"

The server is started with --port 0 (it picks a free port and prints it on its start line), its
request log in JSON goes to a file that `log` reads, and every wait is bounded: a server that
exits at start, or does not report its port within `start_timeout`, raises StartError with
what it printed. stop() ends it by its PID (SIGTERM, then SIGKILL after `stop_timeout`); so do
the `with` block's end, interpreter exit, and, on Linux, the death of the thread that started
it (PR_SET_PDEATHSIG), so a killed test run leaves no server behind.
"""
import atexit
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from . import _locate
from .errors import ControlError, FixtureError, MockError, StartError

START_LINE = re.compile(r"listening on http://(\S+):(\d+) ")
ACCOUNT = re.compile(r"^\d{12}$")
CONTROL_PATHS = ("/_mock/", "/_localstack/")
# Never proxy calls to the mock on loopback, whatever http_proxy says.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _die_with_parent_hook():
    """A preexec_fn asking Linux to SIGTERM the server when the thread that started it dies."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1

    def hook():
        prctl(pr_set_pdeathsig, signal.SIGTERM)
    return hook


_DIE_WITH_PARENT = _die_with_parent_hook()


class Faults:
    """The server's fault rules (README, Fault injection): arm() makes matching calls fail or wait."""

    def __init__(self, server):
        self._server = server

    def arm(self, operation="*", **rule):
        """Arms a rule and returns it as the server stored it (with its id and counters).
        Keywords are the rule's members: account, region, count or probability, error
        ({"status", "code", "message"}), delayMs (or delay_ms)."""
        if "delay_ms" in rule:
            rule["delayMs"] = rule.pop("delay_ms")
        return self._server._call("POST", "/_mock/faults", dict(rule, operation=operation))

    def list(self):
        return self._server._call("GET", "/_mock/faults")["rules"]

    def clear(self):
        self._server._call("DELETE", "/_mock/faults")


class MockServer:
    def __init__(self, bin=None, *, fixtures=None, db=None, port=0, host="127.0.0.1", args=(),
                 start_timeout=10.0, stop_timeout=10.0):
        """bin: the binary (else $SECURITYHUB_MOCK_BIN, else securityhub-mock on PATH);
        fixtures: loaded at start and again by every reset(): a file, a shipped fixture name
        (walkthrough-mid-flow) or a dict; db: a SQLite file instead of memory; port: 0 for a
        free one; args: more server flags. SHMOCK_* variables of the environment are not passed
        on: the server runs as these arguments say."""
        self._bin, self._bin_source = bin, "bin="
        self._fixtures, self._db, self._port_wanted, self._host = fixtures, db, port, host
        self._args, self.start_timeout, self.stop_timeout = list(args), start_timeout, stop_timeout
        self._proc = None
        self._dir = None
        self._log_offset = 0
        self.port = None
        self.faults = Faults(self)

    def __repr__(self):
        where = f"{self.endpoint_url}, pid {self.pid}" if self._proc else "not running"
        return f"<MockServer {where}>"

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def pid(self):
        return self._proc.pid if self._proc else None

    @property
    def endpoint_url(self):
        host = "127.0.0.1" if self._host in ("0.0.0.0", "::") else self._host
        return f"http://{host}:{self.port}"

    @property
    def log_path(self):
        """The server's stderr: one JSON object per line (start-up events and every call)."""
        return os.path.join(self._dir, "server.log") if self._dir else None

    def command(self):
        binary = _locate.find_binary(self._bin, self._bin_source)
        cmd = [binary, "--host", self._host, "--port", str(self._port_wanted),
               "--log-format", "json", "--log-level", "info"]
        if self._db is not None:
            cmd += ["--db", os.fspath(self._db)]
        if self._fixtures is not None:
            cmd += ["--fixtures", self._startup_fixtures_file()]
        return cmd + self._args

    def _startup_fixtures_file(self):
        if isinstance(self._fixtures, dict):
            path = os.path.join(self._dir, "startup-fixtures.json")
            with open(path, "w") as f:
                json.dump(self._fixtures, f)
            return path
        return _locate.fixture_file(self._fixtures)

    def start(self):
        if self._proc is not None:
            raise MockError("this MockServer is already started")
        self._dir = tempfile.mkdtemp(prefix="securityhub-mock-")
        try:
            cmd = self.command()
            env = {k: v for k, v in os.environ.items() if not k.startswith("SHMOCK_")}
            with open(os.path.join(self._dir, "stdout.txt"), "wb") as out, \
                    open(self.log_path, "wb") as err:
                self._proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                              env=env, preexec_fn=_DIE_WITH_PARENT)
            atexit.register(self.stop)
            self.port = self._await_start_line(cmd)
            try:
                self.health()
            except (MockError, OSError) as e:
                raise StartError(f"securityhub-mock (pid {self.pid}) printed its port "
                                 f"{self.port} but {self.endpoint_url}/_mock/health does not "
                                 f"answer: {e}") from None
            self._mark_log()
            return self
        except BaseException:  # Ctrl-C during start-up too: never leave the process behind
            self.stop()
            raise

    def _await_start_line(self, cmd):
        deadline = time.monotonic() + self.start_timeout
        stdout = os.path.join(self._dir, "stdout.txt")
        while True:
            with open(stdout, "rb") as f:
                m = START_LINE.search(f.read().decode(errors="replace"))
            if m:
                return int(m.group(2))
            code = self._proc.poll()
            if code is not None:
                raise StartError(f"securityhub-mock exited with status {code} at start: "
                                 f"{self._output_tail() or '(it printed nothing)'} "
                                 f"[command: {' '.join(cmd)}]")
            if time.monotonic() >= deadline:
                raise StartError(f"securityhub-mock (pid {self.pid}) did not report its port "
                                 f"within {self.start_timeout:g} s; it was stopped. Output: "
                                 f"{self._output_tail() or '(none)'} [command: {' '.join(cmd)}]")
            time.sleep(0.01)

    def _output_tail(self, lines=5):
        text = ""
        for name in ("stdout.txt", "server.log"):
            try:
                with open(os.path.join(self._dir, name), "rb") as f:
                    text += f.read()[-4096:].decode(errors="replace")
            except OSError:
                pass
        return " | ".join(text.strip().splitlines()[-lines:])

    def stop(self):
        """Ends the server by its PID and waits for it (bounded); safe to call twice."""
        proc, self._proc = self._proc, None
        atexit.unregister(self.stop)
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # finishes calls in flight, closes the database
            try:
                proc.wait(self.stop_timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(self.stop_timeout)
        if self._dir is not None:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    # ------------------------------------------------------------------ control API

    def _call(self, method, path, body=None, timeout=10.0):
        if self._proc is None:
            raise MockError("the server is not running (start() it, or use it inside `with`)")
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        request = urllib.request.Request(self.endpoint_url + path, data=data, method=method,
                                         headers={"Content-Type": "application/json"})
        try:
            with _opener.open(request, timeout=timeout) as r:
                text = r.read()
        except urllib.error.HTTPError as e:
            text = e.read()
            try:
                doc = json.loads(text)
            except ValueError:
                doc = {}
            raise ControlError(f"{method} {path}: {e.code} {doc.get('Code', '')}: "
                               f"{doc.get('Message', text.decode(errors='replace'))}",
                               status=e.code, code=doc.get("Code")) from None
        except OSError as e:  # URLError, a timeout: say so if the server is gone
            code = self._proc.poll()
            if code is not None:
                raise MockError(f"securityhub-mock (pid {self.pid}) has exited with status {code}: "
                                f"{self._output_tail() or '(it printed nothing)'}") from None
            raise MockError(f"{method} {self.endpoint_url}{path}: {e}") from None
        return json.loads(text) if text.strip() else {}

    def health(self):
        return self._call("GET", "/_mock/health", timeout=5.0)

    def state(self):
        """The whole state, in the fixtures format."""
        return self._call("GET", "/_mock/state")

    def reset(self):
        """Drops all state and fault rules; loads the start-up fixtures again if there are any.
        `log` then starts afresh."""
        self._call("POST", "/_mock/reset?fixtures=1" if self._fixtures is not None else "/_mock/reset")
        self._mark_log()

    def load(self, fixture):
        """Loads a fixture document (a dict), file or shipped fixture name: all of it, or, if the
        server refuses it, none of it (FixtureError with the server's reason). Returns the
        counts the server loaded."""
        if isinstance(fixture, dict):
            body, source = json.dumps(fixture).encode(), "document"
        else:
            path = _locate.fixture_file(fixture)
            with open(path, "rb") as f:
                body, source = f.read(), path
        try:
            return self._call("POST", "/_mock/fixtures", body)
        except ControlError as e:
            raise FixtureError(f"the server refused the fixture {source}: {e}") from None

    # ------------------------------------------------------------------ clients and the log

    def client(self, account, region="us-east-1", service="securityhub", **config):
        """A boto3 client acting as `account` (a 12-digit access key id is the account) in
        `region`, retries off. `config` entries go to botocore's Config."""
        if not ACCOUNT.match(str(account)):
            raise ValueError(f"account must be 12 digits (the mock takes the account from the "
                             f"access key id), not {account!r}")
        try:
            import boto3
            from botocore.config import Config
        except ImportError:
            raise MockError("client() needs boto3 (pip install boto3, or apt install "
                            f"python3-boto3); any other client can use {self.endpoint_url}") from None
        config.setdefault("retries", {"total_max_attempts": 1})
        return boto3.session.Session().client(
            service, endpoint_url=self.endpoint_url, region_name=region,
            aws_access_key_id=str(account), aws_secret_access_key="x", config=Config(**config))

    def _mark_log(self):
        self._log_offset = os.path.getsize(self.log_path)

    @property
    def log(self):
        """The calls made since start or the last reset(), oldest first: the server's request
        log entries (requestId, method, path, operation, account, region, status, error,
        message, latencyUs), without the control API's own calls. A call is in it once its
        answer has arrived: the server writes the line before it answers."""
        entries = []
        with open(self.log_path, "rb") as f:
            f.seek(self._log_offset)
            for line in f:
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if "requestId" in entry and not str(entry.get("path") or "").startswith(CONTROL_PATHS):
                    entries.append(entry)
        return entries
