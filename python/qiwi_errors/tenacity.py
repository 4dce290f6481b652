"""tenacity driven by the library's retry judgment: a ``retry=`` predicate and a ``wait=``
strategy, for code that already uses tenacity with requests or httpx::

    import requests, tenacity
    from qiwi_errors import Api
    from qiwi_errors.tenacity import QiwiRetry

    qiwi = QiwiRetry(Api.PAYMENT_PROTOCOL)

    @tenacity.retry(retry=qiwi.retry, wait=qiwi.wait, reraise=True)
    def pay() -> requests.Response:
        return requests.put(url, json=payment, timeout=30)   # or .raise_for_status()

Each call of the decorated function is one operation with its own ``RetryPolicy``. The
predicate reads what the attempt gave: a response (anything with ``status_code``, ``text``
and ``headers``), an exception carrying one in ``response`` (``requests.HTTPError``,
``httpx.HTTPStatusError``), or a timeout or connection error (no answer; other exceptions are
not the API's answer and are never retried). It repeats only on ``NOW`` / ``AFTER``; on
``CHECK_STATUS`` it asks ``probe`` (called with tenacity's ``RetryCallState``) and repeats
only when the probe says ``Probe.NOT_FOUND`` and the policy's ``repeat_after_check`` allows
it. Without a probe a request that may have gone through is never repeated. ``wait`` gives
the delay the same decision set (``Retry-After`` and the documented delays included).
``last_judgment(retry_state)`` tells the caller why it stopped.
"""

from __future__ import annotations

import weakref
from typing import Any, Callable, Optional, Union

from . import Action, Api, Judgment, RetryPolicy
from ._probe import Probe

__all__ = ["QiwiRetry", "Probe"]

#: Exceptions that mean "no answer": the request may have been sent.
_NO_ANSWER_NAMES = {
    "Timeout",
    "ConnectionError",
    "ReadTimeout",
    "ConnectTimeout",
    "TimeoutException",
    "TransportError",
    "NetworkError",
    "RemoteProtocolError",
    "ChunkedEncodingError",
}


def _is_no_answer(error: BaseException) -> bool:
    if isinstance(error, (TimeoutError, ConnectionError)):
        return True
    # requests and httpx without importing either.
    return any(cls.__name__ in _NO_ANSWER_NAMES for cls in type(error).__mro__)


class _State:
    __slots__ = ("policy", "delay", "judgment", "__weakref__")

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.delay = 0.0
        self.judgment: Optional[Judgment] = None


class QiwiRetry:
    """The ``retry=`` predicate and ``wait=`` strategy for tenacity, from one judgment.

    ``api`` decides how answers are read; ``probe(retry_state)`` returns ``Probe.NOT_FOUND``
    when the operation did not go through (then the request may be sent again), anything
    else to stop. ``max_attempts``: the policy's attempt limit (library default 5).
    ``max_wait``: the longest wait before one repeat (900 s); a longer one stops.
    """

    def __init__(
        self,
        api: Union[Api, str, None] = None,
        *,
        probe: Optional[Callable[[Any], Any]] = None,
        max_attempts: Optional[int] = None,
        max_wait: float = 900.0,
    ) -> None:
        self.api = None if api is None else str(api.value if isinstance(api, Api) else Api(api).value)
        self.probe = probe
        self.max_attempts = max_attempts
        self.max_wait = float(max_wait)
        self._states: "weakref.WeakKeyDictionary[Any, _State]" = weakref.WeakKeyDictionary()

    def _state(self, retry_state: Any) -> _State:
        state = self._states.get(retry_state)
        if state is None:
            policy = RetryPolicy(
                max_attempts=self.max_attempts, trust_idempotence=self.probe is None
            )
            state = _State(policy)
            self._states[retry_state] = state
        return state

    def _judge(self, state: _State, retry_state: Any) -> Optional[Judgment]:
        outcome = retry_state.outcome
        if outcome is None:
            return None
        now = float(retry_state.seconds_since_start or 0.0)
        if outcome.failed:
            error = outcome.exception()
            response = getattr(error, "response", None)
            if response is None or not isinstance(getattr(response, "status_code", None), int):
                if not _is_no_answer(error):
                    return None
                return state.policy.judge(None, None, self.api, now=now)
        else:
            response = outcome.result()
            if not isinstance(getattr(response, "status_code", None), int):
                return None
        try:
            body = response.content
        except Exception:
            body = b""
        headers = getattr(response, "headers", None) or {}
        return state.policy.judge(
            response.status_code, body, self.api, headers.get("retry-after"), now=now
        )

    def retry(self, retry_state: Any) -> bool:
        """tenacity's ``retry=``: ``True`` when the judgment allows the same request again."""
        state = self._state(retry_state)
        judgment = self._judge(state, retry_state)
        state.judgment = judgment
        state.delay = 0.0
        if judgment is None or judgment.decision is None:
            return False
        decision = judgment.decision
        if decision.is_retry:
            delay = decision.delay or 0.0
            if delay > self.max_wait:
                return False
            state.delay = delay
            return True
        if decision.action == Action.CHECK_STATUS and self.probe is not None:
            if self.probe(retry_state) is not Probe.NOT_FOUND:
                return False
            check = state.policy.repeat_after_check(
                now=float(retry_state.seconds_since_start or 0.0)
            )
            if check.is_retry and (check.delay or 0.0) <= self.max_wait:
                state.delay = check.delay or 0.0
                return True
        return False

    def wait(self, retry_state: Any) -> float:
        """tenacity's ``wait=``: the delay the last decision set, in seconds."""
        return self._state(retry_state).delay

    def last_judgment(self, retry_state: Any) -> Optional[Judgment]:
        """The judgment of the last attempt of this call (why it stopped or repeated)."""
        state = self._states.get(retry_state)
        return None if state is None else state.judgment
