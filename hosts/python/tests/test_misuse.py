"""What raw wasmtime-py use gets silently wrong or makes awkward, and what the package does now."""

import json

import pytest

from aftership_connector import (
    ConnectionSettings,
    Connector,
    ConnectorError,
    HostError,
    HttpRequest,
    LaunchRequest,
    OAuthApp,
    OAuthError,
    Outcome,
    TokenFields,
    WebhookError,
)

S = ConnectionSettings(api_type="tracking", api_key="test-api-key-0000")
NOW = 1_783_327_777_000
LIST = "tracking.list_trackings"


def listing(n: int) -> bytes:
    items = [{"id": f"t{i:07d}", "tracking_number": f"1Z{i:016d}", "slug": "ups"} for i in range(n)]
    return json.dumps({"meta": {"code": 200}, "data": {"pagination": {"has_next_page": False},
                                                        "trackings": items}}).encode()


def test_results_are_dataclasses_without_kebab_case(connector):
    request = connector.build_request(S, "tracking.get_tracking_by_id", {"id": "5b74f4958776db0e00b6f5ed"},
                                      now_unix_ms=NOW)
    assert isinstance(request, HttpRequest)
    assert request.method == "GET"  # upper-case: what HTTP clients expect for every method
    assert request.header("AS-API-KEY") == "test-api-key-0000"
    outcome = connector.parse_response(S, LIST, "{}", 200, {"content-type": "application/json"}, listing(2),
                                       now_unix_ms=NOW)
    assert isinstance(outcome, Outcome) and outcome.next_page is None
    assert [t["id"] for t in outcome.json()["trackings"]] == ["t0000000", "t0000001"]


def test_errors_are_tagged_exceptions_with_fields(connector):
    with pytest.raises(ConnectorError) as info:
        connector.parse_response(S, LIST, "{}", 429, {"Retry-After": "7"},
                                 b'{"meta":{"code":429,"type":"TooManyRequests","message":"slow down"}}',
                                 now_unix_ms=NOW)
    e = info.value
    assert (e.kind, e.status, e.retry_after_ms, e.message) == ("rate_limited", 429, 7000, "slow down")
    with pytest.raises(ConnectorError) as info:
        connector.build_request(S, "tracking.get_tracking_by_id", {}, now_unix_ms=NOW)
    assert info.value.kind == "invalid_input" and info.value.fields[0].field.endswith("id")


def test_validate_settings_returns_field_errors(connector):
    assert connector.validate_settings(S) == []
    bad = connector.validate_settings(ConnectionSettings(api_type="tracking"))
    assert [f.field for f in bad] == ["api-key"]


@pytest.mark.parametrize("status", [70000, -1])
def test_out_of_range_status_is_refused_not_wrapped(connector, status):
    with pytest.raises(ValueError, match=r"status: .* out of range 0\.\.65535"):
        connector.parse_response(S, LIST, "{}", status, {}, b"{}", now_unix_ms=NOW)


@pytest.mark.parametrize("now, error", [(-5, ValueError), (2**64, ValueError), (1.5, TypeError), (True, TypeError)])
def test_bad_times_are_refused(connector, now, error):
    with pytest.raises(error, match="now_unix_ms"):
        connector.build_request(S, LIST, "{}", now_unix_ms=now)


def test_a_parsed_body_is_refused_and_a_str_body_is_its_utf8(connector):
    with pytest.raises(TypeError, match="body: expected the raw body"):
        connector.parse_response(S, LIST, "{}", 200, {}, {"meta": {"code": 200}}, now_unix_ms=NOW)
    text = listing(1).decode()
    assert connector.parse_response(S, LIST, "{}", 200, {}, text, now_unix_ms=NOW).json()["trackings"][0]["id"] == "t0000000"


def test_headers_as_dict_pairs_or_lists_all_arrive(connector):
    body = b'{"meta":{"code":429,"message":"slow"}}'
    for headers in ({"retry-after": "2"}, [("retry-after", "2")], {"retry-after": ["2"]}, {"retry-after": 2}):
        with pytest.raises(ConnectorError) as info:
            connector.parse_response(S, LIST, "{}", 429, headers, body, now_unix_ms=NOW)
        assert info.value.retry_after_ms == 2000, headers
    with pytest.raises(TypeError, match="headers"):
        connector.parse_response(S, LIST, "{}", 429, "retry-after: 2", body, now_unix_ms=NOW)


