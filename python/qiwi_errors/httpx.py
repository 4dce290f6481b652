"""An httpx transport that repeats QIWI API requests only as the library's judgment allows.

Wrap the transport an ``httpx.Client`` (or ``httpx.AsyncClient``) would use::

    import httpx
    from qiwi_errors import Api
    from qiwi_errors.httpx import Probe, QiwiRetryTransport

    def probe(request: httpx.Request) -> "httpx.Response | Probe":
        answer = httpx.get(f"https://api.example/payments/{payment_id_of(request)}")
        return Probe.NOT_FOUND if answer.status_code == 404 else answer

    client = httpx.Client(transport=QiwiRetryTransport(Api.PAYMENT_PROTOCOL, probe=probe))

Each request is one operation with its own ``RetryPolicy``. After every answer (and after a
timeout or a dropped connection: no answer) the transport asks ``RetryPolicy.judge``:

- ``SUCCEEDED``: the response is returned;
- ``NOW`` / ``AFTER``: the identical request (same method, URL, headers and body, so the
  same client-generated operation ID) is sent again after the delay, which the judgment
  already holds to the answer's ``Retry-After`` and to the documented budgets (attempts,
  capped declines); a delay longer than ``max_wait`` ends the call instead;
- ``CHECK_STATUS`` (the request may have gone through): the ``probe`` is asked. ``Probe.NOT_FOUND``:
  the policy's ``repeat_after_check`` decides whether the request may be sent again; a
  response: it is read as the operation's answer (a success is returned, a decline raised);
  ``Probe.UNKNOWN`` or ``None``: nothing is repeated. **Without a probe such a request is
  never repeated**;
- ``NEVER`` / ``AFTER_USER_ACTION``: nothing is repeated.

Every failure is raised as ``QiwiOperationError`` (an ``httpx.RequestError``) carrying the
judgment, the decision, the last response and the outcome: ``FAILED`` (it did not go
through) or ``UNKNOWN`` (it may have: query its status, never treat it as declined).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from typing import Any, Awaitable, Callable, Optional, Union

import httpx

from . import Action, Api, Call, Judgment, Outcome, RetryPolicy
from ._probe import Probe

__all__ = [
    "AsyncQiwiRetryTransport",
    "Probe",
    "ProbeAnswer",
    "QiwiOperationError",
    "QiwiRetryTransport",
]

log = logging.getLogger("qiwi_errors")


#: What a status probe returns: the status answer (an ``httpx.Response``, read like an answer
#: to the request itself), ``Probe.NOT_FOUND``, or ``Probe.UNKNOWN`` / ``None``.
ProbeAnswer = Union[httpx.Response, Probe, None]
SyncProbe = Callable[[httpx.Request], ProbeAnswer]
AsyncProbe = Callable[[httpx.Request], Union[ProbeAnswer, Awaitable[ProbeAnswer]]]


class QiwiOperationError(httpx.RequestError):
    """A QIWI operation that did not succeed, as the library's judgment read it.

    ``outcome`` is ``Outcome.FAILED`` (a definite statement that it did not go through) or
    ``Outcome.UNKNOWN`` (it may have gone through: query its status; never decline it on
    your side). ``judgment`` is the last answer's judgment (``None`` when the status probe
    ended the call), ``decision`` what was decided last, ``response`` the last answer (``None``
    after a timeout or a dropped connection), ``attempts`` the requests sent. ``str()`` is the
    decision's reason; ``qiwi_errors.explain(error)`` explains the last answer.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        outcome: Any,
        judgment: Optional[Judgment],
        decision: Any,
        response: Optional[httpx.Response],
        attempts: int,
        cause: Optional[BaseException] = None,
    ) -> None:
        super().__init__(message, request=request)
        self.outcome = outcome
        self.judgment = judgment
        self.decision = decision
        self.response = response
        self.attempts = attempts
        self.cause = cause

    @property
    def may_have_gone_through(self) -> bool:
        """``True`` when the outcome is ``UNKNOWN``."""
        return bool(self.outcome == Outcome.UNKNOWN)


