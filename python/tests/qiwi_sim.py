"""A simulated QIWI for the Python tests: a ledger of operations keyed by the client's
operation ID, a script of faults, and checks of what the client did.

A port of the Rust middleware's simulator (the ``qiwi-errors-sim`` crate, ``client/sim``) to Python, on a
virtual clock, answering through ``httpx.MockTransport``; two faults are added here: a proxy's
HTML 502 after the request was committed, and ``psErrorCode`` 91 with
``ACQUIRING_ISSUER_NOT_AVAILABLE`` (a capped decline of the 2024 edition).

Modelling choices that are ours, not QIWI's (the same as the Rust simulator's): the server
charges **every** request it processes, even a repeat of an operation it already charged (it
does not deduplicate), so a client that resends a request that went through charges twice;
answers the library's rules call "not processed" (HTTP 500 with an empty body, ``result-code``
13, payment status -1, 429/423) charge nothing. The delays and caps it checks are read from
the knowledge base, never written here.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable, Optional

import httpx

import qiwi_errors
from qiwi_errors import Family
from qiwi_errors.httpx import Probe, ProbeAnswer, QiwiOperationError, QiwiRetryTransport

#: How long a client waits for one answer (our figure, as the Rust simulation's).
TIMEOUT = 30.0


def _limited(family: str, code: str) -> tuple[int, int]:
    entry = qiwi_errors.lookup(family, code)
    assert entry is not None and entry.retry_limit is not None, f"{family}:{code} changed"
    return entry.retry_limit


def _documented_after(family: str, code: str) -> Optional[float]:
    entry = qiwi_errors.lookup(family, code)
    assert entry is not None
    if entry.retry == "after":
        assert entry.retry_seconds is not None
        return float(entry.retry_seconds)
    assert entry.retry == "later", f"{family}:{code} changed: {entry.retry}"
    return None


class Clock:
    """Virtual time: sleeping moves it, nothing waits."""

    def __init__(self) -> None:
        self.t = 0.0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.t += max(0.0, seconds)


FAULTS = {
    "payment": [
        "drop-after-commit",
        "empty-500",
        "body-500-committed",
        "body-500-not-committed",
        "proxy-502-committed",
        "rate-limited-retry-after",
        "rate-limited",
        "final-decline-04",
        "temporary-decline-51",
        "capped-decline-91",
        "slow-committed",
        "slow-not-committed",
    ],
    "xml": [
        "drop-after-commit",
        "body-500-committed",
        "body-500-not-committed",
        "proxy-502-committed",
        "rate-limited-retry-after",
        "rate-limited",
        "busy-13",
        "fatal",
        "not-registered",
        "slow-committed",
        "slow-not-committed",
    ],
    "wallet": [
        "drop-after-commit",
        "empty-500",
        "body-500-committed",
        "body-500-not-committed",
        "proxy-502-committed",
        "rate-limited-retry-after",
        "rate-limited",
        "slow-committed",
        "slow-not-committed",
    ],
}

KIND = {
    "drop-after-commit": "connection drop after commit",
    "empty-500": "HTTP 500, empty body (not committed)",
    "body-500-committed": "HTTP 500 with body, committed",
    "body-500-not-committed": "HTTP 500 with body, not committed",
    "proxy-502-committed": "proxy 502 HTML page, committed",
    "rate-limited-retry-after": "429/423 with Retry-After",
    "rate-limited": "429/423 without Retry-After",
    "final-decline-04": "psErrorCode 04 (final decline)",
    "temporary-decline-51": "psErrorCode 51, REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY (capped)",
    "capped-decline-91": "psErrorCode 91, ACQUIRING_ISSUER_NOT_AVAILABLE (capped)",
    "busy-13": "XML result-code 13",
    "fatal": 'XML fatal="true"',
    "not-registered": "XML payment status -1",
    "slow-committed": "timeout, committed",
    "slow-not-committed": "timeout, not committed",
}


@dataclass
class Record:
    charges: int = 0
    arrivals: list[float] = field(default_factory=list)
    first_request: Optional[tuple[str, str, bytes]] = None
    final_decline: bool = False
    not_before: Optional[float] = None
    capped_at: Optional[float] = None
    capped_window: float = 0.0
    capped_max: int = 0
    reattempts_in_window: int = 0


class Sim:
    """The simulated QIWI for one scenario."""

    def __init__(self, proto: str, script: list[str], clock: Clock) -> None:
        self.proto = proto
        self.script = list(script)
        self.clock = clock
        self.ledger: dict[str, Record] = {}
        self.violations: list[str] = []
        self.injected: dict[str, int] = {}
        self.caps_broken = 0

    # -- bodies ---------------------------------------------------------------------------

    def success_body(self, op: str) -> str:
        if self.proto == "payment":
            return f'{{"paymentId":"{op}","status":{{"value":"COMPLETED"}}}}'
        if self.proto == "xml":
            return (
                '<response><result-code fatal="false">0</result-code><payment status="60"'
                f' transaction-number="{op}" final-status="true" fatal-error="false"/></response>'
            )
        return f'{{"id":"{op}","transaction":{{"id":"1","state":{{"code":"Accepted"}}}}}}'

    def decline_body(self, op: str) -> str:
        if self.proto == "payment":
            return (
                f'{{"paymentId":"{op}","status":{{"value":"DECLINED",'
                '"reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}'
            )
        return '<response><result-code fatal="true">300</result-code></response>'

    def status_of(self, op: str) -> Optional[tuple[int, str]]:
        """The API's status method: ``None`` when the operation is unknown."""
        record = self.ledger.get(op)
        if record is None:
            return None
        if record.charges > 0:
            return 200, self.success_body(op)
        if record.final_decline:
            return 200, self.decline_body(op)
        return None

    # -- requests -------------------------------------------------------------------------

    def handle(self, request: httpx.Request) -> httpx.Response:
        body = request.content
        op = id_of(request.url.path, body.decode())
        now = self.clock.now()
        record = self.ledger.setdefault(op, Record())
        key = (request.method, str(request.url), body)
        if record.first_request is None:
            record.first_request = key
        elif record.first_request != key:
            self.violations.append(f"{op}: a repeat differs from the first request")
        if record.final_decline:
            self.violations.append(f"{op}: sent again after a final decline")
        if record.not_before is not None and now < record.not_before:
            self.violations.append(f"{op}: repeated at {now}, before {record.not_before}")
        over_cap = False
        if record.capped_at is not None:
            if now < record.capped_at + record.capped_window:
                record.reattempts_in_window += 1
                if record.reattempts_in_window > record.capped_max:
                    self.violations.append(f"{op}: more reattempts in a day than the cap")
                    self.caps_broken += 1
                    over_cap = True
            else:
                record.reattempts_in_window = 0
        record.arrivals.append(now)
        record.not_before = None
        if over_cap:
            # The payment system's cap: the sim answers the final decline.
            record.final_decline = True
            return httpx.Response(200, text=self.decline_body(op))
        fault = self.script.pop(0) if self.script else None
        if fault is not None:
            self.injected[fault] = self.injected.get(fault, 0) + 1
        if fault is None:
            record.charges += 1
            return httpx.Response(200, text=self.success_body(op))
        if fault == "drop-after-commit":
            record.charges += 1
            raise httpx.RemoteProtocolError(
                "the simulated QIWI closed the connection", request=request
            )
        if fault == "empty-500":
            return httpx.Response(500, content=b"")
        if fault in ("body-500-committed", "body-500-not-committed"):
            record.charges += fault == "body-500-committed"
            return httpx.Response(500, text='{"description":"Internal Server Error"}')
        if fault == "proxy-502-committed":
            record.charges += 1
            return httpx.Response(
                502,
                text="<html><head><title>502 Bad Gateway</title></head><body><center>"
                "<h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                headers={"content-type": "text/html"},
            )
        if fault in ("rate-limited", "rate-limited-retry-after"):
            status = 423 if self.proto == "wallet" else 429
            headers = {}
            if fault == "rate-limited-retry-after":
                seconds = 30
                headers["Retry-After"] = str(seconds)
                record.not_before = now + seconds
            return httpx.Response(
                status, text='{"description":"Too Many Requests"}', headers=headers
            )
        if fault == "busy-13":
            after = _documented_after(Family.XML_REQUEST_RESULT, "13")
            record.not_before = None if after is None else now + after
            return httpx.Response(
                200, text='<response><result-code fatal="false">13</result-code></response>'
            )
        if fault == "not-registered":
            after = _documented_after(Family.XML_PAYMENT_STATUS, "-1")
            record.not_before = None if after is None else now + after
            return httpx.Response(
                200,
                text='<response><result-code fatal="false">0</result-code><payment status="-1"'
                f' transaction-number="{op}" result-code="300" final-status="false"'
                ' fatal-error="false"/></response>',
            )
        if fault in ("fatal", "final-decline-04"):
            record.final_decline = True
            return httpx.Response(200, text=self.decline_body(op))
        if fault in ("temporary-decline-51", "capped-decline-91"):
            code, reason = (
                ("51", "REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY")
                if fault == "temporary-decline-51"
                else ("91", "ACQUIRING_ISSUER_NOT_AVAILABLE")
            )
            record.capped_max, window = _limited(Family.PS_ERROR, code)
            record.capped_window = float(window)
            record.capped_at = now
            record.reattempts_in_window = 0
            return httpx.Response(
                200,
                text=f'{{"paymentId":"{op}","status":{{"value":"DECLINED",'
                f'"reasonCode":"{reason}","psErrorCode":"{code}"}}}}',
            )
        if fault in ("slow-committed", "slow-not-committed"):
            record.charges += fault == "slow-committed"
            self.clock.sleep(TIMEOUT)
            raise httpx.ReadTimeout("the simulated QIWI answered too late", request=request)
        raise AssertionError(f"unknown fault {fault}")


