//! The `base-url` grammar against a WHATWG URL parser (the `url` crate, the algorithm `fetch`,
//! undici, browsers, Deno and Workers use): every accepted base URL, with an API path after its
//! origin, is parsed back to exactly the same text, and the grammar refuses nothing the parser
//! keeps unchanged except what it refuses on purpose.

use std::net::Ipv6Addr;

use aftership_core::{build_request, validate_settings, ApiType, Settings};
use aftership_testkit::helpers::context;

/// Settings with this base URL, and whether they validate.
fn settings(base_url: &str) -> (Settings, bool) {
    let mut s = Settings::new("n", ApiType::Tracking, "k");
    s.base_url = Some(base_url.into());
    let errors = validate_settings(&s);
    assert!(
        errors.iter().all(|e| e.field == "base-url"),
        "{base_url}: {errors:?}"
    );
    (s, errors.is_empty())
}

/// Whether WHATWG parsing returns `url` unchanged.
fn whatwg_keeps(url: &str) -> bool {
    url::Url::parse(url).is_ok_and(|parsed| parsed.as_str() == url)
}

const PATH: &str = "/tracking/2026-07/trackings?x=1";

/// IPv6 addresses in several spellings: plain, zero-padded, uppercase, Rust's `Display`, the
/// parser's own, and each run of zero pieces compressed (ties and single zeros included).
fn ipv6_hosts() -> Vec<String> {
    let addresses = [
        "::",
        "::1",
        "1::",
        "1:0:0:2:0:0:3:4",
        "1:0:0:2:0:0:0:4",
        "1:0:2:3:4:5:6:7",
        "0:0:1:0:0:0:0:0",
        "::ffff:102:304",
        "::102:304",
        "2001:db8::1",
        "fe80::1:0:0:1",
        "abcd:ef01:2345:6789:abcd:ef01:2345:6789",
    ];
    let mut hosts = Vec::new();
    for text in addresses {
        let address: Ipv6Addr = text.parse().unwrap();
        let pieces = address.segments();
        let join = |f: &dyn Fn(u16) -> String| pieces.map(f).join(":");
        let canonical = url::Url::parse(&format!("http://[{text}]"))
            .unwrap()
            .host_str()
            .unwrap()
            .to_string();
        let mut spellings = vec![
            join(&|p| format!("{p:x}")),
            join(&|p| format!("{p:04x}")),
            join(&|p| format!("{p:X}")),
            address.to_string(),
            canonical.trim_matches(['[', ']']).to_string(),
            canonical
                .to_uppercase()
                .trim_matches(['[', ']'])
                .to_string(),
        ];
        for start in 0..8 {
            for end in start + 1..=8 {
                if pieces[start..end].iter().all(|p| *p == 0) {
                    let part = |r: &[u16]| r.iter().map(|p| format!("{p:x}")).collect::<Vec<_>>();
                    let (head, tail) = (part(&pieces[..start]), part(&pieces[end..]));
                    spellings.push(format!("{}::{}", head.join(":"), tail.join(":")));
                }
            }
        }
        hosts.extend(spellings.into_iter().map(|s| format!("[{s}]")));
    }
    for raw in [
        "[",
        "[::1",
        "[zz]",
        "[::1]x",
        "[1:2]",
        "[::ffff:1.2.3.4]",
        "[::1.2.3.4]",
        "[1::2::3]",
        "[:::]",
        "::1",
        "[::1]]",
    ] {
        hosts.push(raw.into());
    }
    hosts
}

/// Domain-like and number-like hosts.
fn named_hosts() -> Vec<String> {
    let mut hosts: Vec<String> = [
        "api.example.com",
        "API.Example.com",
        "api.EXAMPLE.com",
        "localhost",
        "h",
        "a-b.c",
        "-a.b-",
        "a--b.c",
        "example.com.",
        "a..b",
        ".a",
        "a.",
        ".",
        "",
        "xn--mnchen-3ya.de",
        "xn--abc-",
        "1.example",
        "example.1",
        "example.0x",
        "example.0x1f",
        "example.0x1g",
        "example.0X1f",
        "a.09",
        "0x7f.1",
        "0x",
        "1e3",
        "h_x",
        "h%41",
        "h]",
        "h[",
        "ex ample.com",
        "api-sandbox.x.io",
        "1.2.3.4.5",
        "0x1g.example",
    ]
    .map(String::from)
    .to_vec();
    hosts.push(format!("{}.com", "a".repeat(63)));
    hosts.push(format!("{}.com", "a".repeat(64)));
    hosts
}

