#!/usr/bin/env bash
# Short coverage-guided fuzz runs of every target (explain, search, diagnose, the data parser),
# starting from the committed corpus. Any finding fails the script: a crash or panic, a leak, an
# input over the memory limit (oom), an input slower than the time limit (timeout, slow-unit),
# or anything else libFuzzer stops on or leaves an artifact for.
#
#   FUZZ_SECONDS  time per target (default 15)
#   FUZZ_TIMEOUT  seconds one input may take before it is a finding (default 10)
#   FUZZ_RSS_MB   memory limit of the fuzzing process, in MB (default 2048)
#   FUZZ_TARGETS  the targets to run (default: all four)
#
# Each run starts with an empty artifacts folder of its own (-artifact_prefix in a temporary
# folder), so an old artifact cannot fail a new run and a new one is never missed; what a run
# finds is copied to fuzz/artifacts/TARGET/ (not committed) and its path printed.
# Uses the nightly toolchain when rustup has one, else the stable one with RUSTC_BOOTSTRAP=1
# (cargo fuzz needs -Z flags); installs cargo-fuzz when it is missing.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds=${FUZZ_SECONDS:-15}
timeout=${FUZZ_TIMEOUT:-10}
rss_mb=${FUZZ_RSS_MB:-2048}
targets=${FUZZ_TARGETS:-explain search diagnose dataset}

command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked >/dev/null 2>&1 || cargo install cargo-fuzz >/dev/null
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz() { cargo +nightly fuzz "$@"; }
else
    fuzz() { RUSTC_BOOTSTRAP=1 cargo fuzz "$@"; }
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=()
for target in $targets; do
    # Work on a copy: new inputs the run finds stay out of the committed corpus.
    corpus="$work/$target/corpus" found="$work/$target/artifacts" log="$work/$target/log"
    mkdir -p "$corpus" "$found"
    cp corpus/"$target"/* "$corpus/"
    echo "== fuzz $target (${seconds}s, -timeout=$timeout, -rss_limit_mb=$rss_mb)"
    # Leak detection is on for every target, the data parser's too: its check frees what the
    # loader reads after each input (qiwi_errors_build::leak_scope).
    status=0
    ASAN_OPTIONS="detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" fuzz run -O "$target" "$corpus" -- \
        -max_total_time="$seconds" -timeout="$timeout" -rss_limit_mb="$rss_mb" \
        -max_len=65536 -detect_leaks=1 -artifact_prefix="$found/" >"$log" 2>&1 || status=$?
    grep -E '^(Done|#[0-9]+[[:space:]]+DONE|==[0-9]+== ?ERROR|SUMMARY)|panicked' "$log" || true
    artifacts=()
    while IFS= read -r -d '' file; do artifacts+=("$file"); done \
        < <(find "$found" -type f -print0 | sort -z)
    if [ "$status" -eq 0 ] && [ ${#artifacts[@]} -eq 0 ]; then
        continue
    fi
    failed+=("$target")
    echo "FAIL: fuzz target $target: exit status $status, ${#artifacts[@]} artifact(s)" >&2
    mkdir -p "artifacts/$target"
    for file in "${artifacts[@]}"; do
        cp "$file" "artifacts/$target/"
        echo "FAIL: fuzz target $target: artifact $PWD/artifacts/$target/$(basename "$file")" >&2
    done
    echo "---- last lines of the $target log:" >&2
    tail -n 40 "$log" >&2
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
echo "fuzzing found nothing in: $targets"
