"""The httpx transport against the Rust middleware's own simulated QIWI
(the ``qiwi-errors-sim`` crate, ``client/sim``), served on 127.0.0.1 by ``qiwi-sim-server``
(``python/sim-server``), beside a naive loop: both clients face the faults the Rust
middleware is measured against, over real sockets, on the server's virtual clock.

``QIWI_SIM_SERVER`` names the binary (``scripts/test-python.sh`` builds it); without it the
test is skipped. ``SIM_LOOPBACK_SCENARIOS`` changes the count (default 2,100).

The ``queued`` fault (a charge that lands 40 s after the client's timeout) is in: the
transport believes the probe's "not found" only after the library's settle delay, as the Rust
middleware does. Left out: lagging status replicas, which break the read-your-writes the probe
is required to have.
"""

from __future__ import annotations

import json
import os
import random
import socket
import subprocess
import time
from collections import Counter
from typing import Any, Iterator, Optional

import httpx
import pytest

from qiwi_errors import Api
from qiwi_errors.httpx import Probe, ProbeAnswer, QiwiOperationError, QiwiRetryTransport

BINARY = os.environ.get("QIWI_SIM_SERVER")
COUNT = int(os.environ.get("SIM_LOOPBACK_SCENARIOS", "2100"))
SEED = 2326
TIME_LIMIT = 240.0

COMMON = [
    "drop-after-commit",
    "body-500-committed",
    "body-500-not-committed",
    "rate-limited",
    "rate-limited-retry-after:30",
    "retry-after-date:30",
    "slow-committed",
    "slow-not-committed",
    "proxy:502:html:committed",
    "proxy:502:html:not-committed",
    "proxy:503:text:committed",
    "proxy:503:text:not-committed",
    "cut-body",
    "queued",
]
FAULTS = {
    "payment": COMMON + ["empty-500", "empty-500-committed", "final-decline-04", "temporary-decline-51"],
    "xml": COMMON + ["busy-13", "fatal", "not-registered", "xml-in-progress:50"],
    "wallet": COMMON + ["empty-500", "empty-500-committed"],
}
API = {"payment": Api.PAYMENT_PROTOCOL, "xml": Api.XML, "wallet": Api.WALLET}

pytestmark = pytest.mark.skipif(not BINARY, reason="QIWI_SIM_SERVER is not set")


