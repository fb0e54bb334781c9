//! Words for a builder: member names and enum values as titles.

/// Words written in capitals in titles.
const ACRONYMS: &[&str] = &[
    "id", "url", "sku", "api", "rma", "edd", "aes", "rsa", "sms", "eta", "iso", "ups", "dhl",
    "usps", "utc", "vat", "eori", "ein", "ioss", "hs", "awb", "pdf", "zpl", "png", "qr", "ip",
    "uuid", "gtin", "upc", "ean", "mpn", "isbn",
];

/// A member name as a title: `order_id` -> "Order ID", `InTransit` -> "In transit".
pub fn humanize(name: &str) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if c == '_' || c == '-' || c == ' ' || c == '.' {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.push(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let plural_stem = lower
            .strip_suffix('s')
            .filter(|stem| ACRONYMS.contains(stem));
        if ACRONYMS.contains(&lower.as_str()) {
            out.push(lower.to_uppercase());
        } else if let Some(stem) = plural_stem {
            out.push(format!("{}s", stem.to_uppercase()));
        } else if word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit()) && word.len() > 1 {
            out.push(word.clone());
        } else if i == 0 {
            let mut chars = lower.chars();
            out.push(match chars.next() {
                Some(f) => f.to_uppercase().chain(chars).collect(),
                None => String::new(),
            });
        } else {
            out.push(lower);
        }
    }
    out.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_read_as_words() {
        assert_eq!(humanize("order_id"), "Order ID");
        assert_eq!(humanize("InTransit"), "In transit");
        assert_eq!(humanize("door_to_door"), "Door to door");
        assert_eq!(humanize("shipper_account_ids"), "Shipper account IDs");
        assert_eq!(humanize("tracking_url"), "Tracking URL");
        assert_eq!(humanize("SKU"), "SKU");
    }
}