def _api_name(api: Union[Api, str, None]) -> Optional[str]:
    if api is None:
        return None
    return str(api.value if isinstance(api, Api) else Api(api).value)


def _cut(response: httpx.Response, request: httpx.Request) -> httpx.Response:
    """An answer whose body could not be read whole, as the caller may still get it (where
    the body does not decide, as in the wallet API's 2xx answers, it is a success): its status
    and headers, and no body."""
    dropped = {"content-length", "content-encoding", "transfer-encoding"}
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in dropped]
    return httpx.Response(
        response.status_code, headers=headers, content=b"", request=request
    )


# A status answer's judgment, as what the status says about the operation.
_STATUS_OF = {
    Outcome.SUCCEEDED: "through",
    Outcome.FAILED: "not-through",
    Outcome.UNKNOWN: "unknown",
}


class _Step:
    """What the loop does next."""

    __slots__ = ("kind", "delay", "value")

    def __init__(self, kind: str, delay: float = 0.0, value: Any = None) -> None:
        self.kind = kind  # "return", "raise", "send", "probe"
        self.delay = delay
        self.value = value


class _Run:
    """One operation: its policy and what happened so far. The sync and async transports
    drive it; it only reads the library's decisions and turns them into steps."""

    def __init__(self, owner: "_Base", request: httpx.Request) -> None:
        self.owner = owner
        self.request = request
        self.policy = RetryPolicy(
            max_attempts=owner.max_attempts,
            trust_idempotence=owner.probe is None,
        )
        self.start = owner.clock()
        self.pending: Any = None
        # What the call leaves open, by the library's rules (the Rust middleware keeps the
        # same): unresolved requests, how long after one a probe's NOT_FOUND is believed, the
        # API's least interval between status queries.
        self.call = Call(owner.api, settle_delay=owner.settle_delay)
        self.sent = 0
        # The judgment being read is of a status answer the probe found.
        self.from_probe = False

    def now(self) -> float:
        return max(0.0, self.owner.clock() - self.start)

    def judge(
        self,
        response: Optional[httpx.Response],
        body: bytes = b"",
        truncated: bool = False,
    ) -> Judgment:
        if response is None:
            return self.policy.judge(None, None, self.owner.api, now=self.now())
        return self.policy.judge(
            response.status_code,
            body,
            self.owner.api,
            response.headers.get("retry-after"),
            truncated=truncated,
            now=self.now(),
        )

    def fail(
        self,
        outcome: Any,
        judgment: Optional[Judgment],
        decision: Any,
        response: Optional[httpx.Response],
        reason: str,
        cause: Optional[BaseException] = None,
    ) -> _Step:
        settled = self.call.outcome(outcome)
        if settled != outcome:
            outcome = settled
            reason += "; but an earlier request of this call may have gone through"
        error = QiwiOperationError(
            reason,
            request=self.request,
            outcome=outcome,
            judgment=judgment,
            decision=decision,
            response=response,
            attempts=self.sent,
            cause=cause,
        )
        return _Step("raise", value=error)

    def after_answer(
        self,
        judgment: Judgment,
        response: Optional[httpx.Response],
        cause: Optional[BaseException] = None,
    ) -> _Step:
        decision = judgment.decision
        log.info(
            "qiwi judgment: %s (attempt %d, %s)",
            judgment,
            self.sent,
            self.request.url,
        )
        if self.from_probe:
            self.call.record_status(_STATUS_OF[judgment.outcome], self.now())
        else:
            self.call.record(judgment, self.now())
        if judgment.outcome == Outcome.SUCCEEDED or decision is None:
            return _Step("return", value=response)
        if decision.is_retry:
            delay = decision.delay or 0.0
            if delay > self.owner.max_wait:
                return self.fail(
                    judgment.outcome,
                    judgment,
                    decision,
                    response,
                    f"{decision.reason}; the wait of {delay:.0f} s is beyond max_wait"
                    f" ({self.owner.max_wait:.0f} s): repeat it yourself later",
                    cause,
                )
            self.from_probe = False
            return _Step("send", delay=delay)
        if decision.action == Action.CHECK_STATUS:
            if self.owner.probe is None or self.from_probe:
                why = "no status probe" if self.owner.probe is None else "the status is not final"
                return self.fail(
                    Outcome.UNKNOWN,
                    judgment,
                    decision,
                    response,
                    f"{decision.reason} ({why}: nothing is repeated)",
                    cause,
                )
            self.pending = (judgment, response, cause)
            wait = self.call.query_status_in(self.now())
            if wait > self.owner.max_wait:
                return self.fail(
                    Outcome.UNKNOWN,
                    judgment,
                    decision,
                    response,
                    f"{decision.reason} (the API allows the next status query in {wait:.0f} s,"
                    f" beyond max_wait ({self.owner.max_wait:.0f} s): query it yourself then)",
                    cause,
                )
            return _Step("probe", delay=wait)
        return self.fail(judgment.outcome, judgment, decision, response, decision.reason, cause)

    def after_probe(self, answer: ProbeAnswer) -> _Step:
        judgment, response, cause = self.pending
        self.call.record_query(self.now())
        if answer is Probe.NOT_FOUND:
            if self.call.record_status("not-found", self.now()) is None:
                # A request may still be on its way: ask again once the settle delay is over.
                wait = self.call.query_status_in(self.now())
                trusted_at = self.call.not_found_trusted_at
                if trusted_at is not None:
                    wait = max(wait, trusted_at - self.now())
                log.info("qiwi status probe: not found while a request may be in flight")
                if wait <= self.owner.max_wait:
                    return _Step("probe", delay=wait)
                return self.fail(
                    Outcome.UNKNOWN,
                    judgment,
                    judgment.decision,
                    response,
                    "the status probe found no such operation, but a request may still be in"
                    f" flight for {wait:.0f} s, beyond max_wait ({self.owner.max_wait:.0f} s)",
                    cause,
                )
            check = self.policy.repeat_after_check(now=self.now())
            log.info("qiwi status probe: not found; %s", check)
            if check.is_retry and (check.delay or 0.0) <= self.owner.max_wait:
                self.from_probe = False
                return _Step("send", delay=check.delay or 0.0)
            return self.fail(
                Outcome.FAILED,
                judgment,
                check,
                response,
                f"the status probe found no such operation, but {check.reason}",
                cause,
            )
        if isinstance(answer, httpx.Response):
            log.info("qiwi status probe: found (HTTP %d)", answer.status_code)
            self.from_probe = True
            return _Step("judge-found", value=answer)
        log.info("qiwi status probe: unknown")
        return self.fail(
            Outcome.UNKNOWN,
            judgment,
            judgment.decision,
            response,
            f"{judgment.decision.reason if judgment.decision else 'unknown'}"
            " (the status probe could not tell: nothing is repeated)",
            cause,
        )


