#!/usr/bin/python3
"""Run one scenario with Debian's boto3 (python3-boto3) against a freshly started server.

usage: /usr/bin/python3 run_boto3.py SERVER_BINARY SCENARIO.json [--keep-going]
"""

import os
import sys

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scenario_lib as lib  # noqa: E402

# Isolate botocore from ~/.aws and the ambient environment before it is imported.
for _k in lib.CLIENT_ENV_DROP:
    os.environ.pop(_k, None)
os.environ.update(lib.CLIENT_ENV_BASE)
os.environ.setdefault("AWS_ACCESS_KEY_ID", "123456789012")
os.environ.setdefault("AWS_REGION", "us-east-1")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
import botocore.config  # noqa: E402
import botocore.exceptions  # noqa: E402


def make_caller(endpoint):
    """Return call(step) -> Outcome using one cached client per (account, region)."""
    session = boto3.session.Session()
    config = botocore.config.Config(retries={"total_max_attempts": 1})
    clients = {}
    method_names = {}  # by service

    def client_for(who, region, service):
        access_key, secret, token = lib.credentials(who)
        key = (access_key, region, service)
        if key not in clients:
            c = session.client(service, endpoint_url=endpoint, region_name=region,
                               aws_access_key_id=access_key, aws_secret_access_key=secret,
                               aws_session_token=token, config=config)
            clients[key] = c
            if service not in method_names:
                method_names[service] = {api: py for py, api in c.meta.method_to_api_mapping.items()}
        return clients[key]

    def call(step):
        service = step.get("service", "securityhub")
        c = client_for(step["as"], step["region"], service)
        method = method_names[service].get(step["op"])
        if method is None:
            return lib.Outcome.broken("boto3 has no operation %s" % step["op"])
        try:
            if step.get("paginate"):
                pager = c.get_paginator(method)
                cfg = {"PageSize": step["paginate"]["page_size"]}
                out = pager.paginate(PaginationConfig=cfg, **step["input"]).build_full_result()
            else:
                out = getattr(c, method)(**step["input"])
        except botocore.exceptions.ClientError as e:
            err = e.response.get("Error", {})
            status = e.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            return lib.Outcome.error(err.get("Code"), status, err.get("Message"))
        except (botocore.exceptions.BotoCoreError, ValueError, TypeError) as e:
            return lib.Outcome.broken("boto3 raised %s: %s" % (type(e).__name__, e))
        return lib.Outcome.ok(lib.normalize(out))

    def close():  # drop keep-alive connections before the server is stopped
        for c in clients.values():
            c.close()
    call.close = close
    return call


if __name__ == "__main__":
    sys.exit(lib.main("boto3", make_caller, sys.argv))