def test_a_body_that_is_not_utf8_takes_the_bytes_path(connector):
    with pytest.raises(ConnectorError) as info:
        connector.parse_response(S, LIST, "{}", 502, {}, b"<html>\xff\xfe bad gateway</html>", now_unix_ms=NOW)
    assert info.value.kind == "unexpected_response" and info.value.retryable
    assert "bad gateway" in info.value.excerpt


def test_bad_enum_values_name_the_field(connector):
    with pytest.raises(ValueError, match="settings.api_type: expected one of"):
        connector.build_request(ConnectionSettings(api_type="trackings", api_key="k"), LIST, "{}", now_unix_ms=NOW)
    # snake_case spellings of the kebab-case enums are accepted
    ok = ConnectionSettings(api_type="tracking", api_key="k", auth_mode="api_key")
    assert connector.build_request(ok, LIST, "{}", now_unix_ms=NOW).method == "GET"


def test_webhook_body_must_be_raw(connector):
    with pytest.raises(TypeError, match="re-serialised|parsed JSON"):
        connector.verify_webhook("tracking", {"event": "x"}, {}, "secret")
    with pytest.raises(WebhookError) as info:
        connector.verify_webhook("tracking", b"{}", {}, "secret")
    assert info.value.kind == "missing_signature" and info.value.expected_headers == ["aftership-hmac-sha256"]


def test_secrets_stay_out_of_repr():
    settings = ConnectionSettings(api_type="tracking", api_key="SENTINEL-KEY", api_secret="SENTINEL-SECRET")
    app = OAuthApp(client_id="id", client_secret="SENTINEL-CLIENT", redirect_uri="https://x.test/cb")
    assert "SENTINEL" not in repr(settings) + repr(app)


def test_deadline_and_memory_cap_end_one_call_only():
    slow = Connector(timeout_s=0.000001)  # one 10 ms epoch tick
    with pytest.raises(HostError) as info:
        # ~15 MB: the guest parses it for well over one tick (20000 items no longer did after the
        # speed work, so the deadline could fall after the call)
        slow.parse_response(S, LIST, "{}", 200, {}, listing(200000), now_unix_ms=NOW)
    assert info.value.kind == "deadline"
    small = Connector(memory_bytes=2 << 20)
    with pytest.raises(HostError) as info:
        small.build_request(S, "tracking.get_tracking_by_id", {"id": "x" * (4 << 20)}, now_unix_ms=NOW)
    assert info.value.kind == "out_of_memory" and "exceed the memory cap" in str(info.value)
    # fresh store per call: the same objects keep working
    assert small.build_request(S, LIST, "{}", now_unix_ms=NOW).method == "GET"


def test_compiled_code_is_cached_on_disk(tmp_path):
    first = Connector(cache_dir=tmp_path)
    assert list(tmp_path.glob("connector-*.cwasm")), "the compiled component is written to the cache"
    assert first.build_request(S, LIST, "{}", now_unix_ms=NOW).method == "GET"


def test_the_fast_call_path_agrees_with_wasmtime_py_own_conversions(connector):
    """The cached-type call and one-pass lifting give exactly what Func.__call__ gives."""
    from replay import discover, run_fixture, run_oauth, run_webhook

    assert connector._runtime.fast, "the fast path is in use with wasmtime-py 50"
    plain = Connector(cache_dir=None)
    plain._runtime.fast = False
    try:
        fixtures = [p for p in discover("fixtures") if "shipping" in p.parts][:40]
        for path in fixtures:
            assert run_fixture(plain, path) == [], path
        for path in discover("oauth") + discover("webhooks")[:10]:
            runner = run_oauth if "oauth" in path.parts else run_webhook
            assert runner(plain, path) == [], path
        a = connector.parse_response(S, LIST, "{}", 200, [], listing(50), now_unix_ms=NOW)
        b = plain.parse_response(S, LIST, "{}", 200, [], listing(50), now_unix_ms=NOW)
        assert a == b
    finally:
        plain._runtime.fast = True


def test_utf8_bodies_cross_as_text_and_others_as_bytes(connector, monkeypatch):
    """wasmtime-py moves list<u8> byte by byte (seconds for 1 MB): UTF-8 bodies take the string
    export, and only bodies that are not UTF-8 the list<u8> one."""
    runtime = connector._runtime
    calls = []
    original = runtime.call

    def spy(name, args, memory_bytes, timeout_s):
        calls.append(name)
        return original(name, args, memory_bytes, timeout_s)

    monkeypatch.setattr(runtime, "call", spy)
    connector.parse_response(S, LIST, "{}", 200, {}, listing(3), now_unix_ms=NOW)
    connector.parse_response(S, LIST, "{}", 200, {}, bytearray(listing(3)), now_unix_ms=NOW)
    with pytest.raises(ConnectorError):
        connector.parse_response(S, LIST, "{}", 502, {}, b"\xff\xfe", now_unix_ms=NOW)
    assert calls == ["parse-response-text", "parse-response-text", "parse-response"]


