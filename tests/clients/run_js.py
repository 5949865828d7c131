#!/usr/bin/python3
"""Run one scenario with the AWS SDK for JavaScript v3 (@aws-sdk/client-securityhub, pinned in
js/package-lock.json) against a freshly started server.

The SDK lives in one node process per scenario, js_caller.mjs, which executes one call per
JSON line (its header describes the protocol). Everything a scenario means is scenario_lib's.

usage: /usr/bin/python3 run_js.py SERVER_BINARY SCENARIO.json [--keep-going]
Environment: SHMOCK_NODE overrides the node binary (default: node on PATH).
"""

import collections
import json
import os
import queue
import subprocess
import sys
import threading

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario_lib as lib  # noqa: E402

NODE = os.environ.get("SHMOCK_NODE", "node")
CALLER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "js_caller.mjs")
READY_TIMEOUT = 30   # seconds for node to load the SDK
ANSWER_TIMEOUT = 120  # seconds per call, as the CLI runner allows one CLI process
EXIT_TIMEOUT = 15    # seconds to exit once stdin is closed


def merge_pages(pages):
    """The paginator's pages as one output, the way botocore's build_full_result merges them:
    list members concatenated, other members taken from the first page, NextToken dropped."""
    out = {}
    for page in pages:
        for k, v in page.items():
            if k == "NextToken":
                continue
            if isinstance(v, list):
                out[k] = out.get(k, []) + v
            elif k not in out:
                out[k] = v
    return out


def to_outcome(answer):
    if "output" in answer:
        return lib.Outcome.ok(lib.normalize(answer["output"]))
    if "pages" in answer:
        return lib.Outcome.ok(lib.normalize(merge_pages(answer["pages"])))
    if "error" in answer:
        e = answer["error"]
        return lib.Outcome.error(e.get("code"), e.get("status"), e.get("message"))
    if "failure" in answer:
        return lib.Outcome.broken(answer["failure"])
    return lib.Outcome.broken("js_caller.mjs answered %s" % lib.short(answer))


class JsCaller:
    """call(step) -> Outcome through one js_caller.mjs process."""

    def __init__(self, endpoint):
        try:
            self.proc = subprocess.Popen(
                [NODE, CALLER, endpoint], env=lib.isolated_env(),
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as e:
            raise lib.ClientUnavailable("cannot run %s: %s" % (NODE, e))
        self.lines = queue.Queue()   # stdout lines; None at end of file
        self.stderr_tail = collections.deque(maxlen=15)
        self.gone = None             # why no further call can be answered
        threading.Thread(target=self._read_stdout, daemon=True).start()
        self.stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self.stderr_reader.start()
        first = self._next_line(READY_TIMEOUT)
        if first is None or first.get("ready") is not True:
            self.close()
            raise lib.ClientUnavailable(self.gone or "js_caller.mjs began with %s" % lib.short(first))

    def _read_stdout(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def _read_stderr(self):
        # Forwarded as it comes, and the end kept for the failure text.
        for raw in self.proc.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            self.stderr_tail.append(line)
            sys.stderr.write("[js_caller] %s\n" % line)

    def _next_line(self, timeout):
        """The next JSON object on stdout, or None with self.gone saying why there is none."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            self.proc.kill()
            self.gone = "js_caller.mjs gave no answer within %d s (killed)" % timeout
            return None
        if line is None:
            self.gone = "js_caller.mjs exited before answering (%s)" % self._exit_description()
            return None
        try:
            answer = json.loads(line)
        except ValueError:
            answer = None
        if isinstance(answer, dict):
            return answer
        self.proc.kill()
        self.gone = "js_caller.mjs wrote a line that is not a JSON object: %r" % line[:300]
        return None

    def _exit_description(self):
        try:
            rc = self.proc.wait(EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            return "still running"
        self.stderr_reader.join(5)
        how = "signal %d" % -rc if rc < 0 else "exit code %d" % rc
        if self.stderr_tail:
            how += "; its stderr ends:\n      " + "\n      ".join(self.stderr_tail)
        return how

    def __call__(self, step):
        if self.gone:
            return lib.Outcome.broken("no call possible: js_caller.mjs failed earlier (see above)")
        request = {k: step[k] for k in ("region", "op", "input", "paginate")}
        request["service"] = step.get("service", "securityhub")
        key, secret, token = lib.credentials(step["as"])
        request["credentials"] = {"accessKeyId": key, "secretAccessKey": secret}
        if token:
            request["credentials"]["sessionToken"] = token
        try:
            self.proc.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            self.proc.stdin.flush()
        except OSError:
            pass  # node is gone; reading its stdout tells how
        answer = self._next_line(ANSWER_TIMEOUT)
        if answer is None:
            return lib.Outcome.broken(self.gone)
        return to_outcome(answer)

    def close(self):
        """Close stdin and wait for node to exit 0. Returns a failure text, or None
        (also when a step has already reported how node ended)."""
        already_reported = self.gone is not None
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            rc = self.proc.wait(EXIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None if already_reported else \
                "js_caller.mjs did not exit within %d s of its stdin closing (killed)" % EXIT_TIMEOUT
        if rc != 0 and not already_reported:
            return "js_caller.mjs ended with %s" % self._exit_description()
        return None


def make_caller(endpoint):
    return JsCaller(endpoint)


if __name__ == "__main__":
    sys.exit(lib.main("js", make_caller, sys.argv))
