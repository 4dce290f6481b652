#!/usr/bin/env bash
# The TypeScript declarations the npm package ships, compiled by `tsc --strict` together with
# wasm/tests/types/usage.ts, which uses every type and function they export: the bindings'
# dist/qiwi-errors.d.ts (wasm-bindgen's output with the `typescript_custom_section` of
# wasm/src/lib.rs) and the element's dist/qiwi-error-explainer.d.ts; wasm-bindgen's declarations
# of the raw module (dist/qiwi-errors_bg.wasm.d.ts, for bundlers) are compiled too. Fails on a type
# error in any of them or in the usage, and on a name the first two export that the usage file
# does not mention.
# Reads wasm/dist/ as scripts/build-wasm.sh left it (scripts/test-wasm.sh builds it first);
# TypeScript is the version scripts/typescript.sh pins.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '  [check-wasm-types] %s\n' "$*"; }

dist=wasm/dist
declarations=("$dist/qiwi-errors.d.ts" "$dist/qiwi-error-explainer.d.ts")
for f in "${declarations[@]}"; do
    [ -f "$f" ] || { echo "no $f: run scripts/build-wasm.sh first" >&2; exit 1; }
done

tsc=$(bash scripts/typescript.sh)

usage=wasm/tests/types/usage.ts
log "$("$tsc" --version): --strict over ${declarations[*]}, $dist/qiwi-errors_bg.wasm.d.ts and $usage"
"$tsc" --strict -p wasm/tests/types/tsconfig.json

# Every exported name is used: a type added to the declarations gets a use here, or this fails.
# (The default export, wasm-bindgen's init function, is imported as `init`.)
missing=()
for f in "${declarations[@]}"; do
    while read -r name; do
        grep -qw -- "$name" "$usage" || missing+=("$name ($f)")
    done < <(sed -nE 's/^export (declare )?(type|interface|class|function|const|let|enum) ([A-Za-z_$][A-Za-z0-9_$]*).*/\3/p' "$f" | sort -u)
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "exported but not used in $usage:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    exit 1
fi
count=$(cat "${declarations[@]}" | grep -cE '^export (declare )?(type|interface|class|function|const|let|enum) ')
log "$count exported names, every one used; no type errors"