_XML_ID = re.compile(r"<transaction-number>([^<]*)<")
_JSON_ID = re.compile(r'"id":"([^"]*)"')


def id_of(path: str, body: str) -> str:
    """The operation ID as the server reads it: XML ``transaction-number``, the wallet's
    ``"id"``, or the last segment of the payment protocol's path."""
    m = _XML_ID.search(body) or _JSON_ID.search(body)
    return m.group(1) if m else path.rsplit("/", 1)[-1]


def request_of(client: httpx.Client, proto: str, op: str) -> httpx.Response:
    base = "http://qiwi.sim"
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
                "<request><request-type>pay</request-type><auth><payment>"
                f"<transaction-number>{op}</transaction-number><from><amount>10.00</amount>"
                "</from></payment></auth></request>"
            ).encode(),
        )
    return client.post(
        f"{base}/sinap/api/v2/terms/99/payments",
        headers={"content-type": "application/json"},
        content=f'{{"id":"{op}","sum":{{"amount":10,"currency":"643"}}}}'.encode(),
    )


API = {
    "payment": qiwi_errors.Api.PAYMENT_PROTOCOL,
    "xml": qiwi_errors.Api.XML,
    "wallet": qiwi_errors.Api.WALLET,
}


@dataclass
class Scenario:
    proto: str
    script: list[str]
    probe: str  # "none", "reliable", "unavailable"
    max_attempts: int
    max_wait: float


