"""What a status probe says when it has no status answer to give."""

from __future__ import annotations

import enum


class Probe(enum.Enum):
    """What a status probe says when it has no status answer to give."""

    #: The API does not know the operation: the request did not go through.
    NOT_FOUND = "not-found"
    #: The status could not be learned: nothing is repeated.
    UNKNOWN = "unknown"
