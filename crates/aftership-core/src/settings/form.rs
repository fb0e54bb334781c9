//! The shape of a connection form field ([`FieldSpec`]) and its manifest form; the fields
//! themselves are the table in `fields.rs`.
//!
//! Validation and redaction read a field's id, check and `secret`; the form text, widget,
//! visibility and schema are read by the manifest writers only, which the component leaves out
//! (the `manifest` feature), so there they are unread.
#![cfg_attr(not(feature = "manifest"), allow(dead_code))]

use serde_json::{json, Map, Value};

use super::validate::Check;
use super::{ApiType, AuthMode, Environment, Settings};
use crate::oauth;

/// How a form draws a field (the manifest's `type`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Widget {
    /// One line of text.
    Text,
    /// One of [`Options`].
    Select,
    /// A masked credential.
    Password,
    /// Any of a list.
    Multiselect,
}

/// The values a select offers, each generated from its closed set.
#[derive(Clone, Copy)]
pub(crate) enum Options {
    /// Free text.
    None,
    /// [`ApiType::ALL`].
    ApiTypes,
    /// [`Environment::ALL`].
    Environments,
    /// [`AuthMode::ALL`].
    AuthModes,
    /// The documented OAuth scopes of these API types (`options_by_api_type`).
    ScopesOf(&'static [ApiType]),
}

/// When a form shows a field.
#[derive(Clone, Copy)]
pub(crate) enum Shown {
    /// Always.
    Always,
    /// For the API types this predicate selects.
    ForApiTypes(fn(ApiType) -> bool),
    /// For the auth modes this predicate selects.
    ForAuthModes(fn(AuthMode) -> bool),
}

/// One setting of the connection form.
#[derive(Clone, Copy)]
pub(crate) struct FieldSpec {
    /// Form id (kebab-case, as in the WIT record and error `field` names).
    pub id: &'static str,
    /// Form label.
    pub label: &'static str,
    /// Widget.
    pub widget: Widget,
    /// A credential: masked in forms, write-only in the schema, redacted in every output.
    pub secret: bool,
    /// Required whenever shown (`required`), or only for some API types (`required_when`).
    pub required: bool,
    /// The API types that make the field required (`required_when`), when not `required`.
    pub required_for: Option<fn(ApiType) -> bool>,
    /// Default value.
    pub default: Option<fn() -> &'static str>,
    /// Select values.
    pub options: Options,
    /// Several lines (a PEM key).
    pub multiline: bool,
    /// Behind an "advanced" disclosure.
    pub advanced: bool,
    /// When shown.
    pub shown: Shown,
    /// Group id (the OAuth app fields, which the host keeps apart from the connection).
    pub group: Option<&'static str>,
    /// Help text.
    pub help: &'static str,
    /// The field's validation, when [`Settings`] holds it (the OAuth app fields are checked by
    /// `OAuthApp::validate`).
    pub check: Option<Check>,
    /// The field's value in [`Settings`], for the secrets redaction masks.
    pub value: Option<fn(&Settings) -> Option<&str>>,
    /// JSON Schema value rules mirroring `check`: (when shown, when hidden); `None` when hidden
    /// means "ignored" (see `connection_schema`).
    pub schema: fn() -> (Value, Option<Value>),
}

/// `{"value", "label"}` for each member of a closed set.
fn options<T: Copy>(all: &[T], id: fn(T) -> &'static str, label: fn(T) -> &'static str) -> Value {
    all.iter()
        .map(|&t| json!({"value": id(t), "label": label(t)}))
        .collect()
}

/// The ids a predicate selects from a closed set.
fn ids<T: Copy>(all: &[T], pred: fn(T) -> bool, id: fn(T) -> &'static str) -> Value {
    all.iter().filter(|&&t| pred(t)).map(|&t| id(t)).collect()
}

impl FieldSpec {
    /// The field as the manifest writes it (members in a fixed order, absent ones left out).
    pub(crate) fn manifest_entry(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("label".into(), json!(self.label));
        let widget = match self.widget {
            Widget::Text => "text",
            Widget::Select => "select",
            Widget::Password => "password",
            Widget::Multiselect => "multiselect",
        };
        m.insert("type".into(), json!(widget));
        if self.secret {
            m.insert("secret".into(), json!(true));
        }
        match self.required_for {
            Some(pred) => {
                let when = ids(&ApiType::ALL, pred, ApiType::as_str);
                m.insert("required_when".into(), json!({"api-type": when}));
            }
            None => {
                m.insert("required".into(), json!(self.required));
            }
        }
        if let Some(default) = self.default {
            m.insert("default".into(), json!(default()));
        }
        let options = match self.options {
            Options::None => None,
            Options::ApiTypes => Some(options(&ApiType::ALL, ApiType::as_str, ApiType::label)),
            Options::Environments => Some(options(
                &Environment::ALL,
                Environment::as_str,
                Environment::label,
            )),
            Options::AuthModes => Some(options(&AuthMode::ALL, AuthMode::as_str, AuthMode::label)),
            Options::ScopesOf(types) => {
                let by_type: Map<String, Value> = types
                    .iter()
                    .map(|&t| (t.as_str().to_string(), json!(oauth::scopes_for(t))))
                    .collect();
                m.insert("options_by_api_type".into(), Value::Object(by_type));
                None
            }
        };
        if let Some(options) = options {
            m.insert("options".into(), options);
        }
        if self.multiline {
            m.insert("multiline".into(), json!(true));
        }
        if self.advanced {
            m.insert("advanced".into(), json!(true));
        }
        match self.shown {
            Shown::Always => {}
            Shown::ForApiTypes(pred) => {
                let when = ids(&ApiType::ALL, pred, ApiType::as_str);
                m.insert("visible_when".into(), json!({"api-type": when}));
            }
            Shown::ForAuthModes(pred) => {
                let when = ids(&AuthMode::ALL, pred, AuthMode::as_str);
                m.insert("visible_when".into(), json!({"auth-mode": when}));
            }
        }
        if let Some(group) = self.group {
            m.insert("group".into(), json!(group));
        }
        m.insert("help".into(), json!(self.help));
        Value::Object(m)
    }
}
