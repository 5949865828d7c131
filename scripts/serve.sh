#!/usr/bin/env bash
# Sets up (if needed), builds and starts securityhub-mock on its defaults:
# http://127.0.0.1:9777, in-memory SQLite. Extra arguments go to the server (see --help).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/securityhub-mock "$@"
