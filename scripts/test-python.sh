#!/usr/bin/env bash
# The Python package (python/, `qiwi-errors` on PyPI, import name `qiwi_errors`): builds the
# abi3 wheel and the sdist with maturin in a virtual environment, checks both with twine,
# installs the wheel into a FRESH virtual environment, imports it there, and runs pytest (the
# API, the httpx transport, tenacity, the 2,400-scenario fault simulation, and 2,100 scenarios
# against the Rust middleware's own simulated QIWI served on 127.0.0.1 by
# python/sim-server) and `mypy --strict` over python/tests/usage.py against the installed
# package.
#
# Installs what a fresh Debian machine lacks (python3-venv) and, from PyPI, maturin, twine,
# pytest, httpx, tenacity and mypy. Work files go to $CARGO_TARGET_DIR/python (default
# target/python): the build environment is kept between runs, the test one is made anew.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
target="${CARGO_TARGET_DIR:-$root/target}"
work="$target/python"
python=${PYTHON:-python3}

log() { printf '  [test-python] %s\n' "$*"; }

if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' >/dev/null 2>&1; then
    log "installing Debian's python3-venv"
    sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-venv >/dev/null
fi

mkdir -p "$work"
build_env="$work/build-env"
if [ ! -x "$build_env/bin/maturin" ] || [ ! -x "$build_env/bin/twine" ]; then
    log "making the build environment ($build_env): maturin, twine"
    rm -rf "$build_env"
    "$python" -m venv "$build_env"
    "$build_env/bin/pip" install -q --upgrade pip
    "$build_env/bin/pip" install -q "maturin>=1.5,<2" twine
fi

dist="$work/dist"
rm -rf "$dist"
log "building the wheel (maturin build --release) and the sdist"
"$build_env/bin/maturin" build --release -m python/Cargo.toml --out "$dist" 2>&1 | grep -E 'Built|warning|error' | grep -v 'manifest has no' || true
"$build_env/bin/maturin" sdist -m python/Cargo.toml --out "$dist" 2>&1 | grep -E 'Built|warning|error' | grep -v 'manifest has no' || true
wheel=$(ls "$dist"/*.whl)
sdist=$(ls "$dist"/*.tar.gz)
log "wheel: $(basename "$wheel") ($(stat -c %s "$wheel") bytes); sdist: $(basename "$sdist") ($(stat -c %s "$sdist") bytes)"
"$build_env/bin/twine" check --strict "$wheel" "$sdist"
# The sdist must build on its own: its manifests and files, checked by cargo (a full
# `pip wheel` of it would repeat the release build).
unpacked="$work/sdist-check"
rm -rf "$unpacked" && mkdir -p "$unpacked"
# -m: the files get the time of unpacking (the sdist stores fixed times, which would let cargo
# take an earlier unpacked copy's build for this one).
tar xzmf "$sdist" -C "$unpacked"
log "cargo check of the unpacked sdist"
PYO3_BUILD_EXTENSION_MODULE=1 PYO3_PYTHON="$build_env/bin/python" \
    cargo check -q --lib --manifest-path "$(ls -d "$unpacked"/*/)python/Cargo.toml"

fresh="$work/fresh-env"
log "installing the wheel into a fresh environment ($fresh)"
rm -rf "$fresh"
"$python" -m venv "$fresh"
"$fresh/bin/pip" install -q --upgrade pip
"$fresh/bin/pip" install -q "$wheel"
# From outside the source tree, so that the installed package is the one imported.
(cd "$work" && "$fresh/bin/python" -c "import qiwi_errors; print(qiwi_errors.explain('QWPRC-220'))")
(cd "$work" && "$fresh/bin/python" -c "import qiwi_errors, sys; assert 'site-packages' in qiwi_errors.__file__, qiwi_errors.__file__")

"$fresh/bin/pip" install -q pytest httpx tenacity mypy
log "building the simulated QIWI's loopback server (python/sim-server)"
cargo build -q -p qiwi-sim-server
export QIWI_SIM_SERVER="$target/debug/qiwi-sim-server"
log "pytest"
"$fresh/bin/python" -m pytest python/tests -q -s -rs -p no:cacheprovider
log "mypy --strict python/tests/usage.py"
"$fresh/bin/python" -m mypy --strict --cache-dir "$work/mypy-cache" python/tests/usage.py
log "the Python package passed"
