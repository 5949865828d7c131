#!/usr/bin/env bash
# Sets up (if needed), builds and runs the whole test suite: unit, HTTP, and the real clients
# (AWS CLI v2, boto3, JS SDK v3) against the started server binary. Then, in the same ctest run,
# the sanitizer and fuzz stages: the unit and HTTP tests under ASan+UBSan, the concurrency test
# under TSan, and the fuzzer for 60 s (tests/fuzz). Their trees are build-asan/ and build-tsan/,
# built with clang++. CI always runs every stage; SHMOCK_TEST_QUICK=1 skips the sanitizer and
# fuzz stages for a quick local run. Ends with ctest's summary; exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --tests

# Configures and builds a clang++ tree: TREE "CMAKE FLAGS" TARGETS...
sanitizer_tree() {
  local tree=$1 flags=$2
  shift 2
  # shellcheck disable=SC2086  # the flags are words
  cmake -S . -B "$tree" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo $flags >/dev/null
  cmake --build "$tree" -j"$(nproc)" --target "$@"
}

stages=OFF
if [[ "${SHMOCK_TEST_QUICK:-0}" != 1 ]]; then
  stages=ON
  started=$SECONDS
  sanitizer_tree build-asan "-DSHMOCK_SANITIZE=address,undefined -DSHMOCK_FUZZ=ON" unit_tests http_tests fuzz_api
  sanitizer_tree build-tsan "-DSHMOCK_SANITIZE=thread" http_tests
  echo "test: sanitizer trees built in $(( SECONDS - started )) s"
fi
cmake -S . -B build -DSHMOCK_SANITIZER_STAGES=$stages >/dev/null

cd build
ctest --output-on-failure --no-label-summary -j2 --timeout 600 "$@"
