"""How the package is meant to be used, checked by ``mypy --strict`` (not a test: pytest does
not collect it, and nothing here touches the network)."""

from __future__ import annotations

from typing import Optional, Union

import httpx
import tenacity

import qiwi_errors
from qiwi_errors import Action, Api, Call, Diagnosis, Entry, Explanation, Family, Outcome, RetryPolicy
from qiwi_errors.httpx import AsyncQiwiRetryTransport, Probe, ProbeAnswer, QiwiOperationError, QiwiRetryTransport
from qiwi_errors.tenacity import QiwiRetry


def title_of(code: str) -> Optional[str]:
    answer: Union[Explanation, Diagnosis] = qiwi_errors.explain(code, lang="en")
    if isinstance(answer, Explanation) and answer.entry is not None:
        return answer.entry.title
    if isinstance(answer, Diagnosis) and answer.main is not None:
        return answer.main.title
    return None


def describe(error: Exception) -> str:
    try:
        return str(qiwi_errors.explain(error))
    except qiwi_errors.QiwiErrorsError as e:
        return f"{e.kind}: {e.user_message}"


def first_step(family: Family, code: str) -> str:
    entry: Optional[Entry] = qiwi_errors.lookup(family, code)
    return entry.steps[0] if entry is not None and entry.steps else ""


def names() -> list[str]:
    return [f"{info.name} ({info.entries})" for info in qiwi_errors.families(lang="en")]


def advice(status: Optional[int], body: str) -> str:
    judgment = qiwi_errors.judge(status, body, Api.PAYMENT_PROTOCOL, retry_after="30")
    if judgment.outcome is Outcome.SUCCEEDED:
        return "done"
    decision = judgment.decision
    assert decision is not None
    if decision.action is Action.AFTER:
        return f"repeat in {decision.seconds} s"
    return decision.advice("en")


def loop(policy: RetryPolicy, answers: list[tuple[Optional[int], str]]) -> int:
    for t, (status, body) in enumerate(answers):
        judgment = policy.judge(status, body, "xml", now=float(t))
        if judgment.action is Action.CHECK_STATUS:
            check = policy.repeat_after_check(now=float(t))
            if not check.is_retry:
                break
    return policy.attempts


def call_outcome(policy: RetryPolicy, call: Call, answers: list[Optional[int]]) -> Outcome:
    outcome = Outcome.SUCCEEDED
    for t, status in enumerate(answers):
        judgment = policy.judge(status, "", Api.PAYMENT_PROTOCOL, now=float(t))
        call.record(judgment, now=float(t))
        outcome = call.outcome(judgment.outcome)
    if call.unresolved and call.record_status("not-found", now=call.next_query_at(float(len(answers)))):
        return Outcome.FAILED
    return outcome


def probe(request: httpx.Request) -> ProbeAnswer:
    return Probe.NOT_FOUND if request.method == "PUT" else None


def client() -> httpx.Client:
    return httpx.Client(transport=QiwiRetryTransport(Api.PAYMENT_PROTOCOL, probe=probe, max_attempts=3))


def async_client() -> httpx.AsyncClient:
    async def aprobe(request: httpx.Request) -> ProbeAnswer:
        return Probe.UNKNOWN

    return httpx.AsyncClient(transport=AsyncQiwiRetryTransport("xml", probe=aprobe))


def pay(c: httpx.Client) -> str:
    try:
        return c.put("https://api.qiwi.com/partner/payin/v1/sites/s/payments/p-1", json={}).text
    except QiwiOperationError as e:
        return "query the status" if e.may_have_gone_through else f"declined after {e.attempts}"


qiwi = QiwiRetry(Api.WALLET, max_attempts=4)


@tenacity.retry(retry=qiwi.retry, wait=qiwi.wait, reraise=True)
def transfer() -> httpx.Response:
    return httpx.post("https://edge.qiwi.com/sinap/api/v2/terms/99/payments", json={})
