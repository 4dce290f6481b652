"""QIWI payment-API error codes: what they mean, who must act and whether to retry, in
Russian and English, from the ``qiwi-errors`` Rust library.

>>> import qiwi_errors
>>> print(qiwi_errors.explain("QWPRC-220"))            # doctest: +SKIP
>>> qiwi_errors.lookup("ps-error", "04").retry
'never'

Every answer comes from the library: ``explain`` (a code, a phrase, a pasted response or an
exception), ``search``, ``diagnose`` (a whole JSON or XML body), ``lookup``, ``families``, and
the one retry judgment, ``judge`` for one answer and ``RetryPolicy`` for an operation's
answers. ``qiwi_errors.httpx`` holds an httpx transport that repeats requests only as that
judgment allows; ``qiwi_errors.tenacity`` the same decision for tenacity.
"""

from __future__ import annotations

from typing import Optional, Union

from . import _native
from ._enums import Action, Actor, Api, Family, Outcome, Severity
from ._native import (
    MAX_BODY_LEN,
    MAX_QUERY_LEN,
    BodyTooLargeError,
    Call,
    Candidate,
    Decision,
    Diagnosis,
    EmptyQueryError,
    Entry,
    Explanation,
    FamilyInfo,
    Finding,
    Judgment,
    MalformedBodyError,
    NotFoundError,
    NotJsonOrXmlError,
    NotTextError,
    QiwiErrorsError,
    QueryTooLongError,
    RetryPolicy,
    Symptom,
    UnknownNameError,
)

__version__: str = _native.__version__

__all__ = [
    "MAX_BODY_LEN",
    "MAX_QUERY_LEN",
    "Action",
    "Actor",
    "Api",
    "BodyTooLargeError",
    "Call",
    "Candidate",
    "Decision",
    "Diagnosis",
    "EmptyQueryError",
    "Entry",
    "Explanation",
    "Family",
    "FamilyInfo",
    "Finding",
    "Judgment",
    "MalformedBodyError",
    "NotFoundError",
    "NotJsonOrXmlError",
    "NotTextError",
    "Outcome",
    "QiwiErrorsError",
    "QueryTooLongError",
    "RetryPolicy",
    "Severity",
    "Symptom",
    "UnknownNameError",
    "diagnose",
    "entries",
    "explain",
    "families",
    "judge",
    "lookup",
    "search",
    "text_of_exception",
]

Body = Union[str, bytes]


def text_of_exception(error: BaseException) -> str:
    """What an exception says about a failed request, as text the library reads.

    An exception with a ``response`` attribute that has ``status_code`` and ``text`` (as
    ``requests.HTTPError`` and ``httpx.HTTPStatusError`` carry) becomes that response: its
    status line and body. Anything else is ``str(error)`` (a message that holds a code or a
    pasted body), or the exception's class name when the message is empty.
    """
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None)
    if response is not None and isinstance(status, int):
        try:
            body = response.text
        except Exception:  # a streamed body that was never read
            body = ""
        if not isinstance(body, str):
            body = ""
        return f"HTTP/1.1 {status} \r\n\r\n{body}"
    return str(error) or type(error).__name__


def explain(
    query: Union[str, BaseException], lang: str = "ru"
) -> Union[Explanation, Diagnosis]:
    """Explains what a person typed or pasted, or what an exception carries.

    A code in any common spelling (``"QWPRC-220"``, ``"psErrorCode 04"``, ``"HTTP 429"``,
    ``"INVALID_STATE"``), a message as an app showed it, or a phrase gives an
    ``Explanation`` (ranked candidates; a bare number that several families use is
    ``ambiguous``). A pasted response, or a piece of one, gives a ``Diagnosis``, as the CLI's
    ``explain`` does. An exception is read through ``text_of_exception``: its ``response``
    (requests', httpx's) or its message.

    ``str()`` of the result is what the CLI prints. Raises a ``QiwiErrorsError`` subclass
    (``EmptyQueryError``, ``QueryTooLongError``, ``NotFoundError``, ``MalformedBodyError``,
    ...) when there is no answer.
    """
    if isinstance(query, BaseException):
        query = text_of_exception(query)
    return _native.answer(query, lang)


def search(text: str, lang: str = "ru") -> tuple[Candidate, ...]:
    """Free-text search in Russian and English over titles and texts, best first; an empty
    tuple when nothing matches."""
    return _native.search(text, lang)


def diagnose(body: Body, status: Optional[int] = None, lang: str = "ru") -> Diagnosis:
    """Every code in a whole API response, JSON or XML (``str`` or ``bytes``), with
    ``status`` read as its HTTP status; a pasted status line and headers before the body are
    understood too. Raises ``EmptyQueryError``, ``BodyTooLargeError``, ``NotJsonOrXmlError``
    or ``MalformedBodyError`` for a body it cannot read."""
    return _native.diagnose(body, status, lang)


def lookup(family: Union[Family, str], code: Union[str, int], lang: str = "ru") -> Optional[Entry]:
    """The entry of ``code`` in ``family`` (a ``Family`` or its name), or ``None``.

    The code is matched exactly as the API writes it (``"04"`` is not ``"4"``); a number in a
    documented range row finds that row. Raises ``UnknownNameError`` for an unknown family.
    """
    name = str(family.value if isinstance(family, Family) else family)
    return _native.lookup(name, str(code), lang)


def entries(family: Union[Family, str, None] = None, lang: str = "ru") -> tuple[Entry, ...]:
    """Every entry of the knowledge base, or of one family, in the order of the data files."""
    name = None if family is None else str(family.value if isinstance(family, Family) else family)
    return _native.entries(name, lang)


def families(lang: str = "ru") -> tuple[FamilyInfo, ...]:
    """Every family with its label in ``lang``, its API and its number of codes."""
    return _native.families(lang)


def judge(
    status: Optional[int],
    body: Optional[Body] = None,
    api: Union[Api, str, None] = None,
    retry_after: Union[str, int, float, None] = None,
    *,
    truncated: bool = False,
    lang: str = "ru",
) -> Judgment:
    """Judges one answer on its own, with the library's one retry judgment: the outcome
    (``SUCCEEDED``, ``FAILED``, ``UNKNOWN``), the failure and the decision.

    ``status=None`` means no answer at all (a timeout, a dropped connection after the request
    may have been sent). ``api`` decides how statuses and 2xx bodies are read (``Api.XML``:
    ``result-code`` travels inside 200 answers). ``retry_after`` is the ``Retry-After``
    header's text (seconds or an HTTP date) or a number of seconds. A client that repeats
    requests keeps one ``RetryPolicy`` per operation and calls its ``judge`` instead.
    """
    api_name = None if api is None else str(api.value if isinstance(api, Api) else api)
    return _native.judge(status, body, api_name, retry_after, truncated=truncated, lang=lang)
