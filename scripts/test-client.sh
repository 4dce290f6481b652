#!/usr/bin/env bash
# The reqwest middleware (client/): its tests (the 20,000-scenario simulation on a paused clock,
# the named fault tests over both transports, loopback scenarios on 127.0.0.1, the differential
# test against the library's judge, doctests), clippy with warnings as errors, and its docs.
# `cargo test` runs its tests too (client/ is a default member); here they run again printing the
# simulation's figures, and clippy builds the library with only the features the client uses.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test -p qiwi-errors-reqwest -- --nocapture
cargo clippy -p qiwi-errors-reqwest --all-targets -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc -p qiwi-errors-reqwest --no-deps
