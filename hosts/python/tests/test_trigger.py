"""The poll helper over trigger_start / trigger_step, against an in-memory AfterShip that
ignores its time filter and answers in no particular order."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from aftership_connector import ConnectionSettings, TriggerError, poll

S = ConnectionSettings(api_type="tracking", api_key="test-api-key-0000")
TRIGGER = "tracking.tracking_updated"


class FakeAfterShip:
    """GET /trackings: two per page, ordered by id descending, time filter ignored."""

    def __init__(self) -> None:
        self.trackings: dict = {}
        self.asked: list = []

    def put(self, id_: str, at: str) -> None:
        self.trackings[id_] = {"id": id_, "updated_at": at, "created_at": at}

    def __call__(self, request):
        query = urlsplit(request.url).query
        self.asked.append(query)
        page = int(parse_qs(query).get("cursor", ["c1"])[0][1:])
        items = sorted(self.trackings.values(), key=lambda t: t["id"], reverse=True)
        more = page * 2 < len(items)
        body = {"meta": {"code": 200}, "data": {
            "pagination": {"has_next_page": more, "next_cursor": f"c{page + 1}" if more else ""},
            "trackings": items[(page - 1) * 2: page * 2]}}
        return 200, {"content-type": "application/json"}, json.dumps(body).encode()


def test_a_poll_emits_everything_then_only_the_changes_then_nothing(connector):
    server = FakeAfterShip()
    for i in range(5):
        server.put(f"t{i}", f"2026-03-01T10:00:0{i}Z")
    pages = []
    first = poll(connector, S, TRIGGER, server, since="2026-03-01T00:00:00Z",
                 on_page=lambda records, state: pages.append((len(records), state)))
    assert sorted(r["id"] for r in first.records) == ["t0", "t1", "t2", "t3", "t4"]
    assert len(pages) == 3 and pages[-1][1] == first.state
    assert "updated_at_min=2026-03-01T00%3A00%3A00%2B00%3A00" in server.asked[0]

    server.put("t1", "2026-03-01T10:00:04Z")  # the same second as the newest seen
    server.put("t9", "2026-03-01T10:05:00Z")
    second = poll(connector, S, TRIGGER, server, state=first.state)
    assert sorted(f"{r['id']}@{r['updated_at']}" for r in second.records) == [
        "t1@2026-03-01T10:00:04Z", "t9@2026-03-01T10:05:00Z"]

    third = poll(connector, S, TRIGGER, server, state=second.state)
    assert third.records == []


def test_a_state_of_another_version_is_refused_with_a_typed_error(connector):
    state = json.loads(connector.trigger_start(TRIGGER, since="2026-03-01T00:00:00Z").state)
    state["version"] = 0
    with pytest.raises(TriggerError) as refused:
        connector.trigger_start(TRIGGER, state=json.dumps(state))
    assert refused.value.kind == "state_version"
    assert (refused.value.found, refused.value.expected) == (0, 1)
    with pytest.raises(TriggerError) as unknown:
        connector.trigger_start("nope.none")
    assert unknown.value.kind == "unknown_trigger"
    with pytest.raises(TypeError, match="state: expected str"):
        connector.trigger_step(TRIGGER, 42, "{}")
