#!/usr/bin/env bash
# The npm package as `npm pack` makes it from wasm/ (after scripts/build-wasm.sh; the test command
# builds first): wasm/tools/check-pack.mjs checks the unpacked tarball against its package.json
# (`files`, `main`, `module`, `types`, `sideEffects`, every `exports` target, nothing unlisted,
# every built file present); then, from a project that has the tarball in node_modules, node
# resolves every export and `tsc --strict` finds the types of "qiwi-error-explainer" and
# "qiwi-error-explainer/element" through `exports` under both the bundler and node16 rules.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '  [check-npm-pack] %s\n' "$*"; }

[ -f wasm/dist/qiwi-errors.js ] || { echo "no wasm/dist: run scripts/build-wasm.sh first" >&2; exit 1; }
tsc=$(bash scripts/typescript.sh)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd wasm && npm pack --json --pack-destination "$tmp" 2>/dev/null) >"$tmp/pack.json"
tarball="$tmp/$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[0].filename' "$tmp/pack.json")"
log "packed $(basename "$tarball"): $(stat -c %s "$tarball") bytes"
mkdir "$tmp/unpacked"
tar -xzf "$tarball" -C "$tmp/unpacked"
node wasm/tools/check-pack.mjs "$tmp/unpacked/package" wasm/dist

# A project that installed the tarball (it has no dependencies: unpacking is installing).
project="$tmp/project"
mkdir -p "$project/node_modules"
mv "$tmp/unpacked/package" "$project/node_modules/qiwi-error-explainer"
echo '{ "name": "consumer", "private": true, "type": "module" }' >"$project/package.json"

# What node (and bundlers following it) resolve each subpath to, from a module of the project.
cat >"$project/resolve.mjs" <<'EOF'
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
const resolve = (spec) => import.meta.resolve(spec);
const specs = {
  "qiwi-error-explainer": "dist/qiwi-errors.js",
  "qiwi-error-explainer/element": "dist/qiwi-error-explainer.js",
  "qiwi-error-explainer/qiwi-errors_bg.wasm": "dist/qiwi-errors_bg.wasm",
  "qiwi-error-explainer/details/wallet-error.json": "dist/details/wallet-error.json",
  "qiwi-error-explainer/package.json": "package.json",
};
let bad = 0;
for (const [spec, want] of Object.entries(specs)) {
  let url;
  try {
    url = resolve(spec);
  } catch (e) {
    console.error(`  ${spec}: ${e.message}`);
    bad++;
    continue;
  }
  const file = fileURLToPath(url);
  if (!file.endsWith(`node_modules/qiwi-error-explainer/${want}`) || !existsSync(file)) {
    console.error(`  ${spec} resolves to ${file}, not an existing ${want}`);
    bad++;
  }
}
// What is not exported stays private.
for (const spec of ["qiwi-error-explainer/dist/qiwi-errors.js", "qiwi-error-explainer/README.md"]) {
  try {
    resolve(spec);
    console.error(`  ${spec} resolves, but the package does not export it`);
    bad++;
  } catch {}
}
if (bad) process.exit(1);
console.log(`  [check-npm-pack] node resolves ${Object.keys(specs).length} subpaths to packed files`);
EOF
node "$project/resolve.mjs"

cat >"$project/index.ts" <<'EOF'
import init, { answer, type Answer, type Entry, lookup } from "qiwi-error-explainer";
import { QiwiErrorExplainer, type QiwiAnswerDetail } from "qiwi-error-explainer/element";

export async function ask(query: string): Promise<Answer> {
  await init();
  const entry: Entry | null = lookup("wallet-error", "220");
  void entry;
  return answer(query);
}
export function keys(el: QiwiErrorExplainer): void {
  el.addEventListener("answer", (ev) => {
    const detail: QiwiAnswerDetail = ev.detail;
    console.log(detail.keys);
  });
}
EOF
for rules in "bundler esnext" "node16 node16"; do
    set -- $rules
    "$tsc" --strict --noEmit --skipLibCheck false --lib es2022,dom \
        --target es2022 --moduleResolution "$1" --module "$2" "$project/index.ts"
    log "tsc --strict --moduleResolution $1: both entry points typed through exports"
done
