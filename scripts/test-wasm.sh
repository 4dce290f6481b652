#!/usr/bin/env bash
# The WebAssembly package: build it (scripts/build-wasm.sh), then test the optimised module
# under node and the <qiwi-error-explainer> widget in Debian's headless chromium: embedding,
# accessibility (axe-core), a 360 px phone, and the React example, which the test builds with
# Vite from the package's `npm pack` tarball (its npm packages are installed on the first run).
# Before the tests, on the same build: the shipped .d.ts files under `tsc --strict` with a usage
# file (scripts/check-wasm-types.sh) and the `npm pack` tarball against its package.json
# (scripts/check-npm-pack.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null 2>&1; then
    echo "  [test-wasm] installing Debian's chromium"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

bash scripts/build-wasm.sh
bash scripts/check-wasm-types.sh
bash scripts/check-npm-pack.sh
cd wasm
node --test tests/
