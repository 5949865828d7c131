#!/usr/bin/env bash
# Sets up (if needed), builds and runs the whole test suite: unit, HTTP, and the real clients
# (AWS CLI v2, boto3, JS SDK v3) against the started server binary.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests
cd build
ctest --output-on-failure -j2 --timeout 600 "$@"
