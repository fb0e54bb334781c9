"""Typed records of the connector, in Python spelling (snake_case attributes, plain values)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, List, Literal, Optional, Tuple

ApiType = Literal[
    "returns", "shipping", "tracking", "address", "parser", "members", "commerce", "protection",
    "warranty", "personalization",
]
Environment = Literal["production", "sandbox"]
AuthMode = Literal["api-key", "aes-signature", "rsa-signature", "oauth-token"]
HttpMethod = Literal["GET", "POST", "PUT", "PATCH", "DELETE"]
HmacPolicy = Literal["report", "require", "if-present", "skip"]
# Only ``verified`` means the hmac matched the assumed recipe.
HmacStatus = Literal["verified", "mismatch", "missing", "unchecked"]
WebhookProduct = Literal["tracking", "returns", "shipping", "warranty"]

API_TYPES: Tuple[str, ...] = (
    "returns", "shipping", "tracking", "address", "parser", "members", "commerce", "protection",
    "warranty", "personalization",
)
ENVIRONMENTS: Tuple[str, ...] = ("production", "sandbox")
AUTH_MODES: Tuple[str, ...] = ("api-key", "aes-signature", "rsa-signature", "oauth-token")
HMAC_POLICIES: Tuple[str, ...] = ("report", "require", "if-present", "skip")
WEBHOOK_PRODUCTS: Tuple[str, ...] = ("tracking", "returns", "shipping", "warranty")

Headers = List[Tuple[str, str]]


@dataclass(frozen=True)
class ConnectionSettings:
    """What a connection form collects. Secrets are left out of ``repr``."""

    api_type: ApiType
    api_key: str = field(default="", repr=False)
    environment: Environment = "production"
    auth_mode: AuthMode = "api-key"
    name: str = "connection"
    api_secret: Optional[str] = field(default=None, repr=False)
    access_token: Optional[str] = field(default=None, repr=False)
    oauth_token_header: Optional[str] = None
    store_id: Optional[str] = None
    base_url: Optional[str] = None


@dataclass(frozen=True)
class HttpRequest:
    """A fully built request: send exactly this. ``method`` is upper-case."""

    method: HttpMethod
    url: str
    headers: Headers
    body: Optional[str]

    def header(self, name: str) -> Optional[str]:
        """The first header with this name (case-insensitive)."""
        lower = name.lower()
        return next((v for k, v in self.headers if k.lower() == lower), None)


@dataclass(frozen=True)
class DocumentFile:
    """A document a Shipping answer points to (``files.<kind>``)."""

    owner_id: Optional[str]
    kind: str
    file_type: Optional[str]
    paper_size: Optional[str]
    url: Optional[str]
    content_base64: Optional[str]


@dataclass(frozen=True)
class Outcome:
    """A parsed success: ``data`` as JSON text, the next page's input when there is one."""

    data: str
    next_page: Optional[str]
    files: List[DocumentFile]

    def json(self) -> Any:
        """``data`` decoded."""
        return json.loads(self.data)


@dataclass(frozen=True)
class FieldError:
    """A problem with one field (dotted path) of the settings or the input."""

    field: str
    message: str


@dataclass(frozen=True)
class ConnectionCheck:
    """The request a connection test sends; parse its answer with ``operation_id`` and ``input``."""

    operation_id: str
    input: str
    request: HttpRequest


@dataclass(frozen=True)
class OperationInfo:
    """One operation of the catalog."""

    id: str
    api_type: ApiType
    title: str
    method: HttpMethod
    path: str
    input_schema: str
    paginated: bool


@dataclass(frozen=True)
class OAuthApp:
    """A public app registered in AfterShip's Partner Dashboard."""

    client_id: str
    client_secret: str = field(repr=False)
    redirect_uri: str
    authorize_url: Optional[str] = None
    token_url: Optional[str] = None


@dataclass(frozen=True)
class OAuthRedirect:
    """A redirect whose ``state`` matched. ``code`` is a secret."""

    code: str = field(repr=False)
    state: str
    hmac: HmacStatus
    params: Headers


@dataclass(frozen=True)
class LaunchRequest:
    """A checked App URL launch request. Unless ``hmac`` is ``verified`` it proves nothing about
    who sent it: use it to pick the ``product`` for consent, never to sign a merchant in."""

    product: str
    timestamp_unix_ms: int
    hmac: HmacStatus
    params: Headers


@dataclass(frozen=True)
class TokenFields:
    """Member names to read a token answer with; ``None`` keeps the RFC 6749 name."""

    access_token: Optional[str] = None
    refresh_token: Optional[str] = None
    expires_in: Optional[str] = None
    token_type: Optional[str] = None
    scope: Optional[str] = None


@dataclass(frozen=True)
class TokenSet:
    """The token endpoint's answer. Tokens are left out of ``repr``."""

    access_token: str = field(repr=False)
    refresh_token: Optional[str] = field(repr=False)
    token_type: Optional[str]
    scope: Optional[str]
    expires_in: Optional[int]
    expires_at_unix_ms: Optional[int]


@dataclass(frozen=True)
class VerifiedWebhook:
    """A webhook whose signature matched.

    ``event`` is a dict: ``product`` plus the product's fields in snake_case, JSON members
    (``msg``, ``data``, ``meta``, ``modified``) kept as JSON text.
    """

    event_id: str
    signature_header: str
    event: dict


@dataclass(frozen=True)
class PollStart:
    """The first listing call of a poll (``trigger_start``): call ``operation`` with ``input``,
    then pass ``state`` to ``trigger_step``."""

    operation: str
    input: str
    state: str


@dataclass(frozen=True)
class PollStep:
    """One page of a poll read (``trigger_step``): ``records`` (JSON texts, oldest first) to
    emit, the ``state`` to store together with them, the next page's input or None."""

    records: List[str]
    state: str
    next_input: Optional[str]
