//! The connector's exports, looked up per call instead of all at instantiation.
//!
//! `bindgen!`'s `ConnectorPre::instantiate` type-checks every one of the 17 exports against the
//! WIT types on each instantiation (record field names compared string by string): about a third
//! of a fresh call's fixed cost (`perf record` on the benchmark's `--probe`). [`LazyConnector`]
//! offers the same `call_*` methods without any per-call check: export indices are resolved and
//! every export's type is checked once, when the host loads (`check_types`), so a component
//! whose export has the wrong type fails to load with a typed error. The per-call type check of
//! the export used was still 2-3% of a create-tracking build-request (`perf`: `typecheck_record`
//! and its field-name `memcmp`).

use std::collections::HashMap;

use wasmtime::component::{ComponentExportIndex, Instance, InstancePre, TypedFunc};
use wasmtime::{AsContextMut, Store};

use crate::convert::HttpResponseRef;
use crate::wit;

/// The exports' WIT interface.
const API: &str = "aftership:connector/api@0.2.0";

/// Everything needed to instantiate the component and find its exports.
pub(crate) struct LazyConnectorPre<T: 'static> {
    pre: InstancePre<T>,
    exports: HashMap<&'static str, ComponentExportIndex>,
}

/// A fresh instance of the component.
pub(crate) struct LazyConnector<'a> {
    instance: Instance,
    exports: &'a HashMap<&'static str, ComponentExportIndex>,
}

impl<T: 'static> LazyConnectorPre<T> {
    /// Resolves every export of the API interface (fails if one is missing).
    pub(crate) fn new(pre: InstancePre<T>) -> wasmtime::Result<Self> {
        let component = pre.component();
        let api = component
            .get_export_index(None, API)
            .ok_or_else(|| wasmtime::Error::msg(format!("no exported instance {API}")))?;
        let mut exports = HashMap::new();
        for name in EXPORTS {
            let index = component
                .get_export_index(Some(&api), *name)
                .ok_or_else(|| wasmtime::Error::msg(format!("no export {API}#{name}")))?;
            exports.insert(*name, index);
        }
        Ok(LazyConnectorPre { pre, exports })
    }

    /// A fresh instance in `store`.
    pub(crate) fn instantiate(&self, store: &mut Store<T>) -> wasmtime::Result<LazyConnector<'_>> {
        Ok(LazyConnector {
            instance: self.pre.instantiate(store)?,
            exports: &self.exports,
        })
    }
}

impl LazyConnector<'_> {
    /// The API interface (the exports are all in it; kept so call sites read as with `bindgen!`).
    pub(crate) fn aftership_connector_api(&self) -> &Self {
        self
    }
}

macro_rules! exports {
    ($($method:ident $name:literal ($($arg:ident: $ty:ty),*) -> $ret:ty;)*) => {
        /// Every export of the API interface the host calls.
        const EXPORTS: &[&str] = &[$($name),*];

        impl LazyConnector<'_> {
            $(
                #[doc = concat!("Calls `", $name, "` (type-checked now, the only export checked).")]
                pub(crate) fn $method<S: AsContextMut>(
                    &self,
                    mut store: S,
                    $($arg: $ty),*
                ) -> wasmtime::Result<$ret> {
                    let func = self
                        .instance
                        .get_func(&mut store, &self.exports[$name])
                        .ok_or_else(|| wasmtime::Error::msg(concat!("no function export ", $name)))?;
                    #[allow(unsafe_code)]
                    // SAFETY: every instance comes from the one component the host loaded, and
                    // `check_types` checked this export's type against exactly these Rust types
                    // when it loaded (an export's type belongs to the component, not to one
                    // instance of it).
                    let func = unsafe { TypedFunc::<($($ty,)*), ($ret,)>::new_unchecked(func) };
                    let (result,) = func.call(&mut store, ($($arg,)*))?;
                    Ok(result)
                }
            )*

            /// Type-checks every export against the Rust types its method passes (once, when
            /// the host loads; the calls then skip the check).
            pub(crate) fn check_types<S: AsContextMut>(&self, mut store: S) -> wasmtime::Result<()> {
                $(
                    self.instance
                        .get_typed_func::<($($ty,)*), ($ret,)>(&mut store, &self.exports[$name])
                        .map_err(|e| e.context(concat!("export ", $name)))?;
                )*
                Ok(())
            }
        }
    };
}

exports! {
    call_manifest "manifest" () -> String;
    call_operations "operations" (api_type: wit::ApiType) -> Vec<wit::OperationInfo>;
    call_validate_settings "validate-settings" (settings: &wit::ConnectionSettings)
        -> Result<(), Vec<wit::FieldError>>;
    call_connection_test "connection-test"
        (settings: &wit::ConnectionSettings, context: &wit::RequestContext)
        -> Result<wit::ConnectionCheck, wit::ConnectorError>;
    call_build_request "build-request"
        (settings: &wit::ConnectionSettings, operation_id: &str, input: &str,
         context: &wit::RequestContext)
        -> Result<wit::HttpRequest, wit::ConnectorError>;
    call_parse_response "parse-response"
        (settings: &wit::ConnectionSettings, operation_id: &str, input: &str,
         response: &HttpResponseRef<'_>, context: &wit::RequestContext)
        -> Result<wit::Outcome, wit::ConnectorError>;
    call_oauth_scopes "oauth-scopes" (api_type: wit::ApiType) -> Vec<String>;
    call_oauth_verify_launch "oauth-verify-launch"
        (app: &wit::OauthApp, query: &str, context: &wit::RequestContext,
         tolerance_ms: Option<u64>, policy: wit::HmacPolicy)
        -> Result<wit::LaunchRequest, wit::OauthError>;
    call_oauth_authorization_url "oauth-authorization-url"
        (app: &wit::OauthApp, request: &wit::AuthorizationRequest)
        -> Result<String, wit::OauthError>;
    call_oauth_verify_redirect "oauth-verify-redirect"
        (app: &wit::OauthApp, query: &str, expected_state: &str, policy: wit::HmacPolicy)
        -> Result<wit::OauthRedirect, wit::OauthError>;
    call_oauth_token_request "oauth-token-request"
        (app: &wit::OauthApp, grant: &wit::TokenGrant)
        -> Result<wit::HttpRequest, wit::OauthError>;
    call_oauth_parse_token_response "oauth-parse-token-response"
        (response: &HttpResponseRef<'_>, context: &wit::RequestContext)
        -> Result<wit::TokenSet, wit::OauthError>;
    call_oauth_parse_token_response_with "oauth-parse-token-response-with"
        (response: &HttpResponseRef<'_>, context: &wit::RequestContext, fields: &wit::TokenFields)
        -> Result<wit::TokenSet, wit::OauthError>;
    call_verify_webhook "verify-webhook" (delivery: &wit::WebhookDelivery)
        -> Result<wit::VerifiedWebhook, wit::WebhookError>;
    call_trigger_start "trigger-start"
        (trigger_id: &str, state: Option<&str>, since: Option<&str>, now_unix_ms: i64)
        -> Result<wit::PollStart, wit::TriggerError>;
    call_trigger_step "trigger-step"
        (trigger_id: &str, state: &str, data: &str, next_page: Option<&str>)
        -> Result<wit::PollStep, wit::TriggerError>;
}
