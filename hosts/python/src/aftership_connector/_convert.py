"""Checks Python arguments and turns them into wasmtime component values, and back.

wasmtime-py wants records as objects with kebab-case attributes, enums as kebab-case strings,
`list<u8>` as `bytes` only, and returns `result`s untagged. Nothing of that leaks out of here.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from wasmtime.component import Record, Variant

from . import _types as t
from ._errors import ConnectorError, WebhookError

U16_MAX = 0xFFFF
U64_MAX = 0xFFFF_FFFF_FFFF_FFFF

HeadersIn = Union[Mapping[str, Any], Iterable[Tuple[str, str]], None]
BodyIn = Union[bytes, bytearray, memoryview, str, None]


def rec(**fields: Any) -> Record:
    """A component record from snake_case keyword arguments."""
    record = Record()
    for name, value in fields.items():
        setattr(record, name.replace("_", "-"), value)
    return record


_KEBAB: dict = {}


def get(record: Any, name: str) -> Any:
    """A field of a component record by its snake_case name."""
    kebab = _KEBAB.get(name)
    if kebab is None:
        kebab = _KEBAB[name] = name.replace("_", "-")
    return record.__dict__[kebab]


UNEXPECTED = ("status", "reason", "excerpt", "retryable")
"""The members of an ``unexpected-response`` payload."""


def members(p: Any, *names: str) -> Dict[str, Any]:
    """The named members of a WIT record, as keyword arguments."""
    return {n: get(p, n) for n in names}


# ---- argument checks -------------------------------------------------------------------------


def check_str(value: Any, where: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{where}: expected str, got {type(value).__name__}")
    return value


def check_opt_str(value: Any, where: str) -> Optional[str]:
    return None if value is None else check_str(value, where)


def check_choice(value: Any, choices: Tuple[str, ...], where: str) -> str:
    if isinstance(value, str):
        normalised = value.replace("_", "-")
        if normalised in choices:
            return normalised
    raise ValueError(f"{where}: expected one of {', '.join(choices)}; got {value!r}")


def check_int(value: Any, low: int, high: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{where}: expected int, got {type(value).__name__}")
    if not low <= value <= high:
        raise ValueError(f"{where}: {value} is out of range {low}..{high}")
    return value


def check_opt_u64(value: Any, where: str) -> Optional[int]:
    return None if value is None else check_int(value, 0, U64_MAX, where)


def headers_in(headers: HeadersIn, where: str = "headers") -> List[Tuple[str, str]]:
    """A dict (a list value gives one header per item), or pairs, to a list of str pairs."""
    if headers is None:
        return []
    if isinstance(headers, (str, bytes)):
        raise TypeError(f"{where}: expected a mapping or (name, value) pairs, got {type(headers).__name__}")
    items = headers.items() if isinstance(headers, Mapping) else headers
    if hasattr(headers, "items") and not isinstance(headers, Mapping):
        items = headers.items()  # e.g. requests' CaseInsensitiveDict, email.message.Message
    out: List[Tuple[str, str]] = []
    for i, pair in enumerate(items):
        try:
            name, value = pair
        except (TypeError, ValueError):
            raise TypeError(f"{where}[{i}]: expected a (name, value) pair, got {pair!r}") from None
        name = check_str(name, f"{where}[{i}] name")
        values = value if isinstance(value, (list, tuple)) else [value]
        for v in values:
            if isinstance(v, (int, float)) and not isinstance(v, bool):
                v = str(v)
            out.append((name, check_str(v, f"{where}[{name!r}]")))
    return out


def input_text(value: Any, where: str = "input") -> str:
    """Operation input: JSON text, or a dict/list that is serialised here."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    raise TypeError(f"{where}: expected JSON text or a dict, got {type(value).__name__}")


def body_bytes(body: BodyIn, where: str = "body") -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes):
        return body
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    raise TypeError(
        f"{where}: expected the raw body as bytes (or str, sent as UTF-8), got {type(body).__name__}"
        + ("; a parsed JSON value cannot be verified or parsed exactly" if isinstance(body, (dict, list)) else "")
    )


def settings_in(settings: t.ConnectionSettings) -> Record:
    if not isinstance(settings, t.ConnectionSettings):
        raise TypeError(f"settings: expected ConnectionSettings, got {type(settings).__name__}")
    s = settings
    return rec(
        name=check_str(s.name, "settings.name"),
        api_type=check_choice(s.api_type, t.API_TYPES, "settings.api_type"),
        environment=check_choice(s.environment, t.ENVIRONMENTS, "settings.environment"),
        auth_mode=check_choice(s.auth_mode, t.AUTH_MODES, "settings.auth_mode"),
        api_key=check_str(s.api_key, "settings.api_key"),
        api_secret=check_opt_str(s.api_secret, "settings.api_secret"),
        access_token=check_opt_str(s.access_token, "settings.access_token"),
        oauth_token_header=check_opt_str(s.oauth_token_header, "settings.oauth_token_header"),
        store_id=check_opt_str(s.store_id, "settings.store_id"),
        base_url=check_opt_str(s.base_url, "settings.base_url"),
    )


