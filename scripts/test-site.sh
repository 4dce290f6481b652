#!/usr/bin/env bash
# The static support site in a browser: builds the widget if wasm/dist/ is missing
# (scripts/build-wasm.sh), writes the site with `qiwi-errors site` into target/site, and opens
# a code page and the home page in Debian's headless chromium (playwright-core), where axe-core
# must report no violations. SITE_SCREENSHOTS=docs refreshes the screenshots in docs/.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '  [test-site] %s\n' "$*"; }

if ! command -v chromium >/dev/null 2>&1; then
    log "installing Debian's chromium"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

if [ ! -f wasm/dist/qiwi-error-explainer.js ] || [ ! -d wasm/dist/details ]; then
    log "no built widget in wasm/dist; building it"
    bash scripts/build-wasm.sh
fi

site="$(pwd)/target/site"
log "writing the site into $site"
cargo run -q -p qiwi-errors-cli -- site "$site" --widget wasm/dist

if [ ! -d site/node_modules/playwright-core ] || [ ! -d site/node_modules/axe-core ]; then
    log "installing npm packages (playwright-core, axe-core)"
    (cd site && npm ci --no-audit --no-fund >/dev/null)
fi

if [ -n "${SITE_SCREENSHOTS:-}" ]; then
    mkdir -p "$SITE_SCREENSHOTS" && SITE_SCREENSHOTS=$(cd "$SITE_SCREENSHOTS" && pwd) && export SITE_SCREENSHOTS
fi
cd site
SITE_DIR="$site" node --test tests/
