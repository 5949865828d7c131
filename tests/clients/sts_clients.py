#!/usr/bin/env python3
"""STS GetCallerIdentity through a real client: boto3's STS client or the AWS CLI v2.

    sts_clients.py boto3|cli <securityhub-mock binary>

Starts its own server, asks for the caller identity with a 12-digit access key (that account)
and with another key (the server's default account, 123456789012), and checks the whole
answer. Terraform's provider makes the same call first; with `endpoints { sts = ... }` it
reaches this server. Standalone on purpose: it shares nothing with the scenario runners
(standalone_checks.py runs the server and the cases).
Exits 0 only if every check passed and the server stopped with exit code 0 on SIGTERM.
"""
import json
import os
import re
import subprocess
import sys

from standalone_checks import run_checks

DEFAULT_ACCOUNT = "123456789012"
CASES = [("222222222222", "222222222222"), ("AKIAIOSFODNN7EXAMPLE", DEFAULT_ACCOUNT)]


def client_env(key):
    env = dict(os.environ)
    env.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": "secret", "AWS_REGION": "us-east-1",
                "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1", "AWS_EC2_METADATA_DISABLED": "true",
                "NO_PROXY": "127.0.0.1,localhost", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"})
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    return env


def identity_boto3(endpoint, key):
    import boto3
    sts = boto3.client("sts", endpoint_url=endpoint, region_name="us-east-1",
                       aws_access_key_id=key, aws_secret_access_key="secret")
    out = sts.get_caller_identity()
    request_id = out.pop("ResponseMetadata", {}).get("RequestId", "")
    return out, request_id


def identity_cli(endpoint, key):
    r = subprocess.run(["/usr/bin/aws", "sts", "get-caller-identity", "--endpoint-url", endpoint,
                        "--output", "json"], env=client_env(key), capture_output=True, text=True, timeout=60)
    if r.returncode != 0:
        raise RuntimeError("aws exited %d: %s" % (r.returncode, r.stderr.strip()))
    return json.loads(r.stdout), None


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("boto3", "cli"):
        sys.exit(__doc__)
    client, binary = sys.argv[1], sys.argv[2]
    call = identity_boto3 if client == "boto3" else identity_cli

    def check(endpoint, case):
        key, account = case
        expected = {"UserId": account, "Account": account, "Arn": "arn:aws:iam::%s:root" % account}
        try:
            got, request_id = call(endpoint, key)
            ok = got == expected and (request_id is None or re.fullmatch(r"[0-9a-f-]{36}", request_id))
            detail = "" if ok else " got %r (RequestId %r), expected %r" % (got, request_id, expected)
        except Exception as e:  # noqa: BLE001 - report any client failure as a failed check
            ok, detail = False, " %s: %s" % (type(e).__name__, e)
        return ok, "%s sts get-caller-identity with key %s: %s%s" % (client, key, "ok" if ok else "FAILED", detail)

    return run_checks(binary, ["--log-level", "warn"], CASES, check)


if __name__ == "__main__":
    sys.exit(main())
