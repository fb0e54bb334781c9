//! OAuth checks beyond the recorded cases (which `tests/cases.rs` runs one test per file, natively
//! and through the component): scope lists, the issue 10 cases, the hmac policy.

use std::path::Path;

use aftership_testkit::helpers::oauth_app;
use aftership_testkit::oauth_cases::OAuthCase;

#[test]
fn scope_lists_match_the_reference() {
    use aftership_core::oauth::{scopes_for, SHIPPING_SCOPES, TRACKING_SCOPES};
    use aftership_core::ApiType;
    assert_eq!(TRACKING_SCOPES.len(), 7);
    assert_eq!(SHIPPING_SCOPES.len(), 12);
    assert_eq!(scopes_for(ApiType::Tracking), TRACKING_SCOPES);
    assert_eq!(scopes_for(ApiType::Shipping), SHIPPING_SCOPES);
    assert!(scopes_for(ApiType::Returns).is_empty());
    for scope in TRACKING_SCOPES {
        assert!(scope.starts_with("aftership:"));
    }
    for scope in SHIPPING_SCOPES {
        assert!(scope.starts_with("postmen:"));
    }
}

/// The cases issue 10 asks for exist (both runners replay this same folder).
#[test]
fn the_issue_10_cases_are_present() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oauth");
    for case in [
        "authorization_url/ok_two_scopes_comma.json",
        "authorization_url/missing_product.json",
        "verify_launch/ok_good_signature.json",
        "verify_launch/stale.json",
        "verify_launch/bad_signature.json",
        "parse_token_response/envelope_error_400_reauthorize.json",
        "parse_token_response/error_body_with_tokens_is_redacted.json",
    ] {
        let text =
            std::fs::read_to_string(root.join(case)).unwrap_or_else(|e| panic!("{case}: {e}"));
        let case: OAuthCase = serde_json::from_str(&text).expect("a case");
        assert!(!case.description.is_empty());
    }
}

/// The default policy reports and never refuses on the hmac, while `state` stays enforced; the
/// strict policy is an explicit choice.
#[test]
fn the_default_hmac_policy_cannot_lock_merchants_out() {
    use aftership_core::oauth::{verify_launch, verify_redirect, HmacPolicy, HmacStatus};

    assert_eq!(HmacPolicy::default(), HmacPolicy::Report);
    let app = oauth_app("a-secret-nobody-guessed");
    let state = "state-0123456789abcdef";
    for hmac in [
        "",
        "&hmac=00",
        "&hmac=not-base64!",
        "&hmac=c50460c22620fefd10737b1f5e677953700697dfa445e2a0d9d750c86983504d",
    ] {
        let query = format!("code=c-1&state={state}{hmac}");
        let redirect = verify_redirect(&app, &query, state, HmacPolicy::default())
            .unwrap_or_else(|e| panic!("{query}: {e}"));
        let expected = if hmac.is_empty() {
            HmacStatus::Missing
        } else {
            HmacStatus::Mismatch
        };
        assert_eq!(redirect.hmac, expected, "{query}");
        assert!(verify_redirect(&app, &query, state, HmacPolicy::Require).is_err());
        let forged = format!("code=c-1&state=state-fedcba9876543210{hmac}");
        assert_eq!(
            verify_redirect(&app, &forged, state, HmacPolicy::default())
                .unwrap_err()
                .kind(),
            "state_mismatch"
        );
        let launch = format!("product=p&timestamp=1000{hmac}");
        let ok = verify_launch(&app, &launch, 1_000_000, None, HmacPolicy::default()).unwrap();
        assert_eq!(ok.hmac, expected);
        let stale = verify_launch(
            &app,
            &launch,
            1_000_000 + 300_001,
            None,
            HmacPolicy::default(),
        );
        assert_eq!(stale.unwrap_err().kind(), "stale_request");
    }
}

/// Launch errors never quote the client secret.
#[test]
fn launch_errors_never_show_the_secret() {
    use aftership_core::oauth::{oauth_error_json, verify_launch, HmacPolicy};

    const SENTINEL: &str = "launch-SENTINEL-4c2e";
    let app = oauth_app(SENTINEL);
    for query in [
        format!("product={SENTINEL}%20x&timestamp=1&hmac=00"),
        "product=p&timestamp=x".to_string(),
        "product=p&timestamp=1&timestamp=2".to_string(),
        "timestamp=1".to_string(),
        "product=p&timestamp=99999".to_string(),
        "%ZZ".to_string(),
    ] {
        for policy in [HmacPolicy::Report, HmacPolicy::Require, HmacPolicy::Skip] {
            if let Err(e) = verify_launch(&app, &query, 1_000, None, policy) {
                let shown = format!("{e} {e:?} {}", oauth_error_json(&e));
                assert!(!shown.contains(SENTINEL), "{query}: {shown}");
            }
        }
    }
}

/// The connection form asks for `product` where OAuth is chosen (searched anywhere in the
/// manifest, so the check survives a change of the form's layout).
#[test]
fn the_connection_form_shows_product_for_oauth() {
    fn find<'a>(value: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
        match value {
            serde_json::Value::Object(map)
                if map.get("id").and_then(|v| v.as_str()) == Some(id) =>
            {
                Some(value)
            }
            serde_json::Value::Object(map) => map.values().find_map(|v| find(v, id)),
            serde_json::Value::Array(items) => items.iter().find_map(|v| find(v, id)),
            _ => None,
        }
    }
    let manifest: serde_json::Value =
        serde_json::from_str(&aftership_core::manifest_json()).expect("JSON");
    let field = find(&manifest, "oauth-product").expect("an oauth-product field");
    assert_eq!(field["required"], true);
    assert_eq!(
        field["visible_when"]["auth-mode"],
        serde_json::json!(["oauth-token"])
    );
    let help = field["help"].as_str().unwrap_or_default();
    assert!(help.contains("does not publish"), "{help}");
}
