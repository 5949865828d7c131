#!/usr/bin/python3
"""Runs AWS CLI v2 calls for run_cli.py, one JSON line each way, in one long-lived process.

A request line is {"argv": [...], "env": {...}}; the answer line is {"rc", "out", "err"}: what
`aws ARGV` with environment ENV exits with and prints. Each call goes through the CLI's own
entry point (awscli.clidriver.AWSCLIEntryPoint().main, what /usr/bin/aws runs), so argument
parsing, serialization, retries, error handling and output formatting are the CLI's; only the
start of Python and the import of the CLI happen once instead of once per call.

It is a process of its own because the CLI v2 brings its own botocore (awscli/botocore, put in
sys.modules as `botocore`), which cannot live beside boto3's botocore that run_cli.py uses for
its setup steps.
"""
import contextlib
import io
import json
import os
import sys

sys.dont_write_bytecode = True
_before = dict(os.environ)
import awscli.clidriver  # noqa: E402  Debian's awscli (v2), as /usr/bin/aws imports it
# What importing the CLI puts in the environment (AWS_DATA_PATH, where its own data is): every
# `aws` process has it, so every call here does too.
SET_BY_IMPORT = {k: v for k, v in os.environ.items() if _before.get(k) != v}


def run(argv, env):
    # The CLI reads its settings (credentials, Region, retries) from os.environ when its session
    # is made: the call's environment is in place for the call only.
    saved = dict(os.environ)
    out, err = io.StringIO(), io.StringIO()
    try:
        os.environ.clear()
        os.environ.update(env)
        os.environ.update(SET_BY_IMPORT)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = awscli.clidriver.AWSCLIEntryPoint().main(argv)
            except SystemExit as e:  # argparse's usage errors exit
                rc = e.code if isinstance(e.code, int) else 255
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return rc, out.getvalue(), err.getvalue()


def main():
    answers = sys.stdout
    for line in sys.stdin:
        request = json.loads(line)
        rc, out, err = run(request["argv"], request["env"])
        answers.write(json.dumps({"rc": rc, "out": out, "err": err}) + "\n")
        answers.flush()


if __name__ == "__main__":
    main()
