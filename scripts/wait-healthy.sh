#!/bin/sh
# Waits until securityhub-mock is healthy (scripts/healthcheck.sh), for CI steps that start it
# in the background. Exits 0 once it answers, 1 after TIMEOUT seconds.
#   scripts/wait-healthy.sh [BASE_URL] [TIMEOUT]   defaults http://127.0.0.1:$SHMOCK_PORT (9777), 30
set -eu
here="$(dirname "$0")"
base="${1:-http://127.0.0.1:${SHMOCK_PORT:-9777}}"
timeout="${2:-30}"
deadline=$(( $(date +%s) + timeout ))
until "$here/healthcheck.sh" "$base" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "wait-healthy: $base/_mock/health did not answer within ${timeout}s" >&2
    exit 1
  fi
  sleep 0.2
done
