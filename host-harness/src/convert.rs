//! Conversions between the WIT records and `aftership_core`'s types: the shared table of
//! `aftership-wit-convert` expanded against this crate's `bindgen!` types (the guest expands the
//! same table against its wit-bindgen types), plus the host's own [`Operation`].

pub(crate) use aftership_wit_convert::Convert;

use aftership_core::HttpResponse;

use crate::facade::Operation;
use crate::wit;

aftership_wit_convert::conversions!(wit);

pub(crate) fn operation_from_wit(op: wit::OperationInfo) -> Operation {
    Operation {
        id: op.id,
        api_type: op.api_type.convert(),
        title: op.title,
        method: op.method.convert(),
        path: op.path,
        input_schema: op.input_schema,
        paginated: op.paginated,
    }
}

/// `http-response` lowered straight from the caller's [`HttpResponse`]: the body (up to the
/// core's 32 MiB input cap) is copied once, from the caller's buffer into the guest's memory,
/// instead of first into a cloned `wit::HttpResponse` (a second copy, and for a 1 MiB listing
/// a fresh heap block whose pages the kernel faults in on every call).
#[derive(wasmtime::component::ComponentType, wasmtime::component::Lower)]
#[component(record)]
pub(crate) struct HttpResponseRef<'a> {
    status: u16,
    headers: &'a [(String, String)],
    body: &'a [u8],
}

/// Lends `response` to a call (see [`HttpResponseRef`]).
pub(crate) fn lend(response: &HttpResponse) -> HttpResponseRef<'_> {
    HttpResponseRef {
        status: response.status,
        headers: &response.headers,
        body: &response.body,
    }
}

/// A borrowed core value as its WIT record (the facade takes core values by reference).
pub(crate) fn to_wit<C: Clone + Convert<W>, W>(value: &C) -> W {
    value.clone().convert()
}

#[cfg(test)]
mod tests {
    use super::*;
    use aftership_core::oauth::{OAuthError, ProviderError};
    use aftership_core::webhook::WebhookError;
    use aftership_core::{ApiError, ConnectorError, FieldError, RateLimit, Secret, Settings};

    fn round_trip<C, W>(value: C) -> C
    where
        C: Clone + Convert<W>,
        W: Convert<C>,
    {
        value.convert().convert()
    }

    #[test]
    fn a_renamed_field_crosses_under_its_wit_name() {
        let provider = ProviderError {
            status: 400,
            error: "invalid_grant".into(),
            description: Some("expired".into()),
            retryable: false,
        };
        let wit: wit::ProviderError = to_wit(&provider);
        assert_eq!(wit.error_code, "invalid_grant");
        let error = OAuthError::Reauthorize(provider);
        assert_eq!(round_trip::<_, wit::OauthError>(error.clone()), error);
    }

    #[test]
    fn a_struct_case_becomes_a_case_with_a_record() {
        let error = WebhookError::TooOld {
            event_unix_ms: -5,
            now_unix_ms: 7,
            tolerance_ms: 11,
        };
        match to_wit::<_, wit::WebhookError>(&error) {
            wit::WebhookError::TooOld(age) => {
                assert_eq!(
                    (age.event_unix_ms, age.now_unix_ms, age.tolerance_ms),
                    (-5, 7, 11)
                );
            }
            other => panic!("expected too-old, got {other:?}"),
        }
        assert_eq!(round_trip::<_, wit::WebhookError>(error.clone()), error);
        let stale = OAuthError::StaleRequest {
            timestamp_unix_ms: 1,
            now_unix_ms: 2,
            tolerance_ms: 3,
        };
        assert_eq!(round_trip::<_, wit::OauthError>(stale.clone()), stale);
    }

    #[test]
    fn secrets_cross_as_plain_strings_and_come_back_wrapped() {
        let mut settings = Settings::new("c", aftership_core::ApiType::Shipping, "key-1");
        settings.auth_mode = aftership_core::AuthMode::AesSignature;
        settings.api_secret = Some(Secret::new("secret-2"));
        let wit: wit::ConnectionSettings = to_wit(&settings);
        assert_eq!(wit.api_key, "key-1");
        assert_eq!(wit.api_secret.as_deref(), Some("secret-2"));
        assert!(matches!(wit.api_type, wit::ApiType::Shipping));
        assert!(matches!(wit.auth_mode, wit::AuthMode::AesSignature));
        assert_eq!(
            round_trip::<_, wit::ConnectionSettings>(settings.clone()),
            settings
        );
    }

    #[test]
    fn nested_errors_keep_every_field() {
        let api = ApiError {
            status: 429,
            code: 42900,
            error_type: Some("TooManyRequests".into()),
            message: "slow down".into(),
            details: vec![FieldError {
                field: "body.a".into(),
                message: "bad".into(),
            }],
            retryable: true,
            data: Some("{}".into()),
        };
        let error = ConnectorError::RateLimited(RateLimit {
            retry_after_ms: Some(1500),
            error: api,
        });
        assert_eq!(round_trip::<_, wit::ConnectorError>(error.clone()), error);
        let unknown = ConnectorError::UnknownOperation("x.y".into());
        assert_eq!(
            round_trip::<_, wit::ConnectorError>(unknown.clone()),
            unknown
        );
    }
}