def context_in(now_unix_ms: int, request_id: Optional[str]) -> Record:
    return rec(
        now_unix_ms=check_int(now_unix_ms, 0, U64_MAX, "now_unix_ms"),
        request_id=check_opt_str(request_id, "request_id"),
    )





def response_in(status: Any, headers: HeadersIn, body: BodyIn) -> Record:
    return rec(
        status=check_int(status, 0, U16_MAX, "status"),
        headers=headers_in(headers),
        body=body_bytes(body),
    )


# ---- results ---------------------------------------------------------------------------------


def is_err(value: Any) -> bool:
    """Every error type of the WIT is a variant, every success something else."""
    return isinstance(value, Variant)


def fields_out(items: Any) -> List[t.FieldError]:
    return [t.FieldError(field=get(f, "field"), message=get(f, "message")) for f in items]


def request_out(r: Any) -> t.HttpRequest:
    return t.HttpRequest(
        method=get(r, "method").upper(),
        url=get(r, "url"),
        headers=[(k, v) for k, v in get(r, "headers")],
        body=get(r, "body"),
    )


def outcome_out(o: Any) -> t.Outcome:
    return t.Outcome(
        data=get(o, "data"),
        next_page=get(o, "next_page"),
        files=[_document(f.__dict__) for f in get(o, "files")],
    )


_new = object.__new__


def _document(d: dict) -> t.DocumentFile:
    # Thousands per Shipping listing: fill the frozen dataclass without its per-field
    # object.__setattr__ calls (same fields, same values).
    doc = _new(t.DocumentFile)
    doc.__dict__.update(
        owner_id=d["owner-id"],
        kind=d["kind"],
        file_type=d["file-type"],
        paper_size=d["paper-size"],
        url=d["url"],
        content_base64=d["content-base64"],
    )
    return doc


def check_out(c: Any) -> t.ConnectionCheck:
    return t.ConnectionCheck(
        operation_id=get(c, "operation_id"), input=get(c, "input"), request=request_out(get(c, "request"))
    )


def operation_out(o: Any) -> t.OperationInfo:
    return t.OperationInfo(
        id=get(o, "id"),
        api_type=get(o, "api_type"),
        title=get(o, "title"),
        method=get(o, "method").upper(),
        path=get(o, "path"),
        input_schema=get(o, "input_schema"),
        paginated=get(o, "paginated"),
    )


def _api_attrs(e: Any) -> dict:
    return dict(
        status=get(e, "status"),
        code=get(e, "code"),
        error_type=get(e, "error_type"),
        details=fields_out(get(e, "details")),
        retryable=get(e, "retryable"),
        data=get(e, "data"),
    )


def connector_error(v: Variant) -> ConnectorError:
    kind = v.tag.replace("-", "_")
    p = v.payload
    if kind in ("invalid_settings", "invalid_input"):
        fields = fields_out(p)
        text = "; ".join(f"{f.field}: {f.message}" for f in fields)
        return ConnectorError(kind, text, fields=fields)
    if kind == "unknown_operation":
        return ConnectorError(kind, p)
    if kind == "rate_limited":
        inner = get(p, "error")
        return ConnectorError(
            kind, get(inner, "message"), retry_after_ms=get(p, "retry_after_ms"), **_api_attrs(inner)
        )
    if kind == "unexpected_response":
        return ConnectorError(kind, get(p, "reason"), **members(p, *UNEXPECTED))
    return ConnectorError(kind, get(p, "message"), **_api_attrs(p))


def webhook_error(v: Variant) -> WebhookError:
    kind = v.tag.replace("-", "_")
    p = v.payload
    if kind == "missing_signature":
        return WebhookError(kind, ", ".join(p), expected_headers=list(p))
    if kind in ("malformed_body", "invalid_input"):
        return WebhookError(kind, p, reason=p)
    if kind == "too_old":
        return WebhookError(
            kind,
            "",
            event_unix_ms=get(p, "event_unix_ms"),
            now_unix_ms=get(p, "now_unix_ms"),
            tolerance_ms=get(p, "tolerance_ms"),
        )
    return WebhookError(kind)


def webhook_out(w: Any) -> t.VerifiedWebhook:
    event = get(w, "event")
    p = event.payload
    product = event.tag
    if product == "tracking":
        kind = get(p, "event")
        fields = {
            "event": kind.payload if kind.tag == "other" else kind.tag.replace("-", "_"),
            "event_id": get(p, "event_id"),
            "is_tracking_first_tag": get(p, "is_tracking_first_tag"),
            "ts": get(p, "ts"),
            "msg": get(p, "msg"),
            "webhook_version": get(p, "webhook_version"),
        }
    elif product == "returns":
        names = ("id", "version", "event", "created_at", "created_at_unix_ms", "modified", "data")
        fields = {n: get(p, n) for n in names}
    elif product == "warranty":
        names = ("id", "version", "event", "created_at", "created_at_unix_ms", "data")
        fields = {n: get(p, n) for n in names}
    else:
        names = ("event_type", "date_time", "meta", "meta_code", "data")
        fields = {n: get(p, n) for n in names}
    return t.VerifiedWebhook(
        event_id=get(w, "event_id"),
        signature_header=get(w, "signature_header"),
        event={"product": product, **fields},
    )
