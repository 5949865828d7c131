#!/usr/bin/env bash
# Installs what building securityhub-mock needs from Debian 12's packages, then builds it.
#   scripts/setup.sh            build dependencies + Release build in ./build
#   scripts/setup.sh --tests    also the real clients the test suite drives: the AWS CLI v2
#                               (Debian awscli), boto3 (python3-boto3), Node.js + the JS SDK v3
# Installs only what is missing; needs root (or sudo) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PACKAGES=(g++ cmake make pkg-config libcpp-httplib-dev nlohmann-json3-dev libsqlite3-dev
                libgtest-dev libssl-dev)
TEST_PACKAGES=(awscli python3-boto3)

with_tests=0
[[ "${1:-}" == "--tests" ]] && with_tests=1

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@";
  else echo "setup: need root (or sudo) to install: $*" >&2; exit 1; fi
}

missing=()
wanted=("${BUILD_PACKAGES[@]}")
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

if (( with_tests )); then
  # The JS SDK v3, pinned by tests/clients/js/package-lock.json.
  # npm records what it installed in node_modules/.package-lock.json: reinstall when the lock moved on.
  js=tests/clients/js
  if [[ ! -f $js/node_modules/.package-lock.json || $js/package-lock.json -nt $js/node_modules/.package-lock.json ]]; then
    npm ci --prefix tests/clients/js --no-audit --no-fund --loglevel=error
  fi
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
if (( with_tests )); then
  cmake --build build -j"$(nproc)"
else
  cmake --build build -j"$(nproc)" --target securityhub-mock
fi