/// Number-like hosts: one to four parts, decimal, octal, hex, out of range; some with a
/// trailing dot.
fn number_hosts() -> Vec<String> {
    let parts = ["0", "1", "01", "255", "256", "0x1f", "00", "4294967295"];
    let mut hosts = Vec::new();
    let mut dotted: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
    let mut last = dotted.clone();
    for _ in 1..4 {
        last = last
            .iter()
            .flat_map(|h| parts.iter().map(move |p| format!("{h}.{p}")))
            .collect();
        dotted.extend(last.iter().cloned());
    }
    for (i, host) in dotted.into_iter().enumerate() {
        if i % 7 == 0 {
            hosts.push(format!("{host}."));
        }
        hosts.push(host);
    }
    hosts
}

/// Every candidate: the hosts crossed with schemes, ports and trailing slashes (number-like
/// hosts take one combination each, picked by their index, to keep the corpus a few thousand).
fn corpus() -> Vec<String> {
    let schemes = ["https://", "http://", "HTTPS://", "Http://", "ftp://"];
    let ports = [
        "",
        ":",
        ":0",
        ":1",
        ":80",
        ":443",
        ":0443",
        ":080",
        ":8080",
        ":65535",
        ":65536",
        ":-1",
        ":99999999999",
        ":8o",
    ];
    let trailing = ["", "/", "//", "/v1", "?", "#"];
    let small_hosts: Vec<String> = named_hosts().into_iter().chain(ipv6_hosts()).collect();
    let mut out = Vec::new();
    for host in &small_hosts {
        for (i, scheme) in schemes.iter().enumerate() {
            for port in ports {
                out.push(format!(
                    "{scheme}{host}{port}{}",
                    trailing[i % trailing.len()]
                ));
            }
        }
    }
    for (i, host) in number_hosts().iter().enumerate() {
        let (scheme, port) = (schemes[i % 2], ports[(i / 2) % ports.len()]);
        out.push(format!("{scheme}{host}{port}{}", trailing[i % 3]));
    }
    out
}

#[test]
fn accepted_base_urls_survive_whatwg_parsing_unchanged() {
    let corpus = corpus();
    let (mut accepted, mut kept_but_refused) = (0, Vec::new());
    for candidate in &corpus {
        let (settings, ok) = settings(candidate);
        let url = format!("{}{PATH}", settings.origin());
        if ok {
            accepted += 1;
            assert!(
                whatwg_keeps(&url),
                "{candidate} accepted, but {url} changes"
            );
            let built = build_request(&settings, "tracking.list_trackings", "{}", &context())
                .unwrap_or_else(|e| panic!("{candidate}: {e}"));
            assert!(
                whatwg_keeps(&built.url),
                "{candidate}: {} changes",
                built.url
            );
            assert!(built.url.starts_with(settings.origin()), "{}", built.url);
        } else if whatwg_keeps(&url) && !refused_on_purpose(candidate) {
            kept_but_refused.push(candidate.as_str());
        }
    }
    println!("{} candidates, {accepted} accepted", corpus.len());
    assert!(corpus.len() >= 3000, "{} candidates", corpus.len());
    assert!(accepted >= 300, "only {accepted} accepted");
    assert!(
        kept_but_refused.is_empty(),
        "refused although WHATWG keeps them: {kept_but_refused:?}"
    );
}

/// Spellings a WHATWG parser keeps that the grammar refuses by design: port 0 (nothing listens
/// there); empty labels, `_` and labels over 63 bytes (not DNS host names); punycode labels (the
/// parser's IDNA check is not reproduced); anything after the authority (the connector adds the
/// API path).
fn refused_on_purpose(candidate: &str) -> bool {
    let authority = candidate.split_once("://").map_or("", |(_, rest)| rest);
    let authority = authority.trim_end_matches('/');
    let host = authority.split(':').next().unwrap_or_default();
    authority.ends_with(":0")
        || host.starts_with('.')
        || host.contains("..")
        || host.contains('_')
        || authority.contains("xn--")
        || authority.contains(&"a".repeat(64))
        || authority.contains(['/', '?', '#'])
}

#[test]
fn ordinary_base_urls_are_accepted() {
    for good in [
        "https://proxy.example.com",
        "http://127.0.0.1:8080",
        "https://[::1]:8443/",
        "https://h:65535",
        "https://api-sandbox.x.io",
        " https://proxy.example.com/ ",
        "https://example.com.",
    ] {
        assert!(settings(good).1, "{good} refused");
    }
}

#[test]
fn spellings_a_parser_rewrites_are_refused() {
    for bad in [
        "https://API.Example.com",
        "https://h:443",
        "http://h:80",
        "https://h:0443",
        "https://h:",
        "http://1.2.3",
        "http://0x7f.1",
        "http://01.2.3.4",
        "https://[::0:1]",
        "https://[::FFFF:1.2.3.4]",
        "http://1.2.3.4.",
    ] {
        assert!(!settings(bad).1, "{bad} accepted");
        assert!(!whatwg_keeps(&format!(
            "{}{PATH}",
            bad.trim_end_matches('/')
        )));
    }
}