# ---- OAuth arguments ----------------------------------------------------------------------------

APP = OAuthApp(client_id="test-client-id", client_secret="test-client-secret",
               redirect_uri="https://app.example.com/oauth/callback")
STATE = "st-5f2c1a9e0b7d4c3a"


def test_authorization_url_needs_a_product(connector):
    with pytest.raises(TypeError, match="product"):
        connector.oauth_authorization_url(APP, [], STATE)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="product: required"):
        connector.oauth_authorization_url(APP, [], STATE, None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="product: expected str"):
        connector.oauth_authorization_url(APP, [], STATE, 7)  # type: ignore[arg-type]
    with pytest.raises(OAuthError) as info:
        connector.oauth_authorization_url(APP, ["aftership:tracking:read"], STATE, " ")
    assert info.value.kind == "invalid_input" and [f.field for f in info.value.fields] == ["product"]
    url = connector.oauth_authorization_url(APP, ["aftership:tracking:read"], STATE, "aftership")
    assert "product=aftership" in url


def test_hmac_policy_defaults_to_report(connector):
    query = f"code=c0de&state={STATE}&hmac={'0' * 64}"
    assert connector.oauth_verify_redirect(APP, query, STATE).hmac == "mismatch"
    with pytest.raises(OAuthError) as info:
        connector.oauth_verify_redirect(APP, query, STATE, "require")
    assert info.value.kind == "bad_hmac"
    with pytest.raises(ValueError, match="policy: expected one of report, require"):
        connector.oauth_verify_redirect(APP, query, STATE, "reports")  # type: ignore[arg-type]


def test_verify_launch_arguments_default_and_stale_request(connector):
    query = "product=aftership&timestamp=1783327770"
    now = 1_783_327_770_000
    launch = connector.oauth_verify_launch(APP, query, now_unix_ms=now)
    assert launch == LaunchRequest(product="aftership", timestamp_unix_ms=now, hmac="missing",
                                   params=[("product", "aftership"), ("timestamp", "1783327770")])
    with pytest.raises(OAuthError) as info:
        connector.oauth_verify_launch(APP, query, now_unix_ms=now, policy="require")
    assert info.value.kind == "missing_hmac"
    with pytest.raises(OAuthError) as info:
        connector.oauth_verify_launch(APP, query, now_unix_ms=now + 600_000)
    e = info.value
    assert (e.kind, e.timestamp_unix_ms, e.now_unix_ms, e.tolerance_ms) == ("stale_request", now, now + 600_000, 300_000)
    assert connector.oauth_verify_launch(APP, query, now_unix_ms=now + 600_000, tolerance_ms=700_000).product == "aftership"
    with pytest.raises(ValueError, match="tolerance_ms"):
        connector.oauth_verify_launch(APP, query, now_unix_ms=now, tolerance_ms=-1)
    with pytest.raises(ValueError, match="policy"):
        connector.oauth_verify_launch(APP, query, now_unix_ms=now, policy="never")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="query"):
        connector.oauth_verify_launch(APP, 42, now_unix_ms=now)  # type: ignore[arg-type]


def test_parse_token_response_with_checks_its_fields(connector):
    body = b'{"accessToken":"at-1","expiresIn":60}'
    with pytest.raises(TypeError, match="fields: expected TokenFields"):
        connector.oauth_parse_token_response_with(200, [], body, {"access_token": "x"}, now_unix_ms=NOW)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="fields.access_token: expected str"):
        connector.oauth_parse_token_response_with(200, [], body, TokenFields(access_token=1), now_unix_ms=NOW)  # type: ignore[arg-type]
    tokens = connector.oauth_parse_token_response_with(
        200, [], body, TokenFields(access_token="accessToken", expires_in="expiresIn"), now_unix_ms=NOW)
    assert tokens.access_token == "at-1" and tokens.expires_at_unix_ms == NOW + 60_000
    with pytest.raises(OAuthError) as info:
        connector.oauth_parse_token_response(200, [], body, now_unix_ms=NOW)
    assert info.value.kind == "unexpected_response"
