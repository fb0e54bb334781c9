"""`Connector`: the component's functions with Python types, checked arguments and exceptions."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, List, Optional, Sequence, Union

from wasmtime.component import Variant

from . import _convert as c
from . import _oauth as o
from . import _types as t
from ._errors import ConnectorError, TriggerError
from ._runtime import default_cache_dir, runtime_for

_UNSET: Any = object()


def _now_ms() -> int:
    return time.time_ns() // 1_000_000


class Connector:
    """The AfterShip connector component, sandboxed by wasmtime.

    Each call runs in a fresh store capped at ``memory_bytes`` of linear memory and stopped after
    ``timeout_s`` (epoch deadline); the compiled component is shared by the whole process and
    cached on disk in ``cache_dir`` (default: ``$AFTERSHIP_CONNECTOR_CACHE`` or
    ``~/.cache/aftership-connector``; ``None`` disables the disk cache).

    Results come back as dataclasses; errors are raised as ``ConnectorError``, ``OAuthError`` or
    ``WebhookError`` (each with a ``kind``), bad arguments as ``TypeError``/``ValueError`` naming
    the argument, and a stopped call as ``HostError``.
    """

    def __init__(
        self,
        component: Union[str, Path, None] = None,
        *,
        memory_bytes: int = 256 << 20,
        timeout_s: float = 10.0,
        cache_dir: Union[str, Path, None] = _UNSET,
    ) -> None:
        cache = default_cache_dir() if cache_dir is _UNSET else (Path(cache_dir) if cache_dir else None)
        self._runtime = runtime_for(Path(component) if component else None, cache)
        self.memory_bytes = c.check_int(memory_bytes, 1 << 20, 4 << 30, "memory_bytes")
        if not isinstance(timeout_s, (int, float)) or not timeout_s > 0:
            raise ValueError(f"timeout_s: expected a positive number of seconds, got {timeout_s!r}")
        self.timeout_s = float(timeout_s)

    @property
    def component_sha256(self) -> str:
        """sha256 of the component file in use."""
        return self._runtime.sha256

    def _call(self, name: str, *args: Any) -> Any:
        return self._runtime.call(name, args, self.memory_bytes, self.timeout_s)

    def _checked(self, name: str, *args: Any) -> Any:
        result = self._call(name, *args)
        if c.is_err(result):
            raise c.connector_error(result)
        return result

    # ---- catalog and settings ----------------------------------------------------------------

    def manifest(self) -> str:
        """The connector manifest (``connector.json``) as JSON text."""
        return self._call("manifest")

    def operations(self, api_type: t.ApiType) -> List[t.OperationInfo]:
        """Operations offered for an API type."""
        kind = c.check_choice(api_type, t.API_TYPES, "api_type")
        return [c.operation_out(o) for o in self._call("operations", kind)]

    def validate_settings(self, settings: t.ConnectionSettings) -> List[t.FieldError]:
        """Every problem with the settings (empty when they are good)."""
        result = self._call("validate-settings", c.settings_in(settings))
        return [] if result is None else c.fields_out(result)

    # ---- requests and responses --------------------------------------------------------------

    def connection_test(
        self,
        settings: t.ConnectionSettings,
        *,
        now_unix_ms: Optional[int] = None,
        request_id: Optional[str] = None,
    ) -> t.ConnectionCheck:
        """The cheapest authenticated request for the settings' API type."""
        ctx = c.context_in(_now_ms() if now_unix_ms is None else now_unix_ms, request_id)
        return c.check_out(self._checked("connection-test", c.settings_in(settings), ctx))

    def build_request(
        self,
        settings: t.ConnectionSettings,
        operation_id: str,
        input: Union[str, dict] = "{}",
        *,
        now_unix_ms: Optional[int] = None,
        request_id: Optional[str] = None,
    ) -> t.HttpRequest:
        """The HTTP request for an operation; ``input`` is JSON text or a dict."""
        s = c.settings_in(settings)
        op = c.check_str(operation_id, "operation_id")
        text = c.input_text(input)
        ctx = c.context_in(_now_ms() if now_unix_ms is None else now_unix_ms, request_id)
        return c.request_out(self._checked("build-request", s, op, text, ctx))

    def parse_response(
        self,
        settings: t.ConnectionSettings,
        operation_id: str,
        input: Union[str, dict],
        status: int,
        headers: c.HeadersIn,
        body: c.BodyIn,
        *,
        now_unix_ms: Optional[int] = None,
        request_id: Optional[str] = None,
    ) -> t.Outcome:
        """Data (and the next page's input) from an HTTP response, or a ``ConnectorError``.

        ``body`` is the raw bytes (a ``str`` is taken as its UTF-8 bytes). A UTF-8 body crosses
        into the component as a string (``parse-response-text``): wasmtime-py copies a string in
        one go but converts ``list<u8>`` byte by byte. Other bodies go through ``parse-response``.
        """
        s = c.settings_in(settings)
        op = c.check_str(operation_id, "operation_id")
        text = c.input_text(input)
        code = c.check_int(status, 0, c.U16_MAX, "status")
        pairs = c.headers_in(headers)
        ctx = c.context_in(_now_ms() if now_unix_ms is None else now_unix_ms, request_id)
        if isinstance(body, str):
            result = self._call("parse-response-text", s, op, text, code, pairs, body, ctx)
        else:
            raw = c.body_bytes(body)
            try:
                decoded = raw.decode("utf-8")
            except UnicodeDecodeError:
                response = c.rec(status=code, headers=pairs, body=raw)
                result = self._call("parse-response", s, op, text, response, ctx)
            else:
                result = self._call("parse-response-text", s, op, text, code, pairs, decoded, ctx)
        if c.is_err(result):
            raise c.connector_error(result)
        return c.outcome_out(result)

    # ---- OAuth ---------------------------------------------------------------------------------

    def oauth_scopes(self, api_type: t.ApiType) -> List[str]:
        """OAuth scopes AfterShip documents for an API type."""
        return list(self._call("oauth-scopes", c.check_choice(api_type, t.API_TYPES, "api_type")))

    def oauth_verify_launch(
        self,
        app: t.OAuthApp,
        query: str,
        *,
        now_unix_ms: Optional[int] = None,
        tolerance_ms: Optional[int] = None,
        policy: t.HmacPolicy = "report",
    ) -> t.LaunchRequest:
        """Checks the App URL launch request (``product``, ``timestamp``, ``hmac``).

        ``timestamp`` must be within ``tolerance_ms`` (default 300000) of ``now_unix_ms``
        (default: now); ``hmac`` per ``policy`` (default ``report``). Unless the result's ``hmac``
        is ``verified``, use it only to pick the ``product`` for consent, never to sign in.
        """
        result = self._oauth(
            "oauth-verify-launch",
            o.app_in(app),
            c.check_str(query, "query"),
            c.context_in(_now_ms() if now_unix_ms is None else now_unix_ms, None),
            c.check_opt_u64(tolerance_ms, "tolerance_ms"),
            c.check_choice(policy, t.HMAC_POLICIES, "policy"),
        )
        return o.launch_out(result)

    def oauth_authorization_url(self, app: t.OAuthApp, scopes: Sequence[str], state: str, product: str) -> str:
        """The URL to send the merchant to for consent; ``product`` (AfterShip's, from
        ``oauth_verify_launch``) is required."""
        if isinstance(scopes, str) or not isinstance(scopes, (list, tuple)):
            raise TypeError("scopes: expected a list of scope names")
        if product is None:
            raise TypeError("product: required: AfterShip's product for this app (oauth_verify_launch returns it)")
        request = c.rec(
            scopes=[c.check_str(s, f"scopes[{i}]") for i, s in enumerate(scopes)],
            state=c.check_str(state, "state"),
            product=c.check_str(product, "product"),
        )
        return self._oauth("oauth-authorization-url", o.app_in(app), request)

    def oauth_verify_redirect(
        self, app: t.OAuthApp, query: str, expected_state: str, policy: t.HmacPolicy = "report"
    ) -> t.OAuthRedirect:
        """Checks the redirect back (``state``, ``error``, ``hmac`` per policy, ``code``)."""
        result = self._oauth(
            "oauth-verify-redirect",
            o.app_in(app),
            c.check_str(query, "query"),
            c.check_str(expected_state, "expected_state"),
            c.check_choice(policy, t.HMAC_POLICIES, "policy"),
        )
        return o.redirect_out(result)

    def oauth_token_request(
        self,
        app: t.OAuthApp,
        *,
        authorization_code: Optional[str] = None,
        refresh_token: Optional[str] = None,
    ) -> t.HttpRequest:
        """The form POST exchanging a code (``authorization_code=``) or refreshing a token."""
        if (authorization_code is None) == (refresh_token is None):
            raise TypeError("give exactly one of authorization_code= or refresh_token=")
        grant = (
            Variant("authorization-code", c.check_str(authorization_code, "authorization_code"))
            if authorization_code is not None
            else Variant("refresh-token", c.check_str(refresh_token, "refresh_token"))
        )
        return c.request_out(self._oauth("oauth-token-request", o.app_in(app), grant))

    def oauth_parse_token_response(
        self,
        status: int,
        headers: c.HeadersIn,
        body: c.BodyIn,
        *,
        now_unix_ms: Optional[int] = None,
    ) -> t.TokenSet:
        """Reads the token endpoint's answer (RFC 6749 member names)."""
        return self._parse_token(status, headers, body, now_unix_ms, None)

    def oauth_parse_token_response_with(
        self,
        status: int,
        headers: c.HeadersIn,
        body: c.BodyIn,
        fields: t.TokenFields,
        *,
        now_unix_ms: Optional[int] = None,
    ) -> t.TokenSet:
        """``oauth_parse_token_response`` reading the members under the names ``fields`` gives."""
        return self._parse_token(status, headers, body, now_unix_ms, fields)

    def _parse_token(
        self, status: int, headers: c.HeadersIn, body: c.BodyIn, now: Optional[int], fields: Any
    ) -> t.TokenSet:
        response = c.response_in(status, headers, body)
        ctx = c.context_in(_now_ms() if now is None else now, None)
        if fields is None:
            return o.token_set_out(self._oauth("oauth-parse-token-response", response, ctx))
        names = o.token_fields_in(fields)
        return o.token_set_out(self._oauth("oauth-parse-token-response-with", response, ctx, names))

    def _oauth(self, name: str, *args: Any) -> Any:
        result = self._call(name, *args)
        if c.is_err(result):
            raise o.oauth_error(result)
        return result

    # ---- webhooks ------------------------------------------------------------------------------

    def verify_webhook(
        self,
        product: t.WebhookProduct,
        body: c.BodyIn,
        headers: c.HeadersIn,
        secret: str,
        *,
        now_unix_ms: Optional[int] = None,
        tolerance_ms: Optional[int] = None,
    ) -> t.VerifiedWebhook:
        """Verifies a webhook's signature over the raw body, then parses the event.

        ``body`` must be the bytes as received (a ``str`` is taken as its UTF-8 bytes; a parsed
        dict is refused: re-serialised JSON does not verify).
        """
        delivery = c.rec(
            product=c.check_choice(product, t.WEBHOOK_PRODUCTS, "product"),
            body=c.body_bytes(body),
            headers=c.headers_in(headers),
            secret=c.check_str(secret, "secret"),
            now_unix_ms=c.check_opt_u64(now_unix_ms, "now_unix_ms"),
            tolerance_ms=c.check_opt_u64(tolerance_ms, "tolerance_ms"),
        )
        result = self._call("verify-webhook", delivery)
        if c.is_err(result):
            raise c.webhook_error(result)
        return c.webhook_out(result)

    # ---- triggers ------------------------------------------------------------------------------

    def trigger_start(
        self,
        trigger_id: str,
        *,
        state: Optional[str] = None,
        since: Optional[str] = None,
        now_unix_ms: Optional[int] = None,
    ) -> t.PollStart:
        """Starts (or continues) a poll of a trigger (``connector.json`` ``triggers[]``): the
        listing call to make first. ``state`` is the text the last ``trigger_step`` returned (it
        wins over ``since``); ``since`` (RFC 3339) is where a first poll starts."""
        now = _now_ms() if now_unix_ms is None else c.check_int(now_unix_ms, -(1 << 63), (1 << 63) - 1, "now_unix_ms")
        result = self._call(
            "trigger-start",
            c.check_str(trigger_id, "trigger_id"),
            c.check_opt_str(state, "state"),
            c.check_opt_str(since, "since"),
            now,
        )
        if c.is_err(result):
            raise _trigger_error(result)
        return t.PollStart(c.get(result, "operation"), c.get(result, "input"), c.get(result, "state"))

    def trigger_step(
        self, trigger_id: str, state: str, data: str, next_page: Optional[str] = None
    ) -> t.PollStep:
        """Reads one page of a poll: ``data`` and ``next_page`` are ``parse_response``'s
        outcome. Returns the records to emit, the state to store with them, and the next
        page's input (None when the poll is over)."""
        result = self._call(
            "trigger-step",
            c.check_str(trigger_id, "trigger_id"),
            c.check_str(state, "state"),
            c.check_str(data, "data"),
            c.check_opt_str(next_page, "next_page"),
        )
        if c.is_err(result):
            raise _trigger_error(result)
        return t.PollStep(list(c.get(result, "records")), c.get(result, "state"), c.get(result, "next_input"))


def _trigger_error(v: Variant) -> TriggerError:
    kind = v.tag.replace("-", "_")
    p = v.payload
    if kind == "state_version":
        found, expected = c.get(p, "found"), c.get(p, "expected")
        return TriggerError(
            kind,
            f"trigger state version {found} is not supported (this connector reads version {expected}); start again from a since time",
            found=found,
            expected=expected,
        )
    if kind == "state_trigger":
        found, expected = c.get(p, "found"), c.get(p, "expected")
        return TriggerError(kind, f"trigger state belongs to trigger {found}, not {expected}", found=found, expected=expected)
    if kind == "no_walk":
        return TriggerError(kind, "no poll in progress: call trigger_start before trigger_step")
    return TriggerError(kind, str(p), reason=p)


__all__ = ["Connector", "ConnectorError"]
