"""The repository's recorded cases, replayed through the package and compared field by field the
way `crates/aftership-testkit/src/fixture/` does (same placeholders, same JSON shapes)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Optional

from aftership_connector import (
    ConnectionSettings,
    Connector,
    ConnectorError,
    OAuthApp,
    OAuthError,
    TokenFields,
    WebhookError,
)

REPO = Path(os.environ.get("AFTERSHIP_REPO") or Path(__file__).resolve().parents[3])
CONNECTION_TEST = "connection_test"


def placeholders() -> Dict[str, str]:
    key = (REPO / "tests/keys/rsa-2048-test.pkcs8.pem").read_text()
    return {
        "{{API_KEY}}": "test-api-key-0000",
        "{{API_SECRET}}": "test-api-secret-0000",
        "{{ACCESS_TOKEN}}": "test-access-token-0000",
        "{{RSA_PRIVATE_KEY}}": key,
    }


def discover(folder: str) -> List[Path]:
    return sorted((REPO / "tests" / folder).rglob("*.json"))


def load_fixture(path: Path) -> dict:
    text = path.read_text()
    for placeholder, value in placeholders().items():
        text = text.replace(placeholder, json.dumps(value)[1:-1])
    return json.loads(text)


def diff(expected: Any, actual: Any, path: str, problems: List[str]) -> None:
    """Every differing path (objects key by key, arrays of equal length item by item)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key, value in expected.items():
            if key in actual:
                diff(value, actual[key], f"{path}.{key}", problems)
            else:
                problems.append(f"{path}.{key}: expected {value!r}, missing")
        for key in actual.keys() - expected.keys():
            problems.append(f"{path}.{key}: unexpected, got {actual[key]!r}")
    elif isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            diff(e, a, f"{path}[{i}]", problems)
    elif not _same(expected, actual):
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")


def _same(a: Any, b: Any) -> bool:
    # JSON semantics: true is not 1 (Python says True == 1).
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def settings_of(raw: dict) -> ConnectionSettings:
    return ConnectionSettings(
        name=raw.get("name", "fixture"),
        api_type=raw["api_type"],
        environment=raw.get("environment") or "production",
        auth_mode=raw.get("auth_mode") or "api-key",
        api_key=raw.get("api_key", ""),
        api_secret=raw.get("api_secret"),
        access_token=raw.get("access_token"),
        oauth_token_header=raw.get("oauth_token_header"),
        store_id=raw.get("store_id"),
        base_url=raw.get("base_url"),
    )


def response_parts(recorded: dict):
    if recorded.get("body_text") is not None:
        body = recorded["body_text"].encode()
    elif recorded.get("body") is not None:
        # serde_json's compact form: no spaces, non-ASCII kept.
        body = json.dumps(recorded["body"], separators=(",", ":"), ensure_ascii=False).encode()
    else:
        body = b""
    headers = [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in recorded.get("headers", {}).items()]
    return recorded["status"], headers, body


def fields_json(fields) -> list:
    return [{"field": f.field, "message": f.message} for f in fields]


def error_json(e: ConnectorError) -> dict:
    if e.kind in ("invalid_settings", "invalid_input"):
        return {"kind": e.kind, "fields": fields_json(e.fields)}
    if e.kind == "unknown_operation":
        return {"kind": e.kind, "message": e.message}
    if e.kind == "unexpected_response":
        return {"kind": e.kind, "status": e.status, "reason": e.reason, "excerpt": e.excerpt,
                "retryable": e.retryable}
    value = {
        "kind": e.kind, "status": e.status, "code": e.code, "error_type": e.error_type,
        "message": e.message, "details": fields_json(e.details), "retryable": e.retryable,
        "data": None if e.data is None else parse_json(e.data),
    }
    if e.kind == "rate_limited":
        value["retry_after_ms"] = e.retry_after_ms
    return value


