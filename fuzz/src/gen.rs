//! Generators: structured values drawn from fuzz bytes, biased towards the edges that matter
//! (dot segments, escapes, control characters, huge numbers, sentinel secrets).

use aftership_core::{
    all_operations, ApiType, AuthMode, BodySpec, Environment, OperationSpec, ParamKind, Secret,
    Settings,
};
use aftership_testkit::fixture::TEST_RSA_PRIVATE_KEY;
use aftership_testkit::inputs::fill_required;
use arbitrary::Unstructured;
use serde_json::{json, Map, Value};

/// Fuzz result type: running out of bytes just ends generation with defaults.
pub type R<T> = arbitrary::Result<T>;

/// Sentinel API key.
pub const API_KEY: &str = "SENTINEL-KEY-a1b2c3";
/// Sentinel AES secret (a MAC key: never sent).
pub const AES_SECRET: &str = "SENTINEL-AES-d4e5f6";
/// Sentinel OAuth access token.
pub const TOKEN: &str = "SENTINEL-TOK-0a9b8c";
/// Sentinel webhook / OAuth client secret.
pub const HOOK_SECRET: &str = "SENTINEL-WHK-7d6e5f";
/// Sentinel OAuth refresh token / authorization code.
pub const REFRESH: &str = "SENTINEL-RFT-4c3b2a";

/// A piece of the test RSA key's base64 body: must never appear in any output.
pub fn rsa_key_marker() -> &'static str {
    let line = TEST_RSA_PRIVATE_KEY.lines().nth(3).unwrap_or("");
    &line[..line.len().min(40)]
}

/// Secrets that may only appear in the header that carries them.
pub fn secret_markers() -> [&'static str; 6] {
    [
        API_KEY,
        AES_SECRET,
        TOKEN,
        HOOK_SECRET,
        REFRESH,
        rsa_key_marker(),
    ]
}

const TRICKY: &[&str] = &[
    "",
    " ",
    ".",
    "..",
    "...",
    "%2e",
    "%2E%2e",
    ".%2E",
    "%252e",
    "a/b",
    "../x",
    "a?b#c",
    "%",
    "%zz",
    "\\",
    "é漢",
    "\u{0}",
    "\r\n",
    "x\r\ny: 1",
    "\t",
    "true",
    "false",
    "null",
    "0",
    "-1",
    "1e308",
    "99999999999999999999",
    "2026-07-06T08:49:37Z",
    "a,b",
    "a b+c",
    "~",
    "@",
    ";",
    "=",
    "&",
    "x1",
    "ups",
    "usps",
    "fedex",
    "5b7658cec7c33c0e007de3c5",
    "page",
    "limit",
];

/// A short text: a tricky value, an arbitrary string, or a mix.
pub fn text(u: &mut Unstructured) -> R<String> {
    Ok(match u.int_in_range(0..=9u8)? {
        0..=4 => u.choose(TRICKY)?.to_string(),
        5..=7 => {
            let s: String = u.arbitrary()?;
            s.chars().take(64).collect()
        }
        8 => format!("{}{}", u.choose(TRICKY)?, u.choose(TRICKY)?),
        _ => "x".repeat(u.int_in_range(0..=3000usize)?),
    })
}

/// A JSON value of bounded depth.
pub fn json_value(u: &mut Unstructured, depth: u8) -> R<Value> {
    let pick = if depth == 0 {
        u.int_in_range(0..=4u8)?
    } else {
        u.int_in_range(0..=6u8)?
    };
    Ok(match pick {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => match u.int_in_range(0..=3u8)? {
            0 => json!(u.arbitrary::<i64>()?),
            1 => json!(u.arbitrary::<u64>()?),
            2 => json!(u.int_in_range(-3..=300i64)?),
            _ => serde_json::Number::from_f64(u.arbitrary()?).map_or(Value::Null, Value::Number),
        },
        3 | 4 => Value::String(text(u)?),
        5 => {
            let n = u.int_in_range(0..=4usize)?;
            Value::Array((0..n).map(|_| json_value(u, depth - 1)).collect::<R<_>>()?)
        }
        _ => {
            let n = u.int_in_range(0..=4usize)?;
            let mut map = Map::new();
            for _ in 0..n {
                map.insert(text(u)?, json_value(u, depth - 1)?);
            }
            Value::Object(map)
        }
    })
}

/// An operation from the catalog.
pub fn operation(u: &mut Unstructured) -> R<&'static OperationSpec> {
    let ops: Vec<&'static OperationSpec> = all_operations().collect();
    u.choose(&ops).copied()
}

/// A query value for a parameter: usually of the right kind, sometimes anything.
fn query_value(u: &mut Unstructured, kind: &ParamKind) -> R<Value> {
    if u.ratio(1, 5)? {
        return json_value(u, 1);
    }
    Ok(match kind {
        ParamKind::Enum(values) => json!(u.choose(values)?),
        ParamKind::Integer { min, max } => {
            let (min, max) = (*min, *max);
            match u.int_in_range(0..=3u8)? {
                0 => json!(min),
                1 => json!(max),
                2 => json!(u.int_in_range(min..=max)?),
                _ => json!(max.saturating_add(1)),
            }
        }
        ParamKind::Boolean => json!(u.arbitrary::<bool>()?),
        ParamKind::EnumList(values) => json!([u.choose(values)?]),
        ParamKind::CommaList | ParamKind::RepeatedArray => {
            let n = u.int_in_range(0..=3usize)?;
            Value::Array(
                (0..n)
                    .map(|_| text(u).map(Value::String))
                    .collect::<R<_>>()?,
            )
        }
        _ => Value::String(text(u)?),
    })
}

