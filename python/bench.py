"""Timings of the Python package (not a test): the wheel's size, ``import qiwi_errors`` in a
fresh interpreter, and ``explain`` / ``lookup`` of a code per call from Python beside a dict
lookup in Python over the same keys.

    python python/bench.py [WHEEL]

Run it with the interpreter the wheel is installed in (``scripts/test-python.sh`` leaves one
in ``target/python/fresh-env``). Figures are medians; the machine's load shows in them.
"""

from __future__ import annotations

import glob
import os
import statistics
import subprocess
import sys
import time
import tempfile
from typing import Callable

# The installed package, not the source tree beside this file.
_here = os.path.dirname(os.path.abspath(__file__))
sys.path = [p for p in sys.path if os.path.abspath(p or os.curdir) != _here]
os.chdir(tempfile.gettempdir())

import qiwi_errors as q  # noqa: E402


def median_of(runs: int, f: Callable[[], float]) -> float:
    return statistics.median(f() for _ in range(runs))


def import_seconds(module: str) -> float:
    code = (
        "import time; t = time.perf_counter(); import " + module + "; "
        "print(time.perf_counter() - t)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return float(out.stdout)


def per_call(f: Callable[[str], object], keys: list[str], rounds: int) -> float:
    """Seconds per call of ``f`` over every key, best of ``rounds``."""
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for k in keys:
            f(k)
        best = min(best, (time.perf_counter() - t) / len(keys))
    return best


def main() -> None:
    wheels = sys.argv[1:] or glob.glob(os.path.join(_here, "..", "target", "python", "dist", "*.whl"))
    for wheel in wheels:
        print(f"wheel: {os.path.basename(wheel)}: {os.path.getsize(wheel):,} bytes")
    print(f"python: {sys.version.split()[0]}; qiwi_errors from {os.path.dirname(q.__file__)}")

    runs = 15
    imp = median_of(runs, lambda: import_seconds("qiwi_errors"))
    imp_json = median_of(runs, lambda: import_seconds("json"))
    imp_httpx = median_of(runs, lambda: import_seconds("qiwi_errors.httpx"))
    print(f"import qiwi_errors: {imp * 1e3:.1f} ms (median of {runs} fresh interpreters)")
    print(f"import qiwi_errors.httpx (httpx included): {imp_httpx * 1e3:.1f} ms")
    print(f"import json, for scale: {imp_json * 1e3:.1f} ms")

    entries = q.entries(lang="en")
    labels = [e.label for e in entries]
    table = {e.label: e for e in entries}
    pairs = [(str(e.family), e.code) for e in entries]
    keys_by_label = {e.label: (str(e.family), e.code) for e in entries}
    rounds = 5
    explain = per_call(lambda k: q.explain(k, "en"), labels, rounds)
    explain_title = per_call(lambda k: q.explain(k, "en").best.title, labels, rounds)  # type: ignore[union-attr]
    native_explain = per_call(lambda k: q._native.explain_query(k, "en"), labels, rounds)
    one = per_call(lambda k: q.explain("QWPRC-220", "en"), labels, rounds)
    lookup = per_call(lambda k: q.lookup(*keys_by_label[k], "en"), labels, rounds)
    native_lookup = per_call(lambda k: q._native.lookup(*keys_by_label[k], "en"), labels, rounds)
    d = per_call(table.__getitem__, labels, rounds * 20)
    d_title = per_call(lambda k: table[k].title, labels, rounds * 20)
    judge = per_call(lambda k: q.judge(500, "", "payment-protocol"), labels[:200], rounds)
    print(f"keys: {len(labels)} codes as people write them ({labels[0]!r}, ...); {len(pairs)} (family, code) pairs")
    print(f"explain(label) per call: {explain * 1e6:.2f} us")
    print(f"explain('QWPRC-220') per call: {one * 1e6:.2f} us")
    print(f"native explain_query(label) per call (no exception check, no answer() routing): {native_explain * 1e6:.2f} us")
    print(f"explain(label).best.title per call: {explain_title * 1e6:.2f} us")
    print(f"lookup(family, code) per call: {lookup * 1e6:.2f} us (native function alone: {native_lookup * 1e6:.2f} us)")
    print(f"judge(500, '', 'payment-protocol') per call: {judge * 1e6:.2f} us")
    print(f"dict[label] per call: {d * 1e9:.0f} ns; dict[label].title: {d_title * 1e9:.0f} ns")


if __name__ == "__main__":
    main()