def outcome_json(o) -> dict:
    value = {"data": parse_json(o.data), "next_page": None if o.next_page is None else parse_json(o.next_page)}
    if o.files:
        value["files"] = [dict(owner_id=f.owner_id, kind=f.kind, file_type=f.file_type,
                               paper_size=f.paper_size, url=f.url, content_base64=f.content_base64)
                          for f in o.files]
    return value


def compare_request(expected: dict, request, problems: List[str]) -> None:
    if expected["method"] != request.method:
        problems.append(f"request.method: expected {expected['method']}, got {request.method}")
    if expected["url"] != request.url:
        problems.append(f"request.url: expected {expected['url']}, got {request.url}")
    headers = {k.lower(): v for k, v in request.headers}
    if len(headers) != len(request.headers):
        problems.append("request.headers: a header name is repeated")
    diff(expected["headers"], headers, "request.headers", problems)
    body = None if request.body is None else parse_json(request.body)
    diff(expected.get("body"), body, "request.body", problems)


def run_fixture(connector: Connector, path: Path) -> List[str]:
    f = load_fixture(path)
    problems: List[str] = []
    parts = path.parts
    if parts[-3] != f["settings"]["api_type"] or parts[-2] != f["operation"]:
        problems.append("fixture path does not match its api_type/operation")
    settings = settings_of(f["settings"])
    now, rid = f["now_unix_ms"], f.get("request_id")
    try:
        if f["operation"] == CONNECTION_TEST:
            check = connector.connection_test(settings, now_unix_ms=now, request_id=rid)
            operation, text, request = check.operation_id, check.input, check.request
        else:
            operation = f["operation"]
            text = json.dumps(f.get("input", {}), separators=(",", ":"), ensure_ascii=False)
            request = connector.build_request(settings, operation, text, now_unix_ms=now, request_id=rid)
    except ConnectorError as e:
        if f.get("expected_build_error") is None:
            return problems + [f"build failed: {error_json(e)}"]
        diff(f["expected_build_error"], error_json(e), "build_error", problems)
        return problems
    if f.get("expected_request") is None:
        return problems + [f"expected a build error, got a request to {request.url}"]
    compare_request(f["expected_request"], request, problems)

    status, headers, body = response_parts(f["response"])
    try:
        outcome = connector.parse_response(settings, operation, text, status, headers, body,
                                           now_unix_ms=now, request_id=rid)
    except ConnectorError as e:
        if f.get("expected_error") is None:
            problems.append(f"expected an outcome, got error {error_json(e)}")
        else:
            diff(f["expected_error"], error_json(e), "error", problems)
        return problems
    if f.get("expected_outcome") is None:
        problems.append(f"expected an error, parsed {outcome_json(outcome)}")
    else:
        diff(f["expected_outcome"], outcome_json(outcome), "outcome", problems)
    return problems


# ---- OAuth cases (tests/oauth/README.md) ---------------------------------------------------------


def oauth_error_json(e: OAuthError) -> dict:
    if e.kind in ("invalid_app", "invalid_input"):
        return {"kind": e.kind, "fields": fields_json(e.fields)}
    if e.kind == "missing_parameter":
        return {"kind": e.kind, "name": e.name}
    if e.kind in ("access_denied", "reauthorize", "token_rejected"):
        return {"kind": e.kind, "status": e.status, "error": e.error, "description": e.description,
                "retryable": e.retryable}
    if e.kind == "stale_request":
        return {"kind": e.kind, "timestamp_unix_ms": e.timestamp_unix_ms, "now_unix_ms": e.now_unix_ms,
                "tolerance_ms": e.tolerance_ms}
    if e.kind == "unexpected_response":
        return {"kind": e.kind, "status": e.status, "reason": e.reason, "excerpt": e.excerpt,
                "retryable": e.retryable}
    return {"kind": e.kind}


