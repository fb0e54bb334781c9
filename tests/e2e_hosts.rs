//! The export added for hosts whose binding moves `list<u8>` slowly (`parse-response-text`, see
//! the WIT docs): for every recorded response that is UTF-8 it must answer exactly what
//! `parse-response` answers, through the real component.

use aftership_harness::{wit, Connector};
use aftership_testkit::fixture::{discover, Fixture, FixtureSettings};
use wasmtime::component::Linker;
use wasmtime::Store;

mod common;
use common::{host, tests_root};

fn wit_settings(s: &FixtureSettings) -> wit::ConnectionSettings {
    let api_type = match s.api_type.as_str() {
        "returns" => wit::ApiType::Returns,
        "shipping" => wit::ApiType::Shipping,
        "tracking" => wit::ApiType::Tracking,
        "address" => wit::ApiType::Address,
        "parser" => wit::ApiType::Parser,
        "members" => wit::ApiType::Members,
        "commerce" => wit::ApiType::Commerce,
        "protection" => wit::ApiType::Protection,
        "warranty" => wit::ApiType::Warranty,
        "personalization" => wit::ApiType::Personalization,
        other => panic!("unknown api_type {other}"),
    };
    let auth_mode = match s.auth_mode.as_deref() {
        None | Some("api-key") => wit::AuthMode::ApiKey,
        Some("aes-signature") => wit::AuthMode::AesSignature,
        Some("rsa-signature") => wit::AuthMode::RsaSignature,
        Some("oauth-token") => wit::AuthMode::OauthToken,
        Some(other) => panic!("unknown auth_mode {other}"),
    };
    wit::ConnectionSettings {
        name: s.name.clone(),
        api_type,
        environment: match s.environment.as_deref() {
            Some("sandbox") => wit::Environment::Sandbox,
            _ => wit::Environment::Production,
        },
        auth_mode,
        api_key: s.api_key.clone(),
        api_secret: s.api_secret.clone(),
        access_token: s.access_token.clone(),
        oauth_token_header: s.oauth_token_header.clone(),
        store_id: s.store_id.clone(),
        base_url: s.base_url.clone(),
    }
}

#[test]
fn parse_response_text_answers_what_parse_response_answers() {
    let host = host();
    let linker: Linker<()> = Linker::new(host.engine());
    let root = tests_root().join("fixtures");
    let mut compared = 0;
    for path in discover(&root) {
        let text = std::fs::read_to_string(&path).expect("readable fixture");
        let fixture = Fixture::parse(&text).expect("valid fixture");
        let (Some(recorded), true) = (&fixture.response, fixture.operation != "connection_test")
        else {
            continue;
        };
        let response = recorded.to_http_response();
        let Ok(body_text) = String::from_utf8(response.body.clone()) else {
            continue;
        };
        let settings = wit_settings(&fixture.settings);
        let context = wit::RequestContext {
            now_unix_ms: fixture.now_unix_ms,
            request_id: fixture.request_id.clone(),
        };
        let input = fixture.input.to_string();
        let mut store = Store::new(host.engine(), ());
        store.set_epoch_deadline(1_000);
        let connector =
            Connector::instantiate(&mut store, host.component(), &linker).expect("instantiates");
        let api = connector.aftership_connector_api();
        let bytes = api
            .call_parse_response(
                &mut store,
                &settings,
                &fixture.operation,
                &input,
                &wit::HttpResponse {
                    status: response.status,
                    headers: response.headers.clone(),
                    body: response.body.clone(),
                },
                &context,
            )
            .expect("no trap");
        let text = api
            .call_parse_response_text(
                &mut store,
                &settings,
                &fixture.operation,
                &input,
                response.status,
                &response.headers,
                &body_text,
                &context,
            )
            .expect("no trap");
        assert_eq!(
            format!("{text:?}"),
            format!("{bytes:?}"),
            "{}",
            path.display()
        );
        compared += 1;
    }
    assert!(
        compared >= 200,
        "only {compared} recorded responses compared"
    );
}
