#!/usr/bin/env bash
# Installs what building securityhub-mock needs from Debian 12's packages, then builds it.
#   scripts/setup.sh            build dependencies + Release build in ./build
#   scripts/setup.sh --tests    also the real clients the test suite drives: the AWS CLI v2
#                               (Debian awscli), boto3 (python3-boto3), Node.js + the JS SDK v3,
#                               and clang, libFuzzer and the ASan/UBSan/TSan runtimes for the
#                               sanitizer and fuzz stages (libclang-rt-14-dev, which holds them
#                               and clang's -fsanitize=fuzzer, is only a Recommends of clang),
#                               and for the browser tests (web view, console) Debian's chromium and
#                               python3-websocket (the DevTools protocol client); for the
#                               helpers' tests (tests/helpers) python3-venv, Debian's pytest and
#                               pytest-xdist, and what the .deb is built with (dpkg-dev for
#                               dpkg-shlibdeps, help2man for the man page)
#   scripts/setup.sh --runtime  only what the built binary needs to run (and curl for
#                               scripts/healthcheck.sh); no build. The image's last stage runs it.
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PACKAGES=(g++ cmake make pkg-config libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev
                libgtest-dev libssl-dev)
TEST_PACKAGES=(awscli python3-boto3 python3-yaml python3-websocket clang libfuzzer-14-dev libclang-rt-14-dev
               wrk jq curl  # wrk, jq, curl: the bench smoke test (bench/run.sh)
               python3-venv python3-pytest python3-pytest-xdist dpkg-dev help2man)
RUNTIME_PACKAGES=(libcpp-httplib0.11 libsqlite3-0 curl ca-certificates)

with_tests=0 runtime_only=0
[[ "${1:-}" == "--tests" ]] && with_tests=1
[[ "${1:-}" == "--runtime" ]] && runtime_only=1

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@";
  else echo "setup: need root (or sudo) to install: $*" >&2; exit 1; fi
}

missing=()
wanted=("${BUILD_PACKAGES[@]}")
(( runtime_only )) && wanted=("${RUNTIME_PACKAGES[@]}")
(( with_tests )) && wanted+=("${TEST_PACKAGES[@]}")
(( with_tests )) && ! command -v node >/dev/null && wanted+=(nodejs)
(( with_tests )) && ! command -v npm >/dev/null && wanted+=(npm)
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
(( runtime_only )) && exit 0

# Chromium is only for the browser test: where it cannot be installed, that test is skipped.
if (( with_tests )) && ! command -v chromium >/dev/null; then
  { as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; } ||
    echo "setup: chromium could not be installed; the browser tests (browser.web_view, browser.console) will be skipped" >&2
fi

if (( with_tests )); then
  # The JS SDK v3, pinned by tests/clients/js/package-lock.json.
  # Reinstall whenever the lock file differs from the one the installed packages came from (a
  # checksum, not mtimes: a fresh checkout makes every file look new).
  js=tests/clients/js
  lock_sum=$(sha256sum "$js/package-lock.json" | cut -d' ' -f1)
  if [[ "$(cat "$js/node_modules/.shmock-lock-sha256" 2>/dev/null)" != "$lock_sum" ]]; then
    npm ci --prefix tests/clients/js --no-audit --no-fund --loglevel=error
    echo "$lock_sum" > "$js/node_modules/.shmock-lock-sha256"
  fi
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
if (( with_tests )); then
  cmake --build build -j"$(nproc)"
else
  cmake --build build -j"$(nproc)" --target securityhub-mock
fi
