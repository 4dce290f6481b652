#!/usr/bin/env bash
# Every crate meant for crates.io, packaged and built from its packaged form, the way
# `cargo publish` would check it: `cargo package --workspace` with verification. Crates marked
# `publish = false` (the wasm bindings, the fuzz checks, ...) are left out by reading the
# manifests, so a crate that drops `publish = false` is packaged here from then on. Unpublished
# workspace crates the others depend on are served from a local registry by cargo itself.
# Ends with the list of the .crate files it built.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '  [test-package] %s\n' "$*"; }

if ! command -v jq >/dev/null 2>&1; then
    log "installing Debian's jq"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq jq >/dev/null
fi

metadata=$(cargo metadata --no-deps --format-version 1)
# `publish = false` reads as an empty list of registries.
mapfile -t private < <(jq -r '.packages[] | select(.publish == []) | .name' <<<"$metadata")
mapfile -t public < <(jq -r '.packages[] | select(.publish != []) | "\(.name)-\(.version)"' <<<"$metadata")
[ ${#public[@]} -gt 0 ] || { echo "no publishable crate in the workspace" >&2; exit 1; }
log "not for crates.io (publish = false): ${private[*]:-none}"

# Cargo verifies a crate against the others through a temporary local registry, and takes a
# registry crate of a given version as never changing: it skips unpacking one whose directory
# exists under $CARGO_HOME/registry/src/-HASH/ (the "-" of a registry without a host), and never
# rebuilds one it has built. A second run would verify against the first run's crates. So the
# verification builds in a target directory of its own, and this workspace's crates, unpacked and
# built, are removed from both first (the other dependencies stay built).
verify="$(jq -r '.target_directory' <<<"$metadata")/package-verify"
for crate in "${public[@]}"; do
    rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/"$crate"
done
rm -rf "$verify"/debug/.fingerprint/qiwi-errors* "$verify"/debug/build/qiwi-errors* \
    "$verify"/debug/deps/*qiwi_errors* "$verify"/package

excludes=()
for name in "${private[@]}"; do excludes+=(--exclude "$name"); done
# --allow-dirty: this checks the tree as it is, edits included; publishing still refuses one.
cargo package --workspace "${excludes[@]}" --allow-dirty --locked --target-dir "$verify"

# `rust-version` is checked by clippy's `incompatible_msrv` (denied in every manifest), which
# sees the standard library's APIs. An older toolchain is not installed here: nothing in the test
# command downloads a prebuilt toolchain.

dir="$verify/package"
log "packaged and verified:"
for crate in "${public[@]}"; do
    file="$dir/$crate.crate"
    [ -f "$file" ] || { echo "no $file after cargo package" >&2; exit 1; }
    printf '    %-32s %5d files  %8s\n' "$crate.crate" "$(tar -tzf "$file" | wc -l)" \
        "$(du -h "$file" | cut -f1)"
done