def scenarios(seed: int, count: int) -> list[Scenario]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        proto = rng.choice(["payment", "xml", "wallet"])
        script = [rng.choice(FAULTS[proto]) for _ in range(rng.randint(0, 5))]
        out.append(
            Scenario(
                proto=proto,
                script=script,
                probe=rng.choice(["none", "reliable", "unavailable"]),
                max_attempts=rng.randint(1, 6),
                max_wait=rng.choice([900.0, 2 * 86400.0]),
            )
        )
    return out


@dataclass
class Run:
    told: str  # "success", "failed", "unknown"
    charges: int
    requests: int
    violations: list[str]
    caps_broken: int
    injected: dict[str, int]
    virtual_time: float


def probe_for(sim: Sim, mode: str) -> Optional[Callable[[httpx.Request], ProbeAnswer]]:
    if mode == "none":
        return None

    def probe(request: httpx.Request) -> ProbeAnswer:
        if mode == "unavailable":
            return Probe.UNKNOWN
        op = id_of(request.url.path, request.content.decode())
        answer = sim.status_of(op)
        if answer is None:
            return Probe.NOT_FOUND
        return httpx.Response(answer[0], text=answer[1], request=request)

    return probe


def run_transport(s: Scenario, op: str = "op-1") -> Run:
    clock = Clock()
    sim = Sim(s.proto, s.script, clock)
    transport = QiwiRetryTransport(
        API[s.proto],
        httpx.MockTransport(sim.handle),
        probe=probe_for(sim, s.probe),
        max_attempts=s.max_attempts,
        max_wait=s.max_wait,
        sleep=clock.sleep,
        clock=clock.now,
    )
    with httpx.Client(transport=transport) as client:
        try:
            request_of(client, s.proto, op)
            told = "success"
        except QiwiOperationError as e:
            told = "unknown" if e.may_have_gone_through else "failed"
    record = sim.ledger.get(op, Record())
    return Run(
        told, record.charges, len(record.arrivals), sim.violations, sim.caps_broken,
        sim.injected, clock.now(),
    )


def run_naive(s: Scenario, op: str = "op-1") -> Run:
    """The loop people write: repeat every 5xx, timeout and dropped connection three times,
    at once; a 2xx is success."""
    clock = Clock()
    sim = Sim(s.proto, s.script, clock)
    told = "failed"
    with httpx.Client(transport=httpx.MockTransport(sim.handle)) as client:
        for _ in range(4):
            try:
                response = request_of(client, s.proto, op)
            except httpx.TransportError:
                continue
            if response.status_code >= 500:
                continue
            told = "success" if response.is_success else "failed"
            break
    record = sim.ledger.get(op, Record())
    return Run(
        told, record.charges, len(record.arrivals), sim.violations, sim.caps_broken,
        sim.injected, clock.now(),
    )
