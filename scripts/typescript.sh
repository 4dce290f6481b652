#!/usr/bin/env bash
# Prints the path of the pinned TypeScript compiler, installing it from npm into
# target/typescript/ first if it is missing: one pin for every script that runs tsc.
set -euo pipefail
cd "$(dirname "$0")/.."

TYPESCRIPT=7.0.2
prefix=target/typescript
tsc="$prefix/node_modules/.bin/tsc"
if ! "$tsc" --version 2>/dev/null | grep -qx "Version $TYPESCRIPT"; then
    printf '  [typescript] installing typescript %s (npm) into %s\n' "$TYPESCRIPT" "$prefix" >&2
    mkdir -p "$prefix"
    npm install --prefix "$prefix" --no-save --no-audit --no-fund --no-package-lock \
        "typescript@$TYPESCRIPT" >/dev/null
fi
echo "$(pwd)/$tsc"