class Server:
    """The sim server, its control calls over plain sockets, and a mirror of its clock: every
    answer carries the clock (``X-Sim-Now``); after no answer the clock is asked for."""

    def __init__(self, binary: str) -> None:
        self.process = subprocess.Popen(
            [binary], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdout is not None
        self.base = self.process.stdout.readline().strip()
        assert self.base.startswith("http://127.0.0.1:"), self.base
        self.port = int(self.base.rsplit(":", 1)[1])
        self.t = 0.0
        # One transport for every client: making one per scenario costs an SSL context.
        self.inner = httpx.HTTPTransport(verify=False)

    def call(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> Any:
        payload = json.dumps(body).encode() if body is not None else b""
        with socket.create_connection(("127.0.0.1", self.port)) as s:
            s.sendall(
                f"{method} {path} HTTP/1.1\r\nHost: sim\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
                + payload
            )
            data = b""
            while chunk := s.recv(65536):
                data += chunk
        head, _, text = data.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 200"), head
        answer = json.loads(text)
        if "now" in answer:
            self.t = float(answer["now"])
        return answer

    def reset(self, proto: str, script: list[str], reading: str) -> None:
        self.call("POST", "/_sim/reset", {"proto": proto, "script": script, "reading": reading, "timeout": 30})
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.call("POST", "/_sim/advance", {"seconds": seconds})

    def report(self) -> Any:
        return self.call("GET", "/_sim/report")

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


class Clocked(httpx.BaseTransport):
    """Keeps the server's clock mirrored: from each answer's ``X-Sim-Now``, or by asking."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.inner = server.inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response = self.inner.handle_request(request)
        except httpx.TransportError:
            self.server.call("GET", "/_sim/now")
            raise
        now = response.headers.get("x-sim-now")
        if now is not None:
            self.server.t = float(now)
        return response


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    assert BINARY is not None
    s = Server(BINARY)
    yield s
    s.close()


def send(client: httpx.Client, base: str, proto: str, op: str) -> httpx.Response:
    if proto == "payment":
        return client.put(
            f"{base}/payin/v1/sites/sim/payments/{op}",
            headers={"content-type": "application/json"},
            content=b'{"amount":{"value":"10.00","currency":"RUB"}}',
        )
    if proto == "xml":
        return client.post(
            f"{base}/xml",
            content=(
                "<request><request-type>pay</request-type><auth><payment><transaction-number>"
                f"{op}</transaction-number><from><amount>10.00</amount></from></payment></auth></request>"
            ).encode(),
        )
    return client.post(
        f"{base}/sinap/api/v2/terms/99/payments",
        headers={"content-type": "application/json"},
        content=f'{{"id":"{op}","sum":{{"amount":10,"currency":"643"}}}}'.encode(),
    )


def run_transport(server: Server, sc: dict[str, Any], op: str) -> str:
    probe = None
    if sc["probe"] != "none":
        status_client = httpx.Client(transport=Clocked(server), timeout=10)

        def probe(request: httpx.Request) -> ProbeAnswer:
            if sc["probe"] == "unavailable":
                return Probe.UNKNOWN
            r = status_client.get(f"{server.base}/status/{op}")
            r.read()
            if r.status_code == 404:
                return Probe.NOT_FOUND
            return r if r.is_success else Probe.UNKNOWN

    transport = QiwiRetryTransport(
        API[sc["proto"]],
        Clocked(server),
        probe=probe,
        max_attempts=sc["max_attempts"],
        max_wait=sc["max_wait"],
        sleep=server.advance,
        clock=server.now,
    )
    # Not closed: that would close the shared transport.
    client = httpx.Client(transport=transport, timeout=10)
    try:
        send(client, server.base, sc["proto"], op)
        return "success"
    except QiwiOperationError as e:
        return "unknown" if e.may_have_gone_through else "failed"


def run_naive(server: Server, sc: dict[str, Any], op: str) -> str:
    told = "failed"
    client = httpx.Client(transport=Clocked(server), timeout=10)
    for _ in range(4):
        try:
            response = send(client, server.base, sc["proto"], op)
        except httpx.TransportError:
            continue
        if response.status_code >= 500:
            continue
        told = "success" if response.is_success else "failed"
        break
    return told


def test_loopback_simulation(server: Server) -> None:
    rng = random.Random(SEED)
    started = time.monotonic()
    rows: dict[str, Counter[str]] = {"transport": Counter(), "naive": Counter()}
    by_probe: Counter[tuple[str, str, str]] = Counter()
    violations: list[str] = []
    failed_charged: list[Any] = []
    for i in range(COUNT):
        proto = rng.choice(["payment", "xml", "wallet"])
        sc = {
            "proto": proto,
            "reading": rng.choice(["charge-again", "idempotent", "reject-duplicate"]),
            "script": [rng.choice(FAULTS[proto]) for _ in range(rng.randint(0, 5))],
            "probe": rng.choice(["none", "reliable", "unavailable"]),
            "max_attempts": rng.randint(1, 6),
            "max_wait": rng.choice([900.0, 2 * 86400.0]),
        }
        for name, run in (("transport", run_transport), ("naive", run_naive)):
            op = f"op-{i}"
            server.reset(proto, sc["script"], sc["reading"])
            told = run(server, sc, op)
            rep = server.report()
            rec = rep["ledger"].get(op, {"charges": 0, "arrivals": 0})
            charges, arrivals = rec["charges"], rec["arrivals"]
            c = rows[name]
            c["scenarios"] += 1
            for kind, n in rep["injected"].items():
                c["faults injected: " + kind] += n
            c["requests sent"] += arrivals
            c["operations charged"] += charges > 0
            c["DOUBLE CHARGES (operations charged 2+ times)"] += charges > 1
            c["authorisations past a cap"] += rep["past_cap"]
            c["repeats before Retry-After or a documented delay"] += rep["early"]
            c["XML status queries closer than 600 s"] += rep["close_queries"]
            c["caller told: " + told] += 1
            c["told failed, but charged"] += told == "failed" and charges > 0
            c["told success, but not charged"] += told == "success" and charges == 0
            if name == "transport" and told == "failed" and charges > 0:
                failed_charged.append((i, sc, rep))
            if name == "transport":
                by_probe[(sc["probe"], sc["reading"], "double")] += charges > 1
                by_probe[(sc["probe"], sc["reading"], "scenarios")] += 1
                violations += [f"{i} {sc}: {v}" for v in rep["violations"]]
                assert arrivals <= sc["max_attempts"], (i, sc, rep)
    elapsed = time.monotonic() - started

    keys = ["scenarios"] + sorted(k for k in rows["transport"].keys() | rows["naive"].keys() if k.startswith("faults"))
    keys += [
        "requests sent",
        "operations charged",
        "DOUBLE CHARGES (operations charged 2+ times)",
        "authorisations past a cap",
        "repeats before Retry-After or a documented delay",
        "XML status queries closer than 600 s",
        "caller told: success",
        "caller told: failed",
        "caller told: unknown",
        "told failed, but charged",
        "told success, but not charged",
    ]
    width = max(len(k) for k in keys)
    print()
    print(f"| {'figure (Rust sim over 127.0.0.1)':<{width}} | {'transport':>10} | {'naive loop':>10} |")
    print(f"|{'-' * (width + 2)}|{'-' * 12}|{'-' * 12}|")
    for k in keys:
        print(f"| {k:<{width}} | {rows['transport'][k]:>10} | {rows['naive'][k]:>10} |")
    print("transport double charges by probe and reading:")
    for probe in ("reliable", "unavailable", "none"):
        cells = [
            f"{reading} {by_probe[(probe, reading, 'double')]}/{by_probe[(probe, reading, 'scenarios')]}"
            for reading in ("charge-again", "idempotent", "reject-duplicate")
        ]
        print(f"  probe {probe}: " + ", ".join(cells))
    print(f"({COUNT} scenarios x 2 clients in {elapsed:.1f} s, seed {SEED})")

    t = rows["transport"]
    assert violations == [], violations[:10]
    assert t["told failed, but charged"] == 0, failed_charged[:3]
    assert t["told success, but not charged"] == 0
    assert t["authorisations past a cap"] == 0
    assert t["repeats before Retry-After or a documented delay"] == 0
    # The XML protocol asks for at most one status query in 10 minutes.
    assert t["XML status queries closer than 600 s"] == 0
    # With a status probe (working or not), nothing is charged twice under any reading.
    for probe in ("reliable", "unavailable"):
        for reading in ("charge-again", "idempotent", "reject-duplicate"):
            assert by_probe[(probe, reading, "double")] == 0, (probe, reading)
    # Without a probe, only the documented repeat of an empty HTTP 500 can charge twice, and
    # only where the server does not treat the same ID as the same operation.
    assert by_probe[("none", "idempotent", "double")] == 0
    assert by_probe[("none", "reject-duplicate", "double")] == 0
    assert rows["naive"]["DOUBLE CHARGES (operations charged 2+ times)"] > 0
    assert elapsed < TIME_LIMIT
