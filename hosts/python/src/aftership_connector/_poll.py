"""A poll helper over the connector's trigger exports: the same logic as the Rust runner's
``watch``, with the HTTP done by a function the caller supplies."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from . import _types as t

Response = Tuple[int, Any, Union[bytes, str]]
"""What the ``http`` function returns: status, headers (dict or pairs), body."""


@dataclass(frozen=True)
class PollResult:
    """The new or updated records of one poll (decoded, oldest first per page) and the state to
    keep for the next poll."""

    records: List[Any]
    state: str


def poll(
    connector: Any,
    settings: t.ConnectionSettings,
    trigger: str,
    http: Callable[[t.HttpRequest], Response],
    *,
    state: Optional[str] = None,
    since: Optional[str] = None,
    now_unix_ms: Optional[int] = None,
    on_page: Optional[Callable[[Sequence[Any], str], None]] = None,
    max_pages: int = 10_000,
) -> PollResult:
    """Polls ``trigger`` once, to the end of the listing.

    ``http(request)`` sends the ``HttpRequest`` and returns ``(status, headers, body)``.
    ``on_page(records, state)``, when given, is called after every page: store the records and
    the state there, together (a crash between the two would emit a record again or lose it).
    Errors (a refused state, a failed call) are raised.
    """
    if not callable(http):
        raise TypeError("http: expected a function (request) -> (status, headers, body)")
    started = connector.trigger_start(trigger, state=state, since=since, now_unix_ms=now_unix_ms)
    current = started.state
    page_input = started.input
    records: List[Any] = []
    for _ in range(max_pages):
        request = connector.build_request(settings, started.operation, page_input)
        status, headers, body = http(request)
        outcome = connector.parse_response(settings, started.operation, page_input, status, headers, body)
        step = connector.trigger_step(trigger, current, outcome.data, outcome.next_page)
        fresh = [json.loads(r) for r in step.records]
        current = step.state
        if on_page is not None:
            on_page(fresh, current)
        records.extend(fresh)
        if step.next_input is None:
            return PollResult(records, current)
        page_input = step.next_input
    raise RuntimeError(f"poll: more than {max_pages} pages")
