//! The connection form's field list: one entry per setting, in form order. It is the one source
//! for the manifest's `connection.fields` (and from them the JSON Schema and UI schema, with each
//! entry's value rules), for settings validation (each field's `check`, in this order) and for
//! redaction (the `secret` fields' values). The record itself ([`Settings`]) sits here too, so
//! adding a setting is its member and its entry in this one file (plus the WIT record and its
//! line in the conversion table).

use serde_json::{json, Value};

use super::form::{FieldSpec, Options, Shown, Widget};
use super::validate as v;
use super::{ApiType, AuthMode, Environment};
use crate::oauth;
use crate::secret::Secret;

/// Everything the connection form collects. `Debug` never shows a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Display name.
    pub name: String,
    /// Product.
    pub api_type: ApiType,
    /// Host family.
    pub environment: Environment,
    /// Authentication mode.
    pub auth_mode: AuthMode,
    /// API key.
    pub api_key: Secret,
    /// AES secret or RSA PKCS#8 PEM key.
    pub api_secret: Option<Secret>,
    /// OAuth access token.
    pub access_token: Option<Secret>,
    /// Header carrying the OAuth token (default `authorization`, value `Bearer <token>`).
    pub oauth_token_header: Option<String>,
    /// `as-store-id`.
    pub store_id: Option<String>,
    /// Scheme and host override (proxy, loopback tests).
    pub base_url: Option<String>,
}

impl Settings {
    /// Plain API-key settings for a type, production host.
    pub fn new(name: impl Into<String>, api_type: ApiType, api_key: impl Into<String>) -> Self {
        Settings {
            name: name.into(),
            api_type,
            environment: Environment::Production,
            auth_mode: AuthMode::ApiKey,
            api_key: Secret::new(api_key.into()),
            api_secret: None,
            access_token: None,
            oauth_token_header: None,
            store_id: None,
            base_url: None,
        }
    }
}

/// A header value: printable ASCII, no surrounding whitespace (`check_header_value`).
const HEADER_VALUE: &str = "^[!-~]([ -~]*[!-~])?$";
/// The same, or blank (an optional value that is ignored when blank).
const HEADER_VALUE_OR_BLANK: &str = "^(\\s*|[!-~]([ -~]*[!-~])?)$";
/// An absolute https URL (or http on a loopback host), printable ASCII without `#` (oauth.rs).
const APP_URL: &str = "^(https://[!-\"$-.0-~][!-\"$-~]*|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])([/:?][!-\"$-~]*)?)$";

fn no_rules() -> (Value, Option<Value>) {
    (json!({}), None)
}

fn app_url() -> (Value, Option<Value>) {
    (json!({"pattern": APP_URL, "maxLength": 2048}), None)
}

fn app_url_or_blank() -> (Value, Option<Value>) {
    let url = json!({"pattern": APP_URL, "maxLength": 2048});
    (json!({"anyOf": [{"pattern": "^\\s*$"}, url]}), None)
}

const TEXT: FieldSpec = FieldSpec {
    id: "",
    label: "",
    widget: Widget::Text,
    secret: false,
    required: false,
    required_for: None,
    default: None,
    options: Options::None,
    multiline: false,
    advanced: false,
    shown: Shown::Always,
    group: None,
    help: "",
    check: None,
    value: None,
    schema: no_rules,
};

const SECRET: FieldSpec = FieldSpec {
    widget: Widget::Password,
    secret: true,
    required: true,
    ..TEXT
};

const OAUTH_APP: FieldSpec = FieldSpec {
    required: true,
    shown: Shown::ForAuthModes(is_oauth),
    group: Some("oauth-app"),
    ..TEXT
};

fn is_oauth(mode: AuthMode) -> bool {
    mode == AuthMode::OauthToken
}

