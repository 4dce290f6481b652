#!/usr/bin/env bash
# Short coverage-guided fuzz runs of every target (explain, search, diagnose, the data parser),
# starting from the committed corpus. FUZZ_SECONDS sets the time per target (default 15).
# Uses the nightly toolchain when rustup has one, else the stable one with RUSTC_BOOTSTRAP=1
# (cargo fuzz needs -Z flags); installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${FUZZ_SECONDS:-15}

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked >/dev/null 2>&1 || cargo install cargo-fuzz >/dev/null
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz() { cargo +nightly fuzz "$@"; }
else
    fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in explain search diagnose dataset; do
    # Work on a copy: new inputs the run finds stay out of the committed corpus.
    mkdir -p "$work/$target"
    cp corpus/$target/* "$work/$target/"
    # The data parser leaks what it reads on purpose (the build step reads data/ once per
    # process into 'static records; see crates/qiwi-errors-shared/src/leak.rs), so leak
    # detection is off for that target alone; the RSS limit still bounds it.
    leaks=1; [ "$target" = dataset ] && leaks=0
    ASAN_OPTIONS="detect_leaks=$leaks" fuzz run -O "$target" "$work/$target" -- \
        -max_total_time="$seconds" -rss_limit_mb=2048 -max_len=65536 -detect_leaks="$leaks" 2>&1 \
        | grep -E '^(Done|#[0-9]+ *DONE)|ERROR|panicked' || true
    # libFuzzer exits non-zero and leaves an artifact on a crash.
    if ls artifacts/$target/crash-* >/dev/null 2>&1; then
        echo "fuzz target $target crashed; see fuzz/artifacts/$target" >&2
        exit 1
    fi
done
