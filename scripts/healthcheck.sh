#!/bin/sh
# Exits 0 when securityhub-mock answers its health endpoint, 1 otherwise. The image's
# HEALTHCHECK runs it, and so can CI (tests/readme/check_recipes.py runs it against the binary).
#   scripts/healthcheck.sh [BASE_URL]     default http://127.0.0.1:$SHMOCK_PORT (9777)
set -eu
base="${1:-http://127.0.0.1:${SHMOCK_PORT:-9777}}"
exec curl -fsS --max-time 2 -o /dev/null "$base/_mock/health"
