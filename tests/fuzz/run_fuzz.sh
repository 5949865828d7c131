#!/usr/bin/env bash
# Runs fuzz_api for a bounded time from the committed seeds, without writing into the source tree.
#   tests/fuzz/run_fuzz.sh FUZZ_BINARY SECONDS [WORK_DIR] [extra libFuzzer flags...]
# New inputs go to WORK_DIR/corpus (a fresh temporary directory if not given); a crashing input is
# kept as WORK_DIR/crash-* and libFuzzer prints it (Base64 for small ones). Exits non-zero on any
# finding. Long runs by hand: add -fork=1 -ignore_crashes=1 to keep going past findings.
set -euo pipefail
binary=$1 seconds=$2
work=${3:-$(mktemp -d /tmp/shmock-fuzz.XXXXXX)}
shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work/corpus"
cp -n "$here"/corpus/* "$work/corpus/"
# -max_len: the 26 KB string that once killed the server must fit; -timeout: a call that takes
# seconds is a finding (backtracking, a loop), not slowness.
exec "$binary" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -dict="$here/api.dict" -artifact_prefix="$work/" -print_final_stats=1 -print_funcs=0 "$@" "$work/corpus"
