"""Polls "new or updated tracking" against AfterShip with urllib, keeping the state in a file.

Run: AFTERSHIP_API_KEY=... python examples/poll.py [state-file]
"""

import os
import sys
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from pathlib import Path

from aftership_connector import ConnectionSettings, Connector, poll


def http(request):
    body = request.body.encode() if request.body is not None else None
    req = urllib.request.Request(request.url, data=body, method=request.method, headers=dict(request.headers))
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            return answer.status, list(answer.headers.items()), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, list(error.headers.items()), error.read()


def main() -> None:
    state_file = Path(sys.argv[1] if len(sys.argv) > 1 else "poll-state.json")
    state = state_file.read_text() if state_file.exists() else None
    since = (datetime.now(timezone.utc) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")

    def store(records, new_state):
        for tracking in records:
            print(tracking["id"], tracking.get("updated_at"))
        tmp = state_file.with_suffix(".tmp")
        tmp.write_text(new_state)
        tmp.replace(state_file)

    settings = ConnectionSettings(api_type="tracking", api_key=os.environ.get("AFTERSHIP_API_KEY", ""))
    result = poll(Connector(), settings, "tracking.tracking_updated", http, state=state, since=since,
                  on_page=store)
    print(f"{len(result.records)} new or updated trackings", file=sys.stderr)


if __name__ == "__main__":
    main()