def run_oauth(connector: Connector, path: Path) -> List[str]:
    case = json.loads(path.read_text())
    app: Optional[OAuthApp] = None
    if case.get("app"):
        app = OAuthApp(**case["app"])
    call = case["call"]
    try:
        # As the Rust runner: no `product` sends an empty one (the component's invalid_input; a
        # missing argument is the wrapper's TypeError, see test_misuse.py), and no `hmac_policy`
        # leaves the wrapper's default (`report`).
        policy = {} if case.get("hmac_policy") is None else {"policy": case["hmac_policy"]}
        if call == "authorization_url":
            value: Any = {"url": connector.oauth_authorization_url(
                app, case.get("scopes", []), case.get("state") or "", case.get("product") or "")}
        elif call == "verify_redirect":
            r = connector.oauth_verify_redirect(app, case.get("query") or "", case.get("expected_state") or "",
                                                **policy)
            value = {"code": r.code, "state": r.state, "hmac": r.hmac, "params": [list(p) for p in r.params]}
        elif call == "verify_launch":
            launch = connector.oauth_verify_launch(app, case.get("query") or "", now_unix_ms=case.get("now_unix_ms") or 0,
                                                   tolerance_ms=case.get("tolerance_ms"), **policy)
            value = {"product": launch.product, "timestamp_unix_ms": launch.timestamp_unix_ms, "hmac": launch.hmac,
                     "params": [list(p) for p in launch.params]}
        elif call == "token_request":
            (grant, secret), = case["grant"].items()
            r = connector.oauth_token_request(app, **{grant: secret})
            value = {"method": r.method, "url": r.url, "headers": dict(r.headers), "body": r.body}
        elif call == "parse_token_response":
            status, headers, body = response_parts(case["response"])
            now = case.get("now_unix_ms") or 0
            if case.get("token_fields") is None:
                s = connector.oauth_parse_token_response(status, headers, body, now_unix_ms=now)
            else:  # non-default member names: the -with export, as in tests/e2e_auth.rs
                s = connector.oauth_parse_token_response_with(status, headers, body,
                                                              TokenFields(**case["token_fields"]), now_unix_ms=now)
            value = {k: getattr(s, k) for k in ("access_token", "refresh_token", "token_type", "scope",
                                                "expires_in", "expires_at_unix_ms")}
        else:
            return [f"unknown call {call}"]
    except OAuthError as e:
        problems: List[str] = []
        if case.get("expected_error") is None:
            return [f"expected success, got {oauth_error_json(e)}"]
        diff(case["expected_error"], oauth_error_json(e), "error", problems)
        return problems
    problems = []
    if case.get("expected") is None:
        return [f"expected an error, got {value}"]
    diff(case["expected"], value, "result", problems)
    return problems


# ---- webhook cases (tests/webhooks/README.md) ------------------------------------------------------


def webhook_error_json(e: WebhookError) -> dict:
    if e.kind == "missing_signature":
        return {"kind": e.kind, "expected_headers": e.expected_headers}
    if e.kind in ("malformed_body", "invalid_input"):
        return {"kind": e.kind, "reason": e.reason}
    if e.kind == "too_old":
        return {"kind": e.kind, "event_unix_ms": e.event_unix_ms, "now_unix_ms": e.now_unix_ms,
                "tolerance_ms": e.tolerance_ms}
    return {"kind": e.kind}


def run_webhook(connector: Connector, path: Path) -> List[str]:
    case = json.loads(path.read_text())
    headers = [(k, v if isinstance(v, str) else json.dumps(v)) for k, v in case.get("headers", {}).items()]
    problems: List[str] = []
    try:
        w = connector.verify_webhook(case["product"], case["body_text"].encode(), headers, case["secret"],
                                     now_unix_ms=case.get("now_unix_ms"), tolerance_ms=case.get("tolerance_ms"))
    except WebhookError as e:
        if case.get("expected_error") is None:
            return [f"expected success, got {webhook_error_json(e)}"]
        diff(case["expected_error"], webhook_error_json(e), "error", problems)
        return problems
    if case.get("expected") is None:
        return [f"expected an error, got {w}"]
    event = dict(w.event)
    for key in ("msg", "data", "meta", "modified"):
        if isinstance(event.get(key), str):
            event[key] = parse_json(event[key])
    diff(case["expected"], {"event_id": w.event_id, "signature_header": w.signature_header, "event": event},
         "result", problems)
    return problems
