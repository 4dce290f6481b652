#!/usr/bin/env bash
# Every crate meant for crates.io, packaged and built from its packaged form, the way
# `cargo publish` would check it: `cargo package --workspace` with verification. Crates marked
# `publish = false` (the wasm bindings, the fuzz checks, ...) are left out by reading the
# manifests, so a crate that drops `publish = false` is packaged here from then on. Unpublished
# workspace crates the others depend on are served from a local registry by cargo itself.
# Then each publishable crate is checked (library and binaries, default features) with the Rust
# of its `rust-version`, which rustup installs if missing: clippy's `incompatible_msrv` sees the
# standard library's APIs, this sees the language and the dependencies too.
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

# Cargo verifies a crate against the others through a temporary local registry, whose .crate
# files it unpacks under $CARGO_HOME/registry/src/-HASH/ (the "-" of a registry without a host),
# and a local registry skips the unpacking when that directory exists: a second run would build
# against the sources of the first. Remove this workspace's unpacked crates first.
for crate in "${public[@]}"; do
    rm -rf "${CARGO_HOME:-$HOME/.cargo}"/registry/src/-*/"$crate"
done

excludes=()
for name in "${private[@]}"; do excludes+=(--exclude "$name"); done
# --allow-dirty: this checks the tree as it is, edits included; publishing still refuses one.
cargo package --workspace "${excludes[@]}" --allow-dirty --locked

# The oldest Rust each crate claims: one toolchain per distinct `rust-version`.
mapfile -t msrvs < <(jq -r '[.packages[] | select(.publish != []) | .rust_version // empty] | unique[]' <<<"$metadata")
for msrv in "${msrvs[@]}"; do
    # rust-version "1.82" is rustup's "1.82.0" (a bare "1.82" would be a second toolchain).
    toolchain=$msrv; [[ $msrv =~ ^[0-9]+\.[0-9]+$ ]] && toolchain="$msrv.0"
    mapfile -t crates < <(jq -r --arg v "$msrv" \
        '.packages[] | select(.publish != [] and .rust_version == $v) | .name' <<<"$metadata")
    if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
        log "installing Rust $toolchain (rustup, minimal profile)"
        rustup toolchain install "$toolchain" --profile minimal >/dev/null 2>&1
    fi
    pkgs=()
    for name in "${crates[@]}"; do pkgs+=(-p "$name"); done
    log "Rust $msrv (rust-version): ${crates[*]}"
    cargo "+$toolchain" check --locked --quiet "${pkgs[@]}"
done
log "every crate builds with the Rust its rust-version names"

dir="$(jq -r '.target_directory' <<<"$metadata")/package"
log "packaged and verified:"
for crate in "${public[@]}"; do
    file="$dir/$crate.crate"
    [ -f "$file" ] || { echo "no $file after cargo package" >&2; exit 1; }
    printf '    %-32s %5d files  %8s\n' "$crate.crate" "$(tar -tzf "$file" | wc -l)" \
        "$(du -h "$file" | cut -f1)"
done
