"""The httpx transport and the tenacity integration against scripted answers."""

from __future__ import annotations

import asyncio
from typing import Callable, Optional, Union

import httpx
import pytest

import qiwi_errors as q
from qiwi_errors import Action, Api, Outcome
from qiwi_errors.httpx import AsyncQiwiRetryTransport, Probe, ProbeAnswer, QiwiOperationError, QiwiRetryTransport

Answer = Union[httpx.Response, Exception]
URL = "https://api.qiwi.com/partner/payin/v1/sites/s/payments/pay-1"
DECLINE_04 = '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS","psErrorCode":"04"}}'
DECLINE_51 = '{"status":{"value":"DECLINED","reasonCode":"REATTEMPT_NOT_PERMITTED_BY_PS_TEMPORARY","psErrorCode":"51"}}'
PAID = '{"paymentId":"pay-1","status":{"value":"COMPLETED"}}'


class Script:
    """Answers requests from a list, records them, and keeps a virtual clock."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.t = 0.0
        self.sleeps: list[float] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if self.answers else httpx.Response(200, text=PAID)
        if isinstance(answer, Exception):
            raise answer
        return answer

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def clock(self) -> float:
        return self.t

    def client(
        self, api: Api = Api.PAYMENT_PROTOCOL, probe: Optional[Callable[[httpx.Request], ProbeAnswer]] = None,
        **kw: float,
    ) -> httpx.Client:
        transport = QiwiRetryTransport(
            api, httpx.MockTransport(self.handle), probe=probe, sleep=self.sleep, clock=self.clock, **kw  # type: ignore[arg-type]
        )
        return httpx.Client(transport=transport)


def timeout() -> Exception:
    return httpx.ReadTimeout("timed out")


def test_success_passes_through() -> None:
    s = Script(httpx.Response(200, text=PAID))
    with s.client() as c:
        r = c.put(URL, content=b"{}")
    assert r.status_code == 200 and r.text == PAID
    assert len(s.requests) == 1


def test_empty_500_is_repeated_at_once_and_identically() -> None:
    s = Script(httpx.Response(500), httpx.Response(200, text=PAID))
    with s.client() as c:
        r = c.put(URL, content=b'{"amount":1}', headers={"x-id": "pay-1"})
    assert r.status_code == 200
    assert len(s.requests) == 2 and s.sleeps == []
    a, b = s.requests
    assert (a.method, a.url, a.content, a.headers["x-id"]) == (b.method, b.url, b.content, b.headers["x-id"])


def test_retry_after_is_honoured() -> None:
    s = Script(httpx.Response(429, headers={"Retry-After": "42"}), httpx.Response(200, text=PAID))
    with s.client() as c:
        assert c.put(URL).status_code == 200
    assert s.sleeps == [42.0]


def test_final_decline_is_not_repeated() -> None:
    s = Script(httpx.Response(200, text=DECLINE_04))
    with s.client() as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    e = info.value
    assert len(s.requests) == 1
    assert e.outcome is Outcome.FAILED and not e.may_have_gone_through
    assert e.decision.action is Action.NEVER
    assert e.judgment is not None and e.judgment.entry is not None and e.judgment.entry.code == "04"
    assert e.response is not None and e.response.text == DECLINE_04
    # The error explains itself.
    answer = q.explain(e, lang="en")
    assert isinstance(answer, q.Diagnosis) and answer.main is not None and answer.main.code == "04"


def test_without_a_probe_a_request_that_may_have_gone_through_is_never_repeated() -> None:
    for answer in (timeout(), httpx.RemoteProtocolError("dropped"), httpx.Response(500, text='{"description":"x"}'),
                   httpx.Response(502, text="<html><h1>502 Bad Gateway</h1></html>")):
        s = Script(answer)
        with s.client() as c, pytest.raises(QiwiOperationError) as info:
            c.put(URL)
        assert len(s.requests) == 1, answer
        assert info.value.may_have_gone_through
        assert info.value.outcome is Outcome.UNKNOWN


def test_probe_not_found_repeats_found_returns_the_status() -> None:
    asked: list[str] = []

    def not_found(request: httpx.Request) -> ProbeAnswer:
        asked.append(request.url.path)
        return Probe.NOT_FOUND

    # The timed-out request may still be on its way: the first "not found" is not believed;
    # the probe is asked again once the settle delay (the library's, 60 s) has passed since
    # that request, and only then is the request repeated.
    s = Script(timeout(), httpx.Response(200, text=PAID))
    with s.client(probe=not_found) as c:
        assert c.put(URL).status_code == 200
    assert len(s.requests) == 2 and len(asked) == 2
    assert sum(s.sleeps) >= 60.0, s.sleeps

    # With settle_delay=0 the first "not found" is believed at once.
    asked.clear()
    s = Script(timeout(), httpx.Response(200, text=PAID))
    with s.client(probe=not_found, settle_delay=0.0) as c:
        assert c.put(URL).status_code == 200
    assert len(s.requests) == 2 and len(asked) == 1

    def found(request: httpx.Request) -> ProbeAnswer:
        return httpx.Response(200, text=PAID, request=request)

    s = Script(timeout())
    with s.client(probe=found) as c:
        r = c.put(URL)
    assert r.text == PAID and len(s.requests) == 1


def test_probe_unknown_stops() -> None:
    s = Script(timeout())
    with s.client(probe=lambda r: Probe.UNKNOWN) as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    assert info.value.may_have_gone_through and len(s.requests) == 1


def test_with_a_probe_the_empty_500_is_checked_first() -> None:
    probed: list[int] = []

    def probe(request: httpx.Request) -> ProbeAnswer:
        probed.append(1)
        return Probe.NOT_FOUND

    s = Script(httpx.Response(500), httpx.Response(200, text=PAID))
    with s.client(probe=probe) as c:
        assert c.put(URL).status_code == 200
    assert probed == [1]


def test_attempt_limit_and_max_wait() -> None:
    s = Script(*[httpx.Response(500) for _ in range(10)])
    with s.client(max_attempts=3) as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    assert len(s.requests) == 3 and info.value.attempts == 3
    s = Script(httpx.Response(429, headers={"Retry-After": "3600"}))
    with s.client(max_wait=60) as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    assert len(s.requests) == 1 and "max_wait" in str(info.value)
    assert info.value.decision.seconds == 3600


def test_capped_decline_one_reattempt() -> None:
    s = Script(*[httpx.Response(200, text=DECLINE_51) for _ in range(3)])
    with s.client(max_wait=86400) as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    assert len(s.requests) == 2
    assert info.value.decision.action is Action.NEVER


def test_xml_result_code_13_waits_a_minute() -> None:
    busy = httpx.Response(200, text='<response><result-code fatal="false">13</result-code></response>')
    ok = httpx.Response(200, text='<response><result-code fatal="false">0</result-code><payment status="60" transaction-number="1" final-status="true" fatal-error="false"/></response>')
    s = Script(busy, ok)
    with s.client(api=Api.XML) as c:
        assert c.post("https://api.qiwi.com/xml", content=b"<request/>").status_code == 200
    assert s.sleeps == [60.0]


def test_async_transport() -> None:
    s = Script(httpx.Response(500), timeout(), httpx.Response(200, text=PAID))

    async def ahandle(request: httpx.Request) -> httpx.Response:
        return s.handle(request)

    async def probe(request: httpx.Request) -> ProbeAnswer:
        return Probe.NOT_FOUND

    async def main() -> httpx.Response:
        transport = AsyncQiwiRetryTransport(
            Api.PAYMENT_PROTOCOL, httpx.MockTransport(ahandle), probe=probe, sleep=s.asleep, clock=s.clock
        )
        async with httpx.AsyncClient(transport=transport) as c:
            return await c.put(URL, content=b"{}")

    r = asyncio.run(main())
    assert r.status_code == 200 and len(s.requests) == 3

    s2 = Script(httpx.Response(200, text=DECLINE_04))

    async def declined() -> None:
        transport = AsyncQiwiRetryTransport(Api.PAYMENT_PROTOCOL, httpx.MockTransport(s2.handle), sleep=s2.asleep)
        async with httpx.AsyncClient(transport=transport) as c:
            await c.put(URL)

    with pytest.raises(QiwiOperationError):
        asyncio.run(declined())


# -- tenacity ---------------------------------------------------------------------------------

tenacity = pytest.importorskip("tenacity")


def test_tenacity_retries_as_the_judgment_says() -> None:
    from qiwi_errors.tenacity import QiwiRetry

    s = Script(httpx.Response(500), httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(200, text=PAID))
    client = httpx.Client(transport=httpx.MockTransport(s.handle))
    qiwi = QiwiRetry(Api.PAYMENT_PROTOCOL)
    waits: list[float] = []

    @tenacity.retry(retry=qiwi.retry, wait=qiwi.wait, sleep=waits.append, reraise=True)
    def pay() -> httpx.Response:
        return client.put(URL)

    assert pay().status_code == 200
    assert waits == [0.0, 7.0]
    assert len(s.requests) == 3


def test_tenacity_never_repeats_a_decline_or_an_unknown_without_probe() -> None:
    from qiwi_errors.tenacity import QiwiRetry

    for answer in (httpx.Response(200, text=DECLINE_04), timeout()):
        s = Script(answer)
        client = httpx.Client(transport=httpx.MockTransport(s.handle))
        qiwi = QiwiRetry(Api.PAYMENT_PROTOCOL)

        @tenacity.retry(retry=qiwi.retry, wait=qiwi.wait, sleep=lambda _: None, reraise=True)
        def pay() -> httpx.Response:
            r = client.put(URL)
            r.raise_for_status()
            return r

        try:
            pay()
        except httpx.TimeoutException:
            pass
        assert len(s.requests) == 1


def test_tenacity_with_a_probe_and_http_status_errors() -> None:
    from qiwi_errors.tenacity import QiwiRetry

    s = Script(timeout(), httpx.Response(503, text='{"description":"busy"}'), httpx.Response(200, text=PAID))
    client = httpx.Client(transport=httpx.MockTransport(s.handle))
    probes: list[int] = []

    def probe(state: object) -> Probe:
        probes.append(1)
        return Probe.NOT_FOUND

    qiwi = QiwiRetry(Api.PAYMENT_PROTOCOL, probe=probe)

    @tenacity.retry(retry=qiwi.retry, wait=qiwi.wait, sleep=lambda _: None, reraise=True)
    def pay() -> httpx.Response:
        r = client.put(URL)
        r.raise_for_status()
        return r

    assert pay().status_code == 200
    assert len(probes) == 2 and len(s.requests) == 3


def test_tenacity_ignores_bugs() -> None:
    from qiwi_errors.tenacity import QiwiRetry

    qiwi = QiwiRetry(Api.WALLET)
    calls: list[int] = []

    @tenacity.retry(retry=qiwi.retry, wait=qiwi.wait, reraise=True)
    def broken() -> None:
        calls.append(1)
        raise KeyError("a bug, not an answer")

    with pytest.raises(KeyError):
        broken()
    assert calls == [1]


class CutStream(httpx.SyncByteStream):
    """A body that breaks off: the connection closed inside it."""

    def __iter__(self):  # type: ignore[no-untyped-def]
        yield b'{"id":"1","transaction":'
        raise httpx.ReadError("the connection closed inside the body")


def test_a_cut_body_is_judged_truncated() -> None:
    # The wallet API's 2xx answers carry data, not errors: a success even when cut.
    s = Script(httpx.Response(200, stream=CutStream()))
    with s.client(api=Api.WALLET) as c:
        r = c.post("https://edge.qiwi.com/sinap/api/v2/terms/99/payments", content=b"{}")
    assert r.status_code == 200 and r.content == b""
    # Where the body decides, a cut body leaves the outcome unknown.
    s = Script(httpx.Response(200, stream=CutStream()))
    with s.client() as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    assert info.value.may_have_gone_through and len(s.requests) == 1


def test_a_later_decline_does_not_hide_an_earlier_request_that_may_have_gone_through() -> None:
    # An empty 500 is repeated at once (the documented rule), but it may have come after a
    # commit: the final decline of the repeat cannot say the operation failed.
    s = Script(httpx.Response(500), httpx.Response(200, text=DECLINE_04))
    with s.client() as c, pytest.raises(QiwiOperationError) as info:
        c.put(URL)
    assert len(s.requests) == 2
    assert info.value.outcome is Outcome.UNKNOWN
    assert "earlier request" in str(info.value)
