#!/usr/bin/env bash
# Runs every check of the project: formatting, lints, docs, unit/integration/doc tests, the
# WebAssembly package with its node and browser tests, and short fuzz runs.
# It installs what a fresh Debian machine lacks (apt packages, cargo tools, npm packages).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (warnings are errors): default members, then the whole workspace, all features"
cargo clippy --all-targets -- -D warnings
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "cargo test (library, CLI, build step, integration tests, doctests)"
cargo test

step "cargo test, backon adapter"
cargo test -p qiwi-errors --features backon --doc retry

step "cargo test, lookups only (no default features)"
cargo test -p qiwi-errors --no-default-features

step "cargo doc (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --all-features

for extra in scripts/test-*.sh; do
    [ -e "$extra" ] || continue
    step "$extra"
    bash "$extra"
done

step "all checks passed"
