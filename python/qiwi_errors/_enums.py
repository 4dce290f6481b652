"""The closed vocabularies of the knowledge base as ``enum.Enum`` classes.

Their members come from the native module (the library's own tables), so a family added to
the data is a member here without a change to this file; ``_enums.pyi`` lists them for type
checkers, and a test compares the two. Every member is also a ``str`` (its value, the name
the library uses: ``Family.WALLET_ERROR == "wallet-error"``).
"""

from __future__ import annotations

import enum
from typing import Any

from . import _native


def _member_name(value: str) -> str:
    return value.upper().replace("-", "_")


def _make(name: str, values: list[str], doc: str) -> Any:
    cls: Any = enum.Enum(  # type: ignore[misc]
        name,
        [(_member_name(v), v) for v in values],
        type=str,
        module=__name__.rsplit(".", 1)[0],
        qualname=name,
    )
    cls.__doc__ = doc
    cls.__str__ = lambda self: self.value
    cls.__format__ = lambda self, spec: format(self.value, spec)
    return cls


_names = _native.vocabularies()

Family = _make(
    "Family",
    _names["family"],
    "A code family: the API and table a code belongs to (the same number means different"
    " things in different families).",
)
Api = _make(
    "Api",
    _names["api"],
    "A QIWI API: it decides how HTTP statuses and 2xx bodies of its answers are read.",
)
Severity = _make("Severity", _names["severity"], "How bad a code is.")
Actor = _make("Actor", _names["actor"], "Who must act on a code.")
Action = _make(
    "Action",
    _names["action"],
    "What retry logic should do after a failed attempt: NEVER, NOW, AFTER (seconds),"
    " CHECK_STATUS (query the operation's status first), AFTER_USER_ACTION.",
)
Outcome = _make(
    "Outcome",
    _names["outcome"],
    "What an answer means for the operation: SUCCEEDED, FAILED (it did not go through) or"
    " UNKNOWN (it may have gone through: query its status).",
)

_native.bind_enums(Family, Api, Severity, Actor, Action, Outcome)
