#!/usr/bin/env bash
# Builds the WebAssembly package into wasm/dist/: compiles wasm/ for wasm32, binds it with
# wasm-bindgen, optimises it with wasm-opt -Oz, copies the widget beside it, and writes the
# per-family details files (details/FAMILY.json) the widget fetches on demand.
#
# The rustup wasm32 target is tried first; where rustup has none (as on the project's Debian
# machines, which cannot download it) Debian's rustc-web with `-Z build-std` is used instead
# (see shared/wasm-toolchain.md). Whatever is missing gets installed.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target=wasm32-unknown-unknown
out="$root/wasm/dist"
export CARGO_TARGET_DIR="$root/target/wasm"

log() { printf '  [build-wasm] %s\n' "$*"; }

apt_install() {
    local missing=()
    for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# std rebuilt for size: `immediate-abort` drops the panic machinery and its messages (the
# bindings never panic on input; a bug would still stop the module, now without a message),
# and Debug formatting and panic locations go too. These are unstable options, hence
# RUSTC_BOOTSTRAP; both toolchain routes below use them.
small_std=(-Z build-std=std,panic_abort)
small_flags="-Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"

build_with_rustup() {
    rustup target list --installed 2>/dev/null | grep -qx "$target" \
        || rustup target add "$target" >/dev/null 2>&1 || return 1
    rustup component list --installed 2>/dev/null | grep -q '^rust-src' \
        || rustup component add rust-src >/dev/null 2>&1 || return 1
    log "building with the rustup $target target"
    RUSTC_BOOTSTRAP=1 RUSTFLAGS="$small_flags" \
        cargo build -p qiwi-errors-wasm --target "$target" --profile wasm "${small_std[@]}"
}

build_with_debian() {
    log "no rustup $target target and std sources here; using Debian's rustc-web"
    apt_install rustc-web cargo-web rust-web-src lld-19
    RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=wasm-ld-19 RUSTC_BOOTSTRAP=1 \
        RUSTFLAGS="$small_flags" \
        /usr/bin/cargo build -p qiwi-errors-wasm --target "$target" --profile wasm "${small_std[@]}"
}

# QIWI_WASM_ROUTE=debian skips the rustup route, to try the fallback on a machine that has both.
if [ "${QIWI_WASM_ROUTE:-}" = debian ]; then build_with_debian; else build_with_rustup || build_with_debian; fi
wasm="$CARGO_TARGET_DIR/$target/wasm/qiwi_errors_wasm.wasm"
[ -f "$wasm" ] || { echo "no $wasm after the build" >&2; exit 1; }

# wasm-bindgen's CLI must be exactly the version of the crate in Cargo.lock.
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -q " $version\$"; then
    log "installing wasm-bindgen-cli $version"
    cargo install wasm-bindgen-cli --version "$version" >/dev/null 2>&1
fi

# npm's binaryen: Debian's (version 108) breaks wasm-bindgen's externref table.
if [ ! -x wasm/node_modules/.bin/wasm-opt ] || [ ! -d wasm/node_modules/playwright-core ]; then
    log "installing npm packages (binaryen, playwright-core)"
    (cd wasm && npm ci --no-audit --no-fund >/dev/null)
fi

rm -rf "$out" && mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name qiwi-errors "$wasm"
raw="$out/qiwi-errors_bg.wasm"
# The module's target_features section tells wasm-opt which proposals it may use.
wasm/node_modules/.bin/wasm-opt -Oz "$raw" -o "$raw.opt"
mv "$raw.opt" "$raw"
cp wasm/www/qiwi-error-explainer.js "$out/"
# What "Details for developers" fetches: each family's details, written by the native CLI from
# the same knowledge base.
CARGO_TARGET_DIR="$root/target" cargo run -q -p qiwi-errors-cli -- export-details "$out/details"
cp wasm/www/qiwi-error-explainer.d.ts "$out/" 2>/dev/null || true
log "built $out: $(stat -c %s "$raw") bytes raw, $(gzip -9c "$raw" | wc -c) bytes gzipped"
