"""Exceptions: one class per error family, each with a snake_case ``kind`` and typed attributes.

None of them ever holds a credential: the component leaves secrets out of its errors and the
wrapper adds none.
"""

from __future__ import annotations

import copy
from typing import Any, Dict, List, Optional

from ._types import FieldError


class _KindError(Exception):
    """An error with a snake_case ``kind`` and the keyword attributes its class lists in
    ``_defaults`` (name → value when not given); an unknown attribute is a ``TypeError``."""

    _defaults: Dict[str, Any] = {}

    def __init__(self, kind: str, message: str = "", **attrs: Any) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind
        unknown = sorted(set(attrs) - set(self._defaults))
        if unknown:
            raise TypeError(f"unknown {type(self).__name__} attributes {unknown}")
        for name, default in self._defaults.items():
            setattr(self, name, attrs[name] if name in attrs else copy.copy(default))


class ConnectorError(_KindError):
    """An error from ``connection_test``, ``build_request`` or ``parse_response``.

    ``kind`` is one of ``invalid_settings``, ``invalid_input`` (``fields``), ``unknown_operation``
    (``message``), ``unauthorized``, ``forbidden``, ``not_found``, ``conflict``, ``validation``,
    ``server`` (``status``, ``code``, ``error_type``, ``message``, ``details``, ``retryable``,
    ``data``), ``rate_limited`` (the same plus ``retry_after_ms``) and ``unexpected_response``
    (``status``, ``reason``, ``excerpt``, ``retryable``). Attributes a kind does not use are None.
    """

    fields: List[FieldError]
    status: Optional[int]
    code: Optional[int]
    error_type: Optional[str]
    details: List[FieldError]
    retryable: bool
    data: Optional[str]
    retry_after_ms: Optional[int]
    reason: Optional[str]
    excerpt: Optional[str]
    _defaults = dict(fields=[], status=None, code=None, error_type=None, details=[], retryable=False,
                     data=None, retry_after_ms=None, reason=None, excerpt=None)

    def __init__(self, kind: str, message: str, **attrs: Any) -> None:
        super().__init__(kind, message, **attrs)
        self.message = message


class OAuthError(_KindError):
    """An OAuth error. ``kind``: ``invalid_app`` / ``invalid_input`` (``fields``),
    ``state_mismatch``, ``missing_parameter`` (``name``), ``bad_hmac``, ``missing_hmac``,
    ``access_denied`` / ``reauthorize`` / ``token_rejected`` (``status``, ``error``,
    ``description``, ``retryable``), ``stale_request`` (``timestamp_unix_ms``, ``now_unix_ms``,
    ``tolerance_ms``), ``unexpected_response`` (``status``, ``reason``, ``excerpt``,
    ``retryable``). ``reauthorize``: send the merchant through consent again."""

    fields: List[FieldError]
    name: Optional[str]
    status: Optional[int]
    error: Optional[str]
    description: Optional[str]
    retryable: bool
    reason: Optional[str]
    excerpt: Optional[str]
    timestamp_unix_ms: Optional[int]
    now_unix_ms: Optional[int]
    tolerance_ms: Optional[int]
    _defaults = dict(fields=[], name=None, status=None, error=None, description=None, retryable=False,
                     reason=None, excerpt=None, timestamp_unix_ms=None, now_unix_ms=None,
                     tolerance_ms=None)


class WebhookError(_KindError):
    """Why a webhook was refused (fail closed). ``kind``: ``empty_secret``,
    ``missing_signature`` (``expected_headers``), ``bad_signature``, ``malformed_body``
    (``reason``), ``too_old`` (``event_unix_ms``, ``now_unix_ms``, ``tolerance_ms``),
    ``invalid_input`` (``reason``)."""

    expected_headers: List[str]
    reason: Optional[str]
    event_unix_ms: Optional[int]
    now_unix_ms: Optional[int]
    tolerance_ms: Optional[int]
    _defaults = dict(expected_headers=[], reason=None, event_unix_ms=None, now_unix_ms=None,
                     tolerance_ms=None)


class TriggerError(_KindError):
    """A refused trigger call. ``kind``: ``unknown_trigger``, ``not_polled``, ``invalid_state``,
    ``invalid_since``, ``invalid_page`` (``reason``), ``state_version`` (``found``, ``expected``:
    the state's version and the one this connector reads; start again from a ``since`` time),
    ``state_trigger`` (``found``, ``expected``: trigger ids), ``no_walk``."""

    reason: Optional[str]
    found: Any
    expected: Any
    _defaults = dict(reason=None, found=None, expected=None)


class HostError(Exception):
    """The sandbox stopped the call: ``kind`` is ``deadline`` (the epoch deadline passed),
    ``out_of_memory`` (the memory cap was reached) or ``trap`` (any other trap). The next call
    runs in a fresh store, so the connector keeps working."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
