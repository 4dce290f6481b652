"""The httpx transport against a simulated QIWI with faults, beside a naive retry loop.

A seeded generator makes the scenarios (an API, a script of 0 to 5 faults, a status probe:
none, working or unavailable, an attempt limit of 1 to 6, and a longest wait inside one call
of 15 minutes or two days); each runs through ``QiwiRetryTransport`` and through a naive loop
that repeats every 5xx, timeout and dropped connection three times at once. The clock is
virtual, so a day's wait takes no time. ``SIM_SCENARIOS`` changes the count (default 2,400).
"""

from __future__ import annotations

import os
import time
from collections import Counter

import qiwi_sim

SEED = 26
COUNT = int(os.environ.get("SIM_SCENARIOS", "2400"))
TIME_LIMIT = 120.0


def test_simulation_no_double_charges() -> None:
    started = time.monotonic()
    rows: dict[str, Counter[str]] = {"transport": Counter(), "naive": Counter()}
    longest = {"transport": 0.0, "naive": 0.0}
    violations: list[str] = []
    for i, scenario in enumerate(qiwi_sim.scenarios(SEED, COUNT)):
        for name, run_one in (("transport", qiwi_sim.run_transport), ("naive", qiwi_sim.run_naive)):
            run = run_one(scenario, f"op-{i}")
            c = rows[name]
            c["scenarios"] += 1
            for fault, n in run.injected.items():
                c["faults injected: " + qiwi_sim.KIND[fault]] += n
            c["requests sent"] += run.requests
            c["repeats made"] += max(0, run.requests - 1)
            c["operations charged"] += run.charges > 0
            c["DOUBLE CHARGES (operations charged 2+ times)"] += run.charges > 1
            c["extra charges"] += max(0, run.charges - 1)
            c["caps broken (reattempts over a capped decline's budget)"] += run.caps_broken
            c["caller told: " + run.told] += 1
            c["told failed, but charged"] += run.told == "failed" and run.charges > 0
            c["told success, but not charged"] += run.told == "success" and run.charges == 0
            longest[name] = max(longest[name], run.virtual_time)
            if name == "transport":
                violations += [f"scenario {i} {scenario}: {v}" for v in run.violations]
                assert run.requests <= scenario.max_attempts, (i, scenario, run)
                if scenario.probe == "reliable" and run.charges > 0:
                    assert run.told == "success", (i, scenario, run)
    elapsed = time.monotonic() - started

    keys = ["scenarios"]
    keys += sorted(k for k in rows["transport"].keys() | rows["naive"].keys() if k.startswith("faults"))
    keys += [
        "requests sent",
        "repeats made",
        "operations charged",
        "DOUBLE CHARGES (operations charged 2+ times)",
        "extra charges",
        "caps broken (reattempts over a capped decline's budget)",
        "caller told: success",
        "caller told: failed",
        "caller told: unknown",
        "told failed, but charged",
        "told success, but not charged",
    ]
    width = max(len(k) for k in keys)
    print()
    print(f"| {'figure':<{width}} | {'transport':>10} | {'naive loop':>10} |")
    print(f"|{'-' * (width + 2)}|{'-' * 12}|{'-' * 12}|")
    for k in keys:
        print(f"| {k:<{width}} | {rows['transport'][k]:>10} | {rows['naive'][k]:>10} |")
    print(
        f"| {'longest run, virtual time':<{width}} | {longest['transport']:>9.0f}s |"
        f" {longest['naive']:>9.0f}s |"
    )
    print(f"({COUNT} scenarios x 2 clients in {elapsed:.1f} s, seed {SEED})")

    assert rows["transport"]["scenarios"] >= 2000 or COUNT < 2000
    assert rows["transport"]["DOUBLE CHARGES (operations charged 2+ times)"] == 0
    assert rows["transport"]["told failed, but charged"] == 0
    assert rows["transport"]["told success, but not charged"] == 0
    assert rows["transport"]["caps broken (reattempts over a capped decline's budget)"] == 0
    assert violations == [], violations[:10]
    # The simulation is meaningful only if the naive loop does double-charge.
    assert rows["naive"]["DOUBLE CHARGES (operations charged 2+ times)"] > 0
    assert elapsed < TIME_LIMIT
