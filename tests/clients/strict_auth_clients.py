#!/usr/bin/env python3
"""--strict-auth through a real client: boto3 or the AWS CLI v2 (the JS SDK: js/strict_auth.mjs).

    strict_auth_clients.py boto3|cli <securityhub-mock binary>

Starts its own server with --strict-auth, --default-secret and a fixture key that carries its
own secret, then calls Security Hub and STS with the right secrets (answered) and with a wrong
secret or an unknown key (refused with AWS's error codes). Real clients sign every request;
this proves the server's SigV4 check agrees with theirs, both ways. Exits 0 only if every check
passed and the server stopped with exit code 0 on SIGTERM.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

from standalone_checks import run_checks

ADMIN, MEMBER_KEY, MEMBER = "111111111111", "AKIAMEMBEREXAMPLE", "222222222222"
DEFAULT_SECRET, MEMBER_SECRET = "default-secret", "member-secret"
FIXTURE = {"accessKeys": {MEMBER_KEY: {"accountId": MEMBER, "secretAccessKey": MEMBER_SECRET}}}
REGION = "eu-west-1"

# (key, secret, call, expected): expected is the answer, or the error code the client reports.
CASES = [
    (ADMIN, DEFAULT_SECRET, "enable-security-hub", {}),
    (ADMIN, DEFAULT_SECRET, "describe-hub", {"HubArn": "arn:aws:securityhub:%s:%s:hub/default" % (REGION, ADMIN)}),
    (ADMIN, DEFAULT_SECRET, "get-caller-identity", {"Account": ADMIN}),
    (MEMBER_KEY, MEMBER_SECRET, "enable-security-hub", {}),
    (MEMBER_KEY, MEMBER_SECRET, "get-caller-identity", {"Account": MEMBER}),
    (ADMIN, "wrong-secret", "describe-hub", "InvalidSignatureException"),
    (MEMBER_KEY, DEFAULT_SECRET, "describe-hub", "InvalidSignatureException"),
    (ADMIN, "wrong-secret", "get-caller-identity", "SignatureDoesNotMatch"),
    ("AKIASTRANGER", DEFAULT_SECRET, "describe-hub", "UnrecognizedClientException"),
    ("AKIASTRANGER", DEFAULT_SECRET, "get-caller-identity", "InvalidClientTokenId"),
]


def pick(answer, expected):
    """The members of `answer` the case names (timestamps and the like vary)."""
    return {k: answer.get(k) for k in expected}


def call_boto3(endpoint, key, secret, call):
    import boto3
    import botocore.exceptions
    service = "sts" if call == "get-caller-identity" else "securityhub"
    client = boto3.client(service, endpoint_url=endpoint, region_name=REGION, aws_access_key_id=key,
                          aws_secret_access_key=secret,
                          config=boto3.session.Config(retries={"max_attempts": 1, "mode": "standard"}))
    try:
        out = getattr(client, call.replace("-", "_"))()
    except botocore.exceptions.ClientError as e:
        return e.response["Error"]["Code"]
    out.pop("ResponseMetadata", None)
    return out


def call_cli(endpoint, key, secret, call):
    env = dict(os.environ)
    env.update({"AWS_ACCESS_KEY_ID": key, "AWS_SECRET_ACCESS_KEY": secret, "AWS_REGION": REGION,
                "AWS_DEFAULT_REGION": REGION, "AWS_MAX_ATTEMPTS": "1", "AWS_EC2_METADATA_DISABLED": "true",
                "NO_PROXY": "127.0.0.1,localhost", "AWS_CONFIG_FILE": "/dev/null",
                "AWS_SHARED_CREDENTIALS_FILE": "/dev/null", "AWS_PAGER": ""})
    env.pop("AWS_PROFILE", None)
    env.pop("AWS_SESSION_TOKEN", None)
    service = "sts" if call == "get-caller-identity" else "securityhub"
    r = subprocess.run(["/usr/bin/aws", service, call, "--endpoint-url", endpoint, "--output", "json"],
                       env=env, capture_output=True, text=True, timeout=60)
    if r.returncode == 0:
        return json.loads(r.stdout) if r.stdout.strip() else {}
    m = re.search(r"An error occurred \((\w+)\)", r.stderr)
    return m.group(1) if m else "aws exited %d: %s" % (r.returncode, r.stderr.strip())


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("boto3", "cli"):
        sys.exit(__doc__)
    client, binary = sys.argv[1], sys.argv[2]
    call = call_boto3 if client == "boto3" else call_cli

    def check(endpoint, case):
        key, secret, op, expected = case
        try:
            got = call(endpoint, key, secret, op)
            if isinstance(expected, dict) and isinstance(got, dict):
                got = pick(got, expected)
        except Exception as e:  # noqa: BLE001 - report any client failure as a failed check
            got = "%s: %s" % (type(e).__name__, e)
        ok = got == expected
        return ok, "%s %s as %s/%s: %s" % (client, op, key, secret,
                                           "ok" if ok else "FAILED, got %r, expected %r" % (got, expected))

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(FIXTURE, f)
    try:
        return run_checks(binary, ["--log-level", "error", "--strict-auth", "--default-secret", DEFAULT_SECRET,
                                   "--fixtures", f.name], CASES, check)
    finally:
        os.unlink(f.name)


if __name__ == "__main__":
    sys.exit(main())
