//! The `base-url` grammar: `http(s)://host[:port]` plus optional trailing `/`s, accepted only in
//! the form a WHATWG URL parser (the one `fetch` hosts use) serialises byte-for-byte unchanged.
//!
//! Requests go to [`Settings::origin`](super::Settings::origin) (the base URL without its
//! trailing `/`s) followed by the operation's path, so a host spelling the parser rewrites
//! (`API.Example.com`, `1.2.3`, `[::0:1]`, a default port) would send the request somewhere other
//! than the text the user sees and the connector signs. Each refusal says what to write instead.

use core::net::{Ipv4Addr, Ipv6Addr};
use std::borrow::Cow;

/// Why a base URL is refused (short, for the `base-url` field's error).
type Refusal = Cow<'static, str>;

/// Checks a trimmed, non-empty base URL.
pub(super) fn check_base_url(url: &str) -> Result<(), Refusal> {
    let (rest, default_port) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, "443")
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, "80")
    } else if starts_with_ignoring_case(url, "https://")
        || starts_with_ignoring_case(url, "http://")
    {
        return Err("write the scheme in lowercase (https:// or http://)".into());
    } else {
        return Err("must start with https:// or http://".into());
    };
    let authority = rest.trim_end_matches('/');
    if authority.is_empty() {
        return Err("must name a host".into());
    }
    if authority.contains(['/', '?', '#', '@', '\\']) {
        return Err(
            "scheme and host (and port) only: the API path is added by the connector".into(),
        );
    }
    if authority
        .bytes()
        .any(|b| !(b.is_ascii_alphanumeric() || b"-.:[]".contains(&b)))
    {
        return Err("the host contains characters a URL host cannot have".into());
    }
    let (host, port) = split_port(authority)?;
    if let Some(port) = port {
        check_port(port, default_port)?;
    }
    match host.strip_prefix('[') {
        Some(bracketed) => check_ipv6(bracketed.strip_suffix(']').unwrap_or(bracketed)),
        None => check_domain_or_ipv4(host),
    }
}

fn starts_with_ignoring_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
}

/// Host (an IPv6 one keeps its brackets) and the port text after `:`, if there is a `:`.
fn split_port(authority: &str) -> Result<(&str, Option<&str>), Refusal> {
    if authority.starts_with('[') {
        let end = authority
            .find(']')
            .ok_or("an IPv6 host needs its closing `]`")?;
        let (host, after) = authority.split_at(end + 1);
        return match after.strip_prefix(':') {
            Some(port) => Ok((host, Some(port))),
            None if after.is_empty() => Ok((host, None)),
            None => Err("only `:port` may follow the `]` of an IPv6 host".into()),
        };
    }
    match authority.split_once(':') {
        Some((_, port)) if port.contains(':') => {
            Err("an IPv6 host must be written in brackets, e.g. [::1]".into())
        }
        Some((host, port)) => Ok((host, Some(port))),
        None => Ok((authority, None)),
    }
}

/// A port is 1..=65535 in plain decimal and not the scheme's default (a URL parser drops it).
fn check_port(port: &str, default_port: &str) -> Result<(), Refusal> {
    if port.is_empty() {
        return Err("the port after `:` is empty: remove the `:` or write a port".into());
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the port must be a number from 1 to 65535".into());
    }
    let digits = port.trim_start_matches('0');
    if digits.len() > 5
        || !digits
            .parse::<u32>()
            .is_ok_and(|p| (1..=65535).contains(&p))
    {
        return Err("the port must be a number from 1 to 65535".into());
    }
    if digits.len() != port.len() {
        return Err(format!("write the port without leading zeros (:{digits})").into());
    }
    if port == default_port {
        return Err(format!(
            "{port} is the scheme's default port, which URL parsers drop: leave `:{port}` out"
        )
        .into());
    }
    Ok(())
}