class _Base:
    def __init__(
        self,
        api: Union[Api, str, None],
        *,
        probe: Any,
        max_attempts: Optional[int],
        max_wait: float,
        settle_delay: Optional[float],
        clock: Callable[[], float],
    ) -> None:
        self.api = _api_name(api)
        self.probe = probe
        self.settle_delay = settle_delay
        self.max_attempts = max_attempts
        self.max_wait = float(max_wait)
        self.clock = clock


class QiwiRetryTransport(httpx.BaseTransport, _Base):
    """A sync httpx transport that repeats requests only as ``qiwi_errors``' judgment allows.

    ``api``: the QIWI API the client talks to (``Api.PAYMENT_PROTOCOL``, ``Api.XML``,
    ``Api.WALLET``, ...), which decides how statuses and 2xx bodies are read. ``transport``:
    the transport to wrap (default ``httpx.HTTPTransport()``). ``probe``: called with the
    request before repeating one that may have gone through; returns the status answer,
    ``Probe.NOT_FOUND`` or ``Probe.UNKNOWN``. With a probe, the empty HTTP 500's documented
    repeat is also checked first (``trust_idempotence=False``). ``max_attempts``: the
    policy's attempt limit (the library's default, 5, when ``None``). ``max_wait``: the
    longest wait before one repeat inside a call (900 s); a longer one ends the call with the
    decision in the error. ``settle_delay``: how long after a request that may still be on its
    way the probe's ``NOT_FOUND`` is believed (the library's default, 60 s, ours and not
    QIWI's, when ``None``). ``sleep`` and ``clock`` are for tests.
    """

    def __init__(
        self,
        api: Union[Api, str, None] = None,
        transport: Optional[httpx.BaseTransport] = None,
        *,
        probe: Optional[SyncProbe] = None,
        max_attempts: Optional[int] = None,
        max_wait: float = 900.0,
        settle_delay: Optional[float] = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        _Base.__init__(
            self,
            api,
            probe=probe,
            max_attempts=max_attempts,
            max_wait=max_wait,
            settle_delay=settle_delay,
            clock=clock,
        )
        self.transport = transport if transport is not None else httpx.HTTPTransport()
        self.sleep = sleep

    def _attempt(self, run: _Run) -> _Step:
        run.sent += 1
        try:
            response = self.transport.handle_request(run.request)
        except httpx.TransportError as e:
            return run.after_answer(run.judge(None), None, e)
        return self._read(run, response)

    def _read(self, run: _Run, response: httpx.Response) -> _Step:
        try:
            body = response.read()
        except httpx.TransportError as e:
            response.close()
            cut = _cut(response, run.request)
            return run.after_answer(run.judge(cut, truncated=True), cut, e)
        return run.after_answer(run.judge(response, body), response)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        run = _Run(self, request)
        step = self._attempt(run)
        while True:
            if step.kind == "return":
                response: httpx.Response = step.value
                return response
            if step.kind == "raise":
                raise step.value
            if step.kind == "send":
                if step.delay > 0:
                    self.sleep(step.delay)
                step = self._attempt(run)
            elif step.kind == "probe":
                assert self.probe is not None
                if step.delay > 0:
                    self.sleep(step.delay)
                step = run.after_probe(self.probe(request))
            else:  # the probe's status answer, read like an answer to the request
                step = self._read(run, step.value)

    def close(self) -> None:
        self.transport.close()


class AsyncQiwiRetryTransport(httpx.AsyncBaseTransport, _Base):
    """The async twin of ``QiwiRetryTransport`` for ``httpx.AsyncClient``; ``probe`` may be
    a coroutine function, ``sleep`` defaults to ``asyncio.sleep``."""

    def __init__(
        self,
        api: Union[Api, str, None] = None,
        transport: Optional[httpx.AsyncBaseTransport] = None,
        *,
        probe: Optional[AsyncProbe] = None,
        max_attempts: Optional[int] = None,
        max_wait: float = 900.0,
        settle_delay: Optional[float] = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        _Base.__init__(
            self,
            api,
            probe=probe,
            max_attempts=max_attempts,
            max_wait=max_wait,
            settle_delay=settle_delay,
            clock=clock,
        )
        self.transport = transport if transport is not None else httpx.AsyncHTTPTransport()
        self.sleep = sleep

    async def _attempt(self, run: _Run) -> _Step:
        run.sent += 1
        try:
            response = await self.transport.handle_async_request(run.request)
        except httpx.TransportError as e:
            return run.after_answer(run.judge(None), None, e)
        return await self._read(run, response)

    async def _read(self, run: _Run, response: httpx.Response) -> _Step:
        try:
            body = await response.aread()
        except httpx.TransportError as e:
            await response.aclose()
            cut = _cut(response, run.request)
            return run.after_answer(run.judge(cut, truncated=True), cut, e)
        return run.after_answer(run.judge(response, body), response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        run = _Run(self, request)
        step = await self._attempt(run)
        while True:
            if step.kind == "return":
                response: httpx.Response = step.value
                return response
            if step.kind == "raise":
                raise step.value
            if step.kind == "send":
                if step.delay > 0:
                    await self.sleep(step.delay)
                step = await self._attempt(run)
            elif step.kind == "probe":
                assert self.probe is not None
                if step.delay > 0:
                    await self.sleep(step.delay)
                answer = self.probe(request)
                if inspect.isawaitable(answer):
                    answer = await answer
                step = run.after_probe(answer)
            else:
                step = await self._read(run, step.value)

    async def aclose(self) -> None:
        await self.transport.aclose()