/// The connection form, in order.
const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        id: "name",
        label: "Name your connection",
        required: true,
        help: "A name that tells this connection apart from others in flows and pickers.",
        check: Some(v::check_name),
        schema: || (json!({"pattern": "\\S", "maxLength": 200}), None),
        ..TEXT
    },
    FieldSpec {
        id: "api-type",
        label: "API type",
        widget: Widget::Select,
        required: true,
        options: Options::ApiTypes,
        help: "The AfterShip product this connection calls. Each has its own operations.",
        ..TEXT
    },
    FieldSpec {
        id: "environment",
        label: "Environment",
        widget: Widget::Select,
        required: true,
        default: Some(|| Environment::default().as_str()),
        options: Options::Environments,
        shown: Shown::ForApiTypes(ApiType::has_sandbox),
        help: "Sandbox calls reach test carriers and are not charged. Sandbox keys differ from production keys.",
        check: Some(v::check_environment),
        schema: || {
            let production = Environment::Production.as_str();
            (json!({}), Some(json!({"const": production})))
        },
        ..TEXT
    },
    FieldSpec {
        id: "auth-mode",
        label: "Authentication",
        widget: Widget::Select,
        required: true,
        default: Some(|| AuthMode::default().as_str()),
        options: Options::AuthModes,
        help: "How requests prove who sends them. Signed modes need a key created with the matching signature type.",
        ..TEXT
    },
    FieldSpec {
        id: "api-key",
        label: "API key",
        shown: Shown::ForAuthModes(AuthMode::sends_api_key),
        help: "AfterShip admin > Settings > API keys > Create API key. Stored encrypted; never shown again.",
        check: Some(v::check_api_key),
        value: Some(|s| Some(s.api_key.expose())),
        schema: || {
            let shown = json!({"pattern": HEADER_VALUE, "maxLength": 4096});
            // A key given in OAuth mode is still sent-safe checked when not blank.
            let hidden = json!({"pattern": HEADER_VALUE_OR_BLANK, "maxLength": 4096});
            (shown, Some(hidden))
        },
        ..SECRET
    },
    FieldSpec {
        id: "api-secret",
        label: "API secret",
        multiline: true,
        shown: Shown::ForAuthModes(AuthMode::signs),
        help: "The AES secret of the key, or for RSA the private key as PKCS#8 PEM.",
        check: Some(v::check_api_secret),
        value: Some(|s| s.api_secret.as_ref().map(|v| v.expose())),
        schema: || (json!({"pattern": "\\S", "maxLength": 16384}), None),
        ..SECRET
    },
    FieldSpec {
        id: "access-token",
        label: "Access token",
        shown: Shown::ForAuthModes(is_oauth),
        help: "OAuth 2.0 access token of your AfterShip public app.",
        check: Some(v::check_access_token),
        value: Some(|s| s.access_token.as_ref().map(|v| v.expose())),
        schema: || (json!({"pattern": HEADER_VALUE, "maxLength": 4096}), None),
        ..SECRET
    },
    FieldSpec {
        id: "oauth-token-header",
        label: "Access token header",
        default: Some(|| "authorization"),
        shown: Shown::ForAuthModes(is_oauth),
        help: "Header that carries the token. `authorization` sends `Bearer <token>`; any other name sends the bare token.",
        schema: || (json!({"pattern": "^\\s*[A-Za-z0-9_-]+\\s*$"}), None),
        ..TEXT
    },
    FieldSpec {
        id: "oauth-client-id",
        label: "OAuth client ID",
        help: "Client ID of your public app (AfterShip Partner Dashboard). Used to obtain and refresh the access token.",
        schema: || (json!({"pattern": "^[!-~]{1,512}$"}), None),
        ..OAUTH_APP
    },
    FieldSpec {
        id: "oauth-client-secret",
        label: "OAuth client secret",
        widget: Widget::Password,
        secret: true,
        help: "Client secret of your public app. Stored encrypted; never shown again.",
        schema: || (json!({"pattern": "^[!-~]{1,1024}$"}), None),
        ..OAUTH_APP
    },
    FieldSpec {
        id: "oauth-redirect-uri",
        label: "Redirect URL",
        help: "The Redirect URL registered for the app; AfterShip sends the merchant back here with the code.",
        schema: app_url,
        ..OAUTH_APP
    },
    FieldSpec {
        id: "oauth-product",
        label: "AfterShip product",
        help: "AfterShip's `product` for this app, sent with the consent request (AfterShip requires it: docs \"Request Grant\"). AfterShip does not publish its values: use the one the App URL launch request carries. The scope prefixes suggest `aftership` (Tracking) and `postmen` (Shipping), unconfirmed.",
        // Trimmed, then a short identifier (oauth `check_product`).
        schema: || (json!({"pattern": "^\\s*[A-Za-z0-9_.-]{1,64}\\s*$"}), None),
        ..OAUTH_APP
    },
    FieldSpec {
        id: "oauth-scopes",
        label: "Scopes",
        widget: Widget::Multiselect,
        required: false,
        options: Options::ScopesOf(&[ApiType::Tracking, ApiType::Shipping]),
        help: "Permissions to request. AfterShip publishes scope lists for Tracking and Shipping.",
        ..OAUTH_APP
    },
    FieldSpec {
        id: "oauth-authorize-url",
        label: "Authorization URL",
        required: false,
        default: Some(|| oauth::DEFAULT_AUTHORIZE_URL),
        advanced: true,
        help: "Where merchants grant access. The default is our best reading of AfterShip's docs (not confirmed); change it without a new release if AfterShip names another.",
        schema: app_url_or_blank,
        ..OAUTH_APP
    },
    FieldSpec {
        id: "oauth-token-url",
        label: "Token URL",
        required: false,
        default: Some(|| oauth::DEFAULT_TOKEN_URL),
        advanced: true,
        help: "Where codes and refresh tokens are exchanged (form POST /oauth/token). Default not confirmed by AfterShip; overridable.",
        schema: app_url_or_blank,
        ..OAUTH_APP
    },
    FieldSpec {
        id: "store-id",
        label: "AS store ID",
        required_for: Some(|t| t == ApiType::Commerce),
        shown: Shown::ForApiTypes(ApiType::shows_store_id),
        help: "Sent as as-store-id. Commerce products, orders and fulfillments need it; stores and locations do not. Personalization recommend, suggest and search need the Commerce store's id.",
        check: Some(v::check_store_id),
        schema: || {
            // Trimmed first; blank means "no store"; at most 128 characters; a header value.
            let rule = json!({"pattern": "^\\s*([!-~]([ -~]{0,126}[!-~])?)?\\s*$"});
            (rule.clone(), Some(rule))
        },
        ..TEXT
    },
    FieldSpec {
        id: "base-url",
        label: "Base URL override",
        advanced: true,
        help: "Scheme and host of a proxy in lowercase (e.g. https://proxy.example.com). The API path is kept.",
        check: Some(v::check_base_url_field),
        schema: || {
            let rule = json!({"pattern": "^\\s*(https?://[a-z0-9.:\\[\\]-]+/*)?\\s*$"});
            (rule, None)
        },
        ..TEXT
    },
];

/// The connection form's fields, in order.
pub(crate) fn connection_fields() -> &'static [FieldSpec] {
    FIELDS
}
