"""Exceptions: one class per error family, each with a snake_case ``kind`` and typed attributes.

None of them ever holds a credential: the component leaves secrets out of its errors and the
wrapper adds none.
"""

from __future__ import annotations

from typing import Any, List, Optional

from ._types import FieldError


class ConnectorError(Exception):
    """An error from ``connection_test``, ``build_request`` or ``parse_response``.

    ``kind`` is one of ``invalid_settings``, ``invalid_input`` (``fields``), ``unknown_operation``
    (``message``), ``unauthorized``, ``forbidden``, ``not_found``, ``conflict``, ``validation``,
    ``server`` (``status``, ``code``, ``error_type``, ``message``, ``details``, ``retryable``,
    ``data``), ``rate_limited`` (the same plus ``retry_after_ms``) and ``unexpected_response``
    (``status``, ``reason``, ``excerpt``, ``retryable``). Attributes a kind does not use are None.
    """

    def __init__(self, kind: str, message: str, **attrs: Any) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind
        self.message = message
        self.fields: List[FieldError] = attrs.pop("fields", [])
        self.status: Optional[int] = attrs.pop("status", None)
        self.code: Optional[int] = attrs.pop("code", None)
        self.error_type: Optional[str] = attrs.pop("error_type", None)
        self.details: List[FieldError] = attrs.pop("details", [])
        self.retryable: bool = attrs.pop("retryable", False)
        self.data: Optional[str] = attrs.pop("data", None)
        self.retry_after_ms: Optional[int] = attrs.pop("retry_after_ms", None)
        self.reason: Optional[str] = attrs.pop("reason", None)
        self.excerpt: Optional[str] = attrs.pop("excerpt", None)
        if attrs:
            raise TypeError(f"unknown ConnectorError attributes {sorted(attrs)}")


class OAuthError(Exception):
    """An OAuth error. ``kind``: ``invalid_app`` / ``invalid_input`` (``fields``),
    ``state_mismatch``, ``missing_parameter`` (``name``), ``bad_hmac``, ``missing_hmac``,
    ``access_denied`` / ``reauthorize`` / ``token_rejected`` (``status``, ``error``,
    ``description``, ``retryable``), ``stale_request`` (``timestamp_unix_ms``, ``now_unix_ms``,
    ``tolerance_ms``), ``unexpected_response`` (``status``, ``reason``, ``excerpt``,
    ``retryable``). ``reauthorize``: send the merchant through consent again."""

    def __init__(self, kind: str, message: str = "", **attrs: Any) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind
        self.fields: List[FieldError] = attrs.pop("fields", [])
        self.name: Optional[str] = attrs.pop("name", None)
        self.status: Optional[int] = attrs.pop("status", None)
        self.error: Optional[str] = attrs.pop("error", None)
        self.description: Optional[str] = attrs.pop("description", None)
        self.retryable: bool = attrs.pop("retryable", False)
        self.reason: Optional[str] = attrs.pop("reason", None)
        self.excerpt: Optional[str] = attrs.pop("excerpt", None)
        self.timestamp_unix_ms: Optional[int] = attrs.pop("timestamp_unix_ms", None)
        self.now_unix_ms: Optional[int] = attrs.pop("now_unix_ms", None)
        self.tolerance_ms: Optional[int] = attrs.pop("tolerance_ms", None)
        if attrs:
            raise TypeError(f"unknown OAuthError attributes {sorted(attrs)}")


class WebhookError(Exception):
    """Why a webhook was refused (fail closed). ``kind``: ``empty_secret``,
    ``missing_signature`` (``expected_headers``), ``bad_signature``, ``malformed_body``
    (``reason``), ``too_old`` (``event_unix_ms``, ``now_unix_ms``, ``tolerance_ms``),
    ``invalid_input`` (``reason``)."""

    def __init__(self, kind: str, message: str = "", **attrs: Any) -> None:
        super().__init__(f"{kind}: {message}" if message else kind)
        self.kind = kind
        self.expected_headers: List[str] = attrs.pop("expected_headers", [])
        self.reason: Optional[str] = attrs.pop("reason", None)
        self.event_unix_ms: Optional[int] = attrs.pop("event_unix_ms", None)
        self.now_unix_ms: Optional[int] = attrs.pop("now_unix_ms", None)
        self.tolerance_ms: Optional[int] = attrs.pop("tolerance_ms", None)
        if attrs:
            raise TypeError(f"unknown WebhookError attributes {sorted(attrs)}")


class HostError(Exception):
    """The sandbox stopped the call: ``kind`` is ``deadline`` (the epoch deadline passed),
    ``out_of_memory`` (the memory cap was reached) or ``trap`` (any other trap). The next call
    runs in a fresh store, so the connector keeps working."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(f"{kind}: {message}")
        self.kind = kind