/// The text inside `[...]` must parse as IPv6 and already be in the WHATWG serialisation.
fn check_ipv6(inside: &str) -> Result<(), Refusal> {
    if inside.contains('.') {
        return Err("write the IPv6 address in hex only, without an embedded IPv4 part".into());
    }
    let address: Ipv6Addr = inside
        .parse()
        .map_err(|_| "the host in brackets is not an IPv6 address")?;
    let canonical = whatwg_ipv6(&address);
    if canonical != inside {
        return Err(format!("write the IPv6 address as [{canonical}], as URL parsers do").into());
    }
    Ok(())
}

/// The WHATWG URL standard's IPv6 serializer: lowercase hex pieces without leading zeros, the
/// first longest run of two or more zero pieces compressed to `::`.
fn whatwg_ipv6(address: &Ipv6Addr) -> String {
    let pieces = address.segments();
    let (mut compress, mut longest, mut run) = (None, 1, 0);
    for (i, piece) in pieces.iter().enumerate() {
        run = if *piece == 0 { run + 1 } else { 0 };
        if run > longest {
            longest = run;
            compress = Some(i + 1 - run);
        }
    }
    let mut out = String::with_capacity(39);
    let mut ignore_zero = false;
    for (i, piece) in pieces.iter().enumerate() {
        if ignore_zero && *piece == 0 {
            continue;
        }
        ignore_zero = false;
        if compress == Some(i) {
            out.push_str(if i == 0 { "::" } else { ":" });
            ignore_zero = true;
            continue;
        }
        out.push_str(&format!("{piece:x}"));
        if i != 7 {
            out.push(':');
        }
    }
    out
}

/// A lowercase domain name, or a canonical dotted-quad IPv4 address.
fn check_domain_or_ipv4(host: &str) -> Result<(), Refusal> {
    if host.is_empty() {
        return Err("must name a host".into());
    }
    if host.contains(['[', ']']) {
        return Err("the host contains characters a URL host cannot have".into());
    }
    if host.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err("write the host in lowercase, as URL parsers do".into());
    }
    // One trailing dot is kept by URL parsers on a domain (`example.com.`) but dropped on an
    // IPv4 address, so the number rule looks at the last label before it.
    let name = host.strip_suffix('.').unwrap_or(host);
    let labels = || name.split('.');
    if labels().any(str::is_empty) {
        return Err("the host has an empty label (`..` or a leading `.`)".into());
    }
    if labels().next_back().is_some_and(is_ipv4_number) {
        // The WHATWG "ends in a number" rule: the whole host is read as an IPv4 address. The
        // standard library's parser takes exactly the spelling WHATWG keeps: four decimal parts
        // 0-255, no leading zeros.
        return if name.len() == host.len() && host.parse::<Ipv4Addr>().is_ok() {
            Ok(())
        } else {
            Err(
                "a host ending in a number is an IPv4 address: write it as four decimal \
                 numbers 0-255 without leading zeros or a trailing dot (e.g. 127.0.0.1)"
                    .into(),
            )
        };
    }
    if labels().any(|label| label.len() > 63) {
        return Err("a host label is longer than 63 characters".into());
    }
    if name.len() > 253 {
        return Err("the host is longer than 253 characters".into());
    }
    if labels().any(|label| label.starts_with("xn--")) {
        return Err("internationalised (xn--) host names are not supported".into());
    }
    Ok(())
}

