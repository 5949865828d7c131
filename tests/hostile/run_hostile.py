#!/usr/bin/env python3
"""Sends the hostile corpus (corpus.py) to a fresh server as raw bytes and checks each answer.

usage: run_hostile.py BINARY FIXTURES_DIR [--record]

For every case: the status and x-amzn-ErrorType of each response on the connection must match
expected.json, and GET /_mock/state must be byte-identical to the seeded snapshot unless the case is
marked as mutating (then the fixture is reset and reloaded). --record rewrites expected.json from the
server's answers; review the diff, since a 5xx (other than 501) or a crash is a bug, not an answer.
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import corpus  # noqa: E402

EXPECTED = os.path.join(HERE, "expected.json")
CASE_SECONDS = 5.0


def control(port, method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "localhost"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    c.request(method, path, body=body, headers=headers)
    r = c.getresponse()
    data = r.read()
    c.close()
    if r.status != 200:
        raise RuntimeError(f"{method} {path}: {r.status} {data[:200]!r}")
    return data


def parse_responses(buf):
    """Splits what the server sent into (status, error type) pairs; a torn tail is reported as such."""
    out = []
    while buf:
        head_end = buf.find(b"\r\n\r\n")
        if head_end < 0:
            out.append("torn")
            break
        lines = buf[:head_end].decode("latin-1").split("\r\n")
        parts = lines[0].split(" ")
        if len(parts) < 2 or not parts[1].isdigit():
            out.append("garbage")
            break
        headers = {}
        for line in lines[1:]:
            k, _, v = line.partition(":")
            headers[k.strip().lower()] = v.strip()
        rest = buf[head_end + 4:]
        if "content-length" in headers:
            n = int(headers["content-length"])
            body, buf = rest[:n], rest[n:]
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = b""
            while True:
                le = rest.find(b"\r\n")
                size = int(rest[:le].split(b";")[0], 16) if le >= 0 else 0
                body += rest[le + 2:le + 2 + size]
                rest = rest[le + 2 + size + 2:]
                if size == 0 or le < 0:
                    break
            buf = rest
        else:
            buf = b""
        answer = parts[1]
        if headers.get("x-amzn-errortype"):
            answer += " " + headers["x-amzn-errortype"].split(":")[0]
        out.append(answer)
    return " | ".join(out) if out else "closed"


def send_raw(port, raw):
    s = socket.create_connection(("127.0.0.1", port), timeout=CASE_SECONDS)
    deadline = time.monotonic() + CASE_SECONDS
    buf = b""
    try:
        try:
            s.sendall(raw)
            s.shutdown(socket.SHUT_WR)  # the server sees the end of what we have to say
        except OSError:
            pass  # the server may close early on a refused request; read what it answered
        while time.monotonic() < deadline:
            s.settimeout(max(0.05, deadline - time.monotonic()))
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return parse_responses(buf) + " (timeout)"
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
        else:
            return parse_responses(buf) + " (timeout)"
    finally:
        s.close()
    return parse_responses(buf)


def main():
    binary, fixtures = sys.argv[1], sys.argv[2]
    record = "--record" in sys.argv
    seed = open(os.path.join(fixtures, "mid-flow.json"), "rb").read()
    proc = subprocess.Popen([binary, "--port", "0", "--log-level", "error"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL)
    try:
        line = proc.stdout.readline().decode()
        port = int(line.split("http://127.0.0.1:")[1].split()[0].rstrip("/"))

        def reload():
            control(port, "POST", "/_mock/reset")
            control(port, "POST", "/_mock/fixtures", seed)
            return control(port, "GET", "/_mock/state")

        snapshot = reload()
        expected = {} if record else json.load(open(EXPECTED))
        answers, passed, failed = {}, 0, 0
        for category, name, raw, mutates in corpus.cases():
            key = f"{category}/{name}"
            got = send_raw(port, raw)
            answers[key] = got
            problems = []
            if proc.poll() is not None:
                problems.append(f"server exited with {proc.returncode}")
            if not record and expected.get(key) != got:
                problems.append(f"expected {expected.get(key)!r}")
            for status in got.split(" | "):
                if status[:1] == "5" and not status.startswith("501"):
                    problems.append("server error")
            if not problems:
                state = control(port, "GET", "/_mock/state")
                if mutates:
                    if reload() != snapshot:
                        problems.append("the fixture did not reload to the snapshot")
                elif state != snapshot:
                    problems.append("state changed")
                    reload()
            if problems:
                failed += 1
                print(f"FAIL {key}: got {got!r}; " + "; ".join(problems))
                if proc.poll() is not None:
                    break
            else:
                passed += 1
                print(f"ok   {key}: {got}")
        if record:
            with open(EXPECTED, "w") as f:
                json.dump(answers, f, indent=0, sort_keys=False)
                f.write("\n")
        print(f"{passed} passed, {failed} failed")
        return 1 if failed else 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


if __name__ == "__main__":
    sys.exit(main())
