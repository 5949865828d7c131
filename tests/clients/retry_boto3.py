#!/usr/bin/env python3
"""boto3's standard retry mode against fault rules (POST /_mock/faults), standalone.

usage: retry_boto3.py SERVER_BINARY

For each case it arms one counted rule on ListMembers, calls once in standard retry
mode, and checks what the client ended with and how many attempts the server saw (the
rule's `matched` counter). With Config(retries={"mode": "standard", "max_attempts": 3}):
  - 2 x 429 LimitExceededException: 3 attempts, the client succeeds;
  - 2 x 500 InternalException:      3 attempts, the client succeeds;
  - 5 x 429 LimitExceededException: 4 attempts, the client fails with that code.
botocore's client-config `max_attempts` counts *retries* (its args.py adds one); its
`total_max_attempts`, like AWS_MAX_ATTEMPTS, counts attempts, so with total_max_attempts 3:
  - 5 x 429 LimitExceededException: 3 attempts, the client fails with that code.
"""
import json
import os
import re
import subprocess
import sys
import urllib.request

import boto3
import botocore.config
import botocore.exceptions

for key in ("AWS_PROFILE", "AWS_MAX_ATTEMPTS", "AWS_RETRY_MODE", "AWS_ENDPOINT_URL",
            "AWS_ENDPOINT_URL_SECURITYHUB", "HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
    os.environ.pop(key, None)
os.environ.update(AWS_CONFIG_FILE="/dev/null", AWS_SHARED_CREDENTIALS_FILE="/dev/null",
                  AWS_EC2_METADATA_DISABLED="true", NO_PROXY="127.0.0.1,localhost")

ADMIN = "111111111111"
CASES = [  # (retries config, count, status, code, client succeeds, attempts the server sees)
    ({"max_attempts": 3}, 2, 429, "LimitExceededException", True, 3),
    ({"max_attempts": 3}, 2, 500, "InternalException", True, 3),
    ({"max_attempts": 3}, 5, 429, "LimitExceededException", False, 4),
    ({"total_max_attempts": 3}, 5, 429, "LimitExceededException", False, 3),
]


def control(base, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read() or b"{}")


def main():
    server = subprocess.Popen([sys.argv[1], "--port", "0", "--log-level", "error"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    try:
        port = re.search(r"http://127\.0\.0\.1:(\d+)", server.stdout.readline().decode()).group(1)
        base = f"http://127.0.0.1:{port}"
        failures = []
        for retries, count, status, code, succeeds, expected_attempts in CASES:
            name = f"{retries}: {count} x {status} {code}"
            client = boto3.client(
                "securityhub", endpoint_url=base, region_name="us-east-1",
                aws_access_key_id=ADMIN, aws_secret_access_key="x",
                config=botocore.config.Config(retries={"mode": "standard", **retries}))
            control(base, "POST", "/_mock/reset")
            client.enable_security_hub()
            control(base, "POST", "/_mock/faults", {
                "operation": "ListMembers", "account": ADMIN, "count": count,
                "error": {"status": status, "code": code, "message": "injected"}})
            try:
                client.list_members()
                outcome = "success"
            except botocore.exceptions.ClientError as e:
                outcome = e.response["Error"]["Code"]
            attempts = control(base, "GET", "/_mock/faults")["rules"][0]["matched"]
            expected = "success" if succeeds else code
            ok = outcome == expected and attempts == expected_attempts
            print(f"{'ok' if ok else 'FAIL'}: {name}: client {outcome} (expected {expected}), "
                  f"server saw {attempts} attempts (expected {expected_attempts})")
            if not ok:
                failures.append(name)
        return 1 if failures else 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
