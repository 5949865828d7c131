#!/usr/bin/env bash
# The conformance harness (docs/conformance.md, issue 21): the client scenarios through boto3
# against a running mock or real AWS accounts, recorded, masked and compared.
#   scripts/conformance.sh --target aws --profiles admin,member,third --out rec-aws
#   scripts/conformance.sh --diff tests/conformance/mock rec-aws
#   scripts/conformance.sh --help
# Python: SHMOCK_CONFORMANCE_PYTHON, else Debian's /usr/bin/python3 when it has boto3
# (python3-boto3), else the python3 on PATH. Standard library and boto3 only.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
py=${SHMOCK_CONFORMANCE_PYTHON:-}
if [[ -z $py ]]; then
  if /usr/bin/python3 -c 'import boto3' 2>/dev/null; then py=/usr/bin/python3; else py=python3; fi
fi
exec "$py" "$here/conformance.py" "$@"