/// An input for `op`: mostly well-formed with edge values, sometimes broken.
pub fn input(u: &mut Unstructured, op: &OperationSpec) -> R<String> {
    if u.ratio(1, 12)? {
        let s: String = u.arbitrary()?;
        return Ok(s);
    }
    let mut map = Map::new();
    for name in op.path_params() {
        if u.ratio(19, 20)? {
            let value = if u.ratio(2, 3)? {
                json!("x1")
            } else if u.ratio(1, 8)? {
                json_value(u, 1)?
            } else {
                Value::String(text(u)?)
            };
            map.insert(name.to_string(), value);
        }
    }
    for param in op.query {
        if (param.required && u.ratio(19, 20)?) || u.ratio(1, 3)? {
            map.insert(param.name.to_string(), query_value(u, &param.kind)?);
        }
    }
    if let BodySpec::Json { shape, .. } = op.body {
        if u.ratio(9, 10)? {
            let mut body = json!({});
            if u.ratio(9, 10)? {
                for path in shape.required {
                    fill_required(&mut body, path);
                }
            }
            for _ in 0..u.int_in_range(0..=3u8)? {
                if let Some(map) = body.as_object_mut() {
                    map.insert(text(u)?, json_value(u, 2)?);
                }
            }
            map.insert("body".into(), body);
        }
    }
    if u.ratio(1, 30)? {
        map.insert(text(u)?, json_value(u, 1)?);
    }
    Ok(Value::Object(map).to_string())
}

/// Settings for `api_type` (mostly valid, sentinel credentials).
pub fn settings(u: &mut Unstructured, api_type: ApiType) -> R<Settings> {
    let api_type = if u.ratio(1, 20)? {
        *u.choose(&ApiType::ALL)?
    } else {
        api_type
    };
    let mut s = Settings::new("fuzz", api_type, API_KEY);
    s.environment = if api_type.has_sandbox() && u.ratio(1, 4)? {
        Environment::Sandbox
    } else {
        Environment::Production
    };
    s.auth_mode = match u.int_in_range(0..=199u8)? {
        0..=79 => AuthMode::ApiKey,
        80..=139 => AuthMode::AesSignature,
        140..=141 => AuthMode::RsaSignature,
        _ => AuthMode::OauthToken,
    };
    s.api_secret = match s.auth_mode {
        AuthMode::AesSignature => Some(Secret::new(AES_SECRET)),
        AuthMode::RsaSignature => Some(Secret::new(TEST_RSA_PRIVATE_KEY)),
        _ => None,
    };
    if s.auth_mode == AuthMode::OauthToken {
        s.access_token = Some(Secret::new(TOKEN));
        s.oauth_token_header = match u.int_in_range(0..=5u8)? {
            0 | 1 => None,
            2 => Some("x-auth".into()),
            3 => Some("Authorization".into()),
            4 => Some("X-Access-Token".into()),
            _ => Some(text(u)?),
        };
    }
    s.store_id = match u.int_in_range(0..=3u8)? {
        0 => None,
        1 | 2 => Some("store-1".into()),
        _ => Some(text(u)?),
    };
    if u.ratio(1, 6)? {
        s.base_url = Some(
            u.choose(&[
                "http://127.0.0.1:8080",
                "https://proxy.example.com/",
                "https://[::1]:8443",
                "https://H.Example.COM",
                "https://h:99999",
                "https://[",
                "https://h]",
                "ftp://x",
                "https://a@b",
            ])?
            .to_string(),
        );
    }
    Ok(s)
}

/// Settings where every field may be anything, credentials with sentinels inside.
pub fn wild_settings(u: &mut Unstructured) -> R<Settings> {
    let api_type = *u.choose(&ApiType::ALL)?;
    let mut s = settings(u, api_type)?;
    let wrap = |u: &mut Unstructured, sentinel: &str| -> R<String> {
        Ok(match u.int_in_range(0..=5u8)? {
            0 => sentinel.to_string(),
            1 => format!("{sentinel}\r\nx-evil: 1"),
            2 => format!(" {sentinel}"),
            3 => format!("{sentinel}{}", text(u)?),
            4 => sentinel.repeat(400),
            _ => text(u)?,
        })
    };
    s.name = text(u)?;
    if u.ratio(1, 2)? {
        s.api_key = Secret::new(wrap(u, API_KEY)?);
    }
    if u.ratio(1, 2)? {
        s.access_token = Some(Secret::new(wrap(u, TOKEN)?));
    }
    if u.ratio(1, 3)? {
        s.api_secret = Some(Secret::new(match u.int_in_range(0..=5u8)? {
            0 => wrap(u, AES_SECRET)?,
            // A damaged PEM: one byte of the body flipped (parsing fails fast).
            1 => {
                let mut key = TEST_RSA_PRIVATE_KEY.as_bytes().to_vec();
                let i = u.int_in_range(40..=key.len() - 40)?;
                key[i] = key[i].wrapping_add(1) | 0x20;
                String::from_utf8_lossy(&key).into_owned()
            }
            2 => "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----".into(),
            3 => "-----BEGIN RSA PRIVATE KEY-----\nMAA=\n-----END RSA PRIVATE KEY-----".into(),
            _ => wrap(u, AES_SECRET)?,
        }));
    }
    if u.ratio(1, 3)? {
        s.oauth_token_header = Some(text(u)?);
    }
    if u.ratio(1, 3)? {
        s.base_url = Some(format!("https://{}", text(u)?));
    }
    Ok(s)
}
