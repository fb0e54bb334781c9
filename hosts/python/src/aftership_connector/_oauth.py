"""OAuth values: Python arguments to component records and component results back."""

from __future__ import annotations

from typing import Any

from wasmtime.component import Record, Variant

from . import _types as t
from ._convert import UNEXPECTED, check_opt_str, check_str, fields_out, get, members, rec
from ._errors import OAuthError


def app_in(app: t.OAuthApp) -> Record:
    if not isinstance(app, t.OAuthApp):
        raise TypeError(f"app: expected OAuthApp, got {type(app).__name__}")
    return rec(
        client_id=check_str(app.client_id, "app.client_id"),
        client_secret=check_str(app.client_secret, "app.client_secret"),
        redirect_uri=check_str(app.redirect_uri, "app.redirect_uri"),
        authorize_url=check_opt_str(app.authorize_url, "app.authorize_url"),
        token_url=check_opt_str(app.token_url, "app.token_url"),
    )


def token_fields_in(fields: t.TokenFields) -> Record:
    if not isinstance(fields, t.TokenFields):
        raise TypeError(f"fields: expected TokenFields, got {type(fields).__name__}")
    names = ("access_token", "refresh_token", "expires_in", "token_type", "scope")
    return rec(**{n: check_opt_str(getattr(fields, n), f"fields.{n}") for n in names})


def oauth_error(v: Variant) -> OAuthError:
    kind = v.tag.replace("-", "_")
    p = v.payload
    if kind in ("invalid_app", "invalid_input"):
        fields = fields_out(p)
        return OAuthError(kind, "; ".join(f"{f.field}: {f.message}" for f in fields), fields=fields)
    if kind == "missing_parameter":
        return OAuthError(kind, p, name=p)
    if kind in ("access_denied", "reauthorize", "token_rejected"):
        attrs = members(p, "status", "description", "retryable")
        return OAuthError(kind, get(p, "error_code"), error=get(p, "error_code"), **attrs)
    if kind == "stale_request":
        stamp, now, tolerance = (get(p, n) for n in ("timestamp_unix_ms", "now_unix_ms", "tolerance_ms"))
        return OAuthError(
            kind,
            f"timestamp {stamp} is more than {tolerance} ms from {now}",
            timestamp_unix_ms=stamp,
            now_unix_ms=now,
            tolerance_ms=tolerance,
        )
    if kind == "unexpected_response":
        return OAuthError(kind, get(p, "reason"), **members(p, *UNEXPECTED))
    return OAuthError(kind)


def token_set_out(s: Any) -> t.TokenSet:
    names = ("access_token", "refresh_token", "token_type", "scope", "expires_in", "expires_at_unix_ms")
    return t.TokenSet(**members(s, *names))


def _params(r: Any) -> list:
    return [(k, v) for k, v in get(r, "params")]


def redirect_out(r: Any) -> t.OAuthRedirect:
    return t.OAuthRedirect(**members(r, "code", "state", "hmac"), params=_params(r))


def launch_out(r: Any) -> t.LaunchRequest:
    return t.LaunchRequest(**members(r, "product", "timestamp_unix_ms", "hmac"), params=_params(r))
