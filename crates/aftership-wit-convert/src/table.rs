//! The table: every WIT type that crosses the boundary, with its core counterpart.

/// Expands every WIT <-> core conversion against the `wit` module given (the module of the
/// `aftership:connector/types` interface generated in the calling crate):
/// `aftership_wit_convert::conversions!(wit);`, then `use aftership_wit_convert::Convert;`.
///
/// Not converted here: `operation-info` (built from the catalog in the guest, read into the
/// host's own `Operation`) and `authorization-request` (no core record: its fields are
/// arguments of the core function).
#[macro_export]
macro_rules! conversions {
    ($wit:ident) => {
        $crate::__enum!($wit::ApiType = $crate::core::ApiType {
            Returns, Shipping, Tracking, Address, Parser, Members, Commerce, Protection,
            Warranty, Personalization,
        });
        $crate::__enum!($wit::Environment = $crate::core::Environment { Production, Sandbox });
        $crate::__enum!($wit::AuthMode = $crate::core::AuthMode {
            ApiKey, AesSignature, RsaSignature, OauthToken,
        });
        $crate::__enum!($wit::HttpMethod = $crate::core::Method { Get, Post, Put, Patch, Delete });
        $crate::__record!($wit::ConnectionSettings = $crate::core::Settings {
            name,
            api_type: convert,
            environment: convert,
            auth_mode: convert,
            api_key: convert,
            api_secret: convert,
            access_token: convert,
            oauth_token_header,
            store_id,
            base_url,
        });
        $crate::__record!($wit::RequestContext = $crate::core::RequestContext {
            now_unix_ms, request_id,
        });
        $crate::__record!($wit::HttpRequest = $crate::core::HttpRequest {
            method: convert, url, headers, body,
        });
        $crate::__record!($wit::HttpResponse = $crate::core::HttpResponse {
            status, headers, body,
        });
        $crate::__record!($wit::Outcome = $crate::core::Outcome {
            data, next_page, files: convert,
        });
        $crate::__record!($wit::DocumentFile = $crate::core::DocumentFile {
            owner_id, kind, file_type, paper_size, url, content_base64,
        });
        $crate::__record!($wit::ConnectionCheck = $crate::core::ConnectionCheck {
            operation_id, input, request: convert,
        });
        $crate::__record!($wit::FieldError = $crate::core::FieldError { field, message });
        $crate::__record!($wit::ApiError = $crate::core::ApiError {
            status, code, error_type, message, details: convert, retryable, data,
        });
        $crate::__record!($wit::Unexpected = $crate::core::Unexpected {
            status, reason, excerpt, retryable,
        });
        $crate::__record!($wit::RateLimit = $crate::core::RateLimit {
            retry_after_ms, error: convert,
        });
        $crate::__variant!($wit::ConnectorError = $crate::core::ConnectorError {
            InvalidSettings(convert),
            InvalidInput(convert),
            UnknownOperation(same),
            Unauthorized(convert),
            Forbidden(convert),
            NotFound(convert),
            Conflict(convert),
            Validation(convert),
            RateLimited(convert),
            Server(convert),
            UnexpectedResponse(convert),
        } else |e: $crate::core::ConnectorError| $wit::ConnectorError::UnexpectedResponse(
            $wit::Unexpected {
                status: 0,
                reason: e.to_string(),
                excerpt: String::new(),
                retryable: false,
            }
        ));

        // OAuth.
        $crate::__record!($wit::OauthApp = $crate::core::oauth::OAuthApp {
            client_id, client_secret: convert, redirect_uri, authorize_url, token_url,
        });
        $crate::__enum!($wit::HmacPolicy = $crate::core::oauth::HmacPolicy {
            Report, Require, IfPresent, Skip,
        });
        $crate::__enum!($wit::HmacStatus = $crate::core::oauth::HmacStatus {
            Verified, Mismatch, Missing, Unchecked,
        });
        $crate::__record!($wit::LaunchRequest = $crate::core::oauth::LaunchRequest {
            product, timestamp_unix_ms, hmac: convert, params,
        });
        $crate::__record!($wit::OauthRedirect = $crate::core::oauth::OAuthRedirect {
            code: convert, state, hmac: convert, params,
        });
        $crate::__variant!($wit::TokenGrant = $crate::core::oauth::TokenGrant {
            AuthorizationCode(convert),
            RefreshToken(convert),
        });
        $crate::__record!($wit::TokenSet = $crate::core::oauth::TokenSet {
            access_token: convert,
            refresh_token: convert,
            token_type,
            scope,
            expires_in,
            expires_at_unix_ms,
        });
        $crate::__record!($wit::TokenFields = $crate::core::oauth::TokenFields {
            access_token, refresh_token, expires_in, token_type, scope,
        });
        $crate::__record!($wit::ProviderError = $crate::core::oauth::ProviderError {
            status, error as error_code, description, retryable,
        });
        $crate::__variant!($wit::OauthError = $crate::core::oauth::OAuthError {
            InvalidApp(convert),
            InvalidInput(convert),
            StateMismatch,
            MissingParameter(same),
            BadHmac,
            MissingHmac,
            AccessDenied(convert),
            Reauthorize(convert),
            TokenRejected(convert),
            StaleRequest { timestamp_unix_ms, now_unix_ms, tolerance_ms } = $wit::LaunchAge,
            UnexpectedResponse(convert),
        } else |e: $crate::core::oauth::OAuthError| $wit::OauthError::UnexpectedResponse(
            $wit::Unexpected {
                status: 0,
                reason: e.to_string(),
                excerpt: String::new(),
                retryable: false,
            }
        ));

        // Webhooks.
        $crate::__enum!($wit::WebhookProduct = $crate::core::webhook::WebhookProduct {
            Tracking, Returns, Shipping, Warranty,
        });
        $crate::__record!($wit::WebhookDelivery = $crate::core::webhook::WebhookInput {
            product: convert, body, headers, secret: convert, now_unix_ms, tolerance_ms,
        });
        $crate::__variant!($wit::TrackingEventKind = $crate::core::webhook::TrackingEventKind {
            TrackingUpdate, EddRevise, TrackingPendingTime, Other(same),
        });
        $crate::__record!($wit::TrackingEvent = $crate::core::webhook::TrackingEvent {
            event: convert, event_id, is_tracking_first_tag, ts, msg, webhook_version,
        });
        $crate::__record!($wit::ReturnsEvent = $crate::core::webhook::ReturnsEvent {
            id, version, event, created_at, created_at_unix_ms, modified, data,
        });
        $crate::__record!($wit::WarrantyEvent = $crate::core::webhook::WarrantyEvent {
            id, version, event, created_at, created_at_unix_ms, data,
        });
        $crate::__record!($wit::ShippingEvent = $crate::core::webhook::ShippingEvent {
            event_type, date_time, meta, meta_code, data,
        });
        $crate::__variant!($wit::WebhookEvent = $crate::core::webhook::WebhookEvent {
            Tracking(convert), Returns(convert), Shipping(convert), Warranty(convert),
        });
        $crate::__record!($wit::VerifiedWebhook = $crate::core::webhook::VerifiedWebhook {
            event_id, signature_header, event: convert,
        });
        $crate::__variant!($wit::WebhookError = $crate::core::webhook::WebhookError {
            EmptySecret,
            MissingSignature(same),
            BadSignature,
            MalformedBody(same),
            TooOld { event_unix_ms, now_unix_ms, tolerance_ms } = $wit::WebhookAge,
            InvalidInput(same),
        } else |e: $crate::core::webhook::WebhookError| $wit::WebhookError::InvalidInput(
            e.to_string()
        ));

        // Triggers.
        $crate::__record!($wit::PollStart = $crate::core::trigger::Start {
            operation, input, state,
        });
        $crate::__record!($wit::PollStep = $crate::core::trigger::Step {
            records, state, next_input,
        });
        $crate::__variant!($wit::TriggerError = $crate::core::trigger::TriggerError {
            UnknownTrigger(same),
            NotPolled(same),
            InvalidState(same),
            StateVersion { found, expected } = $wit::StateVersions,
            StateTrigger { found, expected } = $wit::StateTriggers,
            InvalidSince(same),
            InvalidPage(same),
            NoWalk,
        });
    };
}
