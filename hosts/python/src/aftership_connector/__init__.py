"""AfterShip connector: the project's WebAssembly component, run by wasmtime, with Python types.

The component is sans-IO: it builds requests and reads answers; sending them is yours::

    from aftership_connector import Connector, ConnectionSettings
    connector = Connector()
    settings = ConnectionSettings(api_type="tracking", api_key="...")
    request = connector.build_request(settings, "tracking.get_tracking_by_id", {"id": "..."})
"""

from ._connector import Connector
from ._errors import ConnectorError, HostError, OAuthError, TriggerError, WebhookError
from ._poll import PollResult, poll
from ._types import (
    ConnectionCheck,
    ConnectionSettings,
    DocumentFile,
    FieldError,
    HttpRequest,
    LaunchRequest,
    OAuthApp,
    OAuthRedirect,
    OperationInfo,
    Outcome,
    PollStart,
    PollStep,
    TokenFields,
    TokenSet,
    VerifiedWebhook,
)

__all__ = [
    "Connector",
    "ConnectorError",
    "HostError",
    "OAuthError",
    "WebhookError",
    "TriggerError",
    "poll",
    "PollResult",
    "PollStart",
    "PollStep",
    "ConnectionCheck",
    "ConnectionSettings",
    "DocumentFile",
    "FieldError",
    "HttpRequest",
    "LaunchRequest",
    "OAuthApp",
    "OAuthRedirect",
    "OperationInfo",
    "Outcome",
    "TokenFields",
    "TokenSet",
    "VerifiedWebhook",
]