/// Whether a label parses as a WHATWG IPv4 number: decimal digits, or `0x` and hex digits
/// (possibly none). Octal needs digits only, so the first case covers it.
fn is_ipv4_number(label: &str) -> bool {
    match label
        .strip_prefix("0x")
        .or_else(|| label.strip_prefix("0X"))
    {
        Some(hex) => hex.bytes().all(|b| b.is_ascii_hexdigit()),
        None => !label.is_empty() && label.bytes().all(|b| b.is_ascii_digit()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_defect_spelling_is_refused_with_what_to_write() {
        for (url, says) in [
            ("https://API.Example.com", "lowercase"),
            ("HTTPS://api.example.com", "scheme in lowercase"),
            ("https://h:443", "leave `:443` out"),
            ("http://h:80/", "leave `:80` out"),
            ("https://h:0443", "(:443)"),
            ("https://h:", "empty"),
            ("https://h:0", "1 to 65535"),
            ("https://h:65536", "1 to 65535"),
            ("https://h:0000000000000000000000080", "(:80)"),
            ("http://1.2.3", "IPv4"),
            ("http://0x7f.1", "IPv4"),
            ("http://01.2.3.4", "IPv4"),
            ("http://1.2.3.4.", "IPv4"),
            ("http://256.1.1.1", "IPv4"),
            ("http://example.0x", "IPv4"),
            ("http://2130706433", "IPv4"),
            ("https://[::0:1]", "[::1]"),
            ("https://[::FFFF:1.2.3.4]", "embedded IPv4"),
            ("https://[::ffff:102:304]:443", "leave `:443` out"),
            ("https://[0:0:0:0:0:0:0:1]", "[::1]"),
            ("https://[1:0:0:2:0:0:0:3]", "[1:0:0:2::3]"),
            ("https://[1::2:3:4:5:6:7]", "[1:0:2:3:4:5:6:7]"),
            ("https://[1::1]x", "only `:port`"),
            ("https://::1", "brackets"),
            ("https://a..b", "empty label"),
            ("https://.a", "empty label"),
            ("https://xn--mnchen-3ya.de", "xn--"),
            ("https://h/v1", "API path"),
            ("https://user@h", "API path"),
            ("https://h\\x", "API path"),
            ("https://h_x", "characters"),
        ] {
            let message = check_base_url(url).expect_err(url);
            assert!(message.contains(says), "{url}: {message}");
        }
        let long_label = format!("https://{}.com", "a".repeat(64));
        assert!(check_base_url(&long_label).is_err());
        let long_name = format!("https://{}com", "abcdefghi.".repeat(26));
        assert!(check_base_url(&long_name).is_err());
    }

    #[test]
    fn canonical_spellings_are_accepted() {
        for url in [
            "https://api.example.com",
            "https://example.com.",
            "http://localhost:3000",
            "http://h:443",
            "https://h:80",
            "http://0.0.0.0:1",
            "http://255.255.255.255",
            "https://1.example",
            "https://0x1g.example",
            "https://a-b--c-.example",
            "https://[::]",
            "https://[::1]:8443//",
            "https://[1:0:2:3:4:5:6:7]:1",
            "https://[1::2:0:0:3]",
            "https://[2001:db8::]",
            "https://[::ffff:102:304]",
        ] {
            assert_eq!(check_base_url(url), Ok(()), "{url}");
        }
        let longest = format!("https://{}.com", "a".repeat(63));
        assert_eq!(check_base_url(&longest), Ok(()));
        let longest = format!("https://{}com.", "abcdefghi.".repeat(25));
        assert_eq!(
            check_base_url(&longest),
            Ok(()),
            "253 bytes and a trailing dot"
        );
    }

    #[test]
    fn ipv6_serialisation_follows_the_whatwg_rules() {
        for (input, expected) in [
            ("0:0:0:0:0:0:0:0", "::"),
            ("1:0:2:0:3:0:4:0", "1:0:2:0:3:0:4:0"),
            ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
            ("1:0:0:2:0:0:0:4", "1:0:0:2::4"),
            ("ABCD:0:0:0:0:0:0:0", "abcd::"),
            ("0:0:0:0:0:0:0:1", "::1"),
            ("::ffff:1.2.3.4", "::ffff:102:304"),
        ] {
            let address: Ipv6Addr = input.parse().unwrap();
            assert_eq!(whatwg_ipv6(&address), expected, "{input}");
        }
    }
}
